//! Amazon EventBridge Scheduler: a schedule group that schedules name.

use crate::plan::build::Handle;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

/// The group, always with its name: it is how its schedules (`GroupName`)
/// and their roles' trust (`aws:SourceArn`) name it.
pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let logical = &cx.logical;
    properties.insert("Name", text(cx.physical_name()));
    Handle::created(logical, Expr::arn(logical), Expr::Ref(logical.clone()))
}
