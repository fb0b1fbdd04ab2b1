//! The wiring model: resources and edges resolved against the catalogue, held in
//! a petgraph graph behind typed ids.
//!
//! `lower` turns parsed files into a [`Model`] and reports name problems
//! (unknown services, channels, events and options, duplicates, undeclared
//! names). Iteration is always in source order, which keeps output deterministic.
//! **Invariant:** no petgraph type leaves this module.

mod lower;
mod options;
pub(crate) mod steps;
pub(crate) mod values;

pub use lower::lower;
pub use values::parse_window;

use crate::ast;
use crate::catalogue::schema::Map;
use crate::source::Span;
use petgraph::graph::{DiGraph, NodeIndex};

/// Index of a resource in [`Model::resources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceId(pub u32);

/// Index of an edge in [`Model::edges`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EdgeId(pub u32);

/// A resource: created by the template, or existing and referenced by ARN.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Its id.
    pub id: ResourceId,
    /// Service keyword.
    pub service: String,
    /// The user's name (for addresses: the address).
    pub name: String,
    /// Where the name (or the service word, for derived names) stands at first use.
    pub name_span: Span,
    /// The whole segment of the first use.
    pub span: Span,
    /// Whether wirec made the name up (`events on ...` without a name).
    pub derived_name: bool,
    /// Whether the name was written as a bare word, not a quoted string: an
    /// address's bare word names a parameter when one of that name is declared.
    pub bare_name: bool,
    /// Properties from the declaration block.
    pub properties: Map<PropertyValue>,
    /// Options written after the name (`schedule nightly "rate(1 day)"`).
    pub options: Map<OptionValue>,
    /// `= existing "arn"`.
    pub existing: Option<ast::Text>,
    /// Where the block or `existing` was declared.
    pub declared_at: Option<Span>,
}

/// A property from a block, with where its key stands.
#[derive(Debug, Clone)]
pub struct PropertyValue {
    /// The key's span.
    pub key_span: Span,
    /// The value as written.
    pub value: ast::Value,
}

/// How a queue or topic is encrypted with KMS (`kms-key`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySetting {
    /// wirec creates a customer managed key and writes its policy.
    Create,
    /// The AWS managed key (`alias/aws/...`), whose policy nobody can change.
    AwsManaged(String),
    /// A customer managed key that exists outside the template.
    Existing(String),
}

impl Resource {
    /// The account an existing resource's ARN names, when it names one as
    /// twelve digits: the template's own account is known only when it is
    /// deployed (`AWS::AccountId`), so this may be another's.
    #[must_use]
    pub fn existing_account(&self) -> Option<&str> {
        let arn = self.existing.as_ref()?;
        let account = arn.text.split(':').nth(4)?;
        (account.len() == 12 && account.bytes().all(|byte| byte.is_ascii_digit()))
            .then_some(account)
    }

    /// The resource's `kms-key` setting, if it has one.
    #[must_use]
    pub fn key_setting(&self) -> Option<KeySetting> {
        let property = self.properties.get("kms-key")?;
        let ast::Value::String(text) = &property.value else {
            return None;
        };
        let key = text.text.trim();
        Some(if key == "create" {
            KeySetting::Create
        } else if key.starts_with("alias/aws/") || key.contains(":alias/aws/") {
            KeySetting::AwsManaged(key.to_string())
        } else {
            KeySetting::Existing(key.to_string())
        })
    }
}

/// A channel option's value.
#[derive(Debug, Clone)]
pub struct OptionValue {
    /// Where the option (keyword and value) stands.
    pub span: Span,
    /// The words, strings and numbers given, in order.
    pub values: Vec<ast::Text>,
}

impl OptionValue {
    /// The values joined by spaces.
    #[must_use]
    pub fn joined(&self) -> String {
        self.values
            .iter()
            .map(|text| text.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One integration: a source's channel reaching a target.
#[derive(Debug, Clone)]
pub struct Edge {
    /// Its id.
    pub id: EdgeId,
    /// The sending resource.
    pub from: ResourceId,
    /// The receiving resource.
    pub to: ResourceId,
    /// The channel's name in the source's service.
    pub channel: String,
    /// Where the channel word stands (the arrow for implicit channels).
    pub channel_span: Span,
    /// Whether the channel was left out.
    pub implicit: bool,
    /// Where the target segment stands.
    pub target_span: Span,
    /// Chosen events (empty: the channel's defaults).
    pub events: Vec<ast::Text>,
    /// Branch patterns (`on push main, release/*`).
    pub branches: Vec<ast::Text>,
    /// Other options.
    pub options: Map<OptionValue>,
    /// Source span of the source segment's head, for help texts.
    pub source_span: Span,
}

/// A reference `NAME.attribute` in a declaration's property, resolved.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The declaration whose property holds it.
    pub from: ResourceId,
    /// The resource it names.
    pub to: ResourceId,
    /// The attribute it reads (`url`).
    pub attribute: String,
    /// Where it stands.
    pub span: Span,
}

/// A channel option that names another declaration (`dead-letter rule-dlq`:
/// a value of `kind: resource`), resolved.
#[derive(Debug, Clone)]
pub struct OptionTarget {
    /// The edge whose option it is.
    pub edge: EdgeId,
    /// The option's name (`dead-letter`).
    pub option: String,
    /// The resource it names.
    pub to: ResourceId,
    /// Where the name stands.
    pub span: Span,
}

/// A declaration property that names another declaration (`events big-orders
/// { bus = orders }`: a value of `kind: resource`), resolved.
#[derive(Debug, Clone)]
pub struct PropertyTarget {
    /// The declaration whose property it is.
    pub from: ResourceId,
    /// The property's name (`bus`).
    pub property: String,
    /// The resource it names.
    pub to: ResourceId,
    /// Where the name stands.
    pub span: Span,
}

/// A deploy-time parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Its name.
    pub name: ast::Text,
    /// Default value.
    pub default: Option<ast::Value>,
    /// `NoEcho`.
    pub secret: bool,
}

/// A resource's `code` property that names a folder or `.zip` in the project,
/// as the loader packaged it.
#[derive(Debug, Clone)]
pub struct FunctionCode {
    /// The resource whose code it is.
    pub resource: ResourceId,
    /// The path relative to the project's folder, `/`-separated (for the
    /// artifacts' manifest).
    pub path: String,
    /// The zip and its hash.
    pub package: crate::artifact::Package,
}

/// The resolved wiring of all files.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Resources in order of first use.
    pub resources: Vec<Resource>,
    /// Edges in source order.
    pub edges: Vec<Edge>,
    /// Parameters in source order.
    pub params: Vec<Param>,
    /// The target region, if the wiring names one.
    pub region: Option<ast::Text>,
    /// Every reference `NAME.attribute` in properties that names a
    /// declaration, in source order (the plan sees only valid ones).
    pub references: Vec<Reference>,
    /// Every channel option that names a declaration of a service it takes,
    /// in source order.
    pub option_targets: Vec<OptionTarget>,
    /// Every declaration property that names a declaration of a service it
    /// takes, in source order.
    pub property_targets: Vec<PropertyTarget>,
    /// Declared names → resources.
    names: rustc_hash::FxHashMap<String, ResourceId>,
    /// Function code from the repository, packaged by the loader (`code`
    /// properties that are paths), in source order.
    pub code: Vec<FunctionCode>,
    graph: DiGraph<ResourceId, EdgeId>,
    nodes: Vec<NodeIndex>,
}

impl Model {
    /// The parameter an address names (`email ops` with `param ops`): a bare
    /// word that a declared parameter has as its name.
    #[must_use]
    pub fn address_parameter(&self, resource: &Resource) -> Option<&Param> {
        if !resource.bare_name {
            return None;
        }
        self.params
            .iter()
            .find(|param| param.name.text == resource.name)
    }
    /// A resource by id.
    #[must_use]
    pub fn resource(&self, id: ResourceId) -> &Resource {
        &self.resources[id.0 as usize]
    }

    /// The declaration that the option `option` of `edge` names, if it names one.
    #[must_use]
    pub fn option_target(&self, edge: EdgeId, option: &str) -> Option<&OptionTarget> {
        self.option_targets
            .iter()
            .find(|target| target.edge == edge && target.option == option)
    }

    /// The declaration that the property `property` of `id` names, if it names one.
    #[must_use]
    pub fn property_target(&self, id: ResourceId, property: &str) -> Option<&PropertyTarget> {
        self.property_targets
            .iter()
            .find(|target| target.from == id && target.property == property)
    }

    /// The resource declared as `name`.
    #[must_use]
    pub fn named(&self, name: &str) -> Option<ResourceId> {
        self.names.get(name).copied()
    }

    /// Edges leaving `id`, in source order.
    #[must_use]
    pub fn outgoing(&self, id: ResourceId) -> Vec<&Edge> {
        let mut edges: Vec<&Edge> = match self.nodes.get(id.0 as usize) {
            Some(node) => self
                .graph
                .edges_directed(*node, petgraph::Direction::Outgoing)
                .map(|edge| &self.edges[edge.weight().0 as usize])
                .collect(),
            None => Vec::new(),
        };
        edges.sort_by_key(|edge| edge.id);
        edges
    }

    /// Edges arriving at `id`, in source order.
    #[must_use]
    pub fn incoming(&self, id: ResourceId) -> Vec<&Edge> {
        let mut edges: Vec<&Edge> = match self.nodes.get(id.0 as usize) {
            Some(node) => self
                .graph
                .edges_directed(*node, petgraph::Direction::Incoming)
                .map(|edge| &self.edges[edge.weight().0 as usize])
                .collect(),
            None => Vec::new(),
        };
        edges.sort_by_key(|edge| edge.id);
        edges
    }

    /// Groups of resources that reach each other through the edges that
    /// `counts` keeps (each group has more than one resource, or one with a
    /// kept edge to itself), in source order.
    #[must_use]
    pub fn cycles(&self, counts: impl Fn(&Edge) -> bool) -> Vec<Vec<ResourceId>> {
        let kept = petgraph::visit::EdgeFiltered::from_fn(&self.graph, |edge| {
            self.edges
                .get(edge.weight().0 as usize)
                .is_some_and(&counts)
        });
        let mut cycles: Vec<Vec<ResourceId>> = petgraph::algo::tarjan_scc(&kept)
            .into_iter()
            .filter(|component| {
                component.len() > 1
                    || component.first().is_some_and(|node| {
                        self.graph.edges_connecting(*node, *node).any(|edge| {
                            self.edges
                                .get(edge.weight().0 as usize)
                                .is_some_and(&counts)
                        })
                    })
            })
            .map(|component| {
                let mut ids: Vec<ResourceId> =
                    component.iter().map(|node| self.graph[*node]).collect();
                ids.sort();
                ids
            })
            .collect();
        cycles.sort();
        cycles
    }

    fn add_resource(&mut self, mut resource: Resource) -> ResourceId {
        let id = ResourceId(u32::try_from(self.resources.len()).unwrap_or(u32::MAX));
        resource.id = id;
        self.resources.push(resource);
        let node = self.graph.add_node(id);
        self.nodes.push(node);
        id
    }

    fn add_edge(&mut self, mut edge: Edge) -> EdgeId {
        let id = EdgeId(u32::try_from(self.edges.len()).unwrap_or(u32::MAX));
        edge.id = id;
        if let (Some(from), Some(to)) = (
            self.nodes.get(edge.from.0 as usize),
            self.nodes.get(edge.to.0 as usize),
        ) {
            self.graph.add_edge(*from, *to, id);
        }
        self.edges.push(edge);
        id
    }
}
