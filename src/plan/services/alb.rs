//! Elastic Load Balancing: an Application Load Balancer.

use crate::plan::build::Handle;
use crate::plan::expr::{list, text};
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let name = cx.physical_name();
    properties.insert("Name", text(name.clone()));
    properties.insert("Type", text("application"));
    cx.copy_properties(
        id,
        properties,
        &[
            ("scheme", "Scheme"),
            ("subnets", "Subnets"),
            ("security-groups", "SecurityGroups"),
        ],
    );
    if let Some(Expr::Number(seconds)) = cx.property(id, "idle-timeout") {
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
