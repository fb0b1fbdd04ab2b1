//! Values AWS refuses for their form, from the catalogue's `keys` and `json`
//! facets: a function's environment (E123) and a state machine's definition
//! (E124).

use crate::support;

/// Each diagnostic's code and the text its primary span covers.
fn reports(text: &str) -> Vec<(String, String)> {
    support::placed_codes(text)
}

fn pair(code: &str, covered: &str) -> (String, String) {
    (code.to_string(), covered.to_string())
}

#[test]
fn reserved_and_malformed_environment_keys_point_at_the_key() {
    assert_eq!(
        reports(
            "lambda api { environment = { AWS_REGION = \"x\", _X = \"y\", ok_KEY1 = \"z\" } }\n"
        ),
        vec![pair("E123", "AWS_REGION"), pair("E123", "_X")]
    );
}

#[test]
fn a_variable_an_access_edge_adds_is_held_to_the_same_rules() {
    // `aws-lambda` gives its caller `AWS_LAMBDA_FUNCTION_NAME`, which Lambda sets itself.
    assert_eq!(
        reports("lambda api -> calls -> lambda aws-lambda\n"),
        vec![pair("E123", "lambda aws-lambda")]
    );
    assert!(reports("lambda api -> calls env false -> lambda aws-lambda\n").is_empty());
}

#[test]
fn the_total_counts_only_when_every_value_is_literal() {
    let long = "v".repeat(4_000);
    let over = format!("lambda api {{ environment = {{ A1 = \"{long}\", B1 = \"{long}\" }} }}\n");
    let codes: Vec<String> = reports(&over).into_iter().map(|(code, _)| code).collect();
    assert_eq!(codes, vec!["E123".to_string()]);
    let with_reference = format!(
        "sqs jobs\nlambda api {{ environment = {{ A1 = \"{long}\", B1 = \"{long}\", QUEUE = jobs.url }} }}\n"
    );
    assert!(reports(&with_reference).is_empty());
}

#[test]
fn a_definition_that_is_not_json_is_reported_where_it_stops_being_json() {
    // The `\"` escapes before the fault move it in the file, not in the text.
    let missing_colon =
        "stepfunctions c { definition = \"{\\\"StartAt\\\" \\\"X\\\", \\\"States\\\": {}}\" }\n";
    assert_eq!(reports(missing_colon), vec![pair("E124", "\\\"")]);
    let unclosed =
        "stepfunctions c { definition = \"{\\\"StartAt\\\": \\\"X\\\", \\\"States\\\": {}\" }\n";
    let codes: Vec<String> = reports(unclosed)
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert_eq!(codes, vec!["E124".to_string()]);
}

#[test]
fn a_definition_needs_start_at_and_states_and_placeholders_read_as_values() {
    let no_start = "stepfunctions c { definition = \"{\\\"States\\\": {}}\" }\n";
    assert_eq!(
        reports(no_start),
        vec![pair("E124", "\"{\\\"States\\\": {}}\"")]
    );
    // `${queue}` stands where JSON wants a value until CloudFormation replaces it.
    let substituted = "sqs jobs\nstepfunctions c {\n  definition = \"{\\\"StartAt\\\": \\\"S\\\", \\\"States\\\": {\\\"S\\\": {\\\"Type\\\": \\\"Pass\\\", \\\"Result\\\": ${queue}, \\\"End\\\": true}}}\"\n  substitutions = { queue = jobs.url }\n}\n";
    assert!(
        reports(substituted).is_empty(),
        "{:?}",
        reports(substituted)
    );
}
