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
    // A rule on a custom bus: a bus in this template by name, an existing one
    // (perhaps another account's) by ARN, which PutRule's EventBusName takes.
    if let Some(bus) = cx.model.property_target(id, "bus") {
        let handle = cx.handle(bus.to);
        let bus_name = if handle.logical.is_some() {
            handle.name.clone()
        } else {
            handle.arn.clone()
        };
        properties.insert("EventBusName", bus_name);
    }
    if let Some(description) = cx.property(id, "description") {
        properties.insert("Description", description);
    }
    Handle::created(logical, Expr::arn(logical), Expr::Ref(logical.clone()))
}

#[cfg(test)]
mod tests {
    use crate::plan::Expr;
    use crate::plan::test_support::{plan_of, resource};

    #[test]
    fn a_rule_on_a_declared_bus_names_it_and_on_an_existing_one_takes_its_arn() {
        let plan = plan_of(
            "events big-orders { bus = orders, pattern = \"{\\\"source\\\": [\\\"shop\\\"]}\" } -> lambda fulfil\neventbus orders\neventbus audit = existing \"arn:aws:events:us-east-1:444455556666:event-bus/audit\"\nevents audited { bus = audit, pattern = \"{\\\"source\\\": [\\\"shop\\\"]}\" } -> lambda fulfil\n",
        );
        assert_eq!(
            resource(&plan, "BigOrdersRule")
                .properties
                .get("EventBusName"),
            Some(&Expr::Ref("OrdersEventBus".to_string()))
        );
        let existing = format!(
            "{:?}",
            resource(&plan, "AuditedRule")
                .properties
                .get("EventBusName")
        );
        assert!(
            existing.contains("444455556666:event-bus/audit"),
            "{existing}"
        );
    }
}
