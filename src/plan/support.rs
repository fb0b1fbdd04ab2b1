//! What the CloudFormation backend renders today. The catalogue may know more
//! services and channels than the backend builds; a build of wiring that uses
//! them stops with `E801` instead of writing an incomplete template.

use crate::catalogue::{Catalogue, Mechanism, codes};
use crate::diagnostics::Diagnostic;
use crate::model::Model;

/// Services whose resources the backend creates (addresses create nothing).
const SERVICES: &[&str] = &[
    "alarm",
    "codecommit",
    "codedeploy",
    "dynamodb",
    "email",
    "events",
    "firehose",
    "https",
    "kinesis",
    "lambda",
    "loggroup",
    "s3",
    "schedule",
    "sms",
    "sns",
    "sqs",
    "stepfunctions",
];

/// Rule targets with glue in the backend.
const RULE_TARGETS: &[&str] = &[
    "firehose",
    "kinesis",
    "lambda",
    "loggroup",
    "sns",
    "sqs",
    "stepfunctions",
];

/// Whether the backend renders `mechanism` from `source` to `target`.
#[must_use]
pub fn renders(mechanism: Mechanism, source: &str, target: &str) -> bool {
    match mechanism {
        Mechanism::S3Notification => source == "s3" && ["lambda", "sns", "sqs"].contains(&target),
        Mechanism::SnsSubscription => {
            ["email", "firehose", "https", "lambda", "sms", "sqs"].contains(&target)
        }
        Mechanism::EventSourceMapping => {
            ["dynamodb", "kinesis", "sqs"].contains(&source)
                && (target == "lambda" || (source == "kinesis" && target == "firehose"))
        }
        Mechanism::CodecommitTrigger => {
            source == "codecommit" && ["lambda", "sns"].contains(&target)
        }
        Mechanism::CodedeployTrigger => source == "codedeploy" && target == "sns",
        Mechanism::NotificationRule => source == "codecommit" && target == "sns",
        Mechanism::AlarmAction => source == "alarm" && ["lambda", "sns"].contains(&target),
        Mechanism::EventRule => SERVICES.contains(&source) && RULE_TARGETS.contains(&target),
        Mechanism::RuleTarget => {
            ["events", "schedule"].contains(&source) && RULE_TARGETS.contains(&target)
        }
        Mechanism::LogSubscription => {
            source == "loggroup" && ["firehose", "kinesis", "lambda"].contains(&target)
        }
        Mechanism::FirehoseDelivery => source == "firehose" && target == "s3",
        Mechanism::S3EventBridge
        | Mechanism::LogDelivery
        | Mechanism::ServiceNotification
        | Mechanism::DeliveryChannel
        | Mechanism::LifecycleHook
        | Mechanism::Remediation
        | Mechanism::DeploymentAlarm
        | Mechanism::PipelineAction
        | Mechanism::WorkerQueue
        | Mechanism::SourceWebhook
        | Mechanism::StreamApplication
        | Mechanism::AgentLogs => false,
    }
}

/// Every resource and edge of `model` that the backend cannot render yet.
#[must_use]
pub fn unsupported(model: &Model, catalogue: &Catalogue) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for resource in &model.resources {
        if resource.existing.is_none() && !SERVICES.contains(&resource.service.as_str()) {
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
