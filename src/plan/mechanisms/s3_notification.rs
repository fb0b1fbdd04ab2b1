//! S3 event notifications: entries in the bucket's `NotificationConfiguration`,
//! and the target's grant that the bucket waits for.

use crate::plan::build::Builder;
use crate::plan::expr::{list, text};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields, Kind, map};

pub(super) fn glue(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    let edge = cx.edge;
    let channel = cx.channel;
    let source = &cx.source;
    let target = &cx.target;
    let source_logical = &cx.source_logical;
    let origin = cx.origin;
    let from = &cx.from;
    let principal = cx.principal.clone();
    let conditions = &cx.conditions;
    let Some(principal) = principal else { return };
    let dependency = b.grant_from_source(edge, from, principal, source, conditions, origin);
    let (list_key, target_key) = match cx.target_kind {
        Some(Kind::Queue) => ("QueueConfigurations", "Queue"),
        Some(Kind::Topic) => ("TopicConfigurations", "Topic"),
        _ => ("LambdaConfigurations", "Function"),
    };
    let mut rules = Vec::new();
    for key in ["prefix", "suffix"] {
        if let Some(value) = edge.options.get(key) {
            rules.push(map([("Name", text(key)), ("Value", text(value.joined()))]));
        }
    }
    for event in Builder::event_values(edge, channel) {
        let mut entry = Fields::new();
        entry.insert("Event", text(event));
        entry.insert(target_key.to_string(), target.arn.clone());
        if !rules.is_empty() {
            entry.insert(
                "Filter",
                map([("S3Key", map([("Rules", list(rules.clone()))]))]),
            );
        }
        b.push_list(
            source_logical,
            &format!("NotificationConfiguration.{list_key}"),
            Expr::Map(entry),
        );
    }
    b.depend(source_logical, dependency);
}
