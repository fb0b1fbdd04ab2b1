//! Raw `cloudformation`/`terraform` blocks that set a property an edge of the
//! resource fills (E468): the backends write the edge's value over the raw
//! one, so one of the two would be lost without a word.

use crate::ast;
use crate::catalogue::{Catalogue, codes};
use crate::diagnostics::Diagnostic;
use crate::model::Model;

/// Reports each raw key that an edge leaving the same resource also writes,
/// once per key, labelled with the first such edge.
pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for resource in &model.resources {
        for backend in ["cloudformation", "terraform"] {
            let Some(block) = resource.properties.get(backend) else {
                continue;
            };
            let ast::Value::Map(entries, _) = &block.value else {
                continue;
            };
            for entry in entries {
                let filled_by = model
                    .edges
                    .iter()
                    .filter(|edge| edge.from == resource.id)
                    .find(|edge| {
                        catalogue
                            .channel(&resource.service, &edge.channel)
                            .is_some_and(|channel| {
                                let fills = match backend {
                                    "cloudformation" => &channel.fills.cloudformation,
                                    _ => &channel.fills.terraform,
                                };
                                fills.contains(&entry.key.text)
                            })
                    });
                let Some(edge) = filled_by else {
                    continue;
                };
                diagnostics.push(
                    catalogue
                        .report(
                            codes::RAW_PROPERTY_FILLED_BY_EDGE,
                            entry.key.span,
                            &[
                                ("property", &entry.key.text),
                                ("backend", backend),
                                ("service", &resource.service),
                                ("name", &resource.name),
                                ("channel", &edge.channel),
                            ],
                        )
                        .with_label(
                            edge.channel_span,
                            format!("this `{}` edge fills `{}`", edge.channel, entry.key.text),
                        ),
                );
            }
        }
    }
}
