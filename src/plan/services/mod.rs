//! What each service creates: one module per service that wirec creates, each
//! writing its primary resource's properties and returning how other
//! resources refer to it. [`create`] is the registry.

use crate::model::ResourceId;
use crate::plan::Fields;
use crate::plan::Kind;
use crate::plan::build::{Builder, Handle};
use crate::plan::names::physical;
use crate::source::Span;

pub(super) mod alarm;
mod alb;
pub(super) mod apigateway;
mod asg;
pub(super) mod beanstalk;
mod chatbot;
mod cloudformation;
mod cloudtrail;
pub(super) mod codebuild;
mod codecommit;
mod codedeploy;
pub(super) mod codepipeline;
pub(super) mod config;
mod dax;
mod dynamodb;
pub(super) mod ec2;
mod events;
mod firehose;
pub(super) mod flink;
mod guardduty;
mod kinesis;
pub(super) mod lambda;
mod loggroup;
mod parameter;
mod route53;
mod s3;
mod servicecatalog;
mod sns;
mod sqs;
mod ssm;
mod stepfunctions;

/// What a service module reads to create one declaration.
pub(super) struct Creation<'a> {
    pub(super) id: ResourceId,
    pub(super) resource: &'a crate::model::Resource,
    /// The primary resource's logical id.
    pub(super) logical: String,
    pub(super) origin: Span,
    /// The longest physical name the service accepts, and whether it must be lowercase.
    pub(super) max: usize,
    pub(super) lowercase: bool,
}

impl Creation<'_> {
    /// The declaration's name as a physical name of this service.
    pub(super) fn physical_name(&self) -> String {
        physical(&self.resource.name, self.max, false)
    }
}

/// Creates a declaration's primary resource(s), writing the primary's
/// properties into `properties`; `None` for a service that creates nothing.
/// One line per service.
pub(super) fn create(
    b: &mut Builder<'_>,
    cx: &Creation<'_>,
    properties: &mut Fields,
) -> Option<Handle> {
    Some(match cx.resource.service.as_str() {
        "s3" => s3::create(b, cx, properties),
        "sqs" => sqs::create(b, cx, properties),
        "sns" => sns::create(b, cx, properties),
        "lambda" => lambda::create(b, cx, properties),
        "dynamodb" => dynamodb::create(b, cx, properties),
        "kinesis" => kinesis::create(b, cx, properties),
        "firehose" => firehose::create(b, cx, properties),
        "codecommit" => codecommit::create(b, cx, properties),
        "codedeploy" => codedeploy::create(b, cx, properties),
        "alarm" => alarm::create(b, cx, properties),
        "events" | "schedule" => events::create(b, cx, properties),
        "loggroup" => loggroup::create(b, cx, properties),
        "stepfunctions" => stepfunctions::create(b, cx, properties),
        "parameter" => parameter::create(b, cx, properties),
        "ssm" => ssm::create(b, cx, properties),
        "codebuild" => codebuild::create(b, cx, properties),
        "asg" => asg::create(b, cx, properties),
        "dax" => dax::create(b, cx, properties),
        "alb" => alb::create(b, cx, properties),
        "apigateway" => apigateway::create(b, cx, properties),
        "codepipeline" => codepipeline::create(b, cx, properties),
        "flink" => flink::create(b, cx, properties),
        "cloudformation" => cloudformation::create(b, cx, properties),
        "servicecatalog" => servicecatalog::create(b, cx, properties),
        "chatbot" => chatbot::create(b, cx, properties),
        "route53" => route53::create(b, cx, properties),
        "cloudtrail" => cloudtrail::create(b, cx, properties),
        "guardduty" => guardduty::create(b, cx, properties),
        "beanstalk" => beanstalk::create(b, cx, properties),
        "ec2" => ec2::create(b, cx, properties),
        "config" => config::create(b, cx, properties),
        // Addresses (email, https, sms) and account-wide event sources
        // (AWS Health, Trusted Advisor, Amazon Inspector) are not resources.
        _ => return None,
    })
}

/// The kind of a declaration's primary resource, created or existing: what
/// mechanisms decide an end's glue by. `None` for a service that creates
/// nothing (addresses, account-wide event sources). One line per service.
pub(super) fn kind(resource: &crate::model::Resource) -> Option<Kind> {
    Some(match resource.service.as_str() {
        "s3" => Kind::Bucket,
        "sqs" => Kind::Queue,
        "sns" => Kind::Topic,
        "lambda" => Kind::Function,
        "dynamodb" => Kind::Table,
        "kinesis" => Kind::Stream,
        "firehose" => Kind::DeliveryStream,
        "codecommit" => Kind::Repository,
        "codedeploy" => Kind::DeploymentGroup,
        "alarm" => Kind::Alarm,
        "loggroup" => Kind::LogGroup,
        "stepfunctions" => Kind::StateMachine,
        "parameter" => Kind::Parameter,
        "ssm" => Kind::Document,
        "codebuild" => Kind::Project,
        "guardduty" => Kind::Detector,
        "config" if !resource.properties.contains_key("rule") => Kind::ConfigRecorder,
        "config" => Kind::ConfigRule,
        "cloudtrail" => Kind::Trail,
        "asg" => Kind::AutoScalingGroup,
        "cloudformation" => Kind::Stack,
        "chatbot" => Kind::ChatChannel,
        "route53" => Kind::HostedZone,
        "servicecatalog" => Kind::ProvisionedProduct,
        "codepipeline" => Kind::Pipeline,
        "flink" => Kind::FlinkApplication,
        "apigateway" => Kind::ApiStage,
        "alb" => Kind::LoadBalancer,
        "dax" => Kind::DaxCluster,
        "beanstalk" => Kind::BeanstalkEnvironment,
        "ec2" => Kind::Instance,
        "events" | "schedule" => Kind::Rule,
        _ => return None,
    })
}
