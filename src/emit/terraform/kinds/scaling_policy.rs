//! An Auto Scaling policy: a cooldown CloudFormation takes as text, as a number.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    if let Some(cooldown) = props.get("Cooldown") {
        body.insert("cooldown".into(), r.number_value(cooldown));
    }
}
