//! A detector's findings exported into a bucket: a publishing destination,
//! the KMS key GuardDuty encrypts them with, and the bucket and key policy
//! statements the GuardDuty User Guide gives for the export.

use crate::catalogue::Condition;
use crate::plan::expr::{sub, sub_literal, text, texts};
use crate::plan::glue::Glue;
use crate::plan::grants::bucket_policy;
use crate::plan::iam::{bucket_statement, objects};
use crate::plan::keys::create_key;
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::{Expr, Fields, GrantForm, GrantRecord, Kind, map};

pub(super) fn into_bucket(d: &Delivery<'_>, out: &mut Glue) {
    let cx = d.cx;
    let (from, to) = (&cx.from, &cx.to);
    let Some(principal) = cx.principal.clone() else {
        return;
    };
    // Both policies admit GuardDuty for this detector in this account only.
    let scope = map([
        ("aws:SourceAccount", sub("${AWS::AccountId}")),
        ("aws:SourceArn", cx.source.arn.clone()),
    ]);
    let condition: Fields = [("StringEquals", scope)].into_iter().collect();
    let bucket = cx.target;
    let statements = vec![
        bucket_statement(
            format!("{from}FindingsLocation"),
            principal.clone(),
            "s3:GetBucketLocation",
            bucket.arn.clone(),
            condition.clone(),
        ),
        bucket_statement(
            format!("{from}FindingsWrite"),
            principal.clone(),
            "s3:PutObject",
            objects(&bucket.arn, d.prefix.as_deref()),
            condition.clone(),
        ),
    ];
    let policy = bucket_policy(cx, out, cx.edge, bucket, statements);
    let written = objects(
        &bucket.arn,
        Some(&format!("{}/x", d.prefix.as_deref().unwrap_or(""))),
    );
    let held = vec![Condition::SourceAccount, Condition::SourceArn];
    for (action, resource) in [
        ("s3:GetBucketLocation", bucket.arn.clone()),
        ("s3:PutObject", written),
    ] {
        out.record(GrantRecord {
            origin: cx.origin,
            form: GrantForm::BucketPolicy,
            holder: policy.clone(),
            principal: Some(principal.clone()),
            role: None,
            actions: vec![action.to_string()],
            resource,
            source_arn: Some(cx.source.arn.clone()),
            conditions: held.clone(),
            unscoped: None,
            external_id: None,
        });
    }

    // GuardDuty exports only KMS-encrypted findings, and S3 buckets carry
    // no key wirec knows of: the export gets a key of its own.
    let key = out.unique_id(format!("{from}FindingsTo{to}Key"));
    create_key(
        out,
        &key,
        format!(
            "Encrypts the findings GuardDuty exports to s3 `{}` (wirec)",
            cx.model.resource(cx.edge.to).name
        ),
        cx.origin,
    );
    let use_key = map([
        ("Sid", text(format!("{from}FindingsEncrypt"))),
        ("Effect", text("Allow")),
        ("Principal", map([("Service", principal.clone())])),
        ("Action", texts(&["kms:GenerateDataKey".to_string()])),
        ("Resource", text("*")),
        ("Condition", Expr::Map(condition)),
    ]);
    out.push_list(&key, "KeyPolicy.Statement", use_key);
    out.record(GrantRecord {
        origin: cx.origin,
        form: GrantForm::KeyPolicy,
        holder: key.clone(),
        principal: Some(principal.clone()),
        role: None,
        actions: vec!["kms:GenerateDataKey".to_string()],
        resource: Expr::arn(&key),
        source_arn: Some(cx.source.arn.clone()),
        conditions: held,
        unscoped: None,
        external_id: None,
    });

    let destination = match (&bucket.arn, &d.prefix) {
        (Expr::Sub(arn), Some(prefix)) => Expr::Sub(format!("{arn}/{}", sub_literal(prefix))),
        (Expr::Text(arn), Some(prefix)) => text(format!("{arn}/{prefix}")),
        (arn, _) => arn.clone(),
    };
    let mut properties = Fields::new();
    properties.insert("DetectorId", cx.source.name.clone());
    properties.insert("DestinationType", text("S3"));
    properties.insert(
        "DestinationProperties",
        map([
            ("DestinationArn", destination),
            ("KmsKeyArn", Expr::arn(&key)),
        ]),
    );
    let id = out.unique_id(format!("{from}FindingsTo{to}"));
    out.add(
        id.clone(),
        Kind::PublishingDestination,
        cx.origin,
        properties,
    );
    // GuardDuty checks both policies when the destination is created.
    out.depend(&id, Some(policy));
}
