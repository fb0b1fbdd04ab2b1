//! Model → plan: primary resources first, then each edge's glue by mechanism,
//! then the whole-object configurations and merged policies.

use crate::ast;
use crate::catalogue::{Catalogue, ChannelSpec, ValueKind};
use crate::model::{Edge, Model, ResourceId};
use crate::plan::expr::{list, tag_list, text, value_expr};
use crate::plan::glue::{ListBook, LogsPolicy, PolicyBook, RoleBook};
use crate::plan::iam::principal_expr;
use crate::plan::{Expr, Fields, Kind, Plan, Resource, logical_id, map};
use crate::source::Span;
use indexmap::IndexMap;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;
use std::rc::Rc;

/// Builds the plan of a model that passed `check`.
#[must_use]
pub fn build(model: &Model, catalogue: &Catalogue) -> Plan {
    let mut builder = Builder {
        model,
        catalogue,
        resources: Vec::new(),
        index: HashMap::with_capacity_and_hasher(
            model.resources.len() * 4 + model.edges.len() * 2,
            rustc_hash::FxBuildHasher,
        ),
        handles: Vec::new(),
        policies: PolicyBook::default(),
        logs_policy: LogsPolicy::default(),
        roles: RoleBook::default(),
        lists: ListBook::default(),
        stages: HashMap::default(),
        flink_properties: HashMap::default(),
        agent_files: IndexMap::new(),
    };
    builder.parameters_and_primaries();
    for edge in &model.edges {
        builder.edge(edge);
    }
    builder.finish()
}

/// How other resources refer to one model resource.
#[derive(Clone)]
pub(super) struct Handle {
    /// The primary resource's logical id (none for existing resources and addresses).
    pub(super) logical: Option<String>,
    pub(super) arn: Expr,
    /// The physical name, where one is needed (log groups, repositories).
    pub(super) name: Expr,
    /// The role that the resource runs as (functions, Firehose, deployment groups).
    pub(super) role: Option<String>,
}

impl Handle {
    /// A resource created in the template, with no role of its own.
    pub(super) fn created(logical: &str, arn: Expr, name: Expr) -> Handle {
        Handle {
            logical: Some(logical.to_string()),
            arn,
            name,
            role: None,
        }
    }
}

pub(super) struct Builder<'a> {
    pub(super) model: &'a Model,
    pub(super) catalogue: &'a Catalogue,
    pub(super) resources: Vec<Resource>,
    pub(super) index: HashMap<String, usize>,
    pub(super) handles: Vec<Rc<Handle>>,
    pub(super) policies: PolicyBook,
    pub(super) logs_policy: LogsPolicy,
    pub(super) roles: RoleBook,
    pub(super) lists: ListBook,
    /// A pipeline's stages after its source stage, in order: name → actions.
    pub(super) stages: HashMap<String, IndexMap<String, Vec<Expr>>>,
    /// A Flink application's runtime properties: its `environment` and the
    /// ARNs of the streams it reads.
    pub(super) flink_properties: HashMap<String, Fields>,
    /// The CloudWatch agent's configuration per instance or group: parameter
    /// logical id → (parameter name, origin, the files it collects).
    pub(super) agent_files: IndexMap<String, (String, Span, Vec<serde_json::Value>)>,
}

impl Builder<'_> {
    pub(super) fn add(
        &mut self,
        id: String,
        kind: Kind,
        origin: Span,
        properties: Fields,
    ) -> &mut Resource {
        let position = self.resources.len();
        self.resources.push(Resource {
            id: id.clone(),
            kind,
            properties,
            depends_on: BTreeSet::new(),
            origin,
            notes: Vec::new(),
            raw_cloudformation: Vec::new(),
            raw_terraform: Fields::new(),
        });
        self.index.insert(id, position);
        &mut self.resources[position]
    }

    /// The physical name of an edge's own piece of configuration (a trigger, a
    /// notification rule): `source-to-target`, from the user's names.
    pub(super) fn edge_name(&self, edge: &Edge) -> String {
        format!(
            "{}-to-{}",
            self.model.resource(edge.from).name,
            self.model.resource(edge.to).name
        )
    }

    /// `base`, or `base2`, `base3`, ... when edges that differ only in options
    /// would otherwise share an id (the first keeps the plain one).
    pub(super) fn unique_id(&self, base: String) -> String {
        if !self.index.contains_key(&base) {
            return base;
        }
        (2..u32::MAX)
            .map(|number| format!("{base}{number}"))
            .find(|candidate| !self.index.contains_key(candidate))
            .unwrap_or(base)
    }

    pub(super) fn resource_mut(&mut self, id: &str) -> Option<&mut Resource> {
        self.index
            .get(id)
            .copied()
            .map(|position| &mut self.resources[position])
    }

    pub(super) fn handle(&self, id: ResourceId) -> Rc<Handle> {
        Rc::clone(&self.handles[id.0 as usize])
    }

    pub(super) fn pascal(&self, id: ResourceId) -> String {
        logical_id(&self.model.resource(id).name, "")
    }

    /// A property's value; a bare word that is one of a word property's
    /// values is that text, any other bare word a parameter.
    pub(super) fn property(&self, id: ResourceId, key: &str) -> Option<Expr> {
        let resource = self.model.resource(id);
        let property = resource.properties.get(key)?;
        if let ast::Value::Word(word) = &property.value
            && self
                .catalogue
                .service(&resource.service)
                .and_then(|spec| spec.properties.get(key))
                .is_some_and(|spec| {
                    spec.kind == ValueKind::Word && spec.values.contains(&word.text)
                })
        {
            return Some(text(word.text.clone()));
        }
        Some(value_expr(&property.value))
    }

    /// A property's value when it is literal text (a string, or a word property's value).
    pub(super) fn text_property(&self, id: ResourceId, key: &str) -> Option<String> {
        match self.property(id, key) {
            Some(Expr::Text(value)) => Some(value.into_owned()),
            _ => None,
        }
    }

    /// Sets each backend property from the declaration's property of the same
    /// meaning, where the declaration sets it.
    pub(super) fn copy_properties(
        &self,
        id: ResourceId,
        properties: &mut Fields,
        pairs: &[(&str, &'static str)],
    ) {
        for (key, property) in pairs {
            if let Some(value) = self.property(id, key) {
                properties.insert(*property, value);
            }
        }
    }

    /// The kind of a model resource's primary resource (also of an existing
    /// one), which mechanisms decide their glue by.
    pub(super) fn kind_of(&self, id: ResourceId) -> Option<Kind> {
        super::services::kind(self.model.resource(id))
    }

    pub(super) fn parameters_and_primaries(&mut self) {
        for resource in &self.model.resources {
            let handle = self.primary(resource.id);
            self.handles.push(Rc::new(handle));
        }
    }

    /// A role trusted by `principal`, with `statements` in one inline policy.
    pub(super) fn role(
        &mut self,
        id: &str,
        origin: Span,
        principal: Expr,
        trust_conditions: Option<Expr>,
        statements: Vec<Expr>,
    ) {
        let mut trust = Fields::new();
        trust.insert("Effect", text("Allow"));
        trust.insert("Principal", map([("Service", principal)]));
        trust.insert("Action", text("sts:AssumeRole"));
        if let Some(conditions) = trust_conditions {
            trust.insert("Condition", conditions);
        }
        let mut properties = Fields::new();
        properties.insert(
            "AssumeRolePolicyDocument",
            map([
                ("Version", text("2012-10-17")),
                ("Statement", list(vec![Expr::Map(trust)])),
            ]),
        );
        self.add(id.to_string(), Kind::Role, origin, properties);
        self.roles.of(id.to_string()).extend(statements);
    }

    pub(super) fn primary(&mut self, id: ResourceId) -> Handle {
        let resource = self.model.resource(id);
        let Some(spec) = self.catalogue.service(&resource.service) else {
            return Handle {
                logical: None,
                arn: text(""),
                name: text(""),
                role: None,
            };
        };
        if let Some(existing) = &resource.existing {
            let arn = existing.text.clone();
            let name = match arn.split_once(":log-group:") {
                // Log group names contain slashes: take everything after `log-group:`.
                Some((_, rest)) => rest.trim_end_matches(":*").to_string(),
                None => arn
                    .rsplit([':', '/'])
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            };
            return Handle {
                logical: None,
                arn: text(arn),
                name: text(name),
                role: None,
            };
        }
        let logical = logical_id(&resource.name, &spec.logical_suffix);
        let origin = resource.span;
        let (max, lowercase) = spec
            .physical_name
            .as_ref()
            .map_or((255, false), |name| (name.max_length, name.lowercase));
        let mut properties: Fields = Fields::new();
        let tags = self
            .property(id, "tags")
            // A parameter's tags are a map, a group's say whether instances
            // get them, and a zone's are `HostedZoneTags`.
            .filter(|_| {
                !matches!(
                    super::services::kind(resource),
                    Some(
                        Kind::Parameter
                            | Kind::AutoScalingGroup
                            | Kind::HostedZone
                            | Kind::Instance
                    )
                )
            })
            .map(|tags| tag_list(&tags));
        let creation = super::services::Creation {
            id,
            resource,
            logical,
            origin,
            max,
            lowercase,
        };
        let Some(handle) = super::services::create(self, &creation, &mut properties) else {
            return Handle {
                logical: None,
                arn: text(resource.name.clone()),
                name: text(resource.name.clone()),
                role: None,
            };
        };
        let logical = creation.logical;
        if let Some(tags) = tags {
            properties.insert("Tags", tags);
        }
        // Every service that `create` knows has a kind.
        let kind = super::services::kind(resource).unwrap_or(Kind::Rule);
        // The raw blocks: CloudFormation's over what wirec wrote, Terraform's aside.
        let raw = |key: &str| match self.property(id, key) {
            Some(Expr::Map(fields)) => fields,
            _ => Fields::new(),
        };
        let (raw_cloudformation, raw_terraform) = (raw("cloudformation"), raw("terraform"));
        let mut raw_keys = Vec::new();
        for (key, value) in raw_cloudformation {
            raw_keys.push(key.to_string());
            properties.insert(key, value);
        }
        let created = self.add(logical, kind, origin, properties);
        created.raw_cloudformation = raw_keys;
        created.raw_terraform = raw_terraform;
        handle
    }

    /// The event values chosen on an edge (or the channel's defaults).
    pub(super) fn event_values(edge: &Edge, channel: &ChannelSpec) -> Vec<String> {
        let names: Vec<String> = if edge.events.is_empty() {
            channel.default_events.clone()
        } else {
            edge.events.iter().map(|event| event.text.clone()).collect()
        };
        let mut values = Vec::new();
        for name in names {
            if let Some(event) = channel.events.iter().find(|event| event.name == name) {
                for value in &event.value {
                    if !values.contains(value) {
                        values.push(value.clone());
                    }
                }
            }
        }
        values
    }

    pub(super) fn push_list(&mut self, logical: &str, key: &str, item: Expr) {
        self.lists.push(logical, key, item);
    }

    pub(super) fn edge(&mut self, edge: &Edge) {
        let catalogue = self.catalogue;
        let Some(channel) =
            catalogue.channel(&self.model.resource(edge.from).service, &edge.channel)
        else {
            return;
        };
        let source = self.handle(edge.from);
        let target = self.handle(edge.to);
        // Existing sources have no logical id; channels that would change them
        // were rejected by `check` (E208), so only self-contained glue remains.
        let source_logical = source.logical.clone().unwrap_or_default();
        let origin = edge.target_span;
        let from = self.pascal(edge.from);
        let to = self.pascal(edge.to);
        let target_service = self.model.resource(edge.to).service.clone();
        let principal = channel
            .principal_for
            .get(&target_service)
            .or(channel.principal.as_ref())
            .map(|principal| principal_expr(principal));
        let conditions = channel
            .conditions_for
            .get(&target_service)
            .cloned()
            .unwrap_or_else(|| channel.conditions.clone());
        let cx = super::mechanisms::EdgeCx {
            edge,
            channel,
            source,
            target,
            source_logical,
            origin,
            from,
            to,
            target_service,
            source_kind: self.kind_of(edge.from),
            target_kind: self.kind_of(edge.to),
            principal,
            conditions,
        };
        super::mechanisms::glue(self, &cx);
    }

    pub(super) fn depend(&mut self, id: &str, dependency: Option<String>) {
        if let Some(dependency) = dependency
            && let Some(resource) = self.resource_mut(id)
            && resource.id != dependency
        {
            resource.depends_on.insert(dependency);
        }
    }
}

/// Every bucket wirec creates blocks public access.
pub(super) fn public_access_blocked() -> Expr {
    map([
        ("BlockPublicAcls", Expr::Bool(true)),
        ("BlockPublicPolicy", Expr::Bool(true)),
        ("IgnorePublicAcls", Expr::Bool(true)),
        ("RestrictPublicBuckets", Expr::Bool(true)),
    ])
}
