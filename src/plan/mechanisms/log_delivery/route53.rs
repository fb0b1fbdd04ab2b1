//! A hosted zone's query logs, admitted by the account's logs resource policy.

use crate::plan::glue::Glue;
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::{Expr, map};

pub(super) fn glue(d: &Delivery<'_>, out: &mut Glue) {
    let (source_logical, from, to) = (&d.cx.source_logical, &d.cx.from, &d.cx.to);
    let principal = d.cx.principal.clone();
    let Some(principal) = principal else { return };
    // Any zone of this account: naming the zone would close a cycle
    // (zone → policy → zone id), and the policy is per log group.
    let statement = format!(
        "{{\"Sid\":\"QueryLogsFrom{from}To{to}\",\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"{principal}\"}},\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{group}:*\",\"Condition\":{{\"StringEquals\":{{\"aws:SourceAccount\":\"${{AWS::AccountId}}\"}},\"ArnLike\":{{\"aws:SourceArn\":\"arn:${{AWS::Partition}}:route53:::hostedzone/*\"}}}}}}",
        principal = match &principal {
            Expr::Text(principal) => principal.to_string(),
            _ => String::new(),
        },
        group = match &d.cx.target.name {
            Expr::Text(name) => name.to_string(),
            _ => String::new(),
        },
    );
    out.logs_policy.add(statement);
    d.set(
        out,
        "QueryLoggingConfig",
        map([("CloudWatchLogsLogGroupArn", d.cx.target.arn.clone())]),
    );
    out.depend(
        source_logical,
        Some("EventsToLogsResourcePolicy".to_string()),
    );
}
