//! AWS CloudFormation: a nested stack.

use crate::plan::build::Handle;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    cx.copy_properties(
        id,
        properties,
        &[
            ("template-url", "TemplateURL"),
            ("parameters", "Parameters"),
            ("timeout", "TimeoutInMinutes"),
        ],
    );
    // A stack's `Ref` is its id, which is its ARN.
    Handle::created(
        logical,
        Expr::Ref(logical.clone()),
        text(cx.physical_name()),
    )
}
