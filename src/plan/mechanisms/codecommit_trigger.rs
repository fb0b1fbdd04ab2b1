//! A repository's triggers.

use crate::plan::build::Builder;
use crate::plan::expr::{text, texts};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields};

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
    let branches: Vec<String> = edge
        .branches
        .iter()
        .map(|branch| branch.text.clone())
        .collect();
    let mut trigger = Fields::new();
    trigger.insert("Name", text(b.edge_name(edge)));
    trigger.insert("DestinationArn", target.arn.clone());
    trigger.insert("Events", texts(&Builder::event_values(edge, channel)));
    trigger.insert("Branches", texts(&branches));
    if let Some(data) = edge.options.get("data") {
        trigger.insert("CustomData", text(data.joined()));
    }
    b.push_list(source_logical, "Triggers", Expr::Map(trigger));
    b.depend(source_logical, dependency);
}
