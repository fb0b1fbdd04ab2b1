//! Names that would share one id in the output (E117).
//!
//! Logical ids and Terraform names keep only letters and digits, so `my-queue`
//! and `my_queue` both become `MyQueue`, and everything wirec names after them
//! (policies, roles, subscriptions) would merge too. The ids are the plan's
//! (`plan::logical_id`); this check refuses wiring in which two names map to one.

use crate::catalogue::{Catalogue, NameKind, codes};
use crate::diagnostics::Diagnostic;
use crate::model::Model;
use crate::plan::logical_id;
use crate::source::Span;
use rustc_hash::FxHashMap as HashMap;

/// Reports every name whose id an earlier, different name already has:
/// resources (created or existing) among themselves, and parameters among themselves.
pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    let resources = model.resources.iter().filter(|resource| {
        catalogue
            .service(&resource.service)
            .is_none_or(|spec| spec.name != NameKind::Address)
    });
    collisions(
        resources.map(|resource| (resource.name.as_str(), resource.name_span)),
        catalogue,
        diagnostics,
    );
    collisions(
        model
            .params
            .iter()
            .map(|param| (param.name.text.as_str(), param.name.span)),
        catalogue,
        diagnostics,
    );
}

fn collisions<'a>(
    names: impl Iterator<Item = (&'a str, Span)>,
    catalogue: &Catalogue,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<String, (&str, Span)> = HashMap::default();
    for (name, span) in names {
        let id = logical_id(name, "");
        match seen.get(&id) {
            Some((other, other_span)) if *other != name => {
                diagnostics.push(
                    catalogue
                        .report(
                            codes::LOGICAL_ID_COLLISION,
                            span,
                            &[("name", name), ("other", other), ("id", &id)],
                        )
                        .with_label(*other_span, format!("`{other}` is declared here")),
                );
            }
            Some(_) => {}
            None => {
                seen.insert(id, (name, span));
            }
        }
    }
}
