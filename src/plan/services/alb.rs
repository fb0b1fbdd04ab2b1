//! Elastic Load Balancing: an Application Load Balancer.

use crate::plan::build::{Builder, Handle};
use crate::plan::expr::{list, text};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

pub(super) fn create(b: &mut Builder<'_>, cx: &Creation<'_>, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let name = cx.physical_name();
    properties.insert("Name", text(name.clone()));
    properties.insert("Type", text("application"));
    b.cx.copy_properties(
        id,
        properties,
        &[
            ("scheme", "Scheme"),
            ("subnets", "Subnets"),
            ("security-groups", "SecurityGroups"),
        ],
    );
    if let Some(Expr::Number(seconds)) = b.cx.property(id, "idle-timeout") {
        properties.insert(
            "LoadBalancerAttributes",
            list(vec![map([
                ("Key", text("idle_timeout.timeout_seconds")),
                ("Value", text(seconds)),
            ])]),
        );
    }
    // A load balancer's `Ref` is its ARN.
    Handle::created(logical, Expr::Ref(logical.clone()), text(name))
}
