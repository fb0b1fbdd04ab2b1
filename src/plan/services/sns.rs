//! Amazon SNS: a topic, encrypted as `kms-key` says.

use crate::plan::build::{Builder, Handle};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

pub(super) fn create(b: &mut Builder<'_>, cx: &Creation<'_>, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    b.cx.copy_properties(
        id,
        properties,
        &[("fifo", "FifoTopic"), ("display-name", "DisplayName")],
    );
    b.encryption(id, logical, properties);
    Handle::created(
        logical,
        Expr::Ref(logical.clone()),
        Expr::Attr(logical.clone(), "TopicName"),
    )
}
