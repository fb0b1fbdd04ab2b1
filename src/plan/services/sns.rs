//! Amazon SNS: a topic, encrypted as `kms-key` says.

use crate::plan::build::Handle;
use crate::plan::glue::Glue;
use crate::plan::keys::encryption;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    cx.copy_properties(
        id,
        properties,
        &[("fifo", "FifoTopic"), ("display-name", "DisplayName")],
    );
    encryption(cx, out, id, logical, properties);
    Handle::created(
        logical,
        Expr::Ref(logical.clone()),
        Expr::Attr(logical.clone(), "TopicName"),
    )
}
