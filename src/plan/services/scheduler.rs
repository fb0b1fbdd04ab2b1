//! Amazon EventBridge Scheduler: a schedule and its execution role.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

/// The schedule group a schedule without `group` belongs to.
const DEFAULT_GROUP: &str = "default";

/// The schedule and its own execution role: Scheduler delivers to every
/// target (and to the dead-letter queue) as this role, never through a
/// resource policy. One role per schedule, so that it may act on that
/// schedule's target only; its trust holds Scheduler to this account and the
/// schedule's group, as the Scheduler User Guide's execution role shows.
pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let group = cx.text_property(id, "group");
    let group_arn = format!(
        "arn:{PARTITION}:scheduler:${{AWS::Region}}:${{AWS::AccountId}}:schedule-group/{}",
        sub_literal(group.as_deref().unwrap_or(DEFAULT_GROUP))
    );
    let trust = map([(
        "StringEquals",
        map([
            ("aws:SourceAccount", sub("${AWS::AccountId}")),
            ("aws:SourceArn", sub(group_arn)),
        ]),
    )]);
    let role = format!("{logical}Role");
    out.role(
        &role,
        cx.origin,
        text("scheduler.amazonaws.com"),
        Some(trust),
        Vec::new(),
    );
    if let Some(group) = group {
        properties.insert("GroupName", text(group));
    }
    cx.copy_properties(
        id,
        properties,
        &[
            ("at", "ScheduleExpression"),
            ("timezone", "ScheduleExpressionTimezone"),
            ("start", "StartDate"),
            ("end", "EndDate"),
            ("description", "Description"),
        ],
    );
    let window = match cx.property(id, "flexible-window") {
        Some(minutes) => map([
            ("Mode", text("FLEXIBLE")),
            ("MaximumWindowInMinutes", minutes),
        ]),
        None => map([("Mode", text("OFF"))]),
    };
    properties.insert("FlexibleTimeWindow", window);
    let state = cx
        .text_property(id, "state")
        .map_or_else(|| "ENABLED".to_string(), |state| state.to_ascii_uppercase());
    properties.insert("State", text(state));
    Handle {
        logical: Some(logical.clone()),
        arn: Expr::arn(logical),
        name: Expr::Ref(logical.clone()),
        role: Some(role),
    }
}
