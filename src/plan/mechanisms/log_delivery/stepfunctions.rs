//! A state machine's execution logs.

use crate::plan::expr::{list, text};
use crate::plan::glue::Glue;
use crate::plan::iam::statement;
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::mechanisms::log_delivery::vended::vended_logs_statement;
use crate::plan::{Expr, Fields, map};

pub(super) fn glue(d: &Delivery<'_>, out: &mut Glue) {
    let (source_logical, from, to) = (&d.cx.source_logical, &d.cx.from, &d.cx.to);
    if let Some(role) = &d.cx.source.role {
        // Vended-log delivery takes no resource-level permissions.
        out.roles.of(role.clone()).push(statement(
            &[
                "logs:CreateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:DescribeLogGroups",
                "logs:DescribeResourcePolicies",
                "logs:GetLogDelivery",
                "logs:ListLogDeliveries",
                "logs:UpdateLogDelivery",
            ],
            vec![text("*")],
        ));
    }
    // The log group's resource policy lets the delivery in, so the
    // role needs no logs:PutResourcePolicy (permissions management).
    let policy = vended_logs_statement(d.cx, out, from, to, d.cx.target);
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
