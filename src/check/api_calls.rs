//! Properties that name an AWS API action a service calls as its role (an
//! EventBridge Scheduler universal target, `call = "ec2:stopInstances"`),
//! for properties whose catalogue spec has an `api_call` facet: the
//! `SERVICE:apiAction` form (E475), not a read-only action (E476), the
//! resources the role may call it on (W477 for any), and no `->` target
//! besides (the schedule's one-target limit, E470).

use crate::ast;
use crate::catalogue::{ApiCall, Catalogue, LimitScope, Mechanism};
use crate::diagnostics::Diagnostic;
use crate::model::{Model, Resource};
use crate::source::Span;

/// E475, E476, W477 and E470 for every property with an `api_call` facet.
pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for (resource, property, spec, value) in super::described_properties(model, catalogue) {
        let (Some(call), ast::Value::String(text)) = (&spec.api_call, &value.value) else {
            continue;
        };
        let Some((service, action)) = split(&text.text) else {
            diagnostics.push(catalogue.report(
                &call.form_rule,
                text.span,
                &[("call", &text.text), ("property", property)],
            ));
            continue;
        };
        if let Some(prefix) = read_only_prefix(call, action) {
            diagnostics.push(catalogue.report(
                &call.read_only_rule,
                text.span,
                &[("call", &text.text), ("prefix", prefix)],
            ));
        }
        if any_resource(resource, &call.scope) {
            diagnostics.push(catalogue.report(
                &call.any_resource_rule,
                text.span,
                &[
                    ("name", &resource.name),
                    ("scope", &call.scope),
                    ("action", &call.iam_action(service, action)),
                ],
            ));
        }
        one_target(model, catalogue, resource, text.span, diagnostics);
    }
}

/// `(service, apiAction)` when the text is `SERVICE:apiAction`: a lower-case
/// SDK service identifier and an action that starts with a lower-case letter,
/// both of ASCII letters and digits (the service also `-`).
fn split(call: &str) -> Option<(&str, &str)> {
    let (service, action) = call.split_once(':')?;
    let service_ok = service.starts_with(|c: char| c.is_ascii_lowercase())
        && service
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let action_ok = action.starts_with(|c: char| c.is_ascii_lowercase())
        && action.chars().all(|c| c.is_ascii_alphanumeric());
    (service_ok && action_ok).then_some((service, action))
}

/// The read-only prefix an action begins with (a whole camel-case word:
/// `getQueueUrl`, not `getawayStart`), if any.
fn read_only_prefix<'a>(call: &'a ApiCall, action: &str) -> Option<&'a str> {
    call.read_only_prefixes
        .iter()
        .find(|prefix| {
            action.strip_prefix(prefix.as_str()).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase())
            })
        })
        .map(String::as_str)
}

/// Whether the call may act on any resource: `scope` left out, or one of its
/// values `*`.
fn any_resource(resource: &Resource, scope: &str) -> bool {
    match resource.properties.get(scope).map(|value| &value.value) {
        None => true,
        Some(ast::Value::List(items)) => items
            .items
            .iter()
            .any(|item| matches!(item, ast::Value::String(text) if text.text == "*")),
        Some(ast::Value::String(text)) => text.text == "*",
        Some(_) => false,
    }
}

/// A universal target is the schedule's one target: a `->` target besides it
/// is one too many, reported as the channel's per-source limit.
fn one_target(
    model: &Model,
    catalogue: &Catalogue,
    resource: &Resource,
    span: Span,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(service) = catalogue.service(&resource.service) else {
        return;
    };
    let targets = model.outgoing(resource.id);
    for (name, channel) in &service.channels {
        if channel.mechanism != Mechanism::ScheduleTarget {
            continue;
        }
        let count = targets.iter().filter(|edge| &edge.channel == name).count();
        let Some(limit) = channel
            .limits
            .iter()
            .find(|limit| limit.per == LimitScope::Source)
        else {
            continue;
        };
        if count > 0 {
            diagnostics.push(catalogue.report(
                &limit.rule,
                span,
                &[
                    ("name", &resource.name),
                    ("count", &(count + 1).to_string()),
                    ("max", &limit.max.to_string()),
                ],
            ));
        }
    }
}
