//! A stage's access logs and execution logs.

use crate::model::Edge;
use crate::plan::build::Builder;
use crate::plan::expr::text;
use crate::plan::iam::bare_log_group_arn;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::{Expr, Kind, map};

pub(super) fn glue(b: &mut Builder<'_>, d: &Delivery<'_>) {
    let EdgeCx {
        edge,
        ref target,
        ref source_logical,
        origin,
        ..
    } = *d.cx;
    let channel_name = edge.channel.as_str();
    if d.cx.target_kind == Some(Kind::DeliveryStream) {
        // Written with the service-linked role AWSServiceRoleForAPIGateway.
        d.set(
            b,
            "AccessLogSetting",
            access_log_setting(edge, target.arn.clone()),
        );
        return;
    }
    let account = b.api_gateway_account(origin);
    if channel_name == "access-logs" {
        d.set(
            b,
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
        b.method_setting(source_logical, "LoggingLevel", text(level));
        let trace = edge
            .options
            .get("data-trace")
            .is_some_and(|trace| trace.joined() == "true");
        b.method_setting(source_logical, "DataTraceEnabled", Expr::Bool(trace));
    }
    b.out.depend(source_logical, Some(account));
    // The group exists before API Gateway would create it itself.
    b.out.depend(source_logical, target.logical.clone());
}

/// A stage's access log setting: the destination and the line format.
fn access_log_setting(edge: &Edge, destination: Expr) -> Expr {
    let format = edge.options.get("format").map_or_else(
        || {
            r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller","user":"$context.identity.user","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","responseLatency":"$context.responseLatency"}"#
                .to_string()
        },
        crate::model::OptionValue::joined,
    );
    map([("DestinationArn", destination), ("Format", text(format))])
}
