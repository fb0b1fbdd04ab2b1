//! Amazon EventBridge: a custom event bus.

use crate::plan::build::Handle;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let logical = &cx.logical;
    // Both backends require the name: it is how rules and senders name the bus.
    properties.insert("Name", text(cx.physical_name()));
    if let Some(description) = cx.property(cx.id, "description") {
        properties.insert("Description", description);
    }
    Handle::created(logical, Expr::arn(logical), Expr::Ref(logical.clone()))
}
