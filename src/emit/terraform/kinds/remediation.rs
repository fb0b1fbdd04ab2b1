//! A Config remediation: one `parameter` block per runbook parameter, in name order.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    // One `parameter` block per runbook parameter, in name order.
    let mut blocks = Vec::new();
    if let Some(Expr::Map(parameters)) = props.get("Parameters") {
        for (parameter, value) in parameters.iter() {
            let mut block = Map::new();
            block.insert("name".into(), json!(parameter));
            if let Some(resource_value) =
                field(value, "ResourceValue").and_then(|value| field(value, "Value"))
            {
                r.set(&mut block, "resource_value", Some(resource_value));
            }
            let statics =
                items(field(value, "StaticValue").and_then(|value| field(value, "Values")));
            match statics {
                [] => {}
                [one] => r.set(&mut block, "static_value", Some(one)),
                many => {
                    let many = many.iter().map(|item| r.value(item)).collect();
                    block.insert("static_values".into(), Value::Array(many));
                }
            }
            blocks.push(Value::Object(block));
        }
    }
    body.insert("parameter".into(), Value::Array(blocks));
}
