//! Checks across edges: duplicates, channels that would reconfigure an existing
//! resource, CodeCommit trigger shapes, Firehose sources, and policies that
//! replace an existing resource's own.

use super::ChannelLabel as _;
use crate::catalogue::{Catalogue, ChannelSpec, Grant, Mechanism, codes};
use crate::diagnostics::Diagnostic;
use crate::model::{Edge, KeySetting, Model, Resource};
use crate::source::Span;
use rustc_hash::FxHashMap;

pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: FxHashMap<(u32, u32, &str), &Edge> = FxHashMap::default();
    for edge in &model.edges {
        let source = model.resource(edge.from);
        let target = model.resource(edge.to);
        let Some(channel) = catalogue.channel(&source.service, &edge.channel) else {
            continue;
        };
        // One mapping per source and function; other channels may repeat with different events.
        let key = (edge.from.0, edge.to.0, edge.channel.as_str());
        if let Some(first) = seen.get(&key) {
            let same =
                channel.mechanism == Mechanism::EventSourceMapping || same_settings(first, edge);
            if same {
                let diagnostic = catalogue
                    .report(
                        codes::DUPLICATE_EDGE,
                        edge.target_span,
                        &[
                            ("source", &source.name),
                            ("target", &target.name),
                            ("channel", &edge.channel),
                        ],
                    )
                    .with_label(first.target_span, "first wired here");
                diagnostics.push(diagnostic);
            }
        } else {
            seen.insert(key, edge);
        }
        let reconfigures_source = reconfigures_source(channel, source);
        if source.service == "alarm" && edge.channel == "action" && target.service == "ec2" {
            ec2_alarm_action(model, edge, catalogue, diagnostics);
        }
        // API Gateway's service-linked role writes only to streams named so.
        if source.service == "apigateway"
            && edge.channel == "access-logs"
            && target.service == "firehose"
            && let Some(stream) = stream_name(target)
            && !stream.starts_with("amazon-apigateway-")
        {
            diagnostics.push(catalogue.report(
                codes::APIGATEWAY_FIREHOSE_NAME,
                edge.target_span,
                &[("stream", stream)],
            ));
        }
        if target.existing.is_some() && channel.configures_target {
            diagnostics.push(
                catalogue
                    .report(
                        codes::EXISTING_TARGET,
                        edge.target_span,
                        &[("name", &target.name), ("channel", &edge.channel)],
                    )
                    .with_label(edge.channel_span, "this channel changes the target itself"),
            );
        }
        if source.existing.is_some() && reconfigures_source {
            diagnostics.push(
                catalogue
                    .report(
                        codes::EXISTING_SOURCE,
                        edge.channel_span,
                        &[("name", &source.name), ("channel", &edge.channel)],
                    )
                    .with_label(source.name_span, "declared as existing here"),
            );
        }
        if channel.mechanism == Mechanism::CodecommitTrigger {
            trigger_shape(edge, catalogue, diagnostics);
        }
        key_admits_principal(edge.target_span, channel, target, catalogue, diagnostics);
        existing_policy_replaced(edge.target_span, channel, target, catalogue, diagnostics);
    }
    firehose_sources(model, diagnostics, catalogue);
    remediation_parameters(model, diagnostics, catalogue);
    invoke_config_options(model, diagnostics, catalogue);
}

/// A function's destination edges share its one invoke configuration, so an
/// option written on two of them must agree (E429).
fn invoke_config_options(model: &Model, diagnostics: &mut Vec<Diagnostic>, catalogue: &Catalogue) {
    // (function, option) → the first value and where it was written.
    let mut first: FxHashMap<(u32, &str), (String, Span)> = FxHashMap::default();
    for edge in &model.edges {
        let source = model.resource(edge.from);
        if catalogue
            .channel(&source.service, &edge.channel)
            .is_none_or(|channel| channel.mechanism != Mechanism::EventInvokeConfig)
        {
            continue;
        }
        for (option, value) in &edge.options {
            let written = value.joined();
            match first.get(&(edge.from.0, option.as_str())) {
                Some((earlier, span)) if *earlier != written => diagnostics.push(
                    catalogue
                        .report(
                            codes::INVOKE_CONFIG_CONFLICT,
                            value.span,
                            &[
                                ("source", &source.name),
                                ("option", option),
                                ("first", earlier),
                                ("second", &written),
                            ],
                        )
                        .with_label(*span, format!("`{option}` {earlier} here")),
                ),
                Some(_) => {}
                None => {
                    first.insert((edge.from.0, option.as_str()), (written, value.span));
                }
            }
        }
    }
}

/// Whether the channel changes its source itself (a notification, a trigger,
/// a rule target), which an existing source does not allow.
pub(super) fn reconfigures_source(channel: &ChannelSpec, source: &Resource) -> bool {
    matches!(
        channel.mechanism,
        Mechanism::S3Notification
            | Mechanism::S3EventBridge
            | Mechanism::CodecommitTrigger
            | Mechanism::CodedeployTrigger
            | Mechanism::AlarmAction
            | Mechanism::RuleTarget
            | Mechanism::PipelineAction
            | Mechanism::FirehoseDelivery
    ) || channel.configures_source
        || (channel.mechanism == Mechanism::EventRule && source.service == "s3")
        // A table's stream is switched on in the table itself.
        || (channel.mechanism == Mechanism::EventSourceMapping && source.service == "dynamodb")
}

/// A CodeCommit trigger takes branch names, not patterns, and `all` alone.
fn trigger_shape(edge: &Edge, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for branch in &edge.branches {
        if branch.text.contains(['*', '?']) {
            diagnostics.push(catalogue.report(
                codes::TRIGGER_BRANCH_PATTERN,
                branch.span,
                &[("branch", &branch.text)],
            ));
        }
    }
    if edge.events.len() > 1
        && let Some(all) = edge.events.iter().find(|event| event.text == "all")
    {
        diagnostics.push(catalogue.report(codes::TRIGGER_ALL_COMBINED, all.span, &[]));
    }
}

/// A service principal generates data keys with the target's KMS key:
/// only a key whose policy admits it will do. `at` is where the target is
/// named: an edge's target, or an option that names a dead-letter queue.
pub(super) fn key_admits_principal(
    at: Span,
    channel: &ChannelSpec,
    target: &Resource,
    catalogue: &Catalogue,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let sender = channel.principal_to(&target.service);
    let through_resource_policy = catalogue
        .service(&target.service)
        .and_then(|spec| spec.receive.as_ref())
        .is_some_and(|receive| receive.grant == Grant::ResourcePolicy);
    // A channel with a rule of its own about encrypted targets (E336) says it better.
    let own_rule = channel.constraints.iter().any(|constraint| {
        constraint.when.iter().any(|condition| {
            condition
                .target_property
                .as_ref()
                .is_some_and(|test| test.property == "kms-key")
        })
    });
    if let (Some(principal), true, false, Some(key)) = (
        sender,
        through_resource_policy,
        own_rule,
        target.key_setting(),
    ) {
        let code = match &key {
            KeySetting::AwsManaged(_) => Some(codes::AWS_MANAGED_KEY),
            KeySetting::Existing(_) => Some(codes::EXISTING_KEY_POLICY),
            KeySetting::Create => None,
        };
        if let (Some(code), KeySetting::AwsManaged(name) | KeySetting::Existing(name)) =
            (code, &key)
        {
            let key_span = target
                .properties
                .get("kms-key")
                .map_or(target.name_span, |property| property.key_span);
            diagnostics.push(
                catalogue
                    .report(
                        code,
                        at,
                        &[
                            ("principal", &principal.replace("{region}", "REGION")),
                            ("service", &target.service),
                            ("name", &target.name),
                            ("key", name),
                        ],
                    )
                    .with_label(key_span, "encrypted with this key"),
            );
        }
    }
}

/// An edge (or an option naming a dead-letter queue, at `at`) into an
/// existing resource whose grant is its resource policy would replace the
/// policy the resource already has.
pub(super) fn existing_policy_replaced(
    at: Span,
    channel: &ChannelSpec,
    target: &Resource,
    catalogue: &Catalogue,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if target.existing.is_some() {
        let grant = catalogue
            .service(&target.service)
            .and_then(|spec| spec.receive.as_ref())
            .map(|receive| receive.grant);
        // A schedule's target and dead-letter queue are sent to as the
        // schedule's execution role: no resource policy is written.
        let writes_policy = grant == Some(Grant::ResourcePolicy)
            && channel.principal.is_some()
            && !matches!(
                channel.mechanism,
                Mechanism::CodedeployTrigger | Mechanism::ScheduleTarget
            );
        if writes_policy {
            diagnostics.push(
                catalogue
                    .report(
                        codes::EXISTING_POLICY_REPLACED,
                        at,
                        &[("name", &target.name), ("service", &target.service)],
                    )
                    .with_label(target.name_span, "declared as existing here"),
            );
        }
    }
}

fn same_settings(first: &Edge, second: &Edge) -> bool {
    let words = |edge: &Edge| -> Vec<String> {
        let mut words: Vec<String> = edge
            .events
            .iter()
            .chain(&edge.branches)
            .map(|text| text.text.clone())
            .collect();
        for (key, value) in &edge.options {
            words.push(format!("{key}={}", value.joined()));
        }
        words
    };
    words(first) == words(second)
}

/// An EC2 action acts on the instance in the alarm's `InstanceId` dimension,
/// so only an alarm on that instance's own metric can carry one.
fn ec2_alarm_action(
    model: &Model,
    edge: &Edge,
    catalogue: &Catalogue,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let alarm = model.resource(edge.from);
    let instance = model.resource(edge.to);
    let metric = match alarm
        .properties
        .get("metric")
        .map(|property| &property.value)
    {
        Some(crate::ast::Value::String(text)) => text.text.as_str(),
        _ => "",
    };
    let action = edge
        .options
        .get("do")
        .map(crate::model::OptionValue::joined);
    let mut problems = Vec::new();
    if action.is_none() {
        problems.push("the action says no `do` (stop, terminate, reboot or recover)".to_string());
    }
    let namespace = metric
        .split_once(' ')
        .map_or(metric, |(namespace, _)| namespace);
    if !["AWS/EC2", "CWAgent"].contains(&namespace) {
        problems.push(format!(
            "`{metric}` is not one instance's own metric (`AWS/EC2` or `CWAgent`)"
        ));
    }
    if action.as_deref() == Some("recover") && !metric.ends_with(" StatusCheckFailed_System") {
        problems.push("`recover` works only on `StatusCheckFailed_System`".to_string());
    }
    if let Some(crate::ast::Value::Map(dimensions, _)) = alarm
        .properties
        .get("dimensions")
        .map(|property| &property.value)
        && dimensions
            .iter()
            .any(|dimension| dimension.key.text == "InstanceId")
    {
        problems.push(
            "its `dimensions` name an `InstanceId`, which wirec sets to the target".to_string(),
        );
    }
    // One dimension, one instance: an earlier EC2 action of the alarm decides it.
    if let Some(first) = model
        .outgoing(alarm.id)
        .iter()
        .filter(|other| other.channel == "action" && model.resource(other.to).service == "ec2")
        .min_by_key(|other| other.id)
        && first.to != edge.to
    {
        problems.push(format!(
            "its EC2 actions already act on `{}`, and an alarm watches one instance",
            model.resource(first.to).name
        ));
    }
    for problem in problems {
        diagnostics.push(catalogue.report(
            codes::EC2_ALARM_ACTION,
            edge.target_span,
            &[
                ("source", &alarm.name),
                ("target", &instance.name),
                ("problem", &problem),
            ],
        ));
    }
}

/// A Firehose stream that reads a Kinesis stream accepts no direct puts.
fn firehose_sources(model: &Model, diagnostics: &mut Vec<Diagnostic>, catalogue: &Catalogue) {
    for resource in &model.resources {
        if resource.service != "firehose" {
            continue;
        }
        let incoming = model.incoming(resource.id);
        let Some(kinesis) = incoming
            .iter()
            .find(|edge| model.resource(edge.from).service == "kinesis")
        else {
            continue;
        };
        for other in incoming.iter().filter(|edge| edge.id != kinesis.id) {
            let sender = model.resource(other.from);
            diagnostics.push(
                catalogue
                    .report(
                        codes::FIREHOSE_SOURCE_CONFLICT,
                        other.target_span,
                        &[
                            ("name", &resource.name),
                            ("stream", &model.resource(kinesis.from).name),
                            ("sender", &format!("{} {}", sender.service, sender.name)),
                        ],
                    )
                    .with_label(kinesis.target_span, "the Kinesis source"),
            );
        }
    }
}

/// A remediation passes its runbook `AutomationAssumeRole` (always) and the
/// resource's ID (as the `parameter` option names it); Systems Manager refuses
/// an execution whose parameters the runbook does not declare, or that leaves a
/// required parameter unset (E369). The runbook is read from its content when
/// it is created here, or from the catalogue when it is an AWS-owned one.
/// A role that may do nothing (no `allows`, and no documented permissions) is
/// W370.
fn remediation_parameters(model: &Model, diagnostics: &mut Vec<Diagnostic>, catalogue: &Catalogue) {
    for edge in &model.edges {
        let source = model.resource(edge.from);
        let runbook = model.resource(edge.to);
        if source.service != "config" || edge.channel != "remediate" || runbook.service != "ssm" {
            continue;
        }
        let owned = runbook
            .existing
            .as_ref()
            .and_then(|arn| catalogue.runbook_of_arn(&arn.text));
        if !edge.options.contains_key("allows")
            && owned.is_none_or(|spec| spec.permissions.is_empty())
        {
            let reason = if owned.is_some() {
                "no `allows`, and AWS lists no permissions for this runbook"
            } else {
                "no `allows`, and wirec cannot tell what this runbook calls"
            };
            diagnostics.push(catalogue.report(
                codes::REMEDIATION_WITHOUT_PERMISSIONS,
                edge.channel_span,
                &[
                    ("source", &source.name),
                    ("runbook", &runbook.name),
                    ("reason", reason),
                ],
            ));
        }
        // The documented permissions include account-level actions that take
        // no resource, so only actions the user names can be narrowed.
        if owned.is_some_and(|spec| !spec.permissions.is_empty())
            && !edge.options.contains_key("allows")
            && let Some(resources) = edge.options.get("resources")
        {
            diagnostics.push(catalogue.report(
                codes::INVALID_VALUE,
                resources.span,
                &[
                    ("option", "resources"),
                    ("expected", "`allows` beside it (`resources` narrows the actions `allows` names; the permissions AWS documents for this runbook are granted on `*`)"),
                    ("found", "no `allows`"),
                ],
            ));
        }
        let Some(known) = RunbookParameters::of(runbook, owned, edge.target_span) else {
            continue;
        };
        let resource_parameter = edge
            .options
            .get("parameter")
            .map(crate::model::OptionValue::joined);
        let mut passed = vec!["AutomationAssumeRole".to_string()];
        passed.extend(resource_parameter);
        if let Some(crate::ast::Value::Map(fixed, _)) = source
            .properties
            .get("remediation-parameters")
            .map(|property| &property.value)
        {
            passed.extend(fixed.iter().map(|entry| entry.key.text.clone()));
        }
        let mut problems = Vec::new();
        for name in &passed {
            if !known.declared.iter().any(|(declared, _)| declared == name) {
                problems.push(format!(
                    "declares no parameter `{name}`, which AWS Config passes"
                ));
            }
        }
        for (name, required) in &known.declared {
            if *required && !passed.contains(name) {
                problems.push(format!(
                    "requires `{name}` (it has no default), which AWS Config does not pass"
                ));
            }
        }
        for problem in problems {
            let diagnostic = catalogue
                .report(
                    codes::REMEDIATION_PARAMETERS,
                    edge.target_span,
                    &[("runbook", &runbook.name), ("problem", &problem)],
                )
                .with_label(known.place, known.label);
            diagnostics.push(match &known.note {
                Some(note) => diagnostic.with_note(note.clone()),
                None => diagnostic,
            });
        }
    }
}

/// What wirec knows of a remediation runbook's parameters, and where that
/// knowledge comes from (for the diagnostic's label and note).
struct RunbookParameters {
    /// (name, whether an execution must pass it) of every declared parameter.
    declared: Vec<(String, bool)>,
    place: Span,
    label: &'static str,
    note: Option<String>,
}

impl RunbookParameters {
    /// From the catalogue for an AWS-owned runbook, from `content` for one
    /// created here; `None` when neither can be read.
    fn of(
        runbook: &crate::model::Resource,
        owned: Option<&crate::catalogue::RunbookSpec>,
        fallback: Span,
    ) -> Option<RunbookParameters> {
        if let Some(spec) = owned {
            return Some(RunbookParameters {
                declared: spec
                    .parameters
                    .iter()
                    .map(|(name, parameter)| {
                        (
                            name.clone(),
                            parameter.required && parameter.default.is_none(),
                        )
                    })
                    .collect(),
                place: runbook.existing.as_ref().map_or(fallback, |arn| arn.span),
                label: "an AWS-owned runbook",
                note: Some(format!(
                    "its parameters as AWS documents them: {}",
                    spec.source
                )),
            });
        }
        let content = runbook.properties.get("content")?;
        let crate::ast::Value::String(text) = &content.value else {
            return None;
        };
        let document = serde_yaml_ng::from_str::<serde_json::Value>(&text.text).ok()?;
        Some(RunbookParameters {
            declared: document
                .get("parameters")
                .and_then(serde_json::Value::as_object)
                .into_iter()
                .flatten()
                .map(|(name, parameter)| (name.clone(), parameter.get("default").is_none()))
                .collect(),
            place: content.value.span(),
            label: "the runbook's content",
            note: None,
        })
    }
}

/// Rules from packs that forbid whole kinds of edges (`forbid: { target: email }`).
pub(super) fn forbidden(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    let patterns: Vec<_> = catalogue
        .rules()
        .into_iter()
        .filter_map(|rule| {
            rule.forbid
                .as_ref()
                .map(|pattern| (rule.code.as_str(), pattern))
        })
        .collect();
    if patterns.is_empty() {
        return;
    }
    for edge in &model.edges {
        let source = model.resource(edge.from);
        let target = model.resource(edge.to);
        for (code, pattern) in &patterns {
            let matches = pattern
                .source
                .as_ref()
                .is_none_or(|service| service == &source.service)
                && pattern
                    .channel
                    .as_ref()
                    .is_none_or(|channel| channel == &edge.channel)
                && pattern
                    .target
                    .as_ref()
                    .is_none_or(|service| service == &target.service);
            if matches {
                diagnostics.push(
                    catalogue
                        .report(
                            code,
                            edge.target_span,
                            &[
                                ("source", &source.name),
                                ("channel", &edge.channel),
                                ("target", &target.name),
                            ],
                        )
                        .with_channel_label(edge),
                );
            }
        }
    }
}

/// The name of a Firehose stream that is fixed before deploying: an existing
/// one's, or one given by `name = "..."` (the one wirec derives fits).
fn stream_name(stream: &crate::model::Resource) -> Option<&str> {
    if let Some(existing) = &stream.existing {
        return existing.text.rsplit('/').next();
    }
    match &stream.properties.get("name")?.value {
        crate::ast::Value::String(name) => Some(name.text.as_str()),
        _ => None,
    }
}
