//! A log group's subscription filters.

use crate::plan::build::Builder;
use crate::plan::expr::text;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields, Kind};

pub(super) fn glue(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    let edge = cx.edge;
    let source = &cx.source;
    let target = &cx.target;
    let source_logical = &cx.source_logical;
    let origin = cx.origin;
    let from = &cx.from;
    let to = &cx.to;
    let principal = cx.principal.clone();
    let conditions = &cx.conditions;
    let Some(principal) = principal else { return };
    let dependency = b.grant_from_source(edge, from, principal, source, conditions, origin);
    let id = b.unique_id(format!("{from}To{to}Filter"));
    let mut properties = Fields::new();
    properties.insert("LogGroupName", source.name.clone());
    properties.insert(
        "FilterPattern",
        text(
            edge.options
                .get("filter")
                .map_or(String::new(), crate::model::OptionValue::joined),
        ),
    );
    properties.insert("DestinationArn", target.arn.clone());
    if cx.target_kind != Some(Kind::Function)
        && let Some(role) = &dependency
    {
        properties.insert("RoleArn", Expr::arn(role));
    }
    b.add(id.clone(), Kind::SubscriptionFilter, origin, properties);
    b.depend(&id, dependency);
    b.depend(&id, Some(source_logical.clone()));
}
