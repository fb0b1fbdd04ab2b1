//! An SNS subscription; an email subscription gets a note, since Terraform cannot delete an unconfirmed one.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, _, _) = draft;
    if matches!(text_of(props.get("Protocol")), Some("email" | "email-json")) {
        r.notes.push(
            "Terraform cannot delete an email subscription that was never confirmed: it only forgets it",
        );
    }
}
