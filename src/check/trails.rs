//! Rules on CloudTrail-delivered API calls that no trail of the wiring
//! records: with no trail at all (W469), EventBridge receives no "AWS API
//! Call via CloudTrail" events; a service's data events (S3 object-level
//! calls) it receives only from a trail configured to record them (W478).

use crate::catalogue::{Catalogue, DataEvents, codes};
use crate::diagnostics::Diagnostic;
use crate::model::{Model, Resource};
use crate::plan::Kind;

/// Warns on each `on cloudtrail SERVICE ...` rule when no declaration of the
/// wiring, created or `existing`, is a trail (W469), and on each whose calls
/// are all data events that no trail of the wiring records (W478).
pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    let trails: Vec<&Resource> = model
        .resources
        .iter()
        .filter(|resource| {
            catalogue.service(&resource.service).is_some_and(|spec| {
                Kind::of_declaration(&spec.resource, |key| resource.properties.contains_key(key))
                    == Some(Kind::Trail)
            })
        })
        .collect();
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
        if trails.is_empty() {
            diagnostics.push(catalogue.report(
                codes::CLOUDTRAIL_RULE_WITHOUT_TRAIL,
                on.span,
                &[("name", &resource.name), ("service", &service.text)],
            ));
            continue;
        }
        let Some(data_events) = catalogue
            .service(&service.text)
            .and_then(|spec| spec.data_events.as_ref())
        else {
            continue;
        };
        let calls: Vec<&str> = on
            .values
            .iter()
            .skip(2)
            .map(|call| call.text.as_str())
            .collect();
        let (reads, writes) = data_event_calls(data_events, &calls);
        if reads.is_empty() && writes.is_empty() {
            continue;
        }
        if trails
            .iter()
            .any(|trail| records(trail, data_events, !reads.is_empty(), !writes.is_empty()))
        {
            continue;
        }
        let named: Vec<&str> = reads.iter().chain(&writes).copied().collect();
        diagnostics.push(catalogue.report(
            codes::DATA_EVENT_RULE_WITHOUT_TRAIL,
            on.span,
            &[
                ("name", &resource.name),
                ("service", &service.text),
                ("calls", &named.join(", ")),
                ("property", &data_events.trail_property),
            ],
        ));
    }
}

/// The calls among `calls` that are data events: the read-only ones and the
/// others.
fn data_event_calls<'a>(
    data_events: &DataEvents,
    calls: &[&'a str],
) -> (Vec<&'a str>, Vec<&'a str>) {
    let is = |list: &[String], call: &str| list.iter().any(|known| known == call);
    let reads = calls
        .iter()
        .copied()
        .filter(|call| is(&data_events.read, call))
        .collect();
    let writes = calls
        .iter()
        .copied()
        .filter(|call| is(&data_events.write, call))
        .collect();
    (reads, writes)
}

/// Whether `trail` records some of a rule's data-event calls: an `existing`
/// trail may (wirec cannot read its selectors); a created one when its
/// data-event property takes the calls' kind (read or write), or names the
/// one declaration it records (all calls then, unless the property narrows
/// them). A rule on a service's calls matches every bucket, so a trail of
/// one bucket still delivers some.
fn records(trail: &Resource, data_events: &DataEvents, reads: bool, writes: bool) -> bool {
    if trail.existing.is_some() {
        return true;
    }
    let narrowed = data_events
        .narrowed_by
        .as_ref()
        .is_some_and(|property| trail.properties.contains_key(property));
    match trail
        .properties
        .get(&data_events.trail_property)
        .map(|property| &property.value)
    {
        Some(crate::ast::Value::Word(kind)) => match kind.text.as_str() {
            "read" => reads,
            "write" => writes,
            _ => true,
        },
        // A parameter may say either: the trail may record them.
        Some(_) => true,
        None => narrowed,
    }
}
