//! A repository's triggers.

use crate::plan::build::Builder;
use crate::plan::expr::{text, texts};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields};

pub(super) fn glue(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    let EdgeCx {
        edge,
        channel,
        ref target,
        ref source_logical,
        ..
    } = *cx;
    let Some(dependency) = cx.admit_source(b) else {
        return;
    };
    let branches: Vec<String> = edge
        .branches
        .iter()
        .map(|branch| branch.text.clone())
        .collect();
    let mut trigger = Fields::new();
    trigger.insert("Name", text(b.cx.edge_name(edge)));
    trigger.insert("DestinationArn", target.arn.clone());
    trigger.insert("Events", texts(&Builder::event_values(edge, channel)));
    trigger.insert("Branches", texts(&branches));
    if let Some(data) = edge.options.get("data") {
        trigger.insert("CustomData", text(data.joined()));
    }
    b.out
        .push_list(source_logical, "Triggers", Expr::Map(trigger));
    b.out.depend(source_logical, dependency);
}
