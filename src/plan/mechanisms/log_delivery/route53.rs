//! A hosted zone's query logs, admitted by the account's logs resource policy.

use crate::plan::glue::Glue;
use crate::plan::iam::{bare_log_group_arn, log_streams};
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::mechanisms::log_delivery::vended::{LOGS_POLICY, record_logs_policy, sub_body};
use crate::plan::{Expr, map};

pub(super) fn glue(d: &Delivery<'_>, out: &mut Glue) {
    let (source_logical, from, to) = (&d.cx.source_logical, &d.cx.from, &d.cx.to);
    let principal = d.cx.principal.clone();
    let Some(principal) = principal else { return };
    // Any zone of this account: naming the zone would close a cycle
    // (zone → policy → zone id), and the policy is per log group.
    let (group, streams) = (
        sub_body(&bare_log_group_arn(d.cx.target)),
        sub_body(&log_streams(d.cx.target, "*")),
    );
    let statement = format!(
        "{{\"Sid\":\"QueryLogsFrom{from}To{to}\",\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"{principal}\"}},\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":[\"{group}\",\"{streams}\"],\"Condition\":{{\"StringEquals\":{{\"aws:SourceAccount\":\"${{AWS::AccountId}}\"}},\"ArnLike\":{{\"aws:SourceArn\":\"arn:${{AWS::Partition}}:route53:::hostedzone/*\"}}}}}}",
        principal = match &principal {
            Expr::Text(principal) => principal.to_string(),
            _ => String::new(),
        },
    );
    record_logs_policy(
        out,
        d.cx.origin,
        &principal,
        d.cx.target,
        &d.cx.source.arn,
        Some(ZONE_UNSCOPED),
    );
    out.logs_policy.add(statement);
    d.set(
        out,
        "QueryLoggingConfig",
        map([("CloudWatchLogsLogGroupArn", d.cx.target.arn.clone())]),
    );
    out.depend(source_logical, Some(LOGS_POLICY.to_string()));
}

/// Why query logging is held to the account's zones and not to one.
const ZONE_UNSCOPED: &str = "aws:SourceArn admits every hosted zone of the account (`hostedzone/*`; zone ARNs carry no account, so aws:SourceAccount holds it to this one): the zone's query logging configuration waits for the policy, so the policy cannot name the zone's ID without a cycle, and an account has at most 10 logs resource policies per Region. Amazon Route 53 Developer Guide, Public DNS query logging (the resource policy with aws:SourceArn arn:aws:route53:::hostedzone/* and aws:SourceAccount): https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/query-logs.html (read 2026-12)";
