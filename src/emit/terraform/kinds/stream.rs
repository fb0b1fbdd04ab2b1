//! A Kinesis stream: its mode and encryption as flat arguments and a `stream_mode_details` block.

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
    if let Some(encryption) = props.get("StreamEncryption") {
        r.set(body, "encryption_type", field(encryption, "EncryptionType"));
        r.set(body, "kms_key_id", field(encryption, "KeyId"));
    }
}
