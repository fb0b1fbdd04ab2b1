//! A log group's subscription filters.

use crate::plan::build::Builder;
use crate::plan::expr::text;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields, Kind};

pub(super) fn glue(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    let EdgeCx {
        edge,
        ref source,
        ref target,
        ref source_logical,
        origin,
        ref from,
        ref to,
        ..
    } = *cx;
    let Some(dependency) = cx.admit_source(b) else {
        return;
    };
    let id = b.out.unique_id(format!("{from}To{to}Filter"));
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
    b.out
        .add(id.clone(), Kind::SubscriptionFilter, origin, properties);
    b.out.depend(&id, dependency);
    b.out.depend(&id, Some(source_logical.clone()));
}
