//! Which declaration's resources refer to which: the one graph behind E134
//! (references that close a circle) and W122 (access-edge variables left out
//! because they would close one).
//!
//! An arc `a → b` says that a resource of `a` names one of `b` (by `Ref`,
//! `Fn::GetAtt` or `Fn::Sub`), so `b` is created first. The arcs come from
//! references `NAME.attribute` that are not literal, from edges that configure
//! their source (a bucket's notification names its function) or their target,
//! and from the environment variables that access edges give a function.
//! References and configuration are what the user wrote and stay; of the
//! variables, taken in source order, each that would close a circle is left
//! out (the template would be refused: "Circular dependency between resources").

use super::edges::reconfigures_source;
use crate::catalogue::{AccessAttribute, Catalogue, Mechanism};
use crate::model::{Edge, EdgeId, Model, ResourceId};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use rustc_hash::FxHashSet;
use std::collections::VecDeque;

/// Why one declaration names another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arc {
    /// The reference `model.references[index]`.
    Reference(usize),
    /// An edge that writes one end into the other's configuration.
    Configures,
    /// The variables an access edge gives its function.
    Variables(EdgeId),
}

/// The declarations as nodes, one per resource, and the arcs between them.
pub(crate) struct Declarations {
    pub(crate) graph: DiGraph<ResourceId, Arc>,
    nodes: Vec<NodeIndex>,
}

impl Declarations {
    /// References and configuring edges: what the user wrote.
    pub(crate) fn written(model: &Model, catalogue: &Catalogue) -> Self {
        let mut graph: DiGraph<ResourceId, Arc> = DiGraph::new();
        let nodes: Vec<NodeIndex> = model
            .resources
            .iter()
            .map(|resource| graph.add_node(resource.id))
            .collect();
        let mut declarations = Declarations { graph, nodes };
        for (index, reference) in model.references.iter().enumerate() {
            let target = model.resource(reference.to);
            let literal = catalogue
                .service(&target.service)
                .and_then(|spec| spec.attributes.get(&reference.attribute))
                .is_none_or(|spec| spec.literal);
            if !literal && target.existing.is_none() {
                declarations.add(reference.from, reference.to, Arc::Reference(index));
            }
        }
        for edge in &model.edges {
            let source = model.resource(edge.from);
            let Some(channel) = catalogue.channel(&source.service, &edge.channel) else {
                continue;
            };
            if reconfigures_source(channel, source) {
                declarations.add(edge.from, edge.to, Arc::Configures);
            }
            if channel.configures_target {
                declarations.add(edge.to, edge.from, Arc::Configures);
            }
        }
        declarations
    }

    fn node(&self, id: ResourceId) -> Option<NodeIndex> {
        self.nodes.get(id.0 as usize).copied()
    }

    fn add(&mut self, from: ResourceId, to: ResourceId, arc: Arc) {
        if let (Some(from), Some(to)) = (self.node(from), self.node(to)) {
            self.graph.add_edge(from, to, arc);
        }
    }

    /// The declarations from `from` to `to` along arcs (both ends included),
    /// or `None` when `to` cannot be reached. Breadth first, over a work list.
    fn path(&self, from: ResourceId, to: ResourceId) -> Option<Vec<ResourceId>> {
        let (start, goal) = (self.node(from)?, self.node(to)?);
        let mut parent: Vec<Option<NodeIndex>> = vec![None; self.graph.node_count()];
        let mut seen = vec![false; self.graph.node_count()];
        seen[start.index()] = true;
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            if node == goal {
                let mut path = vec![self.graph[node]];
                let mut at = node;
                while let Some(previous) = parent[at.index()] {
                    path.push(self.graph[previous]);
                    at = previous;
                }
                path.reverse();
                return Some(path);
            }
            for arc in self.graph.edges(node) {
                let next = arc.target();
                if !seen[next.index()] {
                    seen[next.index()] = true;
                    parent[next.index()] = Some(node);
                    queue.push_back(next);
                }
            }
        }
        None
    }
}

/// An access edge whose variables are left out: its target already waits for
/// its function, through `through` (target first, function last).
#[derive(Debug, Clone)]
pub struct LeftOut {
    /// The access edge.
    pub edge: EdgeId,
    /// The declarations from the edge's target back to its source.
    pub through: Vec<ResourceId>,
}

impl LeftOut {
    /// `b → c → a`, by the user's names.
    #[must_use]
    pub fn chain(&self, model: &Model) -> String {
        self.through
            .iter()
            .map(|id| model.resource(*id).name.as_str())
            .collect::<Vec<_>>()
            .join(" → ")
    }
}

/// Which access edges give their function variables, and which are left out.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    given: FxHashSet<EdgeId>,
    /// The edges left out, in source order.
    pub left_out: Vec<LeftOut>,
}

impl Environment {
    /// Decides, in source order, for every access edge of the model.
    #[must_use]
    pub fn of(model: &Model, catalogue: &Catalogue) -> Self {
        let mut declarations = Declarations::written(model, catalogue);
        let mut environment = Environment::default();
        for edge in &model.edges {
            if !offers_environment(model, catalogue, edge) {
                continue;
            }
            if !names_target(model, catalogue, edge) {
                environment.given.insert(edge.id);
                continue;
            }
            if let Some(through) = declarations.path(edge.to, edge.from) {
                environment.left_out.push(LeftOut {
                    edge: edge.id,
                    through,
                });
            } else {
                environment.given.insert(edge.id);
                declarations.add(edge.from, edge.to, Arc::Variables(edge.id));
            }
        }
        environment
    }

    /// Whether `edge` gives its function the target's variables.
    #[must_use]
    pub fn gives(&self, edge: EdgeId) -> bool {
        self.given.contains(&edge)
    }
}

/// Whether `edge` would give its source variables, cycles aside: its channel
/// offers `env` (functions' do), the edge does not say `env false`, wirec
/// creates the source, and the source is not its own target (Lambda gives a
/// function its own name).
fn offers_environment(model: &Model, catalogue: &Catalogue, edge: &Edge) -> bool {
    let source = model.resource(edge.from);
    catalogue
        .channel(&source.service, &edge.channel)
        .is_some_and(|channel| {
            channel.mechanism == Mechanism::CodeAccess && channel.options.contains_key("env")
        })
        && edge
            .options
            .get("env")
            .is_none_or(|env| env.joined() != "false")
        && source.existing.is_none()
        && edge.from != edge.to
}

/// Whether one of the variables is a reference to the target (not written
/// literally, as a bucket's name and ARN are).
fn names_target(model: &Model, catalogue: &Catalogue, edge: &Edge) -> bool {
    let target = model.resource(edge.to);
    if target.existing.is_some() {
        return false;
    }
    let Some(spec) = catalogue.service(&target.service) else {
        return false;
    };
    spec.access.as_ref().is_some_and(|access| {
        access.variables.iter().any(|attribute| {
            let key = match attribute {
                AccessAttribute::Name => "name",
                AccessAttribute::Arn => "arn",
                AccessAttribute::Url => "url",
            };
            spec.attributes.get(key).is_none_or(|spec| !spec.literal)
        })
    })
}
