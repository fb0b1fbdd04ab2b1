//! A bucket, and what Terraform keeps in resources of their own: versioning, the
//! public access block, logging and the notification configuration.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, _, own) = draft;
    let bucket = json!(format!("${{aws_s3_bucket.{own}.id}}"));
    if let Some(versioning) = props.get("VersioningConfiguration") {
        let status = r.value(field(versioning, "Status").unwrap_or(versioning));
        let mut split = Map::new();
        split.insert("bucket".into(), bucket.clone());
        split.insert(
            "versioning_configuration".into(),
            json!([{ "status": status }]),
        );
        r.split_off(resource, "aws_s3_bucket_versioning", own.to_string(), split);
    }
    if let Some(block) = props.get("PublicAccessBlockConfiguration") {
        let mut split = Map::new();
        split.insert("bucket".into(), bucket.clone());
        r.rename_into(
            &mut split,
            block,
            &[
                ("BlockPublicAcls", "block_public_acls"),
                ("BlockPublicPolicy", "block_public_policy"),
                ("IgnorePublicAcls", "ignore_public_acls"),
                ("RestrictPublicBuckets", "restrict_public_buckets"),
            ],
        );
        r.split_off(
            resource,
            "aws_s3_bucket_public_access_block",
            own.to_string(),
            split,
        );
    }
    if let Some(logging) = props.get("LoggingConfiguration") {
        let mut split = Map::new();
        split.insert("bucket".into(), bucket.clone());
        r.set(
            &mut split,
            "target_bucket",
            field(logging, "DestinationBucketName"),
        );
        // Terraform requires the prefix; S3's default is none.
        let prefix = field(logging, "LogFilePrefix").map_or(json!(""), |prefix| r.value(prefix));
        split.insert("target_prefix".into(), prefix);
        let block = r.split_off(resource, "aws_s3_bucket_logging", own.to_string(), split);
        // The target bucket's policy must let the logging service in first.
        block.after_ids.extend(resource.depends_on.iter().cloned());
    }
    if let Some(configuration) = props.get("NotificationConfiguration") {
        let mut split = Map::new();
        split.insert("bucket".into(), bucket);
        for (list, target_key, block_name, argument) in [
            ("QueueConfigurations", "Queue", "queue", "queue_arn"),
            ("TopicConfigurations", "Topic", "topic", "topic_arn"),
            (
                "LambdaConfigurations",
                "Function",
                "lambda_function",
                "lambda_function_arn",
            ),
        ] {
            let entries = items(field(configuration, list));
            if entries.is_empty() {
                continue;
            }
            let mut blocks = Vec::new();
            for entry in entries {
                let mut block = Map::new();
                r.set(&mut block, argument, field(entry, target_key));
                if let Some(event) = field(entry, "Event") {
                    let event = r.value(event);
                    block.insert("events".into(), json!([event]));
                }
                let rules = field(entry, "Filter")
                    .and_then(|filter| field(filter, "S3Key"))
                    .and_then(|key| field(key, "Rules"));
                for rule in items(rules) {
                    let argument = match text_of(field(rule, "Name")) {
                        Some("prefix") => "filter_prefix",
                        Some("suffix") => "filter_suffix",
                        _ => continue,
                    };
                    r.set(&mut block, argument, field(rule, "Value"));
                }
                blocks.push(Value::Object(block));
            }
            split.insert(block_name.into(), Value::Array(blocks));
        }
        if let Some(Expr::Bool(enabled)) = field(configuration, "EventBridgeConfiguration")
            .and_then(|eventbridge| field(eventbridge, "EventBridgeEnabled"))
        {
            split.insert("eventbridge".into(), json!(enabled));
        }
        let comment = r.comment(
            resource,
            &["the bucket's whole notification configuration: declare no other aws_s3_bucket_notification for this bucket"],
        );
        let block = r.add(
            "aws_s3_bucket_notification",
            own.to_string(),
            split,
            comment,
        );
        block.after_ids.extend(resource.depends_on.iter().cloned());
    }
}
