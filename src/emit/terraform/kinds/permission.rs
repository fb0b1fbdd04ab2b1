//! A Lambda permission: its statement id is the logical id.

use super::prelude::*;

pub(super) fn render(
    _r: &mut Renderer<'_>,
    resource: &Resource,
    _props: &mut Props<'_>,
    body: &mut Map<String, Value>,
) {
    body.insert("statement_id".into(), json!(resource.id));
}
