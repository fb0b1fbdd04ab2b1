//! Model → plan: primary resources first, then each edge's glue by mechanism,
//! then the whole-object configurations and merged policies.

use crate::ast;
use crate::catalogue::{Catalogue, ValueKind};
use crate::model::{Edge, Model, ResourceId};
use crate::plan::expr::{tag_list, text, value_expr};
use crate::plan::glue::Glue;
use crate::plan::iam::principal_expr;
use crate::plan::{Expr, Fields, Kind, Plan, logical_id, map};

/// Builds the plan of a model that passed `check`.
#[must_use]
pub fn build(model: &Model, catalogue: &Catalogue) -> Plan {
    let mut builder = Builder {
        cx: Cx {
            model,
            catalogue,
            handles: Vec::new(),
            environment: crate::check::Environment::of(model, catalogue),
            kinds: model
                .resources
                .iter()
                .map(|resource| super::services::kind(catalogue, resource))
                .collect(),
        },
        out: Glue::with_capacity(model.resources.len() * 4 + model.edges.len() * 2),
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

/// What services and mechanisms read and never change: the model, the
/// catalogue, and each declaration's handle (written once, in the first phase).
pub(super) struct Cx<'a> {
    pub(super) model: &'a Model,
    pub(super) catalogue: &'a Catalogue,
    pub(super) handles: Vec<Handle>,
    /// Which access edges give their function variables (W122 leaves some out).
    pub(super) environment: crate::check::Environment,
    /// Each model resource's kind ([`super::services::kind`]), found once.
    kinds: Vec<Option<Kind>>,
}

impl Cx<'_> {
    /// The physical name of an edge's own piece of configuration (a trigger, a
    /// notification rule): `source-to-target`, from the user's names.
    pub(super) fn edge_name(&self, edge: &Edge) -> String {
        format!(
            "{}-to-{}",
            self.model.resource(edge.from).name,
            self.model.resource(edge.to).name
        )
    }

    pub(super) fn handle(&self, id: ResourceId) -> &Handle {
        &self.handles[id.0 as usize]
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
        Some(value_expr(&property.value, &|written| {
            self.reference(written)
        }))
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
        self.kinds.get(id.0 as usize).copied().flatten()
    }
}

/// The builder: the read-only context beside the state the phases write.
pub(super) struct Builder<'a> {
    pub(super) cx: Cx<'a>,
    pub(super) out: Glue,
}

impl Builder<'_> {
    pub(super) fn parameters_and_primaries(&mut self) {
        // A reference reads the handle of the declaration it names, so that
        // one is created first; the others keep source order.
        let order = super::references::creation_order(self.cx.model);
        self.cx.handles = vec![
            Handle {
                logical: None,
                arn: text(""),
                name: text(""),
                role: None,
            };
            order.len()
        ];
        for id in order {
            let handle = self.primary(id);
            if let Some(slot) = self.cx.handles.get_mut(id.0 as usize) {
                *slot = handle;
            }
        }
    }

    pub(super) fn primary(&mut self, id: ResourceId) -> Handle {
        let resource = self.cx.model.resource(id);
        let Some(spec) = self.cx.catalogue.service(&resource.service) else {
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
            .cx
            .property(id, "tags")
            // A parameter's and an HTTP API's tags are a map, a group's say whether instances
            // get them, and a zone's are `HostedZoneTags`.
            .filter(|_| {
                !matches!(
                    self.cx.kind_of(id),
                    Some(
                        Kind::Parameter
                            | Kind::AutoScalingGroup
                            | Kind::HostedZone
                            | Kind::Instance
                            | Kind::Pipe
                            | Kind::HttpApi
                    )
                )
            })
            .map(|tags| tag_list(&tags));
        let creation = super::services::Creation {
            shared: &self.cx,
            id,
            resource,
            logical,
            origin,
            max,
            lowercase,
        };
        let Some(handle) = super::services::create(&creation, &mut self.out, &mut properties)
        else {
            return Handle {
                logical: None,
                arn: text(resource.name.clone()),
                name: text(resource.name.clone()),
                role: None,
            };
        };
        // A declaration that names what exists outside the stack (a
        // parameter without `value`) creates nothing.
        if handle.logical.is_none() {
            return handle;
        }
        // A given name goes in the property that carries it, unless the
        // service wrote it there itself (a bucket, a parameter). The property
        // is the primary type's: a declaration of the other type (a Config
        // recorder) is named by its service module.
        let primary_type = spec
            .resource
            .unless_property
            .as_ref()
            .is_none_or(|without| resource.properties.contains_key(&without.property));
        if let (Some(given), Some(key)) = (
            creation.given_name(),
            spec.physical_name
                .as_ref()
                .and_then(|naming| naming.property.clone()),
        ) && primary_type
            && !properties.contains_key(&key)
        {
            properties.insert(key, text(given));
        }
        let logical = creation.logical;
        if let Some(tags) = tags {
            properties.insert("Tags", tags);
        }
        // Every service that `create` knows has a kind.
        let kind = self.cx.kind_of(id).unwrap_or(Kind::Rule);
        // The raw blocks: CloudFormation's over what wirec wrote, Terraform's aside.
        let raw = |key: &str| match self.cx.property(id, key) {
            Some(Expr::Map(fields)) => fields,
            _ => Fields::new(),
        };
        let (raw_cloudformation, raw_terraform) = (raw("cloudformation"), raw("terraform"));
        let mut raw_keys = Vec::new();
        for (key, value) in raw_cloudformation {
            raw_keys.push(key.to_string());
            properties.insert(key, value);
        }
        let created = self.out.add(logical, kind, origin, properties);
        created.raw_cloudformation = raw_keys;
        created.raw_terraform = raw_terraform;
        handle
    }

    pub(super) fn edge(&mut self, edge: &Edge) {
        let catalogue = self.cx.catalogue;
        let Some(channel) =
            catalogue.channel(&self.cx.model.resource(edge.from).service, &edge.channel)
        else {
            return;
        };
        let source = self.cx.handle(edge.from);
        let target = self.cx.handle(edge.to);
        // Existing sources have no logical id; channels that would change them
        // were rejected by `check` (E208), so only self-contained glue remains.
        let source_logical = source.logical.clone().unwrap_or_default();
        let origin = edge.target_span;
        let from = self.cx.pascal(edge.from);
        let to = self.cx.pascal(edge.to);
        let target_service = self.cx.model.resource(edge.to).service.clone();
        let principal = channel
            .principal_to(&target_service)
            .map(|principal| principal_expr(principal));
        let conditions = channel
            .conditions_for
            .get(&target_service)
            .cloned()
            .unwrap_or_else(|| channel.conditions.clone());
        let unscoped = channel.unscoped_to(&target_service).cloned();
        let cx = super::mechanisms::EdgeCx {
            shared: &self.cx,
            edge,
            channel,
            source,
            target,
            source_logical,
            origin,
            from,
            to,
            target_service,
            source_kind: self.cx.kind_of(edge.from),
            target_kind: self.cx.kind_of(edge.to),
            principal,
            conditions,
            unscoped,
        };
        super::mechanisms::glue(&cx, &mut self.out);
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
