//! Amazon API Gateway: a stage, its method settings and the account's logging role.

use crate::model::ResourceId;
use crate::plan::build::{Cx, Handle};
use crate::plan::expr::{PARTITION, sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::names::physical;
use crate::plan::roles::{ServiceRole, allow, allow_within, service_role};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, Kind, map};
use crate::source::Span;

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let name = cx.physical_name();
    properties.insert("StageName", text(name.clone()));
    cx.copy_properties(
        id,
        properties,
        &[
            ("api", "RestApiId"),
            ("deployment", "DeploymentId"),
            ("description", "Description"),
            ("tracing", "TracingEnabled"),
        ],
    );
    if let Some(Expr::Bool(true)) = cx.property(id, "metrics") {
        method_setting(cx, out, logical, "MetricsEnabled", Expr::Bool(true));
    }
    let api = cx
        .text_property(id, "api")
        .map_or_else(|| "*".to_string(), |api| sub_literal(&api).into_owned());
    Handle::created(
        logical,
        sub(format!(
            "arn:{PARTITION}:apigateway:${{AWS::Region}}::/restapis/{api}/stages/{name}"
        )),
        text(name),
    )
}

/// The name API Gateway gives the execution log group of the stage that
/// sends its execution logs to log group `id`: `API-Gateway-Execution-Logs_API/STAGE`,
/// with the REST API's id as written or, from a parameter, as deployed.
pub(in crate::plan) fn execution_log_group(cx: &Cx<'_>, id: ResourceId) -> Option<Expr> {
    let edge = cx
        .model
        .incoming(id)
        .into_iter()
        .find(|edge| edge.channel == "execution-logs")?;
    let stage = cx.model.resource(edge.from);
    let max = cx
        .catalogue
        .service("apigateway")
        .and_then(|spec| spec.physical_name.as_ref())
        .map_or(128, |name| name.max_length);
    let stage_name = physical(&stage.name, max, false);
    match cx.property(edge.from, "api")? {
        Expr::Text(api) => Some(text(format!(
            "API-Gateway-Execution-Logs_{api}/{stage_name}"
        ))),
        Expr::Param(api) => Some(sub(format!(
            "API-Gateway-Execution-Logs_${{{api}}}/{}",
            sub_literal(&stage_name)
        ))),
        _ => None,
    }
}

/// Sets a method setting of every method of a stage (`/*`, `*`).
pub(in crate::plan) fn method_setting(
    _cx: &Cx<'_>,
    out: &mut Glue,
    stage: &str,
    key: &'static str,
    value: Expr,
) {
    let settings = out.lists.items_mut(stage, "MethodSettings");
    if settings.is_empty() {
        settings.push(map([
            ("HttpMethod", text("*")),
            ("ResourcePath", text("/*")),
        ]));
    }
    if let Some(Expr::Map(fields)) = settings.first_mut() {
        fields.insert(key, value);
    }
}

/// Why the account's API Gateway CloudWatch role names every log group of the
/// account in the Region.
const ACCOUNT_ROLE_SCOPE: &str = "the account's API Gateway CloudWatch role (AWS::ApiGateway::Account, one setting per account and Region) writes the execution logs (`API-Gateway-Execution-Logs_API/STAGE`) and access logs of every REST API of the account, including other stacks', so it names the account's log groups in this Region, narrower than AWS's AmazonAPIGatewayPushToCloudWatchLogs (Resource `*`): Amazon API Gateway Developer Guide, Set up CloudWatch logging for REST APIs in API Gateway: https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html (read 2026-12)";

/// The account's API Gateway CloudWatch role (`AWS::ApiGateway::Account`),
/// which every stage that logs to CloudWatch Logs waits for; one per template.
pub(in crate::plan) fn api_gateway_account(cx: &Cx<'_>, out: &mut Glue, origin: Span) -> String {
    let account = "ApiGatewayAccount".to_string();
    if out.index.contains_key(&account) {
        return account;
    }
    let role = "ApiGatewayCloudWatchRole";
    // API Gateway of this account, for any of its APIs (the principal's file).
    service_role(
        cx,
        out,
        &ServiceRole {
            id: role,
            origin,
            principal: "apigateway.amazonaws.com",
            source_arn: None,
        },
        Vec::new(),
    );
    // What AWS's AmazonAPIGatewayPushToCloudWatchLogs grants on `*`, held to
    // this account's log groups in this Region; only DescribeLogGroups takes
    // no resource.
    let strings = |actions: &[&str]| actions.iter().map(ToString::to_string).collect::<Vec<_>>();
    let groups = sub(format!(
        "arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:*"
    ));
    let streams = sub(format!(
        "arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:*:log-stream:*"
    ));
    allow_within(
        out,
        role,
        origin,
        &strings(&[
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:DescribeLogStreams",
            "logs:FilterLogEvents",
            "logs:GetLogEvents",
            "logs:PutLogEvents",
        ]),
        vec![groups, streams],
        ACCOUNT_ROLE_SCOPE,
    );
    allow(
        out,
        role,
        origin,
        &strings(&["logs:DescribeLogGroups"]),
        vec![text("*")],
    );
    if let Some(resource) = out.resource_mut(role) {
        resource.notes.push(
            "the account's API Gateway CloudWatch role writes the execution and access logs of every REST API of the account and Region, so it may act on the account's log groups in this Region (what AWS's AmazonAPIGatewayPushToCloudWatchLogs grants on `*`), not only this template's".to_string(),
        );
    }
    let mut properties = Fields::new();
    properties.insert("CloudWatchRoleArn", Expr::arn(role));
    out.add(account.clone(), Kind::ApiAccount, origin, properties)
        .notes
        .push(
            "one setting per account and Region: this replaces the CloudWatch role API Gateway had"
                .to_string(),
        );
    account
}

#[cfg(test)]
mod tests {
    use crate::plan::Expr;
    use crate::plan::test_support::{plan_of, resource};

    #[test]
    fn the_execution_log_group_is_named_by_the_api_and_stage() {
        let plan = plan_of(
            "apigateway prod { api = \"a1b2c3\", deployment = \"d\" } -> execution-logs -> loggroup exec\n",
        );
        assert_eq!(
            resource(&plan, "ExecLogGroup")
                .properties
                .get("LogGroupName"),
            Some(&Expr::text("API-Gateway-Execution-Logs_a1b2c3/prod"))
        );
    }

    #[test]
    fn an_api_id_from_a_parameter_names_the_group_when_deployed() {
        let plan = plan_of(
            "param rest-api\napigateway prod { api = rest-api, deployment = \"d\" } -> execution-logs -> loggroup api-execution-logs\n",
        );
        assert_eq!(
            resource(&plan, "ApiExecutionLogsLogGroup")
                .properties
                .get("LogGroupName"),
            Some(&Expr::Sub(
                "API-Gateway-Execution-Logs_${RestApi}/prod".to_string()
            ))
        );
    }
}
