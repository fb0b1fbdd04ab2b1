//! A DynamoDB table: its key schema as `hash_key`/`range_key`, its stream,
//! and its Kinesis streaming destination, a resource of its own in Terraform.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, body, own) = draft;
    for key in items(props.get("KeySchema")) {
        let argument = match text_of(field(key, "KeyType")) {
            Some("HASH") => "hash_key",
            Some("RANGE") => "range_key",
            _ => continue,
        };
        r.set(body, argument, field(key, "AttributeName"));
    }
    if let Some(view) = props
        .get("StreamSpecification")
        .and_then(|stream| field(stream, "StreamViewType"))
    {
        body.insert("stream_enabled".into(), json!(true));
        r.set(body, "stream_view_type", Some(view));
    }
    if let Some(specification) = props.get("KinesisStreamSpecification") {
        let mut split = Map::new();
        split.insert(
            "table_name".into(),
            json!(format!("${{aws_dynamodb_table.{own}.name}}")),
        );
        r.set(&mut split, "stream_arn", field(specification, "StreamArn"));
        r.set(
            &mut split,
            "approximate_creation_date_time_precision",
            field(specification, "ApproximateCreationDateTimePrecision"),
        );
        r.split_off(
            resource,
            "aws_dynamodb_kinesis_streaming_destination",
            own.to_string(),
            split,
        );
    }
}
