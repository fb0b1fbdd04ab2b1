//! A Flink application's logs: a log stream and the application's logging option.

use crate::plan::expr::{PARTITION, sub, text};
use crate::plan::glue::Glue;
use crate::plan::iam::statement;
use crate::plan::mechanisms::log_delivery::Delivery;
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
    let stream_arn = sub(format!(
        "arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{group}:log-stream:{application}"
    ));
    let statements = out.roles.of(role);
    statements.push(statement(&["logs:PutLogEvents"], vec![stream_arn.clone()]));
    statements.push(statement(
        &["logs:DescribeLogStreams"],
        vec![sub(format!(
            "arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{group}:log-stream:*"
        ))],
    ));
    statements.push(statement(&["logs:DescribeLogGroups"], vec![text("*")]));
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
