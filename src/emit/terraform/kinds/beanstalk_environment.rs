//! An Elastic Beanstalk environment: `Tier.Name` as `tier`.

use super::prelude::*;

pub(super) fn render(
    r: &mut Renderer<'_>,
    _resource: &Resource,
    props: &mut Props<'_>,
    body: &mut Map<String, Value>,
) {
    if let Some(tier) = props.get("Tier") {
        r.set(body, "tier", field(tier, "Name"));
    }
}
