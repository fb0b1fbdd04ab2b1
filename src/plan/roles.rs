//! Roles that a service assumes for one resource, and the statements they
//! are granted, each recorded as what it admits. The trust policy holds the
//! service to the conditions its principal file (`stdlib/principals/`) says it
//! sends; a principal without a file keeps the account condition.

use crate::catalogue::Condition;
use crate::plan::build::Cx;
use crate::plan::expr::{sub, text};
use crate::plan::glue::Glue;
use crate::plan::iam::{principal_expr, statement_strings};
use crate::plan::{Expr, GrantForm, GrantRecord, map};
use crate::source::Span;

/// A trust policy's condition block and what it holds the principal to.
pub(super) struct Trust {
    /// The `Condition` of the trust statement, if any.
    pub(super) condition: Option<Expr>,
    /// The keys the condition holds.
    pub(super) held: Vec<Condition>,
    /// Why it is no narrower, from the principal's file.
    pub(super) unscoped: Option<String>,
    /// The `sts:ExternalId` the principal sends, which the condition demands.
    pub(super) external_id: Option<Expr>,
}

/// The trust conditions for `principal` (as the catalogue writes it) assuming
/// a role for the resource whose ARN is `source_arn` (`None` when the role
/// serves no one resource): the keys the principal's file lists, `aws:SourceArn`
/// only where there is an ARN to hold it to.
pub(super) fn trust(cx: &Cx<'_>, principal: &str, source_arn: Option<&Expr>) -> Trust {
    let (keys, unscoped, external_id) = match cx.catalogue.principal(principal) {
        Some(spec) => (
            spec.assume_role.conditions.clone(),
            spec.assume_role.unscoped.clone(),
            spec.assume_role.external_id.clone(),
        ),
        None => (
            vec![Condition::SourceAccount],
            Some(format!(
                "no file in stdlib/principals/ says which keys {principal} sends"
            )),
            None,
        ),
    };
    let mut condition = crate::plan::Fields::new();
    let mut held = Vec::new();
    let mut equals = crate::plan::Fields::new();
    // The external ID AWS documents the service sends, beside the keys.
    let external_id = external_id.as_deref().map(|external_id| match external_id {
        "account" => sub("${AWS::AccountId}"),
        constant => text(constant.to_string()),
    });
    if let Some(value) = &external_id {
        equals.insert("sts:ExternalId", value.clone());
    }
    if keys.contains(&Condition::SourceAccount) {
        equals.insert("aws:SourceAccount", sub("${AWS::AccountId}"));
        held.push(Condition::SourceAccount);
    }
    if !equals.is_empty() {
        condition.insert("StringEquals", Expr::Map(equals));
    }
    if keys.contains(&Condition::SourceArn)
        && let Some(arn) = source_arn
    {
        condition.insert("ArnLike", map([("aws:SourceArn", arn.clone())]));
        held.push(Condition::SourceArn);
    }
    Trust {
        condition: (!condition.is_empty()).then_some(Expr::Map(condition)),
        held,
        unscoped,
        external_id,
    }
}

/// What a service role is for: its logical id, where it comes from, the
/// principal that assumes it and the resource it serves.
pub(super) struct ServiceRole<'a> {
    /// The role's logical id.
    pub(super) id: &'a str,
    /// The wiring text the role serves.
    pub(super) origin: Span,
    /// The principal as the catalogue writes it (`{region}` allowed).
    pub(super) principal: &'a str,
    /// The ARN of the resource the role serves (`aws:SourceArn`), if one.
    pub(super) source_arn: Option<Expr>,
}

/// Makes a role that `role.principal` assumes, with the trust its principal
/// file allows and `statements` in its inline policy, and records the trust.
/// Statements added here are not recorded: grant them with [`allow`] to have
/// them recorded.
pub(super) fn service_role(
    cx: &Cx<'_>,
    out: &mut Glue,
    role: &ServiceRole<'_>,
    statements: Vec<Expr>,
) {
    let trust = trust(cx, role.principal, role.source_arn.as_ref());
    let principal = principal_expr(role.principal);
    out.record(GrantRecord {
        origin: role.origin,
        form: GrantForm::Trust,
        holder: role.id.to_string(),
        principal: Some(principal.clone()),
        role: None,
        actions: vec!["sts:AssumeRole".to_string()],
        resource: Expr::Attr(role.id.to_string(), "Arn"),
        source_arn: role.source_arn.clone(),
        conditions: trust.held,
        unscoped: trust.unscoped,
        external_id: trust.external_id,
    });
    out.role(role.id, role.origin, principal, trust.condition, statements);
}

/// Lets `role` do `actions` on each of `resources` (one statement in its
/// inline policy), recorded per resource.
pub(super) fn allow(
    out: &mut Glue,
    role: &str,
    origin: Span,
    actions: &[impl AsRef<str>],
    resources: Vec<Expr>,
) {
    let actions: Vec<String> = actions
        .iter()
        .map(|action| action.as_ref().to_string())
        .collect();
    let actions = actions.as_slice();
    for resource in &resources {
        out.record(identity_record(
            role,
            role,
            origin,
            actions,
            resource.clone(),
        ));
    }
    out.roles
        .of(role.to_string())
        .push(statement_strings(actions, resources));
}

/// Lets `role` do `actions` on resources named by pattern (`instance/*`),
/// because AWS makes and names them after the template: recorded with `why`,
/// the reason no narrower resource can be named.
pub(super) fn allow_within(
    out: &mut Glue,
    role: &str,
    origin: Span,
    actions: &[String],
    resources: Vec<Expr>,
    why: &str,
) {
    for resource in &resources {
        let mut record = identity_record(role, role, origin, actions, resource.clone());
        record.unscoped = Some(why.to_string());
        out.record(record);
    }
    out.roles
        .of(role.to_string())
        .push(statement_strings(actions, resources));
}

/// The record of an identity grant: `role` may do `actions` on `resource`,
/// by a statement that `holder` (the role, or a managed policy attached to
/// it) holds.
pub(super) fn identity_record(
    holder: &str,
    role: &str,
    origin: Span,
    actions: &[String],
    resource: Expr,
) -> GrantRecord {
    // A site grants on `*` only actions that name no resource (the Service
    // Authorization Reference lists none for them), and says so in a note.
    let unscoped = matches!(&resource, Expr::Text(text) if text == "*").then(|| {
        format!(
            "{} names no resource type AWS can scope (Service Authorization Reference: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html), so it is granted on `*`",
            actions.join(", ")
        )
    });
    GrantRecord {
        origin,
        form: GrantForm::Identity,
        holder: holder.to_string(),
        principal: None,
        role: Some(role.to_string()),
        actions: actions.to_vec(),
        resource,
        source_arn: None,
        conditions: Vec::new(),
        unscoped,
        external_id: None,
    }
}
