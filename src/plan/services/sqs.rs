//! Amazon SQS: a queue, encrypted as `kms-key` says.

use crate::plan::build::Handle;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::keys::encryption;
use crate::plan::services::{Creation, Reader};
use crate::plan::{Expr, Fields};

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    cx.copy_properties(
        id,
        properties,
        &[
            ("fifo", "FifoQueue"),
            ("content-dedup", "ContentBasedDeduplication"),
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

/// A queue's URL, which its policy and an Elastic Beanstalk worker name it
/// by: the created queue's `Ref`, or built from an existing queue's ARN.
pub(in crate::plan) fn url(queue: &Handle) -> Expr {
    match (&queue.logical, &queue.arn) {
        (Some(logical), _) => Expr::Ref(logical.clone()),
        (None, Expr::Text(arn)) => text(queue_url(arn)),
        (None, other) => other.clone(),
    }
}

fn queue_url(arn: &str) -> String {
    let parts: Vec<&str> = arn.split(':').collect();
    match parts.as_slice() {
        [_, _, _, region, account, name] => {
            format!("https://sqs.{region}.amazonaws.com/{account}/{name}")
        }
        _ => arn.to_string(),
    }
}

/// A queue is read by its ARN, from whatever is in it (no starting position).
pub(super) fn reader(queue: &Handle) -> Reader {
    Reader {
        read_arn: queue.arn.clone(),
        read_scope: queue.arn.clone(),
        starting_position: false,
    }
}
