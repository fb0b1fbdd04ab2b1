//! Amazon GuardDuty: the detector.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, sub};
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    properties.insert("Enable", Expr::Bool(true));
    if let Some(frequency) = cx.property(id, "frequency") {
        properties.insert("FindingPublishingFrequency", frequency);
    }
    Handle::created(
        logical,
        sub(format!(
            "arn:{PARTITION}:guardduty:${{AWS::Region}}:${{AWS::AccountId}}:detector/${{{logical}}}"
        )),
        Expr::Ref(logical.clone()),
    )
}
