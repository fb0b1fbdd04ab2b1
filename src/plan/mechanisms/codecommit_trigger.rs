//! A repository's triggers.

use crate::plan::expr::{text, texts};
use crate::plan::glue::Glue;
use crate::plan::mechanisms::{EdgeCx, event_values};
use crate::plan::{Expr, Fields};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let source_logical = &cx.source_logical;
    let Some(dependency) = cx.admit_source(out) else {
        return;
    };
    let branches: Vec<String> = cx
        .edge
        .branches
        .iter()
        .map(|branch| branch.text.clone())
        .collect();
    let mut trigger = Fields::new();
    trigger.insert("Name", text(cx.edge_name(cx.edge)));
    trigger.insert("DestinationArn", cx.target.arn.clone());
    trigger.insert("Events", texts(&event_values(cx.edge, cx.channel)));
    trigger.insert("Branches", texts(&branches));
    if let Some(data) = cx.edge.options.get("data") {
        trigger.insert("CustomData", text(data.joined()));
    }
    out.push_list(source_logical, "Triggers", Expr::Map(trigger));
    out.depend(source_logical, dependency);
}
