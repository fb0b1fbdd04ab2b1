//! Amazon EventBridge Pipes: a pipe and its execution role. The pipe's
//! source, enrichment and target (and what its role may do to each) are
//! written by the edges' mechanisms (`mechanisms/pipe.rs`).

use crate::ast;
use crate::plan::build::Handle;
use crate::plan::expr::{sub, text};
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let role = format!("{logical}Role");
    // Pipes documents `aws:SourceAccount` in the role's trust policy against
    // the confused deputy; it names no `aws:SourceArn` for the pipe.
    out.role(
        &role,
        cx.origin,
        text("pipes.amazonaws.com"),
        Some(map([(
            "StringEquals",
            map([("aws:SourceAccount", sub("${AWS::AccountId}"))]),
        )])),
        Vec::new(),
    );
    let name = cx.physical_name();
    properties.insert("Name", text(name.clone()));
    properties.insert("RoleArn", Expr::arn(&role));
    cx.copy_properties(id, properties, &[("description", "Description")]);
    let stopped = cx
        .resource
        .properties
        .get("stopped")
        .is_some_and(|property| matches!(property.value, ast::Value::Bool(true, _)));
    if stopped {
        properties.insert("DesiredState", text("STOPPED"));
    }
    // A pipe's tags are a map, not a list of pairs.
    if let Some(tags) = cx.property(id, "tags") {
        properties.insert("Tags", tags);
    }
    Handle {
        logical: Some(logical.clone()),
        arn: Expr::arn(logical),
        name: text(name),
        role: Some(role),
    }
}
