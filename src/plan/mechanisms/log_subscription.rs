//! A log group's subscription filters.

use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields, Kind};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let EdgeCx {
        edge,
        source,
        target,
        ref source_logical,
        origin,
        ref from,
        ref to,
        ..
    } = *cx;
    let Some(dependency) = cx.admit_source(out) else {
        return;
    };
    let id = out.unique_id(format!("{from}To{to}Filter"));
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
    out.add(id.clone(), Kind::SubscriptionFilter, origin, properties);
    out.depend(&id, dependency);
    out.depend(&id, Some(source_logical.clone()));
}
