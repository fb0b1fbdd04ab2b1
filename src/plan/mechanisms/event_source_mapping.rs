//! Lambda event source mappings (SQS, Kinesis, DynamoDB streams), and
//! Firehose's Kinesis source.

use crate::plan::destinations::allow_destination;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::iam::statement_strings;
use crate::plan::keys::key_for_role;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::services::{Reader, reader};
use crate::plan::{Expr, Fields, Kind, map};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (source_logical, from, to) = (&cx.source_logical, &cx.from, &cx.to);
    let Reader {
        read_arn,
        read_scope,
        starting_position,
    } = reader(cx.source_kind, cx.source, source_logical);
    if cx.target_kind == Some(Kind::DeliveryStream) {
        // Firehose reads the data stream itself: its source configuration, not a mapping.
        if let (Some(target_logical), Some(role)) =
            (cx.target.logical.clone(), cx.target.role.clone())
        {
            out.roles.of(role.clone()).push(statement_strings(
                &cx.channel.actions,
                vec![read_arn.clone()],
            ));
            if let Some(stream) = out.resource_mut(&target_logical) {
                stream
                    .properties
                    .insert("DeliveryStreamType", text("KinesisStreamAsSource"));
                stream.properties.insert(
                    "KinesisStreamSourceConfiguration",
                    map([
                        ("KinesisStreamARN", read_arn),
                        ("RoleARN", Expr::arn(&role)),
                    ]),
                );
                stream.depends_on.insert(role);
            }
        }
        return;
    }
    let id = out.unique_id(format!("{to}MappingFrom{from}"));
    let mut properties = Fields::new();
    properties.insert("EventSourceArn", read_arn);
    properties.insert("FunctionName", cx.target.name.clone());
    if let Some(batch) = cx.edge.options.get("batch") {
        properties.insert("BatchSize", Expr::Number(batch.joined()));
    }
    if let Some(window) = cx.edge.options.get("window") {
        properties.insert(
            "MaximumBatchingWindowInSeconds",
            Expr::Number(window.joined()),
        );
    }
    if starting_position {
        let start = cx
            .edge
            .options
            .get("start")
            .map_or("LATEST".to_string(), |start| {
                start.joined().to_ascii_uppercase().replace('-', "_")
            });
        properties.insert("StartingPosition", text(start));
    }
    let on_failure = cx
        .model
        .option_target(cx.edge.id, "on-failure")
        .map(|named| named.to);
    if let Some(destination) = on_failure {
        properties.insert(
            "DestinationConfig",
            map([(
                "OnFailure",
                map([("Destination", cx.handle(destination).arn.clone())]),
            )]),
        );
    }
    if let Some(role) = cx.target.role.clone() {
        key_for_role(cx, out, &role, cx.edge.from, &["kms:Decrypt"]);
        if let Some(destination) = on_failure {
            allow_destination(cx, out, &role, destination);
        }
        let statements = out.roles.of(role.clone());
        statements.push(statement_strings(&cx.channel.actions, vec![read_scope]));
        if !cx.channel.unscoped_actions.is_empty() {
            statements.push(statement_strings(
                &cx.channel.unscoped_actions,
                vec![text("*")],
            ));
        }
        let mapping = out.add(id.clone(), Kind::EventSourceMapping, cx.origin, properties);
        if !cx.channel.unscoped_actions.is_empty() {
            mapping.notes.push(format!(
                "{} takes no resource, so the function's role has it on `*`",
                cx.channel.unscoped_actions.join(", ")
            ));
        }
        // The role's policy must allow reading before Lambda validates the mapping.
        out.depend(&id, Some(role));
    } else {
        out.add(id, Kind::EventSourceMapping, cx.origin, properties)
            .notes
            .push("the function exists outside this template: grant its role the read actions yourself".to_string());
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::test_support::plan_of;
    use crate::plan::{Kind, Plan, Resource};

    fn mapping(plan: &Plan) -> &Resource {
        let found = plan
            .resources
            .iter()
            .find(|resource| resource.kind == Kind::EventSourceMapping);
        assert!(found.is_some(), "no mapping in {plan:#?}");
        found.unwrap()
    }

    #[test]
    fn a_queue_has_no_starting_position_and_a_stream_does() {
        let queue = plan_of("sqs q -> poll -> lambda f\n");
        assert!(!mapping(&queue).properties.contains_key("StartingPosition"));
        let stream = plan_of("kinesis s -> poll -> lambda f\n");
        assert!(mapping(&stream).properties.contains_key("StartingPosition"));
    }
}
