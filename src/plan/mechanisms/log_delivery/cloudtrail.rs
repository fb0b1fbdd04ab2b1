//! A trail's logs: into a bucket (through its merged policy), a log group (through
//! a role CloudTrail assumes) or a topic.

use crate::plan::glue::Glue;
use crate::plan::iam::{log_streams, statement};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::mechanisms::log_delivery::buckets::log_bucket_policy;
use crate::plan::{Expr, map};

pub(super) fn into_bucket(d: &Delivery<'_>, out: &mut Glue) {
    let EdgeCx {
        edge,
        source,
        target,
        ref source_logical,
        ..
    } = *d.cx;
    let principal = d.cx.principal.clone();
    let prefix = &d.prefix;
    let Some(principal) = principal else { return };
    let policy = log_bucket_policy(
        d.cx,
        out,
        edge,
        principal,
        target,
        prefix.as_deref(),
        &[("aws:SourceArn", source.arn.clone())],
        &[],
    );
    d.set(out, "S3BucketName", target.name.clone());
    out.depend(source_logical, Some(policy));
}

pub(super) fn into_log_group(d: &Delivery<'_>, out: &mut Glue) {
    let EdgeCx {
        source,
        target,
        ref source_logical,
        origin,
        ref from,
        ref to,
        ..
    } = *d.cx;
    let principal = d.cx.principal.clone();
    let Some(principal) = principal else { return };
    let role = format!("{from}To{to}Role");
    // CloudTrail writes to streams named ACCOUNT_CloudTrail_REGION...
    let streams = log_streams(target, "${AWS::AccountId}_CloudTrail_${AWS::Region}*");
    out.role(
        &role,
        origin,
        principal,
        Some(map([(
            "StringEquals",
            map([("aws:SourceArn", source.arn.clone())]),
        )])),
        vec![statement(
            &["logs:CreateLogStream", "logs:PutLogEvents"],
            vec![streams],
        )],
    );
    d.set(out, "CloudWatchLogsLogGroupArn", target.arn.clone());
    d.set(out, "CloudWatchLogsRoleArn", Expr::arn(&role));
    out.depend(source_logical, Some(role));
}

pub(super) fn into_topic(d: &Delivery<'_>, out: &mut Glue) {
    let EdgeCx {
        target,
        ref source_logical,
        ..
    } = *d.cx;
    let Some(policy) = d.cx.admit_source(out) else {
        return;
    };
    d.set(out, "SnsTopicName", target.arn.clone());
    out.depend(source_logical, policy);
}
