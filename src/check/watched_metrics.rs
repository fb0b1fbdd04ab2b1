//! An alarm's metric against the metrics of the resource it watches: where a
//! namespace holds several services' metrics (HTTP and REST APIs both
//! publish in `AWS/ApiGateway`, as `5xx` and `5XXError`), a metric of the
//! namespace may still be one the watched resource never publishes (W417).
//! The watched resources are the declarations its `dimensions` reference
//! (`dimensions = { ApiId = shop.id }`); a service without a `metrics` facet
//! in the catalogue is not checked.

use crate::ast;
use crate::catalogue::{Catalogue, codes};
use crate::diagnostics::{Diagnostic, Edit, Suggestion};
use crate::model::{Model, Resource};

pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for resource in &model.resources {
        let Some(ast::Value::String(metric)) = resource
            .properties
            .get("metric")
            .map(|property| &property.value)
        else {
            continue;
        };
        let Some((namespace, name)) = metric.text.trim().split_once(' ') else {
            continue;
        };
        let name = name.trim();
        for watched in watched(model, resource) {
            let Some(published) = catalogue
                .service(&watched.service)
                .and_then(|spec| spec.metrics.as_ref())
                .filter(|metrics| metrics.namespace == namespace)
            else {
                continue;
            };
            if published.names.iter().any(|known| known == name) {
                continue;
            }
            let listed: Vec<String> = published
                .names
                .iter()
                .map(|known| format!("`{known}`"))
                .collect();
            let mut diagnostic = catalogue
                .report(
                    codes::METRIC_NOT_PUBLISHED_BY_WATCHED,
                    metric.span,
                    &[
                        ("source", &resource.name),
                        ("metric", name),
                        ("watched", &watched.name),
                        ("service", &watched.service),
                        ("published", &listed.join(", ")),
                    ],
                )
                .with_note(format!("source: {}", published.source));
            let near = published
                .names
                .iter()
                .find(|known| known.eq_ignore_ascii_case(name))
                .map(String::as_str)
                .or_else(|| {
                    // Another API type's name for the same count: `5XXError` and `5xx`.
                    let lower = name.to_ascii_lowercase();
                    published
                        .names
                        .iter()
                        .find(|known| {
                            let known = known.to_ascii_lowercase();
                            lower.starts_with(&known) || known.starts_with(&lower)
                        })
                        .map(String::as_str)
                })
                .or_else(|| {
                    crate::suggest::closest(name, published.names.iter().map(String::as_str))
                });
            if let Some(near) = near {
                let replacement = format!("\"{namespace} {near}\"");
                diagnostic = diagnostic
                    .with_help(format!("did you mean `{near}`?"))
                    .with_suggestion(Suggestion {
                        title: format!("watch `{namespace} {near}`"),
                        edits: vec![Edit {
                            span: metric.span,
                            replacement,
                        }],
                    });
            }
            diagnostics.push(diagnostic);
            // One report per alarm: its dimensions name one resource.
            break;
        }
    }
}

/// The declarations that a resource's `dimensions` map references, in
/// source order.
fn watched<'m>(model: &'m Model, resource: &Resource) -> Vec<&'m Resource> {
    let Some(ast::Value::Map(entries, _)) = resource
        .properties
        .get("dimensions")
        .map(|property| &property.value)
    else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|entry| match &entry.value {
            ast::Value::Reference(reference) => model
                .references
                .iter()
                .find(|resolved| resolved.from == resource.id && resolved.span == reference.span)
                .map(|resolved| model.resource(resolved.to)),
            _ => None,
        })
        .collect()
}
