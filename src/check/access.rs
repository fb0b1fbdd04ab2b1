//! Environment variables that access edges give a function (E120): two
//! targets, or a target and the function's own `environment`, that would set
//! one variable.
//!
//! The names come from the catalogue (`AccessSpec::variable`), the same
//! function the plan writes them with.

use crate::ast;
use crate::catalogue::{Catalogue, codes};
use crate::check::Environment;
use crate::diagnostics::Diagnostic;
use crate::model::{Model, ResourceId};
use crate::source::Span;
use rustc_hash::FxHashMap as HashMap;

/// Where a variable was first set: by an edge to a target, or by the user.
struct FirstSet {
    target: Option<ResourceId>,
    span: Span,
    /// Reported once already: a third setter adds nothing.
    reported: bool,
}

pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    // (source, variable) → where it was first set.
    let mut seen: HashMap<(ResourceId, String), FirstSet> = HashMap::default();
    for resource in &model.resources {
        let Some(property) = resource.properties.get("environment") else {
            continue;
        };
        if let ast::Value::Map(entries, _) = &property.value {
            for entry in entries {
                seen.entry((resource.id, entry.key.text.clone()))
                    .or_insert(FirstSet {
                        target: None,
                        span: entry.key.span,
                        reported: false,
                    });
            }
        }
    }
    let environment = Environment::of(model, catalogue);
    left_out(model, catalogue, &environment, diagnostics);
    for edge in &model.edges {
        let source = model.resource(edge.from);
        if !environment.gives(edge.id) {
            continue;
        }
        let target = model.resource(edge.to);
        let Some(access) = catalogue
            .service(&target.service)
            .and_then(|spec| spec.access.as_ref())
        else {
            continue;
        };
        for attribute in &access.variables {
            let variable = access.variable(&target.name, *attribute);
            match seen.get(&(edge.from, variable.clone())) {
                // The same target through another channel: the same value.
                Some(first) if first.target == Some(edge.to) || first.reported => {}
                Some(first) => {
                    let other = match first.target {
                        Some(_) => "also set by this edge",
                        None => "also set in `environment`",
                    };
                    let name = format!("{} `{}`", source.service, source.name);
                    diagnostics.push(
                        catalogue
                            .report(
                                codes::ENVIRONMENT_COLLISION,
                                edge.target_span,
                                &[("variable", &variable), ("source", &name)],
                            )
                            .with_label(first.span, other),
                    );
                    if let Some(first) = seen.get_mut(&(edge.from, variable)) {
                        first.reported = true;
                    }
                }
                None => {
                    seen.insert(
                        (edge.from, variable),
                        FirstSet {
                            target: Some(edge.to),
                            span: edge.target_span,
                            reported: false,
                        },
                    );
                }
            }
        }
    }
}

/// W122 for each access edge whose variables would close a circle.
fn left_out(
    model: &Model,
    catalogue: &Catalogue,
    environment: &Environment,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for left_out in &environment.left_out {
        let Some(edge) = model.edges.get(left_out.edge.0 as usize) else {
            continue;
        };
        let source = model.resource(edge.from);
        let target = model.resource(edge.to);
        let Some(access) = catalogue
            .service(&target.service)
            .and_then(|spec| spec.access.as_ref())
        else {
            continue;
        };
        let variables: Vec<String> = access
            .variables
            .iter()
            .map(|attribute| format!("`{}`", access.variable(&target.name, *attribute)))
            .collect();
        let function = format!("{} `{}`", source.service, source.name);
        diagnostics.push(catalogue.report(
            codes::ENVIRONMENT_CYCLE,
            edge.target_span,
            &[
                ("variables", &variables.join(", ")),
                ("source", &function),
                ("target", &target.name),
                ("chain", &left_out.chain(model)),
            ],
        ));
    }
}
