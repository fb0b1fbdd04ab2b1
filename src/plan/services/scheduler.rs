//! Amazon EventBridge Scheduler: a schedule and its execution role.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::keys::{KEY_SENDER_ACTIONS, key_for_role};
use crate::plan::roles::{ServiceRole, allow, service_role};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

/// The schedule group a schedule without `group` belongs to.
const DEFAULT_GROUP: &str = "default";

/// The schedule and its own execution role: Scheduler delivers to every
/// target (and to the dead-letter queue) as this role, never through a
/// resource policy. One role per schedule, so that it may act on that
/// schedule's target only; its trust holds Scheduler to this account and the
/// schedule's group, as the Scheduler User Guide's execution role shows.
pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let (group_name, group_arn) = group(cx);
    let role = format!("{logical}Role");
    service_role(
        cx,
        out,
        &ServiceRole {
            id: &role,
            origin: cx.origin,
            principal: "scheduler.amazonaws.com",
            source_arn: Some(group_arn),
        },
        Vec::new(),
    );
    if let Some(group) = group_name {
        properties.insert("GroupName", group);
    }
    if let Some(target) = universal_target(cx, out, &role) {
        properties.insert("Target", target);
    }
    cx.copy_properties(
        id,
        properties,
        &[
            ("at", "ScheduleExpression"),
            ("timezone", "ScheduleExpressionTimezone"),
            ("start", "StartDate"),
            ("end", "EndDate"),
            ("description", "Description"),
        ],
    );
    let window = match cx.property(id, "flexible-window") {
        Some(minutes) => map([
            ("Mode", text("FLEXIBLE")),
            ("MaximumWindowInMinutes", minutes),
        ]),
        None => map([("Mode", text("OFF"))]),
    };
    properties.insert("FlexibleTimeWindow", window);
    let state = cx
        .text_property(id, "state")
        .map_or_else(|| "ENABLED".to_string(), |state| state.to_ascii_uppercase());
    properties.insert("State", text(state));
    Handle {
        logical: Some(logical.clone()),
        arn: Expr::arn(logical),
        name: Expr::Ref(logical.clone()),
        role: Some(role),
    }
}

/// The schedule's `GroupName` (none for AWS's `default`) and its group's
/// ARN: a declared `schedule-group`'s name and ARN (`group = nightly`), or
/// an existing group's by its quoted name (`group = "nightly"`).
fn group(cx: &Creation<'_>) -> (Option<Expr>, Expr) {
    if let Some(named) = cx.model.property_target(cx.id, "group") {
        let handle = cx.handle(named.to);
        return (Some(handle.name.clone()), handle.arn.clone());
    }
    let name = cx.text_property(cx.id, "group");
    let arn = sub(format!(
        "arn:{PARTITION}:scheduler:${{AWS::Region}}:${{AWS::AccountId}}:schedule-group/{}",
        sub_literal(name.as_deref().unwrap_or(DEFAULT_GROUP))
    ));
    (name.map(text), arn)
}

/// A universal target (`call = "ec2:stopInstances"`): the target ARN
/// `arn:aws:scheduler:::aws-sdk:SERVICE:apiAction` with the API's request as
/// `Input`, and on the execution role the IAM action (`ec2:StopInstances`) on
/// the resources in `on` only (`*` when left out, which check reports).
fn universal_target(cx: &Creation<'_>, out: &mut Glue, role: &str) -> Option<Expr> {
    let id = cx.id;
    let call = cx.text_property(id, "call")?;
    let facet = cx
        .catalogue
        .service(&cx.resource.service)?
        .properties
        .get("call")?
        .api_call
        .as_ref()?;
    let (service, action) = call.split_once(':')?;
    let scope = match cx.property(id, &facet.scope) {
        Some(Expr::List(items)) => items,
        Some(single) => vec![single],
        None => vec![text("*")],
    };
    allow(
        out,
        role,
        cx.origin,
        &[facet.iam_action(service, action)],
        scope,
    );
    let input = cx
        .text_property(id, "input")
        .unwrap_or_else(|| "{}".to_string());
    let mut target = Fields::new();
    target.insert(
        "Arn",
        sub(format!(
            "arn:{PARTITION}:scheduler:::aws-sdk:{}",
            sub_literal(&call)
        )),
    );
    target.insert("RoleArn", Expr::arn(role));
    target.insert("Input", text(input));
    dead_letter_and_retries(cx, out, role, &mut target);
    Some(Expr::Map(target))
}

/// A universal target's `dead-letter`, `retries` and `max-age` properties,
/// which a `->` target takes on its edge: the queue Scheduler sends what it
/// could not deliver to, as the execution role (`sqs:SendMessage` on that
/// queue only, and its key), and the retry policy.
fn dead_letter_and_retries(cx: &Creation<'_>, out: &mut Glue, role: &str, target: &mut Fields) {
    let id = cx.id;
    let retry: Fields = [
        ("MaximumRetryAttempts", cx.property(id, "retries")),
        ("MaximumEventAgeInSeconds", cx.property(id, "max-age")),
    ]
    .into_iter()
    .filter_map(|(key, value)| Some((key, value?)))
    .collect();
    if !retry.is_empty() {
        target.insert("RetryPolicy", Expr::Map(retry));
    }
    let Some(named) = cx.model.property_target(id, "dead-letter") else {
        return;
    };
    let queue = cx.handle(named.to).arn.clone();
    allow(
        out,
        role,
        named.span,
        &["sqs:SendMessage".to_string()],
        vec![queue.clone()],
    );
    key_for_role(cx, out, role, named.to, &KEY_SENDER_ACTIONS);
    target.insert("DeadLetterConfig", map([("Arn", queue)]));
}

#[cfg(test)]
mod tests {
    use crate::plan::Expr;
    use crate::plan::test_support::{plan_of, resource};

    #[test]
    fn a_universal_target_calls_its_action_as_the_role_on_the_named_resources_only() {
        let plan = plan_of(
            "scheduler stop-dev { at = \"cron(0 19 * * ? *)\", call = \"ec2:stopInstances\", input = \"{\\\"InstanceIds\\\": [\\\"i-0123456789abcdef0\\\"]}\", on = [\"arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0\"] }\n",
        );
        let target = format!(
            "{:?}",
            resource(&plan, "StopDevScheduler").properties.get("Target")
        );
        assert!(
            target.contains(":scheduler:::aws-sdk:ec2:stopInstances")
                && target.contains("StopDevSchedulerRole")
                && target.contains("InstanceIds"),
            "{target}"
        );
        let role = format!("{:?}", resource(&plan, "StopDevSchedulerRole").properties);
        assert!(
            role.contains("\"ec2:StopInstances\"")
                && role.contains("instance/i-0123456789abcdef0")
                && !role.contains("\"*\""),
            "{role}"
        );
    }

    #[test]
    fn a_universal_targets_dead_letter_queue_and_retries_are_its_properties() {
        let plan = plan_of(
            "sqs stop-dlq\nscheduler stop-dev { at = \"rate(1 hour)\", call = \"ec2:stopInstances\", on = [\"arn:aws:ec2:us-east-1:111122223333:instance/i-1\"], dead-letter = stop-dlq, retries = 3, max-age = 3600 }\n",
        );
        let target = format!(
            "{:?}",
            resource(&plan, "StopDevScheduler").properties.get("Target")
        );
        assert!(
            target.contains("DeadLetterConfig")
                && target.contains("StopDlqQueue")
                && target.contains("MaximumRetryAttempts")
                && target.contains("MaximumEventAgeInSeconds"),
            "{target}"
        );
        let role = format!("{:?}", resource(&plan, "StopDevSchedulerRole").properties);
        assert!(
            role.contains("sqs:SendMessage") && role.contains("StopDlqQueue"),
            "{role}"
        );
    }

    #[test]
    fn a_declared_group_is_named_by_reference_and_a_quoted_one_by_its_text() {
        let plan = plan_of(
            "scheduler report { at = \"rate(1 day)\", group = nightly } -> sqs jobs\nschedule-group nightly\nscheduler legacy { at = \"rate(1 hour)\", group = \"ops\" } -> sqs jobs\n",
        );
        assert_eq!(
            resource(&plan, "ReportScheduler")
                .properties
                .get("GroupName"),
            Some(&Expr::Ref("NightlyScheduleGroup".to_string()))
        );
        let trust = format!("{:?}", resource(&plan, "ReportSchedulerRole").properties);
        assert!(
            trust.contains("Attr(\"NightlyScheduleGroup\", \"Arn\")") && !trust.contains("default"),
            "{trust}"
        );
        assert_eq!(
            resource(&plan, "LegacyScheduler")
                .properties
                .get("GroupName"),
            Some(&crate::plan::expr::text("ops"))
        );
        let trust = format!("{:?}", resource(&plan, "LegacySchedulerRole").properties);
        assert!(trust.contains("schedule-group/ops"), "{trust}");
    }

    #[test]
    fn a_step_functions_call_is_granted_under_its_iam_prefix() {
        let plan = plan_of(
            "scheduler kick { at = \"rate(1 hour)\", call = \"sfn:startExecution\", on = [\"arn:aws:states:us-east-1:111122223333:stateMachine:flow\"] }\n",
        );
        let role = format!("{:?}", resource(&plan, "KickSchedulerRole").properties);
        assert!(role.contains("\"states:StartExecution\""), "{role}");
    }
}
