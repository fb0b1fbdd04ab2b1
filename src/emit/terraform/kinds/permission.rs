//! A Lambda permission: its statement id is the logical id.

use super::prelude::*;

pub(super) fn render(_r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, _, body, _) = draft;
    body.insert("statement_id".into(), json!(resource.id));
}
