//! A Step Functions state machine: its logging configuration as a
//! `logging_configuration` block, and its definition with the values of its
//! substitutions written in (Terraform's `aws_sfn_state_machine` has no
//! `DefinitionSubstitutions`).

use super::super::expr::push_literal;
use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    if let (Some(Expr::Map(substitutions)), Some(Expr::Text(definition))) = (
        props.get("DefinitionSubstitutions"),
        props.get("DefinitionString"),
    ) {
        // `${key}` of a substitution becomes its value's interpolation, as
        // CloudFormation replaces it; any other text stays literal.
        let mut out = String::with_capacity(definition.len());
        let mut rest = definition.as_ref();
        while let Some(start) = rest.find("${") {
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                break;
            };
            if let Some(value) = substitutions.get(&after[..end]) {
                push_literal(&mut out, &rest[..start]);
                let value = r.template(value);
                out.push_str(&value);
            } else {
                push_literal(&mut out, &rest[..=start + 2 + end]);
            }
            rest = &after[end + 1..];
        }
        push_literal(&mut out, rest);
        body.insert("definition".into(), Value::String(out));
    }
    if let Some(logging) = props.get("LoggingConfiguration") {
        let mut block = Map::new();
        let destination = items(field(logging, "Destinations"))
            .first()
            .and_then(|destination| field(destination, "CloudWatchLogsLogGroup"))
            .and_then(|group| field(group, "LogGroupArn"));
        r.set(&mut block, "log_destination", destination);
        r.set(&mut block, "level", field(logging, "Level"));
        let data = field(logging, "IncludeExecutionData");
        r.set(&mut block, "include_execution_data", data);
        body.insert(
            "logging_configuration".into(),
            Value::Array(vec![Value::Object(block)]),
        );
    }
}
