//! Amazon CloudWatch Logs: a log group.

use crate::plan::build::Handle;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::services::apigateway::execution_log_group;
use crate::plan::{Expr, Fields};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let resource = cx.resource;
    let logical = &cx.logical;
    // API Gateway writes execution logs to a group it names itself.
    let name = execution_log_group(cx, id)
        .unwrap_or_else(|| text(cx.given_name().unwrap_or_else(|| resource.name.clone())));
    properties.insert("LogGroupName", name.clone());
    if let Some(retention) = cx.property(id, "retention") {
        properties.insert("RetentionInDays", retention);
    }
    Handle::created(logical, Expr::arn(logical), name)
}
