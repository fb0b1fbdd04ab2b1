//! References `NAME.attribute` in property values: each names a declared
//! resource (E130) and an attribute its service has (E131), stands where a
//! value may be known only at deploy time (E132), and reads from an existing
//! resource only what its ARN gives (E133).

use super::Lowering;
use crate::ast;
use crate::catalogue::{AttributeSource, ValueKind, codes};
use crate::model::Reference;
use crate::suggest;

/// Every reference in a value, in source order (a work list, not recursion).
pub(super) fn references_in(value: &ast::Value) -> Vec<&ast::Reference> {
    let mut found = Vec::new();
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            ast::Value::Reference(reference) => found.push(reference),
            ast::Value::List(list) => pending.extend(list.items.iter().rev()),
            ast::Value::Map(properties, _) => {
                pending.extend(properties.iter().rev().map(|property| &property.value));
            }
            _ => {}
        }
    }
    found
}

impl Lowering<'_> {
    /// E132 for each reference in a parameter's default, which the template
    /// holds as a literal.
    pub(super) fn param_default_references(&mut self, param: &ast::Param) {
        let Some(default) = &param.default else {
            return;
        };
        for reference in references_in(default) {
            let written = reference.written();
            let what = format!("the default of the parameter `{}`", param.name.text);
            self.report(
                codes::REFERENCE_NOT_LITERAL,
                reference.span,
                &[("reference", &written), ("what", &what)],
            );
        }
    }

    /// Resolves the references of every declaration's properties into
    /// `model.references`, reporting those that cannot stand.
    pub(super) fn resolve_references(&mut self) {
        let mut resolved = Vec::new();
        let mut found = Vec::new();
        for resource in &self.model.resources {
            let Some(spec) = self.catalogue.service(&resource.service) else {
                continue;
            };
            for (key, property) in &resource.properties {
                let property_spec = spec.properties.get(key);
                // A word property's value is one of its words (E107 otherwise).
                if property_spec.is_some_and(|spec| spec.kind == ValueKind::Word) {
                    continue;
                }
                // A literal property is read while compiling.
                let literal = property_spec.is_some_and(|spec| spec.literal);
                for reference in references_in(&property.value) {
                    let written = reference.written();
                    if literal {
                        let what = format!("`{key}`, which wirec reads while compiling");
                        found.push(self.catalogue.report(
                            codes::REFERENCE_NOT_LITERAL,
                            reference.span,
                            &[("reference", &written), ("what", &what)],
                        ));
                        continue;
                    }
                    if let Err(diagnostic) = self.resolve(reference) {
                        found.push(*diagnostic);
                    }
                    // A reference that names a declaration uses it, even when
                    // its attribute is refused (W211 stays quiet).
                    if let Some(&to) = self.names.get(&reference.name.text) {
                        resolved.push(Reference {
                            from: resource.id,
                            to,
                            attribute: reference.attribute.text.clone(),
                            span: reference.span,
                        });
                    }
                }
            }
        }
        self.model.references = resolved;
        self.diagnostics.extend(found);
    }

    /// The resource a reference reads, or why it cannot.
    fn resolve(
        &self,
        reference: &ast::Reference,
    ) -> Result<(), Box<crate::diagnostics::Diagnostic>> {
        let name = &reference.name.text;
        let attribute = &reference.attribute.text;
        let Some(&to) = self.names.get(name) else {
            // Addresses are keyed `service:address`; they have no attributes.
            let declared: Vec<&str> = self
                .names
                .keys()
                .map(String::as_str)
                .filter(|name| !name.contains(':'))
                .collect();
            let hint = match suggest::closest(name, declared.iter().copied()) {
                Some(candidate) => format!("did you mean `{candidate}.{attribute}`?"),
                None => format!(
                    "declare it with its service (`sqs {name}`), or quote the value to mean the text \"{}\".",
                    reference.written()
                ),
            };
            let mut diagnostic = self.catalogue.report(
                codes::UNDECLARED_REFERENCE,
                reference.name.span,
                &[("name", name), ("hint", &hint)],
            );
            if let Some(suggestion) =
                suggest::replacement(name, reference.name.span, declared.iter().copied())
            {
                diagnostic = diagnostic.with_suggestion(suggestion);
            }
            return Err(Box::new(diagnostic));
        };
        let target = self.model.resource(to);
        let attributes = self
            .catalogue
            .service(&target.service)
            .map(|spec| &spec.attributes);
        let spec = attributes.and_then(|attributes| attributes.get(attribute));
        let Some(spec) = spec else {
            let names: Vec<&str> = attributes
                .map(|attributes| attributes.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let hint = suggest::hint(attribute, &names, "its attributes are");
            let owner = format!("`{}` declarations", target.service);
            let mut diagnostic = self.catalogue.report(
                codes::UNKNOWN_ATTRIBUTE,
                reference.attribute.span,
                &[("attribute", attribute), ("owner", &owner), ("hint", &hint)],
            );
            if let Some(suggestion) =
                suggest::replacement(attribute, reference.attribute.span, names.iter().copied())
            {
                diagnostic = diagnostic.with_suggestion(suggestion);
            }
            return Err(Box::new(diagnostic));
        };
        if target.existing.is_some()
            && spec.existing.is_none()
            && matches!(spec.from, AttributeSource::Ref | AttributeSource::Attribute)
        {
            return Err(Box::new(self.catalogue.report(
                codes::EXISTING_ATTRIBUTE,
                reference.span,
                &[("name", name), ("attribute", attribute)],
            )));
        }
        if let Some(channel) = &spec.requires_channel
            && target.existing.is_none()
            && !self
                .model
                .outgoing(to)
                .iter()
                .any(|edge| &edge.channel == channel)
        {
            let owner = format!("`{name}`");
            let hint = format!(
                "`{name}` has `{attribute}` once it has a `{channel}` edge (`{name} -> {channel} -> ...`)."
            );
            return Err(Box::new(self.catalogue.report(
                codes::UNKNOWN_ATTRIBUTE,
                reference.attribute.span,
                &[("attribute", attribute), ("owner", &owner), ("hint", &hint)],
            )));
        }
        Ok(())
    }
}
