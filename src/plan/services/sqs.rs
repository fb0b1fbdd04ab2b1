//! Amazon SQS: a queue, encrypted as `kms-key` says.

use crate::catalogue::Mechanism;
use crate::plan::build::{Cx, Handle};
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::keys::encryption;
use crate::plan::services::{Creation, Reader};
use crate::plan::{Expr, Fields, map};

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
    if let Some(permission) = cx
        .property(id, "redrive-allow")
        .and_then(|value| match value {
            Expr::Text(word) => redrive_permission(&word),
            _ => None,
        })
    {
        properties.insert(
            "RedriveAllowPolicy",
            map([("redrivePermission", text(permission))]),
        );
    }
    // A dead-letter queue that lists its sources names them by ARN, so a
    // source needs a name known before it exists (the source refers to the
    // dead-letter queue, which must not refer back).
    if cx.given_name().is_none() && listed_as_source(cx, id) {
        let fifo = matches!(properties.get("FifoQueue"), Some(Expr::Bool(true)));
        let suffix = if fifo { ".fifo" } else { "" };
        properties.insert("QueueName", text(format!("{}{suffix}", cx.physical_name())));
    }
    Handle::created(
        logical,
        Expr::arn(logical),
        Expr::Attr(logical.clone(), "QueueName"),
    )
}

/// SQS's word for a `redrive-allow` value.
fn redrive_permission(word: &str) -> Option<&'static str> {
    Some(match word {
        "all" => "allowAll",
        "deny-all" => "denyAll",
        "by-queue" => "byQueue",
        _ => return None,
    })
}

/// Whether a dead-letter queue lists the queue `id` by ARN: one of its
/// dead-letter edges reaches a queue with `redrive-allow = by-queue`.
pub(in crate::plan) fn listed_as_source(cx: &Cx<'_>, id: crate::model::ResourceId) -> bool {
    let source = cx.model.resource(id);
    cx.model.outgoing(id).into_iter().any(|edge| {
        cx.catalogue
            .channel(&source.service, &edge.channel)
            .is_some_and(|channel| channel.mechanism == Mechanism::DeadLetterQueue)
            && lists_sources(cx, edge.to)
    })
}

/// Whether the queue `id` lists its source queues (`redrive-allow = by-queue`).
pub(in crate::plan) fn lists_sources(cx: &Cx<'_>, id: crate::model::ResourceId) -> bool {
    matches!(cx.property(id, "redrive-allow"), Some(Expr::Text(word)) if word == "by-queue")
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
