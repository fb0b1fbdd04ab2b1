//! Catalogue facts as data: deprecated services and channels, region rules,
//! and constraints on an edge's two ends (a FIFO queue behind an S3
//! notification, a queue's visibility timeout below its function's timeout).

use super::ChannelLabel as _;
use crate::ast;
use crate::catalogue::schema::OptionComparison;
use crate::catalogue::{Catalogue, Constraint, Mechanism, OptionTest, PropertyTest, When};
use crate::diagnostics::Diagnostic;
use crate::model::{Edge, Model, Resource};

pub(super) fn check(
    model: &Model,
    catalogue: &Catalogue,
    region: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    one_per_region(model, catalogue, diagnostics);
    for resource in &model.resources {
        address_scheme(catalogue, resource, diagnostics);
        resource_facts(model, catalogue, region, resource, diagnostics);
    }
    for edge in &model.edges {
        edge_facts(model, catalogue, region, edge, diagnostics);
    }
}

/// A resource's own facts: its service's deprecation, the edges AWS requires
/// of it, its service's constraints.
fn resource_facts(
    model: &Model,
    catalogue: &Catalogue,
    region: Option<&str>,
    resource: &Resource,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(spec) = catalogue.service(&resource.service) else {
        return;
    };
    if let Some(deprecation) = &spec.deprecated {
        diagnostics.push(
            catalogue
                .report(
                    &deprecation.rule,
                    resource.name_span,
                    &[
                        ("name", &resource.name),
                        ("service", &resource.service),
                        ("since", &deprecation.since),
                        (
                            "replacement",
                            deprecation.replacement.as_deref().unwrap_or(""),
                        ),
                    ],
                )
                .with_note(format!("source: {}", deprecation.source)),
        );
    }
    // A resource wirec creates must have the edges AWS requires of it.
    if resource.existing.is_none() {
        for requirement in &spec.requires {
            if requirement
                .unless_property
                .as_ref()
                .is_some_and(|property| resource.properties.contains_key(property))
                || requirement
                    .when
                    .as_ref()
                    .is_some_and(|test| !property_holds(catalogue, resource, test))
            {
                continue;
            }
            let present = model.outgoing(resource.id).into_iter().any(|edge| {
                edge.channel == requirement.channel
                    && requirement
                        .target
                        .as_ref()
                        .is_none_or(|target| &model.resource(edge.to).service == target)
            });
            if !present {
                diagnostics.push(
                    catalogue
                        .report(
                            &requirement.rule,
                            resource.name_span,
                            &[
                                ("name", &resource.name),
                                ("service", &resource.service),
                                ("channel", &requirement.channel),
                                ("target_service", requirement.named_target().unwrap_or("")),
                            ],
                        )
                        .with_note(format!("source: {}", requirement.source)),
                );
            }
        }
    }
    for constraint in &spec.constraints {
        if holds(constraint, model, catalogue, resource, None, region) {
            diagnostics.push(report(
                catalogue,
                constraint,
                resource,
                None,
                region,
                resource.name_span,
            ));
        }
    }
}

/// An edge's facts: its channel's deprecation, region rule and constraints.
fn edge_facts(
    model: &Model,
    catalogue: &Catalogue,
    region: Option<&str>,
    edge: &Edge,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let source = model.resource(edge.from);
    let target = model.resource(edge.to);
    let Some(channel) = catalogue.channel(&source.service, &edge.channel) else {
        return;
    };
    if let Some(deprecation) = &channel.deprecated {
        diagnostics.push(
            catalogue
                .report(
                    &deprecation.rule,
                    edge.channel_span,
                    &[
                        ("name", &source.name),
                        ("service", &source.service),
                        ("since", &deprecation.since),
                        (
                            "replacement",
                            deprecation.replacement.as_deref().unwrap_or(""),
                        ),
                    ],
                )
                .with_note(format!("source: {}", deprecation.source)),
        );
    }
    if let Some(rule) = &channel.region {
        let target_region = arn_region(target);
        let source_region = arn_region(source).or(region);
        let outside_allowed = !rule.only.is_empty()
            && target_region
                .or(region)
                .is_some_and(|actual| !rule.only.iter().any(|allowed| allowed == actual));
        if let Some(unknown) = &rule.unknown
            && !rule.only.is_empty()
            && target_region.or(region).is_none()
        {
            diagnostics.push(
                catalogue
                    .report(
                        unknown,
                        edge.target_span,
                        &[
                            ("source", &source.name),
                            ("target", &target.name),
                            ("allowed", &rule.only.join(", ")),
                        ],
                    )
                    .with_channel_label(edge)
                    .with_note(format!("source: {}", rule.source)),
            );
        }
        let across_regions = rule.same_as_source
            && !rule.except.contains(&target.service)
            && matches!((source_region, target_region), (Some(from), Some(to)) if from != to);
        if outside_allowed || across_regions {
            let actual = target_region.or(region).unwrap_or("");
            let allowed = if rule.only.is_empty() {
                source_region.unwrap_or("").to_string()
            } else {
                rule.only.join(", ")
            };
            diagnostics.push(
                catalogue
                    .report(
                        &rule.rule,
                        edge.target_span,
                        &[
                            ("source", &source.name),
                            ("target", &target.name),
                            ("region", actual),
                            ("allowed", &allowed),
                        ],
                    )
                    .with_channel_label(edge)
                    .with_note(format!("source: {}", rule.source)),
            );
        }
    }
    for constraint in &channel.constraints {
        if holds(
            constraint,
            model,
            catalogue,
            source,
            Some((edge, target)),
            region,
        ) {
            let diagnostic = report(
                catalogue,
                constraint,
                source,
                Some((edge, target)),
                region,
                edge.target_span,
            )
            .with_channel_label(edge);
            diagnostics.push(diagnostic);
        }
    }
}

fn report(
    catalogue: &Catalogue,
    constraint: &Constraint,
    source: &Resource,
    edge: Option<(&Edge, &Resource)>,
    region: Option<&str>,
    span: crate::source::Span,
) -> Diagnostic {
    let (channel, target_name, target_service) = match edge {
        Some((edge, target)) => (
            edge.channel.as_str(),
            target.name.as_str(),
            target.service.as_str(),
        ),
        None => ("", "", ""),
    };
    // The two numbers an option comparison read, for the message.
    let (option_value, target_value) = edge
        .and_then(|(edge, target)| {
            constraint.when.iter().find_map(|condition| {
                option_compared(edge, target, condition.option_below_target.as_ref()?)
            })
        })
        .map_or_else(Default::default, |(option, target)| {
            (option.to_string(), target.to_string())
        });
    let (sender, delivery) = edge
        .and_then(|(edge, _)| catalogue.channel(&source.service, &edge.channel))
        .map_or(("", ""), |spec| sender_words(spec.mechanism));
    catalogue.report(
        &constraint.rule,
        span,
        &[
            ("source", &source.name),
            ("source_service", &source.service),
            ("target", target_name),
            ("target_service", target_service),
            ("channel", channel),
            ("region", region.unwrap_or("")),
            ("option_value", &option_value),
            ("target_value", &target_value),
            ("sender", sender),
            ("delivery", delivery),
        ],
    )
}

/// Who delivers to a target and what the user calls the target's settings,
/// for the facts a rule target and a schedule target share (E444, E445):
/// EventBridge Scheduler sends a schedule's target, EventBridge a rule's.
fn sender_words(mechanism: Mechanism) -> (&'static str, &'static str) {
    match mechanism {
        Mechanism::ScheduleTarget => ("EventBridge Scheduler", "schedule target"),
        Mechanism::PipeTarget => ("EventBridge Pipes", "pipe target"),
        _ => ("EventBridge", "rule target"),
    }
}

/// The region in an existing resource's ARN (`arn:aws:sqs:eu-west-1:...`).
pub(super) fn arn_region(resource: &Resource) -> Option<&str> {
    let arn = resource.existing.as_ref()?;
    arn.text
        .split(':')
        .nth(3)
        .filter(|region| !region.is_empty())
}

fn holds(
    constraint: &Constraint,
    model: &Model,
    catalogue: &Catalogue,
    source: &Resource,
    edge: Option<(&Edge, &Resource)>,
    region: Option<&str>,
) -> bool {
    constraint.when.iter().all(|condition| {
        condition_holds(condition, catalogue, source, edge, region)
            && names_holds(condition, model, edge)
    })
}

/// Whether the declaration a channel option names is of one of the
/// condition's services (a condition without `option-names` holds).
fn names_holds(condition: &When, model: &Model, edge: Option<(&Edge, &Resource)>) -> bool {
    condition.option_names.as_ref().is_none_or(|test| {
        edge.and_then(|(edge, _)| model.option_target(edge.id, &test.option))
            .is_some_and(|named| {
                let service = &model.resource(named.to).service;
                test.services.iter().any(|listed| listed == service)
            })
    })
}

fn condition_holds(
    condition: &When,
    catalogue: &Catalogue,
    source: &Resource,
    edge: Option<(&Edge, &Resource)>,
    region: Option<&str>,
) -> bool {
    let target = edge.map(|(_, target)| target);
    condition
        .source_property
        .as_ref()
        .is_none_or(|test| property_holds(catalogue, source, test))
        && condition
            .target_property
            .as_ref()
            .is_none_or(|test| target.is_some_and(|target| property_holds(catalogue, target, test)))
        && condition
            .target_service
            .as_ref()
            .is_none_or(|service| target.is_some_and(|target| &target.service == service))
        && condition.region_not_in.as_ref().is_none_or(|allowed| {
            region.is_some_and(|actual| !allowed.iter().any(|name| name == actual))
        })
        && condition.event.as_ref().is_none_or(|event| {
            edge.is_some_and(|(edge, _)| {
                if edge.events.is_empty() {
                    catalogue
                        .channel(&source.service, &edge.channel)
                        .is_some_and(|channel| {
                            channel.default_events.iter().any(|name| name == event)
                        })
                } else {
                    edge.events.iter().any(|chosen| &chosen.text == event)
                }
            })
        })
        && condition
            .option_present
            .as_ref()
            .is_none_or(|option| edge.is_some_and(|(edge, _)| edge.options.contains_key(option)))
        && condition
            .option_absent
            .as_ref()
            .is_none_or(|option| edge.is_some_and(|(edge, _)| !edge.options.contains_key(option)))
        && condition
            .option_value
            .as_ref()
            .is_none_or(|test| edge.is_some_and(|(edge, _)| option_holds(edge, test)))
        && condition
            .source_below_target
            .as_ref()
            .is_none_or(|comparison| {
                target.is_some_and(|target| {
                    let (from, to) = compared(source, target, comparison);
                    from < to
                })
            })
        && condition
            .target_not_above_source
            .as_ref()
            .is_none_or(|comparison| {
                // An existing target's setting is unknown: nothing to compare.
                target.is_some_and(|target| {
                    let (from, to) = compared(source, target, comparison);
                    target.existing.is_none() && to <= from
                })
            })
        && condition
            .option_below_target
            .as_ref()
            .is_none_or(|comparison| {
                edge.and_then(|(edge, target)| option_compared(edge, target, comparison))
                    .is_some_and(|(option, target)| option < target)
            })
}

/// An edge's option and its target's property, defaults filled in and the
/// property in the option's units; `None` for an existing target, whose
/// setting is unknown.
fn option_compared(
    edge: &Edge,
    target: &Resource,
    comparison: &OptionComparison,
) -> Option<(f64, f64)> {
    if target.existing.is_some() {
        return None;
    }
    let option = edge
        .options
        .get(&comparison.option)
        .and_then(|value| value.joined().parse::<f64>().ok())
        .unwrap_or(comparison.option_default);
    let property = number(target, &comparison.target).unwrap_or(comparison.target_default);
    Some((option, property * comparison.target_scale))
}

/// Whether an edge's option passes a test (a left-out option takes the
/// test's `default`, and otherwise passes only `other-than`).
fn option_holds(edge: &Edge, test: &OptionTest) -> bool {
    let written = edge.options.get(&test.option);
    let word = written.map(crate::model::OptionValue::joined);
    let number = word
        .as_deref()
        .and_then(|word| word.parse::<f64>().ok())
        .or(if written.is_none() {
            test.default
        } else {
            None
        });
    test.above
        .is_none_or(|above| number.is_some_and(|number| number > above))
        && test
            .below
            .is_none_or(|below| number.is_some_and(|number| number < below))
        && test
            .equals
            .as_ref()
            .is_none_or(|equals| word.as_ref() == Some(equals))
        && test
            .other_than
            .as_ref()
            .is_none_or(|other| word.as_ref() != Some(other))
        && test
            .count_above
            .is_none_or(|count| written.is_some_and(|value| value.values.len() > count))
}

/// The two numbers a comparison across an edge reads, defaults filled in.
fn compared(
    source: &Resource,
    target: &Resource,
    comparison: &crate::catalogue::schema::Comparison,
) -> (f64, f64) {
    (
        number(source, &comparison.source).unwrap_or(comparison.source_default),
        number(target, &comparison.target).unwrap_or(comparison.target_default),
    )
}

fn number(resource: &Resource, property: &str) -> Option<f64> {
    match &resource.properties.get(property)?.value {
        ast::Value::Number(number) => Some(number.value),
        _ => None,
    }
}

/// Whether one property test holds on a resource (left-out properties take the catalogue default).
pub(crate) fn property_holds(
    catalogue: &Catalogue,
    resource: &Resource,
    test: &PropertyTest,
) -> bool {
    let written = resource
        .properties
        .get(&test.property)
        .map(|property| &property.value);
    if let Some(present) = test.present
        && written.is_some() != present
    {
        return false;
    }
    // AWS defaults describe resources wirec creates; an existing resource's
    // settings are unknown, so a left-out property matches nothing there.
    let default = if resource.existing.is_some() {
        None
    } else {
        catalogue
            .service(&resource.service)
            .and_then(|spec| spec.properties.get(&test.property))
            .and_then(|spec| spec.default.clone())
    };
    let value: Option<serde_yaml_ng::Value> = match written {
        Some(ast::Value::String(word) | ast::Value::Word(word)) => {
            Some(serde_yaml_ng::Value::String(word.text.clone()))
        }
        Some(ast::Value::Bool(flag, _)) => Some(serde_yaml_ng::Value::Bool(*flag)),
        Some(ast::Value::Number(number)) => serde_yaml_ng::from_str(&number.literal).ok(),
        // A reference's value is known only when the stack is deployed.
        Some(ast::Value::List(_) | ast::Value::Map(..) | ast::Value::Reference(_)) => None,
        None => default,
    };
    if let Some(expected) = &test.equals
        && !value
            .as_ref()
            .is_some_and(|value| yaml_equal(value, expected))
    {
        return false;
    }
    if let Some(floor) = test.above
        && !value
            .as_ref()
            .and_then(serde_yaml_ng::Value::as_f64)
            .is_some_and(|number| number > floor)
    {
        return false;
    }
    if let Some(prefix) = &test.starts_with
        && !value
            .as_ref()
            .and_then(serde_yaml_ng::Value::as_str)
            .is_some_and(|text| text.starts_with(prefix.as_str()))
    {
        return false;
    }
    true
}

fn yaml_equal(left: &serde_yaml_ng::Value, right: &serde_yaml_ng::Value) -> bool {
    match (left.as_f64(), right.as_f64()) {
        (Some(left), Some(right)) => (left - right).abs() < f64::EPSILON,
        _ => left == right,
    }
}

/// A service an account has at most one of per Region: a second declaration
/// that wirec would create is reported at it, with the first marked.
fn one_per_region(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    let mut first: rustc_hash::FxHashMap<&str, &crate::model::Resource> =
        rustc_hash::FxHashMap::default();
    for resource in &model.resources {
        let Some(single) = catalogue
            .service(&resource.service)
            .and_then(|spec| spec.one_per_region.as_ref())
        else {
            continue;
        };
        let counts = resource.existing.is_none()
            && single
                .unless_property
                .as_ref()
                .is_none_or(|property| !resource.properties.contains_key(property));
        if !counts {
            continue;
        }
        match first.get(resource.service.as_str()) {
            Some(earlier) => diagnostics.push(
                catalogue
                    .report(
                        &single.rule,
                        resource.name_span,
                        &[
                            ("service", &resource.service),
                            ("name", &resource.name),
                            ("first", &earlier.name),
                        ],
                    )
                    .with_label(earlier.name_span, "the first one")
                    .with_note(format!("source: {}", single.source)),
            ),
            None => {
                first.insert(resource.service.as_str(), resource);
            }
        }
    }
}

/// An address that must begin with its service's scheme (`https://`): the
/// rule is reported at the first character that breaks from it.
fn address_scheme(catalogue: &Catalogue, resource: &Resource, diagnostics: &mut Vec<Diagnostic>) {
    let Some(scheme) = catalogue
        .service(&resource.service)
        .and_then(|spec| spec.scheme.as_ref())
    else {
        return;
    };
    let mut written = resource.name.char_indices();
    let mut broken = None;
    for expected in scheme.prefix.chars() {
        match written.next() {
            Some((_, found)) if found.eq_ignore_ascii_case(&expected) => {}
            Some((at, _)) => {
                broken = Some(at);
                break;
            }
            None => {
                broken = Some(resource.name.len());
                break;
            }
        }
    }
    let Some(at) = broken else {
        return;
    };
    // The span covers the quoted address: skip its opening quote.
    let span = resource.name_span;
    let quote = usize::from(span.len() > resource.name.len());
    let start = (span.start as usize)
        .saturating_add(quote)
        .saturating_add(at)
        .min(span.end as usize);
    let end = start.saturating_add(1).min(span.end as usize);
    diagnostics.push(
        catalogue
            .report(
                &scheme.rule,
                crate::source::Span::new(span.file, start, end),
                &[
                    ("service", &resource.service),
                    ("address", &resource.name),
                    ("scheme", &scheme.prefix),
                ],
            )
            .with_note(format!("source: {}", scheme.source)),
    );
}
