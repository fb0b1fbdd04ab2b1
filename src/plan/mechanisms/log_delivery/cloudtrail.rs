//! A trail's logs: into a bucket (through its merged policy), a log group (through
//! a role CloudTrail assumes) or a topic.

use crate::plan::Expr;
use crate::plan::glue::Glue;
use crate::plan::iam::{log_streams, statement};
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::mechanisms::log_delivery::buckets::log_bucket_policy;

pub(super) fn into_bucket(d: &Delivery<'_>, out: &mut Glue) {
    let source_logical = &d.cx.source_logical;
    let principal = d.cx.principal.clone();
    let prefix = &d.prefix;
    let Some(principal) = principal else { return };
    let policy = log_bucket_policy(
        d.cx,
        out,
        principal,
        prefix.as_deref(),
        &[("aws:SourceArn", d.cx.source.arn.clone())],
        &[],
    );
    d.set(out, "S3BucketName", d.cx.target.name.clone());
    out.depend(source_logical, Some(policy));
}

pub(super) fn into_log_group(d: &Delivery<'_>, out: &mut Glue) {
    let (source_logical, from, to) = (&d.cx.source_logical, &d.cx.from, &d.cx.to);
    let principal = d.cx.principal.clone();
    let Some(principal) = principal else { return };
    let role = format!("{from}To{to}Role");
    // CloudTrail writes to streams named ACCOUNT_CloudTrail_REGION...
    let streams = log_streams(d.cx.target, "${AWS::AccountId}_CloudTrail_${AWS::Region}*");
    // No confused-deputy condition: the role policy AWS documents for it
    // (CloudTrail User Guide, "Sending events to CloudWatch Logs") has none,
    // and no AWS source says CloudTrail sends `aws:SourceArn` or
    // `aws:SourceAccount` when it assumes the role; CreateTrail assumes it to
    // check it, so a key CloudTrail does not send would fail the trail. The
    // role cannot be passed to another account's trail (iam:PassRole).
    out.role(
        &role,
        d.cx.origin,
        principal,
        None,
        vec![statement(
            &["logs:CreateLogStream", "logs:PutLogEvents"],
            vec![streams],
        )],
    );
    d.set(out, "CloudWatchLogsLogGroupArn", d.cx.target.arn.clone());
    d.set(out, "CloudWatchLogsRoleArn", Expr::arn(&role));
    out.depend(source_logical, Some(role));
}

pub(super) fn into_topic(d: &Delivery<'_>, out: &mut Glue) {
    let source_logical = &d.cx.source_logical;
    let Some(policy) = d.cx.admit_source(out) else {
        return;
    };
    d.set(out, "SnsTopicName", d.cx.target.arn.clone());
    out.depend(source_logical, policy);
}
