//! An EventBridge Scheduler schedule's one target: the schedule's `Target`,
//! and on the schedule's execution role the target's action on the target
//! only (and its key), plus sending to the dead-letter queue. Scheduler
//! delivers as the role to every target, so no target policy changes.

use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::keys::{KEY_SENDER_ACTIONS, key_for_role};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::roles::allow;
use crate::plan::services::role_scope;
use crate::plan::{Expr, Fields, Kind, map};

/// What the schedule's role may do to a dead-letter queue (Scheduler sends
/// dead-letter events as the execution role).
const DEAD_LETTER_ACTIONS: [&str; 1] = ["sqs:SendMessage"];

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let Some(role) = cx.source.role.clone() else {
        return;
    };
    let edge = cx.edge;
    let option = |name: &str| {
        edge.options
            .get(name)
            .map(crate::model::OptionValue::joined)
    };
    let mut target = Fields::new();
    target.insert("Arn", cx.target.arn.clone());
    target.insert("RoleArn", Expr::arn(&role));
    if let Some(actions) = cx
        .catalogue
        .service(&cx.target_service)
        .and_then(|spec| spec.receive.as_ref())
        .map(|receive| receive.actions.clone())
    {
        let scope = role_scope(cx.target_kind, cx.target);
        allow(out, &role, cx.origin, &actions, scope);
    }
    key_for_role(cx, out, &role, edge.to, &KEY_SENDER_ACTIONS);
    if let Some(input) = option("input") {
        target.insert("Input", text(input));
    }
    super::rule_target::retry_and_group(edge, &mut target);
    if cx.target_kind == Some(Kind::Stream) {
        // Scheduler requires a partition key for a stream; the schedule's
        // name keeps its records in one shard, in order.
        let key =
            option("partition-key").unwrap_or_else(|| cx.model.resource(edge.from).name.clone());
        target.insert("KinesisParameters", map([("PartitionKey", text(key))]));
    }
    if let Some(named) = cx.model.option_target(edge.id, "dead-letter") {
        let queue = cx.handle(named.to).arn.clone();
        allow(
            out,
            &role,
            named.span,
            &DEAD_LETTER_ACTIONS.map(str::to_string),
            vec![queue.clone()],
        );
        key_for_role(cx, out, &role, named.to, &KEY_SENDER_ACTIONS);
        target.insert("DeadLetterConfig", map([("Arn", queue)]));
    }
    if let Some(schedule) = out.resource_mut(&cx.source_logical) {
        schedule.properties.insert("Target", Expr::Map(target));
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::Expr;
    use crate::plan::test_support::{plan_of, resource};

    #[test]
    fn the_target_is_sent_to_as_the_schedules_role_with_its_action_only() {
        let plan = plan_of(
            "sqs reminder-dlq\nscheduler reminders { at = \"rate(5 minutes)\" } -> target dead-letter reminder-dlq retries 3 -> sqs reminders\n",
        );
        let schedule = resource(&plan, "RemindersScheduler");
        let target = format!("{:?}", schedule.properties.get("Target"));
        assert!(
            target.contains("RemindersSchedulerRole")
                && target.contains("DeadLetterConfig")
                && target.contains("ReminderDlqQueue")
                && target.contains("MaximumRetryAttempts"),
            "{target}"
        );
        let role = format!("{:?}", resource(&plan, "RemindersSchedulerRole").properties);
        assert!(
            role.contains("scheduler.amazonaws.com")
                && role.contains("aws:SourceAccount")
                && role.contains("schedule-group/default"),
            "{role}"
        );
        assert!(
            role.contains("sqs:SendMessage")
                && role.contains("RemindersQueue")
                && role.contains("ReminderDlqQueue"),
            "{role}"
        );
        assert!(
            !plan
                .resources
                .iter()
                .any(|r| r.id == "RemindersQueueQueuePolicy"),
            "no queue policy: Scheduler sends as its role"
        );
    }

    #[test]
    fn a_stream_target_gets_a_partition_key_and_a_flexible_window_is_set() {
        let plan = plan_of(
            "scheduler tick { at = \"cron(0 3 * * ? *)\", timezone = \"Europe/Berlin\", flexible-window = 15 } -> kinesis clicks\n",
        );
        let schedule = resource(&plan, "TickScheduler");
        let target = format!("{:?}", schedule.properties.get("Target"));
        assert!(
            target.contains("PartitionKey") && target.contains("tick"),
            "{target}"
        );
        assert_eq!(
            format!("{:?}", schedule.properties.get("FlexibleTimeWindow")),
            format!(
                "{:?}",
                Some(&crate::plan::map([
                    ("MaximumWindowInMinutes", Expr::Number("15".into())),
                    ("Mode", crate::plan::expr::text("FLEXIBLE")),
                ]))
            )
        );
    }
}
