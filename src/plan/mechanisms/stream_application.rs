//! A Managed Service for Apache Flink application reading a stream.

use crate::plan::Expr;
use crate::plan::expr::{sub, text};
use crate::plan::glue::Glue;
use crate::plan::iam::statement_strings;
use crate::plan::mechanisms::EdgeCx;

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (Some(application), Some(role)) = (cx.target.logical.clone(), cx.target.role.clone())
    else {
        return;
    };
    // The stream, and its enhanced fan-out consumers.
    let consumers = match &cx.source.arn {
        Expr::Attr(id, _) => sub(format!("${{{id}.Arn}}/consumer/*")),
        Expr::Text(arn) => text(format!("{arn}/consumer/*")),
        other => other.clone(),
    };
    out.roles.of(role).push(statement_strings(
        &cx.channel.actions,
        vec![cx.source.arn.clone(), consumers],
    ));
    let key = format!("{}.stream.arn", cx.model.resource(cx.edge.from).name);
    out.flink_properties
        .entry(application)
        .or_default()
        .insert(key, cx.source.arn.clone());
}
