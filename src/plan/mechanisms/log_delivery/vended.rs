//! Vended logs of a load balancer or a distribution, through CloudWatch Logs'
//! delivery sources, destinations and deliveries.

use crate::plan::build::{Cx, Handle};
use crate::plan::expr::{list, sub, text};
use crate::plan::glue::Glue;
use crate::plan::iam::bare_log_group_arn;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::mechanisms::event_values;
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::mechanisms::log_delivery::buckets::log_bucket_policy;
use crate::plan::names::physical;
use crate::plan::{Cow, Expr, Fields, Kind, logical_id, map};

pub(super) fn glue(d: &Delivery<'_>, out: &mut Glue) {
    let principal = d.cx.principal.clone();
    let prefix = &d.prefix;
    let Some(principal) = principal else { return };
    vended_logs(d.cx, out, principal, prefix.as_deref());
}

/// Logs that a resource sends through CloudWatch Logs vended-log delivery
/// (a load balancer, a distribution): per log type a delivery source, a
/// delivery destination and the delivery, after the destination admits
/// `delivery.logs.amazonaws.com` for this account's deliveries.
fn vended_logs(cx: &EdgeCx<'_>, out: &mut Glue, principal: Expr, prefix: Option<&str>) {
    let (edge, channel, source, target) = (cx.edge, cx.channel, cx.source, cx.target);
    let origin = edge.target_span;
    let from = cx.pascal(edge.from);
    let to = cx.pascal(edge.to);
    let source_name = cx.model.resource(edge.from).name.clone();
    let target_name = cx.model.resource(edge.to).name.clone();
    // The log types: the delivery-source values of the chosen events.
    let mut log_types: Vec<String> = event_values(edge, channel)
        .into_iter()
        .filter(|value| !value.contains('.'))
        .collect();
    if log_types.is_empty() {
        log_types.push("ACCESS_LOGS".to_string());
    }
    let (destination, permission) = match cx.kind_of(edge.to) {
        Some(Kind::Bucket) => {
            let delivery = sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*");
            let policy = log_bucket_policy(
                cx,
                out,
                principal,
                prefix,
                &[],
                &[("aws:SourceArn", delivery)],
            );
            (target.arn.clone(), Some(policy))
        }
        Some(Kind::LogGroup) => (
            bare_log_group_arn(target),
            Some(vended_logs_statement(cx, out, &from, &to, target)),
        ),
        _ => {
            // Firehose delivers vended logs only from streams tagged for it.
            if let Some(stream) = target.logical.clone()
                && let Some(resource) = out.resource_mut(&stream)
            {
                let tags = resource
                    .properties
                    .entry_or_insert_with("Tags", || list(Vec::new()));
                if let Expr::List(tags) = tags {
                    let tag = map([("Key", text("LogDeliveryEnabled")), ("Value", text("true"))]);
                    if !tags.contains(&tag) {
                        tags.push(tag);
                    }
                }
            }
            (target.arn.clone(), None)
        }
    };
    for log_type in log_types {
        let kind = logical_id(&log_type.to_ascii_lowercase().replace('_', "-"), "");
        let source_id = format!("{from}{kind}Source");
        if !out.index.contains_key(&source_id) {
            let mut properties = Fields::new();
            properties.insert(
                "Name",
                text(physical(
                    &format!(
                        "{source_name}-{}",
                        log_type.to_ascii_lowercase().replace('_', "-")
                    ),
                    60,
                    false,
                )),
            );
            properties.insert("ResourceArn", source.arn.clone());
            properties.insert("LogType", text(log_type.clone()));
            out.add(source_id.clone(), Kind::DeliverySource, origin, properties);
        }
        let destination_id = out.unique_id(format!("{from}{kind}To{to}Destination"));
        let mut properties = Fields::new();
        properties.insert(
            "Name",
            text(physical(
                &format!(
                    "{source_name}-{}-to-{target_name}",
                    log_type.to_ascii_lowercase().replace('_', "-")
                ),
                60,
                false,
            )),
        );
        properties.insert("DestinationResourceArn", destination.clone());
        out.add(
            destination_id.clone(),
            Kind::DeliveryDestination,
            origin,
            properties,
        );
        let delivery_id = out.unique_id(format!("{from}{kind}To{to}Delivery"));
        let mut properties = Fields::new();
        properties.insert("DeliverySourceName", Expr::Ref(source_id));
        properties.insert("DeliveryDestinationArn", Expr::arn(&destination_id));
        out.add(delivery_id.clone(), Kind::Delivery, origin, properties);
        out.depend(&delivery_id, permission.clone());
    }
}

/// A statement of the logs resource policy that lets CloudWatch Logs'
/// vended-log delivery (`delivery.logs.amazonaws.com`) write to `group`,
/// for this account's deliveries only. Returns the policy's logical id.
pub(in crate::plan) fn vended_logs_statement(
    _cx: &Cx<'_>,
    out: &mut Glue,
    from: &str,
    to: &str,
    group: &Handle,
) -> String {
    let name = match &group.name {
        Expr::Text(name) => name.clone(),
        _ => Cow::Borrowed(""),
    };
    let statement = format!(
        "{{\"Sid\":\"DeliveryFrom{from}To{to}\",\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"delivery.logs.amazonaws.com\"}},\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{name}:log-stream:*\",\"Condition\":{{\"StringEquals\":{{\"aws:SourceAccount\":\"${{AWS::AccountId}}\"}},\"ArnLike\":{{\"aws:SourceArn\":\"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:*\"}}}}}}"
    );
    out.logs_policy.add(statement);
    "EventsToLogsResourcePolicy".to_string()
}
