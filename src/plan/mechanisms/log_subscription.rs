//! A log group's subscription filters.

use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields, Kind};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (source_logical, from, to) = (&cx.source_logical, &cx.from, &cx.to);
    let Some(dependency) = cx.admit_source(out) else {
        return;
    };
    let id = out.unique_id(format!("{from}To{to}Filter"));
    let mut properties = Fields::new();
    properties.insert("LogGroupName", cx.source.name.clone());
    properties.insert(
        "FilterPattern",
        text(
            cx.edge
                .options
                .get("filter")
                .map_or(String::new(), crate::model::OptionValue::joined),
        ),
    );
    properties.insert("DestinationArn", cx.target.arn.clone());
    if cx.target_kind != Some(Kind::Function)
        && let Some(role) = &dependency
    {
        properties.insert("RoleArn", Expr::arn(role));
    }
    out.add(id.clone(), Kind::SubscriptionFilter, cx.origin, properties);
    out.depend(&id, dependency);
    out.depend(&id, Some(source_logical.clone()));
}
