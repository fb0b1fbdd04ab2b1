//! Lowering: parsed files + catalogue → [`Model`] + name diagnostics.

mod chain;
mod option_targets;
mod references;

use super::options::{self, Accepts};
use super::{Edge, EdgeId, Model, Param, PropertyValue, Resource, ResourceId};
use crate::ast::{self, Argument, Entry, Item, Segment, Tail, Text};
use crate::catalogue::backend_schema::{Backend, type_schema};
use crate::catalogue::{Catalogue, NameKind, ServiceSpec, ValueKind, codes};
use crate::diagnostics::Diagnostic;
use crate::source::Span;
use crate::suggest;
use rustc_hash::FxHashMap as HashMap;

/// Resolves every chain of every file against the catalogue.
#[must_use]
pub fn lower(files: &[ast::File], catalogue: &Catalogue) -> (Model, Vec<Diagnostic>) {
    let mut lowering = Lowering {
        catalogue,
        model: Model::default(),
        diagnostics: Vec::new(),
        names: HashMap::default(),
        params: HashMap::default(),
        in_inline_clause: false,
    };
    for file in files {
        let inexact = super::values::inexact_numbers(file, catalogue);
        lowering.diagnostics.extend(inexact);
        for item in &file.items {
            match item {
                Item::Param(param) => lowering.param(param),
                Item::Region(region) => lowering.region(region),
                Item::Use(_) | Item::Chain(_) => {}
            }
        }
    }
    // Names declared with a service anywhere may be referenced bare anywhere, so
    // declarations are collected before any chain is walked.
    for file in files {
        for item in &file.items {
            if let Item::Chain(chain) = item {
                for segment in &chain.segments {
                    lowering.predeclare(segment);
                }
            }
        }
    }
    for file in files {
        for item in &file.items {
            if let Item::Chain(chain) = item {
                lowering.chain(chain);
            }
        }
    }
    lowering.check_properties();
    lowering.resolve_references();
    lowering.resolve_option_targets();
    lowering.resolve_property_targets();
    lowering.model.names = lowering.names;
    (lowering.model, lowering.diagnostics)
}

struct Lowering<'a> {
    catalogue: &'a Catalogue,
    model: Model,
    diagnostics: Vec<Diagnostic>,
    /// Resource names (and `service:address` for addresses) → resources.
    names: HashMap<String, ResourceId>,
    params: HashMap<String, usize>,
    /// Set while an inline clause's target is resolved, so that a clause is
    /// never read inside another (no recursion that input could deepen).
    in_inline_clause: bool,
}

/// A resolved endpoint of a chain.
#[derive(Clone, Copy)]
struct Endpoint {
    id: ResourceId,
    span: Span,
}

impl Lowering<'_> {
    /// Reports `code`, with a quick fix that replaces `word` by its closest candidate.
    fn report_replacing(
        &mut self,
        code: &str,
        span: Span,
        arguments: &[(&str, &str)],
        word: &str,
        candidates: &[&str],
    ) {
        let mut diagnostic = self.catalogue.report(code, span, arguments);
        if let Some(suggestion) = suggest::replacement(word, span, candidates.iter().copied()) {
            diagnostic = diagnostic.with_suggestion(suggestion);
        }
        self.diagnostics.push(diagnostic);
    }

    fn report(&mut self, code: &str, span: Span, arguments: &[(&str, &str)]) {
        let diagnostic = self.catalogue.report(code, span, arguments);
        self.diagnostics.push(diagnostic);
    }

    fn param(&mut self, param: &ast::Param) {
        if let Some(&index) = self.params.get(&param.name.text) {
            let earlier = self.model.params[index].name.span;
            let diagnostic = self
                .catalogue
                .report(
                    codes::DUPLICATE_DECLARATION,
                    param.name.span,
                    &[("name", &param.name.text)],
                )
                .with_label(earlier, "first declared here");
            self.diagnostics.push(diagnostic);
            return;
        }
        self.param_default_references(param);
        self.params
            .insert(param.name.text.clone(), self.model.params.len());
        self.model.params.push(Param {
            name: param.name.clone(),
            default: param.default.clone(),
            secret: param.secret,
        });
    }

    fn region(&mut self, region: &ast::Region) {
        if let Some(earlier) = &self.model.region {
            let diagnostic = self
                .catalogue
                .report(
                    codes::DUPLICATE_DECLARATION,
                    region.span,
                    &[("name", "region")],
                )
                .with_label(earlier.span, "first declared here");
            self.diagnostics.push(diagnostic);
            return;
        }
        if !is_region_name(&region.name.text) {
            let found = format!("\"{}\"", region.name.text);
            self.report(
                codes::INVALID_VALUE,
                region.name.span,
                &[
                    ("option", "region"),
                    ("expected", "a region name such as \"us-east-1\""),
                    ("found", &found),
                ],
            );
        }
        self.model.region = Some(region.name.clone());
    }

    /// Registers `service name` segments so bare names resolve in any order.
    fn predeclare(&mut self, segment: &Segment) {
        let Some(service) = self.catalogue.service(&segment.head.text) else {
            return;
        };
        let name = match (service.name, segment.arguments.first()) {
            (NameKind::Required, _) => segment_name(segment),
            // An optional name is a name only when it is not one of the service's option words.
            (NameKind::Optional, Some(Argument::Word(word)))
                if !service.options.contains_key(&word.text) =>
            {
                Some(word)
            }
            _ => None,
        };
        let Some(name) = name else {
            return;
        };
        let key = name_key(service, &name.text);
        if self
            .names
            .get(&key)
            .is_some_and(|&held| !self.holds_own_name(held))
            || (service.own_names && self.names.contains_key(&key))
            || self.params.contains_key(&name.text)
        {
            return;
        }
        let id = self.model.add_resource(Resource {
            id: ResourceId(0),
            service: service.service.clone(),
            name: name.text.clone(),
            name_span: name.span,
            span: segment.span,
            derived_name: false,
            bare_name: matches!(segment.arguments.first(), Some(Argument::Word(_))),
            properties: crate::catalogue::schema::Map::default(),
            options: crate::catalogue::schema::Map::default(),
            existing: None,
            declared_at: None,
        });
        if service.own_names {
            self.names.entry(name.text.clone()).or_insert(id);
        }
        self.names.insert(key, id);
    }

    /// Whether `id` is a declaration of a service whose names are its own,
    /// which a declaration of another service may share.
    fn holds_own_name(&self, id: ResourceId) -> bool {
        self.catalogue
            .service(&self.model.resource(id).service)
            .is_some_and(|spec| spec.own_names)
    }

    fn channel(&mut self, spec: &ServiceSpec, segment: &Segment) -> PendingChannel {
        let name = segment.head.text.clone();
        let parsed = match spec.channels.get(&name) {
            Some(channel) => {
                let accepts = Accepts {
                    owner: format!("the `{name}` channel of `{}`", spec.service),
                    options: &channel.options,
                    positional: channel.positional.as_deref(),
                    events: &channel.events,
                    branches: channel.branches,
                    channel: &name,
                    service: &spec.service,
                };
                let parsed = options::parse(
                    &segment.arguments,
                    &accepts,
                    self.catalogue,
                    &mut self.diagnostics,
                );
                if !channel.events.is_empty()
                    && channel.default_events.is_empty()
                    && parsed.on.is_none()
                {
                    let example = channel
                        .events
                        .first()
                        .map_or(String::new(), |event| format!("`on {}`", event.name));
                    let expected = format!("the events to deliver, e.g. {example}");
                    self.report(
                        codes::INVALID_VALUE,
                        segment.head.span,
                        &[
                            ("option", "on"),
                            ("expected", &expected),
                            ("found", "nothing"),
                        ],
                    );
                }
                parsed
            }
            None => options::Parsed::default(),
        };
        if let Some(tail) = &segment.tail {
            let span = match tail {
                Tail::Block(block) => block.span,
                Tail::Existing(text) => text.span,
            };
            let owner = format!("the `{name}` channel of `{}`", spec.service);
            self.report(codes::UNKNOWN_OPTION, span, &[
                ("option", "a block"),
                ("owner", &owner),
                ("hint", "channels take options on the same line; declare properties on the resource instead."),
            ]);
        }
        PendingChannel {
            name,
            span: segment.head.span,
            implicit: false,
            parsed,
        }
    }

    fn report_unknown_service(&mut self, head: &Text) {
        let names: Vec<&str> = self
            .catalogue
            .services()
            .map(|service| service.service.as_str())
            .collect();
        let hint = suggest::hint(&head.text, &names, "services are");
        self.report_replacing(
            codes::UNKNOWN_SERVICE,
            head.span,
            &[("name", &head.text), ("hint", &hint)],
            &head.text,
            &names,
        );
    }

    /// Resolves a segment whose head is not a service: a declared name, or
    /// a mistake reported with the closest name.
    fn named_endpoint(&mut self, segment: &Segment) -> Option<Endpoint> {
        let head = &segment.head;
        // A word with arguments after it was meant as a service; a bare word names a resource.
        if !segment.arguments.is_empty() {
            self.report_unknown_service(head);
            return None;
        }
        if let Some(&id) = self.names.get(&head.text) {
            if segment.tail.is_some() {
                self.declare_tail(id, segment);
            }
            return Some(Endpoint {
                id,
                span: segment.span,
            });
        }
        let names = std::mem::take(&mut self.names);
        let mut candidates: Vec<&str> = names.keys().map(String::as_str).collect();
        candidates.sort_unstable();
        let hint = match suggest::closest(&head.text, candidates.iter().copied()) {
            Some(candidate) => format!("did you mean `{candidate}`?"),
            None => format!(
                "declare it with its service first, e.g. `sns {}`.",
                head.text
            ),
        };
        self.report_replacing(
            codes::UNDECLARED_NAME,
            head.span,
            &[("name", &head.text), ("hint", &hint)],
            &head.text,
            &candidates,
        );
        drop(candidates);
        self.names = names;
        None
    }

    /// Resolves a segment that names a resource.
    fn endpoint(&mut self, segment: &Segment) -> Option<Endpoint> {
        let head = &segment.head;
        let catalogue = self.catalogue;
        let Some(spec) = catalogue.service(&head.text) else {
            return self.named_endpoint(segment);
        };
        let (name, derived, rest) = match spec.name {
            NameKind::Required | NameKind::Address => {
                if let Some(Argument::Word(text) | Argument::String(text)) =
                    segment.arguments.first()
                {
                    (text.clone(), false, &segment.arguments[1..])
                } else {
                    self.report(
                        codes::MISSING_NAME,
                        head.span,
                        &[("service", &spec.service)],
                    );
                    return None;
                }
            }
            NameKind::Optional => match segment.arguments.first() {
                Some(Argument::Word(text)) if !spec.options.contains_key(&text.text) => {
                    (text.clone(), false, &segment.arguments[1..])
                }
                _ => (
                    derive_name(&spec.service, &segment.arguments, head.span),
                    true,
                    &segment.arguments[..],
                ),
            },
        };
        let key = name_key(spec, &name.text);
        let shared = self
            .names
            .get(&key)
            .copied()
            .filter(|&held| !spec.own_names && self.holds_own_name(held));
        let id = if let Some(&id) = self.names.get(&key)
            && shared.is_none()
        {
            let existing = self.model.resource(id);
            if existing.service != spec.service {
                let diagnostic = self
                    .catalogue
                    .report(
                        codes::CONFLICTING_SERVICE,
                        name.span,
                        &[
                            ("name", &name.text),
                            ("service", &spec.service),
                            ("other", &existing.service),
                        ],
                    )
                    .with_label(
                        existing.name_span,
                        format!("`{}` is a `{}` here", name.text, existing.service),
                    );
                self.diagnostics.push(diagnostic);
                return None;
            }
            id
        } else {
            if !spec.own_names && self.params.contains_key(&key) {
                self.report(
                    codes::CONFLICTING_SERVICE,
                    name.span,
                    &[
                        ("name", &name.text),
                        ("service", &spec.service),
                        ("other", "param"),
                    ],
                );
                return None;
            }
            let id = self.model.add_resource(Resource {
                id: ResourceId(0),
                service: spec.service.clone(),
                name: name.text.clone(),
                name_span: name.span,
                span: segment.span,
                derived_name: derived,
                bare_name: !derived && matches!(segment.arguments.first(), Some(Argument::Word(_))),
                properties: crate::catalogue::schema::Map::default(),
                options: crate::catalogue::schema::Map::default(),
                existing: None,
                declared_at: None,
            });
            if spec.own_names {
                self.names.entry(name.text.clone()).or_insert(id);
            }
            self.names.insert(key, id);
            id
        };
        let (rest, inline) = self.split_inline(spec, rest);
        if !rest.is_empty() {
            let accepts = Accepts {
                owner: format!("`{}` resources", spec.service),
                options: &spec.options,
                positional: spec.positional.as_deref(),
                events: &[],
                branches: false,
                channel: "",
                service: &spec.service,
            };
            let parsed = options::parse(rest, &accepts, self.catalogue, &mut self.diagnostics);
            let resource = &mut self.model.resources[id.0 as usize];
            for (option, value) in parsed.options {
                resource.options.entry(option).or_insert(value);
            }
        }
        self.inline_clause(id, inline);
        if segment.tail.is_some() {
            self.declare_tail(id, segment);
        }
        Some(Endpoint {
            id,
            span: segment.span,
        })
    }

    /// `pipe NAME enrich lambda FUNCTION`: an inline channel's word after a
    /// resource's name starts a clause, as in a block; what comes before it
    /// are options. Returns the options and the clause.
    fn split_inline<'s>(
        &self,
        spec: &ServiceSpec,
        rest: &'s [Argument],
    ) -> (&'s [Argument], &'s [Argument]) {
        let at = if self.in_inline_clause {
            None
        } else {
            rest.iter().position(|argument| {
                matches!(argument, Argument::Word(word)
                    if spec.channels.get(&word.text).is_some_and(|channel| channel.inline))
            })
        };
        match at {
            Some(at) => rest.split_at(at),
            None => (rest, &[]),
        }
    }

    /// An inline clause's edge from the resource `id` (never one inside another).
    fn inline_clause(&mut self, id: ResourceId, inline: &[Argument]) {
        let Some((Argument::Word(head), arguments)) = inline.split_first() else {
            return;
        };
        let end = arguments.last().map_or(head.span, Argument::span);
        let clause = ast::Clause {
            head: head.clone(),
            arguments: arguments.to_vec(),
            span: head.span.to(end),
        };
        self.in_inline_clause = true;
        self.clause(id, &clause);
        self.in_inline_clause = false;
    }

    /// Applies a block or `existing` to a resource, once.
    fn declare_tail(&mut self, id: ResourceId, segment: &Segment) {
        let Some(tail) = &segment.tail else { return };
        let tail_span = match tail {
            Tail::Block(block) => block.span,
            Tail::Existing(text) => text.span,
        };
        let (name, declared_at) = {
            let resource = self.model.resource(id);
            (resource.name.clone(), resource.declared_at)
        };
        if let Some(earlier) = declared_at {
            let diagnostic = self
                .catalogue
                .report(codes::DUPLICATE_DECLARATION, tail_span, &[("name", &name)])
                .with_label(earlier, "first declared here");
            self.diagnostics.push(diagnostic);
            return;
        }
        self.model.resources[id.0 as usize].declared_at = Some(tail_span);
        match tail {
            Tail::Existing(arn) => {
                self.model.resources[id.0 as usize].existing = Some(arn.clone());
            }
            Tail::Block(block) => {
                for entry in &block.entries {
                    match entry {
                        Entry::Property(property) => {
                            let resource = &mut self.model.resources[id.0 as usize];
                            if let Some(previous) = resource.properties.get(&property.key.text) {
                                let earlier = previous.key_span;
                                let diagnostic = self
                                    .catalogue
                                    .report(
                                        codes::DUPLICATE_DECLARATION,
                                        property.key.span,
                                        &[("name", &property.key.text)],
                                    )
                                    .with_label(earlier, "first set here");
                                self.diagnostics.push(diagnostic);
                                continue;
                            }
                            resource.properties.insert(
                                property.key.text.clone(),
                                PropertyValue {
                                    key_span: property.key.span,
                                    value: property.value.clone(),
                                },
                            );
                        }
                        Entry::Clause(clause) => self.clause(id, clause),
                    }
                }
            }
        }
    }

    /// `subscribe email "ops@example.com"` inside a block: an edge from the
    /// declared resource through the clause's channel.
    fn clause(&mut self, id: ResourceId, clause: &ast::Clause) {
        let service = self.model.resource(id).service.clone();
        let Some(spec) = self.catalogue.service(&service) else {
            return;
        };
        if !spec.channels.contains_key(&clause.head.text) {
            let mut names: Vec<&str> = spec.properties.keys().map(String::as_str).collect();
            names.extend(spec.channels.keys().map(String::as_str));
            let hint = suggest::hint(&clause.head.text, &names, "it takes");
            let owner = format!("`{service}` declarations");
            self.report(
                codes::UNKNOWN_OPTION,
                clause.head.span,
                &[
                    ("option", &clause.head.text),
                    ("owner", &owner),
                    ("hint", &hint),
                ],
            );
            return;
        }
        let Some((Argument::Word(target_head), target_rest)) = clause.arguments.split_first()
        else {
            self.report(
                codes::DANGLING_CHANNEL,
                clause.span,
                &[("channel", &clause.head.text)],
            );
            return;
        };
        let start = target_head.span;
        let end = target_rest.last().map_or(start, Argument::span);
        let target = Segment {
            head: target_head.clone(),
            arguments: target_rest.to_vec(),
            tail: None,
            span: start.to(end),
        };
        let channel_segment = Segment {
            head: clause.head.clone(),
            arguments: Vec::new(),
            tail: None,
            span: clause.head.span,
        };
        // Addresses and derived names are not in the bare-name table; resolve the source directly.
        let pending = self.channel(spec, &channel_segment);
        if let Some(to) = self.endpoint(&target) {
            self.model.add_edge(Edge {
                id: EdgeId(0),
                from: id,
                to: to.id,
                channel: pending.name,
                channel_span: pending.span,
                implicit: false,
                target_span: to.span,
                events: pending.parsed.events,
                branches: pending.parsed.branches,
                options: pending.parsed.options,
                source_span: self.model.resource(id).name_span,
            });
        }
    }

    /// A `cloudformation = {...}` or `terraform = {...}` block: a map whose keys
    /// are properties of the service's resource type in that backend.
    fn raw_properties(
        &self,
        resource: &Resource,
        spec: &ServiceSpec,
        backend: Backend,
        property: &PropertyValue,
        found: &mut Vec<Diagnostic>,
    ) {
        // The declaration's own type: `config` without `rule` is the recorder.
        let types = spec
            .resource
            .of_declaration(|key| resource.properties.contains_key(key));
        let resource_type = match backend {
            Backend::CloudFormation => types.0,
            Backend::Terraform => types.1,
        };
        let ast::Value::Map(entries, _) = &property.value else {
            found.push(self.catalogue.report(
                codes::INVALID_VALUE,
                property.key_span,
                &[
                    ("option", backend.key()),
                    (
                        "expected",
                        "a map of the backend's own properties, `{ Name = value }`",
                    ),
                    ("found", "another kind of value"),
                ],
            ));
            return;
        };
        let schema = resource_type.and_then(|kind| type_schema(backend, kind));
        for entry in entries {
            let known = schema
                .is_some_and(|schema| schema.properties.iter().any(|name| name == &entry.key.text));
            if known {
                continue;
            }
            let kind = resource_type.unwrap_or("(none: wirec creates no resource for it)");
            let hint = match schema {
                Some(schema) => suggest::hint(
                    &entry.key.text,
                    &schema
                        .properties
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>(),
                    "its properties are",
                ),
                None => format!(
                    "`{}` declarations have no {} resource to set it on.",
                    resource.service,
                    backend.key()
                ),
            };
            found.push(self.catalogue.report(
                codes::UNKNOWN_BACKEND_PROPERTY,
                entry.key.span,
                &[
                    ("property", &entry.key.text),
                    ("backend", backend.key()),
                    ("type", kind),
                    ("hint", &hint),
                ],
            ));
        }
    }

    /// Where a credential's value would be readable, and how: written into the
    /// template, a parameter CloudFormation shows (not `secret`), or a secret
    /// parameter's default (which the template carries). `None` when it is a
    /// secret parameter without a default, or an undeclared name (E105).
    fn readable_credential(&self, value: &ast::Value) -> Option<(crate::source::Span, String)> {
        match value {
            ast::Value::String(text) => {
                Some((text.span, "written into the template as it is".to_string()))
            }
            ast::Value::Word(word) => {
                let param = self
                    .params
                    .get(&word.text)
                    .and_then(|index| self.model.params.get(*index))?;
                if !param.secret {
                    Some((
                        word.span,
                        format!(
                            "the parameter `{}` is not `secret`: the console and the API show its value",
                            word.text
                        ),
                    ))
                } else if param.default.is_some() {
                    Some((
                        word.span,
                        format!(
                            "the default of the parameter `{}` is written into the template",
                            word.text
                        ),
                    ))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Unknown properties, values of the wrong kind, undeclared parameter references.
    fn check_properties(&mut self) {
        let mut found = Vec::new();
        for resource in &self.model.resources {
            let Some(spec) = self.catalogue.service(&resource.service) else {
                continue;
            };
            for (key, property) in &resource.properties {
                let raw = Backend::from_key(key);
                if let Some(backend) = raw {
                    self.raw_properties(resource, spec, backend, property, &mut found);
                }
                let property_spec = spec.properties.get(key);
                if property_spec.is_none() && raw.is_none() {
                    let names: Vec<&str> = spec.properties.keys().map(String::as_str).collect();
                    let hint = if key == "name" {
                        unnamed_hint(spec, &resource.service)
                    } else {
                        suggest::hint(key, &names, "its properties are")
                    };
                    let owner = format!("`{}` declarations", resource.service);
                    found.push(self.catalogue.report(
                        codes::UNKNOWN_OPTION,
                        property.key_span,
                        &[("option", key), ("owner", &owner), ("hint", &hint)],
                    ));
                    continue;
                }
                if property_spec.is_some_and(|spec| spec.credential)
                    && let Some((span, reason)) = self.readable_credential(&property.value)
                {
                    found.push(self.catalogue.report(
                        codes::INLINE_CREDENTIAL,
                        span,
                        &[
                            ("property", key),
                            ("service", &resource.service),
                            ("name", &resource.name),
                            ("reason", &reason),
                        ],
                    ));
                }
                // Raw blocks take parameters anywhere, like any map.
                // A word that names a declaration is no parameter.
                let (is_word, literal) = property_spec.map_or((false, false), |spec| {
                    (
                        matches!(spec.kind, ValueKind::Word | ValueKind::Resource),
                        spec.literal,
                    )
                });
                let mut references = Vec::new();
                parameter_references(&property.value, is_word, &mut references);
                for word in references {
                    if literal {
                        let expected = "a literal value (wirec reads it while compiling, before any parameter has a value)";
                        let shown = format!("the parameter `{}`", word.text);
                        found.push(self.catalogue.report(
                            codes::INVALID_VALUE,
                            word.span,
                            &[("option", key), ("expected", expected), ("found", &shown)],
                        ));
                    } else if !self.params.contains_key(&word.text) {
                        let names: Vec<&str> = self.params.keys().map(String::as_str).collect();
                        let hint = match suggest::closest(&word.text, names.iter().copied()) {
                            Some(candidate) => format!("did you mean `{candidate}`?"),
                            None => format!(
                                "declare it with `param {}`, or quote the value.",
                                word.text
                            ),
                        };
                        found.push(self.catalogue.report(
                            codes::UNDECLARED_NAME,
                            word.span,
                            &[("name", &word.text), ("hint", &hint)],
                        ));
                    }
                }
                // Raw blocks were checked against the backend's schema above.
                let Some(property_spec) = property_spec else {
                    continue;
                };
                if matches!(property.value, ast::Value::Word(_))
                    && !matches!(property_spec.kind, ValueKind::Word | ValueKind::Map)
                {
                    continue;
                }
                // Quoted text where a bare word names a declaration: a name of its own.
                if property_spec.quoted_text && matches!(property.value, ast::Value::String(_)) {
                    continue;
                }
                if let Some(problem) = super::values::value_problem(
                    property_spec.kind,
                    &property_spec.values,
                    property_spec.min,
                    property_spec.max,
                    &property.value,
                ) {
                    found.push(self.catalogue.report(
                        codes::INVALID_VALUE,
                        property.value.span(),
                        &[
                            ("option", key),
                            ("expected", &problem.0),
                            ("found", &problem.1),
                        ],
                    ));
                }
            }
            if resource.existing.is_none() {
                for (key, property_spec) in &spec.properties {
                    if property_spec.required && !resource.properties.contains_key(key) {
                        found.push(self.catalogue.report(
                            codes::MISSING_PROPERTY,
                            resource.name_span,
                            &[
                                ("service", &resource.service),
                                ("name", &resource.name),
                                ("property", key),
                            ],
                        ));
                    }
                }
            }
        }
        self.diagnostics.extend(found);
    }
}

/// Bare words in a value, which name parameters (a `word` property's own value is not one).
fn parameter_references<'v>(value: &'v ast::Value, is_word_kind: bool, found: &mut Vec<&'v Text>) {
    match value {
        ast::Value::Word(word) if !is_word_kind => found.push(word),
        ast::Value::List(list) => {
            for item in &list.items {
                parameter_references(item, false, found);
            }
        }
        ast::Value::Map(properties, _) => {
            for property in properties {
                parameter_references(&property.value, false, found);
            }
        }
        _ => {}
    }
}

struct PendingChannel {
    name: String,
    span: Span,
    implicit: bool,
    parsed: options::Parsed,
}

fn segment_name(segment: &Segment) -> Option<&Text> {
    match segment.arguments.first() {
        Some(Argument::Word(text) | Argument::String(text)) => Some(text),
        _ => None,
    }
}

/// A stable name for an unnamed resource, from the words that define it
/// (`events on cloudtrail ec2 CreateImage` → `cloudtrail-ec2-createimage`).
fn derive_name(service: &str, arguments: &[Argument], span: Span) -> Text {
    let mut words = Vec::new();
    for argument in arguments {
        if let Argument::Word(text) | Argument::String(text) = argument {
            if text.text == "on" {
                continue;
            }
            let cleaned: String = text
                .text
                .chars()
                .map(|character| {
                    if character.is_ascii_alphanumeric() {
                        character.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect();
            words.push(cleaned.trim_matches('-').to_string());
        }
    }
    let joined = words
        .into_iter()
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    Text {
        text: if joined.is_empty() {
            service.to_string()
        } else {
            joined
        },
        span,
    }
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`: letters, dashes, a final number.
fn is_region_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1].iter().all(|part| {
            !part.is_empty() && part.chars().all(|character| character.is_ascii_lowercase())
        })
        && parts.last().is_some_and(|last| {
            !last.is_empty() && last.chars().all(|character| character.is_ascii_digit())
        })
}

/// Why `name = "..."` is refused on a service that does not take it.
fn unnamed_hint(spec: &ServiceSpec, service: &str) -> String {
    if spec.physical_name.is_some() {
        format!(
            "wirec names `{service}` resources after their declaration and takes no other physical name for them: rename the declaration."
        )
    } else {
        format!(
            "AWS gives `{service}` resources no name of your choosing, so they cannot be named."
        )
    }
}

/// The key under which a declaration's name is registered: an address, or
/// the name of a service whose names are its own, is `service:name`, so that
/// it may share its name with a declaration of another service.
fn name_key(spec: &ServiceSpec, name: &str) -> String {
    if spec.name == NameKind::Address || spec.own_names {
        format!("{}:{name}", spec.service)
    } else {
        name.to_string()
    }
}
