//! A CodeDeploy deployment group: tag filters, triggers, alarms and rollback as blocks.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    let mut filters = Vec::new();
    for filter in items(props.get("Ec2TagFilters")) {
        let mut block = Map::new();
        for (key, argument) in [("Key", "key"), ("Type", "type"), ("Value", "value")] {
            r.set(&mut block, argument, field(filter, key));
        }
        filters.push(Value::Object(block));
    }
    if !filters.is_empty() {
        body.insert("ec2_tag_filter".into(), Value::Array(filters));
    }
    let mut triggers = Vec::new();
    for trigger in items(props.get("TriggerConfigurations")) {
        let mut block = Map::new();
        for (key, argument) in [
            ("TriggerName", "trigger_name"),
            ("TriggerTargetArn", "trigger_target_arn"),
            ("TriggerEvents", "trigger_events"),
        ] {
            r.set(&mut block, argument, field(trigger, key));
        }
        triggers.push(Value::Object(block));
    }
    if !triggers.is_empty() {
        body.insert("trigger_configuration".into(), Value::Array(triggers));
    }
    if let Some(configuration) = props.get("AlarmConfiguration") {
        let mut block = Map::new();
        r.set(&mut block, "enabled", field(configuration, "Enabled"));
        let names = items(field(configuration, "Alarms"))
            .iter()
            .filter_map(|alarm| field(alarm, "Name"))
            .map(|name| r.value(name))
            .collect();
        block.insert("alarms".into(), Value::Array(names));
        body.insert("alarm_configuration".into(), json!([block]));
    }
    if let Some(rollback) = props.get("AutoRollbackConfiguration") {
        let mut block = Map::new();
        r.set(&mut block, "enabled", field(rollback, "Enabled"));
        r.set(&mut block, "events", field(rollback, "Events"));
        body.insert("auto_rollback_configuration".into(), json!([block]));
    }
}
