//! A Step Functions state machine: its logging configuration as a `logging_configuration` block.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
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
