//! Logs that AWS delivers for a source (vended logs) into a bucket, a log group
//! or a Firehose stream.

use crate::catalogue::{ChannelSpec, Condition};
use crate::model::Edge;
use crate::plan::build::{Builder, Handle};
use crate::plan::expr::{PARTITION, list, sub, sub_literal, text};
use crate::plan::iam::{bare_log_group_arn, bucket_statement, log_streams, objects, statement};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::names::physical;
use crate::plan::{Cow, Expr, Fields, Kind, logical_id, map};

pub(super) fn glue(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    let edge = cx.edge;
    let channel = cx.channel;
    let source = &cx.source;
    let target = &cx.target;
    let principal = cx.principal.clone();
    let conditions = &cx.conditions;
    b.log_delivery(edge, channel, source, target, principal, conditions);
}

/// A stage's access log setting: the destination and the line format.
pub(in crate::plan) fn access_log_setting(edge: &Edge, destination: Expr) -> Expr {
    let format = edge.options.get("format").map_or_else(
        || {
            r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller","user":"$context.identity.user","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","responseLatency":"$context.responseLatency"}"#
                .to_string()
        },
        crate::model::OptionValue::joined,
    );
    map([("DestinationArn", destination), ("Format", text(format))])
}

impl Builder<'_> {
    /// Logs and notifications that a service delivers itself: a trail, a VPC's
    /// flow logs, a bucket's access logs, a state machine's or a project's logs.
    #[allow(
        clippy::too_many_lines,
        reason = "one arm per (source, target) pair AWS documents, each short"
    )]
    pub(in crate::plan) fn log_delivery(
        &mut self,
        edge: &Edge,
        channel: &ChannelSpec,
        source: &Handle,
        target: &Handle,
        principal: Option<Expr>,
        conditions: &[Condition],
    ) {
        let source_service = self.model.resource(edge.from).service.clone();
        let target_service = self.model.resource(edge.to).service.clone();
        let source_logical = source.logical.clone().unwrap_or_default();
        let origin = edge.target_span;
        let from = self.pascal(edge.from);
        let to = self.pascal(edge.to);
        let prefix = edge
            .options
            .get("prefix")
            .map(crate::model::OptionValue::joined)
            .or_else(|| self.text_property(edge.from, "prefix"));
        let set = |builder: &mut Self, key: &'static str, value: Expr| {
            if let Some(resource) = builder.resource_mut(&source_logical) {
                resource.properties.insert(key, value);
            }
        };
        match (source_service.as_str(), target_service.as_str()) {
            ("cloudtrail", "s3") => {
                let Some(principal) = principal else { return };
                let policy = self.log_bucket_policy(
                    edge,
                    principal,
                    target,
                    prefix.as_deref(),
                    &[("aws:SourceArn", source.arn.clone())],
                    &[],
                );
                set(self, "S3BucketName", target.name.clone());
                self.depend(&source_logical, Some(policy));
            }
            ("cloudtrail", "loggroup") => {
                let Some(principal) = principal else { return };
                let role = format!("{from}To{to}Role");
                // CloudTrail writes to streams named ACCOUNT_CloudTrail_REGION...
                let streams = log_streams(target, "${AWS::AccountId}_CloudTrail_${AWS::Region}*");
                self.role(
                    &role,
                    origin,
                    principal,
                    Some(map([(
                        "StringEquals",
                        map([("aws:SourceArn", source.arn.clone())]),
                    )])),
                    vec![statement(
                        &["logs:CreateLogStream", "logs:PutLogEvents"],
                        vec![streams],
                    )],
                );
                set(self, "CloudWatchLogsLogGroupArn", target.arn.clone());
                set(self, "CloudWatchLogsRoleArn", Expr::arn(&role));
                self.depend(&source_logical, Some(role));
            }
            ("cloudtrail", "sns") => {
                let Some(principal) = principal else { return };
                let policy =
                    self.grant_from_source(edge, &from, principal, source, conditions, origin);
                set(self, "SnsTopicName", target.arn.clone());
                self.depend(&source_logical, policy);
            }
            ("alb" | "cloudfront", _) => {
                let Some(principal) = principal else { return };
                self.vended_logs(edge, channel, source, target, principal, prefix.as_deref());
            }
            ("apigateway", _) => {
                let channel_name = edge.channel.as_str();
                if target_service == "firehose" {
                    // Written with the service-linked role AWSServiceRoleForAPIGateway.
                    set(
                        self,
                        "AccessLogSetting",
                        access_log_setting(edge, target.arn.clone()),
                    );
                    return;
                }
                let account = self.api_gateway_account(origin);
                if channel_name == "access-logs" {
                    set(
                        self,
                        "AccessLogSetting",
                        access_log_setting(edge, bare_log_group_arn(target)),
                    );
                } else {
                    let level = edge
                        .options
                        .get("level")
                        .map_or("ERROR".to_string(), |level| {
                            level.joined().to_ascii_uppercase()
                        });
                    self.method_setting(&source_logical, "LoggingLevel", text(level));
                    let trace = edge
                        .options
                        .get("data-trace")
                        .is_some_and(|trace| trace.joined() == "true");
                    self.method_setting(&source_logical, "DataTraceEnabled", Expr::Bool(trace));
                }
                self.depend(&source_logical, Some(account));
                // The group exists before API Gateway would create it itself.
                self.depend(&source_logical, target.logical.clone());
            }
            ("flink", _) => {
                let Some(role) = source.role.clone() else {
                    return;
                };
                let group = match &target.name {
                    Expr::Text(name) => name.to_string(),
                    _ => return,
                };
                let application = self.model.resource(edge.from).name.clone();
                let stream_id = self.unique_id(format!("{to}StreamFor{from}"));
                let mut stream = Fields::new();
                stream.insert("LogGroupName", text(group.clone()));
                stream.insert("LogStreamName", text(application.clone()));
                self.add(stream_id.clone(), Kind::LogStream, origin, stream);
                self.depend(&stream_id, target.logical.clone());
                let stream_arn = sub(format!(
                    "arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{group}:log-stream:{application}"
                ));
                let statements = self.role_statements.entry(role).or_default();
                statements.push(statement(&["logs:PutLogEvents"], vec![stream_arn.clone()]));
                statements.push(statement(
                    &["logs:DescribeLogStreams"],
                    vec![sub(format!(
                        "arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{group}:log-stream:*"
                    ))],
                ));
                statements.push(statement(&["logs:DescribeLogGroups"], vec![text("*")]));
                let id = self.unique_id(format!("{from}LoggingTo{to}"));
                let mut logging = Fields::new();
                logging.insert("ApplicationName", Expr::Ref(source_logical.clone()));
                logging.insert(
                    "CloudWatchLoggingOption",
                    map([("LogStreamARN", stream_arn)]),
                );
                let option = self.add(id.clone(), Kind::FlinkLogging, origin, logging);
                option.notes.push(
                    "logs:DescribeLogGroups takes no resource, so the application's role has it on `*`".to_string(),
                );
                self.depend(&id, Some(stream_id));
            }
            ("route53", _) => {
                let Some(principal) = principal else { return };
                // Any zone of this account: naming the zone would close a cycle
                // (zone → policy → zone id), and the policy is per log group.
                let statement = format!(
                    "{{\"Sid\":\"QueryLogsFrom{from}To{to}\",\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"{principal}\"}},\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{group}:*\",\"Condition\":{{\"StringEquals\":{{\"aws:SourceAccount\":\"${{AWS::AccountId}}\"}},\"ArnLike\":{{\"aws:SourceArn\":\"arn:${{AWS::Partition}}:route53:::hostedzone/*\"}}}}}}",
                    principal = match &principal {
                        Expr::Text(principal) => principal.to_string(),
                        _ => String::new(),
                    },
                    group = match &target.name {
                        Expr::Text(name) => name.to_string(),
                        _ => String::new(),
                    },
                );
                if !self.logs_policy.contains(&text(statement.clone())) {
                    self.logs_policy.push(text(statement));
                }
                set(
                    self,
                    "QueryLoggingConfig",
                    map([("CloudWatchLogsLogGroupArn", target.arn.clone())]),
                );
                self.depend(
                    &source_logical,
                    Some("EventsToLogsResourcePolicy".to_string()),
                );
            }
            ("vpc", _) => {
                let id = self.unique_id(format!("{from}FlowLogTo{to}"));
                let vpc = match &source.name {
                    Expr::Text(name) => text(name.clone()),
                    other => other.clone(),
                };
                let mut properties = Fields::new();
                properties.insert("ResourceId", vpc);
                properties.insert("ResourceType", text("VPC"));
                let traffic = edge
                    .options
                    .get("traffic")
                    .map_or("ALL".to_string(), |traffic| {
                        traffic.joined().to_ascii_uppercase()
                    });
                properties.insert("TrafficType", text(traffic));
                if let Some(format) = edge.options.get("format") {
                    properties.insert("LogFormat", text(format.joined()));
                }
                if let Some(interval) = edge.options.get("interval") {
                    let seconds = if interval.joined() == "1m" {
                        "60"
                    } else {
                        "600"
                    };
                    properties.insert("MaxAggregationInterval", Expr::Number(seconds.into()));
                }
                let mut dependency = None;
                match target_service.as_str() {
                    "s3" => {
                        let Some(principal) = principal else { return };
                        // Vended logs come from the account's log delivery, not the VPC.
                        let delivery =
                            sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*");
                        dependency = Some(self.log_bucket_policy(
                            edge,
                            principal,
                            target,
                            prefix.as_deref(),
                            &[],
                            &[("aws:SourceArn", delivery)],
                        ));
                        properties.insert("LogDestinationType", text("s3"));
                        let destination = match (&target.arn, &prefix) {
                            (Expr::Sub(arn), Some(prefix)) => {
                                Expr::Sub(format!("{arn}/{}/", sub_literal(prefix)))
                            }
                            (Expr::Text(arn), Some(prefix)) => text(format!("{arn}/{prefix}/")),
                            (arn, _) => arn.clone(),
                        };
                        properties.insert("LogDestination", destination);
                    }
                    "loggroup" => {
                        let Some(principal) = principal else { return };
                        let role = format!("{from}To{to}Role");
                        let trust = map([
                            (
                                "ArnLike",
                                map([(
                                    "aws:SourceArn",
                                    sub(
                                        "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*",
                                    ),
                                )]),
                            ),
                            (
                                "StringEquals",
                                map([("aws:SourceAccount", sub("${AWS::AccountId}"))]),
                            ),
                        ]);
                        self.role(
                            &role,
                            origin,
                            principal,
                            Some(trust),
                            vec![statement(
                                &[
                                    "logs:CreateLogStream",
                                    "logs:DescribeLogStreams",
                                    "logs:PutLogEvents",
                                ],
                                vec![target.arn.clone()],
                            )],
                        );
                        properties.insert("LogDestinationType", text("cloud-watch-logs"));
                        properties.insert("LogDestination", bare_log_group_arn(target));
                        properties.insert("DeliverLogsPermissionArn", Expr::arn(&role));
                        dependency = Some(role);
                    }
                    _ => {
                        // In the same account, Firehose delivery uses the
                        // service-linked role AWS creates; no role of ours.
                        properties.insert("LogDestinationType", text("kinesis-data-firehose"));
                        properties.insert("LogDestination", target.arn.clone());
                    }
                }
                self.add(id.clone(), Kind::FlowLog, origin, properties);
                self.depend(&id, dependency);
                self.depend(&id, target.logical.clone());
            }
            ("s3", "s3") => {
                let Some(principal) = principal else { return };
                let mut equals = Vec::new();
                if conditions.contains(&Condition::SourceAccount) {
                    equals.push(("aws:SourceAccount", sub("${AWS::AccountId}")));
                }
                let policy = self.access_log_bucket_policy(
                    edge,
                    principal,
                    target,
                    prefix.as_deref(),
                    source.arn.clone(),
                    &equals,
                );
                let mut logging = Fields::new();
                logging.insert("DestinationBucketName", target.name.clone());
                if let Some(prefix) = &prefix {
                    logging.insert("LogFilePrefix", text(prefix.clone()));
                }
                set(self, "LoggingConfiguration", Expr::Map(logging));
                self.depend(&source_logical, Some(policy));
            }
            ("stepfunctions", _) => {
                if let Some(role) = &source.role {
                    // Vended-log delivery takes no resource-level permissions.
                    self.role_statements
                        .entry(role.clone())
                        .or_default()
                        .push(statement(
                            &[
                                "logs:CreateLogDelivery",
                                "logs:DeleteLogDelivery",
                                "logs:DescribeLogGroups",
                                "logs:DescribeResourcePolicies",
                                "logs:GetLogDelivery",
                                "logs:ListLogDeliveries",
                                "logs:UpdateLogDelivery",
                            ],
                            vec![text("*")],
                        ));
                }
                // The log group's resource policy lets the delivery in, so the
                // role needs no logs:PutResourcePolicy (permissions management).
                let policy = self.vended_logs_statement(&from, &to, target);
                self.depend(&source_logical, Some(policy));
                let level = edge
                    .options
                    .get("level")
                    .map_or("ERROR".to_string(), |level| {
                        level.joined().to_ascii_uppercase()
                    });
                let mut logging = Fields::new();
                logging.insert(
                    "Destinations",
                    list(vec![map([(
                        "CloudWatchLogsLogGroup",
                        map([("LogGroupArn", target.arn.clone())]),
                    )])]),
                );
                logging.insert("Level", text(level));
                logging.insert(
                    "IncludeExecutionData",
                    Expr::Bool(
                        edge.options
                            .get("execution-data")
                            .is_some_and(|data| data.joined() == "true"),
                    ),
                );
                set(self, "LoggingConfiguration", Expr::Map(logging));
                if let Some(resource) = self.resource_mut(&source_logical) {
                    resource.notes.push(
                        "CloudWatch Logs vended-log delivery (logs:CreateLogDelivery and the rest) takes no resource, so the state machine's role has it on `*`".to_string(),
                    );
                }
            }
            ("codebuild", _) => {
                let Some(role) = source.role.clone() else {
                    return;
                };
                let Some(Expr::Map(mut logs)) = self
                    .resource_mut(&source_logical)
                    .and_then(|project| project.properties.get("LogsConfig").cloned())
                else {
                    return;
                };
                if target_service == "loggroup" {
                    let mut cloudwatch = Fields::new();
                    cloudwatch.insert("GroupName", target.name.clone());
                    cloudwatch.insert("Status", text("ENABLED"));
                    if let Some(prefix) = &prefix {
                        cloudwatch.insert("StreamName", text(prefix.clone()));
                    }
                    logs.insert("CloudWatchLogs", Expr::Map(cloudwatch));
                    self.role_statements
                        .entry(role)
                        .or_default()
                        .push(statement(
                            &["logs:CreateLogStream", "logs:PutLogEvents"],
                            vec![target.arn.clone()],
                        ));
                } else {
                    let location = match (&target.name, &prefix) {
                        (Expr::Sub(name), Some(prefix)) => {
                            Expr::Sub(format!("{name}/{}", sub_literal(prefix)))
                        }
                        (Expr::Text(name), Some(prefix)) => text(format!("{name}/{prefix}")),
                        (name, _) => name.clone(),
                    };
                    logs.insert(
                        "S3Logs",
                        map([("Location", location), ("Status", text("ENABLED"))]),
                    );
                    self.role_statements.entry(role).or_default().extend([
                        statement(
                            &["s3:GetBucketAcl", "s3:GetBucketLocation"],
                            vec![target.arn.clone()],
                        ),
                        statement(
                            &["s3:PutObject"],
                            vec![objects(&target.arn, prefix.as_deref())],
                        ),
                    ]);
                }
                set(self, "LogsConfig", Expr::Map(logs));
            }
            _ => {}
        }
        let _ = channel;
    }

    /// Logs that a resource sends through CloudWatch Logs vended-log delivery
    /// (a load balancer, a distribution): per log type a delivery source, a
    /// delivery destination and the delivery, after the destination admits
    /// `delivery.logs.amazonaws.com` for this account's deliveries.
    pub(in crate::plan) fn vended_logs(
        &mut self,
        edge: &Edge,
        channel: &ChannelSpec,
        source: &Handle,
        target: &Handle,
        principal: Expr,
        prefix: Option<&str>,
    ) {
        let target_service = self.model.resource(edge.to).service.clone();
        let origin = edge.target_span;
        let from = self.pascal(edge.from);
        let to = self.pascal(edge.to);
        let source_name = self.model.resource(edge.from).name.clone();
        let target_name = self.model.resource(edge.to).name.clone();
        // The log types: the delivery-source values of the chosen events.
        let mut log_types: Vec<String> = Self::event_values(edge, channel)
            .into_iter()
            .filter(|value| !value.contains('.'))
            .collect();
        if log_types.is_empty() {
            log_types.push("ACCESS_LOGS".to_string());
        }
        let (destination, permission) = match target_service.as_str() {
            "s3" => {
                let delivery = sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*");
                let policy = self.log_bucket_policy(
                    edge,
                    principal,
                    target,
                    prefix,
                    &[],
                    &[("aws:SourceArn", delivery)],
                );
                (target.arn.clone(), Some(policy))
            }
            "loggroup" => (
                bare_log_group_arn(target),
                Some(self.vended_logs_statement(&from, &to, target)),
            ),
            _ => {
                // Firehose delivers vended logs only from streams tagged for it.
                if let Some(stream) = target.logical.clone()
                    && let Some(resource) = self.resource_mut(&stream)
                {
                    let tags = resource
                        .properties
                        .entry_or_insert_with("Tags", || list(Vec::new()));
                    if let Expr::List(tags) = tags {
                        let tag =
                            map([("Key", text("LogDeliveryEnabled")), ("Value", text("true"))]);
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
            if !self.index.contains_key(&source_id) {
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
                self.add(source_id.clone(), Kind::DeliverySource, origin, properties);
            }
            let destination_id = self.unique_id(format!("{from}{kind}To{to}Destination"));
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
            self.add(
                destination_id.clone(),
                Kind::DeliveryDestination,
                origin,
                properties,
            );
            let delivery_id = self.unique_id(format!("{from}{kind}To{to}Delivery"));
            let mut properties = Fields::new();
            properties.insert("DeliverySourceName", Expr::Ref(source_id));
            properties.insert("DeliveryDestinationArn", Expr::arn(&destination_id));
            self.add(delivery_id.clone(), Kind::Delivery, origin, properties);
            self.depend(&delivery_id, permission.clone());
        }
    }

    /// A statement of the logs resource policy that lets CloudWatch Logs'
    /// vended-log delivery (`delivery.logs.amazonaws.com`) write to `group`,
    /// for this account's deliveries only. Returns the policy's logical id.
    pub(in crate::plan) fn vended_logs_statement(
        &mut self,
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
        if !self.logs_policy.contains(&text(statement.clone())) {
            self.logs_policy.push(text(statement));
        }
        "EventsToLogsResourcePolicy".to_string()
    }

    /// The bucket-policy statements with which AWS documents log delivery by a
    /// service principal (CloudTrail, log delivery): it may read the bucket's
    /// ACL, and write objects under `[PREFIX/]AWSLogs/ACCOUNT/` with the owner
    /// in full control. Returns the policy's logical id.
    pub(in crate::plan) fn log_bucket_policy(
        &mut self,
        edge: &Edge,
        principal: Expr,
        bucket: &Handle,
        prefix: Option<&str>,
        equals: &[(&'static str, Expr)],
        like: &[(&'static str, Expr)],
    ) -> String {
        let from = self.pascal(edge.from);
        let account = sub("${AWS::AccountId}");
        let mut scope = Fields::new();
        for (key, value) in equals {
            scope.insert(*key, value.clone());
        }
        if !like.is_empty() {
            scope.insert("aws:SourceAccount", account.clone());
        }
        let mut acl_condition = Fields::new();
        acl_condition.insert("StringEquals", Expr::Map(scope.clone()));
        let mut write_equals = scope;
        write_equals.insert("s3:x-amz-acl", text("bucket-owner-full-control"));
        let mut write_condition = Fields::new();
        write_condition.insert("StringEquals", Expr::Map(write_equals));
        if !like.is_empty() {
            let like: Fields = like
                .iter()
                .map(|(key, value)| (*key, value.clone()))
                .collect();
            acl_condition.insert("ArnLike", Expr::Map(like.clone()));
            write_condition.insert("ArnLike", Expr::Map(like));
        }
        let logs = match prefix {
            Some(prefix) => format!("{}/AWSLogs/${{AWS::AccountId}}", sub_literal(prefix)),
            None => "AWSLogs/${AWS::AccountId}".to_string(),
        };
        let statements = vec![
            bucket_statement(
                format!("{from}AclCheck"),
                principal.clone(),
                "s3:GetBucketAcl",
                bucket.arn.clone(),
                acl_condition,
            ),
            bucket_statement(
                format!("{from}Write"),
                principal,
                "s3:PutObject",
                objects(&bucket.arn, Some(&logs)),
                write_condition,
            ),
        ];
        self.bucket_policy(edge, bucket, statements)
    }

    /// The statement with which S3 documents server access logging: the
    /// logging service may write under the prefix, for the source bucket only.
    pub(in crate::plan) fn access_log_bucket_policy(
        &mut self,
        edge: &Edge,
        principal: Expr,
        bucket: &Handle,
        prefix: Option<&str>,
        source_arn: Expr,
        equals: &[(&'static str, Expr)],
    ) -> String {
        let from = self.pascal(edge.from);
        let mut condition = Fields::new();
        condition.insert("ArnLike", map([("aws:SourceArn", source_arn)]));
        if !equals.is_empty() {
            let equals: Fields = equals
                .iter()
                .map(|(key, value)| (*key, value.clone()))
                .collect();
            condition.insert("StringEquals", Expr::Map(equals));
        }
        let statement = bucket_statement(
            format!("{from}AccessLogs"),
            principal,
            "s3:PutObject",
            objects(&bucket.arn, prefix),
            condition,
        );
        self.bucket_policy(edge, bucket, vec![statement])
    }
}
