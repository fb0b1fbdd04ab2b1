//! An HTTP API's route: an `AWS::ApiGatewayV2::Route` with its key and an
//! `AWS::ApiGatewayV2::Integration` with the target. A function is a Lambda
//! proxy integration that a permission scoped to the route's ARN lets API
//! Gateway invoke; a queue, state machine or stream is a first-class AWS
//! service integration (an integration subtype) made with a role that API
//! Gateway assumes, allowed that one action on the target.

use crate::plan::build::Handle;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::grants::{Sender, grant};
use crate::plan::ids::logical_id;
use crate::plan::keys::{KEY_SENDER_ACTIONS, key_for_role};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::roles::{ServiceRole, allow, service_role};
use crate::plan::services::http_api::route_arn;
use crate::plan::services::{role_scope, sqs};
use crate::plan::{Expr, Fields, Kind};

/// The route key when the edge names none: requests no other route matches.
const DEFAULT_ROUTE: &str = "$default";

/// The edge's route key (`$default` when it names none).
fn route_key(cx: &EdgeCx<'_>) -> String {
    cx.edge.options.get("key").map_or_else(
        || DEFAULT_ROUTE.to_string(),
        crate::model::OptionValue::joined,
    )
}

/// A first-class integration: its subtype, the action its role needs on the
/// target, and its request parameters (values are API Gateway's mapping
/// expressions or the target's identity).
struct Subtype {
    name: &'static str,
    action: &'static str,
    parameters: Vec<(&'static str, Expr)>,
}

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let Some(api) = cx.source.logical.clone() else {
        return;
    };
    let key = route_key(cx);
    let api_name = &cx.model.resource(cx.edge.from).name;
    let base = out.unique_id(logical_id(
        &format!("{api_name} {}", key.to_ascii_lowercase()),
        "",
    ));
    let mut integration = Fields::new();
    integration.insert("ApiId", Expr::Ref(api.clone()));
    integration.insert("IntegrationType", text("AWS_PROXY"));
    if let Some(timeout) = cx.edge.options.get("timeout") {
        integration.insert("TimeoutInMillis", Expr::Number(timeout.joined()));
    }
    let mut depends = None;
    if cx.target_kind == Some(Kind::Function) {
        integration.insert("IntegrationUri", cx.target.arn.clone());
        integration.insert("PayloadFormatVersion", text("2.0"));
        depends = cx.principal.clone().and_then(|principal| {
            grant(
                cx,
                out,
                cx.edge.to,
                &Sender {
                    from: &base,
                    principal,
                    source_arn: route_arn(&api, &key),
                    conditions: &cx.conditions,
                    unscoped: cx.unscoped.as_deref(),
                    origin: cx.origin,
                },
            )
        });
    } else if let Some(subtype) = subtype(cx) {
        let role = format!("{base}IntegrationRole");
        service_role(
            cx,
            out,
            &ServiceRole {
                id: &role,
                origin: cx.origin,
                principal: "apigateway.amazonaws.com",
                source_arn: Some(route_arn(&api, &key)),
            },
            Vec::new(),
        );
        allow(
            out,
            &role,
            cx.origin,
            &[subtype.action.to_string()],
            role_scope(cx.target_kind, cx.target),
        );
        key_for_role(cx, out, &role, cx.edge.to, &KEY_SENDER_ACTIONS);
        integration.insert("IntegrationSubtype", text(subtype.name));
        // AWS service integrations take payload format 1.0 only.
        integration.insert("PayloadFormatVersion", text("1.0"));
        integration.insert("CredentialsArn", Expr::arn(&role));
        let mut parameters = Fields::new();
        for (name, value) in subtype.parameters {
            parameters.insert(name, value);
        }
        integration.insert("RequestParameters", Expr::Map(parameters));
    } else {
        return;
    }
    let integration_id = format!("{base}Integration");
    out.add(
        integration_id.clone(),
        Kind::HttpIntegration,
        cx.origin,
        integration,
    );
    let mut route = Fields::new();
    route.insert("ApiId", Expr::Ref(api));
    route.insert("RouteKey", text(key));
    route.insert(
        "Target",
        crate::plan::expr::sub(format!("integrations/${{{integration_id}}}")),
    );
    let route_id = format!("{base}Route");
    out.add(route_id.clone(), Kind::HttpRoute, cx.origin, route);
    // The function admits API Gateway before a request can reach it.
    out.depend(&route_id, depends);
}

/// The integration subtype for the edge's target, by the target's kind.
fn subtype(cx: &EdgeCx<'_>) -> Option<Subtype> {
    let target: &Handle = cx.target;
    let body = text("$request.body");
    Some(match cx.target_kind? {
        Kind::Queue => {
            let mut parameters = vec![("QueueUrl", sqs::url(target)), ("MessageBody", body)];
            if let Some(group) = cx.edge.options.get("group-id") {
                parameters.push(("MessageGroupId", text(group.joined())));
                // Each request is one message, even when retried by its client.
                parameters.push(("MessageDeduplicationId", text("$context.requestId")));
            }
            Subtype {
                name: "SQS-SendMessage",
                action: "sqs:SendMessage",
                parameters,
            }
        }
        Kind::StateMachine => Subtype {
            name: "StepFunctions-StartExecution",
            action: "states:StartExecution",
            parameters: vec![("StateMachineArn", target.arn.clone()), ("Input", body)],
        },
        Kind::Stream => Subtype {
            name: "Kinesis-PutRecord",
            action: "kinesis:PutRecord",
            parameters: vec![
                ("StreamName", target.name.clone()),
                ("Data", body),
                ("PartitionKey", text("$context.requestId")),
            ],
        },
        Kind::EventBus => Subtype {
            name: "EventBridge-PutEvents",
            action: "events:PutEvents",
            parameters: vec![
                ("Detail", body),
                (
                    "DetailType",
                    text(option_or(cx, "detail-type", &route_key(cx))),
                ),
                (
                    "Source",
                    text(option_or(
                        cx,
                        "event-source",
                        &cx.model.resource(cx.edge.from).name,
                    )),
                ),
                ("EventBusName", target.name.clone()),
            ],
        },
        _ => return None,
    })
}

/// A route option's text, or `default` when the route leaves it out.
fn option_or(cx: &EdgeCx<'_>, option: &str, default: &str) -> String {
    cx.edge
        .options
        .get(option)
        .map_or_else(|| default.to_string(), crate::model::OptionValue::joined)
}

#[cfg(test)]
mod tests {
    use crate::plan::test_support::{plan_of, resource};
    use crate::plan::{Expr, Kind};

    #[test]
    fn a_route_to_a_function_is_a_proxy_integration_its_permission_scoped_to_the_route() {
        let plan = plan_of("http-api shop -> route \"POST /orders\" -> lambda api\n");
        let route = resource(&plan, "ShopPostOrdersRoute");
        assert_eq!(
            route.properties.get("RouteKey"),
            Some(&Expr::text("POST /orders"))
        );
        let integration = resource(&plan, "ShopPostOrdersIntegration");
        assert_eq!(
            integration.properties.get("PayloadFormatVersion"),
            Some(&Expr::text("2.0"))
        );
        let permission = plan
            .resources
            .iter()
            .find(|resource| resource.kind == Kind::Permission)
            .map(|resource| resource.properties.get("SourceArn").cloned());
        assert_eq!(
            permission,
            Some(Some(Expr::Sub(
                "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ShopHttpApi}/*/POST/orders".to_string()
            )))
        );
    }

    #[test]
    fn a_route_to_a_queue_sends_the_body_with_a_role_allowed_only_that() {
        let plan = plan_of("http-api shop -> route \"POST /jobs\" -> sqs jobs\n");
        let integration = resource(&plan, "ShopPostJobsIntegration");
        assert_eq!(
            integration.properties.get("IntegrationSubtype"),
            Some(&Expr::text("SQS-SendMessage"))
        );
        assert_eq!(
            integration.properties.get("CredentialsArn"),
            Some(&Expr::arn("ShopPostJobsIntegrationRole"))
        );
        assert!(
            plan.resources
                .iter()
                .any(|resource| resource.id == "ShopPostJobsIntegrationRole")
        );
    }

    #[test]
    fn two_routes_to_one_function_get_their_own_ids() {
        let plan = plan_of(
            "http-api shop -> route \"GET /orders\" -> lambda api\nhttp-api shop -> route \"POST /orders\" -> lambda api\n",
        );
        resource(&plan, "ShopGetOrdersRoute");
        resource(&plan, "ShopPostOrdersRoute");
    }
}
