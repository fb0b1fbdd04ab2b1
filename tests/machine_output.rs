//! `--message-format json|sarif`: JSON Lines records with every documented
//! field, and SARIF logs that validate against the OASIS SARIF 2.1.0 schema
//! (`tests/fixtures/sarif/`, see its README for where it came from).

use crate::support;
use crate::support::wirec;
use serde_json::Value;
use wirec::report::{Documentation, Record, json_lines, sarif};

fn records(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}")))
        .collect()
}

const PLACE: [&str; 7] = [
    "file",
    "start_line",
    "start_column",
    "end_line",
    "end_column",
    "start_byte",
    "end_byte",
];

#[test]
fn json_prints_one_record_per_diagnostic_on_stdout() {
    let output = wirec(&[
        "check",
        "examples/mistakes.wire",
        "--message-format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Only the summary stays on stderr.
    assert_eq!(stderr.trim(), "checked 1 file: 7 errors, 2 warnings");
    let records = records(&output.stdout);
    assert_eq!(records.len(), 9);
    for record in &records {
        for field in [
            "code",
            "slug",
            "severity",
            "message",
            "labels",
            "help",
            "notes",
            "suggestions",
            "url",
        ]
        .iter()
        .chain(&PLACE)
        {
            assert!(record.get(field).is_some(), "no `{field}` in {record}");
        }
        let labels = record["labels"].as_array().unwrap();
        assert_eq!(labels[0]["primary"], true);
        for label in labels {
            for field in PLACE.iter().chain(&["primary", "text"]) {
                assert!(label.get(field).is_some(), "no `{field}` in {label}");
            }
        }
        for field in PLACE {
            assert_eq!(record[field], labels[0][field]);
        }
        let code = record["code"].as_str().unwrap();
        assert_eq!(
            record["url"],
            format!(
                "https://github.com/wirec/wirec/blob/main/docs/diagnostics.md#{}",
                code.to_ascii_lowercase()
            )
        );
    }
    // The same place the human rendering shows (`examples/mistakes.wire:4:52`).
    let e301 = &records[0];
    assert_eq!(e301["code"], "E301");
    assert_eq!(e301["severity"], "error");
    assert_eq!(
        (&e301["file"], &e301["start_line"], &e301["start_column"]),
        (
            &Value::from("examples/mistakes.wire"),
            &Value::from(4),
            &Value::from(52)
        )
    );
    let edit = &e301["suggestions"][0]["edits"][0];
    assert_eq!(edit["replacement"], "sns web-trigger -> ");
    assert_eq!(edit["start_byte"], edit["end_byte"]);
    assert!(records.iter().any(|record| record["severity"] == "warning"));
}

#[test]
fn json_records_of_the_mistakes() {
    let catalogue = support::catalogue();
    let compilation =
        support::compile_file(std::path::Path::new("examples/mistakes.wire"), &catalogue);
    let text = json_lines(
        &compilation.diagnostics,
        &compilation.sources,
        &Documentation::embedded(),
    );
    insta::assert_snapshot!("json_lines_mistakes", text);
}

#[test]
fn columns_count_characters_and_bytes_count_bytes() {
    let catalogue = support::catalogue();
    // "→" is three bytes and one character.
    let compilation = support::compile_text("a.wire", "# → x\nlamda reporter\n", &catalogue);
    let record = Record::new(
        &compilation.diagnostics[0],
        &compilation.sources,
        &Documentation::embedded(),
    );
    assert_eq!(record.code, "E101");
    assert_eq!(
        (record.place.start_line, record.place.start_column),
        (Some(2), Some(1))
    );
    assert_eq!(record.place.end_column, Some(6));
    assert_eq!(record.place.start_byte, Some(8));
    assert_eq!(record.place.end_byte, Some(13));
    // A rule pack's own code has no documentation link.
    assert_eq!(Documentation::embedded().url("E999"), None);
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string("tests/fixtures/sarif/sarif-schema-2.1.0.json").unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn sarif_validates_against_the_schema() {
    let validator = schema();
    // The validator itself rejects what the schema forbids.
    assert!(!validator.is_valid(&serde_json::json!({ "version": "2.1.0", "runs": [{}] })));

    let output = wirec(&[
        "check",
        "examples/mistakes.wire",
        "--message-format",
        "sarif",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_valid(&validator, &log);

    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "wirec");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], "https://github.com/wirec/wirec");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 9);
    let rules = driver["rules"].as_array().unwrap();
    // A rule for every code that appears, and only those.
    let mut codes: Vec<&str> = results
        .iter()
        .map(|result| result["ruleId"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let ids: Vec<&str> = rules
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, codes);
    for result in results {
        let rule = &rules[usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap()];
        assert_eq!(rule["id"], result["ruleId"]);
    }
    let e301 = rules.iter().find(|rule| rule["id"] == "E301").unwrap();
    assert_eq!(e301["name"], "codedeploy-trigger-target");
    assert_eq!(e301["defaultConfiguration"]["level"], "error");
    assert!(
        e301["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("docs/diagnostics.md#e301")
    );
    assert!(e301["shortDescription"]["text"].as_str().unwrap().len() > 10);
    assert!(e301["fullDescription"]["text"].as_str().unwrap().len() > 10);
    let w401 = rules.iter().find(|rule| rule["id"] == "W401").unwrap();
    assert_eq!(w401["defaultConfiguration"]["level"], "warning");

    let first = &results[0];
    assert_eq!(first["ruleId"], "E301");
    assert_eq!(first["level"], "error");
    let physical = &first["locations"][0]["physicalLocation"];
    assert_eq!(
        physical["artifactLocation"]["uri"],
        "examples/mistakes.wire"
    );
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(
        physical["region"],
        serde_json::json!({ "startLine": 4, "startColumn": 52, "endLine": 4, "endColumn": 67 })
    );
    assert_eq!(
        first["relatedLocations"][0]["message"]["text"],
        "trigger declared here"
    );
    let replacement = &first["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(
        replacement["insertedContent"]["text"],
        "sns web-trigger -> "
    );
    assert!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("file:///")
    );
    assert!(results.iter().any(|result| result["level"] == "warning"));
}

#[test]
fn sarif_of_clean_broken_and_missing_files_validates_too() {
    let validator = schema();
    let output = wirec(&[
        "check",
        "examples/cicd-notifications.wire",
        "--message-format",
        "sarif",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_valid(&validator, &log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"],
        serde_json::json!([])
    );

    let output = wirec(&["check", "no/such/file.wire", "--message-format", "sarif"]);
    assert_eq!(output.status.code(), Some(2));
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_valid(&validator, &log);
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "E109");

    let folder = tempfile::tempdir().unwrap();
    let output = wirec(&[
        "build",
        "examples/mistakes.wire",
        "-o",
        folder.path().to_str().unwrap(),
        "--message-format",
        "sarif",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_valid(&validator, &log);

    // Every rule's example, through the library (no base folder, a rule pack's code).
    let catalogue = support::catalogue();
    let converter = sarif::Converter::new(None, Documentation::embedded());
    let mut log = sarif::Log::new(None);
    for rule in catalogue.rules() {
        let Some(example) = &rule.example else {
            continue;
        };
        let compilation =
            support::compile_text(&format!("{}.wire", rule.code), example, &catalogue);
        log.append(converter.batch(&compilation.diagnostics, &compilation.sources, &catalogue));
    }
    let log = log.finish();
    assert_valid(&validator, &log);
    assert!(log["runs"][0]["results"].as_array().unwrap().len() > 50);
}

#[test]
fn uris_are_relative_and_encoded() {
    use std::path::Path;
    assert_eq!(
        sarif::relative_uri(Path::new("./a dir/x#1.wire")),
        "a%20dir/x%231.wire"
    );
    assert_eq!(
        sarif::relative_uri(Path::new("../a:b.wire")),
        "../a%3Ab.wire"
    );
    assert_eq!(
        sarif::absolute_uri(Path::new("/tmp/my wiring.wire")),
        "file:///tmp/my%20wiring.wire"
    );
}
