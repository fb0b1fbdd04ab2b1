//! Destinations that Lambda sends records to with the function's role: an
//! event source mapping's `on-failure`, and an asynchronous invocation's
//! `on-success`/`on-failure`. The statements per destination service are
//! the catalogue's `destination` table (the resource, a bucket's objects, the
//! key of an encrypted queue or topic).

use crate::model::ResourceId;
use crate::plan::Expr;
use crate::plan::build::Cx;
use crate::plan::glue::Glue;
use crate::plan::iam::statement_strings;
use crate::plan::mechanisms::code_access::{hold, scope_arn_of};
use crate::source::Span;

/// What a role needs to send records to the resource `to`, and nothing else.
pub(super) fn destination_statements(cx: &Cx<'_>, to: ResourceId) -> Vec<Expr> {
    let Some(destination) = cx
        .catalogue
        .service(&cx.model.resource(to).service)
        .and_then(|spec| spec.destination.as_ref())
    else {
        return Vec::new();
    };
    destination
        .grants
        .iter()
        .filter_map(|statement| {
            let resources: Vec<Expr> = statement
                .on
                .iter()
                .filter_map(|scope| scope_arn_of(cx, to, *scope))
                .collect();
            (!resources.is_empty()).then(|| statement_strings(&statement.actions, resources))
        })
        .collect()
}

/// Lets `holder` (a role, or a managed policy attached to one) send records
/// to the resource `to`, unrecorded: [`grant_destination`] records them.
pub(super) fn allow_destination(cx: &Cx<'_>, out: &mut Glue, holder: &str, to: ResourceId) {
    let statements = destination_statements(cx, to);
    let held = out.roles.of(holder.to_string());
    for statement in statements {
        if !held.contains(&statement) {
            held.push(statement);
        }
    }
}

/// Lets `holder` (`role`, or a managed policy attached to it) send records
/// to the resource `to`, each statement recorded as `role`'s grant.
pub(super) fn grant_destination(
    cx: &Cx<'_>,
    out: &mut Glue,
    holder: &str,
    role: &str,
    origin: Span,
    to: ResourceId,
) {
    for statement in destination_statements(cx, to) {
        hold(out, holder, Some(role), origin, statement);
    }
}
