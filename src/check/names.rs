//! Physical names: a name given by `name = "..."` held to its service's rules
//! (E135), two resources with one physical name where AWS wants them to differ
//! (E136, given names and the ones wirec derives alike), and raw blocks that
//! set the name behind wirec's back, so that the policies would name another
//! resource (E137).

use crate::ast;
use crate::catalogue::schema::{PhysicalName, ServiceSpec};
use crate::catalogue::{Catalogue, codes};
use crate::diagnostics::Diagnostic;
use crate::model::{Model, Resource};
use crate::plan::{Kind, derived_name};
use crate::source::Span;
use rustc_hash::FxHashMap as HashMap;

pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    // (namespace, physical name) → the first declaration with it.
    let mut seen: HashMap<(String, String), (&Resource, Span)> = HashMap::default();
    for resource in &model.resources {
        if resource.existing.is_some() {
            continue;
        }
        let Some(spec) = catalogue.service(&resource.service) else {
            continue;
        };
        let Some(naming) = &spec.physical_name else {
            continue;
        };
        let given = given_name(resource);
        if let Some((name, span)) = given {
            let flagged = naming.suffix_when.as_ref().is_some_and(|when| {
                matches!(
                    resource.properties.get(&when.property).map(|p| &p.value),
                    Some(ast::Value::Bool(true, _))
                )
            });
            if let Some(problem) = naming.problem(name, flagged) {
                diagnostics.push(
                    catalogue
                        .report(
                            codes::INVALID_PHYSICAL_NAME,
                            span,
                            &[
                                ("name", name),
                                ("service", &resource.service),
                                ("problem", &problem.problem),
                            ],
                        )
                        .with_help(problem.help),
                );
            }
        }
        raw_overrides(resource, spec, naming, catalogue, diagnostics);
        let physical = match (given, naming.derived) {
            (Some((name, span)), _) => (name.to_string(), span),
            (None, Some(derivation)) => {
                let derived = derived_name(
                    derivation,
                    &resource.name,
                    naming.max_length,
                    naming.lowercase,
                );
                reserved_derived_name(resource, naming, &derived, catalogue, diagnostics);
                (derived, resource.name_span)
            }
            (None, None) => continue,
        };
        let namespace = naming
            .namespace
            .clone()
            .unwrap_or_else(|| resource.service.clone());
        match seen.get(&(namespace.clone(), physical.0.clone())) {
            // Two uses of one declaration are one resource.
            Some((other, _)) if other.id == resource.id => {}
            Some((other, other_span)) => diagnostics.push(
                catalogue
                    .report(
                        codes::DUPLICATE_PHYSICAL_NAME,
                        physical.1,
                        &[
                            ("service", &resource.service),
                            ("name", &resource.name),
                            ("other", &other.name),
                            ("physical", &physical.0),
                        ],
                    )
                    .with_label(
                        *other_span,
                        format!("`{}` is named `{}` here", other.name, physical.0),
                    ),
            ),
            None => {
                seen.insert((namespace, physical.0), (resource, physical.1));
            }
        }
    }
}

/// A derived name that AWS keeps for itself (`eventbus default`): the
/// declaration must be renamed or given a `name`.
fn reserved_derived_name(
    resource: &Resource,
    naming: &crate::catalogue::schema::PhysicalName,
    derived: &str,
    catalogue: &Catalogue,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(reserved) = naming
        .reserved_names
        .iter()
        .find(|reserved| reserved.eq_ignore_ascii_case(derived))
    else {
        return;
    };
    diagnostics.push(
        catalogue
            .report(
                codes::INVALID_PHYSICAL_NAME,
                resource.name_span,
                &[
                    ("name", derived),
                    ("service", &resource.service),
                    (
                        "problem",
                        &format!("is `{reserved}`, which AWS keeps for itself"),
                    ),
                ],
            )
            .with_help(format!(
                "Rename the declaration, or give it `name = \"...\"` other than `{reserved}`."
            )),
    );
}

/// `name = "..."` when it is a string (anything else is E107's).
fn given_name(resource: &Resource) -> Option<(&str, Span)> {
    match &resource.properties.get("name")?.value {
        ast::Value::String(text) => Some((text.text.as_str(), text.span)),
        _ => None,
    }
}

/// The raw blocks' keys that set the physical name (E137): the policies and
/// grants wirec writes would still name the resource by its other name.
fn raw_overrides(
    resource: &Resource,
    spec: &ServiceSpec,
    naming: &PhysicalName,
    catalogue: &Catalogue,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(property) = naming.property.as_deref() else {
        return;
    };
    let argument =
        Kind::of_declaration(&spec.resource, |key| resource.properties.contains_key(key)).and_then(
            |kind| {
                let kind = kind.spec();
                kind.renames.get(property).cloned().or_else(|| {
                    kind.generated_name
                        .as_ref()
                        .filter(|generated| generated.property.as_deref() == Some(property))
                        .map(|generated| generated.argument.clone())
                })
            },
        );
    for (backend, key) in [
        ("cloudformation", Some(property)),
        ("terraform", argument.as_deref()),
    ] {
        let (Some(key), Some(block)) = (key, resource.properties.get(backend)) else {
            continue;
        };
        let ast::Value::Map(entries, _) = &block.value else {
            continue;
        };
        for entry in entries.iter().filter(|entry| entry.key.text == key) {
            let value = match &entry.value {
                ast::Value::String(text) => text.text.clone(),
                _ => "NAME".to_string(),
            };
            diagnostics.push(catalogue.report(
                codes::RAW_PHYSICAL_NAME,
                entry.key.span,
                &[
                    ("property", key),
                    ("backend", backend),
                    ("service", &resource.service),
                    ("name", &resource.name),
                    ("value", &value),
                ],
            ));
        }
    }
}
