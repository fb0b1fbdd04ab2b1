//! A function's event invoke configuration: `DestinationConfig` as a
//! `destination_config` block with an `on_success` and an `on_failure` block.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    let Some(destinations) = props.get("DestinationConfig") else {
        return;
    };
    let mut config = Map::new();
    for (side, block) in [("OnSuccess", "on_success"), ("OnFailure", "on_failure")] {
        r.block(
            &mut config,
            block,
            field(destinations, side),
            &[("Destination", "destination")],
        );
    }
    if !config.is_empty() {
        body.insert(
            "destination_config".into(),
            Value::Array(vec![Value::Object(config)]),
        );
    }
}
