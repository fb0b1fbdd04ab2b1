//! A Managed Service for Apache Flink application reading a stream.

use crate::plan::Expr;
use crate::plan::expr::{sub, text};
use crate::plan::glue::Glue;
use crate::plan::iam::statement_strings;
use crate::plan::mechanisms::EdgeCx;

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let EdgeCx {
        edge,
        channel,
        source,
        target,
        ..
    } = *cx;
    let (Some(application), Some(role)) = (target.logical.clone(), target.role.clone()) else {
        return;
    };
    // The stream, and its enhanced fan-out consumers.
    let consumers = match &source.arn {
        Expr::Attr(id, _) => sub(format!("${{{id}.Arn}}/consumer/*")),
        Expr::Text(arn) => text(format!("{arn}/consumer/*")),
        other => other.clone(),
    };
    out.roles.of(role).push(statement_strings(
        &channel.actions,
        vec![source.arn.clone(), consumers],
    ));
    let key = format!("{}.stream.arn", cx.model.resource(edge.from).name);
    out.flink_properties
        .entry(application)
        .or_default()
        .insert(key, source.arn.clone());
}
