//! Hostile input meets the human renderer and the templates (issue #12): wide
//! columns, terminal control sequences, floods of diagnostics, characters a YAML
//! reader refuses. Each case runs the real binary.

use crate::support::wirec_in;
use std::fmt::Write as _;
use std::path::Path;

fn write(folder: &Path, name: &str, text: &str) {
    std::fs::write(folder.join(name), text).unwrap();
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_diagnostic_past_column_65535_renders_in_check_build_and_fmt() {
    let folder = tempfile::tempdir().unwrap();
    let spaces = " ".repeat(65_536);
    write(folder.path(), "wide.wire", &format!("{spaces}x\n"));
    write(folder.path(), "broken.wire", &format!("{spaces}x ]\n"));
    for arguments in [
        &["check", "wide.wire"][..],
        &["build", "wide.wire", "-o", "out"][..],
        &["fmt", "broken.wire"][..],
    ] {
        let output = wirec_in(folder.path(), arguments);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{arguments:?}: {text}");
        assert!(text.contains(":1:6553"), "{arguments:?}: {text}");
        // The line is cropped around the label, not printed whole.
        assert!(text.len() < 4_000, "{arguments:?}: {} bytes", text.len());
        assert!(text.contains('…'), "{arguments:?}: {text}");
    }
}

#[test]
fn control_characters_from_the_source_never_reach_the_terminal() {
    let folder = tempfile::tempdir().unwrap();
    write(
        folder.path(),
        "esc.wire",
        "sqs a\u{1b}[31m -> \u{1b}]0;title\u{7} lambda\nsqs q\u{202e}x\n",
    );
    write(folder.path(), "name.wire", "use \"a\u{1b}[2Jb.wire\"\n");
    for (file, shown) in [("esc.wire", "␛[31m"), ("name.wire", "a␛[2Jb.wire")] {
        let output = wirec_in(folder.path(), &["check", "--color", "always", file]);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{text}");
        assert!(text.contains(shown), "{text}");
        // Colour codes are ours; the only ESC bytes left start an SGR sequence.
        for (index, _) in text.match_indices('\u{1b}') {
            assert!(text[index..].starts_with("\u{1b}["), "{text:?}");
            let sequence: String = text[index + 2..]
                .chars()
                .take_while(|character| !character.is_ascii_alphabetic())
                .collect();
            assert!(
                sequence.chars().all(|c| c.is_ascii_digit() || c == ';')
                    && text[index + 2 + sequence.len()..].starts_with('m'),
                "a control sequence that is not a colour: {:?}",
                &text[index..(index + 12).min(text.len())]
            );
        }
        for forbidden in ['\u{7}', '\u{202e}', '\u{9b}'] {
            assert!(!text.contains(forbidden), "{forbidden:?} in {text:?}");
        }
    }
}

#[test]
fn a_flood_of_diagnostics_shows_the_first_hundred_and_a_count_and_keeps_the_exit_code() {
    let folder = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for index in 0..20_000 {
        writeln!(text, "param p{index} = {index}").unwrap();
    }
    write(folder.path(), "warnings.wire", &text);
    text.push_str("sqs q -> sns t\n");
    write(folder.path(), "errors.wire", &text);

    let output = wirec_in(folder.path(), &["check", "warnings.wire"]);
    let shown = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{shown}");
    assert_eq!(shown.matches("⚠ [W").count(), 100);
    assert!(
        shown.contains("note: 19900 more not shown (0 errors, 19900 warnings)"),
        "{shown}"
    );
    assert!(
        shown.ends_with("checked 1 file: 0 errors, 20000 warnings\n"),
        "{shown}"
    );

    // The error comes after every warning, so it is not shown, and still fails the check.
    let output = wirec_in(folder.path(), &["check", "errors.wire"]);
    let shown = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{shown}");
    assert!(!shown.contains("× ["), "{shown}");
    assert!(shown.contains("(1 errors, 19900 warnings)"), "{shown}");

    let output = wirec_in(
        folder.path(),
        &["check", "warnings.wire", "--max-diagnostics", "0"],
    );
    assert_eq!(stderr(&output).matches("⚠ [W").count(), 20_000);
}

#[test]
fn yaml_templates_escape_what_a_yaml_reader_refuses() {
    let folder = tempfile::tempdir().unwrap();
    write(
        folder.path(),
        "tags.wire",
        "sns x { tags = { a = \"x\u{7f}y\u{85}z\u{2028}w\u{feff}\" } }\n",
    );
    let output = wirec_in(
        folder.path(),
        &["build", "tags.wire", "-o", "out", "--format", "yaml"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let yaml = std::fs::read_to_string(folder.path().join("out/tags.template.yaml")).unwrap();
    assert!(yaml.contains(r#""x\u007fy\u0085z\u2028w\ufeff""#), "{yaml}");
    let read: serde_json::Value = serde_yaml_ng::from_str(&yaml).unwrap();
    assert_eq!(
        read["Resources"]["XTopic"]["Properties"]["Tags"][0]["Value"],
        "x\u{7f}y\u{85}z\u{2028}w\u{feff}"
    );
}

#[test]
fn names_that_differ_only_in_punctuation_or_case_are_an_error_not_a_merge() {
    let folder = tempfile::tempdir().unwrap();
    write(
        folder.path(),
        "names.wire",
        "sqs my-queue -> lambda worker\nsqs my_queue -> lambda worker\nsqs a:b\nsqs a+b\nsqs A_b\nparam x-y = 1\nparam x_y = 2\nsns x = existing \"arn:aws:sns:us-east-1:123456789012:x\"\nsqs X -> lambda worker\nx -> X\n",
    );
    let output = wirec_in(
        folder.path(),
        &["build", "names.wire", "-o", "out", "--target", "all"],
    );
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    for message in [
        "`my_queue` and `my-queue` would both be `MyQueue`",
        "`a+b` and `a:b` would both be `AB`",
        "`A_b` and `a:b` would both be `AB`",
        "`x_y` and `x-y` would both be `XY`",
        "`X` and `x` would both be `X`",
    ] {
        assert!(text.contains(message), "{message}: {text}");
    }
    assert!(text.contains("`my-queue` is declared here"), "{text}");
    assert!(
        !folder.path().join("out").exists(),
        "a template was written"
    );
}

/// The expressions Terraform would evaluate in a configuration: the text after
/// each `${` that is not escaped as `$${`.
fn interpolations(text: &str) -> Vec<&str> {
    text.match_indices("${")
        .filter(|(index, _)| *index == 0 || text.as_bytes()[index - 1] != b'$')
        .map(|(index, _)| {
            let rest = &text[index + 2..];
            &rest[..rest.find('}').unwrap_or(rest.len())]
        })
        .collect()
}

#[test]
fn existing_arns_are_held_to_the_arn_format_before_they_reach_an_expression() {
    let folder = tempfile::tempdir().unwrap();
    for arn in [
        "arn:aws:sns:us-east-1:123456789012:x${path.cwd}",
        r#"arn:aws:sns:us-east-1:123456789012:x\" || true || \""#,
        "arn:aws:sns:us-east-1:123456789012:x%{ if true }y%{ endif }",
        "arn:aws:sns:us-east-1${path.cwd}:123456789012:x",
        "arn:aws:sns:us-east-1:12345678901${1}:x",
    ] {
        write(
            folder.path(),
            "existing.wire",
            &format!("sns x = existing \"{arn}\"\nsns x -> sqs q\n"),
        );
        let output = wirec_in(
            folder.path(),
            &[
                "build",
                "existing.wire",
                "-o",
                "out",
                "--target",
                "terraform",
            ],
        );
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{arn}: {text}");
        assert!(text.contains("[E118]"), "{arn}: {text}");
        assert!(!folder.path().join("out").exists(), "{arn}: written");
    }
}

#[test]
fn user_text_in_arn_templates_is_never_evaluated_by_terraform() {
    let folder = tempfile::tempdir().unwrap();
    write(
        folder.path(),
        "templates.wire",
        concat!(
            "flink app { code = \"s3://bucket/key${file(\\\"/etc/passwd\\\")}\" } -> logs -> loggroup app-logs\n",
            "apigateway stage { api = \"x${path.cwd}\", deployment = \"d\" } -> execution-logs -> loggroup exec\n",
        ),
    );
    let output = wirec_in(
        folder.path(),
        &["build", "templates.wire", "-o", "out", "--target", "all"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let terraform = std::fs::read_to_string(folder.path().join("out/templates.tf.json")).unwrap();
    for expression in interpolations(&terraform) {
        assert!(
            !expression.contains("file(") && !expression.contains("path.cwd"),
            "user text evaluated: ${{{expression}}}"
        );
    }
    assert!(terraform.contains("$${file("), "{terraform}");
    assert!(terraform.contains("$${path.cwd}"), "{terraform}");
    // CloudFormation's `Fn::Sub` keeps the same text literal with `${!`.
    let template =
        std::fs::read_to_string(folder.path().join("out/templates.template.json")).unwrap();
    assert!(template.contains("key${!file("), "{template}");
    assert!(
        template.contains("restapis/x${!path.cwd}/stages"),
        "{template}"
    );
}

#[test]
fn a_name_of_a_thousand_characters_gives_ids_cloudformation_and_yaml_accept() {
    let folder = tempfile::tempdir().unwrap();
    let long = "a".repeat(1100);
    write(
        folder.path(),
        "long.wire",
        &format!("sqs {long} -> lambda {long}-worker\n"),
    );
    let output = wirec_in(
        folder.path(),
        &["build", "long.wire", "-o", "out", "--format", "yaml"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let yaml = std::fs::read_to_string(folder.path().join("out/long.template.yaml")).unwrap();
    let template: serde_json::Value = serde_yaml_ng::from_str(&yaml).unwrap();
    let resources = template["Resources"].as_object().unwrap();
    assert!(resources.len() >= 3, "{resources:?}");
    for id in resources.keys() {
        assert!(id.len() <= 255, "{id}");
        assert!(id.bytes().all(|byte| byte.is_ascii_alphanumeric()), "{id}");
    }
}

#[test]
fn a_map_key_of_a_thousand_characters_stays_yaml() {
    // Found by CI's fuzzing: YAML reads a plain key only up to 1,024 characters.
    let folder = tempfile::tempdir().unwrap();
    let key = "K".repeat(1100);
    write(
        folder.path(),
        "env.wire",
        &format!("lambda f {{ environment = {{ {key} = \"v\" }} }}\n"),
    );
    let output = wirec_in(
        folder.path(),
        &["build", "env.wire", "-o", "out", "--format", "yaml"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let yaml = std::fs::read_to_string(folder.path().join("out/env.template.yaml")).unwrap();
    let template: serde_json::Value = serde_yaml_ng::from_str(&yaml).unwrap();
    let variables = &template["Resources"]["FFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!(variables[&key], "v", "{yaml}");
}

#[test]
fn terraform_starts_the_config_recorder_it_delivers_for_not_its_bucket() {
    let folder = tempfile::tempdir().unwrap();
    // The fix of rule E331: the channel waits for the bucket as well as the recorder.
    write(
        folder.path(),
        "config.wire",
        "config recorder -> deliver -> s3 config-history\nconfig public-buckets { rule = \"S3_BUCKET_PUBLIC_READ_PROHIBITED\" }\n",
    );
    let output = wirec_in(
        folder.path(),
        &["build", "config.wire", "-o", "out", "--target", "terraform"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(folder.path().join("out/config.tf.json")).unwrap();
    let configuration: serde_json::Value = serde_json::from_str(&text).unwrap();
    let statuses = configuration["resource"]["aws_config_configuration_recorder_status"]
        .as_object()
        .unwrap();
    let recorders = configuration["resource"]["aws_config_configuration_recorder"]
        .as_object()
        .unwrap();
    for status in statuses.values() {
        let name = status["name"].as_str().unwrap();
        let recorder = name
            .strip_prefix("${aws_config_configuration_recorder.")
            .and_then(|rest| rest.strip_suffix(".name}"))
            .unwrap_or_else(|| panic!("{name}"));
        assert!(recorders.contains_key(recorder), "{name} names no recorder");
    }
}

#[test]
fn a_rule_on_hundreds_of_events_gets_ids_cloudformation_accepts() {
    let folder = tempfile::tempdir().unwrap();
    let events = vec!["push"; 300].join(" ");
    write(
        folder.path(),
        "events.wire",
        &format!("codecommit app-repo -> events on {events} -> lambda notifier\n"),
    );
    let output = wirec_in(folder.path(), &["build", "events.wire", "-o", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(folder.path().join("out/events.template.json")).unwrap();
    let template: serde_json::Value = serde_json::from_str(&text).unwrap();
    for id in template["Resources"].as_object().unwrap().keys() {
        assert!(id.len() <= 255, "{} characters: {id}", id.len());
    }
}
