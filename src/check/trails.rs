//! Rules on CloudTrail-delivered API calls in a wiring with no trail (W469):
//! EventBridge receives "AWS API Call via CloudTrail" events only while a
//! trail with logging on records them.

use crate::catalogue::{Catalogue, codes};
use crate::diagnostics::Diagnostic;
use crate::model::Model;
use crate::plan::Kind;

/// Warns on each `on cloudtrail SERVICE ...` rule when no declaration of the
/// wiring, created or `existing`, is a trail.
pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    let has_trail = model.resources.iter().any(|resource| {
        catalogue.service(&resource.service).is_some_and(|spec| {
            Kind::of_declaration(&spec.resource, |key| resource.properties.contains_key(key))
                == Some(Kind::Trail)
        })
    });
    if has_trail {
        return;
    }
    for resource in &model.resources {
        let Some(on) = resource.options.get("on") else {
            continue;
        };
        let (Some(first), Some(service)) = (on.values.first(), on.values.get(1)) else {
            continue;
        };
        if first.text != "cloudtrail" {
            continue;
        }
        diagnostics.push(catalogue.report(
            codes::CLOUDTRAIL_RULE_WITHOUT_TRAIL,
            on.span,
            &[("name", &resource.name), ("service", &service.text)],
        ));
    }
}
