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
