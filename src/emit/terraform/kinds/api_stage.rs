//! An API Gateway stage, and its method settings as `aws_api_gateway_method_settings`
//! (every method: `*/*`).

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, body, own) = draft;
    for setting in items(props.get("MethodSettings")) {
        let mut split = Map::new();
        split.insert(
            "rest_api_id".into(),
            body.get("rest_api_id").cloned().unwrap_or_default(),
        );
        split.insert(
            "stage_name".into(),
            json!(format!("${{aws_api_gateway_stage.{own}.stage_name}}")),
        );
        split.insert("method_path".into(), json!("*/*"));
        r.block(
            &mut split,
            "settings",
            Some(setting),
            &[
                ("LoggingLevel", "logging_level"),
                ("DataTraceEnabled", "data_trace_enabled"),
                ("MetricsEnabled", "metrics_enabled"),
            ],
        );
        let block = r.split_off(
            resource,
            "aws_api_gateway_method_settings",
            own.to_string(),
            split,
        );
        // Logging needs the account's CloudWatch role first.
        block.after_ids.extend(resource.depends_on.iter().cloned());
    }
}
