//! An EventBridge rule, and one `aws_cloudwatch_event_target` per target.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, _, own) = draft;
    for target in items(props.get("Targets")) {
        let mut split = Map::new();
        split.insert(
            "rule".into(),
            json!(format!("${{aws_cloudwatch_event_rule.{own}.name}}")),
        );
        r.set(&mut split, "target_id", field(target, "Id"));
        r.set(&mut split, "arn", field(target, "Arn"));
        r.set(&mut split, "role_arn", field(target, "RoleArn"));
        let suffix = text_of(field(target, "Id")).map_or_else(|| "target".to_string(), name);
        let split_name = r.split_name("aws_cloudwatch_event_target", format!("{own}_{suffix}"));
        r.split_off(resource, "aws_cloudwatch_event_target", split_name, split);
    }
}
