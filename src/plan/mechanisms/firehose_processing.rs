//! What a Firehose stream does to records before its destination: a Lambda
//! processor (`transform`) and error logs to CloudWatch Logs (`errors`).
//! Both are settings of the destination configuration, which the `deliver`
//! edge writes; it reads them from the stream's other edges, so the order of
//! the edges in the file does not matter. These edges add what is theirs
//! alone: the stream role's grants and the error log stream.

use crate::catalogue::Mechanism;
use crate::model::ResourceId;
use crate::plan::build::Cx;
use crate::plan::expr::{list, text};
use crate::plan::glue::Glue;
use crate::plan::iam::{log_streams, statement};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::mechanisms::code_access::hold;
use crate::plan::{Expr, Fields, Kind, map};

/// The log stream Firehose writes a destination's errors to (the name its
/// console gives it).
const ERROR_STREAM: &str = "DestinationDelivery";

/// The stream role may invoke its transform function and read its
/// configuration, on that function only.
pub(super) fn processor_access(cx: &EdgeCx<'_>, out: &mut Glue) {
    let Some(role) = cx.source.role.clone() else {
        return;
    };
    hold(
        out,
        &role,
        Some(&role),
        cx.origin,
        statement(
            &["lambda:GetFunctionConfiguration", "lambda:InvokeFunction"],
            vec![cx.target.arn.clone()],
        ),
    );
}

/// The error log stream in the target log group, and the stream role's
/// `logs:PutLogEvents` on that stream only.
pub(super) fn error_log_stream(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (Some(role), Expr::Text(group)) = (cx.source.role.clone(), &cx.target.name) else {
        return;
    };
    let stream_id = out.unique_id(format!("{}ErrorLogStream", cx.from));
    let mut stream = Fields::new();
    stream.insert("LogGroupName", text(group.to_string()));
    stream.insert("LogStreamName", text(ERROR_STREAM));
    out.add(stream_id.clone(), Kind::LogStream, cx.origin, stream);
    out.depend(&stream_id, cx.target.logical.clone());
    hold(
        out,
        &role,
        Some(&role),
        cx.origin,
        statement(
            &["logs:PutLogEvents"],
            vec![log_streams(cx.target, ERROR_STREAM)],
        ),
    );
    // Firehose checks that the stream exists when the delivery stream is made.
    out.depend(&cx.source_logical, Some(stream_id));
}

/// Adds the stream's processor and error logging, from its `transform` and
/// `errors` edges, to the destination configuration its `deliver` edge writes.
pub(super) fn destination_settings(cx: &Cx<'_>, stream: ResourceId, destination: &mut Fields) {
    for edge in cx.model.outgoing(stream) {
        let mechanism = cx
            .catalogue
            .channel(&cx.model.resource(stream).service, &edge.channel)
            .map(|channel| channel.mechanism);
        if mechanism != Some(Mechanism::FirehoseDelivery) {
            continue;
        }
        let target = cx.handle(edge.to);
        match cx.kind_of(edge.to) {
            Some(Kind::Function) => {
                let mut parameters = vec![parameter("LambdaArn", target.arn.clone())];
                for (option, name) in [
                    ("buffer-mb", "BufferSizeInMBs"),
                    ("buffer-seconds", "BufferIntervalInSeconds"),
                    ("retries", "NumberOfRetries"),
                ] {
                    if let Some(value) = edge.options.get(option) {
                        parameters.push(parameter(name, text(value.joined())));
                    }
                }
                let processor = map([("Parameters", list(parameters)), ("Type", text("Lambda"))]);
                destination.insert(
                    "ProcessingConfiguration",
                    map([
                        ("Enabled", Expr::Bool(true)),
                        ("Processors", list(vec![processor])),
                    ]),
                );
            }
            Some(Kind::LogGroup) => {
                destination.insert(
                    "CloudWatchLoggingOptions",
                    map([
                        ("Enabled", Expr::Bool(true)),
                        ("LogGroupName", target.name.clone()),
                        ("LogStreamName", text(ERROR_STREAM)),
                    ]),
                );
            }
            _ => {}
        }
    }
}

/// [`destination_settings`] on a destination configuration built as a map.
pub(super) fn with_settings(cx: &Cx<'_>, stream: ResourceId, destination: Expr) -> Expr {
    match destination {
        Expr::Map(mut fields) => {
            destination_settings(cx, stream, &mut fields);
            Expr::Map(fields)
        }
        other => other,
    }
}

fn parameter(name: &'static str, value: Expr) -> Expr {
    map([("ParameterName", text(name)), ("ParameterValue", value)])
}
