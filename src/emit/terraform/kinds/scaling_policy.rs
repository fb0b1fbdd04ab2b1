//! An Auto Scaling policy: a cooldown CloudFormation takes as text, as a
//! number; step bounds, which Terraform takes as strings; and a target
//! tracking configuration with its predefined metric as nested blocks.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    if let Some(cooldown) = props.get("Cooldown") {
        body.insert("cooldown".into(), r.number_value(cooldown));
    }
    let steps: Vec<Value> = items(props.get("StepAdjustments"))
        .iter()
        .map(|step| {
            let mut block = Map::new();
            for (key, argument) in [
                ("MetricIntervalLowerBound", "metric_interval_lower_bound"),
                ("MetricIntervalUpperBound", "metric_interval_upper_bound"),
            ] {
                if let Some(Expr::Number(bound)) = field(step, key) {
                    block.insert(argument.into(), Value::String(bound.clone()));
                }
            }
            if let Some(adjustment) = field(step, "ScalingAdjustment") {
                block.insert("scaling_adjustment".into(), r.value(adjustment));
            }
            Value::Object(block)
        })
        .collect();
    if !steps.is_empty() {
        body.insert("step_adjustment".into(), Value::Array(steps));
    }
    if let Some(configuration) = props.get("TargetTrackingConfiguration") {
        let mut block = Map::new();
        if let Some(target) = field(configuration, "TargetValue") {
            block.insert("target_value".into(), r.number_value(target));
        }
        if let Some(disable) = field(configuration, "DisableScaleIn") {
            block.insert("disable_scale_in".into(), r.value(disable));
        }
        if let Some(metric) = field(configuration, "PredefinedMetricSpecification")
            .and_then(|metric| field(metric, "PredefinedMetricType"))
        {
            block.insert(
                "predefined_metric_specification".into(),
                json!([{ "predefined_metric_type": r.value(metric) }]),
            );
        }
        body.insert(
            "target_tracking_configuration".into(),
            Value::Array(vec![Value::Object(block)]),
        );
    }
}
