//! Amazon EventBridge: a rule, from a pattern (`events`) or a schedule (`schedule`).

use crate::plan::build::Handle;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::patterns::{rule_pattern, substituted};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let resource = cx.resource;
    let logical = &cx.logical;
    if let Some(expression) = resource.options.get("expression") {
        properties.insert("ScheduleExpression", text(expression.joined()));
    }
    if let Some(pattern) = rule_pattern(resource) {
        let pattern = match cx.property(id, "substitutions") {
            Some(Expr::Map(substitutions)) => substituted(pattern, &substitutions),
            _ => pattern,
        };
        properties.insert("EventPattern", pattern);
    }
    if let Some(Expr::Bool(true)) = cx.property(id, "read-only-events") {
        properties.insert(
            "State",
            text("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"),
        );
    } else {
        properties.insert("State", text("ENABLED"));
    }
    if let Some(description) = cx.property(id, "description") {
        properties.insert("Description", description);
    }
    Handle::created(logical, Expr::arn(logical), Expr::Ref(logical.clone()))
}
