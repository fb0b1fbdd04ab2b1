//! An EventBridge rule's targets.

use crate::catalogue::{Condition, Grant, NameKind};
use crate::model::Edge;
use crate::plan::build::{Cx, Handle};
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::grants::{Sender, grant, sender_role};
use crate::plan::iam::{automation_definition, bare_log_group_arn};
use crate::plan::input_template::transformer;
use crate::plan::mechanisms::{EdgeCx, api_destination};
use crate::plan::roles::allow;
use crate::plan::target_call;
use crate::plan::{Expr, Fields, Kind, map};
use crate::source::Span;

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (source_logical, from, to, conditions) =
        (&cx.source_logical, &cx.from, &cx.to, &cx.conditions);
    let principal = cx.principal.clone();
    rule_target(
        cx,
        out,
        cx.edge,
        source_logical,
        from,
        principal,
        conditions,
        cx.target,
        to,
        cx.origin,
    );
}

#[allow(
    clippy::too_many_arguments,
    reason = "the pieces of one rule target; a struct would only rename them"
)]
pub(in crate::plan) fn rule_target(
    cx: &Cx<'_>,
    out: &mut Glue,
    edge: &Edge,
    rule: &str,
    from: &str,
    principal: Option<Expr>,
    conditions: &[Condition],
    target: &Handle,
    to: &str,
    origin: Span,
) {
    let Some(principal) = principal else { return };
    let rule_arn = Expr::arn(rule);
    let dead_letter = dead_letter_queue(cx, out, edge, from, &principal, &rule_arn);
    let mut entry = Fields::new();
    if let Some(queue) = dead_letter {
        entry.insert("DeadLetterConfig", map([("Arn", queue)]));
    }
    if is_address(cx, edge) {
        let sender = HttpsSender {
            rule,
            from,
            principal,
            conditions,
        };
        https_target(cx, out, edge, &sender, to, entry, origin);
        return;
    }
    let dependency = grant(
        cx,
        out,
        edge.to,
        &Sender {
            from,
            principal,
            source_arn: rule_arn,
            conditions,
            unscoped: cx
                .catalogue
                .channel(&cx.model.resource(edge.from).service, &edge.channel)
                .and_then(|channel| channel.unscoped_to(&cx.model.resource(edge.to).service))
                .map(String::as_str),
            origin,
        },
    );
    let target_service = cx.model.resource(edge.to).service.clone();
    let receive = cx
        .catalogue
        .service(&target_service)
        .and_then(|spec| spec.receive.as_ref());
    let arn = if let Some(call) = receive.and_then(|receive| receive.call) {
        let Some(arn) = target_call::target(
            cx,
            out,
            edge,
            call,
            target,
            dependency.as_deref(),
            &mut entry,
        ) else {
            return;
        };
        arn
    } else if cx.kind_of(edge.to) == Some(Kind::LogGroup) {
        // EventBridge wants the log-group ARN without the `:*` suffix.
        bare_log_group_arn(target)
    } else if cx.kind_of(edge.to) == Some(Kind::Document) {
        automation_definition(&target.arn)
    } else {
        target.arn.clone()
    };
    let mut target_id = to.to_string();
    target_id.truncate(64);
    entry.insert("Id", text(target_id));
    entry.insert("Arn", arn);
    let grant_kind = receive.map(|receive| receive.grant);
    if grant_kind == Some(Grant::Role)
        && let Some(role) = &dependency
    {
        entry.insert("RoleArn", Expr::arn(role));
    }
    target_settings(edge, &mut entry);
    out.push_list(rule, "Targets", Expr::Map(entry));
}

/// Whether the target is an address (an HTTPS endpoint), which a rule
/// reaches through an API destination.
fn is_address(cx: &Cx<'_>, edge: &Edge) -> bool {
    cx.catalogue
        .service(&cx.model.resource(edge.to).service)
        .is_some_and(|spec| spec.name == NameKind::Address)
}

/// A rule target that is an HTTPS endpoint: the API destination and its
/// connection, and a role that EventBridge assumes (trusted as every rule
/// target role is) to invoke that API destination only.
fn https_target(
    cx: &Cx<'_>,
    out: &mut Glue,
    edge: &Edge,
    sender: &HttpsSender<'_>,
    to: &str,
    mut entry: Fields,
    origin: Span,
) {
    let HttpsSender {
        rule,
        from,
        principal,
        conditions,
    } = sender;
    let (rule, from) = (*rule, *from);
    let destination = api_destination::create(cx, out, edge, (from, to), origin);
    let invoker = format!("{from}To{to}Role");
    let rule_arn = Expr::arn(rule);
    sender_role(
        cx,
        out,
        &invoker,
        &Sender {
            from,
            principal: principal.clone(),
            source_arn: rule_arn,
            conditions,
            unscoped: None,
            origin,
        },
        Vec::new(),
    );
    allow(
        out,
        &invoker,
        origin,
        &[api_destination::INVOKE.to_string()],
        vec![Expr::arn(&destination)],
    );
    let mut target_id = to.to_string();
    target_id.truncate(64);
    entry.insert("Id", text(target_id));
    entry.insert("Arn", Expr::arn(&destination));
    entry.insert("RoleArn", Expr::arn(&invoker));
    target_settings(edge, &mut entry);
    out.push_list(rule, "Targets", Expr::Map(entry));
}

/// The rule that sends to an HTTPS endpoint, as `https_target` reads it.
struct HttpsSender<'a> {
    rule: &'a str,
    from: &'a str,
    principal: Expr,
    conditions: &'a [Condition],
}

/// The target's dead-letter queue (`dead-letter NAME`): the queue's policy
/// admits EventBridge from this rule only (and its key, when wirec made it);
/// returns the queue's ARN for `DeadLetterConfig`. The rule does not wait for
/// that policy, which names the rule's ARN.
fn dead_letter_queue(
    cx: &Cx<'_>,
    out: &mut Glue,
    edge: &Edge,
    from: &str,
    principal: &Expr,
    rule_arn: &Expr,
) -> Option<Expr> {
    let named = cx.model.option_target(edge.id, "dead-letter")?;
    let queue_service = &cx.model.resource(named.to).service;
    let channel = cx
        .catalogue
        .channel(&cx.model.resource(edge.from).service, &edge.channel)?;
    let conditions = channel
        .conditions_for
        .get(queue_service)
        .unwrap_or(&channel.conditions);
    grant(
        cx,
        out,
        named.to,
        &Sender {
            from,
            principal: principal.clone(),
            source_arn: rule_arn.clone(),
            conditions,
            unscoped: channel.unscoped_to(queue_service).map(String::as_str),
            origin: named.span,
        },
    );
    Some(cx.handle(named.to).arn.clone())
}

/// What the edge's options set on the target: its input (checked by
/// `check::rule_targets`) and a FIFO queue's message group.
fn target_settings(edge: &Edge, entry: &mut Fields) {
    let option = |name: &str| {
        edge.options
            .get(name)
            .map(crate::model::OptionValue::joined)
    };
    if let Some(input) = option("input") {
        entry.insert("Input", text(input));
    }
    if let Some(path) = option("input-path") {
        entry.insert("InputPath", text(path));
    }
    if let Some(template) = option("input-template")
        && let Ok(read) = transformer(&template)
    {
        let mut transformer = Fields::new();
        if !read.paths.is_empty() {
            let paths = read.paths.into_iter().map(|(key, path)| (key, text(path)));
            transformer.insert("InputPathsMap", Expr::Map(paths.collect()));
        }
        transformer.insert("InputTemplate", text(read.template));
        entry.insert("InputTransformer", Expr::Map(transformer));
    }
    retry_and_group(edge, entry);
}

/// A target's `RetryPolicy` (`retries`, `max-age`) and a FIFO queue's
/// `SqsParameters.MessageGroupId` (`group-id`): the same shape in an
/// EventBridge rule's target and a Scheduler schedule's.
pub(super) fn retry_and_group(edge: &Edge, entry: &mut Fields) {
    let option = |name: &str| {
        edge.options
            .get(name)
            .map(crate::model::OptionValue::joined)
    };
    let retry: Fields = [
        ("MaximumRetryAttempts", option("retries")),
        ("MaximumEventAgeInSeconds", option("max-age")),
    ]
    .into_iter()
    .filter_map(|(key, value)| Some((key, Expr::Number(value?))))
    .collect();
    if !retry.is_empty() {
        entry.insert("RetryPolicy", Expr::Map(retry));
    }
    if let Some(group) = option("group-id") {
        entry.insert("SqsParameters", map([("MessageGroupId", text(group))]));
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::test_support::{plan_of, resource};
    use crate::plan::{Expr, Fields};

    fn only_target(expr: Option<&Expr>) -> &Fields {
        match expr {
            Some(Expr::List(items)) => match items.as_slice() {
                [Expr::Map(target)] => target,
                other => panic!("one target expected: {other:?}"),
            },
            other => panic!("targets expected: {other:?}"),
        }
    }

    #[test]
    fn a_dead_letter_queue_and_retries_are_set_and_the_queue_admits_the_rule() {
        let plan = plan_of(
            "sqs rule-dlq\nschedule nightly \"cron(0 3 * * ? *)\" -> target dead-letter rule-dlq retries 3 max-age 3600 -> lambda report\n",
        );
        let rule = resource(&plan, "NightlySchedule");
        let target = only_target(rule.properties.get("Targets"));
        assert_eq!(
            target.get("DeadLetterConfig"),
            Some(&Expr::Map(
                [("Arn", Expr::arn("RuleDlqQueue"))].into_iter().collect()
            ))
        );
        let retry = format!("{:?}", target.get("RetryPolicy"));
        assert!(
            retry.contains("MaximumRetryAttempts") && retry.contains("3600"),
            "{retry}"
        );
        let policy = format!("{:?}", resource(&plan, "RuleDlqQueuePolicy").properties);
        assert!(
            policy.contains("events.amazonaws.com") && policy.contains("NightlySchedule"),
            "{policy}"
        );
    }

    #[test]
    fn a_template_becomes_an_input_transformer_and_a_group_id_sqs_parameters() {
        let plan = plan_of(
            "sqs q { fifo = true content-dedup = true }\nschedule s \"rate(1 hour)\" -> target input-template \"Id <$.detail.id>\" group-id \"g\" -> sqs q\n",
        );
        let target = only_target(resource(&plan, "SSchedule").properties.get("Targets"));
        let shown = format!("{target:?}");
        assert!(
            shown.contains("InputPathsMap") && shown.contains("$.detail.id"),
            "{shown}"
        );
        assert!(shown.contains("\\\"Id <id>\\\""), "{shown}");
        assert!(shown.contains("MessageGroupId"), "{shown}");
    }
}
