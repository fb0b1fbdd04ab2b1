//! Logs and notifications that a service delivers itself: a trail, a VPC's
//! flow logs, a bucket's access logs (into a bucket through its logging configuration,
//! elsewhere as vended logs), a state machine's, a project's or a function's logs,
//! GuardDuty's exported findings, an event bus's logs,
//! into a bucket, a log group, a topic or a Firehose stream. What varies is the
//! (source, destination) pair AWS documents: one module per source that has
//! its own shape, with the bucket policies that admit a delivery in `buckets`.

use crate::plan::Expr;
use crate::plan::glue::Glue;
use crate::plan::mechanisms::EdgeCx;

mod apigateway;
mod buckets;
mod cloudtrail;
mod codebuild;
mod eventbus;
mod flink;
mod guardduty;
mod lambda;
mod route53;
mod s3;
mod stepfunctions;
mod vended;
mod vpc;

/// One log delivery: the edge, and the prefix its logs go under.
pub(super) struct Delivery<'a> {
    cx: &'a EdgeCx<'a>,
    /// The edge's `prefix`, or the source's own.
    prefix: Option<String>,
}

impl Delivery<'_> {
    /// Sets a property of the source's primary resource.
    fn set(&self, out: &mut Glue, key: &'static str, value: Expr) {
        if let Some(resource) = out.resource_mut(&self.cx.source_logical) {
            resource.properties.insert(key, value);
        }
    }
}

/// One line per (source, destination) pair.
pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let model = cx.model;
    let edge = cx.edge;
    let source_service = model.resource(edge.from).service.as_str();
    let prefix = edge
        .options
        .get("prefix")
        .map(crate::model::OptionValue::joined)
        .or_else(|| cx.text_property(edge.from, "prefix"));
    let delivery = Delivery { cx, prefix };
    match (source_service, cx.target_service.as_str()) {
        ("cloudtrail", "s3") => cloudtrail::into_bucket(&delivery, out),
        ("cloudtrail", "loggroup") => cloudtrail::into_log_group(&delivery, out),
        ("cloudtrail", "sns") => cloudtrail::into_topic(&delivery, out),
        // A bucket's access logs into a bucket are its own setting; elsewhere, vended.
        ("s3", "s3") => s3::glue(&delivery, out),
        ("alb" | "cloudfront" | "s3", _) => vended::glue(&delivery, out),
        ("apigateway", _) => apigateway::glue(&delivery, out),
        ("eventbus", _) => eventbus::glue(&delivery, out),
        ("flink", _) => flink::glue(&delivery, out),
        ("guardduty", "s3") => guardduty::into_bucket(&delivery, out),
        ("lambda", _) => lambda::glue(&delivery, out),
        ("route53", _) => route53::glue(&delivery, out),
        ("vpc", _) => vpc::glue(&delivery, out),
        ("stepfunctions", _) => stepfunctions::glue(&delivery, out),
        ("codebuild", _) => codebuild::glue(&delivery, out),
        _ => {}
    }
}
