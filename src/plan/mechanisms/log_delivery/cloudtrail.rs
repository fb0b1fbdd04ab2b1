//! A trail's logs: into a bucket (through its merged policy), a log group (through
//! a role CloudTrail assumes) or a topic.

use crate::plan::build::Builder;
use crate::plan::iam::{log_streams, statement};
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::{Expr, map};

pub(super) fn into_bucket(b: &mut Builder<'_>, d: &Delivery<'_>) {
    let edge = d.cx.edge;
    let source = &*d.cx.source;
    let target = &*d.cx.target;
    let principal = d.cx.principal.clone();
    let source_logical = &d.cx.source_logical;
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
    b.depend(source_logical, Some(policy));
}

pub(super) fn into_log_group(b: &mut Builder<'_>, d: &Delivery<'_>) {
    let source = &*d.cx.source;
    let target = &*d.cx.target;
    let principal = d.cx.principal.clone();
    let source_logical = &d.cx.source_logical;
    let from = &d.cx.from;
    let to = &d.cx.to;
    let origin = d.cx.origin;
    let Some(principal) = principal else { return };
    let role = format!("{from}To{to}Role");
    // CloudTrail writes to streams named ACCOUNT_CloudTrail_REGION...
    let streams = log_streams(target, "${AWS::AccountId}_CloudTrail_${AWS::Region}*");
    b.role(
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
    b.depend(source_logical, Some(role));
}

pub(super) fn into_topic(b: &mut Builder<'_>, d: &Delivery<'_>) {
    let edge = d.cx.edge;
    let source = &*d.cx.source;
    let target = &*d.cx.target;
    let principal = d.cx.principal.clone();
    let conditions = &d.cx.conditions;
    let source_logical = &d.cx.source_logical;
    let from = &d.cx.from;
    let origin = d.cx.origin;
    let Some(principal) = principal else { return };
    let policy = b.grant_from_source(edge, from, principal, source, conditions, origin);
    d.set(b, "SnsTopicName", target.arn.clone());
    b.depend(source_logical, policy);
}
