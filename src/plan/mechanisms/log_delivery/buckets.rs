//! The bucket policies that admit log delivery into a bucket.

use crate::catalogue::Condition;
use crate::plan::expr::{sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::grants::bucket_policy;
use crate::plan::iam::{bucket_statement, objects};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields, GrantForm, GrantRecord, map};

/// The bucket-policy statements with which AWS documents log delivery by a
/// service principal (CloudTrail, log delivery): it may read the bucket's
/// ACL, and write objects under `[PREFIX/]AWSLogs/ACCOUNT/` with the owner
/// in full control; the edge's target is the bucket. Each statement is
/// recorded with `sender`, the ARN the delivery carries as `aws:SourceArn`.
/// Returns the policy's logical id.
pub(super) fn log_bucket_policy(
    cx: &EdgeCx<'_>,
    out: &mut Glue,
    principal: Expr,
    prefix: Option<&str>,
    equals: &[(&'static str, Expr)],
    like: &[(&'static str, Expr)],
    sender: &(Expr, Option<String>),
) -> String {
    let (from, bucket) = (&cx.from, cx.target);
    let account = sub("${AWS::AccountId}");
    let mut scope = Fields::new();
    for (key, value) in equals {
        scope.insert(*key, value.clone());
    }
    if !like.is_empty() {
        scope.insert("aws:SourceAccount", account.clone());
    }
    let mut acl_condition = Fields::new();
    acl_condition.insert("StringEquals", Expr::Map(scope.clone()));
    let mut write_equals = scope;
    write_equals.insert("s3:x-amz-acl", text("bucket-owner-full-control"));
    let mut write_condition = Fields::new();
    write_condition.insert("StringEquals", Expr::Map(write_equals));
    if !like.is_empty() {
        let like: Fields = like
            .iter()
            .map(|(key, value)| (*key, value.clone()))
            .collect();
        acl_condition.insert("ArnLike", Expr::Map(like.clone()));
        write_condition.insert("ArnLike", Expr::Map(like));
    }
    let logs = match prefix {
        Some(prefix) => format!("{}/AWSLogs/${{AWS::AccountId}}", sub_literal(prefix)),
        None => "AWSLogs/${AWS::AccountId}".to_string(),
    };
    let written = objects(&bucket.arn, Some(&format!("{logs}/x")));
    let records: Vec<(&str, Expr)> = vec![
        ("s3:GetBucketAcl", bucket.arn.clone()),
        ("s3:PutObject", written),
    ];
    let held: Vec<Condition> = [
        ("aws:SourceAccount", Condition::SourceAccount),
        ("aws:SourceArn", Condition::SourceArn),
    ]
    .into_iter()
    .filter(|(key, _)| {
        !like.is_empty() && *key == "aws:SourceAccount"
            || equals.iter().chain(like).any(|(held, _)| held == key)
    })
    .map(|(_, condition)| condition)
    .collect();
    let recorded = principal.clone();
    let statements = vec![
        bucket_statement(
            format!("{from}AclCheck"),
            principal.clone(),
            "s3:GetBucketAcl",
            bucket.arn.clone(),
            acl_condition,
        ),
        bucket_statement(
            format!("{from}Write"),
            principal,
            "s3:PutObject",
            objects(&bucket.arn, Some(&logs)),
            write_condition,
        ),
    ];
    let policy = bucket_policy(cx, out, cx.edge, bucket, statements);
    for (action, resource) in records {
        out.record(GrantRecord {
            origin: cx.origin,
            form: GrantForm::BucketPolicy,
            holder: policy.clone(),
            principal: Some(recorded.clone()),
            role: None,
            actions: vec![action.to_string()],
            resource,
            source_arn: Some(sender.0.clone()),
            conditions: held.clone(),
            unscoped: sender.1.clone(),
            external_id: None,
        });
    }
    policy
}

/// The statement with which S3 documents server access logging: the
/// logging service may write under the prefix, for the source bucket only.
pub(super) fn access_log_bucket_policy(
    cx: &EdgeCx<'_>,
    out: &mut Glue,
    principal: Expr,
    prefix: Option<&str>,
    source_arn: Expr,
    equals: &[(&'static str, Expr)],
) -> String {
    let (from, bucket) = (&cx.from, cx.target);
    let mut condition = Fields::new();
    condition.insert("ArnLike", map([("aws:SourceArn", source_arn)]));
    if !equals.is_empty() {
        let equals: Fields = equals
            .iter()
            .map(|(key, value)| (*key, value.clone()))
            .collect();
        condition.insert("StringEquals", Expr::Map(equals));
    }
    let statement = bucket_statement(
        format!("{from}AccessLogs"),
        principal,
        "s3:PutObject",
        objects(&bucket.arn, prefix),
        condition,
    );
    bucket_policy(cx, out, cx.edge, bucket, vec![statement])
}
