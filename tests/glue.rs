//! The glue's meaning, tested in the project itself: for every edge of the
//! every-edge fixture, the request the sending service makes (its principal,
//! action, target, `aws:SourceArn` and `aws:SourceAccount`) is evaluated against
//! the generated permissions, resource policies and roles. It must be allowed,
//! and the same request from another resource or another account must be denied
//! wherever the catalogue says the grant is scoped.
//!
//! The evaluator (tests/support/iam.rs) is deliberately small: `*`/`?`
//! wildcards in actions and ARNs, and the condition operators wirec emits
//! (`ArnLike`, `ArnEquals`, `StringEquals`, `StringLike`). tests/grant_records.rs
//! asks it about every grant record, as CI's simulator does.

use crate::support;
use crate::support::iam::{self, ACCOUNT, Call, OTHER_ACCOUNT, REGION, Template, wildcard};
use serde_json::Value;
use wirec::catalogue::{Catalogue, Condition, Grant, Mechanism};

const OWNER_FULL_CONTROL: &str = "bucket-owner-full-control";
/// The ARN Systems Manager sends when an automation assumes its role.
const AUTOMATION_EXECUTION: &str =
    "arn:aws:ssm:us-east-1:123456789012:automation-execution/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab";

/// A request as a sending service makes it.
#[derive(Clone, Debug)]
struct Request {
    principal: String,
    action: String,
    resource: String,
    source_arn: String,
    source_account: String,
    /// The canned ACL of a `PutObject` (`s3:x-amz-acl`).
    acl: String,
}

/// Whether one policy statement (resolved to JSON with fake values) allows
/// `request`; `sts:ExternalId` and `aws:SourceOwner` are read from its account.
fn statement_allows(
    template: &Template<'_>,
    statement: &Value,
    request: &Request,
    check_principal: bool,
) -> bool {
    let context = |key: &str| match key {
        "aws:sourcearn" => Some(request.source_arn.clone()),
        "aws:sourceaccount" | "aws:sourceowner" | "sts:externalid" => {
            Some(request.source_account.clone())
        }
        "s3:x-amz-acl" => Some(request.acl.clone()),
        other => panic!("the evaluator does not know the condition key {other}"),
    };
    let call = Call {
        principal: &request.principal,
        action: &request.action,
        resource: &request.resource,
        context: &context,
    };
    iam::statement_effect(template, statement, &call, check_principal) == Some(true)
}

/// Whether the template lets `request` through the grant the target uses.
fn allowed(
    template: &Template<'_>,
    grant: Grant,
    target_id: &str,
    request: &Request,
    role_in: Option<&str>,
) -> bool {
    match grant {
        Grant::LambdaPermission => template.resources.iter().any(|(id, resource)| {
            resource["Type"] == "AWS::Lambda::Permission" && {
                let property = |name: &str| {
                    template
                        .property(id, name)
                        .map(|value| template.resolve(value))
                };
                property("FunctionName").as_deref() == Some(&request.resource)
                    && property("Principal").as_deref() == Some(&request.principal)
                    && property("Action").as_deref() == Some("lambda:InvokeFunction")
                    && property("SourceArn")
                        .is_none_or(|pattern| wildcard(&pattern, &request.source_arn))
                    && property("SourceAccount")
                        .is_none_or(|account| account == request.source_account)
            }
        }),
        Grant::ResourcePolicy => template.resources.iter().any(|(id, resource)| {
            let (kind, list_key, target) = match resource["Type"].as_str() {
                Some("AWS::SQS::QueuePolicy") => ("queue", "Queues", template.reference(target_id)),
                Some("AWS::SNS::TopicPolicy") => {
                    ("topic", "Topics", template.attribute(target_id, "Arn"))
                }
                _ => return false,
            };
            let _ = kind;
            template
                .list(template.property(id, list_key))
                .contains(&target)
                && template.property(id, "PolicyDocument").unwrap()["Statement"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|statement| statement_allows(template, statement, request, true))
        }),
        Grant::Role => {
            // The sender passes a role (rule target, subscription, subscription filter):
            // the role must trust the sender and allow the action on the target.
            let Some(role) = role_in else { return false };
            role_trusts(template, role, request) && role_allows(template, role, request)
        }
        Grant::LogsResourcePolicy => template.resources.iter().any(|(id, resource)| {
            resource["Type"] == "AWS::Logs::ResourcePolicy" && {
                let document: Value = serde_json::from_str(
                    &template.resolve(template.property(id, "PolicyDocument").unwrap()),
                )
                .unwrap();
                document["Statement"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|statement| {
                        let request = Request {
                            resource: format!(
                                "{}:log-stream:x",
                                request.resource.trim_end_matches(":*")
                            ),
                            ..request.clone()
                        };
                        statement_allows(template, statement, &request, true)
                    })
            }
        }),
        Grant::None => true,
    }
}

/// A service role's grant: the service (as `request`) may assume the role and
/// do the request's action; the same request with `stranger_account` as its
/// source account may not assume it. Returns what failed, in the caller's words.
fn service_role_failures(
    template: &Template<'_>,
    role: &str,
    request: Request,
    stranger_account: &str,
    refused: String,
    leaked: String,
) -> Vec<String> {
    let mut failures = Vec::new();
    if !(role_trusts(template, role, &request) && role_allows(template, role, &request)) {
        failures.push(refused);
    }
    let stranger = Request {
        source_account: stranger_account.to_string(),
        ..request
    };
    if role_trusts(template, role, &stranger) {
        failures.push(leaked);
    }
    failures
}

/// Whether a role's trust policy lets `request`'s principal assume it, with
/// the request's source ARN and account.
fn role_trusts(template: &Template<'_>, role: &str, request: &Request) -> bool {
    let trust = &template.property(role, "AssumeRolePolicyDocument").unwrap()["Statement"];
    let assume = Request {
        action: "sts:AssumeRole".to_string(),
        resource: "*".to_string(),
        ..request.clone()
    };
    trust.as_array().unwrap().iter().any(|statement| {
        let mut statement = statement.clone();
        statement["Resource"] = Value::String("*".to_string());
        statement_allows(template, &statement, &assume, true)
    })
}

/// Whether the bucket policy of `bucket` (its physical name) allows `request`.
fn bucket_policy_allows(template: &Template<'_>, bucket: &str, request: &Request) -> bool {
    template.resources.iter().any(|(id, resource)| {
        resource["Type"] == "AWS::S3::BucketPolicy"
            && template
                .property(id, "Bucket")
                .is_some_and(|value| template.resolve(value) == bucket)
            && template.property(id, "PolicyDocument").unwrap()["Statement"]
                .as_array()
                .unwrap()
                .iter()
                .any(|statement| statement_allows(template, statement, request, true))
    })
}

/// The role a property of `owner` names (`{"Fn::GetAtt": [ROLE, "Arn"]}`).
fn role_named(template: &Template<'_>, owner: &str, property: &str) -> Option<String> {
    template
        .property(owner, property)?
        .get("Fn::GetAtt")?
        .get(0)?
        .as_str()
        .map(str::to_string)
}

/// Logs a service delivers itself: each request it makes must be allowed by
/// the bucket policy or the role the delivery uses, and a stranger refused.
#[allow(
    clippy::too_many_lines,
    reason = "one arm per (source, target) pair, each a few requests"
)]
fn log_delivery_failures(
    template: &Template<'_>,
    model: &wirec::model::Model,
    edge: &wirec::model::Edge,
    principal: &str,
) -> Vec<String> {
    let source = model.resource(edge.from);
    let target = model.resource(edge.to);
    let catalogue = support::catalogue();
    let source_id = logical(&catalogue, &source.service, &source.name);
    let target_id = logical(&catalogue, &target.service, &target.name);
    let request = |action: &str, resource: String, source_arn: String| Request {
        principal: principal.to_string(),
        action: action.to_string(),
        resource,
        source_arn,
        source_account: ACCOUNT.to_string(),
        acl: OWNER_FULL_CONTROL.to_string(),
    };
    let mut failures = Vec::new();
    let mut expect = |allowed: bool, wanted: bool, what: String| {
        if allowed != wanted {
            failures.push(format!(
                "{} {} -> {} -> {} {}: {what} is {}",
                source.service,
                source.name,
                edge.channel,
                target.service,
                target.name,
                if allowed { "allowed" } else { "denied" }
            ));
        }
    };
    let bucket = || template.resolve(template.property(&target_id, "BucketName").unwrap());
    let group_streams = || {
        template
            .attribute(&target_id, "Arn")
            .trim_end_matches(":*")
            .to_string()
            + ":log-stream:"
    };
    match (source.service.as_str(), target.service.as_str()) {
        (service @ ("cloudtrail" | "vpc" | "s3" | "alb" | "cloudfront" | "eventbus"), "s3") => {
            // Vended logs come from the account's log delivery, not the resource.
            let vended = matches!(service, "vpc" | "alb" | "cloudfront" | "eventbus");
            let bucket = bucket();
            let bucket_arn = format!("arn:aws:s3:::{bucket}");
            let (object, sender) = match service {
                "cloudtrail" => (
                    format!("{bucket_arn}/AWSLogs/{ACCOUNT}/CloudTrail/x.json.gz"),
                    template.attribute(&source_id, "Arn"),
                ),
                _ if vended => (
                    format!("{bucket_arn}/AWSLogs/{ACCOUNT}/{service}/x.log.gz"),
                    format!("arn:aws:logs:{REGION}:{ACCOUNT}:delivery-source:{service}"),
                ),
                _ => (
                    format!("{bucket_arn}/2026-11-27-00-00-00-0000"),
                    format!(
                        "arn:aws:s3:::{}",
                        template.resolve(template.property(&source_id, "BucketName").unwrap())
                    ),
                ),
            };
            let write = request("s3:PutObject", object, sender.clone());
            expect(
                bucket_policy_allows(template, &bucket, &write),
                true,
                "writing a log object".into(),
            );
            if service != "s3" {
                let acl = request("s3:GetBucketAcl", bucket_arn.clone(), sender.clone());
                expect(
                    bucket_policy_allows(template, &bucket, &acl),
                    true,
                    "reading the bucket's ACL".into(),
                );
                let private = Request {
                    acl: "private".into(),
                    ..write.clone()
                };
                expect(
                    bucket_policy_allows(template, &bucket, &private),
                    false,
                    "a log object the bucket owner would not control".into(),
                );
            }
            if !vended {
                let stranger = Request {
                    source_arn: "arn:aws:s3:::somebody-elses-bucket".into(),
                    ..write.clone()
                };
                expect(
                    bucket_policy_allows(template, &bucket, &stranger),
                    false,
                    "a write from another resource".into(),
                );
            }
            if service != "cloudtrail" {
                let stranger = Request {
                    source_account: OTHER_ACCOUNT.into(),
                    ..write
                };
                expect(
                    bucket_policy_allows(template, &bucket, &stranger),
                    false,
                    "a write for another account".into(),
                );
            }
        }
        ("guardduty", "s3") => {
            let detector = format!(
                "arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/{}",
                template.reference(&source_id)
            );
            let bucket = bucket();
            let bucket_arn = format!("arn:aws:s3:::{bucket}");
            let prefix = edge
                .options
                .get("prefix")
                .map_or_else(String::new, |prefix| format!("{}/", prefix.joined()));
            // The publishing destination of this detector names the key.
            let key = template
                .resources
                .iter()
                .find(|(id, _)| {
                    template.kind(id) == "AWS::GuardDuty::PublishingDestination"
                        && template.property(id, "DetectorId").is_some_and(|value| {
                            template.resolve(value) == template.reference(&source_id)
                        })
                })
                .and_then(|(id, _)| template.property(id, "DestinationProperties"))
                .and_then(|properties| properties["KmsKeyArn"]["Fn::GetAtt"][0].as_str())
                .unwrap_or_default()
                .to_string();
            let write = request(
                "s3:PutObject",
                format!("{bucket_arn}/{prefix}AWSLogs/{ACCOUNT}/GuardDuty/{REGION}/x.jsonl.gz"),
                detector.clone(),
            );
            let location = request("s3:GetBucketLocation", bucket_arn, detector.clone());
            let encrypt = request("kms:GenerateDataKey", "*".into(), detector);
            let policy_allows = |in_key: bool, request: &Request| {
                if in_key {
                    key_policy_allows(template, &key, request)
                } else {
                    bucket_policy_allows(template, &bucket, request)
                }
            };
            let checks = [
                (false, &write, "writing a findings object"),
                (false, &location, "reading the bucket's location"),
                (true, &encrypt, "generating a data key"),
            ];
            for (in_key, wanted, what) in checks {
                let allows = |request: &Request| policy_allows(in_key, request);
                expect(allows(wanted), true, what.into());
                let other_detector = Request {
                    source_arn: format!("arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/other"),
                    ..wanted.clone()
                };
                expect(
                    allows(&other_detector),
                    false,
                    format!("{what} for another detector"),
                );
                let other_account = Request {
                    source_account: OTHER_ACCOUNT.into(),
                    ..wanted.clone()
                };
                expect(
                    allows(&other_account),
                    false,
                    format!("{what} for another account"),
                );
            }
        }
        ("cloudtrail", "loggroup") => {
            let trail = template.attribute(&source_id, "Arn");
            let role =
                role_named(template, &source_id, "CloudWatchLogsRoleArn").unwrap_or_default();
            let write = request(
                "logs:PutLogEvents",
                format!("{}{ACCOUNT}_CloudTrail_{REGION}_2", group_streams()),
                trail,
            );
            expect(
                role_trusts(template, &role, &write) && role_allows(template, &role, &write),
                true,
                "CloudTrail writing through its role".into(),
            );
            // The trust names no trail (AWS documents no condition key that
            // CloudTrail sends), so the stranger is another service.
            let stranger = Request {
                principal: "events.amazonaws.com".to_string(),
                ..write
            };
            expect(
                role_trusts(template, &role, &stranger),
                false,
                "another service assuming the role".into(),
            );
        }
        ("vpc", "loggroup") => {
            let flow_log = template
                .resources
                .iter()
                .find(|(_, resource)| {
                    resource["Type"] == "AWS::EC2::FlowLog"
                        && resource["Properties"]["LogDestination"].is_object()
                        && template.resolve(&resource["Properties"]["LogDestination"])
                            == template.attribute(&target_id, "Arn").trim_end_matches(":*")
                })
                .map(|(id, _)| id.clone())
                .unwrap_or_default();
            let role =
                role_named(template, &flow_log, "DeliverLogsPermissionArn").unwrap_or_default();
            let write = request(
                "logs:PutLogEvents",
                format!("{}eni-0123456789abcdef0-all", group_streams()),
                format!("arn:aws:ec2:{REGION}:{ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0"),
            );
            expect(
                role_trusts(template, &role, &write) && role_allows(template, &role, &write),
                true,
                "flow logs writing through their role".into(),
            );
            let stranger = Request {
                source_account: OTHER_ACCOUNT.into(),
                ..write
            };
            expect(
                role_trusts(template, &role, &stranger),
                false,
                "another account's flow logs assuming the role".into(),
            );
        }
        ("codebuild", service) => {
            let role = format!("{source_id}Role");
            let write = if service == "s3" {
                request(
                    "s3:PutObject",
                    format!("arn:aws:s3:::{}/build.gz", bucket()),
                    String::new(),
                )
            } else {
                request(
                    "logs:PutLogEvents",
                    format!("{}build", group_streams()),
                    String::new(),
                )
            };
            expect(
                role_allows(template, &role, &write),
                true,
                "the project's role writing its logs".into(),
            );
        }
        ("stepfunctions", "loggroup") => {
            let role = format!("{source_id}Role");
            let delivery = request("logs:CreateLogDelivery", "*".into(), String::new());
            expect(
                role_allows(template, &role, &delivery),
                true,
                "the state machine's role setting up log delivery".into(),
            );
            for (admitted, wanted, what) in vended_delivery(template, &target_id, "states") {
                expect(admitted, wanted, what.into());
            }
        }
        ("flink", "loggroup") => {
            let role = format!("{source_id}Role");
            let stream = format!("{}{}", group_streams(), source.name);
            let write = request("logs:PutLogEvents", stream, String::new());
            expect(
                role_allows(template, &role, &write),
                true,
                "the application writing its log stream".into(),
            );
            let other = Request {
                resource: format!("{}other", group_streams()),
                ..write
            };
            expect(
                role_allows(template, &role, &other),
                false,
                "the application writing another stream".into(),
            );
        }
        ("lambda", "loggroup") => {
            // The function's role writes to this group's streams, and to no
            // other group (its own `/aws/lambda/NAME` group is not created).
            let role = format!("{source_id}Role");
            let write = request(
                "logs:PutLogEvents",
                format!("{}2026/12/01/[$LATEST]abc", group_streams()),
                String::new(),
            );
            expect(
                role_allows(template, &role, &write),
                true,
                "the function writing to its log group".into(),
            );
            let other = Request {
                resource: format!(
                    "arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/{}:log-stream:x",
                    source.name
                ),
                ..write
            };
            expect(
                role_allows(template, &role, &other),
                false,
                "the function writing to another log group".into(),
            );
            let own_group = format!("{source_id}LogGroup");
            expect(
                template.resources.contains_key(&own_group),
                false,
                "the function's own log group created beside it".into(),
            );
        }
        ("alb" | "cloudfront" | "s3" | "eventbus", "loggroup") => {
            for (admitted, wanted, what) in vended_delivery(template, &target_id, &source.name) {
                expect(admitted, wanted, what.into());
            }
        }
        ("alb" | "cloudfront" | "s3" | "eventbus", "firehose") => {
            // Delivered with the log-delivery service-linked role, to a stream tagged for it.
            let tagged = template
                .property(&target_id, "Tags")
                .and_then(Value::as_array)
                .is_some_and(|tags| {
                    tags.iter()
                        .any(|tag| tag["Key"] == "LogDeliveryEnabled" && tag["Value"] == "true")
                });
            expect(tagged, true, "a stream tagged LogDeliveryEnabled".into());
        }
        ("route53", "loggroup") => {
            // `allowed` writes to a stream of the group it is given.
            let write = request(
                "logs:PutLogEvents",
                template.attribute(&target_id, "Arn"),
                "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ".to_string(),
            );
            expect(
                allowed(
                    template,
                    Grant::LogsResourcePolicy,
                    &target_id,
                    &write,
                    None,
                ),
                true,
                "Route 53 writing query logs to the group".into(),
            );
            let stranger = Request {
                source_account: OTHER_ACCOUNT.into(),
                ..write
            };
            expect(
                allowed(
                    template,
                    Grant::LogsResourcePolicy,
                    &target_id,
                    &stranger,
                    None,
                ),
                false,
                "another account's zone writing to the group".into(),
            );
        }
        ("apigateway", "loggroup") => {
            // The account's CloudWatch role: trusted by API Gateway for this
            // account, with AWS's managed policy for pushing logs.
            let role = "ApiGatewayCloudWatchRole";
            let assume = Request {
                principal: "apigateway.amazonaws.com".into(),
                ..request("sts:AssumeRole", "*".into(), String::new())
            };
            expect(
                role_trusts(template, role, &assume),
                true,
                "API Gateway assuming the account's CloudWatch role".into(),
            );
            let stranger = Request {
                source_account: OTHER_ACCOUNT.into(),
                ..assume
            };
            expect(
                role_trusts(template, role, &stranger),
                false,
                "another account assuming the role".into(),
            );
            // What AmazonAPIGatewayPushToCloudWatchLogs grants, held to this
            // account's log groups in this Region, and no managed policy.
            let group = "API-Gateway-Execution-Logs_abc/prod";
            let put = request(
                "logs:PutLogEvents",
                format!("arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}:log-stream:x"),
                String::new(),
            );
            expect(
                role_allows(template, role, &put),
                true,
                "the role pushing logs".into(),
            );
            let elsewhere = Request {
                resource: format!(
                    "arn:aws:logs:{REGION}:{OTHER_ACCOUNT}:log-group:{group}:log-stream:x"
                ),
                ..put
            };
            expect(
                role_allows(template, role, &elsewhere),
                false,
                "the role pushing logs to another account's group".into(),
            );
            expect(
                template.property(role, "ManagedPolicyArns").is_some(),
                false,
                "a managed policy on the role".into(),
            );
        }
        // API Gateway and (in one account) flow logs write to Firehose with a
        // service-linked role AWS creates: there is no grant of ours to evaluate.
        ("apigateway" | "vpc", "firehose") => {}
        (source, target) => failures.push(format!("no evaluation for {source} -> {target} logs")),
    }
    failures
}

/// Vended-log delivery into log group `target_id`: its delivery (from this
/// account) must be admitted, another account's refused. Each result is
/// (admitted, should be, what).
fn vended_delivery(
    template: &Template<'_>,
    target_id: &str,
    source: &str,
) -> [(bool, bool, &'static str); 2] {
    // `allowed` writes to a stream of the group it is given.
    let write = Request {
        principal: "delivery.logs.amazonaws.com".to_string(),
        action: "logs:PutLogEvents".to_string(),
        resource: template.attribute(target_id, "Arn"),
        source_arn: format!("arn:aws:logs:{REGION}:{ACCOUNT}:delivery-source:{source}"),
        source_account: ACCOUNT.to_string(),
        acl: OWNER_FULL_CONTROL.to_string(),
    };
    let stranger = Request {
        source_account: OTHER_ACCOUNT.into(),
        source_arn: format!("arn:aws:logs:{REGION}:{OTHER_ACCOUNT}:delivery-source:x"),
        ..write.clone()
    };
    [
        (
            allowed(template, Grant::LogsResourcePolicy, target_id, &write, None),
            true,
            "vended-log delivery writing to the group",
        ),
        (
            allowed(
                template,
                Grant::LogsResourcePolicy,
                target_id,
                &stranger,
                None,
            ),
            false,
            "another account's delivery writing to the group",
        ),
    ]
}

/// Whether a role's inline policies allow `request`'s action on its resource.
/// A role's grant of `action` on `arn`: allowed there, denied on a
/// neighbouring ARN (the failures, empty when both hold).
fn scoped_role_failures(
    template: &Template<'_>,
    role: &str,
    what: &str,
    action: &str,
    arn: &str,
) -> Vec<String> {
    let request = |resource: String| Request {
        principal: String::new(),
        action: action.to_string(),
        resource,
        source_arn: String::new(),
        source_account: ACCOUNT.to_string(),
        acl: OWNER_FULL_CONTROL.to_string(),
    };
    let mut failures = Vec::new();
    if !role_allows(template, role, &request(arn.to_string())) {
        failures.push(format!("{what}: the role may not {action} on {arn}"));
    }
    if role_allows(template, role, &request(format!("{arn}-stranger"))) {
        failures.push(format!("{what}: the role may {action} on a stranger"));
    }
    failures
}

fn role_allows(template: &Template<'_>, role: &str, request: &Request) -> bool {
    template
        .property(role, "Policies")
        .and_then(Value::as_array)
        .is_some_and(|policies| {
            policies.iter().any(|policy| {
                policy["PolicyDocument"]["Statement"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|statement| statement_allows(template, statement, request, false))
            })
        })
}

/// What a `reads`, `writes` or `calls` edge grants: every action of the
/// target's catalogue `access` for the channel, in the source's access policy
/// attached to the role the source runs as, allowed on the target and denied
/// on a resource beside it; and a function's ARN variable is the target's ARN.
fn code_access_failures(
    catalogue: &Catalogue,
    template: &Template<'_>,
    model: &wirec::model::Model,
    edge: &wirec::model::Edge,
) -> Vec<String> {
    let target = model.resource(edge.to);
    let access = catalogue
        .service(&target.service)
        .unwrap()
        .access
        .as_ref()
        .unwrap();
    let source = model.resource(edge.from);
    let policy = format!("{}AccessPolicy", wirec::plan::logical_id(&source.name, ""));
    role_grant_failures(
        catalogue,
        template,
        model,
        edge,
        &access.grants[&edge.channel],
        &policy,
    )
}

/// What a function's destination edge grants: every statement of the
/// target service's catalogue `destination` table, in the function's
/// destination policy attached to its role, allowed on the target and denied
/// on a resource beside it.
fn destination_failures(
    catalogue: &Catalogue,
    template: &Template<'_>,
    model: &wirec::model::Model,
    edge: &wirec::model::Edge,
) -> Vec<String> {
    let (source, target) = (model.resource(edge.from), model.resource(edge.to));
    let policy = format!(
        "{}DestinationPolicy",
        wirec::plan::logical_id(&source.name, "")
    );
    role_grant_failures(
        catalogue,
        template,
        model,
        edge,
        &catalogue
            .service(&target.service)
            .unwrap()
            .destination
            .as_ref()
            .unwrap()
            .grants,
        &policy,
    )
}

/// The statements an edge grants its source's role in the managed policy
/// `policy`: attached to the role the source runs as, each action allowed on
/// its scope of the target and denied on the same scope of a stranger; and,
/// for a code access edge, a function's ARN variable is the target's ARN.
fn role_grant_failures(
    catalogue: &Catalogue,
    template: &Template<'_>,
    model: &wirec::model::Model,
    edge: &wirec::model::Edge,
    statements: &[wirec::catalogue::AccessStatement],
    policy: &str,
) -> Vec<String> {
    use wirec::catalogue::{AccessAttribute, AccessScope};
    let mut failures = Vec::new();
    let (source, target) = (model.resource(edge.from), model.resource(edge.to));
    let policy = policy.to_string();
    let description = format!(
        "{} {} -> {} -> {} {}",
        source.service, source.name, edge.channel, target.service, target.name
    );
    let source_id = logical(catalogue, &source.service, &source.name);
    let target_id = logical(catalogue, &target.service, &target.name);
    let target_arn = match (&target.existing, target.service.as_str()) {
        (Some(existing), _) => existing.text.clone(),
        (None, "s3") => format!(
            "arn:aws:s3:::{}",
            template.resolve(template.property(&target_id, "BucketName").unwrap())
        ),
        (None, "parameter") => format!(
            "arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/{}",
            template
                .resolve(template.property(&target_id, "Name").unwrap())
                .trim_start_matches('/')
        ),
        (None, _) => template.attribute(&target_id, "Arn"),
    };
    let key = format!("{target_id}Key");
    let key_arn = (!template.kind(&key).is_empty()).then(|| template.attribute(&key, "Arn"));
    if template.kind(&policy) != "AWS::IAM::ManagedPolicy" {
        return vec![format!("{description}: no policy {policy}")];
    }
    // The policy must be attached to the role the source runs as: one that
    // the source's own resource (or its instance profile) names.
    if source.existing.is_none() && source.properties.get("instance-profile").is_none() {
        let runs_as = |role: &str| {
            let own = serde_json::to_string(&template.resources[&source_id]).unwrap();
            own.contains(&format!("\"{role}\""))
                || template.resources.iter().any(|(id, resource)| {
                    resource["Type"] == "AWS::IAM::InstanceProfile"
                        && template
                            .list(template.property(id, "Roles"))
                            .iter()
                            .any(|listed| listed == role)
                        && own.contains(&format!("\"{id}\""))
                })
        };
        let attached = template
            .property(&policy, "Roles")
            .and_then(Value::as_array)
            .is_some_and(|roles| {
                roles
                    .iter()
                    .filter_map(|role| role["Ref"].as_str())
                    .any(runs_as)
            });
        if !attached {
            failures.push(format!(
                "{description}: {policy} is not attached to the role the source runs as"
            ));
        }
    }
    let name = target_arn
        .rsplit([':', '/'])
        .next()
        .unwrap_or_default()
        .to_string();
    for statement in statements {
        // A statement for some targets only (StartSyncExecution, for Express
        // machines): another target wirec creates must not get it.
        let withheld = statement.when.as_ref().is_some_and(|test| {
            let written =
                target
                    .properties
                    .get(&test.property)
                    .and_then(|property| match &property.value {
                        wirec::ast::Value::Word(word) | wirec::ast::Value::String(word) => {
                            Some(word.text.clone())
                        }
                        _ => None,
                    });
            let value = written.or_else(|| {
                catalogue
                    .service(&target.service)
                    .and_then(|spec| spec.properties.get(&test.property))
                    .and_then(|spec| spec.default.as_ref())
                    .and_then(|default| default.as_str().map(str::to_string))
            });
            target.existing.is_none()
                && test.equals.as_ref().and_then(|expected| expected.as_str()) != value.as_deref()
        });
        for scope in &statement.on {
            let (resource, stranger) = match scope {
                AccessScope::Arn => (target_arn.clone(), format!("{target_arn}-stranger")),
                AccessScope::Objects => (
                    format!("{target_arn}/incoming/a.json"),
                    format!("{target_arn}-stranger/incoming/a.json"),
                ),
                AccessScope::Indexes => (
                    format!("{target_arn}/index/by-date"),
                    format!("{target_arn}-stranger/index/by-date"),
                ),
                AccessScope::Children => (
                    format!("{target_arn}/child"),
                    format!("{target_arn}-stranger/child"),
                ),
                AccessScope::Executions => (
                    format!("arn:aws:states:{REGION}:{ACCOUNT}:execution:{name}:run-1"),
                    format!("arn:aws:states:{REGION}:{ACCOUNT}:execution:{name}-stranger:run-1"),
                ),
                AccessScope::Key => match &key_arn {
                    Some(key) => (key.clone(), format!("{key}-stranger")),
                    None => continue,
                },
            };
            for action in &statement.actions {
                let request = Request {
                    principal: String::new(),
                    action: action.clone(),
                    resource: resource.clone(),
                    source_arn: String::new(),
                    source_account: ACCOUNT.to_string(),
                    acl: OWNER_FULL_CONTROL.to_string(),
                };
                if withheld {
                    if identity_allows(template, &policy, &request) {
                        failures.push(format!(
                            "{description}: may {action} on {resource}, which its `when` leaves out"
                        ));
                    }
                    continue;
                }
                if !identity_allows(template, &policy, &request) {
                    failures.push(format!("{description}: may not {action} on {resource}"));
                }
                let strange = Request {
                    resource: stranger.clone(),
                    ..request
                };
                if identity_allows(template, &policy, &strange) {
                    failures.push(format!("{description}: may also {action} on {stranger}"));
                }
            }
        }
    }
    let access = catalogue
        .service(&target.service)
        .and_then(|spec| spec.access.as_ref());
    if let Some(access) = access
        && catalogue.service(&source.service).unwrap().channels[&edge.channel].mechanism
            == Mechanism::CodeAccess
        && wirec::plan::gives_environment(model, catalogue, edge)
    {
        let variable = access.variable(&target.name, AccessAttribute::Arn);
        let value = template
            .property(&source_id, "Environment")
            .and_then(|environment| environment["Variables"].get(&variable))
            .map(|value| template.resolve(value));
        if value.as_deref() != Some(target_arn.as_str()) {
            failures.push(format!(
                "{description}: {variable} is {value:?}, not {target_arn}"
            ));
        }
    }
    failures
}

/// Whether the identity policies of `holder` (a role's inline policies, or a
/// managed policy's document) allow `request`'s action on its resource.
fn identity_allows(template: &Template<'_>, holder: &str, request: &Request) -> bool {
    if template.kind(holder) == "AWS::IAM::ManagedPolicy" {
        return template
            .property(holder, "PolicyDocument")
            .and_then(|document| document["Statement"].as_array())
            .is_some_and(|statements| {
                statements
                    .iter()
                    .any(|statement| statement_allows(template, statement, request, false))
            });
    }
    role_allows(template, holder, request)
}

/// The logical id of a model resource (the scheme of `plan::logical_id`).
fn logical(catalogue: &Catalogue, service: &str, name: &str) -> String {
    wirec::plan::logical_id(name, &catalogue.service(service).unwrap().logical_suffix)
}

/// The role a rule target, subscription or subscription filter names for a target.
fn passed_role(template: &Template<'_>, sender: &str, target_arn: &str) -> Option<String> {
    let role_of = |value: &Value| -> Option<String> {
        value
            .get("Fn::GetAtt")
            .and_then(|parts| parts[0].as_str())
            .map(str::to_string)
    };
    match template.kind(sender) {
        "AWS::Events::Rule" => template
            .property(sender, "Targets")?
            .as_array()?
            .iter()
            .find(|target| template.resolve(&target["Arn"]) == target_arn)
            .and_then(|target| target.get("RoleArn"))
            .and_then(role_of),
        _ => template
            .resources
            .iter()
            .find_map(|(id, resource)| match resource["Type"].as_str() {
                Some("AWS::SNS::Subscription")
                    if template
                        .property(id, "Endpoint")
                        .map(|value| template.resolve(value))
                        .as_deref()
                        == Some(target_arn) =>
                {
                    template
                        .property(id, "SubscriptionRoleArn")
                        .and_then(role_of)
                }
                Some("AWS::Logs::SubscriptionFilter")
                    if template
                        .property(id, "DestinationArn")
                        .map(|value| template.resolve(value))
                        .as_deref()
                        == Some(target_arn) =>
                {
                    template.property(id, "RoleArn").and_then(role_of)
                }
                _ => None,
            }),
    }
}

/// A rule target called through an edge-scoped role (a REST API method, a
/// Redshift cluster): the role trusts EventBridge from this account only,
/// allows the call on the target's own ARN and on no other method or
/// cluster, and reads a Redshift secret only when the declaration names one.
fn target_call_failures(
    template: &Template<'_>,
    catalogue: &Catalogue,
    edge: &wirec::model::Edge,
    model: &wirec::model::Model,
    call: wirec::catalogue::TargetCall,
) -> Vec<String> {
    let (source, target) = (model.resource(edge.from), model.resource(edge.to));
    let description = format!(
        "{} {} -> {} -> {} {}",
        source.service, source.name, edge.channel, target.service, target.name
    );
    let rule_id = logical(catalogue, &source.service, &source.name);
    let entry = template
        .property(&rule_id, "Targets")
        .and_then(Value::as_array)
        .and_then(|targets| targets.first().cloned())
        .unwrap_or(Value::Null);
    let arn = template.resolve(&entry["Arn"]);
    let Some(role) = entry["RoleArn"]["Fn::GetAtt"][0].as_str() else {
        return vec![format!("{description}: the target has no role")];
    };
    let request = |action: &str, resource: &str| Request {
        principal: "events.amazonaws.com".to_string(),
        action: action.to_string(),
        resource: resource.to_string(),
        source_arn: template.attribute(&rule_id, "Arn"),
        source_account: ACCOUNT.to_string(),
        acl: OWNER_FULL_CONTROL.to_string(),
    };
    let (action, beside) = match call {
        wirec::catalogue::TargetCall::HttpParameters => (
            "execute-api:Invoke",
            arn.replacen("/POST/", "/DELETE/", 1)
                .replacen("/PUT/", "/DELETE/", 1),
        ),
        wirec::catalogue::TargetCall::RedshiftData => {
            ("redshift-data:ExecuteStatement", format!("{arn}-other"))
        }
    };
    let mut failures = Vec::new();
    if !role_trusts(template, role, &request(action, &arn)) {
        failures.push(format!("{description}: EventBridge may not assume {role}"));
    }
    if !role_allows(template, role, &request(action, &arn)) {
        failures.push(format!("{description}: {role} may not {action} on {arn}"));
    }
    if beside == arn || role_allows(template, role, &request(action, &beside)) {
        failures.push(format!(
            "{description}: {role} may {action} on {beside} too"
        ));
    }
    if let Some(secret) = target
        .properties
        .get("secret")
        .map(|secret| match &secret.value {
            wirec::ast::Value::String(text) => text.text.clone(),
            _ => String::new(),
        })
    {
        if !role_allows(
            template,
            role,
            &request("secretsmanager:GetSecretValue", &secret),
        ) {
            failures.push(format!("{description}: {role} may not read {secret}"));
        }
        let other = format!("{secret}-other");
        if role_allows(
            template,
            role,
            &request("secretsmanager:GetSecretValue", &other),
        ) {
            failures.push(format!("{description}: {role} may read {other} too"));
        }
    }
    failures
}

/// The EventBridge rule that delivers to `target_arn` for an edge from the
/// resource whose PascalCase name is `source_name` (wirec names such rules
/// `{Source}{Events}To{Target}Rule`).
fn rule_for(template: &Template<'_>, source_name: &str, target_arn: &str) -> String {
    template
        .resources
        .iter()
        .find(|(id, resource)| {
            resource["Type"] == "AWS::Events::Rule"
                && id.starts_with(source_name)
                && template
                    .property(id, "Targets")
                    .and_then(Value::as_array)
                    .is_some_and(|targets| {
                        targets
                            .iter()
                            .any(|target| template.resolve(&target["Arn"]) == target_arn)
                    })
        })
        .map_or_else(
            || panic!("no rule from {source_name} delivers to {target_arn}"),
            |(id, _)| id.clone(),
        )
}

#[test]
fn every_generated_grant_admits_its_sender_and_only_it() {
    let catalogue = support::catalogue();
    let mut checked = 0;
    let mut failures = Vec::new();
    // The every-edge fixture, and the examples (encrypted targets, options).
    let examples = support::examples()
        .into_iter()
        .filter(|path| path.file_stem().is_some_and(|stem| stem != "mistakes"));
    for path in support::every_edge_fixtures().into_iter().chain(examples) {
        let compilation = support::compile_file(&path, &catalogue);
        check_part(&catalogue, &compilation, &mut checked, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 200, "only {checked} edges were evaluated");
}

/// An EventBridge Scheduler target: the schedule's role is trusted by
/// Scheduler from this account and the schedule's group only (not another
/// account, not another group), and allows the target's actions on the
/// target (and `sqs:SendMessage` on a dead-letter queue) and not on a
/// resource beside it.
fn schedule_target_failures(
    template: &Template<'_>,
    catalogue: &Catalogue,
    edge: &wirec::model::Edge,
    model: &wirec::model::Model,
) -> Vec<String> {
    let source = model.resource(edge.from);
    let target = model.resource(edge.to);
    let schedule = logical(catalogue, &source.service, &source.name);
    let role = format!("{schedule}Role");
    let what = format!("scheduler {} -> {}", source.name, target.name);
    let group = schedule_group_arn(template, catalogue, model, source);
    let mut failures = schedule_trust_failures(template, &role, &what, &group);
    let target_settings = template.property(&schedule, "Target").unwrap();
    let mut sends = vec![(template.resolve(&target_settings["Arn"]), {
        let receive = catalogue.service(&target.service).unwrap().receive.as_ref();
        receive
            .map(|receive| receive.actions.clone())
            .unwrap_or_default()
    })];
    if let Some(queue) = target_settings.get("DeadLetterConfig") {
        sends.push((
            template.resolve(&queue["Arn"]),
            vec!["sqs:SendMessage".to_string()],
        ));
    }
    for (arn, actions) in sends {
        for action in actions {
            failures.extend(scoped_role_failures(template, &role, &what, &action, &arn));
        }
    }
    failures
}

/// The ARN of a schedule's group: a declared `schedule-group` it names with
/// a bare word, an existing group by its quoted name, or AWS's `default`.
fn schedule_group_arn(
    template: &Template<'_>,
    catalogue: &Catalogue,
    model: &wirec::model::Model,
    schedule: &wirec::model::Resource,
) -> String {
    if let Some(named) = model.property_target(schedule.id, "group") {
        let group = model.resource(named.to);
        return template.attribute(&logical(catalogue, &group.service, &group.name), "Arn");
    }
    let name = match schedule.properties.get("group").map(|group| &group.value) {
        Some(wirec::ast::Value::String(text)) => text.text.clone(),
        _ => "default".to_string(),
    };
    format!("arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule-group/{name}")
}

/// A schedule's execution role: Scheduler may assume it from this account
/// and the schedule's group only (not another account, not another group).
fn schedule_trust_failures(
    template: &Template<'_>,
    role: &str,
    what: &str,
    group: &str,
) -> Vec<String> {
    let mut failures = Vec::new();
    let trust = |account: &str, group: &str| Request {
        principal: "scheduler.amazonaws.com".to_string(),
        action: String::new(),
        resource: String::new(),
        source_arn: group.to_string(),
        source_account: account.to_string(),
        acl: OWNER_FULL_CONTROL.to_string(),
    };
    if !role_trusts(template, role, &trust(ACCOUNT, group)) {
        failures.push(format!("{what}: Scheduler may not assume the role"));
    }
    if role_trusts(template, role, &trust(OTHER_ACCOUNT, group))
        || role_trusts(template, role, &trust(ACCOUNT, &format!("{group}-other")))
    {
        failures.push(format!("{what}: a stranger may assume the role"));
    }
    failures
}

/// A schedule's universal target (`call = "ec2:stopInstances"`): the
/// execution role, trusted as any schedule's, may make the call's IAM action
/// on each ARN in `on` and not on another resource of its kind.
fn universal_target_failures(
    template: &Template<'_>,
    catalogue: &Catalogue,
    model: &wirec::model::Model,
    checked: &mut usize,
) -> Vec<String> {
    let mut failures = Vec::new();
    for resource in &model.resources {
        let Some(spec) = catalogue.service(&resource.service) else {
            continue;
        };
        for (property, property_spec) in &spec.properties {
            let (Some(call), Some(value)) =
                (&property_spec.api_call, resource.properties.get(property))
            else {
                continue;
            };
            let wirec::ast::Value::String(text) = &value.value else {
                continue;
            };
            let (service, action) = text.text.split_once(':').unwrap();
            let iam_action = call.iam_action(service, action);
            let schedule = logical(catalogue, &resource.service, &resource.name);
            let role = format!("{schedule}Role");
            let what = format!("{} {} calls {}", resource.service, resource.name, text.text);
            let group = schedule_group_arn(template, catalogue, model, resource);
            failures.extend(schedule_trust_failures(template, &role, &what, &group));
            let arn = template.resolve(&template.property(&schedule, "Target").unwrap()["Arn"]);
            if arn != format!("arn:aws:scheduler:::aws-sdk:{}", text.text) {
                failures.push(format!("{what}: its target is {arn}"));
            }
            let scope = match resource.properties.get(&call.scope).map(|on| &on.value) {
                Some(wirec::ast::Value::List(list)) => list
                    .items
                    .iter()
                    .filter_map(|item| match item {
                        wirec::ast::Value::String(text) => Some(text.text.clone()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            assert!(!scope.is_empty(), "{what}: no ARN in `{}`", call.scope);
            let mut sends: Vec<(String, String)> = scope
                .into_iter()
                .map(|on| (on, iam_action.clone()))
                .collect();
            // Its dead-letter queue (a property beside `call`), and no other.
            if let Some(queue) = model.property_target(resource.id, "dead-letter") {
                let queue = model.resource(queue.to);
                let arn =
                    template.attribute(&logical(catalogue, &queue.service, &queue.name), "Arn");
                sends.push((arn, "sqs:SendMessage".to_string()));
            }
            for (on, action) in sends {
                failures.extend(scoped_role_failures(template, &role, &what, &action, &on));
            }
            *checked += 1;
        }
    }
    failures
}

/// A pipe's edge: the pipe's role, which only `pipes.amazonaws.com` of this
/// account may assume, may read its source, invoke its enrichment and write
/// to its target, and not another resource of the same kind.
fn pipe_failures(
    catalogue: &Catalogue,
    template: &Template<'_>,
    edge: &wirec::model::Edge,
    source: &wirec::model::Resource,
    target: &wirec::model::Resource,
) -> Vec<String> {
    let source_id = logical(catalogue, &source.service, &source.name);
    let target_id = logical(catalogue, &target.service, &target.name);
    let description = format!(
        "{} {} -> {} -> {} {}",
        source.service, source.name, edge.channel, target.service, target.name
    );
    let (role, actions, resource, other) = if target.service == "pipe" {
        let channel = &catalogue.service(&source.service).unwrap().channels[&edge.channel];
        let (arn, other) = if source.service == "dynamodb" {
            (
                template.attribute(&source_id, "StreamArn"),
                format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/another/stream/x"),
            )
        } else {
            let arn = template.attribute(&source_id, "Arn");
            let other = format!("{}another", &arn[..=arn.rfind([':', '/']).unwrap()]);
            (arn, other)
        };
        (
            format!("{target_id}Role"),
            channel.actions.clone(),
            arn,
            other,
        )
    } else if target.service == "https" {
        // An HTTPS endpoint is called through the API destination the pipe
        // names as its target or enrichment.
        let property = if edge.channel == "enrich" {
            "Enrichment"
        } else {
            "Target"
        };
        let destination = template.resolve(template.property(&source_id, property).unwrap());
        let other = format!(
            "{}another/uuid",
            &destination[..=destination.find('/').unwrap()]
        );
        (
            format!("{source_id}Role"),
            vec!["events:InvokeApiDestination".to_string()],
            destination,
            other,
        )
    } else {
        let arn = template.attribute(&target_id, "Arn");
        let actions = match (edge.channel.as_str(), target.service.as_str()) {
            ("enrich", "stepfunctions") => vec!["states:StartSyncExecution".to_string()],
            // A state machine target run REQUEST_RESPONSE is started synchronously.
            ("target", "stepfunctions")
                if edge
                    .options
                    .get("invocation")
                    .is_some_and(|how| how.joined() == "request-response") =>
            {
                vec!["states:StartSyncExecution".to_string()]
            }
            ("enrich", _) => vec!["lambda:InvokeFunction".to_string()],
            _ => {
                catalogue
                    .service(&target.service)
                    .unwrap()
                    .receive
                    .clone()
                    .unwrap()
                    .actions
            }
        };
        let (resource, other) = if target.service == "loggroup" {
            let group = arn.trim_end_matches(":*");
            (
                format!("{group}:log-stream:x"),
                format!("{group}-another:log-stream:x"),
            )
        } else {
            let other = format!("{}another", &arn[..=arn.rfind([':', '/']).unwrap()]);
            (arn, other)
        };
        (format!("{source_id}Role"), actions, resource, other)
    };
    let mut failures = Vec::new();
    for action in &actions {
        let allowed = Request {
            principal: "pipes.amazonaws.com".to_string(),
            action: action.clone(),
            resource: resource.clone(),
            source_arn: String::new(),
            source_account: ACCOUNT.to_string(),
            acl: OWNER_FULL_CONTROL.to_string(),
        };
        failures.extend(service_role_failures(
            template,
            &role,
            allowed.clone(),
            OTHER_ACCOUNT,
            format!("{description}: the pipe's role does not allow {action} on {resource}"),
            format!("{description}: another account's pipe may assume the role"),
        ));
        let denied = Request {
            resource: other.clone(),
            ..allowed
        };
        if role_allows(template, &role, &denied) {
            failures.push(format!(
                "{description}: the pipe's role allows {action} on {other}"
            ));
        }
    }
    failures
}

/// A rule's HTTPS target: the target's role, which EventBridge may assume
/// and no other service, may invoke the API destination the target names
/// and no other.
fn api_destination_failures(template: &Template<'_>, rule: &str) -> Vec<String> {
    let mut failures = vec![format!("{rule}: no target names an API destination")];
    for target in template
        .property(rule, "Targets")
        .unwrap()
        .as_array()
        .unwrap()
    {
        let destination = template.resolve(&target["Arn"]);
        if !destination.contains(":api-destination/") {
            continue;
        }
        failures.retain(|failure| !failure.ends_with("no target names an API destination"));
        let target_role = target["RoleArn"]["Fn::GetAtt"][0].as_str().unwrap();
        let allowed = Request {
            principal: "events.amazonaws.com".to_string(),
            action: "events:InvokeApiDestination".to_string(),
            resource: destination.clone(),
            source_arn: template.attribute(rule, "Arn"),
            source_account: ACCOUNT.to_string(),
            acl: OWNER_FULL_CONTROL.to_string(),
        };
        if !(role_trusts(template, target_role, &allowed)
            && role_allows(template, target_role, &allowed))
        {
            failures.push(format!("{rule}: its role may not invoke {destination}"));
        }
        let stranger = Request {
            principal: "lambda.amazonaws.com".to_string(),
            ..allowed.clone()
        };
        if role_trusts(template, target_role, &stranger) {
            failures.push(format!("{rule}: another service may assume {target_role}"));
        }
        let other = format!(
            "{}another/uuid",
            &destination[..=destination.find('/').unwrap()]
        );
        let denied = Request {
            resource: other.clone(),
            ..allowed
        };
        if role_allows(template, target_role, &denied) {
            failures.push(format!("{rule}: its role may invoke {other}"));
        }
    }
    failures
}

/// A stream source's dead-letter queue or topic on a pipe: the pipe's role
/// may send there (`sqs:SendMessage`, `sns:Publish`), and to no other queue
/// or topic.
fn pipe_dead_letter_failures(
    catalogue: &Catalogue,
    template: &Template<'_>,
    pipe: &wirec::model::Resource,
    dead_letter: &wirec::model::Resource,
) -> Vec<String> {
    let role = format!("{}Role", logical(catalogue, &pipe.service, &pipe.name));
    let arn = template.attribute(
        &logical(catalogue, &dead_letter.service, &dead_letter.name),
        "Arn",
    );
    let action = if dead_letter.service == "sns" {
        "sns:Publish"
    } else {
        "sqs:SendMessage"
    };
    let allowed = Request {
        principal: "pipes.amazonaws.com".to_string(),
        action: action.to_string(),
        resource: arn.clone(),
        source_arn: String::new(),
        source_account: ACCOUNT.to_string(),
        acl: OWNER_FULL_CONTROL.to_string(),
    };
    let mut failures = Vec::new();
    if !role_allows(template, &role, &allowed) {
        failures.push(format!(
            "pipe {}: its role may not {action} to its dead letters {arn}",
            pipe.name
        ));
    }
    let other = format!("{}another", &arn[..=arn.rfind([':', '/']).unwrap_or(0)]);
    let denied = Request {
        resource: other.clone(),
        ..allowed
    };
    if role_allows(template, &role, &denied) {
        failures.push(format!(
            "pipe {}: its role may {action} to {other}",
            pipe.name
        ));
    }
    failures
}

/// Evaluates the grants of one part of the every-edge fixture.
fn check_part(
    catalogue: &Catalogue,
    compilation: &wirec::Compilation,
    checked: &mut usize,
    failures: &mut Vec<String>,
) {
    let value = compilation.cloudformation(catalogue).unwrap();
    let template = Template::new(value["Resources"].as_object().unwrap());
    let model = &compilation.model;
    for edge in &model.edges {
        let source = model.resource(edge.from);
        let target = model.resource(edge.to);
        let spec = catalogue.service(&source.service).unwrap();
        let channel = &spec.channels[&edge.channel];
        if source.service == "pipe" || target.service == "pipe" {
            failures.extend(pipe_failures(catalogue, &template, edge, source, target));
            if let Some(named) = model.option_target(edge.id, "on-failure") {
                failures.extend(pipe_dead_letter_failures(
                    catalogue,
                    &template,
                    target,
                    model.resource(named.to),
                ));
            }
            *checked += 1;
            continue;
        }
        if target.service == "https" && channel.mechanism == Mechanism::RuleTarget {
            let rule = logical(catalogue, &source.service, &source.name);
            failures.extend(api_destination_failures(&template, &rule));
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::StreamApplication {
            // The application's own role reads the stream.
            let role = format!("{}Role", logical(catalogue, &target.service, &target.name));
            let stream =
                template.attribute(&logical(catalogue, &source.service, &source.name), "Arn");
            for action in &channel.actions {
                let resource =
                    if action.contains("Consumer") || action.ends_with("SubscribeToShard") {
                        format!("{stream}/consumer/app:1")
                    } else {
                        stream.clone()
                    };
                let request = Request {
                    principal: String::new(),
                    action: action.clone(),
                    resource,
                    source_arn: String::new(),
                    source_account: ACCOUNT.to_string(),
                    acl: OWNER_FULL_CONTROL.to_string(),
                };
                if !role_allows(&template, &role, &request) {
                    failures.push(format!(
                        "kinesis {} -> read -> flink {}: the application's role may not {action}",
                        source.name, target.name
                    ));
                }
            }
            *checked += 1;
            continue;
        }
        let call = catalogue
            .service(&target.service)
            .and_then(|spec| spec.receive.as_ref())
            .and_then(|receive| receive.call);
        if channel.mechanism == Mechanism::RuleTarget
            && let Some(call) = call
        {
            failures.extend(target_call_failures(
                &template, catalogue, edge, model, call,
            ));
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::ScheduleTarget {
            failures.extend(schedule_target_failures(&template, catalogue, edge, model));
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::AlarmAction && target.service == "ec2" {
            // CloudWatch acts on the instance of the alarm's InstanceId
            // dimension: the action and the dimension must both be there.
            let alarm = logical(catalogue, &source.service, &source.name);
            let instance = match &target.existing {
                Some(existing) => existing.text.rsplit('/').next().unwrap().to_string(),
                None => template.reference(&logical(catalogue, &target.service, &target.name)),
            };
            let acts = template
                .list(template.property(&alarm, "AlarmActions"))
                .iter()
                .any(|action| action.starts_with(&format!("arn:aws:automate:{REGION}:ec2:")));
            let watches = template
                .property(&alarm, "Dimensions")
                .and_then(Value::as_array)
                .is_some_and(|dimensions| {
                    dimensions.iter().any(|dimension| {
                        dimension["Name"] == "InstanceId"
                            && template.resolve(&dimension["Value"]) == instance
                    })
                });
            if !acts || !watches {
                failures.push(format!(
                    "alarm {} -> action -> ec2 {}: the alarm does not act on the instance (action {acts}, dimension {watches})",
                    source.name, target.name
                ));
            }
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::DeploymentAlarm {
            // CodeDeploy reads the group's alarms by name with the group's
            // service role: the name must be in the group's alarm list, and the
            // role may cloudwatch:DescribeAlarms that alarm (not another).
            // Its trust holds CodeDeploy to the group (aws:SourceArn).
            let group = logical(catalogue, &target.service, &target.name);
            let alarm = logical(catalogue, &source.service, &source.name);
            let listed = template
                .property(&group, "AlarmConfiguration")
                .and_then(|configuration| configuration["Alarms"].as_array())
                .is_some_and(|alarms| {
                    alarms
                        .iter()
                        .any(|entry| template.resolve(&entry["Name"]) == template.reference(&alarm))
                });
            let role = template
                .property(&group, "ServiceRoleArn")
                .and_then(|arn| arn["Fn::GetAtt"][0].as_str())
                .unwrap_or_default()
                .to_string();
            let group_name =
                template.resolve(template.property(&group, "DeploymentGroupName").unwrap());
            let describe = Request {
                principal: "codedeploy.amazonaws.com".to_string(),
                action: "cloudwatch:DescribeAlarms".to_string(),
                resource: template.attribute(&alarm, "Arn"),
                source_arn: format!(
                    "arn:aws:codedeploy:{REGION}:{ACCOUNT}:deploymentgroup:{group_name}/{group_name}"
                ),
                source_account: ACCOUNT.to_string(),
                acl: OWNER_FULL_CONTROL.to_string(),
            };
            let reads = role_trusts(&template, &role, &describe)
                && role_allows(&template, &role, &describe);
            let other_alarm = Request {
                resource: format!("{}-other", describe.resource),
                ..describe.clone()
            };
            let other_group = Request {
                source_arn: describe
                    .source_arn
                    .replace(&format!("/{group_name}"), "/other"),
                ..describe.clone()
            };
            if !listed || !reads {
                failures.push(format!(
                    "alarm {} -> stop -> codedeploy {}: the group does not read the alarm (listed {listed}, role {reads})",
                    source.name, target.name
                ));
            }
            if role_allows(&template, &role, &other_alarm)
                || role_trusts(&template, &role, &other_group)
            {
                failures.push(format!(
                    "alarm {} -> stop -> codedeploy {}: the group's role reads another alarm or serves another group",
                    source.name, target.name
                ));
            }
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::CodeAccess {
            failures.extend(code_access_failures(catalogue, &template, model, edge));
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::EventInvokeConfig {
            failures.extend(destination_failures(catalogue, &template, model, edge));
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::DeadLetterQueue {
            // SQS moves the messages itself: no grant, only the source's
            // redrive policy naming the target.
            let source_id = logical(catalogue, &source.service, &source.name);
            let target_id = logical(catalogue, &target.service, &target.name);
            let named = template
                .property(&source_id, "RedrivePolicy")
                .is_some_and(|policy| {
                    template.resolve(&policy["deadLetterTargetArn"])
                        == template.attribute(&target_id, "Arn")
                });
            if !named {
                failures.push(format!(
                    "sqs {} -> dead-letter -> sqs {}: the redrive policy does not name the target",
                    source.name, target.name
                ));
            }
            *checked += 1;
            continue;
        }
        let Some(receive) = catalogue
            .service(&target.service)
            .and_then(|spec| spec.receive.clone())
        else {
            continue;
        };
        let source_id = logical(catalogue, &source.service, &source.name);
        let target_id = logical(catalogue, &target.service, &target.name);
        let target_arn = match target.service.as_str() {
            _ if target.existing.is_some() => {
                target.existing.as_ref().unwrap().text.replace(":document/", ":automation-definition/")
            }
            // EventBridge starts a runbook by its automation definition.
            "ssm" => format!(
                "arn:aws:ssm:{REGION}:{ACCOUNT}:automation-definition/{}",
                template.resolve(template.property(&target_id, "Name").unwrap())
            ),
            "s3" => template.resolve(&serde_json::json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:s3:::{}", template.resolve(template.property(&target_id, "BucketName").unwrap())) })),
            // A Firehose stream's HTTP endpoint: its backup bucket is checked below.
            "https" if channel.mechanism == Mechanism::FirehoseDelivery => String::new(),
            "email" | "https" | "sms" => continue,
            // Outside AWS: what Firehose delivers to them is checked below.
            "splunk" | "redshift" => String::new(),
            _ => template.attribute(&target_id, "Arn"),
        };
        let description = format!(
            "{} {} -> {} -> {} {}",
            source.service, source.name, edge.channel, target.service, target.name
        );
        // An Auto Scaling group publishes its notifications with its
        // service-linked role, and CloudFormation with the permissions of whoever
        // runs the stack operation: there is no grant of ours to evaluate.
        if channel.mechanism == Mechanism::ServiceNotification
            && ["asg", "cloudformation", "dax", "servicecatalog"].contains(&source.service.as_str())
        {
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::DeliveryChannel {
            // AWS Config delivers with the recorder's role.
            let role = format!("{source_id}Role");
            let (action, resource) = if target.service == "s3" {
                (
                    "s3:PutObject",
                    format!(
                        "{target_arn}/AWSLogs/{ACCOUNT}/Config/{REGION}/ConfigHistory/x.json.gz"
                    ),
                )
            } else {
                ("sns:Publish", target_arn.clone())
            };
            let request = Request {
                principal: "config.amazonaws.com".to_string(),
                action: action.to_string(),
                resource,
                source_arn: String::new(),
                source_account: ACCOUNT.to_string(),
                acl: OWNER_FULL_CONTROL.to_string(),
            };
            failures.extend(service_role_failures(
                &template,
                &role,
                request,
                OTHER_ACCOUNT,
                format!("{description}: AWS Config may not deliver through the recorder's role"),
                format!("{description}: another account's Config may assume the recorder's role"),
            ));
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::KinesisStreamingDestination {
            // DynamoDB writes with its service-linked role: no grant to
            // evaluate, only that the table names this stream and no other.
            let named = template
                .property(&source_id, "KinesisStreamSpecification")
                .and_then(|specification| specification.get("StreamArn"))
                .map(|arn| template.resolve(arn));
            if named.as_deref() != Some(target_arn.as_str()) {
                failures.push(format!(
                    "{description}: the table names {named:?}, not the stream"
                ));
            }
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::PipelineAction && target.service == "stepfunctions" {
            // The pipeline's role starts and describes the machine and its
            // executions (the Step Functions invoke action); another
            // machine's are denied.
            let role = format!("{source_id}Role");
            let executions = target_arn.replace(":stateMachine:", ":execution:");
            for (action, resource) in [
                ("states:StartExecution", target_arn.clone()),
                ("states:DescribeStateMachine", target_arn.clone()),
                ("states:DescribeExecution", format!("{executions}:run-1")),
            ] {
                let request = Request {
                    principal: String::new(),
                    action: action.to_string(),
                    resource: resource.clone(),
                    source_arn: String::new(),
                    source_account: ACCOUNT.to_string(),
                    acl: OWNER_FULL_CONTROL.to_string(),
                };
                if !role_allows(&template, &role, &request) {
                    failures.push(format!(
                        "{description}: the pipeline's role may not {action}"
                    ));
                }
                let stranger = Request {
                    resource: resource.replace(&target_id, "Stranger"),
                    ..request
                };
                if role_allows(&template, &role, &stranger) {
                    failures.push(format!(
                        "{description}: the pipeline's role may {action} on another machine"
                    ));
                }
            }
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::HttpRoute {
            // A function admits the route's ARN; any other target is written
            // by the integration's role (the dedicated test below holds both
            // to their sender only).
            let api = logical(catalogue, &source.service, &source.name);
            let mut integrations = template.resources.values().filter(|resource| {
                resource["Type"] == "AWS::ApiGatewayV2::Integration"
                    && resource["Properties"]["ApiId"]["Ref"] == api.as_str()
            });
            let works = integrations.any(|integration| {
                match integration["Properties"]["CredentialsArn"]["Fn::GetAtt"][0].as_str() {
                    Some(role) => {
                        let action = receive_action(catalogue, &target.service);
                        role_allows(
                            &template,
                            role,
                            &Request {
                                principal: "apigateway.amazonaws.com".to_string(),
                                action,
                                resource: target_arn.clone(),
                                source_arn: String::new(),
                                source_account: ACCOUNT.to_string(),
                                acl: OWNER_FULL_CONTROL.to_string(),
                            },
                        )
                    }
                    None => {
                        template.resolve(&integration["Properties"]["IntegrationUri"]) == target_arn
                            && template.resources.values().any(|resource| {
                                resource["Type"] == "AWS::Lambda::Permission"
                                    && resource["Properties"]["Principal"]
                                        == "apigateway.amazonaws.com"
                                    && template
                                        .resolve(&resource["Properties"]["SourceArn"])
                                        .contains(&format!(":{api}/*/"))
                            })
                    }
                }
            });
            if !works {
                failures.push(format!(
                    "http-api {} -> route -> {} {}: no integration its sender may use",
                    source.name, target.service, target.name
                ));
            }
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::PipelineAction {
            // The pipeline's role invokes the function; the function reports back.
            let invoke = Request {
                principal: String::new(),
                action: "lambda:InvokeFunction".to_string(),
                resource: target_arn.clone(),
                source_arn: String::new(),
                source_account: ACCOUNT.to_string(),
                acl: OWNER_FULL_CONTROL.to_string(),
            };
            if !role_allows(&template, &format!("{source_id}Role"), &invoke) {
                failures.push(format!(
                    "{description}: the pipeline's role may not invoke the function"
                ));
            }
            let report = Request {
                action: "codepipeline:PutJobSuccessResult".to_string(),
                resource: "*".to_string(),
                ..invoke
            };
            if !role_allows(&template, &format!("{target_id}Role"), &report) {
                failures.push(format!(
                    "{description}: the function's role may not report the job's result"
                ));
            }
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::LifecycleHook {
            // The hook (in the group, or a resource of its own for an existing
            // group) names the role Auto Scaling assumes to notify the target.
            let hooks = template
                .resources
                .iter()
                .flat_map(|(id, resource)| match resource["Type"].as_str() {
                    Some("AWS::AutoScaling::LifecycleHook") => vec![&resource["Properties"]],
                    Some("AWS::AutoScaling::AutoScalingGroup") => template
                        .property(id, "LifecycleHookSpecificationList")
                        .and_then(Value::as_array)
                        .map(|hooks| hooks.iter().collect())
                        .unwrap_or_default(),
                    _ => Vec::new(),
                });
            let role = hooks
                .filter(|hook| {
                    hook.get("NotificationTargetARN")
                        .is_some_and(|arn| template.resolve(arn) == target_arn)
                })
                .find_map(|hook| hook["RoleARN"]["Fn::GetAtt"][0].as_str())
                .unwrap_or_default()
                .to_string();
            let actions: &[&str] = if target.service == "sqs" {
                &["sqs:SendMessage", "sqs:GetQueueUrl"]
            } else {
                &["sns:Publish"]
            };
            for action in actions {
                // Auto Scaling sends the group's ARN, with a UUID of AWS's.
                let group = logical(catalogue, &source.service, &source.name);
                let group_name = template
                    .property(&group, "AutoScalingGroupName")
                    .map_or_else(|| source.name.clone(), |name| template.resolve(name));
                let request = Request {
                    principal: "autoscaling.amazonaws.com".to_string(),
                    action: (*action).to_string(),
                    resource: target_arn.clone(),
                    source_arn: format!(
                        "arn:aws:autoscaling:{REGION}:{ACCOUNT}:autoScalingGroup:0f1e2d3c:autoScalingGroupName/{group_name}"
                    ),
                    source_account: ACCOUNT.to_string(),
                    acl: OWNER_FULL_CONTROL.to_string(),
                };
                if !(role_trusts(&template, &role, &request)
                    && role_allows(&template, &role, &request))
                {
                    failures.push(format!(
                        "{description}: Auto Scaling may not {action} through the hook's role"
                    ));
                }
                let other_group = Request {
                    source_arn: request
                        .source_arn
                        .replace(&format!("/{group_name}"), "/other"),
                    ..request.clone()
                };
                let other_account = Request {
                    source_arn: request.source_arn.replace(ACCOUNT, OTHER_ACCOUNT),
                    source_account: OTHER_ACCOUNT.to_string(),
                    ..request.clone()
                };
                if role_trusts(&template, &role, &other_group)
                    || role_trusts(&template, &role, &other_account)
                {
                    failures.push(format!(
                        "{description}: another group's Auto Scaling may assume the hook's role"
                    ));
                }
            }
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::AgentLogs {
            // The CloudWatch agent writes with the instances' credentials: the
            // role wirec creates for an instance, or the policy of its own that
            // is attached to (or output for) a group's or an existing instance's role.
            let holder = if source.service == "ec2"
                && template.resources.contains_key(&format!("{source_id}Role"))
            {
                format!("{source_id}Role")
            } else {
                format!("{}AgentPolicy", wirec::plan::logical_id(&source.name, ""))
            };
            let group = template.resolve(template.property(&target_id, "LogGroupName").unwrap());
            let group_arn = format!("arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}");
            let parameter = format!(
                "arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/AmazonCloudWatch-{}",
                source.name
            );
            let request = |action: &str, resource: String| Request {
                principal: String::new(),
                action: action.to_string(),
                resource,
                source_arn: String::new(),
                source_account: ACCOUNT.to_string(),
                acl: OWNER_FULL_CONTROL.to_string(),
            };
            let stream = format!("{group_arn}:log-stream:i-0123456789abcdef0");
            for (action, resource) in [
                ("logs:CreateLogStream", stream.clone()),
                ("logs:DescribeLogStreams", group_arn.clone()),
                ("logs:PutLogEvents", stream.clone()),
                ("ssm:GetParameter", parameter),
            ] {
                if !identity_allows(&template, &holder, &request(action, resource)) {
                    failures.push(format!("{description}: {holder} does not allow {action}"));
                }
            }
            let elsewhere = request(
                "logs:PutLogEvents",
                format!("arn:aws:logs:{REGION}:{ACCOUNT}:log-group:other:log-stream:x"),
            );
            if identity_allows(&template, &holder, &elsewhere) {
                failures.push(format!("{description}: {holder} writes to any log group"));
            }
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::WorkerQueue {
            // The worker daemon reads with the instances' role.
            let role = format!("{source_id}InstanceRole");
            let request = |action: &str, resource: &str| Request {
                principal: String::new(),
                action: action.to_string(),
                resource: resource.to_string(),
                source_arn: String::new(),
                source_account: ACCOUNT.to_string(),
                acl: OWNER_FULL_CONTROL.to_string(),
            };
            for action in [
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility",
            ] {
                if !role_allows(&template, &role, &request(action, &target_arn)) {
                    failures.push(format!("{description}: the instances may not {action}"));
                }
            }
            let other = format!("arn:aws:sqs:{REGION}:{ACCOUNT}:other");
            if role_allows(&template, &role, &request("sqs:ReceiveMessage", &other)) {
                failures.push(format!("{description}: the instances read any queue"));
            }
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::ServiceNotification && source.service == "beanstalk" {
            // Elastic Beanstalk publishes with the environment's service role,
            // which it assumes with the external ID `elasticbeanstalk` (the
            // evaluator reads `sts:ExternalId` from the request's account field).
            let role = format!("{source_id}ServiceRole");
            let request = Request {
                principal: "elasticbeanstalk.amazonaws.com".to_string(),
                action: "sns:Publish".to_string(),
                resource: target_arn.clone(),
                source_arn: String::new(),
                source_account: "elasticbeanstalk".to_string(),
                acl: OWNER_FULL_CONTROL.to_string(),
            };
            // Without the external ID (the account instead) the role is not assumed.
            failures.extend(service_role_failures(
                &template,
                &role,
                request,
                ACCOUNT,
                format!(
                    "{description}: Elastic Beanstalk may not publish through the service role"
                ),
                format!("{description}: the service role is assumed without the external ID"),
            ));
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::Remediation {
            // Systems Manager runs the runbook as the remediation role, which
            // AWS Config passes as `AutomationAssumeRole`.
            let remediation = format!("{}Remediation", wirec::plan::logical_id(&source.name, ""));
            let role = format!("{remediation}Role");
            let passed = template.property(&remediation, "Parameters").unwrap()
                ["AutomationAssumeRole"]["StaticValue"]["Values"][0]
                .clone();
            if template.resolve(&passed) != template.attribute(&role, "Arn") {
                failures.push(format!(
                    "{description}: the runbook is not given the remediation role"
                ));
            }
            let options = |key: &str| edge.options.get(key).map(wirec::model::OptionValue::joined);
            // Without `allows`, an AWS-owned runbook's documented permissions:
            // each on a resource of this account it acts on, not another's.
            let documented = target
                .existing
                .as_ref()
                .and_then(|arn| catalogue.runbook_of_arn(&arn.text))
                .filter(|_| options("allows").is_none());
            for action in documented.iter().flat_map(|spec| spec.permissions.iter()) {
                let scopes = documented.and_then(|spec| spec.scopes.get(action));
                let resource = scopes.and_then(|patterns| patterns.first()).map_or_else(
                    || "*".to_string(),
                    |pattern| {
                        pattern
                            .replace("${AWS::Partition}", "aws")
                            .replace("${AWS::Region}", REGION)
                            .replace("${AWS::AccountId}", ACCOUNT)
                            .replace('*', "noncompliant")
                    },
                );
                let request = Request {
                    principal: "ssm.amazonaws.com".to_string(),
                    action: action.clone(),
                    resource: resource.clone(),
                    source_arn: AUTOMATION_EXECUTION.to_string(),
                    source_account: ACCOUNT.to_string(),
                    acl: OWNER_FULL_CONTROL.to_string(),
                };
                if !role_allows(&template, &role, &request) {
                    failures.push(format!(
                        "{description}: the runbook may not {action} on {resource}"
                    ));
                }
                if resource.contains(ACCOUNT) {
                    let elsewhere = Request {
                        resource: resource.replace(ACCOUNT, OTHER_ACCOUNT),
                        ..request
                    };
                    if role_allows(&template, &role, &elsewhere) {
                        failures.push(format!(
                            "{description}: the runbook may {action} in another account"
                        ));
                    }
                }
            }
            for action in options("allows").unwrap_or_default().split_whitespace() {
                let request = Request {
                    principal: "ssm.amazonaws.com".to_string(),
                    action: action.to_string(),
                    resource: "arn:aws:s3:::noncompliant-bucket".to_string(),
                    source_arn: AUTOMATION_EXECUTION.to_string(),
                    source_account: ACCOUNT.to_string(),
                    acl: OWNER_FULL_CONTROL.to_string(),
                };
                failures.extend(service_role_failures(
                    &template,
                    &role,
                    request,
                    OTHER_ACCOUNT,
                    format!("{description}: the runbook may not {action}"),
                    format!("{description}: another account's automation may assume the role"),
                ));
            }
            *checked += 1;
            continue;
        }
        if channel.mechanism == Mechanism::LogDelivery {
            let principal = channel
                .principal_to(&target.service)
                .cloned()
                .unwrap_or_default();
            failures.extend(log_delivery_failures(&template, model, edge, &principal));
            *checked += 1;
            continue;
        }
        // Poll-based and service-role mechanisms: the reader's own role allows the reads.
        match channel.mechanism {
            Mechanism::EventSourceMapping if target.service == "lambda" => {
                let role = format!("{target_id}Role");
                let source_arn = if source.service == "dynamodb" {
                    template.attribute(&source_id, "StreamArn")
                } else {
                    template.attribute(&source_id, "Arn")
                };
                if source.key_setting() == Some(wirec::model::KeySetting::Create) {
                    let request = Request {
                        principal: String::new(),
                        action: "kms:Decrypt".to_string(),
                        resource: template.attribute(&format!("{source_id}Key"), "Arn"),
                        source_arn: String::new(),
                        source_account: ACCOUNT.to_string(),
                        acl: OWNER_FULL_CONTROL.to_string(),
                    };
                    if !role_allows(&template, &role, &request) {
                        failures.push(format!("{description}: the function's role may not decrypt with the queue's key"));
                    }
                }
                for action in &channel.actions {
                    let request = Request {
                        principal: String::new(),
                        action: action.clone(),
                        resource: source_arn.clone(),
                        source_arn: String::new(),
                        source_account: ACCOUNT.to_string(),
                        acl: OWNER_FULL_CONTROL.to_string(),
                    };
                    if !role_allows(&template, &role, &request) {
                        failures.push(format!("{description}: the function's role does not allow {action} on the source"));
                    }
                }
                *checked += 1;
                continue;
            }
            Mechanism::EventSourceMapping
            | Mechanism::FirehoseDelivery
            | Mechanism::CodedeployTrigger => {
                let (role, actions, resource) = match channel.mechanism {
                    Mechanism::CodedeployTrigger => (
                        format!("{source_id}Role"),
                        vec!["sns:Publish".to_string()],
                        target_arn.clone(),
                    ),
                    // A transform function and the error log stream: the
                    // stream's role may invoke that function and put events
                    // in that stream, and no other.
                    Mechanism::FirehoseDelivery
                        if ["lambda", "loggroup"].contains(&target.service.as_str()) =>
                    {
                        let role = format!("{source_id}Role");
                        let (actions, resource, other) = if target.service == "lambda" {
                            (
                                &["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"][..],
                                target_arn.clone(),
                                format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:another"),
                            )
                        } else {
                            let group = target_arn.trim_end_matches(":*");
                            (
                                &["logs:PutLogEvents"][..],
                                format!("{group}:log-stream:DestinationDelivery"),
                                format!("{group}:log-stream:another"),
                            )
                        };
                        for action in actions {
                            let allowed = Request {
                                principal: String::new(),
                                action: (*action).to_string(),
                                resource: resource.clone(),
                                source_arn: String::new(),
                                source_account: ACCOUNT.to_string(),
                                acl: OWNER_FULL_CONTROL.to_string(),
                            };
                            let denied = Request {
                                resource: other.clone(),
                                ..allowed.clone()
                            };
                            if !role_allows(&template, &role, &allowed) {
                                failures.push(format!(
                                    "{description}: role {role} does not allow {action}"
                                ));
                            }
                            if role_allows(&template, &role, &denied) {
                                failures.push(format!(
                                    "{description}: role {role} allows {action} on {other}"
                                ));
                            }
                        }
                        *checked += 1;
                        continue;
                    }
                    Mechanism::FirehoseDelivery if target.service != "s3" => {
                        // The bucket every such destination has (backup or
                        // intermediate copy), and the domain's own paths.
                        let bucket = template.resolve(
                            template
                                .property(&format!("{source_id}BackupBucket"), "BucketName")
                                .unwrap(),
                        );
                        let role = format!("{source_id}Role");
                        let put = Request {
                            principal: String::new(),
                            action: "s3:PutObject".to_string(),
                            resource: format!("arn:aws:s3:::{bucket}/backup/object"),
                            source_arn: String::new(),
                            source_account: ACCOUNT.to_string(),
                            acl: OWNER_FULL_CONTROL.to_string(),
                        };
                        if !role_allows(&template, &role, &put) {
                            failures.push(format!(
                                "{description}: the stream's role may not write its backup bucket"
                            ));
                        }
                        let stranger = Request {
                            resource: format!("arn:aws:s3:::{bucket}-other/backup/object"),
                            ..put.clone()
                        };
                        if role_allows(&template, &role, &stranger) {
                            failures.push(format!(
                                "{description}: the stream's role may write a bucket not its own"
                            ));
                        }
                        if let Some(property) = target.properties.get("secret")
                            && let wirec::ast::Value::String(secret) = &property.value
                        {
                            let read = Request {
                                action: "secretsmanager:GetSecretValue".to_string(),
                                resource: secret.text.clone(),
                                ..put.clone()
                            };
                            let other = Request {
                                resource: format!("{}-other", secret.text),
                                ..read.clone()
                            };
                            if !role_allows(&template, &role, &read)
                                || role_allows(&template, &role, &other)
                            {
                                failures.push(format!("{description}: the stream's role must read its destination's secret, and only it"));
                            }
                        }
                        if target.service == "opensearch" {
                            (
                                role,
                                receive.actions.clone(),
                                format!("{target_arn}/index/_bulk"),
                            )
                        } else {
                            *checked += 1;
                            continue;
                        }
                    }
                    Mechanism::FirehoseDelivery => (
                        format!("{source_id}Role"),
                        receive.actions.clone(),
                        format!("{target_arn}/object"),
                    ),
                    _ => (
                        format!("{target_id}Role"),
                        channel.actions.clone(),
                        template.attribute(&source_id, "Arn"),
                    ),
                };
                for action in actions {
                    let request = Request {
                        principal: String::new(),
                        action: action.clone(),
                        resource: resource.clone(),
                        source_arn: String::new(),
                        source_account: ACCOUNT.to_string(),
                        acl: OWNER_FULL_CONTROL.to_string(),
                    };
                    if !role_allows(&template, &role, &request) {
                        failures.push(format!(
                            "{description}: role {role} does not allow {action}"
                        ));
                    }
                }
                *checked += 1;
                continue;
            }
            _ => {}
        }
        // Push mechanisms: the sending service's principal, with the sender's ARN.
        let (sender_id, sender_arn) = match channel.mechanism {
            Mechanism::EventRule | Mechanism::RuleTarget => {
                let delivered_to = if target.service == "loggroup" {
                    target_arn.trim_end_matches(":*").to_string()
                } else {
                    target_arn.clone()
                };
                let rule = if channel.mechanism == Mechanism::RuleTarget {
                    source_id.clone()
                } else {
                    rule_for(
                        &template,
                        &wirec::plan::logical_id(&source.name, ""),
                        &delivered_to,
                    )
                };
                let arn = template.attribute(&rule, "Arn");
                (rule, arn)
            }
            _ => {
                let arn = match source.service.as_str() {
                    _ if source.existing.is_some() => {
                        source.existing.as_ref().unwrap().text.clone()
                    }
                    "s3" => format!(
                        "arn:aws:s3:::{}",
                        template.resolve(template.property(&source_id, "BucketName").unwrap())
                    ),
                    "codecommit" => {
                        format!("arn:aws:codecommit:{REGION}:{ACCOUNT}:{}", source.name)
                    }
                    _ => template.attribute(&source_id, "Arn"),
                };
                (source_id.clone(), arn)
            }
        };
        let principal = channel
            .principal_to(&target.service)
            .unwrap()
            .replace("{region}", REGION);
        let conditions = channel
            .conditions_for
            .get(&target.service)
            .cloned()
            .unwrap_or_else(|| channel.conditions.clone());
        failures.extend(push_scope_failures(
            channel,
            &target.service,
            receive.grant,
            &conditions,
            &description,
        ));
        let role_target = if target.service == "loggroup" {
            target_arn.trim_end_matches(":*").to_string()
        } else {
            target_arn.clone()
        };
        let role = passed_role(&template, &sender_id, &role_target);
        for action in &receive.actions {
            let resource = if target.service == "s3" {
                format!("{target_arn}/object")
            } else if target.service == "ssm" {
                format!("{target_arn}:$DEFAULT")
            } else {
                target_arn.clone()
            };
            let request = Request {
                principal: principal.clone(),
                action: action.clone(),
                resource,
                source_arn: sender_arn.clone(),
                source_account: ACCOUNT.to_string(),
                acl: OWNER_FULL_CONTROL.to_string(),
            };
            if !allowed(
                &template,
                receive.grant,
                &target_id,
                &request,
                role.as_deref(),
            ) {
                failures.push(format!(
                    "{description}: {principal} may not {action} on the target"
                ));
            }
            // Where the catalogue scopes the grant, a stranger must be turned away:
            // another resource, another account, and (a role's trust, where the
            // principal's file says it sends the account) another account's sender.
            // EventBridge sends no aws:SourceArn with CreateLogStream, which the
            // channel's `unscoped_for` says.
            let excused =
                action == "logs:CreateLogStream" && channel.unscoped_to(&target.service).is_some();
            let trust_holds_account = receive.grant == Grant::Role
                && catalogue.principal(&principal).is_some_and(|spec| {
                    spec.assume_role
                        .conditions
                        .contains(&Condition::SourceAccount)
                });
            let strangers = [
                (
                    trust_holds_account,
                    Request {
                        source_account: OTHER_ACCOUNT.to_string(),
                        source_arn: sender_arn.replace(ACCOUNT, OTHER_ACCOUNT),
                        ..request.clone()
                    },
                    "another account's sender (the role's trust)",
                ),
                (
                    !excused
                        && receive.grant != Grant::Role
                        && conditions.contains(&Condition::SourceArn),
                    Request {
                        source_arn: "arn:aws:s3:::somebody-elses-bucket".to_string(),
                        ..request.clone()
                    },
                    "another resource",
                ),
                (
                    conditions.contains(&Condition::SourceAccount),
                    Request {
                        source_account: OTHER_ACCOUNT.to_string(),
                        ..request.clone()
                    },
                    "another account",
                ),
            ];
            for (scoped, stranger, who) in &strangers {
                if *scoped
                    && allowed(
                        &template,
                        receive.grant,
                        &target_id,
                        stranger,
                        role.as_deref(),
                    )
                {
                    failures.push(format!(
                        "{description}: a request from {who} is allowed too"
                    ));
                }
            }
            // An encrypted target: the sender generates a data key with its key,
            // whose policy must admit it (and, where the grant is scoped to the
            // account, no other account).
            if receive.grant == Grant::ResourcePolicy
                && target.key_setting() == Some(wirec::model::KeySetting::Create)
            {
                let key = format!("{target_id}Key");
                let key_request = Request {
                    action: "kms:GenerateDataKey".to_string(),
                    resource: "*".to_string(),
                    ..request.clone()
                };
                if !key_policy_allows(&template, &key, &key_request) {
                    failures.push(format!(
                        "{description}: the key policy does not let {principal} generate a data key"
                    ));
                }
                let stranger = Request {
                    source_account: OTHER_ACCOUNT.to_string(),
                    source_arn: format!("arn:aws:cloudwatch:{REGION}:{OTHER_ACCOUNT}:alarm:x"),
                    ..key_request
                };
                if conditions.contains(&Condition::SourceAccount)
                    && key_policy_allows(&template, &key, &stranger)
                {
                    failures.push(format!(
                        "{description}: the key policy admits another account"
                    ));
                }
            }
        }
        *checked += 1;
    }
    failures.extend(universal_target_failures(
        &template, catalogue, model, checked,
    ));
    option_target_failures(catalogue, compilation, &template, checked, failures);
}

/// The push notifications a service sends itself (bucket notifications,
/// repository triggers, alarm actions, notification rules) must hold their
/// grant to the sender's account, and to the sender itself (`aws:SourceArn`)
/// unless the catalogue says why AWS offers nothing narrower (`unscoped`):
/// the strangers below are only tried where a condition is set.
fn push_scope_failures(
    channel: &wirec::catalogue::ChannelSpec,
    target_service: &str,
    grant: Grant,
    conditions: &[Condition],
    description: &str,
) -> Vec<String> {
    let pushed = [
        Mechanism::S3Notification,
        Mechanism::CodecommitTrigger,
        Mechanism::AlarmAction,
        Mechanism::NotificationRule,
    ];
    // A target that admits without a grant (a chat channel) has nothing to hold.
    if !pushed.contains(&channel.mechanism) || grant == Grant::None {
        return Vec::new();
    }
    let unscoped = channel
        .unscoped_for
        .get(target_service)
        .or(channel.unscoped.as_ref());
    let mut failures = Vec::new();
    if !conditions.contains(&Condition::SourceAccount) {
        failures.push(format!(
            "{description}: the grant is not held to the sender's account"
        ));
    }
    if !conditions.contains(&Condition::SourceArn) && unscoped.is_none() {
        failures.push(format!(
            "{description}: the grant is not held to the sender (aws:SourceArn), and the catalogue does not say why"
        ));
    }
    failures
}

/// The dead-letter queues that options name (`subscribe dead-letter q`): the
/// service that delivers for the edge may send to the queue for this source,
/// and not for another source of its kind.
fn option_target_failures(
    catalogue: &Catalogue,
    compilation: &wirec::Compilation,
    template: &Template<'_>,
    checked: &mut usize,
    failures: &mut Vec<String>,
) {
    let model = &compilation.model;
    for named in &model.option_targets {
        let edge = &model.edges[named.edge.0 as usize];
        let source = model.resource(edge.from);
        let target = model.resource(edge.to);
        // A pipe's dead-letter target is checked with the pipe's edges.
        if target.service == "pipe" {
            continue;
        }
        let queue = model.resource(named.to);
        let channel = &catalogue.service(&source.service).unwrap().channels[&edge.channel];
        let receive = catalogue.service(&queue.service).unwrap().receive.as_ref();
        if channel.mechanism == Mechanism::ScheduleTarget {
            // Scheduler sends to the dead-letter queue with the schedule's
            // role: that queue, and no other.
            let role = format!("{}Role", logical(catalogue, &source.service, &source.name));
            let queue_arn =
                template.attribute(&logical(catalogue, &queue.service, &queue.name), "Arn");
            let request = Request {
                principal: String::new(),
                action: "sqs:SendMessage".to_string(),
                resource: queue_arn.clone(),
                source_arn: String::new(),
                source_account: ACCOUNT.to_string(),
                acl: OWNER_FULL_CONTROL.to_string(),
            };
            if !role_allows(template, &role, &request) {
                failures.push(format!(
                    "{role} may not send to its dead-letter queue {}",
                    queue.name
                ));
            }
            let stranger = Request {
                resource: format!("{queue_arn}-stranger"),
                ..request
            };
            if role_allows(template, &role, &stranger) {
                failures.push(format!(
                    "{role} may send to a queue that is not its dead-letter queue"
                ));
            }
            *checked += 1;
            continue;
        }
        let Some(principal) = channel.principal_to(&target.service) else {
            // No service principal: Lambda sends with the function's role.
            mapping_destination_failures(catalogue, template, edge, named.to, model, failures);
            *checked += 1;
            continue;
        };
        if receive.is_none_or(|receive| receive.grant != Grant::ResourcePolicy)
            || queue.existing.is_some()
        {
            continue;
        }
        let queue_id = logical(catalogue, &queue.service, &queue.name);
        let source_id = logical(catalogue, &source.service, &source.name);
        let sender = if channel.mechanism == Mechanism::EventRule {
            let target_id = logical(catalogue, &target.service, &target.name);
            let target_arn = template.attribute(&target_id, "Arn");
            // Rules are named after the source's name, not its logical id.
            rule_for(
                template,
                &wirec::plan::logical_id(&source.name, ""),
                &target_arn,
            )
        } else {
            source_id
        };
        let sender_arn = template.attribute(&sender, "Arn");
        let request = Request {
            principal: principal.clone(),
            action: receive.unwrap().actions[0].clone(),
            resource: template.attribute(&queue_id, "Arn"),
            source_arn: sender_arn.clone(),
            source_account: ACCOUNT.to_string(),
            acl: OWNER_FULL_CONTROL.to_string(),
        };
        let description = format!(
            "{} {} -> {} {} -> {}: its `{}` {}",
            source.service,
            source.name,
            edge.channel,
            named.option,
            target.name,
            named.option,
            queue.name
        );
        if !allowed(template, Grant::ResourcePolicy, &queue_id, &request, None) {
            failures.push(format!(
                "{description} does not admit {principal} from its source"
            ));
        }
        let stranger = Request {
            source_arn: format!("{sender_arn}-stranger"),
            ..request
        };
        if allowed(template, Grant::ResourcePolicy, &queue_id, &stranger, None) {
            failures.push(format!(
                "{description} admits {principal} from another source"
            ));
        }
        *checked += 1;
    }
}

/// An event source mapping's `on-failure` destination: the function's role
/// may do the destination service's catalogue `destination` actions on it (a
/// bucket's objects for `PutObject`), and not on a resource beside it.
fn mapping_destination_failures(
    catalogue: &Catalogue,
    template: &Template<'_>,
    edge: &wirec::model::Edge,
    destination: wirec::model::ResourceId,
    model: &wirec::model::Model,
    failures: &mut Vec<String>,
) {
    let function = model.resource(edge.to);
    let function_id = logical(catalogue, &function.service, &function.name);
    let role = role_named(template, &function_id, "Role").unwrap();
    let mapping = template
        .resources
        .iter()
        .find(|(id, resource)| {
            resource["Type"] == "AWS::Lambda::EventSourceMapping"
                && template.property(id, "FunctionName")
                    == Some(&serde_json::json!({ "Ref": function_id }))
                && template.property(id, "DestinationConfig").is_some()
        })
        .map(|(id, _)| id.clone())
        .unwrap();
    let arn = template.resolve(
        &template.property(&mapping, "DestinationConfig").unwrap()["OnFailure"]["Destination"],
    );
    let service = &model.resource(destination).service;
    let grants = &catalogue
        .service(service)
        .unwrap()
        .destination
        .as_ref()
        .unwrap()
        .grants;
    // The key's statements are checked with the key (an unencrypted target has none).
    let actions = grants
        .iter()
        .filter(|statement| !statement.on.contains(&wirec::catalogue::AccessScope::Key))
        .flat_map(|statement| &statement.actions);
    for action in actions {
        let resource = if action == "s3:PutObject" {
            format!("{arn}/failed/record.json")
        } else {
            arn.clone()
        };
        let request = Request {
            principal: String::new(),
            action: action.clone(),
            resource: resource.clone(),
            source_arn: String::new(),
            source_account: ACCOUNT.to_string(),
            acl: OWNER_FULL_CONTROL.to_string(),
        };
        if !role_allows(template, &role, &request) {
            failures.push(format!("{mapping}: the role {role} may not {action} on its on-failure destination {resource}"));
        }
        let stranger = Request {
            resource: resource.replacen(&arn, &format!("{arn}-other"), 1),
            ..request
        };
        if role_allows(template, &role, &stranger) {
            failures.push(format!(
                "{mapping}: the role {role} may {action} on {}",
                stranger.resource
            ));
        }
    }
}

/// Whether the key policy of `key` allows `request` (a service principal's).
fn key_policy_allows(template: &Template<'_>, key: &str, request: &Request) -> bool {
    template
        .property(key, "KeyPolicy")
        .and_then(|policy| policy["Statement"].as_array())
        .is_some_and(|statements| {
            statements
                .iter()
                .any(|statement| statement_allows(template, statement, request, true))
        })
}

#[test]
fn the_evaluator_denies_what_it_should() {
    let empty = serde_json::Map::new();
    let template = Template::new(&empty);
    let statement = serde_json::json!({
        "Effect": "Allow",
        "Principal": { "Service": "s3.amazonaws.com" },
        "Action": "sqs:SendMessage",
        "Resource": "arn:aws:sqs:us-east-1:123456789012:jobs",
        "Condition": { "ArnLike": { "aws:SourceArn": "arn:aws:s3:::uploads-*" }, "StringEquals": { "aws:SourceAccount": ACCOUNT } }
    });
    let request = Request {
        principal: "s3.amazonaws.com".to_string(),
        action: "sqs:SendMessage".to_string(),
        resource: "arn:aws:sqs:us-east-1:123456789012:jobs".to_string(),
        source_arn: "arn:aws:s3:::uploads-123".to_string(),
        source_account: ACCOUNT.to_string(),
        acl: OWNER_FULL_CONTROL.to_string(),
    };
    assert!(statement_allows(&template, &statement, &request, true));
    for denied in [
        Request {
            principal: "sns.amazonaws.com".to_string(),
            ..request.clone()
        },
        Request {
            action: "sqs:DeleteMessage".to_string(),
            ..request.clone()
        },
        Request {
            resource: "arn:aws:sqs:us-east-1:123456789012:other".to_string(),
            ..request.clone()
        },
        Request {
            source_arn: "arn:aws:s3:::other".to_string(),
            ..request.clone()
        },
        Request {
            source_account: OTHER_ACCOUNT.to_string(),
            ..request.clone()
        },
    ] {
        assert!(
            !statement_allows(&template, &statement, &denied, true),
            "{denied:?}"
        );
    }
}

/// Issue #14's seven lines, exactly as written: they compile with no
/// diagnostic, and a parameter declared without `value` is one kept outside the
/// stack, which the function may read and wirec does not create.
#[test]
fn the_seven_access_lines_compile_as_written() {
    let catalogue = support::catalogue();
    let text = "lambda api -> writes -> dynamodb orders\n\
                lambda api -> reads -> s3 media\n\
                lambda api -> writes -> sqs jobs\n\
                lambda api -> writes -> sns alerts\n\
                lambda api -> calls -> stepfunctions checkout\n\
                lambda api -> calls -> lambda pricing\n\
                lambda api -> reads -> parameter /app/config\n";
    let compilation = support::compile_text("seven.wire", text, &catalogue);
    assert!(
        compilation.diagnostics.is_empty(),
        "{}",
        support::rendered(&compilation)
    );
    let template: Value = serde_json::from_str(&support::template(
        &compilation,
        &catalogue,
        wirec::emit::cloudformation::Format::Json,
    ))
    .unwrap();
    let resources = template["Resources"].as_object().unwrap();
    assert!(
        resources
            .values()
            .all(|resource| resource["Type"] != "AWS::SSM::Parameter"),
        "a parameter without a value is not created"
    );
    let policy = resources["ApiAccessPolicy"]["Properties"]["PolicyDocument"].to_string();
    assert!(
        policy.contains("ssm:GetParameter")
            && policy.contains(":parameter/app/config\"")
            && policy.contains(":parameter/app/config/*\""),
        "{policy}"
    );
    let variables = &resources["ApiFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!(variables["APP_CONFIG_PARAMETER_NAME"], "/app/config");
    for variable in [
        "ORDERS_TABLE_NAME",
        "MEDIA_BUCKET_NAME",
        "JOBS_QUEUE_URL",
        "ALERTS_TOPIC_ARN",
        "CHECKOUT_STATE_MACHINE_ARN",
        "PRICING_FUNCTION_NAME",
    ] {
        assert!(!variables[variable].is_null(), "{variable} in {variables}");
    }
}

/// Issue #15's failure paths that are channels, exactly as written: they
/// compile (the dead-letter queue's retention is only a warning, W422); the
/// function's destination policy lets its role send to its destinations and
/// nowhere else, and no other function's role may send there.
#[test]
fn the_failure_path_lines_compile_and_grant_only_their_function() {
    let catalogue = support::catalogue();
    let text = "sqs jobs -> dead-letter after 5 -> sqs jobs-dlq\n\
                lambda worker -> on-failure -> sqs worker-failures\n\
                lambda worker -> on-success -> sns done\n\
                lambda other -> on-failure -> sqs other-failures\n";
    let compilation = support::compile_text("failures.wire", text, &catalogue);
    let codes: Vec<&str> = compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.as_str())
        .collect();
    assert_eq!(codes, ["W422"], "{}", support::rendered(&compilation));
    let value = compilation.cloudformation(&catalogue).unwrap();
    let template = Template::new(value["Resources"].as_object().unwrap());
    let send = |queue: &str| Request {
        principal: String::new(),
        action: "sqs:SendMessage".to_string(),
        resource: template.attribute(queue, "Arn"),
        source_arn: String::new(),
        source_account: ACCOUNT.to_string(),
        acl: OWNER_FULL_CONTROL.to_string(),
    };
    let worker = "WorkerDestinationPolicy";
    let other = "OtherDestinationPolicy";
    assert!(identity_allows(
        &template,
        worker,
        &send("WorkerFailuresQueue")
    ));
    assert!(!identity_allows(
        &template,
        worker,
        &send("OtherFailuresQueue")
    ));
    assert!(!identity_allows(&template, worker, &send("JobsDlqQueue")));
    assert!(!identity_allows(
        &template,
        other,
        &send("WorkerFailuresQueue")
    ));
    let publish = Request {
        action: "sns:Publish".to_string(),
        resource: template.reference("DoneTopic"),
        ..send("WorkerFailuresQueue")
    };
    assert!(identity_allows(&template, worker, &publish));
    assert!(!identity_allows(&template, other, &publish));
    // Each policy is attached to its own function's role only.
    for (policy, role) in [(worker, "WorkerFunctionRole"), (other, "OtherFunctionRole")] {
        assert_eq!(
            template.property(policy, "Roles"),
            Some(&serde_json::json!([{ "Ref": role }]))
        );
    }
    // SQS moves dead letters itself: the queues get no policy for it.
    assert!(
        !template
            .resources
            .values()
            .any(|resource| resource["Type"] == "AWS::SQS::QueuePolicy")
    );
}

/// Issue 15's failure-path lines, as written: they compile with no error (the
/// one warning is W422, `jobs-dlq` keeping messages no longer than `jobs`),
/// both backends render them, and the grants they add pass the evaluator.
#[test]
fn the_nine_failure_path_lines_compile_as_written() {
    let catalogue = support::catalogue();
    let text = "sqs rule-dlq
sqs orders-dlq
sqs clicks-failed
sqs jobs -> dead-letter after 5 -> sqs jobs-dlq
lambda worker -> on-failure -> sqs worker-failures
lambda worker -> on-success -> sns done
sns orders -> subscribe dead-letter orders-dlq -> sqs billing
schedule nightly \"cron(0 3 * * ? *)\" -> target dead-letter rule-dlq retries 3 max-age 3600 -> lambda report
kinesis clicks -> poll on-failure clicks-failed -> lambda counter
";
    let compilation = support::compile_text("failures.wire", text, &catalogue);
    let codes: Vec<&str> = compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.as_str())
        .collect();
    assert_eq!(codes, ["W422"], "{}", support::rendered(&compilation));
    assert!(compilation.terraform_text(&catalogue).is_some());
    let mut checked = 0;
    let mut failures = Vec::new();
    check_part(&catalogue, &compilation, &mut checked, &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Six edges, and the three failure destinations that options name.
    assert!(checked >= 9, "only {checked} grants were evaluated");
}

/// A CodeBuild project whose source is a CodeCommit repository clones it with
/// its service role: `codecommit:GitPull` on that repository (from the clone
/// URL's name and Region), not on another, and the role trusts CodeBuild of
/// this account only.
#[test]
fn a_codecommit_source_lets_the_build_clone_only_its_repository() {
    let catalogue = support::catalogue();
    let text = "codebuild app-build { source = codecommit, location = \"https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app-repo\" }\n\
                codebuild web-build { source = github, location = \"https://github.com/example/web.git\" }\n";
    let value = clean_cloudformation("gitpull.wire", text, &catalogue);
    let template = Template::new(value["Resources"].as_object().unwrap());
    let pull = |repository: &str| Request {
        principal: "codebuild.amazonaws.com".to_string(),
        action: "codecommit:GitPull".to_string(),
        resource: format!("arn:aws:codecommit:eu-west-1:{ACCOUNT}:{repository}"),
        source_arn: format!("arn:aws:codebuild:{REGION}:{ACCOUNT}:project/app-build"),
        source_account: ACCOUNT.to_string(),
        acl: OWNER_FULL_CONTROL.to_string(),
    };
    let failures = service_role_failures(
        &template,
        "AppBuildProjectRole",
        pull("app-repo"),
        OTHER_ACCOUNT,
        "the build may not clone app-repo".to_string(),
        "another account's CodeBuild may assume the role".to_string(),
    );
    assert!(failures.is_empty(), "{failures:?}");
    assert!(!role_allows(
        &template,
        "AppBuildProjectRole",
        &pull("other-repo")
    ));
    assert!(!role_allows(
        &template,
        "WebBuildProjectRole",
        &pull("app-repo")
    ));
}

#[test]
fn an_http_route_admits_its_route_only_and_its_integration_role_only_api_gateway() {
    let catalogue = support::catalogue();
    let text = "http-api shop -> route \"POST /orders\" -> lambda api\n\
                http-api shop -> route \"POST /jobs\" -> sqs jobs\n";
    let value = clean_cloudformation("routes.wire", text, &catalogue);
    let template = Template::new(value["Resources"].as_object().unwrap());
    let invoke = |source_arn: &str| Request {
        principal: "apigateway.amazonaws.com".to_string(),
        action: "lambda:InvokeFunction".to_string(),
        resource: template.attribute("ApiFunction", "Arn"),
        source_arn: source_arn.to_string(),
        source_account: ACCOUNT.to_string(),
        acl: OWNER_FULL_CONTROL.to_string(),
    };
    let api = format!("arn:aws:execute-api:{REGION}:{ACCOUNT}:ShopHttpApi");
    let permission = |arn: &str| {
        allowed(
            &template,
            Grant::LambdaPermission,
            "ApiFunction",
            &invoke(arn),
            None,
        )
    };
    assert!(permission(&format!("{api}/$default/POST/orders")));
    assert!(!permission(&format!("{api}/$default/GET/orders")));
    assert!(!permission(&format!("{api}/$default/POST/jobs")));
    assert!(!permission(&format!(
        "arn:aws:execute-api:{REGION}:{ACCOUNT}:OtherApi/$default/POST/orders"
    )));
    let role = "ShopPostJobsIntegrationRole";
    let send = |queue: &str| Request {
        principal: "apigateway.amazonaws.com".to_string(),
        action: "sqs:SendMessage".to_string(),
        resource: template.attribute(queue, "Arn"),
        source_arn: String::new(),
        source_account: ACCOUNT.to_string(),
        acl: OWNER_FULL_CONTROL.to_string(),
    };
    assert!(role_trusts(&template, role, &send("JobsQueue")));
    assert!(!role_trusts(
        &template,
        role,
        &Request {
            principal: "lambda.amazonaws.com".to_string(),
            ..send("JobsQueue")
        }
    ));
    assert!(!role_trusts(
        &template,
        role,
        &Request {
            source_account: "999999999999".to_string(),
            ..send("JobsQueue")
        }
    ));
    assert!(role_allows(&template, role, &send("JobsQueue")));
    assert!(!role_allows(
        &template,
        role,
        &Request {
            action: "sqs:ReceiveMessage".to_string(),
            ..send("JobsQueue")
        }
    ));
}

/// The first action a target's catalogue entry says a sender needs.
fn receive_action(catalogue: &Catalogue, service: &str) -> String {
    catalogue
        .service(service)
        .and_then(|spec| spec.receive.as_ref())
        .and_then(|receive| receive.actions.first().cloned())
        .unwrap_or_default()
}

/// Issue #16's twelve lines (Scheduler, Pipes, event buses, HTTP API routes)
/// compile exactly as written, with no diagnostic, render in both backends,
/// and every grant they make admits its sender only.
#[test]
fn the_twelve_lines_of_aws_as_it_is_today_compile_as_written() {
    let catalogue = support::catalogue();
    let text = "sqs reminder-dlq
scheduler nightly-report { at = \"cron(0 3 * * ? *)\", timezone = \"Europe/Berlin\", flexible-window = 15 } -> lambda report
scheduler reminders { at = \"rate(5 minutes)\" } -> target dead-letter reminder-dlq -> sqs reminders
pipe orders-to-checkout { filter = \"{\\\"body\\\": {\\\"kind\\\": [\\\"order\\\"]}}\" }
eventbus orders
lambda api -> writes -> orders
events big-orders { bus = orders, pattern = \"{\\\"detail-type\\\": [\\\"OrderPlaced\\\"]}\" } -> lambda fulfil
sqs incoming -> pipe orders-to-checkout -> stepfunctions checkout
dynamodb carts -> stream -> pipe carts-enrich enrich lambda price -> orders
eventbus orders -> forward -> eventbus audit = existing \"arn:aws:events:us-east-1:444455556666:event-bus/audit\"
http-api shop -> route \"POST /orders\" -> lambda api
http-api shop -> route \"POST /jobs\" -> sqs jobs
";
    let compilation = support::compile_text("today.wire", text, &catalogue);
    // The one diagnostic is W492: the audit bus's owner must admit the
    // forwarding role in that bus's own policy.
    let codes: Vec<&str> = compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.as_str())
        .collect();
    assert_eq!(codes, ["W492"], "{}", support::rendered(&compilation));
    assert!(compilation.terraform_text(&catalogue).is_some());
    let mut checked = 0;
    let mut failures = Vec::new();
    check_part(&catalogue, &compilation, &mut checked, &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Eleven edges and the schedule's dead-letter queue.
    assert!(checked >= 11, "only {checked} grants were evaluated");
}

/// The CloudFormation template of `text`, which must compile with no
/// diagnostic at all.
fn clean_cloudformation(name: &str, text: &str, catalogue: &Catalogue) -> Value {
    let compilation = support::compile_text(name, text, catalogue);
    assert!(
        compilation.diagnostics.is_empty(),
        "{}",
        support::rendered(&compilation)
    );
    compilation.cloudformation(catalogue).unwrap()
}

/// Another account's bus admits events only through its own policy: the
/// statement the template offers for it (an output in both backends) admits
/// exactly the role the forwarding rule's target names, on that bus only.
#[test]
fn a_foreign_buss_policy_statement_admits_the_forwarding_role_only() {
    let catalogue = support::catalogue();
    let audit = "arn:aws:events:us-east-1:444455556666:event-bus/audit";
    let text = format!("eventbus orders -> forward -> eventbus audit = existing \"{audit}\"\n");
    let compilation = support::compile_text("foreign.wire", &text, &catalogue);
    let template = compilation.cloudformation(&catalogue).unwrap();
    let forwarding = &template["Resources"]["OrdersEventsToAuditRule"]["Properties"];
    let role = forwarding["Targets"][0]["RoleArn"]["Fn::GetAtt"][0]
        .as_str()
        .unwrap()
        .to_string();
    let output = &template["Outputs"][format!("{role}BusPolicyStatement")]["Value"]["Fn::Sub"];
    let statement: Value = serde_json::from_str(output.as_str().unwrap()).unwrap();
    assert_eq!(statement["Effect"], "Allow");
    assert_eq!(statement["Action"], "events:PutEvents");
    assert_eq!(statement["Resource"], audit);
    assert_eq!(statement["Principal"]["AWS"], format!("${{{role}.Arn}}"));
    let notes = &template["Resources"][role.as_str()]["Metadata"]["wirec"]["notes"];
    assert!(notes.to_string().contains("444455556666"), "{notes}");
    // Terraform writes the same statement as an output naming the same role.
    let terraform: Value =
        serde_json::from_str(&compilation.terraform_text(&catalogue).unwrap()).unwrap();
    let value =
        terraform["output"]["orders_events_rule_to_audit_role_bus_policy_statement"]["value"]
            .as_str()
            .unwrap();
    assert!(
        value.contains("${aws_iam_role.orders_events_rule_to_audit_role.arn}"),
        "{value}"
    );
    assert!(value.contains(audit), "{value}");
    // A bus the stack creates needs no statement.
    let own = support::compile_text(
        "own.wire",
        "eventbus orders -> forward -> eventbus audit\n",
        &catalogue,
    );
    let own = own.cloudformation(&catalogue).unwrap();
    assert!(
        own["Outputs"]
            .as_object()
            .unwrap()
            .keys()
            .all(|key| !key.ends_with("BusPolicyStatement"))
    );
}

/// A universal target's role may stop the instance in `on` and not another,
/// and send to its dead-letter queue and no other, and only Scheduler of this
/// account and group may assume it; with `on =
/// ["*"]` (W477) the same evaluation finds the role allowed on any instance.
#[test]
fn a_universal_target_calls_its_action_on_its_resources_only() {
    let catalogue = support::catalogue();
    let schedule = |on: &str| {
        format!(
            "sqs stop-dlq\nscheduler stop-dev {{ at = \"cron(0 19 ? * MON-FRI *)\", call = \"ec2:stopInstances\", input = \"{{\\\"InstanceIds\\\": [\\\"i-0123456789abcdef0\\\"]}}\", on = [\"{on}\"], dead-letter = stop-dlq, retries = 3 }}\n"
        )
    };
    let instance = format!("arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0123456789abcdef0");
    let value = clean_cloudformation("universal.wire", &schedule(&instance), &catalogue);
    let template = Template::new(value["Resources"].as_object().unwrap());
    let compilation = support::compile_text("universal.wire", &schedule(&instance), &catalogue);
    let mut checked = 0;
    let failures =
        universal_target_failures(&template, &catalogue, &compilation.model, &mut checked);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, 1);
    let stop = |resource: &str| Request {
        principal: String::new(),
        action: "ec2:StopInstances".to_string(),
        resource: resource.to_string(),
        source_arn: String::new(),
        source_account: ACCOUNT.to_string(),
        acl: OWNER_FULL_CONTROL.to_string(),
    };
    assert!(role_allows(
        &template,
        "StopDevSchedulerRole",
        &stop(&instance)
    ));
    assert!(!role_allows(
        &template,
        "StopDevSchedulerRole",
        &stop(&format!(
            "arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0fedcba9876543210"
        ))
    ));
    let anywhere = support::compile_text("anywhere.wire", &schedule("*"), &catalogue);
    let value = anywhere.cloudformation(&catalogue).unwrap();
    let template = Template::new(value["Resources"].as_object().unwrap());
    let failures = universal_target_failures(&template, &catalogue, &anywhere.model, &mut checked);
    assert!(
        failures
            .iter()
            .any(|failure| failure.contains("on a stranger")),
        "{failures:?}"
    );
}

/// Another target of the same kind: the same ARN in another account, or for
/// an S3 ARN (which names no account) another bucket.
fn another_target(arn: &str) -> String {
    if arn.starts_with("arn:aws:s3:::") {
        arn.replacen(":::", ":::other-", 1)
    } else {
        arn.replacen(&format!(":{ACCOUNT}:"), &format!(":{OTHER_ACCOUNT}:"), 1)
    }
}

/// The data-plane mechanisms' records replayed against their template: each
/// identity grant lets its role do its actions on its resource and not on
/// another target, and each key-policy grant admits its sender and refuses a
/// sender in another account, unless the record says why AWS offers no
/// narrower grant.
#[test]
fn the_data_plane_records_admit_their_request_and_refuse_strangers() {
    let catalogue = support::catalogue();
    let text = "sns t -> firehose f\n\
                firehose f -> s3 archive\n\
                firehose logs -> deliver -> opensearch search = existing \"arn:aws:es:us-east-1:123456789012:domain/search\"\n\
                sqs jobs { kms-key = \"create\" }\n\
                sns t -> sqs jobs\n\
                sqs jobs -> poll -> lambda worker\n\
                lambda worker -> writes -> dynamodb table\n";
    let compilation = support::compile_text("records.wire", text, &catalogue);
    assert!(
        compilation.diagnostics.is_empty(),
        "{}",
        support::rendered(&compilation)
    );
    let plan = compilation.plan(&catalogue).unwrap();
    let value = compilation.cloudformation(&catalogue).unwrap();
    let template = Template::of(&value);
    let manifest = wirec::emit::grants::manifest(&plan, &compilation.sources, "records.wire");
    let mut failures = Vec::new();
    let (mut identities, mut keys) = (0, 0);
    for record in manifest["grants"].as_array().unwrap() {
        let form = record["form"].as_str().unwrap();
        let holder = record["holder"].as_str().unwrap();
        let resource = template.resolve(&record["resource"]).replace('*', "x");
        let unscoped = !record["unscoped"].is_null();
        for action in record["actions"].as_array().unwrap() {
            let action = action.as_str().unwrap().to_string();
            let request = |resource: &str, source_arn: &str, account: &str| Request {
                principal: record["principal"]
                    .as_str()
                    .map_or_else(String::new, str::to_string),
                action: action.clone(),
                resource: resource.to_string(),
                source_arn: source_arn.to_string(),
                source_account: account.to_string(),
                acl: OWNER_FULL_CONTROL.to_string(),
            };
            match form {
                "identity" => {
                    identities += 1;
                    if !identity_allows(&template, holder, &request(&resource, "", ACCOUNT)) {
                        failures.push(format!("{holder} denied {action} on {resource}"));
                    }
                    let stranger = another_target(&resource);
                    if !unscoped
                        && identity_allows(&template, holder, &request(&stranger, "", ACCOUNT))
                    {
                        failures.push(format!("{holder} allows {action} on {stranger}"));
                    }
                }
                "key-policy" => {
                    keys += 1;
                    let source = template.resolve(&record["source_arn"]);
                    if !key_policy_allows(&template, holder, &request(&resource, &source, ACCOUNT))
                    {
                        failures.push(format!("{holder} refuses {action} from {source}"));
                    }
                    let foreign = source.replace(ACCOUNT, OTHER_ACCOUNT);
                    if !unscoped
                        && key_policy_allows(
                            &template,
                            holder,
                            &request(&resource, &foreign, OTHER_ACCOUNT),
                        )
                    {
                        failures.push(format!("{holder} admits {action} from {foreign}"));
                    }
                }
                _ => {}
            }
        }
    }
    assert!(
        identities > 10 && keys > 0,
        "{identities} identity and {keys} key grants"
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
