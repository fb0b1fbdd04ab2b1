//! References that would make the template refer to itself in a circle
//! (E134): CloudFormation refuses such a template ("Circular dependency
//! between resources") and Terraform such a configuration ("Cycle").
//!
//! A declaration's primary resource refers to another through a reference
//! `NAME.attribute` that is not literal, and through an edge that configures
//! its source (a bucket's notification names its function) or its target. A
//! circle of these with a reference in it is reported at the reference; a
//! circle of edges alone is an event loop, which `graph` reports.

use super::edges::reconfigures_source;
use crate::catalogue::{Catalogue, codes};
use crate::diagnostics::Diagnostic;
use crate::model::{Model, ResourceId};
use petgraph::graph::{DiGraph, NodeIndex};

/// E134 for each circle of references between declarations.
pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    if model.references.is_empty() {
        return;
    }
    let mut graph: DiGraph<ResourceId, Option<usize>> = DiGraph::new();
    let nodes: Vec<NodeIndex> = model
        .resources
        .iter()
        .map(|resource| graph.add_node(resource.id))
        .collect();
    let node = |id: ResourceId| nodes.get(id.0 as usize).copied();
    for (index, reference) in model.references.iter().enumerate() {
        let target = model.resource(reference.to);
        let literal = catalogue
            .service(&target.service)
            .and_then(|spec| spec.attributes.get(&reference.attribute))
            .is_none_or(|spec| spec.literal);
        if literal || target.existing.is_some() {
            continue;
        }
        if let (Some(from), Some(to)) = (node(reference.from), node(reference.to)) {
            graph.add_edge(from, to, Some(index));
        }
    }
    for edge in &model.edges {
        let source = model.resource(edge.from);
        let Some(channel) = catalogue.channel(&source.service, &edge.channel) else {
            continue;
        };
        let (Some(from), Some(to)) = (node(edge.from), node(edge.to)) else {
            continue;
        };
        if reconfigures_source(channel, source) {
            graph.add_edge(from, to, None);
        }
        if channel.configures_target {
            graph.add_edge(to, from, None);
        }
    }
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
        let (Some((from, to)), Some(index)) = (graph.edge_endpoints(arc), graph[arc]) else {
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
