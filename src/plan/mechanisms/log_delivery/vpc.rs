//! A VPC's flow logs into a bucket, a log group or a Firehose stream.

use crate::plan::expr::{sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::iam::{allow_logs, bare_log_group_arn};
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::mechanisms::log_delivery::buckets::log_bucket_policy;
use crate::plan::mechanisms::log_delivery::vended::VENDED_BUCKET_UNSCOPED;
use crate::plan::roles::{ServiceRole, service_role};
use crate::plan::{Expr, Fields, Kind};

pub(super) fn glue(d: &Delivery<'_>, out: &mut Glue) {
    let (from, to) = (&d.cx.from, &d.cx.to);
    let principal = d.cx.principal.clone();
    let prefix = &d.prefix;
    let id = out.unique_id(format!("{from}FlowLogTo{to}"));
    let vpc = match &d.cx.source.name {
        Expr::Text(name) => text(name.clone()),
        other => other.clone(),
    };
    let mut properties = Fields::new();
    properties.insert("ResourceId", vpc);
    properties.insert("ResourceType", text("VPC"));
    let traffic =
        d.cx.edge
            .options
            .get("traffic")
            .map_or("ALL".to_string(), |traffic| {
                traffic.joined().to_ascii_uppercase()
            });
    properties.insert("TrafficType", text(traffic));
    if let Some(format) = d.cx.edge.options.get("format") {
        properties.insert("LogFormat", text(format.joined()));
    }
    if let Some(interval) = d.cx.edge.options.get("interval") {
        let seconds = if interval.joined() == "1m" {
            "60"
        } else {
            "600"
        };
        properties.insert("MaxAggregationInterval", Expr::Number(seconds.into()));
    }
    let mut dependency = None;
    match d.cx.target_kind {
        Some(Kind::Bucket) => {
            let Some(principal) = principal else { return };
            // Vended logs come from the account's log delivery, not the VPC.
            let delivery = sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*");
            dependency = Some(log_bucket_policy(
                d.cx,
                out,
                principal,
                prefix.as_deref(),
                &[],
                &[("aws:SourceArn", delivery)],
                &(
                    sub(
                        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:delivery-source:*",
                    ),
                    Some(VENDED_BUCKET_UNSCOPED.to_string()),
                ),
            ));
            properties.insert("LogDestinationType", text("s3"));
            let destination = match (&d.cx.target.arn, prefix) {
                (Expr::Sub(arn), Some(prefix)) => {
                    Expr::Sub(format!("{arn}/{}/", sub_literal(prefix)))
                }
                (Expr::Text(arn), Some(prefix)) => text(format!("{arn}/{prefix}/")),
                (arn, _) => arn.clone(),
            };
            properties.insert("LogDestination", destination);
        }
        Some(Kind::LogGroup) => {
            let Some(principal) = d.cx.channel.principal_to(&d.cx.target_service) else {
                return;
            };
            let role = format!("{from}To{to}Role");
            // The flow log's ID exists only once it is made, and it names
            // the role: any flow log of this account and Region.
            let flow_logs =
                sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*");
            service_role(
                d.cx,
                out,
                &ServiceRole {
                    id: &role,
                    origin: d.cx.origin,
                    principal,
                    source_arn: Some(flow_logs),
                },
                Vec::new(),
            );
            allow_logs(
                out,
                &role,
                &role,
                d.cx.origin,
                &[
                    "logs:CreateLogStream",
                    "logs:DescribeLogStreams",
                    "logs:PutLogEvents",
                ],
                d.cx.target,
            );
            properties.insert("LogDestinationType", text("cloud-watch-logs"));
            properties.insert("LogDestination", bare_log_group_arn(d.cx.target));
            properties.insert("DeliverLogsPermissionArn", Expr::arn(&role));
            dependency = Some(role);
        }
        _ => {
            // In the same account, Firehose delivery uses the
            // service-linked role AWS creates; no role of ours.
            properties.insert("LogDestinationType", text("kinesis-data-firehose"));
            properties.insert("LogDestination", d.cx.target.arn.clone());
        }
    }
    out.add(id.clone(), Kind::FlowLog, d.cx.origin, properties);
    out.depend(&id, dependency);
    out.depend(&id, d.cx.target.logical.clone());
}

#[cfg(test)]
mod tests {
    use crate::catalogue::Condition;
    use crate::plan::test_support::{first_of_kind, plan_of};
    use crate::plan::{Expr, GrantForm, Kind};

    #[test]
    fn flow_logs_into_a_bucket_wait_for_the_bucket_policy() {
        let plan = plan_of(
            "vpc v = existing \"arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0\" -> logs -> s3 b\n",
        );
        let flow_log = first_of_kind(&plan, Kind::FlowLog);
        assert_eq!(
            flow_log.properties.get("LogDestinationType"),
            Some(&Expr::text("s3"))
        );
        assert!(flow_log.depends_on.contains("BBucketPolicy"));
    }

    #[test]
    fn flow_logs_into_a_log_group_are_held_to_the_account_and_each_action_names_what_aws_evaluates()
    {
        let plan = plan_of(
            "vpc v = existing \"arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0\" -> logs -> loggroup g\n",
        );
        let trust = plan
            .grants
            .iter()
            .find(|record| record.form == GrantForm::Trust)
            .expect("the flow-log role's trust is recorded");
        assert_eq!(
            trust.conditions,
            vec![Condition::SourceAccount, Condition::SourceArn]
        );
        let resource_of = |action: &str| {
            plan.grants
                .iter()
                .find(|record| {
                    record.form == GrantForm::Identity && record.actions.iter().any(|a| a == action)
                })
                .map(|record| record.resource.clone())
        };
        let group = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:g";
        assert_eq!(
            resource_of("logs:DescribeLogStreams"),
            Some(Expr::Sub(group.to_string()))
        );
        assert_eq!(
            resource_of("logs:PutLogEvents"),
            Some(Expr::Sub(format!("{group}:log-stream:*")))
        );
    }
}
