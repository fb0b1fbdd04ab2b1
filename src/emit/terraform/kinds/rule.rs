//! An EventBridge rule, and one `aws_cloudwatch_event_target` per target.

use super::prelude::*;

/// A nested object of a target that Terraform writes as a block:
/// (CloudFormation property, block, its fields renamed).
type TargetBlock = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// The target's nested objects that are Terraform blocks.
const TARGET_BLOCKS: &[TargetBlock] = &[
    (
        "InputTransformer",
        "input_transformer",
        &[
            ("InputPathsMap", "input_paths"),
            ("InputTemplate", "input_template"),
        ],
    ),
    ("DeadLetterConfig", "dead_letter_config", &[("Arn", "arn")]),
    (
        "RetryPolicy",
        "retry_policy",
        &[
            ("MaximumRetryAttempts", "maximum_retry_attempts"),
            ("MaximumEventAgeInSeconds", "maximum_event_age_in_seconds"),
        ],
    ),
    (
        "HttpParameters",
        "http_target",
        &[("PathParameterValues", "path_parameter_values")],
    ),
    (
        "RedshiftDataParameters",
        "redshift_target",
        &[
            ("Database", "database"),
            ("DbUser", "db_user"),
            ("SecretManagerArn", "secrets_manager_arn"),
            ("Sql", "sql"),
            ("StatementName", "statement_name"),
            ("WithEvent", "with_event"),
        ],
    ),
    (
        "SqsParameters",
        "sqs_target",
        &[("MessageGroupId", "message_group_id")],
    ),
];

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, _, own) = draft;
    for target in items(props.get("Targets")) {
        let mut split = Map::new();
        split.insert(
            "rule".into(),
            json!(format!("${{aws_cloudwatch_event_rule.{own}.name}}")),
        );
        // A target of a rule on a custom bus names that bus too.
        r.set(&mut split, "event_bus_name", props.get("EventBusName"));
        r.set(&mut split, "target_id", field(target, "Id"));
        r.set(&mut split, "arn", field(target, "Arn"));
        r.set(&mut split, "role_arn", field(target, "RoleArn"));
        r.set(&mut split, "input", field(target, "Input"));
        r.set(&mut split, "input_path", field(target, "InputPath"));
        for (property, block, fields) in TARGET_BLOCKS {
            if let Some(source) = field(target, property) {
                let value = r.renamed(source, fields);
                split.insert((*block).into(), value);
            }
        }
        let suffix = text_of(field(target, "Id")).map_or_else(|| "target".to_string(), name);
        let split_name = r.split_name("aws_cloudwatch_event_target", format!("{own}_{suffix}"));
        r.split_off(resource, "aws_cloudwatch_event_target", split_name, split);
    }
}
