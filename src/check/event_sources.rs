//! A rule that matches an event source nothing sends (W473): `events NAME on
//! SOURCE` matches events whose `source` is SOURCE, and only AWS services
//! (`aws.*`) and code that puts events send any: an application's source is
//! a reverse domain name (`com.example.orders`), so a bare word that no
//! wired writer (a `writes` edge to a bus) may send is nobody's.
//! `events nightly on schedule "cron(...)"` reads like a schedule but builds a
//! rule that waits for events from a source called `schedule`, forever.

use crate::catalogue::{Catalogue, Mechanism, codes};
use crate::diagnostics::Diagnostic;
use crate::model::Model;

/// The action by which code puts events on a bus: an access edge that grants
/// it makes a writer, whose events may carry any source.
const PUT_EVENTS: &str = "events:PutEvents";

/// W473 for every rule on a source that neither AWS nor a wired writer sends.
pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    if has_writer(model, catalogue) {
        return;
    }
    for resource in &model.resources {
        let Some(on) = resource.options.get("on") else {
            continue;
        };
        // Only rules have targets of the rule-target mechanism.
        let is_rule = catalogue.service(&resource.service).is_some_and(|spec| {
            spec.channels
                .values()
                .any(|channel| channel.mechanism == Mechanism::RuleTarget)
        });
        let Some(source) = on.values.first() else {
            continue;
        };
        // A source with a dot may be an application's (`com.example.orders`,
        // the reverse-domain form EventBridge recommends), sent by code the
        // wiring does not show; a bare word (`schedule`) is nobody's.
        if !is_rule || source.text == "cloudtrail" || source.text.contains('.') {
            continue;
        }
        diagnostics.push(catalogue.report(
            codes::UNSENT_EVENT_SOURCE,
            source.span,
            &[("name", &resource.name), ("source", &source.text)],
        ));
    }
}

/// Whether some edge lets code put events on a bus (the target's `access`
/// grants for the edge's channel word include `events:PutEvents`).
fn has_writer(model: &Model, catalogue: &Catalogue) -> bool {
    model.edges.iter().any(|edge| {
        catalogue
            .service(&model.resource(edge.to).service)
            .and_then(|spec| spec.access.as_ref())
            .and_then(|access| access.grants.get(&edge.channel))
            .is_some_and(|statements| {
                statements
                    .iter()
                    .any(|statement| statement.actions.iter().any(|action| action == PUT_EVENTS))
            })
    })
}
