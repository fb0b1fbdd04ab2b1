//! A queue's or a topic's policy: Terraform attaches it to one queue URL or topic ARN.

use super::prelude::*;

pub(super) fn render(
    r: &mut Renderer<'_>,
    resource: &Resource,
    props: &mut Props<'_>,
    body: &mut Map<String, Value>,
) {
    let (list, argument) = if resource.kind == Kind::QueuePolicy {
        ("Queues", "queue_url")
    } else {
        ("Topics", "arn")
    };
    let target = items(props.get(list)).first();
    r.set(body, argument, target);
}
