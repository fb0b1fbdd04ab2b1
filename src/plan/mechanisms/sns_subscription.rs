//! SNS subscriptions, and chat channels that list the topics they follow.

use crate::plan::build::Builder;
use crate::plan::expr::{json_expr, text};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields, Kind};

pub(super) fn glue(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    if cx.target_kind == Some(Kind::ChatChannel) {
        chat_channel(b, cx);
    } else {
        subscription(b, cx);
    }
}

fn chat_channel(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    let EdgeCx {
        ref source,
        ref target,
        ..
    } = *cx;
    // The chat channel subscribes to the topics it lists itself.
    b.out.push_list(
        &target.logical.clone().unwrap_or_default(),
        "SnsTopicArns",
        source.arn.clone(),
    );
}

fn subscription(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    let EdgeCx {
        edge,
        ref source,
        ref target,
        origin,
        ref from,
        ref to,
        ref target_service,
        ref conditions,
        ..
    } = *cx;
    let principal = cx.principal.clone();
    let id = b.out.unique_id(format!("{from}To{to}Subscription"));
    let mut properties = Fields::new();
    properties.insert("TopicArn", source.arn.clone());
    let dependency = match target_service.as_str() {
        "sqs" | "lambda" | "firehose" => {
            let Some(principal) = principal else { return };
            let grant = b.grant_from_source(edge, from, principal, source, conditions, origin);
            if cx.target_kind == Some(Kind::DeliveryStream)
                && let Some(role) = &grant
            {
                properties.insert("SubscriptionRoleArn", Expr::arn(role));
            }
            properties.insert("Protocol", text(target_service.clone()));
            properties.insert("Endpoint", target.arn.clone());
            grant
        }
        protocol => {
            properties.insert("Protocol", text(protocol.to_string()));
            properties.insert("Endpoint", text(b.cx.model.resource(edge.to).name.clone()));
            None
        }
    };
    if let Some(filter) = edge.options.get("filter") {
        let filter = filter.joined();
        let value = serde_json::from_str::<serde_json::Value>(&filter)
            .map_or_else(|_| text(filter), |json| json_expr(&json, source));
        properties.insert("FilterPolicy", value);
    }
    if edge
        .options
        .get("raw")
        .is_some_and(|raw| raw.joined() == "true")
    {
        properties.insert("RawMessageDelivery", Expr::Bool(true));
    }
    b.out
        .add(id.clone(), Kind::Subscription, origin, properties);
    b.out.depend(&id, dependency);
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
}
