//! A CodePipeline pipeline: its stages and actions as nested blocks.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    let artifacts = |renderer: &mut Renderer<'_>, value: Option<&Expr>| -> Value {
        Value::Array(
            items(value)
                .iter()
                .filter_map(|artifact| field(artifact, "Name"))
                .map(|name| renderer.value(name))
                .collect(),
        )
    };
    let mut stages = Vec::new();
    for stage in items(props.get("Stages")) {
        let mut actions = Vec::new();
        for action in items(field(stage, "Actions")) {
            let mut block = Map::new();
            r.set(&mut block, "name", field(action, "Name"));
            if let Some(kind) = field(action, "ActionTypeId") {
                r.rename_into(
                    &mut block,
                    kind,
                    &[
                        ("Category", "category"),
                        ("Owner", "owner"),
                        ("Provider", "provider"),
                        ("Version", "version"),
                    ],
                );
            }
            r.set(&mut block, "configuration", field(action, "Configuration"));
            let inputs = artifacts(r, field(action, "InputArtifacts"));
            if inputs.as_array().is_some_and(|list| !list.is_empty()) {
                block.insert("input_artifacts".into(), inputs);
            }
            let outputs = artifacts(r, field(action, "OutputArtifacts"));
            if outputs.as_array().is_some_and(|list| !list.is_empty()) {
                block.insert("output_artifacts".into(), outputs);
            }
            actions.push(Value::Object(block));
        }
        let mut block = Map::new();
        r.set(&mut block, "name", field(stage, "Name"));
        block.insert("action".into(), Value::Array(actions));
        stages.push(Value::Object(block));
    }
    body.insert("stage".into(), Value::Array(stages));
}
