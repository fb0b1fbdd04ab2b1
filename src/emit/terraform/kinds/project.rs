//! A CodeBuild project: its logs configuration, and its webhook as `aws_codebuild_webhook`.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, body, own) = draft;
    if let Some(logs) = props.get("LogsConfig") {
        let mut inner = Map::new();
        r.block(
            &mut inner,
            "cloudwatch_logs",
            field(logs, "CloudWatchLogs"),
            &[
                ("GroupName", "group_name"),
                ("Status", "status"),
                ("StreamName", "stream_name"),
            ],
        );
        r.block(
            &mut inner,
            "s3_logs",
            field(logs, "S3Logs"),
            &[("Location", "location"), ("Status", "status")],
        );
        body.insert(
            "logs_config".into(),
            Value::Array(vec![Value::Object(inner)]),
        );
    }
    // Terraform keeps a project's webhook as a resource of its own.
    if props
        .get("Triggers")
        .and_then(|triggers| field(triggers, "Webhook"))
        == Some(&Expr::Bool(true))
    {
        let mut webhook = Map::new();
        webhook.insert(
            "project_name".into(),
            json!(format!("${{aws_codebuild_project.{own}.name}}")),
        );
        r.split_off(resource, "aws_codebuild_webhook", own.to_string(), webhook);
    }
}
