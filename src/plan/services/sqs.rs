//! Amazon SQS: a queue, encrypted as `kms-key` says.

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
        &[
            ("fifo", "FifoQueue"),
            ("visibility-timeout", "VisibilityTimeout"),
            ("retention", "MessageRetentionPeriod"),
            ("delay", "DelaySeconds"),
        ],
    );
    encryption(cx, out, id, logical, properties);
    Handle::created(
        logical,
        Expr::arn(logical),
        Expr::Attr(logical.clone(), "QueueName"),
    )
}
