//! Amazon EventBridge: a rule, from a pattern (`events`) or a schedule (`schedule`).

use crate::plan::build::{Builder, Handle};
use crate::plan::expr::text;
use crate::plan::patterns::rule_pattern;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

pub(super) fn create(b: &mut Builder<'_>, cx: &Creation<'_>, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let resource = cx.resource;
    let logical = &cx.logical;
    if let Some(expression) = resource.options.get("expression") {
        properties.insert("ScheduleExpression", text(expression.joined()));
    }
    if let Some(pattern) = rule_pattern(resource) {
        properties.insert("EventPattern", pattern);
    }
    if let Some(Expr::Bool(true)) = b.cx.property(id, "read-only-events") {
        properties.insert(
            "State",
            text("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"),
        );
    } else {
        properties.insert("State", text("ENABLED"));
    }
    if let Some(description) = b.cx.property(id, "description") {
        properties.insert("Description", description);
    }
    Handle::created(logical, Expr::arn(logical), Expr::Ref(logical.clone()))
}
