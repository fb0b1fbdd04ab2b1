//! Node services (an EventBridge pipe, `between` in its catalogue entry):
//! a declaration that wirec creates reads from exactly one source edge and
//! delivers through its implicit channel (E480 for a missing end, E481 for a
//! second source), its filters, its own and its source edge's, are at
//! most what Pipes takes (E486), and its source edge's batch size is at most
//! what its target takes (the catalogue's `between.batch`).

use crate::ast;
use crate::catalogue::schema::BatchLimits;
use crate::catalogue::{Catalogue, codes};
use crate::diagnostics::Diagnostic;
use crate::model::{Edge, Model, Resource};

/// The most filters a pipe's `FilterCriteria` holds (botocore pipes
/// 2015-10-07 `FilterList`, max 5).
const MAX_FILTERS: usize = 5;

pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for resource in &model.resources {
        let Some(spec) = catalogue.service(&resource.service) else {
            continue;
        };
        let Some(between) = &spec.between else {
            continue;
        };
        if resource.existing.is_some() {
            continue;
        }
        let incoming: Vec<_> = model
            .edges
            .iter()
            .filter(|edge| edge.to == resource.id)
            .collect();
        let delivers = model.edges.iter().any(|edge| {
            edge.from == resource.id
                && spec
                    .channels
                    .get(&edge.channel)
                    .is_some_and(|channel| channel.implicit)
        });
        for (end, missing) in [("source", incoming.is_empty()), ("target", !delivers)] {
            if missing {
                diagnostics.push(
                    catalogue
                        .report(
                            &between.missing,
                            resource.name_span,
                            &[("name", &resource.name), ("end", end)],
                        )
                        .with_note(format!("source: {}", between.source)),
                );
            }
        }
        if let [first, second, ..] = incoming.as_slice() {
            let first_source = model.resource(first.from);
            let second_source = model.resource(second.from);
            diagnostics.push(
                catalogue
                    .report(
                        &between.sources,
                        second.source_span,
                        &[
                            ("name", &resource.name),
                            ("first", &first_source.name),
                            ("source", &second_source.name),
                        ],
                    )
                    .with_label(first.source_span, "the pipe's source")
                    .with_note(format!("source: {}", between.source)),
            );
        }
        if let (Some(limits), Some(source_edge)) = (&between.batch, incoming.first()) {
            batch_above_target(model, catalogue, limits, resource, source_edge, diagnostics);
        }
        let own = resource.properties.get("filter").map_or(0, |property| {
            usize::from(matches!(property.value, ast::Value::String(_)))
        });
        let from_source = incoming
            .first()
            .and_then(|edge| edge.options.get("filter"))
            .map_or(0, |filter| filter.values.len());
        let count = own + from_source;
        if count > MAX_FILTERS {
            let count = count.to_string();
            diagnostics.push(catalogue.report(
                codes::PIPE_FILTERS,
                resource.name_span,
                &[("name", &resource.name), ("count", &count)],
            ));
        }
    }
}

/// The source edge's batch size against the largest batch the node's target
/// takes (per target service in the catalogue; one not listed takes any).
fn batch_above_target(
    model: &Model,
    catalogue: &Catalogue,
    limits: &BatchLimits,
    node: &Resource,
    source_edge: &Edge,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(batch) = source_edge.options.get(&limits.option) else {
        return;
    };
    let Ok(size) = batch.joined().parse::<u64>() else {
        return;
    };
    for edge in model.outgoing(node.id) {
        let target = model.resource(edge.to);
        let Some(&max) = limits.max.get(&target.service) else {
            continue;
        };
        if size > u64::from(max) {
            let (size, max) = (size.to_string(), max.to_string());
            diagnostics.push(
                catalogue
                    .report(
                        &limits.rule,
                        batch.span,
                        &[
                            ("name", &node.name),
                            ("target", &target.name),
                            ("target_service", &target.service),
                            ("size", &size),
                            ("max", &max),
                        ],
                    )
                    .with_label(edge.target_span, "the pipe's target")
                    .with_note(format!("source: {}", limits.source)),
            );
        }
    }
}
