//! A state machine's execution logs.

use crate::plan::expr::{list, sub, text};
use crate::plan::glue::Glue;
use crate::plan::iam::{DESCRIBE_LOG_GROUPS_UNSCOPED, statement};
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::mechanisms::log_delivery::vended::vended_logs_statement;
use crate::plan::roles::identity_record;
use crate::plan::{Expr, Fields, map};

pub(super) fn glue(d: &Delivery<'_>, out: &mut Glue) {
    let source_logical = &d.cx.source_logical;
    if let Some(role) = &d.cx.source.role {
        // Vended-log delivery takes no resource-level permissions.
        let actions = [
            "logs:CreateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:DescribeLogGroups",
            "logs:DescribeResourcePolicies",
            "logs:GetLogDelivery",
            "logs:ListLogDeliveries",
            "logs:UpdateLogDelivery",
        ];
        out.roles
            .of(role.clone())
            .push(statement(&actions, vec![text("*")]));
        let actions: Vec<String> = actions.iter().map(ToString::to_string).collect();
        let mut record = identity_record(role, role, d.cx.origin, &actions, text("*"));
        record.unscoped = Some(format!(
            "{DELIVERY_UNSCOPED}; {DESCRIBE_LOG_GROUPS_UNSCOPED}"
        ));
        out.record(record);
    }
    // The log group's resource policy lets the delivery in, so the
    // role needs no logs:PutResourcePolicy (permissions management).
    // The delivery, not the state machine, is the sender: a CloudWatch Logs
    // resource of the account (what the policy's aws:SourceArn admits).
    let sender = sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:delivery:*");
    let policy = vended_logs_statement(d.cx, out, d.cx.target, &sender);
    out.depend(source_logical, Some(policy));
    let level =
        d.cx.edge
            .options
            .get("level")
            .map_or("ERROR".to_string(), |level| {
                level.joined().to_ascii_uppercase()
            });
    let mut logging = Fields::new();
    logging.insert(
        "Destinations",
        list(vec![map([(
            "CloudWatchLogsLogGroup",
            map([("LogGroupArn", d.cx.target.arn.clone())]),
        )])]),
    );
    logging.insert("Level", text(level));
    logging.insert(
        "IncludeExecutionData",
        Expr::Bool(
            d.cx.edge
                .options
                .get("execution-data")
                .is_some_and(|data| data.joined() == "true"),
        ),
    );
    d.set(out, "LoggingConfiguration", Expr::Map(logging));
    if let Some(resource) = out.resource_mut(source_logical) {
        resource.notes.push(
            "CloudWatch Logs vended-log delivery (logs:CreateLogDelivery and the rest) takes no resource, so the state machine's role has it on `*`".to_string(),
        );
    }
}

/// Why the state machine's role has log delivery on `*`.
const DELIVERY_UNSCOPED: &str = "CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries and DescribeResourcePolicies take no resource type, and the Step Functions Developer Guide's policy for logging grants them on `*` (AWS Step Functions Developer Guide, Using CloudWatch Logs to log execution history in Step Functions: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html, read 2026-12)";
