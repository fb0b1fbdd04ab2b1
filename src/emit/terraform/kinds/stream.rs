//! A Kinesis stream: its mode as a `stream_mode_details` block.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    if let Some(mode) = props.get("StreamModeDetails") {
        let mode = r.value(field(mode, "StreamMode").unwrap_or(mode));
        body.insert(
            "stream_mode_details".into(),
            json!([{ "stream_mode": mode }]),
        );
    }
}
