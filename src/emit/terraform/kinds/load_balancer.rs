//! An application load balancer: `Scheme` as `internal`, the idle timeout attribute as `idle_timeout`.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    if let Some(Expr::Text(scheme)) = props.get("Scheme") {
        body.insert("internal".into(), json!(scheme == "internal"));
    }
    for attribute in items(props.get("LoadBalancerAttributes")) {
        if text_of(field(attribute, "Key")) == Some("idle_timeout.timeout_seconds")
            && let Some(value) = field(attribute, "Value")
        {
            let seconds = r.number_value(value);
            body.insert("idle_timeout".into(), seconds);
        }
    }
}
