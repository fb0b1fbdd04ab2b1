//! What each service creates: one module per service that wirec creates, each
//! writing its primary resource's properties and returning how other
//! resources refer to it, and what it offers a sender as a receiver (a
//! queue's URL, the scope a sender's role acts on). [`create`], [`kind`] and
//! [`role_scope`] are the registries.

use crate::catalogue::Catalogue;
use crate::model::ResourceId;
use crate::plan::build::{Cx, Handle};
use crate::plan::glue::Glue;
use crate::plan::names::physical;
use crate::plan::{Expr, Fields, Kind};
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
mod eventbus;
mod events;
mod firehose;
pub(super) mod flink;
mod guardduty;
pub(super) mod http_api;
mod kinesis;
pub(super) mod lambda;
mod loggroup;
mod parameter;
mod pipe;
mod route53;
mod s3;
mod schedule_group;
mod scheduler;
mod servicecatalog;
mod sns;
pub(super) mod sqs;
mod ssm;
mod stepfunctions;

/// What a service module reads to create one declaration.
pub(super) struct Creation<'a> {
    /// What every service and mechanism reads (reached through `Deref`).
    pub(super) shared: &'a Cx<'a>,
    pub(super) id: ResourceId,
    pub(super) resource: &'a crate::model::Resource,
    /// The primary resource's logical id.
    pub(super) logical: String,
    pub(super) origin: Span,
    /// The longest physical name the service accepts, and whether it must be lowercase.
    pub(super) max: usize,
    pub(super) lowercase: bool,
}

impl<'a> std::ops::Deref for Creation<'a> {
    type Target = Cx<'a>;

    fn deref(&self) -> &Cx<'a> {
        self.shared
    }
}

impl Creation<'_> {
    /// The physical name given by `name = "..."`, if any (held to the
    /// service's rules by `check`).
    pub(super) fn given_name(&self) -> Option<String> {
        match &self.resource.properties.get("name")?.value {
            crate::ast::Value::String(name) => Some(name.text.clone()),
            _ => None,
        }
    }

    /// The physical name: the given one, or the declaration's name as a
    /// physical name of this service.
    pub(super) fn physical_name(&self) -> String {
        self.given_name()
            .unwrap_or_else(|| physical(&self.resource.name, self.max, false))
    }
}

/// Creates a declaration's primary resource(s), writing the primary's
/// properties into `properties`; `None` for a service that creates nothing.
/// One line per service.
pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Option<Handle> {
    Some(match cx.resource.service.as_str() {
        "s3" => s3::create(cx, out, properties),
        "sqs" => sqs::create(cx, out, properties),
        "sns" => sns::create(cx, out, properties),
        "lambda" => lambda::create(cx, out, properties),
        "dynamodb" => dynamodb::create(cx, out, properties),
        "kinesis" => kinesis::create(cx, out, properties),
        "firehose" => firehose::create(cx, out, properties),
        "codecommit" => codecommit::create(cx, out, properties),
        "codedeploy" => codedeploy::create(cx, out, properties),
        "alarm" => alarm::create(cx, out, properties),
        "events" | "schedule" => events::create(cx, out, properties),
        "eventbus" => eventbus::create(cx, out, properties),
        "schedule-group" => schedule_group::create(cx, out, properties),
        "loggroup" => loggroup::create(cx, out, properties),
        "stepfunctions" => stepfunctions::create(cx, out, properties),
        "parameter" => parameter::create(cx, out, properties),
        "ssm" => ssm::create(cx, out, properties),
        "codebuild" => codebuild::create(cx, out, properties),
        "asg" => asg::create(cx, out, properties),
        "dax" => dax::create(cx, out, properties),
        "alb" => alb::create(cx, out, properties),
        "apigateway" => apigateway::create(cx, out, properties),
        "codepipeline" => codepipeline::create(cx, out, properties),
        "flink" => flink::create(cx, out, properties),
        "cloudformation" => cloudformation::create(cx, out, properties),
        "servicecatalog" => servicecatalog::create(cx, out, properties),
        "chatbot" => chatbot::create(cx, out, properties),
        "route53" => route53::create(cx, out, properties),
        "cloudtrail" => cloudtrail::create(cx, out, properties),
        "guardduty" => guardduty::create(cx, out, properties),
        "beanstalk" => beanstalk::create(cx, out, properties),
        "pipe" => pipe::create(cx, out, properties),
        "http-api" => http_api::create(cx, out, properties),
        "ec2" => ec2::create(cx, out, properties),
        "config" => config::create(cx, out, properties),
        "scheduler" => scheduler::create(cx, out, properties),
        // Addresses (email, https, sms) and account-wide event sources
        // (AWS Health, Trusted Advisor, Amazon Inspector) are not resources.
        _ => return None,
    })
}

/// What a source offers whatever reads it (a function's event source mapping,
/// a Firehose stream): the ARN to read, the scope the reader's role acts on,
/// and whether reading starts at a position (streams) or not (queues).
pub(super) struct Reader {
    pub(super) read_arn: Expr,
    pub(super) read_scope: Expr,
    pub(super) starting_position: bool,
}

/// What `source` offers a reader. One line per service that differs from a
/// stream read by its ARN.
pub(super) fn reader(kind: Option<Kind>, source: &Handle, source_logical: &str) -> Reader {
    match kind {
        Some(Kind::Table) => dynamodb::reader(source_logical),
        Some(Kind::Queue) => sqs::reader(source),
        _ => Reader {
            read_arn: source.arn.clone(),
            read_scope: source.arn.clone(),
            starting_position: true,
        },
    }
}

/// What a sender's role may act on to deliver into `target`: the target, a
/// bucket's objects too, or a runbook's automation definitions. One line per
/// service whose scope is not just its ARN.
pub(super) fn role_scope(kind: Option<Kind>, target: &Handle) -> Vec<Expr> {
    match kind {
        Some(Kind::Bucket) => s3::role_scope(target),
        Some(Kind::Document) => ssm::role_scope(target),
        _ => vec![target.arn.clone()],
    }
}

/// The kind of a declaration's primary resource, created or existing: what
/// mechanisms decide an end's glue by. It is the kind whose CloudFormation type
/// the service's catalogue entry names for this declaration (a Config
/// declaration without `rule` is the recorder); `None` for a service that
/// creates nothing wirec renders (addresses, account-wide event sources).
pub(super) fn kind(catalogue: &Catalogue, resource: &crate::model::Resource) -> Option<Kind> {
    let spec = catalogue.service(&resource.service)?;
    Kind::of_declaration(&spec.resource, |key| resource.properties.contains_key(key))
}
