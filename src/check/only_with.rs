//! Properties a declaration takes only beside another (`only_with` in the
//! catalogue): a schedule's `dead-letter`, `retries` and `max-age` only with
//! `call`, since a schedule with a `->` target takes them on that edge.
//! Anything else is a property the declaration does not take (E106).

use crate::catalogue::{Catalogue, codes};
use crate::diagnostics::Diagnostic;
use crate::model::Model;

/// E106 for every property whose `only_with` property is not set beside it.
pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for (resource, property, spec, value) in super::described_properties(model, catalogue) {
        let Some(with) = &spec.only_with else {
            continue;
        };
        if resource.properties.contains_key(&with.property) {
            continue;
        }
        let owner = format!(
            "a `{}` declaration without `{}`",
            resource.service, with.property
        );
        diagnostics.push(catalogue.report(
            codes::UNKNOWN_OPTION,
            value.key_span,
            &[
                ("option", property),
                ("owner", &owner),
                ("hint", &with.hint),
            ],
        ));
    }
}
