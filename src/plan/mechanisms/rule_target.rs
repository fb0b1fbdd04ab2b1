//! An EventBridge rule's targets.

use crate::catalogue::{Condition, Grant};
use crate::model::Edge;
use crate::plan::build::{Cx, Handle};
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::grants::{Sender, grant};
use crate::plan::iam::{automation_definition, bare_log_group_arn};
use crate::plan::input_template::transformer;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields, Kind, map};
use crate::source::Span;

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (source_logical, from, to, conditions) =
        (&cx.source_logical, &cx.from, &cx.to, &cx.conditions);
    let principal = cx.principal.clone();
    rule_target(
        cx,
        out,
        cx.edge,
        source_logical,
        from,
        principal,
        conditions,
        cx.target,
        to,
        cx.origin,
    );
}

#[allow(
    clippy::too_many_arguments,
    reason = "the pieces of one rule target; a struct would only rename them"
)]
pub(in crate::plan) fn rule_target(
    cx: &Cx<'_>,
    out: &mut Glue,
    edge: &Edge,
    rule: &str,
    from: &str,
    principal: Option<Expr>,
    conditions: &[Condition],
    target: &Handle,
    to: &str,
    origin: Span,
) {
    let Some(principal) = principal else { return };
    let rule_arn = Expr::arn(rule);
    let dependency = grant(
        cx,
        out,
        edge.to,
        &Sender {
            from,
            principal,
            source_arn: rule_arn,
            conditions,
            origin,
        },
    );
    let target_service = cx.model.resource(edge.to).service.clone();
    let arn = if cx.kind_of(edge.to) == Some(Kind::LogGroup) {
        // EventBridge wants the log-group ARN without the `:*` suffix.
        bare_log_group_arn(target)
    } else if cx.kind_of(edge.to) == Some(Kind::Document) {
        automation_definition(&target.arn)
    } else {
        target.arn.clone()
    };
    let mut entry = Fields::new();
    let mut target_id = to.to_string();
    target_id.truncate(64);
    entry.insert("Id", text(target_id));
    entry.insert("Arn", arn);
    let grant_kind = cx
        .catalogue
        .service(&target_service)
        .and_then(|spec| spec.receive.as_ref())
        .map(|receive| receive.grant);
    if grant_kind == Some(Grant::Role)
        && let Some(role) = &dependency
    {
        entry.insert("RoleArn", Expr::arn(role));
    }
    target_settings(edge, &mut entry);
    out.push_list(rule, "Targets", Expr::Map(entry));
}

/// What the edge's options set on the target: its input (checked by
/// `check::rule_targets`) and a FIFO queue's message group.
fn target_settings(edge: &Edge, entry: &mut Fields) {
    let option = |name: &str| {
        edge.options
            .get(name)
            .map(crate::model::OptionValue::joined)
    };
    if let Some(input) = option("input") {
        entry.insert("Input", text(input));
    }
    if let Some(path) = option("input-path") {
        entry.insert("InputPath", text(path));
    }
    if let Some(template) = option("input-template")
        && let Ok(read) = transformer(&template)
    {
        let mut transformer = Fields::new();
        if !read.paths.is_empty() {
            let paths = read.paths.into_iter().map(|(key, path)| (key, text(path)));
            transformer.insert("InputPathsMap", Expr::Map(paths.collect()));
        }
        transformer.insert("InputTemplate", text(read.template));
        entry.insert("InputTransformer", Expr::Map(transformer));
    }
    if let Some(group) = option("group-id") {
        entry.insert("SqsParameters", map([("MessageGroupId", text(group))]));
    }
}
