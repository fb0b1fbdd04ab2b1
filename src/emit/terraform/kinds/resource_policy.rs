//! A queue's or a topic's policy: Terraform attaches it to one queue URL or topic ARN.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, body, _) = draft;
    let (list, argument) = if resource.kind == Kind::QueuePolicy {
        ("Queues", "queue_url")
    } else {
        ("Topics", "arn")
    };
    let target = items(props.get(list)).first();
    r.set(body, argument, target);
}
