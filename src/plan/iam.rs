//! IAM policy statements, principals and the ARNs that statements name.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, list, sub, sub_literal, text, texts};
use crate::plan::glue::Glue;
use crate::plan::roles::identity_record;
use crate::plan::{Expr, Fields, map};
use crate::source::Span;

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

/// A log group's ARN as IAM and the services that take it name it
/// (`arn:…:log-group:NAME`), without the `:*` that CloudFormation's
/// `GetAtt Arn` adds: the `log-group` resource type of the Service
/// Authorization Reference for CloudWatch Logs. An existing group's comes
/// from its own ARN; a group whose name only the deployment knows, from its
/// `Ref` (a log group's `Ref` is its name).
pub(super) fn bare_log_group_arn(group: &Handle) -> Expr {
    log_group_arn_with(group, "")
}

/// The log streams of a log group whose names match `streams` (the
/// `log-stream` resource type: `arn:…:log-group:NAME:log-stream:STREAM`).
pub(super) fn log_streams(group: &Handle, streams: &str) -> Expr {
    log_group_arn_with(group, &format!(":log-stream:{streams}"))
}

/// What a grant on a log group names, the one way every log-group grant
/// is written: the group (`CreateLogStream`, `DescribeLogStreams` and the
/// other group-level actions) and its streams (`PutLogEvents`).
pub(super) fn log_group_resources(group: &Handle) -> Vec<Expr> {
    vec![bare_log_group_arn(group), log_streams(group, "*")]
}

/// Why `logs:DescribeLogGroups` is granted on `*`: it lists the account's
/// groups and takes no resource.
pub(super) const DESCRIBE_LOG_GROUPS_UNSCOPED: &str = "logs:DescribeLogGroups takes no resource type (Service Authorization Reference, Actions, resources, and condition keys for Amazon CloudWatch Logs: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html, read 2026-12)";

/// Whether a CloudWatch Logs action is evaluated on a log stream rather than
/// its group (Service Authorization Reference for CloudWatch Logs: only
/// `CreateLogStream`, `PutLogEvents` and `GetLogEvents` take the `log-stream`
/// resource type).
pub(super) fn names_log_stream(action: &str) -> bool {
    matches!(
        action,
        "logs:CreateLogStream" | "logs:PutLogEvents" | "logs:GetLogEvents"
    )
}

/// Lets `holder` (a role, or a managed policy attached to `role`) do the
/// logs `actions` on `group`: one statement on the group and its streams,
/// and a record of each action on the resource a request for it names.
pub(super) fn allow_logs(
    out: &mut Glue,
    holder: &str,
    role: &str,
    origin: Span,
    actions: &[&str],
    group: &Handle,
) {
    let actions: Vec<String> = actions.iter().map(|action| (*action).to_string()).collect();
    let statement = statement_strings(&actions, log_group_resources(group));
    let held = out.roles.of(holder.to_string());
    if held.contains(&statement) {
        return;
    }
    held.push(statement);
    record_logs(out, holder, role, origin, &actions, group);
}

/// Records that `role` may do the logs `actions` on `group`, each on the
/// resource a legitimate request names (a stream for `PutLogEvents`).
pub(super) fn record_logs(
    out: &mut Glue,
    holder: &str,
    role: &str,
    origin: Span,
    actions: &[String],
    group: &Handle,
) {
    let (on_streams, on_group): (Vec<String>, Vec<String>) = actions
        .iter()
        .cloned()
        .partition(|action| names_log_stream(action));
    for (actions, resource) in [
        (on_group, bare_log_group_arn(group)),
        (on_streams, log_streams(group, "*")),
    ] {
        if !actions.is_empty() {
            out.record(identity_record(holder, role, origin, &actions, resource));
        }
    }
}

/// `arn:…:log-group:NAME` followed by `tail`.
fn log_group_arn_with(group: &Handle, tail: &str) -> Expr {
    let in_stack = |name: &str| {
        sub(format!(
            "arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{name}{tail}"
        ))
    };
    match (&group.logical, &group.arn, &group.name) {
        // An existing group: its own ARN, wherever it is.
        (None, Expr::Text(arn), _) if arn.contains(":log-group:") => {
            let arn = arn.trim_end_matches(":*");
            if tail.contains("${") {
                sub(format!("{}{tail}", sub_literal(arn)))
            } else {
                text(format!("{arn}{tail}"))
            }
        }
        (_, _, Expr::Text(name)) if !name.is_empty() => in_stack(&sub_literal(name)),
        (_, _, Expr::Sub(name)) => in_stack(name),
        (Some(logical), _, _) => in_stack(&format!("${{{logical}}}")),
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
