//! Whole-graph checks: event loops, one bucket's overlapping notifications,
//! declarations nothing uses, and a function's resource-policy budget.

use crate::ast;
use crate::catalogue::{Catalogue, Grant, NameKind, codes};
use crate::diagnostics::Diagnostic;
use crate::model::{Edge, Model, ResourceId};

pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    event_loops(model, catalogue, diagnostics);
    notification_overlaps(model, catalogue, diagnostics);
    unused(model, catalogue, diagnostics);
    permission_budget(model, catalogue, diagnostics);
}

/// A cycle in the wiring: what one step delivers comes back to it.
fn event_loops(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    // Code that reads (`lambda f -> reads -> sqs q`) makes no event there.
    let counts = |edge: &Edge| {
        catalogue
            .channel(&model.resource(edge.from).service, &edge.channel)
            .is_none_or(|channel| !channel.inert)
    };
    for cycle in model.cycles(counts) {
        let Some(&first) = cycle.first() else {
            continue;
        };
        let path = loop_path(model, &cycle, first, counts);
        let names = path
            .iter()
            .map(|id| {
                let resource = model.resource(*id);
                format!("{} {}", resource.service, resource.name)
            })
            .collect::<Vec<_>>()
            .join(" -> ");
        let start = model.resource(first);
        let mut diagnostic =
            catalogue.report(codes::EVENT_LOOP, start.name_span, &[("path", &names)]);
        for window in path.windows(2) {
            if let Some(edge) = model
                .outgoing(window[0])
                .into_iter()
                .find(|edge| edge.to == window[1] && counts(edge))
            {
                diagnostic = diagnostic.with_label(edge.target_span, "feeds the next step");
            }
        }
        diagnostics.push(diagnostic);
    }
}

/// Follows edges inside `cycle` from `first` back to it.
fn loop_path(
    model: &Model,
    cycle: &[ResourceId],
    first: ResourceId,
    counts: impl Fn(&Edge) -> bool,
) -> Vec<ResourceId> {
    let mut path = vec![first];
    let mut current = first;
    for _ in 0..=cycle.len() {
        let Some(next) = model
            .outgoing(current)
            .into_iter()
            .filter(|edge| counts(edge))
            .map(|edge| edge.to)
            .find(|to| cycle.contains(to) && (*to == first || !path.contains(to)))
        else {
            break;
        };
        path.push(next);
        if next == first {
            break;
        }
        current = next;
    }
    path
}

/// Two notification entries of one bucket for overlapping events and keys.
fn notification_overlaps(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for resource in &model.resources {
        let Some(channel) = catalogue.channel(&resource.service, "notify") else {
            continue;
        };
        if channel.mechanism != crate::catalogue::Mechanism::S3Notification {
            continue;
        }
        let edges: Vec<&Edge> = model
            .outgoing(resource.id)
            .into_iter()
            .filter(|edge| edge.channel == "notify")
            .collect();
        for (index, first) in edges.iter().enumerate() {
            for second in &edges[index + 1..] {
                let Some(event) = overlapping_event(channel, first, second) else {
                    continue;
                };
                if filters_overlap(first, second) {
                    diagnostics.push(
                        catalogue
                            .report(
                                codes::NOTIFICATION_OVERLAP,
                                second.target_span,
                                &[("name", &resource.name), ("event", &event)],
                            )
                            .with_label(first.target_span, "overlaps this one"),
                    );
                }
            }
        }
    }
}

fn event_values(channel: &crate::catalogue::ChannelSpec, edge: &Edge) -> Vec<String> {
    let names: Vec<&str> = if edge.events.is_empty() {
        channel.default_events.iter().map(String::as_str).collect()
    } else {
        edge.events
            .iter()
            .map(|event| event.text.as_str())
            .collect()
    };
    names
        .iter()
        .filter_map(|name| channel.events.iter().find(|event| event.name == *name))
        .flat_map(|event| event.value.iter().cloned())
        .collect()
}

/// An S3 event type both edges deliver (`s3:ObjectCreated:*` covers `s3:ObjectCreated:Put`).
fn overlapping_event(
    channel: &crate::catalogue::ChannelSpec,
    first: &Edge,
    second: &Edge,
) -> Option<String> {
    let covers = |wide: &str, narrow: &str| {
        wide == narrow
            || wide
                .strip_suffix('*')
                .is_some_and(|prefix| narrow.starts_with(prefix))
    };
    let second_values = event_values(channel, second);
    event_values(channel, first).into_iter().find_map(|left| {
        second_values
            .iter()
            .find(|right| covers(&left, right) || covers(right, &left))
            .map(|right| {
                if left.ends_with('*') {
                    right.clone()
                } else {
                    left.clone()
                }
            })
    })
}

/// Whether two key filters can match the same key (S3 rejects such pairs).
fn filters_overlap(first: &Edge, second: &Edge) -> bool {
    let value = |edge: &Edge, key: &str| {
        edge.options
            .get(key)
            .map(crate::model::OptionValue::joined)
            .unwrap_or_default()
    };
    let prefixes = (value(first, "prefix"), value(second, "prefix"));
    let suffixes = (value(first, "suffix"), value(second, "suffix"));
    let prefixes_overlap =
        prefixes.0.starts_with(&prefixes.1) || prefixes.1.starts_with(&prefixes.0);
    let suffixes_overlap = suffixes.0.ends_with(&suffixes.1) || suffixes.1.ends_with(&suffixes.0);
    prefixes_overlap && suffixes_overlap
}

/// Parameters nobody references, and resources declared with no edge at all.
fn unused(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    let mut referenced = std::collections::BTreeSet::new();
    for resource in &model.resources {
        for property in resource.properties.values() {
            words(&property.value, &mut referenced);
        }
    }
    // An address written as a bare word names the parameter (`email ops`).
    for resource in &model.resources {
        if let Some(param) = model.address_parameter(resource)
            && catalogue
                .service(&resource.service)
                .is_some_and(|spec| spec.name == NameKind::Address)
        {
            referenced.insert(param.name.text.as_str());
        }
    }
    // A credential option names the parameter (`key hook-key`).
    for (edge, _, channel) in super::described_edges(model, catalogue) {
        for (option, spec) in &channel.options {
            if spec.credential
                && let Some(value) = edge.options.get(option)
            {
                referenced.extend(value.values.iter().map(|text| text.text.as_str()));
            }
        }
    }
    for param in &model.params {
        if !referenced.contains(param.name.text.as_str()) {
            diagnostics.push(catalogue.report(
                codes::UNUSED_DECLARATION,
                param.name.span,
                &[("kind", "parameter"), ("name", &param.name.text)],
            ));
        }
    }
    // Fixed values for a remediation that the rule does not have.
    for resource in &model.resources {
        if let Some(property) = resource.properties.get("remediation-parameters")
            && !model
                .outgoing(resource.id)
                .iter()
                .any(|edge| edge.channel == "remediate")
        {
            diagnostics.push(
                catalogue
                    .report(
                        codes::UNUSED_DECLARATION,
                        property.key_span,
                        &[
                            ("kind", "`remediation-parameters` of the Config rule"),
                            ("name", &resource.name),
                        ],
                    )
                    .with_help(format!(
                        "Remove them, or give `{}` a remediation: `{} -> remediate parameter \"NAME\" -> ssm RUNBOOK`.",
                        resource.name, resource.name
                    )),
            );
        }
    }
    // A reference, or an option or property that names it, uses the existing resource.
    let referenced_resources: std::collections::BTreeSet<_> = model
        .references
        .iter()
        .map(|reference| reference.to)
        .chain(model.option_targets.iter().map(|named| named.to))
        .chain(model.property_targets.iter().map(|named| named.to))
        .collect();
    for resource in &model.resources {
        if resource.existing.is_some()
            && model.outgoing(resource.id).is_empty()
            && model.incoming(resource.id).is_empty()
            && !referenced_resources.contains(&resource.id)
        {
            diagnostics.push(catalogue.report(
                codes::UNUSED_DECLARATION,
                resource.name_span,
                &[("kind", "existing resource"), ("name", &resource.name)],
            ));
        }
    }
}

fn words<'v>(value: &'v ast::Value, found: &mut std::collections::BTreeSet<&'v str>) {
    match value {
        ast::Value::Word(word) => {
            found.insert(word.text.as_str());
        }
        ast::Value::List(list) => list.items.iter().for_each(|item| words(item, found)),
        ast::Value::Map(properties, _) => properties
            .iter()
            .for_each(|property| words(&property.value, found)),
        _ => {}
    }
}

/// A function's resource policy holds at most 20 KB; each push source adds a statement.
fn permission_budget(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    /// Bytes one permission takes in the function's policy, estimated from the
    /// statement Lambda stores: Sid, service principal, action, function ARN, and
    /// `aws:SourceArn` and `aws:SourceAccount` conditions.
    const STATEMENT_BYTES: usize = 420;
    const LIMIT_BYTES: usize = 20 * 1024;
    for resource in &model.resources {
        let grant = catalogue
            .service(&resource.service)
            .and_then(|spec| spec.receive.as_ref())
            .map(|receive| receive.grant);
        if grant != Some(Grant::LambdaPermission) {
            continue;
        }
        let pushes = model
            .incoming(resource.id)
            .into_iter()
            .filter(|edge| {
                catalogue
                    .channel(&model.resource(edge.from).service, &edge.channel)
                    .is_some_and(|channel| channel.principal.is_some())
            })
            .count();
        let estimate = pushes * STATEMENT_BYTES;
        if estimate * 5 >= LIMIT_BYTES * 4 {
            let estimate_kb = format!("{:.1}", estimate as f64 / 1024.0);
            diagnostics.push(catalogue.report(
                codes::PERMISSION_BUDGET,
                resource.name_span,
                &[
                    ("name", &resource.name),
                    ("count", &pushes.to_string()),
                    ("size", &estimate_kb),
                ],
            ));
        }
    }
}
