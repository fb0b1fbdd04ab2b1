//! EventBridge Pipes: the source edge into a pipe (from the event source
//! mapping channels of queues and streams, `source`), the pipe's target
//! (`glue`) and its enrichment (`enrichment`). Each writes its part of the
//! one `AWS::Pipes::Pipe` and what the pipe's own role may do to that end,
//! on that end only.

use crate::catalogue::NameKind;
use crate::catalogue::schema::Map;
use crate::model::OptionValue;
use crate::plan::destinations::allow_destination;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::iam::{bare_log_group_arn, log_group_resources};
use crate::plan::keys::key_for_role;
use crate::plan::mechanisms::{EdgeCx, api_destination};
use crate::plan::roles::allow;
use crate::plan::services::{Reader, reader, role_scope};
use crate::plan::{Expr, Fields, Kind, map};

/// The stream options and the `DynamoDBStreamParameters` and
/// `KinesisStreamParameters` fields they set (a queue takes the first two).
const NUMBERS: [(&str, &str); 5] = [
    ("batch", "BatchSize"),
    ("window", "MaximumBatchingWindowInSeconds"),
    ("retries", "MaximumRetryAttempts"),
    ("max-age", "MaximumRecordAgeInSeconds"),
    ("parallelization", "ParallelizationFactor"),
];

/// A queue's or stream's edge into a pipe: the pipe's `Source` and
/// `SourceParameters`, and the source's read actions in the pipe's role.
pub(super) fn source(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (Some(pipe), Some(role)) = (cx.target.logical.clone(), cx.target.role.clone()) else {
        return;
    };
    let Reader {
        read_arn,
        read_scope,
        starting_position,
    } = reader(cx.source_kind, cx.source, &cx.source_logical);
    key_for_role(cx, out, &role, cx.edge.from, &["kms:Decrypt"]);
    allow(out, &role, cx.origin, &cx.channel.actions, vec![read_scope]);
    if !cx.channel.unscoped_actions.is_empty() {
        allow(
            out,
            &role,
            cx.origin,
            &cx.channel.unscoped_actions,
            vec![text("*")],
        );
    }
    let mut parameters = Fields::new();
    let filters = filters(cx);
    if !filters.is_empty() {
        parameters.insert("FilterCriteria", map([("Filters", Expr::List(filters))]));
    }
    let key = match cx.source_kind {
        Some(Kind::Table) => "DynamoDBStreamParameters",
        Some(Kind::Stream) => "KinesisStreamParameters",
        _ => "SqsQueueParameters",
    };
    let mut tuning = tuning(&cx.edge.options, starting_position);
    // A stream's records that the pipe gives up on go to its dead-letter
    // queue or topic (check has held it to those, E489; a queue has its own
    // redrive policy instead, E488); the pipe's role sends there only.
    let dead_letter = cx
        .model
        .option_target(cx.edge.id, "on-failure")
        .map(|named| named.to);
    if let Some(destination) = dead_letter {
        tuning.insert(
            "DeadLetterConfig",
            map([("Arn", cx.handle(destination).arn.clone())]),
        );
        allow_destination(cx, out, &role, destination);
    }
    if !tuning.is_empty() {
        parameters.insert(key, Expr::Map(tuning));
    }
    if let Some(resource) = out.resource_mut(&pipe) {
        resource.properties.insert("Source", read_arn);
        if !parameters.is_empty() {
            resource
                .properties
                .insert("SourceParameters", Expr::Map(parameters));
        }
    }
    // Pipes checks the role's access to the source when it creates the pipe.
    out.depend(&pipe, Some(role));
}

/// The pipe's own `filter` and its source edge's, as `FilterCriteria` filters.
fn filters(cx: &EdgeCx<'_>) -> Vec<Expr> {
    let own = cx.text_property(cx.edge.to, "filter");
    let edge = cx
        .edge
        .options
        .get("filter")
        .map(|filter| filter.values.iter().map(|pattern| pattern.text.clone()));
    own.into_iter()
        .chain(edge.into_iter().flatten())
        .map(|pattern| map([("Pattern", text(pattern))]))
        .collect()
}

/// The source parameters the edge's options set (check has held them to
/// what Pipes takes, E485); a stream always has a starting position, which
/// Pipes requires.
fn tuning(options: &Map<OptionValue>, starting_position: bool) -> Fields {
    let mut fields = Fields::new();
    for (option, field) in NUMBERS {
        if let Some(value) = options.get(option) {
            fields.insert(field, Expr::Number(value.joined()));
        }
    }
    if starting_position {
        if options.contains_key("bisect") {
            fields.insert("OnPartialBatchItemFailure", text("AUTOMATIC_BISECT"));
        }
        let start = options
            .get("starting-position")
            .or_else(|| options.get("start"))
            .map_or("LATEST".to_string(), |start| {
                start.joined().to_ascii_uppercase().replace('-', "_")
            });
        fields.insert("StartingPosition", text(start));
        if let Some(from) = options.get("from") {
            fields.insert("StartingPositionTimestamp", text(from.joined()));
        }
    }
    fields
}

/// The pipe's `target` edge: `Target`, `TargetParameters`, and the target's
/// write actions (the catalogue's `receive` actions) in the pipe's role.
pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (Some(pipe), Some(role)) = (cx.source.logical.clone(), cx.source.role.clone()) else {
        return;
    };
    if is_address(cx) {
        let destination = https(cx, out, &role);
        let parameters = target_parameters(cx);
        if let Some(resource) = out.resource_mut(&pipe) {
            resource.properties.insert("Target", destination);
            if !parameters.is_empty() {
                resource
                    .properties
                    .insert("TargetParameters", Expr::Map(parameters));
            }
        }
        return;
    }
    let Some(receive) = cx
        .catalogue
        .service(&cx.target_service)
        .and_then(|spec| spec.receive.clone())
    else {
        return;
    };
    let (target, scope) = match cx.target_kind {
        // A log group's `GetAtt Arn` ends in `:*`; Pipes takes the group's
        // own ARN, and the role acts on its streams.
        Some(Kind::LogGroup) => (
            bare_log_group_arn(cx.target),
            log_group_resources(cx.target),
        ),
        kind => (cx.target.arn.clone(), role_scope(kind, cx.target)),
    };
    key_for_role(
        cx,
        out,
        &role,
        cx.edge.to,
        &["kms:GenerateDataKey", "kms:Decrypt"],
    );
    // A state machine run REQUEST_RESPONSE is started synchronously
    // (`StartSyncExecution`, Express only), not with its `receive` action.
    let actions = if cx.target_kind == Some(Kind::StateMachine)
        && invocation(cx).is_some_and(|how| how == "REQUEST_RESPONSE")
    {
        vec!["states:StartSyncExecution".to_string()]
    } else {
        receive.actions
    };
    allow(out, &role, cx.origin, &actions, scope);
    let parameters = target_parameters(cx);
    if let Some(resource) = out.resource_mut(&pipe) {
        resource.properties.insert("Target", target);
        if !parameters.is_empty() {
            resource
                .properties
                .insert("TargetParameters", Expr::Map(parameters));
        }
    }
    out.depend(&pipe, cx.target.logical.clone());
}

/// `TargetParameters`: the edge's options, and how a function or state
/// machine is invoked (a Standard state machine only FIRE_AND_FORGET).
fn target_parameters(cx: &EdgeCx<'_>) -> Fields {
    let options = &cx.edge.options;
    let option = |name: &str| options.get(name).map(|value| text(value.joined()));
    let mut parameters = Fields::new();
    if let Some(template) = option("input-template") {
        parameters.insert("InputTemplate", template);
    }
    match cx.target_kind {
        Some(Kind::Queue) => {
            if let Some(group) = option("group-id") {
                parameters.insert("SqsQueueParameters", map([("MessageGroupId", group)]));
            }
        }
        Some(Kind::StateMachine) => {
            let how = invocation(cx).unwrap_or_else(|| "FIRE_AND_FORGET".to_string());
            parameters.insert(
                "StepFunctionStateMachineParameters",
                map([("InvocationType", text(how))]),
            );
        }
        Some(Kind::Function) => {
            let how = invocation(cx).unwrap_or_else(|| "REQUEST_RESPONSE".to_string());
            parameters.insert(
                "LambdaFunctionParameters",
                map([("InvocationType", text(how))]),
            );
        }
        Some(Kind::Stream) => {
            let key = option("partition-key").unwrap_or_else(|| cx.source.name.clone());
            parameters.insert("KinesisStreamParameters", map([("PartitionKey", key)]));
        }
        _ => {}
    }
    parameters
}

/// The target edge's `invocation` as Pipes spells it (`REQUEST_RESPONSE`,
/// `FIRE_AND_FORGET`), if written.
fn invocation(cx: &EdgeCx<'_>) -> Option<String> {
    cx.edge
        .options
        .get("invocation")
        .map(|how| how.joined().to_ascii_uppercase().replace('-', "_"))
}

/// The pipe's `enrich` edge: `Enrichment`, and the synchronous invoke action
/// in the pipe's role on the function or (Express) state machine only.
pub(super) fn enrichment(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (Some(pipe), Some(role)) = (cx.source.logical.clone(), cx.source.role.clone()) else {
        return;
    };
    if is_address(cx) {
        let destination = https(cx, out, &role);
        if let Some(resource) = out.resource_mut(&pipe) {
            resource.properties.insert("Enrichment", destination);
        }
        return;
    }
    // Pipes waits for the enrichment's answer: a function is invoked, an
    // Express state machine run synchronously.
    let action = match cx.target_kind {
        Some(Kind::StateMachine) => "states:StartSyncExecution",
        _ => "lambda:InvokeFunction",
    };
    allow(
        out,
        &role,
        cx.origin,
        &[action.to_string()],
        vec![cx.target.arn.clone()],
    );
    if let Some(resource) = out.resource_mut(&pipe) {
        resource
            .properties
            .insert("Enrichment", cx.target.arn.clone());
    }
    out.depend(&pipe, cx.target.logical.clone());
}

/// Whether the edge's target is an address (an HTTPS endpoint), which a
/// pipe reaches through an API destination.
fn is_address(cx: &EdgeCx<'_>) -> bool {
    cx.catalogue
        .service(&cx.target_service)
        .is_some_and(|spec| spec.name == NameKind::Address)
}

/// The API destination and connection for the pipe's HTTPS target or
/// enrichment, and the pipe's role allowed to invoke it only; returns the
/// API destination's ARN.
fn https(cx: &EdgeCx<'_>, out: &mut Glue, role: &str) -> Expr {
    let destination = api_destination::create(cx, out, cx.edge, (&cx.from, &cx.to), cx.origin);
    allow(
        out,
        role,
        cx.origin,
        &[api_destination::INVOKE.to_string()],
        vec![Expr::arn(&destination)],
    );
    Expr::arn(&destination)
}

#[cfg(test)]
mod tests {
    use crate::plan::test_support::{first_of_kind, plan_of};
    use crate::plan::{Kind, Plan, Resource};

    fn pipe(plan: &Plan) -> &Resource {
        first_of_kind(plan, Kind::Pipe)
    }

    #[test]
    fn a_queue_to_a_state_machine_fires_and_forgets_with_the_pipes_filter() {
        let plan = plan_of(concat!(
            "pipe p { filter = \"{\\\"body\\\": {\\\"kind\\\": [\\\"order\\\"]}}\" }\n",
            "sqs incoming -> pipe p -> stepfunctions checkout\n"
        ));
        let shown = format!("{:?}", pipe(&plan).properties);
        for expected in [
            "Source",
            "Target",
            "FIRE_AND_FORGET",
            "FilterCriteria",
            "order",
        ] {
            assert!(shown.contains(expected), "{expected} not in {shown}");
        }
        assert!(!shown.contains("StartingPosition"), "{shown}");
    }

    #[test]
    fn a_stream_source_has_a_starting_position_and_the_enrichment_is_set() {
        let plan =
            plan_of("dynamodb carts -> stream batch 10 -> pipe p enrich lambda price -> sqs out\n");
        let shown = format!("{:?}", pipe(&plan).properties);
        for expected in [
            "DynamoDBStreamParameters",
            "StartingPosition",
            "LATEST",
            "BatchSize",
            "Enrichment",
        ] {
            assert!(shown.contains(expected), "{expected} not in {shown}");
        }
    }

    #[test]
    fn a_streams_dead_letter_queue_is_the_pipes_and_only_its_role_sends_there() {
        let plan = plan_of(concat!(
            "sqs failed\n",
            "kinesis clicks -> poll on-failure failed batch 10 -> pipe p -> sqs out\n"
        ));
        let shown = format!("{:?}", pipe(&plan).properties);
        assert!(shown.contains("DeadLetterConfig"), "{shown}");
        assert!(shown.contains("FailedQueue"), "{shown}");
        let role = format!("{:?}", first_of_kind(&plan, Kind::Role).properties);
        assert!(role.contains("sqs:SendMessage"), "{role}");
    }

    #[test]
    fn an_express_target_run_request_response_is_started_synchronously() {
        let plan = plan_of(concat!(
            "stepfunctions checkout { type = express }\n",
            "stepfunctions checkout -> logs -> loggroup /aws/vendedlogs/states/checkout\n",
            "sqs incoming -> pipe p -> target invocation request-response -> stepfunctions checkout\n"
        ));
        let shown = format!("{:?}", pipe(&plan).properties);
        assert!(shown.contains("REQUEST_RESPONSE"), "{shown}");
        let started = plan.resources.iter().any(|resource| {
            resource.kind == Kind::Role
                && format!("{:?}", resource.properties).contains("states:StartSyncExecution")
        });
        assert!(started, "no role may StartSyncExecution");
    }
}
