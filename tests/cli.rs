//! The real binary: exit codes, output files, explain and rules.

use crate::support::{wirec, wirec_in};
use std::path::Path;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).replace('\\', "/")
}

#[test]
fn check_of_a_clean_example_exits_zero() {
    let output = wirec(&["check", "examples/cicd-notifications.wire"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    insta::assert_snapshot!(text(&output.stderr), @"checked 1 file: 0 errors, 0 warnings");
}

#[test]
fn check_of_the_mistakes_exits_one_and_renders_diagnostics() {
    let output = wirec(&["check", "examples/mistakes.wire"]);
    assert_eq!(output.status.code(), Some(1));
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!("check_mistakes_stderr", text(&output.stderr));
    });
}

#[test]
fn a_missing_file_is_a_usage_error() {
    let output = wirec(&["check", "no/such/file.wire"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
}

#[test]
fn unknown_arguments_are_a_usage_error() {
    assert_eq!(wirec(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        wirec(&["build", "examples/s3-ingest.wire"]).status.code(),
        Some(2)
    );
}

#[test]
fn build_writes_one_template_per_file_in_both_formats() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().to_str().unwrap();
    for format in ["json", "yaml"] {
        let output = wirec(&[
            "build",
            "examples/s3-ingest.wire",
            "examples/stream-processing.wire",
            "-o",
            out,
            "--format",
            format,
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        for stem in ["s3-ingest", "stream-processing"] {
            let path = folder.path().join(format!("{stem}.template.{format}"));
            let written = std::fs::read_to_string(&path).unwrap();
            assert!(
                written.contains("AWSTemplateFormatVersion"),
                "{}",
                path.display()
            );
        }
    }
    // Only the templates and `artifacts/` (s3-ingest's handler, `importer`,
    // gets its stub as a zip): no temporary files left behind.
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 5);
}

#[test]
fn build_with_errors_writes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("out");
    let output = wirec(&[
        "build",
        "examples/s3-ingest.wire",
        "examples/mistakes.wire",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!Path::new(&out).exists());
}

#[test]
fn explain_prints_the_long_form_with_its_source() {
    let output = wirec(&["explain", "E301"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("E301 codedeploy-trigger-target (error)"),
        "{stdout}"
    );
    assert!(stdout.contains("Source: "), "{stdout}");
    let by_slug = wirec(&["explain", "codedeploy-trigger-target"]);
    assert_eq!(text(&by_slug.stdout), stdout);
    assert_eq!(wirec(&["explain", "E999"]).status.code(), Some(2));
}

#[test]
fn rules_lists_every_code_in_text_and_json() {
    let listing = text(&wirec(&["rules"]).stdout);
    let json: serde_json::Value =
        serde_json::from_slice(&wirec(&["rules", "--format", "json"]).stdout).unwrap();
    let count = json.as_array().unwrap().len();
    assert_eq!(listing.lines().count(), count);
    assert!(listing.lines().any(|line| line.starts_with("W401")));
}

#[test]
fn help_shows_examples() {
    let help = text(&wirec(&["--help"]).stdout);
    assert!(help.contains("Examples:"), "{help}");
}

#[test]
fn use_brings_in_another_file_relative_to_the_user() {
    let folder = tempfile::tempdir().unwrap();
    let shared = folder.path().join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(
        shared.join("alerts.wire"),
        "sns ops-alerts { subscribe email \"ops@example.com\" }\n",
    )
    .unwrap();
    std::fs::write(
        folder.path().join("main.wire"),
        "use \"shared/alerts.wire\"\ncodedeploy web -> trigger -> ops-alerts\n",
    )
    .unwrap();
    let main = folder.path().join("main.wire");
    let out = folder.path().join("out");
    let output = wirec(&["build", main.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let template = std::fs::read_to_string(out.join("main.template.json")).unwrap();
    assert!(template.contains("\"OpsAlertsTopic\""), "{template}");
    assert!(
        template.contains("shared/alerts.wire:1:1"),
        "the topic's source location names the used file"
    );
}

#[test]
fn a_missing_used_file_is_reported_where_it_is_used() {
    let folder = tempfile::tempdir().unwrap();
    let main = folder.path().join("main.wire");
    std::fs::write(&main, "use \"nowhere.wire\"\nsqs jobs -> lambda worker\n").unwrap();
    let output = wirec(&["check", main.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("[E109]") && stderr.contains("main.wire:1:5"),
        "{stderr}"
    );
}

#[test]
fn a_project_adds_rule_packs_and_changes_severities() {
    let project = "examples/rule-pack/wire.toml";
    let folder = tempfile::tempdir().unwrap();
    let mail = folder.path().join("mail.wire");
    std::fs::write(&mail, "sns alerts -> email \"ops@example.com\"\n").unwrap();
    let output = wirec(&["--project", project, "check", mail.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("[E701]"),
        "{}",
        text(&output.stderr)
    );
    // Without the project the same wiring is fine.
    assert_eq!(
        wirec(&["check", mail.to_str().unwrap()]).status.code(),
        Some(0)
    );

    let readers = folder.path().join("readers.wire");
    std::fs::write(&readers, "dynamodb t -> stream -> lambda a\ndynamodb t -> stream -> lambda b\ndynamodb t -> stream -> lambda c\n").unwrap();
    // W401 is a warning by default (exit 0) and an error under the project's `deny`.
    assert_eq!(
        wirec(&["check", readers.to_str().unwrap()]).status.code(),
        Some(0)
    );
    assert_eq!(
        wirec(&["--project", project, "check", readers.to_str().unwrap()])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        wirec(&["--deny", "warnings", "check", readers.to_str().unwrap()])
            .status
            .code(),
        Some(1)
    );
    let allowed = wirec(&["--allow", "W401", "check", readers.to_str().unwrap()]);
    assert_eq!(
        text(&allowed.stderr).trim(),
        "checked 1 file: 0 errors, 0 warnings"
    );
    // Errors cannot be allowed, and unknown codes are usage errors.
    assert_eq!(
        wirec(&["--allow", "E301", "check", readers.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        wirec(&["--deny", "W999", "check", readers.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn the_rule_pack_example_checks_cleanly_in_its_folder() {
    let output = wirec_in(Path::new("examples/rule-pack"), &["check", "alerts.wire"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

/// The grant fixture of `explain --grant`: a function a bucket invokes (line 4)
/// and a queue a topic sends to (line 6).
const GRANTS: &str = "tests/fixtures/grants/explain.wire";

#[test]
fn explain_grant_prints_each_statement_by_line() {
    let output = wirec(&["explain", "--grant", GRANTS]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!("explain_grant_text", text(&output.stdout));
    });
}

#[test]
fn explain_grant_json_is_the_manifest_with_the_template_s_expressions() {
    let output = wirec(&["explain", "--grant", GRANTS, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let manifest: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["path"], GRANTS);
    let grants = files[0]["grants"].as_array().unwrap();
    let permission = grants
        .iter()
        .find(|grant| grant["form"] == "lambda-permission")
        .unwrap();
    assert_eq!(permission["line"], 4);
    assert_eq!(permission["column"], 43);
    assert_eq!(
        permission["text"],
        "s3 uploads -> notify on object-created -> lambda thumbnailer"
    );
    assert_eq!(permission["holder"], "ThumbnailerPermissionFromUploads");
    assert_eq!(permission["principal"], "s3.amazonaws.com");
    assert_eq!(permission["role"], serde_json::Value::Null);
    assert_eq!(
        permission["actions"],
        serde_json::json!(["lambda:InvokeFunction"])
    );
    assert_eq!(
        permission["resource"],
        serde_json::json!({"Fn::GetAtt": ["ThumbnailerFunction", "Arn"]})
    );
    assert_eq!(
        permission["source_arn"],
        serde_json::json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::uploads-${AWS::AccountId}-${AWS::Region}"})
    );
    assert_eq!(
        permission["conditions"],
        serde_json::json!(["source-arn", "source-account"])
    );
    assert_eq!(permission["unscoped"], serde_json::Value::Null);
    assert_eq!(permission["external_id"], serde_json::Value::Null);
    // Every entry has every field, in the manifest's order.
    let fields = [
        "line",
        "column",
        "text",
        "form",
        "holder",
        "principal",
        "role",
        "actions",
        "resource",
        "source_arn",
        "conditions",
        "unscoped",
        "external_id",
    ];
    for grant in grants {
        let keys: Vec<&str> = grant
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, fields);
    }
}

#[test]
fn explain_grant_of_a_line_keeps_that_line_s_grants_only() {
    let output = wirec(&[
        "explain",
        "--grant",
        &format!("{GRANTS}:6"),
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let manifest: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let grants = manifest["files"][0]["grants"].as_array().unwrap();
    assert!(!grants.is_empty());
    assert!(grants.iter().all(|grant| grant["line"] == 6), "{grants:?}");
    assert!(grants.iter().any(|grant| grant["form"] == "resource-policy"
        && grant["principal"] == "sns.amazonaws.com"
        && grant["source_arn"] == serde_json::json!({"Ref": "AlertsTopic"})));
    // The path is the file's as given, without the line.
    assert_eq!(manifest["files"][0]["path"], GRANTS);

    // Each `--grant` is one entry of `files`, in order.
    let two = wirec(&[
        "explain",
        "--grant",
        &format!("{GRANTS}:6"),
        "--grant",
        GRANTS,
        "--format",
        "json",
    ]);
    let two: serde_json::Value = serde_json::from_slice(&two.stdout).unwrap();
    let lines: Vec<Vec<u64>> = two["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| {
            let grants = file["grants"].as_array().unwrap();
            let mut lines: Vec<u64> = grants
                .iter()
                .map(|grant| grant["line"].as_u64().unwrap())
                .collect();
            lines.dedup();
            lines
        })
        .collect();
    assert_eq!(lines, [vec![6], vec![4, 6]]);

    let text_form = text(&wirec(&["explain", "--grant", &format!("{GRANTS}:4")]).stdout);
    assert!(
        text_form.starts_with(&format!("{GRANTS}:4  s3 uploads")),
        "{text_form}"
    );
    assert!(!text_form.contains(":6"), "{text_form}");
}

#[test]
fn explain_grant_of_a_line_without_a_grant_lists_the_lines_with_one() {
    let output = wirec(&["explain", "--grant", &format!("{GRANTS}:5")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        text(&output.stderr).trim(),
        format!("error: no grant on line 5 of {GRANTS}; the lines that make one are 4, 6")
    );
}

#[test]
fn explain_grant_of_a_file_with_errors_prints_its_diagnostics() {
    let output = wirec(&["explain", "--grant", "examples/mistakes.wire"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    // The diagnostics as `check` renders them, without its summary line.
    let check = text(&wirec(&["check", "examples/mistakes.wire"]).stderr);
    let (diagnostics, _) = check.rsplit_once("checked 1 file").unwrap();
    assert_eq!(text(&output.stderr), diagnostics);
    assert_eq!(
        wirec(&["explain", "--grant", "no/such/file.wire"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn explain_grant_refuses_a_bad_line_and_a_code_beside_it() {
    for bad in ["x", "0", "", "-3", "+4", "99999999999999999999999"] {
        let output = wirec(&["explain", "--grant", &format!("{GRANTS}:{bad}")]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{bad}: {}",
            text(&output.stderr)
        );
        assert!(
            text(&output.stderr).contains("is not a line number"),
            "{bad}"
        );
    }
    assert_eq!(
        wirec(&["explain", "E301", "--grant", GRANTS]).status.code(),
        Some(2)
    );
    assert_eq!(
        wirec(&["explain", "E301", "--format", "json"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(wirec(&["explain"]).status.code(), Some(2));
}

#[test]
fn explain_grant_escapes_what_a_terminal_would_act_on() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("hostile.wire"),
        "sns alerts -> sqs inbox # \u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}\n",
    )
    .unwrap();
    let output = wirec_in(folder.path(), &["explain", "--grant", "hostile.wire"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("hostile.wire:1  sns alerts -> sqs inbox # ␛]0;owned␇␛[2J\\u{202e}\n"),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'));
    let json = wirec_in(
        folder.path(),
        &["explain", "--grant", "hostile.wire", "--format", "json"],
    );
    assert!(
        !json.stdout.contains(&0x1b),
        "JSON escapes control characters"
    );
    let manifest: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        manifest["files"][0]["grants"][0]["text"]
            .as_str()
            .unwrap()
            .ends_with("[2J\u{202e}")
    );
}
