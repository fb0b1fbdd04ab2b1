//! AWS Lambda: a function, its role and its log group.

use crate::plan::build::Handle;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::iam::statement;
use crate::plan::services::Creation;
use crate::plan::{Cow, Expr, Fields, Kind, map};

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let Creation { id, origin, .. } = *cx;
    let logical = cx.logical.as_str();
    let role = format!("{logical}Role");
    let log_group = format!("{logical}LogGroup");
    out.add(log_group.clone(), Kind::LogGroup, origin, Fields::new());
    let write_logs = statement(
        &["logs:CreateLogStream", "logs:PutLogEvents"],
        vec![Expr::arn(&log_group)],
    );
    out.role(
        &role,
        origin,
        text("lambda.amazonaws.com"),
        None,
        vec![write_logs],
    );
    let runtime = match cx.property(id, "runtime") {
        Some(Expr::Text(runtime)) => runtime,
        _ => Cow::Borrowed("python3.12"),
    };
    let handler = cx
        .property(id, "handler")
        .unwrap_or_else(|| text("index.handler"));
    let code = match cx.property(id, "code") {
        Some(Expr::Text(location)) => {
            let rest = location.trim_start_matches("s3://");
            let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
            map([
                ("S3Bucket", text(bucket.to_string())),
                ("S3Key", text(key.to_string())),
            ])
        }
        _ => map([("ZipFile", text(stub_code(&runtime)))]),
    };
    properties.insert("Runtime", text(runtime));
    properties.insert("Handler", handler);
    properties.insert("Code", code);
    properties.insert("Role", Expr::arn(&role));
    properties.insert("LoggingConfig", map([("LogGroup", Expr::Ref(log_group))]));
    cx.copy_properties(
        id,
        properties,
        &[("memory", "MemorySize"), ("timeout", "Timeout")],
    );
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

pub(in crate::plan) fn stub_code(runtime: &str) -> &'static str {
    if runtime.starts_with("nodejs") {
        "exports.handler = async (event) => { console.log(JSON.stringify(event)); return {}; };\n"
    } else {
        "import json\n\ndef handler(event, context):\n    print(json.dumps(event))\n    return {}\n"
    }
}
