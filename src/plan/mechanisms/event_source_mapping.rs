//! Lambda event source mappings (SQS, Kinesis, DynamoDB streams), and
//! Firehose's Kinesis source.

use crate::catalogue::schema::Map;
use crate::model::OptionValue;
use crate::model::values::epoch_seconds;
use crate::plan::destinations::grant_destination;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::iam::statement_strings;
use crate::plan::keys::key_for_role;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::mechanisms::code_access::hold;
use crate::plan::services::{Reader, reader};
use crate::plan::{Expr, Fields, Kind, map};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (source_logical, from, to) = (&cx.source_logical, &cx.from, &cx.to);
    let Reader {
        read_arn,
        read_scope,
        starting_position,
    } = reader(cx.source_kind, cx.source, source_logical);
    if cx.target_kind == Some(Kind::Pipe) {
        // A pipe reads the queue or stream itself, with its own role.
        super::pipe::source(cx, out);
        return;
    }
    if cx.target_kind == Some(Kind::DeliveryStream) {
        // Firehose reads the data stream itself: its source configuration, not a mapping.
        if let (Some(target_logical), Some(role)) =
            (cx.target.logical.clone(), cx.target.role.clone())
        {
            hold(
                out,
                &role,
                Some(&role),
                cx.origin,
                statement_strings(&cx.channel.actions, vec![read_arn.clone()]),
            );
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
    let mut properties = tuning(&cx.edge.options, starting_position);
    properties.insert("EventSourceArn", read_arn);
    properties.insert("FunctionName", cx.target.name.clone());
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
            grant_destination(cx, out, &role, &role, cx.origin, destination);
        }
        hold(
            out,
            &role,
            Some(&role),
            cx.origin,
            statement_strings(&cx.channel.actions, vec![read_scope]),
        );
        if !cx.channel.unscoped_actions.is_empty() {
            hold(
                out,
                &role,
                Some(&role),
                cx.origin,
                statement_strings(&cx.channel.unscoped_actions, vec![text("*")]),
            );
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

/// The numeric options and the mapping properties they set, as written.
const NUMBERS: [(&str, &str); 7] = [
    ("batch", "BatchSize"),
    ("window", "MaximumBatchingWindowInSeconds"),
    ("retries", "MaximumRetryAttempts"),
    ("max-age", "MaximumRecordAgeInSeconds"),
    ("parallelization", "ParallelizationFactor"),
    ("tumbling-window", "TumblingWindowInSeconds"),
    ("max-concurrency", "MaximumConcurrency"),
];

/// The mapping's properties that the channel's options set (which options a
/// source takes is the catalogue's; check has held them to its ranges).
fn tuning(options: &Map<OptionValue>, starting_position: bool) -> Fields {
    let mut properties = Fields::new();
    for (option, property) in NUMBERS {
        let Some(value) = options.get(option) else {
            continue;
        };
        let number = Expr::Number(value.joined());
        if property == "MaximumConcurrency" {
            properties.insert("ScalingConfig", map([(property, number)]));
        } else {
            properties.insert(property, number);
        }
    }
    if options.contains_key("report-failures") {
        properties.insert(
            "FunctionResponseTypes",
            Expr::List(vec![text("ReportBatchItemFailures")]),
        );
    }
    if options.contains_key("bisect") {
        properties.insert("BisectBatchOnFunctionError", Expr::Bool(true));
    }
    if let Some(filter) = options.get("filter") {
        let filters = filter
            .values
            .iter()
            .map(|pattern| map([("Pattern", text(pattern.text.clone()))]))
            .collect();
        properties.insert("FilterCriteria", map([("Filters", Expr::List(filters))]));
    }
    if starting_position {
        let start = options
            .get("starting-position")
            .or_else(|| options.get("start"))
            .map_or("LATEST".to_string(), |start| {
                start.joined().to_ascii_uppercase().replace('-', "_")
            });
        properties.insert("StartingPosition", text(start));
        // CloudFormation takes the time in seconds since 1970; check held it to RFC 3339.
        if let Some(seconds) = options
            .get("from")
            .and_then(|from| epoch_seconds(&from.joined()))
        {
            properties.insert(
                "StartingPositionTimestamp",
                Expr::Number(seconds.to_string()),
            );
        }
    }
    properties
}

#[cfg(test)]
mod tests {
    use crate::plan::test_support::{first_of_kind, plan_of};
    use crate::plan::{Kind, Plan, Resource};

    fn mapping(plan: &Plan) -> &Resource {
        first_of_kind(plan, Kind::EventSourceMapping)
    }

    #[test]
    fn a_queue_has_no_starting_position_and_a_stream_does() {
        let queue = plan_of("sqs q -> poll -> lambda f\n");
        assert!(!mapping(&queue).properties.contains_key("StartingPosition"));
        let stream = plan_of("kinesis s -> poll -> lambda f\n");
        assert!(mapping(&stream).properties.contains_key("StartingPosition"));
    }

    #[test]
    fn options_set_the_mapping_properties_aws_names() {
        let plan = plan_of(concat!(
            "kinesis s -> poll batch 500 window 2 bisect retries 3 max-age 3600 ",
            "parallelization 4 tumbling-window 60 report-failures ",
            "starting-position at-timestamp from \"2026-01-01T00:00:00Z\" ",
            "filter \"{\\\"data\\\": {\\\"kind\\\": [\\\"a\\\"]}}\" \"{}\" -> lambda f\n"
        ));
        let properties = &mapping(&plan).properties;
        let shown = format!("{properties:?}");
        for expected in [
            "BatchSize",
            "MaximumBatchingWindowInSeconds",
            "BisectBatchOnFunctionError",
            "MaximumRetryAttempts",
            "MaximumRecordAgeInSeconds",
            "ParallelizationFactor",
            "TumblingWindowInSeconds",
            "ReportBatchItemFailures",
            "AT_TIMESTAMP",
            "1767225600",
            "Pattern",
        ] {
            assert!(shown.contains(expected), "{expected} not in {shown}");
        }
        let queue = plan_of("sqs q -> poll max-concurrency 5 -> lambda f\n");
        let shown = format!("{:?}", mapping(&queue).properties);
        assert!(shown.contains("ScalingConfig") && shown.contains("MaximumConcurrency"));
    }
}
