//! No wiring that `check` accepts makes a template that waits for itself in a
//! circle: access-edge variables that would close one are left out (W122),
//! and a code's source waits for its access policy only where that closes none.

use crate::support::{self, dependencies};
use serde_json::Value;
use wirec::emit::cloudformation::Format;

/// The codes of a wiring's diagnostics, and both backends' output (which must exist).
fn compiled(text: &str) -> (Vec<String>, Value, Value) {
    let catalogue = support::catalogue();
    let compilation = support::compile_text("a.wire", text, &catalogue);
    let codes = compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.clone())
        .collect();
    let template =
        serde_json::from_str(&support::template(&compilation, &catalogue, Format::Json)).unwrap();
    let terraform = serde_json::from_str(&compilation.terraform_text(&catalogue).unwrap()).unwrap();
    (codes, template, terraform)
}

fn assert_acyclic(what: &str, template: &Value, terraform: &Value) {
    if let Some(circle) = dependencies::cloudformation_circle(template) {
        panic!("{what}: the CloudFormation template waits for itself: {circle:?}");
    }
    if let Some(circle) = dependencies::terraform_circle(terraform) {
        panic!("{what}: the Terraform configuration waits for itself: {circle:?}");
    }
}

/// Shapes whose access-edge variables would close a circle, with the codes
/// `check` reports for them (W210: edges that call in a circle are an event loop).
const CYCLIC: &[(&str, &[&str])] = &[
    (
        "lambda a -> calls -> lambda b\nlambda b -> calls -> lambda a\n",
        &["W122", "W210"],
    ),
    (
        "lambda a -> calls -> lambda b\nlambda b -> calls -> lambda c\nlambda c -> calls -> lambda a\n",
        &["W122", "W210"],
    ),
    (
        "lambda d -> calls -> lambda a\nlambda b -> calls -> lambda c\nlambda a -> calls -> lambda b\nlambda c -> calls -> lambda d\n",
        &["W122", "W210"],
    ),
    // A reference the user wrote stays; the variable goes.
    (
        "lambda a -> calls -> lambda b\nlambda b { environment = { A = a.arn } }\n",
        &["W122"],
    ),
    (
        "lambda a -> calls -> lambda b\nlambda b -> calls -> lambda c\nlambda c { environment = { A = a.name } }\n",
        &["W122"],
    ),
    // A state machine whose definition names the function that starts it.
    (
        "lambda start -> calls -> stepfunctions flow\nstepfunctions flow { definition = \"{\\\"StartAt\\\":\\\"S\\\",\\\"States\\\":{\\\"S\\\":{\\\"Type\\\":\\\"Task\\\",\\\"Resource\\\":\\\"${f}\\\",\\\"End\\\":true}}}\", substitutions = { f = start.arn } }\n",
        &["W122"],
    ),
    // A machine and a function that start each other: the machine has no variables.
    (
        "lambda a -> calls -> stepfunctions flow\nstepfunctions flow -> calls -> lambda a\n",
        &["W210"],
    ),
    // Two machines that start each other, and a build project in between.
    (
        "stepfunctions one -> calls -> stepfunctions two\nstepfunctions two -> calls -> stepfunctions one\ncodebuild ci -> calls -> lambda a\nlambda a -> calls -> stepfunctions one\n",
        &["W210"],
    ),
];

#[test]
fn cyclic_shapes_compile_to_templates_without_a_circle() {
    for (text, expected) in CYCLIC {
        let (mut codes, template, terraform) = compiled(text);
        codes.sort();
        codes.dedup();
        assert_eq!(&codes, expected, "{text}");
        assert_acyclic(text, &template, &terraform);
    }
}

#[test]
fn of_a_ring_only_the_edge_that_closes_it_loses_its_variables() {
    let (_, template, _) = compiled(
        "lambda a -> calls -> lambda b\nlambda b -> calls -> lambda c\nlambda c -> calls -> lambda a\n",
    );
    let resources = &template["Resources"];
    let variables = |id: &str| resources[id]["Properties"]["Environment"]["Variables"].clone();
    assert!(variables("AFunction")["B_FUNCTION_ARN"].is_object());
    assert!(variables("BFunction")["C_FUNCTION_ARN"].is_object());
    assert!(
        variables("CFunction").is_null(),
        "{}",
        resources["CFunction"]
    );
    let note = resources["CFunction"]["Metadata"].to_string();
    assert!(
        note.contains("A_FUNCTION_ARN") && note.contains("W122"),
        "{note}"
    );
    // The grant stays.
    assert!(resources["CAccessPolicy"].to_string().contains("AFunction"));
}

#[test]
fn a_source_waits_for_its_access_policy_unless_that_closes_a_circle() {
    let (_, template, terraform) = compiled(
        "lambda api -> writes -> dynamodb orders\nlambda api -> calls -> lambda pricing\n",
    );
    let graph = dependencies::cloudformation_graph(&template);
    assert!(
        graph["ApiFunction"].contains("ApiAccessPolicy"),
        "{graph:?}"
    );
    let graph = dependencies::terraform_graph(&terraform);
    let function = "aws_lambda_function.api_function";
    assert!(
        graph[function]
            .iter()
            .any(|address| address.starts_with("aws_iam_role_policy_attachment.api_access_policy")),
        "{:?}",
        graph[function]
    );
    // Of two functions that call each other, the first waits; the second cannot.
    let (_, template, terraform) =
        compiled("lambda a -> calls -> lambda b\nlambda b -> calls -> lambda a\n");
    let graph = dependencies::cloudformation_graph(&template);
    assert!(dependencies::waits_for(
        &graph,
        "AFunction",
        "AAccessPolicy"
    ));
    assert!(!dependencies::waits_for(
        &graph,
        "BFunction",
        "BAccessPolicy"
    ));
    let note = template["Resources"]["BFunction"]["Metadata"].to_string();
    assert!(note.contains("BAccessPolicy"), "{note}");
    assert_acyclic("a pair", &template, &terraform);
}

#[test]
fn examples_and_every_edge_fixtures_make_no_circle() {
    let catalogue = support::catalogue();
    let mut paths = support::examples();
    paths.extend(support::every_edge_fixtures());
    paths.push(std::path::PathBuf::from(
        "tests/fixtures/references/references.wire",
    ));
    for path in paths {
        let compilation = support::compile_file(&path, &catalogue);
        let Some(template) = compilation.cloudformation(&catalogue) else {
            continue; // the examples of mistakes
        };
        let terraform =
            serde_json::from_str(&compilation.terraform_text(&catalogue).unwrap()).unwrap();
        assert_acyclic(&path.display().to_string(), &template, &terraform);
    }
}
