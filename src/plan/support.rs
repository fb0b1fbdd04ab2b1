//! What the CloudFormation backend renders today. The catalogue may know more
//! services and channels than the backend builds; a build of wiring that uses
//! them stops with `E801` instead of writing an incomplete template.

use crate::catalogue::{Catalogue, Mechanism, codes};
use crate::diagnostics::Diagnostic;
use crate::model::Model;

/// Services whose resources the backends create (addresses create nothing).
const SERVICES: &[&str] = &[
    "alarm",
    "alb",
    "apigateway",
    "asg",
    "beanstalk",
    "chatbot",
    "cloudformation",
    "cloudtrail",
    "codebuild",
    "codecommit",
    "codedeploy",
    "codepipeline",
    "config",
    "dax",
    "dynamodb",
    "ec2",
    "email",
    "eventbus",
    "events",
    "firehose",
    "flink",
    "guardduty",
    "http-api",
    "https",
    "kinesis",
    "lambda",
    "loggroup",
    "parameter",
    "pipe",
    "route53",
    "s3",
    "schedule",
    "schedule-group",
    "scheduler",
    "servicecatalog",
    "sms",
    "sns",
    "sqs",
    "ssm",
    "stepfunctions",
];

/// Event sources that are the account itself: declaring one creates nothing,
/// and its rules match every event of the kind in the account and Region.
const ACCOUNT_SOURCES: &[&str] = &["health", "inspector", "trustedadvisor"];

/// Destinations outside AWS's resources (a Splunk endpoint, a Redshift
/// database): their settings go into what delivers to them.
const EXTERNAL: &[&str] = &["redshift", "splunk"];

/// Rule targets with glue in the backends.
const RULE_TARGETS: &[&str] = &[
    "codebuild",
    "codepipeline",
    "eventbus",
    "firehose",
    "kinesis",
    "lambda",
    "loggroup",
    "sns",
    "sqs",
    "ssm",
    "stepfunctions",
];

/// Whether the backends render `mechanism` from `source` to `target`.
#[must_use]
pub fn renders(mechanism: Mechanism, source: &str, target: &str) -> bool {
    match mechanism {
        Mechanism::S3Notification => source == "s3" && ["lambda", "sns", "sqs"].contains(&target),
        Mechanism::SnsSubscription => [
            "chatbot", "email", "firehose", "https", "lambda", "sms", "sqs",
        ]
        .contains(&target),
        Mechanism::EventSourceMapping => {
            ["dynamodb", "kinesis", "sqs"].contains(&source)
                && (["lambda", "pipe"].contains(&target)
                    || (source == "kinesis" && target == "firehose"))
        }
        Mechanism::CodecommitTrigger => {
            source == "codecommit" && ["lambda", "sns"].contains(&target)
        }
        Mechanism::CodedeployTrigger => source == "codedeploy" && target == "sns",
        Mechanism::NotificationRule => {
            ["codebuild", "codecommit", "codepipeline"].contains(&source)
                && ["chatbot", "sns"].contains(&target)
        }
        Mechanism::AlarmAction => {
            source == "alarm" && ["asg", "ec2", "lambda", "sns"].contains(&target)
        }
        Mechanism::LifecycleHook => source == "asg" && ["sns", "sqs"].contains(&target),
        // A rule matches its source's events by pattern: the source need not be
        // created here (an existing resource or the account itself will do).
        Mechanism::EventRule => RULE_TARGETS.contains(&target),
        Mechanism::RuleTarget => {
            ["events", "schedule"].contains(&source) && RULE_TARGETS.contains(&target)
        }
        Mechanism::LogSubscription => {
            source == "loggroup" && ["firehose", "kinesis", "lambda"].contains(&target)
        }
        Mechanism::FirehoseDelivery => {
            source == "firehose"
                && [
                    "https",
                    "lambda",
                    "loggroup",
                    "opensearch",
                    "redshift",
                    "s3",
                    "splunk",
                ]
                .contains(&target)
        }
        Mechanism::LogDelivery => matches!(
            (source, target),
            ("cloudtrail" | "codebuild", "s3" | "loggroup")
                | (
                    "vpc" | "alb" | "cloudfront" | "s3",
                    "s3" | "loggroup" | "firehose"
                )
                | ("stepfunctions" | "route53" | "flink" | "lambda", "loggroup")
                | ("apigateway", "loggroup" | "firehose")
                | ("guardduty", "s3")
        ),
        Mechanism::PipelineAction => {
            source == "codepipeline" && matches!(target, "lambda" | "stepfunctions")
        }
        Mechanism::StreamApplication => source == "kinesis" && target == "flink",
        Mechanism::KinesisStreamingDestination => source == "dynamodb" && target == "kinesis",
        Mechanism::ServiceNotification => {
            [
                "asg",
                "cloudformation",
                "cloudtrail",
                "beanstalk",
                "dax",
                "servicecatalog",
            ]
            .contains(&source)
                && target == "sns"
        }
        Mechanism::DeliveryChannel => source == "config" && ["s3", "sns"].contains(&target),
        Mechanism::Remediation => source == "config" && target == "ssm",
        Mechanism::WorkerQueue => source == "beanstalk" && target == "sqs",
        Mechanism::AgentLogs => {
            ["asg", "codedeploy", "ec2"].contains(&source) && target == "loggroup"
        }
        Mechanism::DeploymentAlarm => source == "alarm" && target == "codedeploy",
        // Every target of an access channel has its `access` grants (the
        // catalogue holds them to it when it loads).
        Mechanism::CodeAccess => true,
        Mechanism::DeadLetterQueue => source == "sqs" && target == "sqs",
        Mechanism::EventInvokeConfig => {
            source == "lambda" && ["sqs", "sns", "lambda", "s3", "eventbus"].contains(&target)
        }
        Mechanism::ScheduleTarget => {
            source == "scheduler"
                && [
                    "codebuild",
                    "codepipeline",
                    "eventbus",
                    "firehose",
                    "kinesis",
                    "lambda",
                    "sns",
                    "sqs",
                    "stepfunctions",
                ]
                .contains(&target)
        }
        Mechanism::HttpRoute => {
            source == "http-api"
                && ["lambda", "sqs", "stepfunctions", "kinesis", "eventbus"].contains(&target)
        }
        Mechanism::PipeTarget => {
            source == "pipe"
                && [
                    "eventbus",
                    "firehose",
                    "kinesis",
                    "lambda",
                    "loggroup",
                    "sns",
                    "sqs",
                    "stepfunctions",
                ]
                .contains(&target)
        }
        Mechanism::PipeEnrichment => {
            source == "pipe" && ["lambda", "stepfunctions"].contains(&target)
        }
        Mechanism::S3EventBridge | Mechanism::SourceWebhook => false,
    }
}

/// Whether the backends create a declared resource of `service`, or need
/// nothing created for it.
#[must_use]
pub fn creates(service: &str) -> bool {
    SERVICES.contains(&service) || ACCOUNT_SOURCES.contains(&service) || EXTERNAL.contains(&service)
}

/// Every resource and edge of `model` that the backend cannot render yet.
#[must_use]
pub fn unsupported(model: &Model, catalogue: &Catalogue) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for resource in &model.resources {
        if resource.existing.is_none() && !creates(&resource.service) {
            let title = catalogue
                .service(&resource.service)
                .map_or(resource.service.clone(), |spec| spec.title.clone());
            diagnostics.push(catalogue.report(
                codes::BACKEND_UNSUPPORTED,
                resource.name_span,
                &[
                    ("what", &format!("{title} `{}`", resource.name)),
                    ("backend", "wirec's backends (CloudFormation, Terraform)"),
                ],
            ));
        }
    }
    for edge in &model.edges {
        let source = model.resource(edge.from);
        let target = model.resource(edge.to);
        let Some(channel) = catalogue.channel(&source.service, &edge.channel) else {
            continue;
        };
        if !renders(channel.mechanism, &source.service, &target.service) {
            diagnostics.push(catalogue.report(
                codes::BACKEND_UNSUPPORTED,
                edge.target_span,
                &[
                    (
                        "what",
                        &format!(
                            "`{} -> {} -> {}`",
                            source.service, edge.channel, target.service
                        ),
                    ),
                    ("backend", "wirec's backends (CloudFormation, Terraform)"),
                ],
            ));
        }
    }
    diagnostics
}
