//! SNS subscriptions, and chat channels that list the topics they follow.

use crate::catalogue::NameKind;
use crate::plan::expr::{json_expr, text};
use crate::plan::glue::Glue;
use crate::plan::grants::{Sender, grant};
use crate::plan::iam::statement;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::mechanisms::code_access::hold;
use crate::plan::{Expr, Fields, Kind, logical_id, map};

/// What SNS reads of a Firehose stream through the subscription role,
/// besides the stream's `receive` actions (`PutRecord`, `PutRecordBatch`):
/// the SNS Developer Guide's recommended permissions, "Prerequisites for
/// subscribing Firehose delivery streams to Amazon SNS topics",
/// https://docs.aws.amazon.com/sns/latest/dg/prereqs-kinesis-data-firehose.html
/// (read 2026-12).
const FIREHOSE_READS: [&str; 2] = [
    "firehose:DescribeDeliveryStream",
    "firehose:ListTagsForDeliveryStream",
];

/// Of the same list, the action that takes no resource (Service
/// Authorization Reference, Actions, resources, and condition keys for
/// Amazon Kinesis Firehose: `ListDeliveryStreams` has no resource type), on `*`.
const FIREHOSE_LIST: [&str; 1] = ["firehose:ListDeliveryStreams"];

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    if cx.target_kind == Some(Kind::ChatChannel) {
        chat_channel(cx, out);
    } else {
        subscription(cx, out);
    }
}

fn chat_channel(cx: &EdgeCx<'_>, out: &mut Glue) {
    // The chat channel subscribes to the topics it lists itself.
    out.push_list(
        &cx.target.logical.clone().unwrap_or_default(),
        "SnsTopicArns",
        cx.source.arn.clone(),
    );
}

fn subscription(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (from, to, target_service) = (&cx.from, &cx.to, &cx.target_service);
    let id = out.unique_id(format!("{from}To{to}Subscription"));
    let mut properties = Fields::new();
    properties.insert("TopicArn", cx.source.arn.clone());
    // SNS names each protocol by the service keyword wirec uses for it; an
    // address (email, HTTPS, SMS) is its own endpoint and is granted nothing.
    properties.insert("Protocol", text(target_service.clone()));
    let address = cx
        .catalogue
        .service(target_service)
        .is_some_and(|spec| spec.name == NameKind::Address);
    let dependency = if address {
        let target = cx.model.resource(cx.edge.to);
        let endpoint = match cx.model.address_parameter(target) {
            Some(param) => Expr::Param(logical_id(&param.name.text, "")),
            None => text(target.name.clone()),
        };
        properties.insert("Endpoint", endpoint);
        None
    } else {
        let Some(grant) = cx.admit_source(out) else {
            return;
        };
        if cx.target_kind == Some(Kind::DeliveryStream)
            && let Some(role) = &grant
        {
            properties.insert("SubscriptionRoleArn", Expr::arn(role));
            firehose_reads(cx, out, role);
        }
        properties.insert("Endpoint", cx.target.arn.clone());
        grant
    };
    if let Some(filter) = cx.edge.options.get("filter") {
        let filter = filter.joined();
        let value = serde_json::from_str::<serde_json::Value>(&filter)
            .map_or_else(|_| text(filter), |json| json_expr(&json, cx.source));
        properties.insert("FilterPolicy", value);
    }
    if cx
        .edge
        .options
        .get("raw")
        .is_some_and(|raw| raw.joined() == "true")
    {
        properties.insert("RawMessageDelivery", Expr::Bool(true));
    }
    let dead_letter = dead_letter_queue(cx, out, &mut properties);
    out.add(id.clone(), Kind::Subscription, cx.origin, properties);
    out.depend(&id, dependency);
    out.depend(&id, dead_letter);
}

/// The subscription role's reads of the stream, which AWS lists beside
/// `PutRecord`: describe and list its tags on the stream, list on `*`.
fn firehose_reads(cx: &EdgeCx<'_>, out: &mut Glue, role: &str) {
    hold(
        out,
        role,
        Some(role),
        cx.origin,
        statement(&FIREHOSE_READS, vec![cx.target.arn.clone()]),
    );
    hold(
        out,
        role,
        Some(role),
        cx.origin,
        statement(&FIREHOSE_LIST, vec![text("*")]),
    );
    if let Some(resource) = out.resource_mut(role) {
        let note = "firehose:ListDeliveryStreams takes no resource, so the role has it on `*` (the SNS Developer Guide lists it among the subscription role's permissions)".to_string();
        if !resource.notes.contains(&note) {
            resource.notes.push(note);
        }
    }
}

/// The subscription's dead-letter queue (`subscribe dead-letter NAME`): its
/// `RedrivePolicy`, and the queue's policy admitting SNS from this topic only;
/// returns that policy, which must exist before SNS is told of the queue.
fn dead_letter_queue(cx: &EdgeCx<'_>, out: &mut Glue, properties: &mut Fields) -> Option<String> {
    let named = cx.model.option_target(cx.edge.id, "dead-letter")?;
    let queue = named.to;
    properties.insert(
        "RedrivePolicy",
        map([("deadLetterTargetArn", cx.handle(queue).arn.clone())]),
    );
    grant(
        cx,
        out,
        queue,
        &Sender {
            from: &cx.from,
            principal: cx.principal.clone()?,
            source_arn: cx.source.arn.clone(),
            conditions: &cx.conditions,
            unscoped: cx.unscoped.as_deref(),
            origin: named.span,
        },
    )
}

#[cfg(test)]
mod tests {
    use crate::plan::test_support::{plan_of, resource};
    use crate::plan::{Expr, Kind};

    #[test]
    fn a_firehose_subscription_role_reads_the_stream_and_each_grant_is_recorded() {
        use crate::plan::GrantForm;
        let plan = plan_of("sns t -> firehose f\nfirehose f -> s3 archive\n");
        let role = "TToFRole";
        let granted = |action: &str| {
            plan.grants.iter().find(|record| {
                record.form == GrantForm::Identity
                    && record.role.as_deref() == Some(role)
                    && record.actions.iter().any(|granted| granted == action)
            })
        };
        for action in [
            "firehose:PutRecord",
            "firehose:DescribeDeliveryStream",
            "firehose:ListTagsForDeliveryStream",
        ] {
            let record = granted(action).map(|record| &record.resource);
            assert_eq!(record, Some(&Expr::arn("FDeliveryStream")), "{action}");
        }
        // The one action that takes no resource says why it is on `*`.
        let list = granted("firehose:ListDeliveryStreams");
        assert_eq!(list.map(|record| &record.resource), Some(&Expr::text("*")));
        assert!(list.is_some_and(|record| record.unscoped.is_some()));
        // The trust, for which AWS documents no key that SNS sends, says why.
        let trust = plan
            .grants
            .iter()
            .find(|record| record.form == GrantForm::Trust && record.holder == role);
        assert!(trust.is_some_and(|record| {
            record
                .unscoped
                .as_deref()
                .is_some_and(|why| why.contains("prereqs-kinesis-data-firehose"))
        }));
    }

    #[test]
    fn a_chat_channel_lists_the_topic_instead_of_subscribing() {
        let plan = plan_of(
            "sns t -> subscribe -> chatbot c { workspace = \"T0123456789\", channel = \"C0123456789\" }\n",
        );
        assert!(
            plan.resources
                .iter()
                .all(|resource| resource.kind != Kind::Subscription)
        );
        let listed = resource(&plan, "CSlackChannel")
            .properties
            .get("SnsTopicArns");
        assert_eq!(
            listed,
            Some(&Expr::List(vec![Expr::Ref("TTopic".to_string())]))
        );
    }

    #[test]
    fn a_fifo_topic_subscribes_a_standard_queue_like_any_queue() {
        let plan = plan_of("sns prices { fifo = true } -> sqs analytics\n");
        let subscription = plan
            .resources
            .iter()
            .find(|resource| resource.kind == Kind::Subscription)
            .map(|resource| &resource.properties);
        assert_eq!(
            subscription.and_then(|properties| properties.get("Protocol")),
            Some(&Expr::Text("sqs".into()))
        );
        // The queue's policy admits the topic, as for a standard topic.
        assert!(
            plan.resources
                .iter()
                .any(|resource| resource.kind == Kind::QueuePolicy)
        );
    }

    #[test]
    fn an_address_written_as_a_parameters_name_subscribes_its_value() {
        let plan = plan_of(
            "param ops\nsns t -> email ops\nsns t -> email \"ops@example.com\"\nsns t -> https \"https://example.com/hook\"\n",
        );
        let endpoint = |id: &str| resource(&plan, id).properties.get("Endpoint").cloned();
        assert_eq!(
            endpoint("TToOpsSubscription"),
            Some(Expr::Param("Ops".to_string()))
        );
        assert_eq!(
            endpoint("TToOpsExampleComSubscription"),
            Some(Expr::Text("ops@example.com".into()))
        );
    }
}
