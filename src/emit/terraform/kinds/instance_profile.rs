//! An instance profile: Terraform's holds one role, as every profile here does.

use super::prelude::*;

pub(super) fn render(
    r: &mut Renderer<'_>,
    _resource: &Resource,
    props: &mut Props<'_>,
    body: &mut Map<String, Value>,
) {
    // Terraform's profile holds one role, as every profile here does.
    let role = items(props.get("Roles")).first();
    r.set(body, "role", role);
}
