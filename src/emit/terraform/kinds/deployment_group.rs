//! A CodeDeploy deployment group: its alarms (by name) and rollback as blocks.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
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
