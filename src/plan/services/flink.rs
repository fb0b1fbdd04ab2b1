//! Amazon Managed Service for Apache Flink: an application and its role.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::iam::{statement, this_account};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

/// A Managed Service for Apache Flink application with its service
/// execution role, which may read the application's code.
pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let Creation { id, origin, .. } = *cx;
    let logical = cx.logical.as_str();
    let name = cx.physical_name();
    let code = cx.text_property(id, "code").unwrap_or_default();
    let rest = code.trim_start_matches("s3://");
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    let role = format!("{logical}Role");
    out.role(
        &role,
        origin,
        text("kinesisanalytics.amazonaws.com"),
        Some(this_account()),
        vec![statement(
            &["s3:GetObject", "s3:GetObjectVersion"],
            vec![sub(format!(
                "arn:{PARTITION}:s3:::{}/{}",
                sub_literal(bucket),
                sub_literal(key)
            ))],
        )],
    );
    let mut configuration = Fields::new();
    configuration.insert(
        "ApplicationCodeConfiguration",
        map([
            (
                "CodeContent",
                map([(
                    "S3ContentLocation",
                    map([
                        (
                            "BucketARN",
                            sub(format!("arn:{PARTITION}:s3:::{}", sub_literal(bucket))),
                        ),
                        ("FileKey", text(key.to_string())),
                    ]),
                )]),
            ),
            ("CodeContentType", text("ZIPFILE")),
        ]),
    );
    let parallelism = cx.property(id, "parallelism");
    let per_kpu = cx.property(id, "parallelism-per-kpu");
    let autoscaling = cx.property(id, "autoscaling");
    if parallelism.is_some() || per_kpu.is_some() || autoscaling.is_some() {
        let mut settings = Fields::new();
        settings.insert("ConfigurationType", text("CUSTOM"));
        settings.insert(
            "Parallelism",
            parallelism.unwrap_or(Expr::Number("1".into())),
        );
        settings.insert(
            "ParallelismPerKPU",
            per_kpu.unwrap_or(Expr::Number("1".into())),
        );
        settings.insert(
            "AutoScalingEnabled",
            autoscaling.unwrap_or(Expr::Bool(true)),
        );
        configuration.insert(
            "FlinkApplicationConfiguration",
            map([("ParallelismConfiguration", Expr::Map(settings))]),
        );
    }
    properties.insert("ApplicationName", text(name.clone()));
    properties.insert(
        "RuntimeEnvironment",
        cx.property(id, "runtime")
            .unwrap_or_else(|| text("FLINK-1_20")),
    );
    properties.insert("ServiceExecutionRole", Expr::arn(&role));
    properties.insert("ApplicationConfiguration", Expr::Map(configuration));
    if let Some(Expr::Map(environment)) = cx.property(id, "environment") {
        out.flink_properties
            .insert(logical.to_string(), environment);
    }
    Handle {
        logical: Some(logical.to_string()),
        arn: sub(format!(
            "arn:{PARTITION}:kinesisanalytics:${{AWS::Region}}:${{AWS::AccountId}}:application/{name}"
        )),
        name: text(name),
        role: Some(role),
    }
}
