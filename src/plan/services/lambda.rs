//! AWS Lambda: a function, its role, its log group and its code.

use crate::artifact::{CodeFile, Package, split_handler};
use crate::catalogue::Mechanism;
use crate::plan::build::Handle;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::iam::allow_logs;
use crate::plan::roles::{ServiceRole, allow, service_role};
use crate::plan::services::Creation;
use crate::plan::{ARTIFACT_BUCKET, Artifact, Cow, Expr, Fields, Kind, map};

/// The days a function's log group keeps events when `log-retention` is left
/// out: AWS's own default is never to expire, which only grows the bill.
const DEFAULT_LOG_RETENTION_DAYS: &str = "30";

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let Creation { id, origin, .. } = *cx;
    let logical = cx.logical.as_str();
    let role = format!("{logical}Role");
    let log_group = format!("{logical}LogGroup");
    let mut statements: Vec<(&[&str], Expr)> = Vec::new();
    let mut own_group = None;
    // A `logs` edge names the function's log group and grants writing to it
    // (plan::mechanisms::log_delivery::lambda); otherwise the function has its own.
    if !writes_to_a_log_group_of_yours(cx) {
        let retention = cx
            .property(id, "log-retention")
            .unwrap_or_else(|| Expr::Number(DEFAULT_LOG_RETENTION_DAYS.to_string()));
        out.add(
            log_group.clone(),
            Kind::LogGroup,
            origin,
            Fields::from_iter([("RetentionInDays", retention)]),
        );
        own_group = Some(Handle::created(&log_group, Expr::arn(&log_group), text("")));
        properties.insert("LoggingConfig", map([("LogGroup", Expr::Ref(log_group))]));
    }
    if let Some(mode) = cx.property(id, "tracing") {
        properties.insert("TracingConfig", map([("Mode", mode)]));
        // What Lambda needs to send the function's traces (AWSXRayDaemonWriteAccess's
        // writing actions); X-Ray has no resource to scope them to.
        statements.push((
            &["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
            text("*"),
        ));
    }
    // Lambda sends no source keys to an execution role (its principal file).
    service_role(
        cx,
        out,
        &ServiceRole {
            id: &role,
            origin,
            principal: "lambda.amazonaws.com",
            source_arn: None,
        },
        Vec::new(),
    );
    if let Some(group) = own_group {
        let actions = ["logs:CreateLogStream", "logs:PutLogEvents"];
        allow_logs(out, &role, &role, origin, &actions, &group);
    }
    for (actions, resource) in statements {
        allow(out, &role, origin, actions, vec![resource]);
    }
    let runtime = match cx.property(id, "runtime") {
        Some(Expr::Text(runtime)) => runtime,
        _ => Cow::Borrowed("python3.12"),
    };
    let handler = cx
        .property(id, "handler")
        .unwrap_or_else(|| text("index.handler"));
    let code = code(cx, out, &runtime, &handler);
    properties.insert("Runtime", text(runtime));
    properties.insert("Handler", handler);
    properties.insert("Code", code);
    properties.insert("Role", Expr::arn(&role));
    cx.copy_properties(
        id,
        properties,
        &[
            ("memory", "MemorySize"),
            ("timeout", "Timeout"),
            ("layers", "Layers"),
            ("reserved-concurrency", "ReservedConcurrentExecutions"),
        ],
    );
    if let Some(architecture) = cx.property(id, "architecture") {
        properties.insert("Architectures", Expr::List(vec![architecture]));
    }
    if let Some(size) = cx.property(id, "ephemeral-storage") {
        properties.insert("EphemeralStorage", map([("Size", size)]));
    }
    if let Some(Expr::Map(variables)) = cx.property(id, "environment") {
        properties.insert("Environment", map([("Variables", Expr::Map(variables))]));
    }
    Handle {
        logical: Some(logical.to_string()),
        arn: Expr::arn(logical),
        name: Expr::Ref(logical.to_string()),
        role: Some(role),
    }
}

/// Whether a log-delivery edge of the function (`-> logs -> loggroup NAME`)
/// names the log group it writes to.
fn writes_to_a_log_group_of_yours(cx: &Creation<'_>) -> bool {
    let service = cx.resource.service.as_str();
    cx.model.outgoing(cx.id).iter().any(|edge| {
        cx.catalogue
            .channel(service, &edge.channel)
            .is_some_and(|channel| channel.mechanism == Mechanism::LogDelivery)
    })
}

/// The function's `Code`: an `s3://` object as given; the zip that the loader
/// packaged from a path, in the artifact bucket; or the stub, inline when its
/// file is `index` (all CloudFormation's `ZipFile` can name), else as a zip
/// of its own.
fn code(cx: &Creation<'_>, out: &mut Glue, runtime: &str, handler: &Expr) -> Expr {
    let id = cx.id;
    let name = &cx.model.resource(id).name;
    match cx.property(id, "code") {
        Some(Expr::Text(location)) if location.starts_with("s3://") => {
            let rest = location.trim_start_matches("s3://");
            let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
            map([
                ("S3Bucket", text(bucket.to_string())),
                ("S3Key", text(key.to_string())),
            ])
        }
        Some(_) => match cx.model.code.iter().find(|code| code.resource == id) {
            Some(code) => artifact(cx, out, name, Some(code.path.clone()), code.package.clone()),
            // `compile` packaged every path or reported E126.
            None => map([("ZipFile", text(stub_code(runtime, "handler")))]),
        },
        None => {
            let stub = match handler {
                Expr::Text(handler) => split_handler(handler),
                _ => None,
            };
            match stub {
                Some((module, function)) if module != "index" => {
                    let file = CodeFile {
                        name: stub_file(runtime, module),
                        bytes: stub_code(runtime, function).into_bytes(),
                        executable: false,
                    };
                    match Package::of_files(vec![file]) {
                        Ok(package) => artifact(cx, out, name, None, package),
                        Err(_) => map([("ZipFile", text(stub_code(runtime, function)))]),
                    }
                }
                Some((_, function)) => map([("ZipFile", text(stub_code(runtime, function)))]),
                None => map([("ZipFile", text(stub_code(runtime, "handler")))]),
            }
        }
    }
}

/// A zip in the artifact bucket, recorded for the build to write.
fn artifact(
    cx: &Creation<'_>,
    out: &mut Glue,
    name: &str,
    source: Option<String>,
    package: Package,
) -> Expr {
    let key = Artifact::key_for(name, &package);
    out.artifacts.push((
        Artifact {
            function: cx.logical.clone(),
            name: name.to_string(),
            source,
            key: key.clone(),
            package,
        },
        cx.origin,
    ));
    map([
        ("S3Bucket", Expr::Ref(ARTIFACT_BUCKET.to_string())),
        ("S3Key", text(key)),
    ])
}

/// The stub's file for a handler's module: `app` → `app.py` (`app.js` for
/// Node.js); a Python module's dots are folders (`pkg.app` → `pkg/app.py`).
fn stub_file(runtime: &str, module: &str) -> String {
    if runtime.starts_with("nodejs") {
        format!("{module}.js")
    } else {
        format!("{}.py", module.replace('.', "/"))
    }
}

/// A stub that logs each event and returns `{}`, exported as `function`.
pub(in crate::plan) fn stub_code(runtime: &str, function: &str) -> String {
    let node = runtime.starts_with("nodejs");
    let mut code = if node {
        "exports.handler = async (event) => { console.log(JSON.stringify(event)); return {}; };\n"
    } else {
        "import json\n\ndef handler(event, context):\n    print(json.dumps(event))\n    return {}\n"
    }
    .to_string();
    if function != "handler" {
        // The name as a quoted literal (JSON's escapes are Python's and
        // JavaScript's too), so no handler text becomes code.
        let quoted = serde_json::to_string(function).unwrap_or_default();
        if node {
            code.push_str(&["exports[", &quoted, "] = exports.handler;\n"].concat());
        } else {
            code.push_str(&["globals()[", &quoted, "] = handler\n"].concat());
        }
    }
    code
}

#[cfg(test)]
mod tests {
    use super::stub_code;
    use crate::plan::test_support::{plan_of, resource};
    use crate::plan::{ARTIFACT_BUCKET, Expr, expr::text};

    #[test]
    fn a_handler_outside_index_gets_a_stub_zip_named_after_its_module() {
        let plan = plan_of("lambda api { handler = \"app.main\" }\n");
        let function = resource(&plan, "ApiFunction");
        let Some(Expr::Map(code)) = function.properties.get("Code") else {
            unreachable!("{function:?}");
        };
        assert_eq!(
            code.get("S3Bucket"),
            Some(&Expr::Ref(ARTIFACT_BUCKET.to_string()))
        );
        assert_eq!(plan.artifacts.len(), 1);
        let artifact = &plan.artifacts[0];
        assert_eq!(code.get("S3Key"), Some(&text(artifact.key.clone())));
        assert!(
            artifact.key.starts_with("artifacts/api-"),
            "{}",
            artifact.key
        );
        assert_eq!(artifact.source, None);
        assert!(
            plan.parameters
                .iter()
                .any(|parameter| parameter.id == ARTIFACT_BUCKET && parameter.artifact_bucket)
        );
        let zip = std::io::Cursor::new(artifact.package.zip.to_vec());
        let names: Vec<String> = zip::ZipArchive::new(zip)
            .map(|archive| {
                archive
                    .file_names()
                    .filter_map(|name| name.ok().map(|name| name.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(names, ["app.py"]);
    }

    #[test]
    fn the_stub_exports_the_function_after_the_dot() {
        assert!(stub_code("python3.12", "main").ends_with("globals()[\"main\"] = handler\n"));
        assert!(
            stub_code("nodejs20.x", "go\"; x")
                .ends_with("exports[\"go\\\"; x\"] = exports.handler;\n")
        );
        let plan = plan_of("lambda api { handler = \"index.main\" }\n");
        let function = resource(&plan, "ApiFunction");
        assert!(plan.artifacts.is_empty());
        let Some(Expr::Map(code)) = function.properties.get("Code") else {
            unreachable!("{function:?}");
        };
        assert_eq!(
            code.get("ZipFile"),
            Some(&text(stub_code("python3.12", "main")))
        );
    }

    #[test]
    fn local_code_is_the_loaders_package_in_the_artifact_bucket() {
        let plan = plan_of(
            "lambda resize { code = \"./functions/resize\", handler = \"app.handler\", runtime = \"python3.12\" }\n",
        );
        assert_eq!(plan.artifacts.len(), 1);
        assert_eq!(
            plan.artifacts[0].source.as_deref(),
            Some("functions/resize")
        );
    }

    #[test]
    fn configuration_reaches_the_function_and_its_log_group() {
        let plan = plan_of(
            "lambda api { log-retention = 14, tracing = Active, architecture = arm64, layers = [\"arn:aws:lambda:us-east-1:123456789012:layer:deps:3\"], reserved-concurrency = 5, ephemeral-storage = 1024 }\n",
        );
        let function = resource(&plan, "ApiFunction");
        for key in [
            "TracingConfig",
            "Architectures",
            "Layers",
            "ReservedConcurrentExecutions",
            "EphemeralStorage",
        ] {
            assert!(function.properties.contains_key(key), "{key}: {function:?}");
        }
        let group = resource(&plan, "ApiFunctionLogGroup");
        assert_eq!(
            group.properties.get("RetentionInDays"),
            Some(&Expr::Number("14".to_string()))
        );
        let role = resource(&plan, "ApiFunctionRole");
        assert!(format!("{role:?}").contains("xray:PutTraceSegments"));
        let bare = plan_of("lambda api\n");
        assert_eq!(
            resource(&bare, "ApiFunctionLogGroup")
                .properties
                .get("RetentionInDays"),
            Some(&Expr::Number("30".to_string()))
        );
        assert!(!format!("{:?}", resource(&bare, "ApiFunctionRole")).contains("xray"));
    }
}
