//! An Elastic Beanstalk environment: `Tier.Name` as `tier`.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    if let Some(tier) = props.get("Tier") {
        r.set(body, "tier", field(tier, "Name"));
    }
}
