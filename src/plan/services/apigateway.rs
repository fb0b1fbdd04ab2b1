//! Amazon API Gateway: a stage, its method settings and the account's logging role.

use crate::model::ResourceId;
use crate::plan::build::{Builder, Handle};
use crate::plan::expr::{PARTITION, list, sub, sub_literal, text};
use crate::plan::iam::this_account;
use crate::plan::names::physical;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, Kind, map};
use crate::source::Span;

pub(super) fn create(b: &mut Builder<'_>, cx: &Creation<'_>, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let name = cx.physical_name();
    properties.insert("StageName", text(name.clone()));
    b.cx.copy_properties(
        id,
        properties,
        &[
            ("api", "RestApiId"),
            ("deployment", "DeploymentId"),
            ("description", "Description"),
            ("tracing", "TracingEnabled"),
        ],
    );
    if let Some(Expr::Bool(true)) = b.cx.property(id, "metrics") {
        b.method_setting(logical, "MetricsEnabled", Expr::Bool(true));
    }
    let api =
        b.cx.text_property(id, "api")
            .map_or_else(|| "*".to_string(), |api| sub_literal(&api).into_owned());
    Handle::created(
        logical,
        sub(format!(
            "arn:{PARTITION}:apigateway:${{AWS::Region}}::/restapis/{api}/stages/{name}"
        )),
        text(name),
    )
}

impl Builder<'_> {
    /// The name API Gateway gives the execution log group of the stage that
    /// sends its execution logs to log group `id`: `API-Gateway-Execution-Logs_API/STAGE`.
    pub(in crate::plan) fn execution_log_group(&self, id: ResourceId) -> Option<String> {
        let edge = self
            .cx
            .model
            .incoming(id)
            .into_iter()
            .find(|edge| edge.channel == "execution-logs")?;
        let stage = self.cx.model.resource(edge.from);
        let Some(Expr::Text(api)) = self.cx.property(edge.from, "api") else {
            return None;
        };
        let max = self
            .cx
            .catalogue
            .service("apigateway")
            .and_then(|spec| spec.physical_name.as_ref())
            .map_or(128, |name| name.max_length);
        Some(format!(
            "API-Gateway-Execution-Logs_{api}/{}",
            physical(&stage.name, max, false)
        ))
    }

    /// Sets a method setting of every method of a stage (`/*`, `*`).
    pub(in crate::plan) fn method_setting(&mut self, stage: &str, key: &'static str, value: Expr) {
        let settings = self.out.lists.items_mut(stage, "MethodSettings");
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

    /// The account's API Gateway CloudWatch role (`AWS::ApiGateway::Account`),
    /// which every stage that logs to CloudWatch Logs waits for; one per template.
    pub(in crate::plan) fn api_gateway_account(&mut self, origin: Span) -> String {
        let account = "ApiGatewayAccount".to_string();
        if self.out.index.contains_key(&account) {
            return account;
        }
        let role = "ApiGatewayCloudWatchRole";
        self.out.role(
            role,
            origin,
            text("apigateway.amazonaws.com"),
            Some(this_account()),
            Vec::new(),
        );
        if let Some(resource) = self.out.resource_mut(role) {
            resource.properties.insert(
                "ManagedPolicyArns",
                list(vec![sub(format!(
                    "arn:{PARTITION}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
                ))]),
            );
            resource.notes.push(
                "the account's API Gateway CloudWatch role serves every REST API of the account and Region, so it has AWS's managed policy (log groups are created by API Gateway), not one scoped to this template's groups".to_string(),
            );
        }
        let mut properties = Fields::new();
        properties.insert("CloudWatchRoleArn", Expr::arn(role));
        self.out.add(account.clone(), Kind::ApiAccount, origin, properties)
            .notes
            .push("one setting per account and Region: this replaces the CloudWatch role API Gateway had".to_string());
        account
    }
}
