//! An Auto Scaling policy: a cooldown CloudFormation takes as text, as a number.

use super::prelude::*;

pub(super) fn render(
    r: &mut Renderer<'_>,
    _resource: &Resource,
    props: &mut Props<'_>,
    body: &mut Map<String, Value>,
) {
    if let Some(cooldown) = props.get("Cooldown") {
        body.insert("cooldown".into(), r.number_value(cooldown));
    }
}
