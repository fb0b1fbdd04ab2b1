//! A CloudWatch Logs delivery destination: its resource ARN in `delivery_destination_configuration`.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    let mut block = Map::new();
    let destination = props.get("DestinationResourceArn");
    r.set(&mut block, "destination_resource_arn", destination);
    body.insert(
        "delivery_destination_configuration".into(),
        Value::Array(vec![Value::Object(block)]),
    );
}
