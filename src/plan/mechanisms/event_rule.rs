//! EventBridge rules that match the source's events.

use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::mechanisms::lifecycle_hook::lifecycle_hook;
use crate::plan::mechanisms::rule_target::rule_target;
use crate::plan::patterns::edge_pattern;
use crate::plan::{Expr, Fields, Kind, logical_id, map};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (source_logical, from, to, conditions) =
        (&cx.source_logical, &cx.from, &cx.to, &cx.conditions);
    let principal = cx.principal.clone();
    let mut chosen: String = if cx.edge.events.is_empty() {
        "Events".to_string()
    } else {
        cx.edge
            .events
            .iter()
            .map(|event| logical_id(&event.text, ""))
            .collect()
    };
    crate::plan::clip_part(&mut chosen);
    let publisher = format!("{from}{chosen}Rule");
    let rule = out.unique_id(format!("{from}{chosen}To{to}Rule"));
    let pattern = edge_pattern(cx.edge, cx.channel, cx.source);
    let mut properties = Fields::new();
    properties.insert("EventPattern", pattern);
    // A bus's own events are matched by a rule on that bus.
    if cx.source_kind == Some(Kind::EventBus) {
        properties.insert("EventBusName", cx.source.name.clone());
    }
    properties.insert("State", text("ENABLED"));
    out.add(rule.clone(), Kind::Rule, cx.origin, properties);
    // Lifecycle actions reach EventBridge only from a group with a hook.
    if cx.source_kind == Some(Kind::AutoScalingGroup) {
        for event in &cx.edge.events {
            let transition = match event.text.as_str() {
                "launch-lifecycle" => "autoscaling:EC2_INSTANCE_LAUNCHING",
                "terminate-lifecycle" => "autoscaling:EC2_INSTANCE_TERMINATING",
                _ => continue,
            };
            lifecycle_hook(cx, out, cx.edge, cx.source, transition, Fields::new());
        }
    }
    if cx.source_kind == Some(Kind::Bucket)
        && let Some(bucket) = out.resource_mut(source_logical)
    {
        let configuration = bucket
            .properties
            .entry_or_insert_with("NotificationConfiguration", || Expr::Map(Fields::new()));
        if let Expr::Map(inner) = configuration {
            inner.insert(
                "EventBridgeConfiguration",
                map([("EventBridgeEnabled", Expr::Bool(true))]),
            );
        }
    }
    rule_target(
        cx, out, cx.edge, &rule, &publisher, principal, conditions, cx.target, to, cx.origin,
    );
}
