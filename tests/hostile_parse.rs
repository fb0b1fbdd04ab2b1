//! Hostile and broken source text (issue #12): nesting far past the limit,
//! very long lines and chains, numbers a template cannot hold, byte order
//! marks and CRLF line breaks. What could crash runs in the real binary, since
//! a stack overflow would take the test process down with it.

use crate::support::{self, lsp_frame, lsp_read};
use serde_json::{Value, json};
use std::io::{BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use wirec::emit::cloudformation::Format;
use wirec::syntax::MAX_NESTING;

/// Far past the limit, and past where pest or a recursive walk used to overflow
/// the stack (about 8,000 maps or 15,000 lists in a release build).
const HOSTILE_DEPTH: usize = 100_000;

/// `sns x { tags = {a = {a = … 1 } … } }`, `depth` brackets deep.
fn nested_maps(depth: usize) -> String {
    let inner = depth - 2;
    format!(
        "sns x {{ tags = {}1{} }}\n",
        "{a = ".repeat(inner + 1),
        " }".repeat(inner + 1)
    )
}

/// `sns x { tags = { a = [[[ … 1 … ]]] } }`, `depth` brackets deep.
fn nested_lists(depth: usize) -> String {
    format!(
        "sns x {{ tags = {{ a = {}1{} }} }}\n",
        "[".repeat(depth - 2),
        "]".repeat(depth - 2)
    )
}

/// The byte offset of the bracket that opens level `MAX_NESTING + 1`.
fn first_bracket_too_deep(text: &str) -> usize {
    text.match_indices(['{', '['])
        .nth(MAX_NESTING)
        .map(|(offset, _)| offset)
        .expect("the text nests past the limit")
}

fn wirec_in(folder: &Path, arguments: &[&str], stack: Option<usize>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wirec"));
    command
        .args(arguments)
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .env_remove("CI");
    if let Some(bytes) = stack {
        // The stack of every thread the binary spawns without a size of its own.
        command.env("RUST_MIN_STACK", bytes.to_string());
    }
    command.output().expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr);
    // Rendered diagnostics repeat the huge line; the head says what happened.
    text.chars().take(2_000).collect()
}

/// The process ended on its own, with an exit code (no signal, no abort).
fn assert_exited(output: &Output, what: &str) -> i32 {
    output.status.code().unwrap_or_else(|| {
        panic!(
            "{what}: killed by a signal ({:?})\n{}",
            output.status,
            stderr(output)
        )
    })
}

#[test]
fn nesting_far_past_the_limit_is_one_e002_in_every_command() {
    let folder = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("maps.wire", nested_maps(HOSTILE_DEPTH)),
        ("lists.wire", nested_lists(HOSTILE_DEPTH)),
    ] {
        std::fs::write(folder.path().join(name), &text).unwrap();
        let bracket = first_bracket_too_deep(&text);

        let output = wirec_in(
            folder.path(),
            &["check", "--message-format", "json", name],
            None,
        );
        assert_eq!(assert_exited(&output, name), 1, "{}", stderr(&output));
        let records: Vec<Value> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(records.len(), 1, "{records:?}");
        assert_eq!(records[0]["code"], "E002");
        assert_eq!(records[0]["start_byte"], bracket);
        assert_eq!(records[0]["end_byte"], bracket + 1);

        let out = folder.path().join("out");
        let runs: [&[&str]; 5] = [
            &["check", name],
            &[
                "build",
                name,
                "-o",
                out.to_str().unwrap(),
                "--target",
                "all",
            ],
            &["fmt", "--check", name],
            &["fmt", name],
            &["graph", name],
        ];
        for arguments in runs {
            let output = wirec_in(folder.path(), arguments, None);
            let code = assert_exited(&output, &arguments.join(" "));
            assert_eq!(code, 1, "{arguments:?}: {}", stderr(&output));
            assert!(stderr(&output).contains("[E002]"), "{}", stderr(&output));
        }
        assert!(
            !out.exists(),
            "nothing is written for a file that does not parse"
        );
        let kept = std::fs::read_to_string(folder.path().join(name)).unwrap();
        assert!(kept == text, "fmt left {name} alone");
    }
}

#[test]
fn the_nesting_diagnostic_says_what_its_rule_file_says() {
    let catalogue = support::catalogue();
    let text = nested_lists(MAX_NESTING + 1);
    let compilation = support::compile_text("a.wire", &text, &catalogue);
    let found = &compilation.diagnostics[..];
    let span = found[0].primary.span;
    let limit = MAX_NESTING.to_string();
    let level = (MAX_NESTING + 1).to_string();
    let from_rule = catalogue.report(
        "E002",
        span,
        &[("limit", &limit), ("bracket", "["), ("level", &level)],
    );
    assert_eq!(found, [from_rule]);
    assert_eq!(span.start as usize, first_bracket_too_deep(&text));
}

#[test]
fn nesting_at_the_limit_builds_with_a_quarter_of_a_worker_threads_stack() {
    let folder = tempfile::tempdir().unwrap();
    // Two files, so that `-j 2` compiles them on worker threads, whose stack
    // RUST_MIN_STACK sets: a quarter of the 2 MB they have by default.
    let files = ["maps.wire", "lists.wire"];
    std::fs::write(folder.path().join(files[0]), nested_maps(MAX_NESTING)).unwrap();
    std::fs::write(folder.path().join(files[1]), nested_lists(MAX_NESTING)).unwrap();
    let quarter = 512 * 1024;
    let out = folder.path().join("out");
    let out = out.to_str().unwrap();
    let runs: [&[&str]; 5] = [
        &["check", "-j", "2"],
        &["build", "-j", "2", "--target", "all", "-o", out],
        &["build", "-j", "2", "--format", "yaml", "-o", out],
        &["graph", "--format", "svg"],
        // Last: it rewrites the files.
        &["fmt"],
    ];
    for arguments in runs {
        let arguments: Vec<&str> = arguments.iter().chain(&files).copied().collect();
        let output = wirec_in(folder.path(), &arguments, Some(quarter));
        let code = assert_exited(&output, &arguments.join(" "));
        assert_eq!(code, 0, "{arguments:?}: {}", stderr(&output));
    }
    let template = std::fs::read_to_string(folder.path().join("out/lists.template.yaml")).unwrap();
    assert!(template.contains("Tags"), "{template}");
}

#[test]
fn other_deep_and_long_shapes_end_cleanly() {
    let folder = tempfile::tempdir().unwrap();
    let megabyte = 1 << 20;
    let segments = "sqs a -> sqs b".to_string() + &" -> sqs b".repeat(100_000) + "\n";
    let long_line = format!(
        "sns a {{ display-name = \"{}\" }} ->\n",
        "x".repeat(10 * megabyte)
    );
    let cases: [(&str, String, &str); 5] = [
        ("brackets.wire", "[".repeat(megabyte), "E002"),
        (
            "unclosed.wire",
            "sns x ".to_string() + &"{".repeat(100_000),
            "E002",
        ),
        ("closers.wire", "}".repeat(megabyte), "E001"),
        ("segments.wire", segments, ""),
        ("long-line.wire", long_line, "E001"),
    ];
    for (name, text, code) in cases {
        std::fs::write(folder.path().join(name), text).unwrap();
        // fmt parses the whole file and prints it again; check's diagnostic is
        // read as JSON (tests/hostile_output.rs holds the rendering of wide lines).
        let arguments: &[&str] = if code.is_empty() {
            &["fmt", "--check", name]
        } else {
            &["check", "--message-format", "json", name]
        };
        let output = wirec_in(folder.path(), arguments, None);
        let exit = assert_exited(&output, name);
        assert_eq!(exit, 1, "{name}: {}", stderr(&output));
        if code.is_empty() {
            assert!(!stderr(&output).contains('×'), "{}", stderr(&output));
        } else {
            let records: Vec<Value> = String::from_utf8_lossy(&output.stdout)
                .lines()
                .map(|line| serde_json::from_str(line).unwrap())
                .collect();
            assert_eq!(records.len(), 1, "{name}: {records:?}");
            assert_eq!(records[0]["code"], code, "{name}");
        }
    }
}

/// A client of `wirec lsp` that only opens documents and reads diagnostics.
struct Server {
    child: std::process::Child,
    messages: mpsc::Receiver<Value>,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wirec"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = lsp_read(&mut reader) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let mut server = Server { child, messages };
        server.send(&json!({ "id": 1, "method": "initialize", "params": { "capabilities": {} } }));
        server.wait_for(|message| message["id"] == 1);
        server.send(&json!({ "method": "initialized", "params": {} }));
        server
    }

    fn send(&mut self, message: &Value) {
        let mut message = message.clone();
        message["jsonrpc"] = json!("2.0");
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(&lsp_frame(&message)).unwrap();
        stdin.flush().unwrap();
    }

    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(120))
                .expect("the server answers (it did not die)");
            if wanted(&message) {
                return message;
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_language_server_reports_e002_for_deep_documents_and_lives_on() {
    let mut server = Server::start();
    let mut id = 10;
    for (name, text) in [
        ("maps", nested_maps(HOSTILE_DEPTH)),
        ("lists", nested_lists(HOSTILE_DEPTH)),
    ] {
        let uri = format!("file:///hostile/{name}.wire");
        server.send(&json!({
            "method": "textDocument/didOpen",
            "params": { "textDocument": { "uri": uri, "languageId": "wirec", "version": 1, "text": text } },
        }));
        let published = server.wait_for(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
        });
        let diagnostics = published["params"]["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0]["code"], "E002");
        let bracket = first_bracket_too_deep(&text);
        assert_eq!(
            diagnostics[0]["range"]["start"],
            json!({ "line": 0, "character": bracket })
        );
        // The editor features read the same deep text.
        let deep = json!({ "line": 0, "character": bracket + 10 });
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/documentSymbol",
            "textDocument/formatting",
        ] {
            id += 1;
            server.send(&json!({
                "id": id,
                "method": method,
                "params": {
                    "textDocument": { "uri": uri },
                    "position": deep,
                    "options": { "tabSize": 2, "insertSpaces": true },
                },
            }));
            let answer = server.wait_for(|message| message["id"] == id);
            assert!(answer.get("error").is_none(), "{method}: {answer}");
        }
    }
    server.send(&json!({ "id": 2, "method": "shutdown" }));
    server.wait_for(|message| message["id"] == 2);
    server.send(&json!({ "method": "exit" }));
    assert_eq!(server.child.wait().unwrap().code(), Some(0));
}

// ---------------------------------------------------------------- numbers

fn alarm_above(number: &str) -> String {
    format!(
        "alarm web-cpu {{ metric = \"AWS/EC2 CPUUtilization\", above = {number} }} -> sns ops-alerts\n"
    )
}

#[test]
fn numbers_a_template_cannot_hold_are_e107_at_the_number() {
    let catalogue = support::catalogue();
    let zeros = "0".repeat(400);
    let cases = [
        "9".repeat(400),
        format!("0.{zeros}1"),
        "123456789012345678901234567890".to_string(),
        "9223372036854775808".to_string(),
        "-9223372036854775809".to_string(),
        "0.1000000000000000000001".to_string(),
        "0.30000000000000005".to_string(),
        format!("1{zeros}.5"),
    ];
    for number in cases {
        let text = alarm_above(&number);
        let compilation = support::compile_text("a.wire", &text, &catalogue);
        let codes: Vec<&str> = compilation
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(
            codes,
            ["E107"],
            "{number}: {}",
            support::rendered(&compilation)
        );
        let diagnostic = &compilation.diagnostics[0];
        let start = text.find(&number).unwrap();
        assert_eq!(
            (
                diagnostic.primary.span.start as usize,
                diagnostic.primary.span.end as usize
            ),
            (start, start + number.len())
        );
        assert!(
            diagnostic.message.contains("9223372036854775807")
                && diagnostic.message.contains("1e308"),
            "the message states the range: {}",
            diagnostic.message
        );
        assert!(compilation.cloudformation(&catalogue).is_none());
    }
}

#[test]
fn inexact_numbers_are_found_in_lists_maps_and_parameter_defaults_once() {
    let catalogue = support::catalogue();
    let text = "param limit = 1.00000000000000000000001\n\
                sns ops-alerts { tags = { a = [1, 99999999999999999999], b = { c = 0.5, d = 1.25 } } }\n\
                sqs jobs -> poll batch 99999999999999999999 -> lambda worker\n";
    let compilation = support::compile_text("a.wire", text, &catalogue);
    let found: Vec<(&str, &str)> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.code == "E107")
        .map(|d| {
            let span = d.primary.span;
            (
                &text[span.start as usize..span.end as usize],
                d.message.as_str(),
            )
        })
        .collect();
    let numbers: Vec<&str> = found.iter().map(|(number, _)| *number).collect();
    assert_eq!(
        numbers,
        [
            "1.00000000000000000000001",
            "99999999999999999999",
            "99999999999999999999"
        ],
        "{}",
        support::rendered(&compilation)
    );
    assert!(found[0].1.contains("`limit`") && found[1].1.contains("`a`"));
    // An option states its own range.
    assert!(found[2].1.contains("`batch`"), "{}", found[2].1);
}

#[test]
fn numbers_a_template_holds_are_written_as_they_were() {
    let catalogue = support::catalogue();
    for (number, written) in [
        ("80", "80"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("9223372036854775807", "9223372036854775807"),
        ("0.5", "0.5"),
        ("12.50", "12.5"),
        ("0.30000000000000004", "0.30000000000000004"),
        ("123456789012345.6", "123456789012345.6"),
        ("0.000001", "1e-6"),
    ] {
        let compilation = support::compile_text("a.wire", &alarm_above(number), &catalogue);
        let template = support::template(&compilation, &catalogue, Format::Json);
        assert!(
            template.contains(&format!("\"Threshold\": {written}")),
            "{number}: {template}"
        );
    }
}

// ---------------------------------------------------------------- BOM and CRLF

const CLEAN: &str = "sns ops-alerts { tags = { team = \"ops\" } }\nsqs jobs -> lambda worker\n";

fn template_of(text: &str) -> String {
    let catalogue = support::catalogue();
    let compilation = support::compile_text("a.wire", text, &catalogue);
    support::template(&compilation, &catalogue, Format::Json)
}

#[test]
fn a_byte_order_mark_is_read_as_nothing_and_spans_stay_right() {
    let catalogue = support::catalogue();
    // The templates' source locations (line:column) start on line 2: the
    // mark is a character of line 1 to the column count.
    let plain = format!("# the team's wiring\n{CLEAN}");
    assert_eq!(
        template_of(&format!("\u{feff}{plain}")),
        template_of(&plain)
    );

    let text = "\u{feff}snsx alerts\n";
    let compilation = support::compile_text("a.wire", text, &catalogue);
    let span = compilation.diagnostics[0].primary.span;
    assert_eq!(compilation.diagnostics[0].code, "E101");
    assert_eq!(&text[span.start as usize..span.end as usize], "snsx");

    let text = "\u{feff}sns alerts ->\n";
    let compilation = support::compile_text("a.wire", text, &catalogue);
    let span = compilation.diagnostics[0].primary.span;
    assert_eq!(compilation.diagnostics[0].code, "E001");
    assert_eq!(&text[span.start as usize..span.end as usize], "->");
}

#[test]
fn fmt_drops_a_byte_order_mark() {
    let text = "\u{feff}# the team's topic\nsns   ops-alerts\n";
    assert_eq!(
        wirec::format::format(text).unwrap(),
        "# the team's topic\nsns ops-alerts\n"
    );
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("a.wire"), text).unwrap();
    let output = wirec_in(folder.path(), &["fmt", "a.wire"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_to_string(folder.path().join("a.wire")).unwrap();
    assert_eq!(written, "# the team's topic\nsns ops-alerts\n");
}

#[test]
fn a_backslash_before_crlf_means_what_it_means_before_lf() {
    // Inside a string: a line break in the text.
    let lf = "sns a { display-name = \"first\\\nsecond\" }\n";
    let crlf = lf.replace('\n', "\r\n");
    let template = template_of(lf);
    assert!(template.contains("\"first\\nsecond\""), "{template}");
    assert_eq!(template_of(&crlf), template);
    // Outside strings: the lines are joined.
    let lf = "s3 uploads -> notify on object-created \\\n    prefix \"in/\" -> sqs ingest\n";
    let crlf = lf.replace('\n', "\r\n");
    assert_eq!(template_of(&crlf), template_of(lf));
}

#[test]
fn fmt_reads_a_string_continued_after_crlf_as_one_string() {
    // The `#` and the brackets are text in the string, not a comment or nesting.
    let text = "sns a { display-name = \"x\\\r\n# y [[\" }\r\n";
    let formatted = wirec::format::format(text).unwrap();
    assert_eq!(formatted, "sns a {\n  display-name = \"x\\n# y [[\"\n}\n");
    assert_eq!(
        formatted,
        wirec::format::format(&text.replace("\r\n", "\n")).unwrap()
    );
}
