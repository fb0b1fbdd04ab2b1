//! An instance profile: Terraform's holds one role, as every profile here does.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    // Terraform's profile holds one role, as every profile here does.
    let role = items(props.get("Roles")).first();
    r.set(body, "role", role);
}
