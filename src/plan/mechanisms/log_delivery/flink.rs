//! A Flink application's logs: a log stream and the application's logging option.

use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::iam::{DESCRIBE_LOG_GROUPS_UNSCOPED, bare_log_group_arn, log_streams, statement};
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::roles::identity_record;
use crate::plan::{Expr, Fields, Kind, map};

pub(super) fn glue(d: &Delivery<'_>, out: &mut Glue) {
    let (source_logical, from, to) = (&d.cx.source_logical, &d.cx.from, &d.cx.to);
    let Some(role) = d.cx.source.role.clone() else {
        return;
    };
    let group = match &d.cx.target.name {
        Expr::Text(name) => name.to_string(),
        _ => return,
    };
    let application = d.cx.model.resource(d.cx.edge.from).name.clone();
    let stream_id = out.unique_id(format!("{to}StreamFor{from}"));
    let mut stream = Fields::new();
    stream.insert("LogGroupName", text(group.clone()));
    stream.insert("LogStreamName", text(application.clone()));
    out.add(stream_id.clone(), Kind::LogStream, d.cx.origin, stream);
    out.depend(&stream_id, d.cx.target.logical.clone());
    let stream_arn = log_streams(d.cx.target, &application);
    // The application checks its stream (DescribeLogStreams, on the group)
    // and writes to it (PutLogEvents, on the stream).
    let statements = out.roles.of(role.clone());
    statements.push(statement(
        &["logs:DescribeLogStreams"],
        vec![bare_log_group_arn(d.cx.target)],
    ));
    statements.push(statement(&["logs:PutLogEvents"], vec![stream_arn.clone()]));
    statements.push(statement(&["logs:DescribeLogGroups"], vec![text("*")]));
    let origin = d.cx.origin;
    out.record(identity_record(
        &role,
        &role,
        origin,
        &["logs:DescribeLogStreams".to_string()],
        bare_log_group_arn(d.cx.target),
    ));
    out.record(identity_record(
        &role,
        &role,
        origin,
        &["logs:PutLogEvents".to_string()],
        stream_arn.clone(),
    ));
    let mut listing = identity_record(
        &role,
        &role,
        origin,
        &["logs:DescribeLogGroups".to_string()],
        text("*"),
    );
    listing.unscoped = Some(DESCRIBE_LOG_GROUPS_UNSCOPED.to_string());
    out.record(listing);
    let id = out.unique_id(format!("{from}LoggingTo{to}"));
    let mut logging = Fields::new();
    logging.insert("ApplicationName", Expr::Ref(source_logical.clone()));
    logging.insert(
        "CloudWatchLoggingOption",
        map([("LogStreamARN", stream_arn)]),
    );
    let option = out.add(id.clone(), Kind::FlinkLogging, d.cx.origin, logging);
    option.notes.push(
        "logs:DescribeLogGroups takes no resource, so the application's role has it on `*`"
            .to_string(),
    );
    out.depend(&id, Some(stream_id));
}
