//! A Firehose delivery stream: the destination's configuration block, named by destination.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, body, _) = draft;
    // A stream named for API Gateway keeps its name; others get one.
    let name = match props.get("DeliveryStreamName") {
        Some(name) => r.value(name),
        None => r.generated_name(&resource.id, 64),
    };
    body.insert("name".into(), name);
    for (key, destination, block_name, fields) in [
        (
            "AmazonopensearchserviceDestinationConfiguration",
            "opensearch",
            "opensearch_configuration",
            &[
                ("DomainARN", "domain_arn"),
                ("IndexName", "index_name"),
                ("IndexRotationPeriod", "index_rotation_period"),
                ("RoleARN", "role_arn"),
                ("S3BackupMode", "s3_backup_mode"),
            ][..],
        ),
        (
            "SplunkDestinationConfiguration",
            "splunk",
            "splunk_configuration",
            &[
                ("HECEndpoint", "hec_endpoint"),
                ("HECEndpointType", "hec_endpoint_type"),
                ("HECToken", "hec_token"),
                (
                    "HECAcknowledgmentTimeoutInSeconds",
                    "hec_acknowledgment_timeout",
                ),
                ("S3BackupMode", "s3_backup_mode"),
            ][..],
        ),
        (
            "RedshiftDestinationConfiguration",
            "redshift",
            "redshift_configuration",
            &[
                ("ClusterJDBCURL", "cluster_jdbcurl"),
                ("Username", "username"),
                ("Password", "password"),
                ("RoleARN", "role_arn"),
            ][..],
        ),
    ] {
        let Some(configuration) = props.get(key) else {
            continue;
        };
        body.insert("destination".into(), json!(destination));
        let mut block = Map::new();
        for (key, argument) in fields {
            r.set(&mut block, argument, field(configuration, key));
        }
        // Redshift's COPY command is flat in Terraform.
        if let Some(copy) = field(configuration, "CopyCommand") {
            r.rename_into(
                &mut block,
                copy,
                &[
                    ("DataTableName", "data_table_name"),
                    ("DataTableColumns", "data_table_columns"),
                    ("CopyOptions", "copy_options"),
                ],
            );
        }
        r.block(
            &mut block,
            "s3_configuration",
            field(configuration, "S3Configuration"),
            &[("BucketARN", "bucket_arn"), ("RoleARN", "role_arn")],
        );
        r.block(
            &mut block,
            "secrets_manager_configuration",
            field(configuration, "SecretsManagerConfiguration"),
            &[
                ("Enabled", "enabled"),
                ("RoleARN", "role_arn"),
                ("SecretARN", "secret_arn"),
            ],
        );
        processing(r, &mut block, configuration);
        body.insert(block_name.into(), Value::Array(vec![Value::Object(block)]));
    }
    if let Some(configuration) = props.get("HttpEndpointDestinationConfiguration") {
        http_endpoint(r, body, configuration);
    }
    if let Some(destination) = props.get("ExtendedS3DestinationConfiguration") {
        body.insert("destination".into(), json!("extended_s3"));
        let mut block = Map::new();
        r.rename_into(
            &mut block,
            destination,
            &[
                ("BucketARN", "bucket_arn"),
                ("RoleARN", "role_arn"),
                ("Prefix", "prefix"),
                ("CompressionFormat", "compression_format"),
            ],
        );
        processing(r, &mut block, destination);
        if let Some(hints) = field(destination, "BufferingHints") {
            r.set(
                &mut block,
                "buffering_interval",
                field(hints, "IntervalInSeconds"),
            );
            r.set(&mut block, "buffering_size", field(hints, "SizeInMBs"));
        }
        body.insert(
            "extended_s3_configuration".into(),
            Value::Array(vec![Value::Object(block)]),
        );
    }
}

/// An HTTP endpoint destination: the endpoint, buffering and retry settings
/// are flat in Terraform's `http_endpoint_configuration`.
fn http_endpoint(r: &mut Renderer<'_>, body: &mut Map<String, Value>, configuration: &Expr) {
    body.insert("destination".into(), json!("http_endpoint"));
    let mut block = Map::new();
    if let Some(endpoint) = field(configuration, "EndpointConfiguration") {
        r.rename_into(&mut block, endpoint, &[("Url", "url"), ("Name", "name")]);
    }
    r.rename_into(
        &mut block,
        configuration,
        &[("RoleARN", "role_arn"), ("S3BackupMode", "s3_backup_mode")],
    );
    if let Some(hints) = field(configuration, "BufferingHints") {
        r.set(
            &mut block,
            "buffering_interval",
            field(hints, "IntervalInSeconds"),
        );
        r.set(&mut block, "buffering_size", field(hints, "SizeInMBs"));
    }
    if let Some(retry) = field(configuration, "RetryOptions") {
        r.set(
            &mut block,
            "retry_duration",
            field(retry, "DurationInSeconds"),
        );
    }
    r.block(
        &mut block,
        "request_configuration",
        field(configuration, "RequestConfiguration"),
        &[("ContentEncoding", "content_encoding")],
    );
    r.block(
        &mut block,
        "s3_configuration",
        field(configuration, "S3Configuration"),
        &[("BucketARN", "bucket_arn"), ("RoleARN", "role_arn")],
    );
    processing(r, &mut block, configuration);
    body.insert(
        "http_endpoint_configuration".into(),
        Value::Array(vec![Value::Object(block)]),
    );
}

/// A destination's Lambda processor (`transform`) and error logging
/// (`errors`), as the destination block's nested blocks.
fn processing(r: &mut Renderer<'_>, block: &mut Map<String, Value>, configuration: &Expr) {
    if let Some(processing) = field(configuration, "ProcessingConfiguration") {
        let mut processors = Vec::new();
        for processor in items(field(processing, "Processors")) {
            let mut rendered = Map::new();
            r.set(&mut rendered, "type", field(processor, "Type"));
            r.blocks(
                &mut rendered,
                "parameters",
                field(processor, "Parameters"),
                &[
                    ("ParameterName", "parameter_name"),
                    ("ParameterValue", "parameter_value"),
                ],
            );
            processors.push(Value::Object(rendered));
        }
        let mut rendered = Map::new();
        r.set(&mut rendered, "enabled", field(processing, "Enabled"));
        rendered.insert("processors".into(), Value::Array(processors));
        block.insert(
            "processing_configuration".into(),
            Value::Array(vec![Value::Object(rendered)]),
        );
    }
    r.block(
        block,
        "cloudwatch_logging_options",
        field(configuration, "CloudWatchLoggingOptions"),
        &[
            ("Enabled", "enabled"),
            ("LogGroupName", "log_group_name"),
            ("LogStreamName", "log_stream_name"),
        ],
    );
}
