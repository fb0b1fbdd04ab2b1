//! References `NAME.attribute`: what each backend writes for them in every
//! place that takes them, that they order but never grant, and the circles
//! they may not close.

use crate::support;
use serde_json::{Value, json};
use wirec::emit::cloudformation::Format;

const FIXTURE: &str = "tests/fixtures/references/references.wire";

fn codes(text: &str) -> Vec<String> {
    let catalogue = support::catalogue();
    let compilation = support::compile_text("a.wire", text, &catalogue);
    compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.clone())
        .collect()
}

fn template_of(text: &str) -> Value {
    let catalogue = support::catalogue();
    let compilation = support::compile_text("a.wire", text, &catalogue);
    serde_json::from_str(&support::template(&compilation, &catalogue, Format::Json)).unwrap()
}

#[test]
fn references_render_in_every_place_in_both_backends() {
    let catalogue = support::catalogue();
    let compilation = support::compile_file(FIXTURE.as_ref(), &catalogue);
    let template = support::template(&compilation, &catalogue, Format::Json);
    let terraform = compilation
        .terraform_text(&catalogue)
        .expect("the fixture compiles");
    insta::with_settings!({ snapshot_suffix => "cloudformation", omit_expression => true, description => FIXTURE }, {
        insta::assert_snapshot!("references", template);
    });
    insta::with_settings!({ snapshot_suffix => "terraform", omit_expression => true, description => FIXTURE }, {
        insta::assert_snapshot!("references", terraform);
    });
}

#[test]
fn a_reference_is_a_ref_an_attribute_or_a_literal_and_never_a_grant() {
    let template = template_of(
        "sqs jobs\ndynamodb orders\nlambda api { environment = { JOBS = jobs.url, ORDERS = orders.name, ORDERS_ARN = orders.arn } }\n",
    );
    let resources = &template["Resources"];
    assert_eq!(
        resources["ApiFunction"]["Properties"]["Environment"]["Variables"],
        json!({
            "JOBS": { "Ref": "JobsQueue" },
            "ORDERS": { "Ref": "OrdersTable" },
            "ORDERS_ARN": { "Fn::GetAtt": ["OrdersTable", "Arn"] },
        })
    );
    // The function's role gets its log statements only.
    let role = resources["ApiFunctionRole"].to_string();
    assert!(
        !role.contains("JobsQueue") && !role.contains("OrdersTable"),
        "{role}"
    );
    assert!(resources.get("JobsQueuePolicy").is_none());
}

#[test]
fn an_existing_resource_gives_what_its_arn_says() {
    let template = template_of(
        "sqs legacy = existing \"arn:aws:sqs:eu-west-1:123456789012:legacy\"\nlambda api { environment = { URL = legacy.url, NAME = legacy.name, ARN = legacy.arn } }\n",
    );
    assert_eq!(
        template["Resources"]["ApiFunction"]["Properties"]["Environment"]["Variables"],
        json!({
            "URL": "https://sqs.eu-west-1.amazonaws.com/123456789012/legacy",
            "NAME": "legacy",
            "ARN": "arn:aws:sqs:eu-west-1:123456789012:legacy",
        })
    );
    assert_eq!(
        codes(
            "dynamodb t = existing \"arn:aws:dynamodb:us-east-1:123456789012:table/t\"\nlambda api { environment = { S = t.stream-arn } }\n"
        ),
        ["E133"]
    );
}

#[test]
fn a_quoted_reference_is_text_and_a_word_with_other_dots_is_a_word() {
    let template = template_of(
        "sqs jobs\nlambda api { environment = { A = \"jobs.url\" }, tags = { b = \"x.y\" } }\n",
    );
    let function = &template["Resources"]["ApiFunction"]["Properties"];
    assert_eq!(function["Environment"]["Variables"]["A"], json!("jobs.url"));
    // `a.B` is not a reference (attributes are lowercase): a parameter, undeclared.
    assert_eq!(
        codes("lambda api { environment = { A = jobs.Url } }\n"),
        ["E105"]
    );
}

#[test]
fn bad_references_say_what_is_wrong_where() {
    assert_eq!(
        codes("sqs jobs\nlambda api { environment = { A = job.url } }\n"),
        ["E130"]
    );
    assert_eq!(
        codes("sqs jobs\nlambda api { environment = { A = jobs.uri } }\n"),
        ["E131"]
    );
    // A table has a stream ARN once a `stream` edge turns its stream on.
    assert_eq!(
        codes("dynamodb t\nlambda api { environment = { A = t.stream-arn } }\n"),
        ["E131"]
    );
    // Addresses have no attributes.
    assert_eq!(
        codes(
            "sns t -> email ops@example.com\nlambda api { environment = { A = ops@example.com.arn } }\n"
        ),
        ["E130"]
    );
    assert_eq!(
        codes("sqs jobs\nlambda api { runtime = jobs.url }\n"),
        ["E132"]
    );
    assert_eq!(
        codes("sqs jobs\nlambda api { timeout = jobs.url }\n"),
        ["E107"]
    );
}

#[test]
fn references_may_not_close_a_circle() {
    // A rule names its target; the target naming the rule's ARN closes a circle.
    assert_eq!(
        codes(
            "events nightly on aws.s3 -> lambda sweep { environment = { RULE = nightly.arn } }\n"
        ),
        ["E134"]
    );
    assert_eq!(
        codes(
            "lambda a { environment = { B = b.arn } }\nlambda b { environment = { A = a.arn } }\n"
        ),
        ["E134"]
    );
    assert_eq!(
        codes("lambda a { environment = { SELF = a.arn } }\n"),
        ["E134"]
    );
    // A bucket's name and ARN are literal: the function it notifies may name it.
    let template = template_of(
        "s3 media -> notify on object-created -> lambda thumbs { environment = { BUCKET = media.name } }\nlambda other { tags = { f = thumbs.arn } }\n",
    );
    assert_eq!(
        template["Resources"]["ThumbsFunction"]["Properties"]["Environment"]["Variables"]["BUCKET"],
        json!({ "Fn::Sub": "media-${AWS::AccountId}-${AWS::Region}" })
    );
}

#[test]
fn a_referenced_declaration_is_created_first_whatever_the_source_order() {
    // `later` is declared after the function that names it.
    let template = template_of("lambda api { environment = { Q = later.url } }\nsqs later\n");
    assert_eq!(
        template["Resources"]["ApiFunction"]["Properties"]["Environment"]["Variables"]["Q"],
        json!({ "Ref": "LaterQueue" })
    );
}

/// The diagnostics of a wiring with where each points, as `CODE text-under-span`.
fn placed(text: &str) -> Vec<String> {
    support::placed_codes(text)
        .into_iter()
        .map(|(code, under)| format!("{code} {under}"))
        .collect()
}

const MACHINE_HEAD: &str = "sqs jobs\ns3 media\nstepfunctions checkout {\n  definition = ";

#[test]
fn a_placeholder_without_its_substitution_is_an_error_where_it_stands() {
    // The escapes before the placeholder move it in the file, not in the text.
    let wiring = format!(
        "{MACHINE_HEAD}\"{{\\\"StartAt\\\":\\\"S\\\",\\\"States\\\":{{}},\\\"Q\\\":\\\"${{queu}}\\\",\\\"B\\\":\\\"${{bucket}}\\\",\\\"T\\\":\\\"\\\\t${{other}}\\\"}}\"\n  substitutions = {{ queue = jobs.url, bucket = media.name }}\n}}\n"
    );
    assert_eq!(
        placed(&wiring),
        ["E140 ${queu}", "E140 ${other}", "W141 queue"]
    );
    let catalogue = support::catalogue();
    let compilation = support::compile_text("a.wire", &wiring, &catalogue);
    let typo = &compilation.diagnostics[0];
    assert_eq!(typo.help.as_deref(), Some("did you mean `${queue}`?"));
    // The quick fix replaces the key inside the braces.
    let edit = &typo.suggestions[0].edits[0];
    assert_eq!(
        &wiring[edit.span.start as usize..edit.span.end as usize],
        "queu"
    );
    assert_eq!(edit.replacement, "queue");
    let unused = &compilation.diagnostics[2];
    assert!(
        unused
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("`${queu}`"),
        "{:?}",
        unused.help
    );
}

#[test]
fn text_cloudformation_leaves_alone_is_not_a_placeholder() {
    // `${a b}` and `${}` are not keys; CloudFormation still replaces the
    // `${queue}` in `${x ${queue}`, so it is a use; no substitutions, no check.
    let wiring = format!(
        "{MACHINE_HEAD}\"{{\\\"StartAt\\\":\\\"S\\\",\\\"States\\\":{{}},\\\"A\\\":\\\"${{a b}}${{}}\\\",\\\"Q\\\":\\\"${{x ${{queue}}\\\"}}\"\n  substitutions = {{ queue = jobs.url }}\n}}\n"
    );
    assert!(placed(&wiring).is_empty(), "{:?}", placed(&wiring));
    let bare = format!(
        "{MACHINE_HEAD}\"{{\\\"StartAt\\\":\\\"S\\\",\\\"States\\\":{{}},\\\"A\\\":\\\"${{literal}}\\\"}}\"\n}}\n"
    );
    assert!(placed(&bare).is_empty(), "{:?}", placed(&bare));
}

#[test]
fn a_pattern_takes_only_whole_values() {
    let rule = |pattern: &str, substitutions: &str| {
        format!(
            "s3 media\nevents uploads {{\n  pattern = \"{pattern}\"\n  substitutions = {{ {substitutions} }}\n}}\nuploads -> lambda f\n"
        )
    };
    assert!(
        placed(&rule(
            r#"{\"source\":[\"aws.s3\"],\"detail\":{\"bucket\":{\"name\":[\"${bucket}\"]}}}"#,
            "bucket = media.name"
        ))
        .is_empty()
    );
    assert_eq!(
        placed(&rule(
            r#"{\"source\":[\"aws.s3\"],\"detail\":{\"bucket\":{\"name\":[\"${bukket}\"]}}}"#,
            "bucket = media.name"
        )),
        ["E140 ${bukket}", "W141 bucket"]
    );
    // Inside a longer value or as a key, `${bucket}` stays as written: the
    // substitution is unused, and says why; other `${...}` there is text.
    let partial = rule(
        r#"{\"detail\":{\"key\":[{\"prefix\":\"${bucket}/\"}],\"${other}\":[\"x\"]}}"#,
        "bucket = media.name",
    );
    assert_eq!(placed(&partial), ["W141 bucket"]);
    let catalogue = support::catalogue();
    let compilation = support::compile_text("a.wire", &partial, &catalogue);
    assert!(
        compilation.diagnostics[0]
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("exactly"),
        "{:?}",
        compilation.diagnostics[0].help
    );
}
