//! Amazon EventBridge Pipes: a pipe and its execution role. The pipe's
//! source, enrichment and target (and what its role may do to each) are
//! written by the edges' mechanisms (`mechanisms/pipe.rs`).

use crate::ast;
use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::roles::{ServiceRole, service_role};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let role = format!("{logical}Role");
    let name = cx.physical_name();
    // The trust holds what the principal file says Pipes sends.
    service_role(
        cx,
        out,
        &ServiceRole {
            id: &role,
            origin: cx.origin,
            principal: "pipes.amazonaws.com",
            source_arn: Some(sub(format!(
                "arn:{PARTITION}:pipes:${{AWS::Region}}:${{AWS::AccountId}}:pipe/{}",
                sub_literal(&name)
            ))),
        },
        Vec::new(),
    );
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
