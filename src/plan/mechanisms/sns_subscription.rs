//! SNS subscriptions, and chat channels that list the topics they follow.

use crate::catalogue::NameKind;
use crate::plan::expr::{json_expr, text};
use crate::plan::glue::Glue;
use crate::plan::grants::{Sender, grant};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields, Kind, logical_id, map};

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
