//! Syntax errors: one diagnostic, in the user's words, snapshotted.

use crate::support;

const CASES: &[(&str, &str)] = &[
    ("trailing_arrow", "s3 uploads -> notify ->\n"),
    ("unclosed_string", "sns alerts -> email \"ops@example.com\n"),
    ("unclosed_block", "lambda fn { runtime = \"python3.12\"\n"),
    ("missing_value", "lambda fn { timeout = }\n"),
    ("stray_symbol", "sqs jobs -> lambda worker %\n"),
];

#[test]
fn syntax_errors_say_what_was_expected() {
    let catalogue = support::catalogue();
    for (name, text) in CASES {
        let compilation = support::compile_text("a.wire", text, &catalogue);
        assert_eq!(
            compilation.diagnostics.len(),
            1,
            "{name}: {:?}",
            compilation.diagnostics
        );
        assert_eq!(compilation.diagnostics[0].code, "E001");
        insta::with_settings!({ snapshot_suffix => *name, omit_expression => true, description => *text }, {
            insta::assert_snapshot!("syntax", support::rendered(&compilation));
        });
    }
}

#[test]
fn chains_continue_on_lines_that_start_with_an_arrow() {
    let catalogue = support::catalogue();
    let text = "codecommit repo # the source\n  -> trigger on push main\n  -> lambda hook\n";
    let compilation = support::compile_text("a.wire", text, &catalogue);
    assert!(
        compilation.diagnostics.is_empty(),
        "{}",
        support::rendered(&compilation)
    );
    assert_eq!(compilation.model.edges.len(), 1);
}

#[test]
fn a_number_right_before_an_arrow_is_still_a_number() {
    let catalogue = support::catalogue();
    let spaced = support::compile_text(
        "a.wire",
        "sqs q -> poll window 1 batch 100 -> lambda f\n",
        &catalogue,
    );
    let tight = support::compile_text(
        "b.wire",
        "sqs q -> poll window 1 batch 100->lambda f\n",
        &catalogue,
    );
    assert!(
        spaced.diagnostics.is_empty() && tight.diagnostics.is_empty(),
        "{}",
        support::rendered(&tight)
    );
    assert_eq!(
        spaced.cloudformation(&catalogue).unwrap()["Resources"]["FMappingFromQ"]["Properties"],
        tight.cloudformation(&catalogue).unwrap()["Resources"]["FMappingFromQ"]["Properties"]
    );
}
