//! Vended logs of a load balancer or a distribution, through CloudWatch Logs'
//! delivery sources, destinations and deliveries.

use crate::catalogue::Condition;
use crate::plan::build::Handle;
use crate::plan::expr::{list, sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::iam::{bare_log_group_arn, log_streams};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::mechanisms::event_values;
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::mechanisms::log_delivery::buckets::log_bucket_policy;
use crate::plan::names::physical;
use crate::plan::{Expr, Fields, GrantForm, GrantRecord, Kind, logical_id, map};
use crate::source::Span;

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
    // Each log type's delivery source sends; the first one stands for them.
    let first = log_types
        .first()
        .map_or("access-logs".to_string(), |log_type| {
            log_type.to_ascii_lowercase().replace('_', "-")
        });
    let sender = sub(format!(
        "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:delivery-source:{}",
        sub_literal(&physical(&format!("{source_name}-{first}"), 60, false))
    ));
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
                &(sender, Some(VENDED_BUCKET_UNSCOPED.to_string())),
            );
            (target.arn.clone(), Some(policy))
        }
        Some(Kind::LogGroup) => (
            bare_log_group_arn(target),
            Some(vended_logs_statement(cx, out, target, &sender)),
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

/// Why vended-log delivery into a log group is held to the account's
/// CloudWatch Logs resources and not to one delivery source.
const VENDED_UNSCOPED: &str = "the log group resource policy AWS documents (and creates itself) for vended-log delivery holds `delivery.logs.amazonaws.com` to aws:SourceAccount and aws:SourceArn `arn:aws:logs:REGION:ACCOUNT:*`, any CloudWatch Logs resource of the account, not one delivery source: Amazon CloudWatch Logs User Guide, Enable logging from AWS services, Logs sent to CloudWatch Logs: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-CloudWatchLogs.html (read 2026-12)";

/// A statement of the logs resource policy that lets CloudWatch Logs'
/// vended-log delivery (`delivery.logs.amazonaws.com`) write to `group`,
/// for this account's deliveries only, recorded with `sender` (the ARN
/// the delivery carries as `aws:SourceArn`). Returns the policy's logical id.
pub(in crate::plan) fn vended_logs_statement(
    cx: &EdgeCx<'_>,
    out: &mut Glue,
    group: &Handle,
    sender: &Expr,
) -> String {
    let (from, to) = (&cx.from, &cx.to);
    let (group_arn, streams) = (
        sub_body(&bare_log_group_arn(group)),
        sub_body(&log_streams(group, "*")),
    );
    let statement = format!(
        "{{\"Sid\":\"DeliveryFrom{from}To{to}\",\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"delivery.logs.amazonaws.com\"}},\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":[\"{group_arn}\",\"{streams}\"],\"Condition\":{{\"StringEquals\":{{\"aws:SourceAccount\":\"${{AWS::AccountId}}\"}},\"ArnLike\":{{\"aws:SourceArn\":\"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:*\"}}}}}}"
    );
    out.logs_policy.add(statement);
    record_logs_policy(
        out,
        cx.origin,
        &text("delivery.logs.amazonaws.com"),
        group,
        sender,
        Some(VENDED_UNSCOPED),
    );
    LOGS_POLICY.to_string()
}

/// Why vended-log delivery into a bucket is held to the account's
/// CloudWatch Logs resources and not to one delivery source.
pub(super) const VENDED_BUCKET_UNSCOPED: &str = "the bucket policy AWS documents (and creates itself) for vended-log delivery holds `delivery.logs.amazonaws.com` to aws:SourceAccount and aws:SourceArn `arn:aws:logs:REGION:ACCOUNT:*`, any CloudWatch Logs resource of the account, not one delivery source: Amazon CloudWatch Logs User Guide, Enable logging from AWS services, Logs sent to Amazon S3: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html (read 2026-12)";

/// The logical id of the account's one CloudWatch Logs resource policy.
pub(super) const LOGS_POLICY: &str = "EventsToLogsResourcePolicy";

/// Records a statement of the logs resource policy that lets `principal`
/// create streams in `group` and write to them, held to the account and to
/// `aws:SourceArn`: both on a stream, the resource type the Service
/// Authorization Reference gives `CreateLogStream` and `PutLogEvents`.
pub(super) fn record_logs_policy(
    out: &mut Glue,
    origin: Span,
    principal: &Expr,
    group: &Handle,
    sender: &Expr,
    unscoped: Option<&str>,
) {
    for (action, resource) in [
        ("logs:CreateLogStream", log_streams(group, "*")),
        ("logs:PutLogEvents", log_streams(group, "*")),
    ] {
        out.record(GrantRecord {
            origin,
            form: GrantForm::LogsResourcePolicy,
            holder: LOGS_POLICY.to_string(),
            principal: Some(principal.clone()),
            role: None,
            actions: vec![action.to_string()],
            resource,
            source_arn: Some(sender.clone()),
            conditions: vec![Condition::SourceAccount, Condition::SourceArn],
            unscoped: unscoped.map(ToString::to_string),
            external_id: None,
        });
    }
}

/// An ARN as it is written inside a `Fn::Sub` body.
pub(super) fn sub_body(arn: &Expr) -> String {
    match arn {
        Expr::Sub(body) => body.clone(),
        Expr::Text(arn) => sub_literal(arn).into_owned(),
        _ => String::new(),
    }
}
