//! Amazon CloudWatch Logs: a log group.

use crate::plan::build::{Builder, Handle};
use crate::plan::expr::text;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

pub(super) fn create(b: &mut Builder<'_>, cx: &Creation<'_>, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let resource = cx.resource;
    let logical = &cx.logical;
    // API Gateway writes execution logs to a group it names itself.
    let name = b
        .execution_log_group(id)
        .unwrap_or_else(|| resource.name.clone());
    properties.insert("LogGroupName", text(name.clone()));
    if let Some(retention) = b.cx.property(id, "retention") {
        properties.insert("RetentionInDays", retention);
    }
    Handle::created(logical, Expr::arn(logical), text(name))
}
