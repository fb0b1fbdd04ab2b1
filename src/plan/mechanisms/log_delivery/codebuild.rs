//! A project's build logs into a log group or a bucket.

use crate::plan::expr::{sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::iam::{allow_logs, objects};
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::roles::allow;
use crate::plan::{Expr, Fields, Kind, map};

pub(super) fn glue(d: &Delivery<'_>, out: &mut Glue) {
    let source_logical = &d.cx.source_logical;
    let prefix = &d.prefix;
    let Some(role) = d.cx.source.role.clone() else {
        return;
    };
    let Some(Expr::Map(mut logs)) = out
        .resource_mut(source_logical)
        .and_then(|project| project.properties.get("LogsConfig").cloned())
    else {
        return;
    };
    if d.cx.target_kind == Some(Kind::LogGroup) {
        let mut cloudwatch = Fields::new();
        cloudwatch.insert("GroupName", d.cx.target.name.clone());
        cloudwatch.insert("Status", text("ENABLED"));
        if let Some(prefix) = prefix {
            cloudwatch.insert("StreamName", text(prefix.clone()));
        }
        logs.insert("CloudWatchLogs", Expr::Map(cloudwatch));
        allow_logs(
            out,
            &role,
            &role,
            d.cx.origin,
            &["logs:CreateLogStream", "logs:PutLogEvents"],
            d.cx.target,
        );
    } else {
        let location = match (&d.cx.target.name, prefix) {
            (Expr::Sub(name), Some(prefix)) => Expr::Sub(format!("{name}/{}", sub_literal(prefix))),
            (Expr::Text(name), Some(prefix)) => text(format!("{name}/{prefix}")),
            (name, _) => name.clone(),
        };
        logs.insert(
            "S3Logs",
            map([("Location", location), ("Status", text("ENABLED"))]),
        );
        allow(
            out,
            &role,
            d.cx.origin,
            &[
                "s3:GetBucketAcl".to_string(),
                "s3:GetBucketLocation".to_string(),
            ],
            vec![d.cx.target.arn.clone()],
        );
        allow(
            out,
            &role,
            d.cx.origin,
            &["s3:PutObject".to_string()],
            vec![objects(&d.cx.target.arn, prefix.as_deref())],
        );
    }
    d.set(out, "LogsConfig", Expr::Map(logs));
}
