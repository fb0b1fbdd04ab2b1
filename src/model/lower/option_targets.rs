//! Channel options and declaration properties whose value names another
//! declaration (`kind: resource`, such as `dead-letter rule-dlq` or
//! `{ bus = orders }`): each names a declared resource (E105) of a
//! service the option takes (E150). Resolved once every chain is read, since a
//! declaration may follow the chain that names it.

use super::Lowering;
use crate::ast;
use crate::catalogue::{ValueKind, codes};
use crate::model::{OptionTarget, PropertyTarget, ResourceId};
use crate::suggest;

impl Lowering<'_> {
    /// Resolves every `kind: resource` option of every edge into
    /// `model.option_targets`, reporting the names that cannot stand.
    pub(super) fn resolve_option_targets(&mut self) {
        let mut resolved = Vec::new();
        let mut found = Vec::new();
        for edge in &self.model.edges {
            let source = self.model.resource(edge.from);
            let Some(channel) = self.catalogue.channel(&source.service, &edge.channel) else {
                continue;
            };
            for (option, value) in &edge.options {
                let Some(spec) = channel.options.get(option) else {
                    continue;
                };
                if spec.kind != ValueKind::Resource {
                    continue;
                }
                let Some(name) = value.values.first() else {
                    continue;
                };
                let to = match self.resolve_named(option, name, &spec.services) {
                    Ok(to) => to,
                    Err(diagnostic) => {
                        found.push(*diagnostic);
                        continue;
                    }
                };
                resolved.push(OptionTarget {
                    edge: edge.id,
                    option: option.clone(),
                    to,
                    span: name.span,
                });
            }
        }
        self.model.option_targets = resolved;
        self.diagnostics.extend(found);
    }

    /// Resolves every `kind: resource` property of every declaration
    /// (`events big-orders { bus = orders }`) into `model.property_targets`,
    /// as an option's: E105 for an undeclared name, E150 for another service.
    pub(super) fn resolve_property_targets(&mut self) {
        let mut resolved = Vec::new();
        let mut found = Vec::new();
        for resource in &self.model.resources {
            let Some(service) = self.catalogue.service(&resource.service) else {
                continue;
            };
            for (property, value) in &resource.properties {
                let Some(spec) = service.properties.get(property) else {
                    continue;
                };
                let (ValueKind::Resource, ast::Value::Word(name) | ast::Value::String(name)) =
                    (spec.kind, &value.value)
                else {
                    continue;
                };
                if spec.quoted_text && matches!(value.value, ast::Value::String(_)) {
                    continue;
                }
                match self.resolve_named(property, name, &spec.services) {
                    Ok(to) => resolved.push(PropertyTarget {
                        from: resource.id,
                        property: property.clone(),
                        to,
                        span: name.span,
                    }),
                    Err(diagnostic) => found.push(*diagnostic),
                }
            }
        }
        self.model.property_targets = resolved;
        self.diagnostics.extend(found);
    }

    /// The declaration `name` names, when it is one of `services`: E105 for a
    /// name nothing declares, E150 for a declaration of another service.
    fn resolve_named(
        &self,
        option: &str,
        name: &ast::Text,
        services: &[String],
    ) -> Result<ResourceId, Box<crate::diagnostics::Diagnostic>> {
        let Some(&to) = self.names.get(&name.text) else {
            return Err(Box::new(
                self.undeclared(option, &name.text, name.span, services),
            ));
        };
        let target = self.model.resource(to);
        if services.contains(&target.service) {
            return Ok(to);
        }
        let takes = services
            .iter()
            .map(|service| format!("`{service}`"))
            .collect::<Vec<_>>()
            .join(" or ");
        // The declaration the help suggests is of the first service the
        // option takes, named after the option (`eventbus orders-bus`).
        let declare = format!(
            "{} {}-{option}",
            services.first().map_or("sqs", String::as_str),
            name.text
        );
        Err(Box::new(self.catalogue.report(
            codes::OPTION_TARGET_SERVICE,
            name.span,
            &[
                ("option", option),
                ("name", &name.text),
                ("service", &target.service),
                ("takes", &takes),
                ("declare", &declare),
            ],
        )))
    }

    /// E105 for an option's name that nothing declares, with the closest
    /// declaration of a service the option takes.
    fn undeclared(
        &self,
        option: &str,
        name: &str,
        span: crate::source::Span,
        services: &[String],
    ) -> crate::diagnostics::Diagnostic {
        let declared: Vec<&str> = self
            .model
            .resources
            .iter()
            .filter(|resource| services.contains(&resource.service) && !resource.derived_name)
            .map(|resource| resource.name.as_str())
            .collect();
        let service = services.first().map_or("sqs", String::as_str);
        let hint = match suggest::closest(name, declared.iter().copied()) {
            Some(candidate) => format!("did you mean `{candidate}`?"),
            None => format!(
                "`{option}` names a declaration: declare it with its service on a line of its own (`{service} {name}`)."
            ),
        };
        let mut diagnostic = self.catalogue.report(
            codes::UNDECLARED_NAME,
            span,
            &[("name", name), ("hint", &hint)],
        );
        if let Some(suggestion) = suggest::replacement(name, span, declared.iter().copied()) {
            diagnostic = diagnostic.with_suggestion(suggestion);
        }
        diagnostic
    }
}
