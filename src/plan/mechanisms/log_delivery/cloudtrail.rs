//! A trail's logs: into a bucket (through its merged policy), a log group (through
//! a role CloudTrail assumes) or a topic.

use crate::plan::Expr;
use crate::plan::glue::Glue;
use crate::plan::iam::{bare_log_group_arn, log_streams};
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::mechanisms::log_delivery::buckets::log_bucket_policy;
use crate::plan::roles::{ServiceRole, allow, service_role};

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
        &(d.cx.source.arn.clone(), None),
    );
    d.set(out, "S3BucketName", d.cx.target.name.clone());
    out.depend(source_logical, Some(policy));
}

pub(super) fn into_log_group(d: &Delivery<'_>, out: &mut Glue) {
    let (source_logical, from, to) = (&d.cx.source_logical, &d.cx.from, &d.cx.to);
    let Some(principal) = d.cx.channel.principal_to(&d.cx.target_service) else {
        return;
    };
    let role = format!("{from}To{to}Role");
    // The trust holds CloudTrail to what its principal file says it sends
    // (nothing AWS documents: see stdlib/principals/cloudtrail.yaml).
    service_role(
        d.cx,
        out,
        &ServiceRole {
            id: &role,
            origin: d.cx.origin,
            principal,
            source_arn: Some(d.cx.source.arn.clone()),
        },
        Vec::new(),
    );
    // CloudTrail writes to streams named ACCOUNT_CloudTrail_REGION...: the
    // role policy AWS documents names these streams for both actions; the
    // Service Authorization Reference evaluates CreateLogStream on the
    // group, so it has both.
    let streams = log_streams(d.cx.target, "${AWS::AccountId}_CloudTrail_${AWS::Region}*");
    allow(
        out,
        &role,
        d.cx.origin,
        &["logs:CreateLogStream".to_string()],
        vec![bare_log_group_arn(d.cx.target), streams.clone()],
    );
    allow(
        out,
        &role,
        d.cx.origin,
        &["logs:PutLogEvents".to_string()],
        vec![streams],
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
