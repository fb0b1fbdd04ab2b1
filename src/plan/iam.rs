//! IAM policy statements, principals and the ARNs that statements name.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, list, sub, sub_literal, text, texts};
use crate::plan::{Expr, Fields, map};

pub(super) fn statement(actions: &[&str], resources: Vec<Expr>) -> Expr {
    let actions: Vec<String> = actions.iter().map(|action| (*action).to_string()).collect();
    statement_strings(&actions, resources)
}

pub(super) fn statement_strings(actions: &[String], resources: Vec<Expr>) -> Expr {
    map([
        ("Effect", text("Allow")),
        ("Action", texts(actions)),
        (
            "Resource",
            if resources.len() == 1 {
                resources.into_iter().next().unwrap_or_else(|| text(""))
            } else {
                list(resources)
            },
        ),
    ])
}

pub(super) fn principal_expr(principal: &str) -> Expr {
    // Principals come from the catalogue, which lives as long as the compilation, not forever.
    if principal.contains("{region}") {
        sub(principal.replace("{region}", "${AWS::Region}"))
    } else {
        text(principal.to_string())
    }
}

/// The trust condition of a service role: assumed for this account only.
pub(super) fn this_account() -> Expr {
    map([(
        "StringEquals",
        map([("aws:SourceAccount", sub("${AWS::AccountId}"))]),
    )])
}

/// A bucket-policy statement for a service principal.
pub(super) fn bucket_statement(
    sid: String,
    principal: Expr,
    action: &'static str,
    resource: Expr,
    condition: Fields,
) -> Expr {
    let mut statement = Fields::new();
    statement.insert("Sid", text(sid));
    statement.insert("Effect", text("Allow"));
    statement.insert("Principal", map([("Service", principal)]));
    statement.insert("Action", text(action));
    statement.insert("Resource", resource);
    if !condition.is_empty() {
        statement.insert("Condition", Expr::Map(condition));
    }
    Expr::Map(statement)
}

/// The objects of a bucket, under `prefix` when there is one: `ARN/PREFIX/*`.
pub(super) fn objects(bucket_arn: &Expr, prefix: Option<&str>) -> Expr {
    let tail = match prefix {
        Some(prefix) => format!("/{}/*", prefix.trim_matches('/')),
        None => "/*".to_string(),
    };
    match bucket_arn {
        Expr::Sub(arn) => Expr::Sub(format!("{arn}{tail}")),
        Expr::Text(arn) if prefix.is_some_and(|prefix| prefix.contains("${")) => {
            Expr::Sub(format!("{arn}{tail}"))
        }
        Expr::Text(arn) => text(format!("{arn}{tail}")),
        other => other.clone(),
    }
}

/// A log group's ARN without CloudFormation's `:*` suffix, as EventBridge
/// targets and flow logs name it.
pub(super) fn bare_log_group_arn(group: &Handle) -> Expr {
    match &group.name {
        Expr::Text(name) => sub(format!(
            "arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{}",
            sub_literal(name)
        )),
        _ => group.arn.clone(),
    }
}

/// The log streams of a log group whose names match `streams`.
pub(super) fn log_streams(group: &Handle, streams: &str) -> Expr {
    match &group.name {
        Expr::Text(name) => sub(format!(
            "arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{}:log-stream:{streams}",
            sub_literal(name)
        )),
        _ => group.arn.clone(),
    }
}

/// The ARN that EventBridge and IAM use for an Automation runbook, from its
/// document ARN (`...:document/NAME` → `...:automation-definition/NAME`).
pub(super) fn automation_definition(document: &Expr) -> Expr {
    match document {
        Expr::Sub(arn) => Expr::Sub(arn.replace(":document/", ":automation-definition/")),
        Expr::Text(arn) => text(arn.replace(":document/", ":automation-definition/")),
        other => other.clone(),
    }
}
