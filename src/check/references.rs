//! References that would make the template refer to itself in a circle
//! (E134): CloudFormation refuses such a template ("Circular dependency
//! between resources") and Terraform such a configuration ("Cycle").
//!
//! The graph is `dependencies::Declarations::written`: references that are
//! not literal and edges that configure their source or target. A circle of
//! these with a reference in it is reported at the reference; a circle of
//! edges alone is an event loop, which `graph` reports. (Access-edge
//! variables never close one: `dependencies` leaves them out, W122.)

use super::dependencies::{Arc, Declarations};
use crate::catalogue::{Catalogue, codes};
use crate::diagnostics::Diagnostic;
use crate::model::Model;

/// E134 for each circle of references between declarations.
pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    if model.references.is_empty() {
        return;
    }
    let graph = Declarations::written(model, catalogue).graph;
    // Each node's component and each component's size, then one pass over the arcs.
    let mut component_of = vec![0usize; graph.node_count()];
    let mut sizes = Vec::new();
    for (component, members) in petgraph::algo::tarjan_scc(&graph).into_iter().enumerate() {
        for member in &members {
            component_of[member.index()] = component;
        }
        sizes.push(members.len());
    }
    // The first reference (in source order) of each circle.
    let mut first: rustc_hash::FxHashMap<usize, usize> = rustc_hash::FxHashMap::default();
    for arc in graph.edge_indices() {
        let (Some((from, to)), Arc::Reference(index)) = (graph.edge_endpoints(arc), graph[arc])
        else {
            continue;
        };
        let component = component_of[from.index()];
        let circular = from == to
            || (component == component_of[to.index()] && sizes.get(component) > Some(&1));
        if circular {
            let entry = first.entry(component).or_insert(index);
            *entry = (*entry).min(index);
        }
    }
    let mut found: Vec<usize> = first.into_values().collect();
    found.sort_unstable();
    for index in found {
        let Some(reference) = model.references.get(index) else {
            continue;
        };
        let from = &model.resource(reference.from).name;
        let to = &model.resource(reference.to).name;
        let written = format!("{to}.{}", reference.attribute);
        diagnostics.push(catalogue.report(
            codes::REFERENCE_CYCLE,
            reference.span,
            &[("reference", &written), ("from", from), ("to", to)],
        ));
    }
}
