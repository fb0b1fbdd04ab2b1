//! A Lambda function: its environment, logging, tracing, storage and code
//! (inline code through the archive provider, named as CloudFormation names a
//! `ZipFile`; wirec's own zips by file name and hash).

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, body, own) = draft;
    if let Some(variables) = props
        .get("Environment")
        .and_then(|environment| field(environment, "Variables"))
    {
        let variables = r.value(variables);
        body.insert("environment".into(), json!([{ "variables": variables }]));
    }
    if let Some(logging) = props.get("LoggingConfig")
        && let Some(group) = field(logging, "LogGroup")
    {
        let mut block = serde_json::Map::new();
        // CloudFormation's default format; Terraform requires it to be named.
        let format = field(logging, "LogFormat").map_or(json!("Text"), |format| r.value(format));
        block.insert("log_format".into(), format);
        block.insert("log_group".into(), r.value(group));
        for (key, name) in [
            ("ApplicationLogLevel", "application_log_level"),
            ("SystemLogLevel", "system_log_level"),
        ] {
            if let Some(level) = field(logging, key) {
                block.insert(name.into(), r.value(level));
            }
        }
        body.insert("logging_config".into(), json!([block]));
    }
    if let Some(mode) = props
        .get("TracingConfig")
        .and_then(|tracing| field(tracing, "Mode"))
    {
        let mode = r.value(mode);
        body.insert("tracing_config".into(), json!([{ "mode": mode }]));
    }
    if let Some(size) = props
        .get("EphemeralStorage")
        .and_then(|storage| field(storage, "Size"))
    {
        let size = r.value(size);
        body.insert("ephemeral_storage".into(), json!([{ "size": size }]));
    }
    let Some(code) = props.get("Code") else {
        return;
    };
    // A zip that `wirec build` writes beside the configuration: Terraform
    // uploads it itself, so the artifact bucket is CloudFormation's only.
    if let Some(artifact) = r
        .plan
        .artifacts
        .iter()
        .find(|artifact| artifact.function == resource.id)
    {
        body.insert(
            "filename".into(),
            json!(format!("${{path.module}}/{}", artifact.key)),
        );
        body.insert("source_code_hash".into(), json!(artifact.package.base64()));
        return;
    }
    if let Some(zip) = field(code, "ZipFile") {
        // Terraform uploads a zip file: the archive provider builds it from the
        // same inline text, named as CloudFormation names a `ZipFile`.
        r.needs.insert("archive");
        let runtime = text_of(props.get("Runtime")).unwrap_or("");
        let file = if runtime.starts_with("nodejs") {
            "index.js"
        } else {
            "index.py"
        };
        let content = r.value(zip);
        let mut archive = Map::new();
        archive.insert("type".into(), json!("zip"));
        archive.insert("source_content".into(), content);
        archive.insert("source_content_filename".into(), json!(file));
        archive.insert(
            "output_path".into(),
            json!(format!("${{path.module}}/.wirec/{own}.zip")),
        );
        r.data.insert(("archive_file", own.to_string()), archive);
        body.insert(
            "filename".into(),
            json!(format!("${{data.archive_file.{own}.output_path}}")),
        );
        body.insert(
            "source_code_hash".into(),
            json!(format!("${{data.archive_file.{own}.output_base64sha256}}")),
        );
    } else {
        r.set(body, "s3_bucket", field(code, "S3Bucket"));
        r.set(body, "s3_key", field(code, "S3Key"));
    }
}
