//! AWS CloudTrail: a trail.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, sub, text};
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let name = cx.physical_name();
    properties.insert("TrailName", text(name.clone()));
    properties.insert("IsLogging", Expr::Bool(true));
    cx.copy_properties(
        id,
        properties,
        &[
            ("multi-region", "IsMultiRegionTrail"),
            ("global-events", "IncludeGlobalServiceEvents"),
            ("validation", "EnableLogFileValidation"),
            ("prefix", "S3KeyPrefix"),
        ],
    );
    Handle::created(
        logical,
        sub(format!(
            "arn:{PARTITION}:cloudtrail:${{AWS::Region}}:${{AWS::AccountId}}:trail/{name}"
        )),
        text(name),
    )
}
