//! A trail's logs: into a bucket (through its merged policy), a log group (through
//! a role CloudTrail assumes) or a topic.

use crate::plan::build::Builder;
use crate::plan::iam::{log_streams, statement};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::{Expr, map};

pub(super) fn into_bucket(b: &mut Builder<'_>, d: &Delivery<'_>) {
    let EdgeCx {
        edge,
        ref source,
        ref target,
        ref source_logical,
        ..
    } = *d.cx;
    let principal = d.cx.principal.clone();
    let prefix = &d.prefix;
    let Some(principal) = principal else { return };
    let policy = b.log_bucket_policy(
        edge,
        principal,
        target,
        prefix.as_deref(),
        &[("aws:SourceArn", source.arn.clone())],
        &[],
    );
    d.set(b, "S3BucketName", target.name.clone());
    b.out.depend(source_logical, Some(policy));
}

pub(super) fn into_log_group(b: &mut Builder<'_>, d: &Delivery<'_>) {
    let EdgeCx {
        ref source,
        ref target,
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
    b.out.role(
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
    d.set(b, "CloudWatchLogsLogGroupArn", target.arn.clone());
    d.set(b, "CloudWatchLogsRoleArn", Expr::arn(&role));
    b.out.depend(source_logical, Some(role));
}

pub(super) fn into_topic(b: &mut Builder<'_>, d: &Delivery<'_>) {
    let EdgeCx {
        ref target,
        ref source_logical,
        ..
    } = *d.cx;
    let Some(policy) = d.cx.admit_source(b) else {
        return;
    };
    d.set(b, "SnsTopicName", target.arn.clone());
    b.out.depend(source_logical, policy);
}
