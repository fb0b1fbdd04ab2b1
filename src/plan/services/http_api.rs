//! Amazon API Gateway HTTP APIs: the API and the one stage that deploys it.
//! Each route is an edge (`plan/mechanisms/http_route.rs`).

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, sub, text};
use crate::plan::glue::Glue;
use crate::plan::ids::logical_id;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, Kind};

/// The stage every API gets when `stage` names none: served at the API's root.
const DEFAULT_STAGE: &str = "$default";

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    properties.insert("Name", text(cx.physical_name()));
    properties.insert("ProtocolType", text("HTTP"));
    cx.copy_properties(id, properties, &[("description", "Description")]);
    let mut cors = Fields::new();
    for (property, key) in [
        ("cors-origins", "AllowOrigins"),
        ("cors-methods", "AllowMethods"),
    ] {
        if let Some(value) = cx.property(id, property) {
            cors.insert(key, value);
        }
    }
    if !cors.is_empty() {
        properties.insert("CorsConfiguration", Expr::Map(cors));
    }
    // An HTTP API's tags are a map, not a list of keys and values.
    if let Some(tags) = cx.property(id, "tags") {
        properties.insert("Tags", tags);
    }
    let stage_name = cx
        .text_property(id, "stage")
        .unwrap_or_else(|| DEFAULT_STAGE.to_string());
    let mut stage = Fields::new();
    stage.insert("ApiId", Expr::Ref(logical.clone()));
    stage.insert("StageName", text(stage_name));
    stage.insert("AutoDeploy", Expr::Bool(true));
    let stage_id = logical_id(&cx.resource.name, "HttpStage");
    out.add(stage_id, Kind::HttpStage, cx.origin, stage);
    Handle::created(
        logical,
        sub(format!(
            "arn:{PARTITION}:apigateway:${{AWS::Region}}::/apis/${{{logical}}}"
        )),
        Expr::Ref(logical.clone()),
    )
}

/// The `execute-api` ARN of one route of the API `api` (its logical id), in
/// every stage: `API/*/METHOD/PATH`, with `*` for `ANY` and for each
/// `{param}` or `{proxy+}` segment, and `API/*/$default` for the default
/// route; what a Lambda permission for that route alone names. AWS writes the
/// default route of the `$default` stage `API/$default/$default` (API Gateway
/// Developer Guide, "Troubleshooting issues with HTTP API Lambda
/// integrations", read 2026-12), so `*` for the stage admits it in any.
pub(in crate::plan) fn route_arn(api: &str, key: &str) -> Expr {
    let resource = match key.split_once(' ') {
        Some((method, path)) => {
            let method = if method == "ANY" { "*" } else { method };
            let path: Vec<&str> = path
                .split('/')
                .map(|segment| {
                    if segment.starts_with('{') {
                        "*"
                    } else {
                        segment
                    }
                })
                .collect();
            format!("{method}{}", path.join("/"))
        }
        None => key.to_string(),
    };
    // A route key was held to API Gateway's characters by `check`, which
    // leave no `${` for `Fn::Sub` to read.
    sub(format!(
        "arn:{PARTITION}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api}}}/*/{resource}"
    ))
}

#[cfg(test)]
mod tests {
    use super::route_arn;
    use crate::plan::Expr;

    fn arn(key: &str) -> String {
        match route_arn("ShopHttpApi", key) {
            Expr::Sub(text) => text,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn a_route_arn_names_its_method_and_path() {
        assert_eq!(
            arn("POST /orders"),
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ShopHttpApi}/*/POST/orders"
        );
    }

    #[test]
    fn any_parameters_and_the_default_route_are_written_as_execute_api_writes_them() {
        assert!(arn("ANY /pets/{id}/toys").ends_with("${ShopHttpApi}/*/*/pets/*/toys"));
        assert!(arn("GET /files/{proxy+}").ends_with("/*/GET/files/*"));
        assert!(arn("GET /").ends_with("/*/GET/"));
        assert!(arn("$default").ends_with("${ShopHttpApi}/*/$default"));
    }
}
