//! AWS Systems Manager: an Automation document.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, json_plain, sub, text};
use crate::plan::glue::Glue;
use crate::plan::iam::automation_definition;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let name = cx.physical_name();
    properties.insert("Name", text(name.clone()));
    properties.insert("DocumentType", text("Automation"));
    // The runbook goes in as a document (CloudFormation sends it as
    // JSON), so that cfn-lint validates its structure too; text that
    // does not parse goes in as written.
    let content = cx.property(id, "content");
    let parsed = match &content {
        Some(Expr::Text(content)) => serde_yaml_ng::from_str::<serde_json::Value>(content)
            .ok()
            .filter(serde_json::Value::is_object),
        _ => None,
    };
    match (parsed, content) {
        (Some(document), _) => {
            properties.insert("DocumentFormat", text("JSON"));
            properties.insert("Content", json_plain(&document));
        }
        (None, content) => {
            properties.insert(
                "DocumentFormat",
                cx.property(id, "format").unwrap_or_else(|| text("YAML")),
            );
            if let Some(content) = content {
                properties.insert("Content", content);
            }
        }
    }
    Handle::created(
        logical,
        sub(format!(
            "arn:{PARTITION}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:document/{name}"
        )),
        text(name),
    )
}

/// A runbook's automation definition and its versions: EventBridge starts the
/// runbook's default version (`NAME:$DEFAULT`).
pub(super) fn role_scope(document: &Handle) -> Vec<Expr> {
    let definition = automation_definition(&document.arn);
    let versions = match &definition {
        Expr::Sub(arn) => Expr::Sub(format!("{arn}:*")),
        Expr::Text(arn) => text(format!("{arn}:*")),
        other => other.clone(),
    };
    vec![definition, versions]
}
