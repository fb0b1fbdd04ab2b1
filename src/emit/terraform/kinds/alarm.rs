//! A CloudWatch alarm: its dimensions as a map.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    let dimensions = items(props.get("Dimensions"));
    if !dimensions.is_empty() {
        let mut map = Map::new();
        for dimension in dimensions {
            if let (Some(key), Some(value)) =
                (text_of(field(dimension, "Name")), field(dimension, "Value"))
            {
                let value = r.value(value);
                map.insert(key.to_string(), value);
            }
        }
        body.insert("dimensions".into(), Value::Object(map));
    }
}
