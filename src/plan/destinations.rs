//! Destinations that Lambda sends records to with the function's role: an
//! event source mapping's `on-failure` (and, for asynchronous invocations,
//! `on-success`/`on-failure`). The actions per destination service are the
//! catalogue's `destination` table; the key of an encrypted queue or topic is
//! added as for any sender that uses a role.

use crate::model::ResourceId;
use crate::plan::build::Cx;
use crate::plan::glue::Glue;
use crate::plan::iam::statement_strings;
use crate::plan::keys::key_for_role;
use crate::plan::services::role_scope;

/// Lets `role` send records to the resource `to`: its service's destination
/// actions on it (a bucket's objects too) and its key, nothing else.
pub(super) fn allow_destination(cx: &Cx<'_>, out: &mut Glue, role: &str, to: ResourceId) {
    let Some(destination) = cx
        .catalogue
        .service(&cx.model.resource(to).service)
        .and_then(|spec| spec.destination.as_ref())
    else {
        return;
    };
    let scope = role_scope(cx.kind_of(to), cx.handle(to));
    let statement = statement_strings(&destination.actions, scope);
    let statements = out.roles.of(role.to_string());
    if !statements.contains(&statement) {
        statements.push(statement);
    }
    key_for_role(cx, out, role, to, &["kms:GenerateDataKey", "kms:Decrypt"]);
}
