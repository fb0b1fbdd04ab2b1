//! A CodeStar notification rule: its targets as `target` blocks.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    let mut targets = Vec::new();
    for target in items(props.get("Targets")) {
        let mut block = Map::new();
        r.set(&mut block, "type", field(target, "TargetType"));
        r.set(&mut block, "address", field(target, "TargetAddress"));
        targets.push(Value::Object(block));
    }
    body.insert("target".into(), Value::Array(targets));
}
