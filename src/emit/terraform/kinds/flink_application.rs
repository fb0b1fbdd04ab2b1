//! A Flink application, with its logging option (a resource of its own in
//! CloudFormation) as `cloudwatch_logging_options`.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, body, _) = draft;
    if let Some(configuration) = props.get("ApplicationConfiguration") {
        let mut block = Map::new();
        if let Some(code) = field(configuration, "ApplicationCodeConfiguration") {
            let location =
                field(code, "CodeContent").and_then(|content| field(content, "S3ContentLocation"));
            let mut inner = Map::new();
            r.set(
                &mut inner,
                "code_content_type",
                field(code, "CodeContentType"),
            );
            let mut content = Map::new();
            r.block(
                &mut content,
                "s3_content_location",
                location,
                &[("BucketARN", "bucket_arn"), ("FileKey", "file_key")],
            );
            inner.insert(
                "code_content".into(),
                Value::Array(vec![Value::Object(content)]),
            );
            block.insert(
                "application_code_configuration".into(),
                Value::Array(vec![Value::Object(inner)]),
            );
        }
        if let Some(flink) = field(configuration, "FlinkApplicationConfiguration") {
            let mut inner = Map::new();
            r.block(
                &mut inner,
                "parallelism_configuration",
                field(flink, "ParallelismConfiguration"),
                &[
                    ("ConfigurationType", "configuration_type"),
                    ("Parallelism", "parallelism"),
                    ("ParallelismPerKPU", "parallelism_per_kpu"),
                    ("AutoScalingEnabled", "auto_scaling_enabled"),
                ],
            );
            block.insert(
                "flink_application_configuration".into(),
                Value::Array(vec![Value::Object(inner)]),
            );
        }
        if let Some(environment) = field(configuration, "EnvironmentProperties") {
            let groups: Vec<Value> = items(field(environment, "PropertyGroups"))
                .iter()
                .map(|group| {
                    let mut inner = Map::new();
                    r.set(
                        &mut inner,
                        "property_group_id",
                        field(group, "PropertyGroupId"),
                    );
                    r.set(&mut inner, "property_map", field(group, "PropertyMap"));
                    Value::Object(inner)
                })
                .collect();
            block.insert(
                "environment_properties".into(),
                json!([{ "property_group": groups }]),
            );
        }
        body.insert(
            "application_configuration".into(),
            Value::Array(vec![Value::Object(block)]),
        );
    }
    // The logging option that names this application, and what it waits for.
    let own = Expr::Ref(resource.id.clone());
    for option in r.plan.resources.iter().filter(|option| {
        option.kind == Kind::FlinkLogging && option.properties.get("ApplicationName") == Some(&own)
    }) {
        let arn = option
            .properties
            .get("CloudWatchLoggingOption")
            .and_then(|logging| field(logging, "LogStreamARN"));
        let mut block = Map::new();
        r.set(&mut block, "log_stream_arn", arn);
        body.insert(
            "cloudwatch_logging_options".into(),
            Value::Array(vec![Value::Object(block)]),
        );
        r.flink_waits.extend(option.depends_on.iter().cloned());
    }
}
