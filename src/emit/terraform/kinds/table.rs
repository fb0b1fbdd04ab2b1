//! A DynamoDB table: its key schema as `hash_key`/`range_key` and its stream.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    for key in items(props.get("KeySchema")) {
        let argument = match text_of(field(key, "KeyType")) {
            Some("HASH") => "hash_key",
            Some("RANGE") => "range_key",
            _ => continue,
        };
        r.set(body, argument, field(key, "AttributeName"));
    }
    if let Some(view) = props
        .get("StreamSpecification")
        .and_then(|stream| field(stream, "StreamViewType"))
    {
        body.insert("stream_enabled".into(), json!(true));
        r.set(body, "stream_view_type", Some(view));
    }
}
