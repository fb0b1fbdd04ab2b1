//! A stage's access logs and execution logs.

use crate::model::Edge;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::iam::bare_log_group_arn;
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::services::apigateway::{api_gateway_account, method_setting};
use crate::plan::{Expr, Kind, map};

pub(super) fn glue(d: &Delivery<'_>, out: &mut Glue) {
    let source_logical = &d.cx.source_logical;
    let channel_name = d.cx.edge.channel.as_str();
    if d.cx.target_kind == Some(Kind::DeliveryStream) {
        // Written with the service-linked role AWSServiceRoleForAPIGateway.
        d.set(
            out,
            "AccessLogSetting",
            access_log_setting(d.cx.edge, d.cx.target.arn.clone()),
        );
        return;
    }
    let account = api_gateway_account(d.cx, out, d.cx.origin);
    if channel_name == "access-logs" {
        d.set(
            out,
            "AccessLogSetting",
            access_log_setting(d.cx.edge, bare_log_group_arn(d.cx.target)),
        );
    } else {
        let level =
            d.cx.edge
                .options
                .get("level")
                .map_or("ERROR".to_string(), |level| {
                    level.joined().to_ascii_uppercase()
                });
        method_setting(d.cx, out, source_logical, "LoggingLevel", text(level));
        let trace =
            d.cx.edge
                .options
                .get("data-trace")
                .is_some_and(|trace| trace.joined() == "true");
        method_setting(
            d.cx,
            out,
            source_logical,
            "DataTraceEnabled",
            Expr::Bool(trace),
        );
    }
    out.depend(source_logical, Some(account));
    // The group exists before API Gateway would create it itself.
    out.depend(source_logical, d.cx.target.logical.clone());
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
