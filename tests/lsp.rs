//! The language server as editors run it: the real binary (`wirec lsp`) driven
//! over stdio with framed JSON-RPC, one test (at least) per handler.

use crate::support::{lsp_frame, lsp_read};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::fmt::Write as _;
use std::io::{BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long any one message may take before the test calls it a hang.
const PATIENCE: Duration = Duration::from_secs(60);

/// A client speaking to one server process.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
    /// Notifications received while waiting for something else.
    pending: VecDeque<Value>,
    next_id: i64,
    /// The result of `initialize`.
    initialized: Value,
}

impl Client {
    /// Starts `wirec lsp` in `folder` and completes the handshake.
    fn start_in(folder: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wirec"))
            .arg("lsp")
            .current_dir(folder)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = lsp_read(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            pending: VecDeque::new(),
            next_id: 1,
            initialized: Value::Null,
        };
        let result = client.request("initialize", json!({ "capabilities": {} }));
        assert!(result.get("capabilities").is_some(), "{result}");
        client.initialized = result;
        client.notify("initialized", json!({}));
        client
    }

    fn start() -> Client {
        Client::start_in(Path::new(env!("CARGO_MANIFEST_DIR")))
    }

    fn write(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        let mut message = json!({ "jsonrpc": "2.0", "method": method });
        message["params"] = params;
        self.write(&lsp_frame(&message));
    }

    fn next(&mut self) -> Value {
        self.messages
            .recv_timeout(PATIENCE)
            .expect("the server answered in time (no hang, no crash)")
    }

    /// The whole response (result or error) of one request.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({ "jsonrpc": "2.0", "id": id, "method": method });
        message["params"] = params;
        self.write(&lsp_frame(&message));
        loop {
            let message = self.next();
            if message.get("id") == Some(&json!(id)) {
                return message;
            }
            self.pending.push_back(message);
        }
    }

    /// The result of one request; fails on an error response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The next `publishDiagnostics` for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        let is_wanted = |message: &Value| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
        };
        if let Some(index) = self.pending.iter().position(is_wanted) {
            return self.pending.remove(index).unwrap()["params"].clone();
        }
        loop {
            let message = self.next();
            if is_wanted(&message) {
                return message["params"].clone();
            }
            self.pending.push_back(message);
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "wirec", "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert_eq!(status.code(), Some(0));
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A URI for a file that needs no file on disk (open documents are read from memory).
const URI: &str = "file:///project/main.wire";

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

/// The (line, UTF-16 column) of the first `needle` in `text`, plus `shift` characters.
fn position_of(text: &str, needle: &str, shift: usize) -> (u32, u32) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in text"));
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = text[line_start..offset].encode_utf16().count() + shift;
    (u32::try_from(line).unwrap(), u32::try_from(column).unwrap())
}

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["label"].as_str().unwrap().to_string())
        .collect()
}

/// Applies `TextEdit`s (UTF-16 ranges) to a text.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = usize::try_from(position["line"].as_u64().unwrap()).unwrap();
        let character = usize::try_from(position["character"].as_u64().unwrap()).unwrap();
        let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (index, ch) in text[line_start..].char_indices() {
            if units >= character {
                return line_start + index;
            }
            units += ch.len_utf16();
        }
        text.len()
    };
    let mut sorted: Vec<&Value> = edits.iter().collect();
    sorted.sort_by_key(|edit| std::cmp::Reverse(offset(&edit["range"]["start"])));
    let mut out = text.to_string();
    for edit in sorted {
        let start = offset(&edit["range"]["start"]);
        let end = offset(&edit["range"]["end"]);
        out.replace_range(start..end, edit["newText"].as_str().unwrap());
    }
    out
}

fn codes(diagnostics: &Value) -> Vec<String> {
    diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn initialize_announces_the_capabilities() {
    let mut client = Client::start();
    let again = client.call("initialize", json!({ "capabilities": {} }));
    assert_eq!(
        again["error"]["code"], -32600,
        "a second initialize is refused"
    );
    insta::assert_json_snapshot!("initialize", client.initialized.clone());
    client.shutdown();
}

#[test]
fn diagnostics_on_open_are_the_compilers_and_follow_changes() {
    let mut client = Client::start();
    let text = std::fs::read_to_string("examples/mistakes.wire").unwrap();
    let published = client.open(URI, &text);
    let catalogue = wirec::embedded_catalogue().0;
    let compiled = crate::support::compile_text("main.wire", &text, &catalogue);
    let expected: Vec<String> = compiled
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.clone())
        .collect();
    assert_eq!(codes(&published), expected);
    for (shown, diagnostic) in published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&compiled.diagnostics)
    {
        let message = shown["message"].as_str().unwrap();
        assert!(message.starts_with(&diagnostic.message), "{message}");
    }
    insta::assert_json_snapshot!("diagnostics_mistakes", published);

    client.change(URI, 2, "sqs ingest -> lambda importer\n");
    let published = client.diagnostics(URI);
    assert_eq!(published["version"], 2);
    assert_eq!(codes(&published), Vec::<String>::new());

    client.change(URI, 3, "sqs ingest -> lamda importer\n");
    let published = client.diagnostics(URI);
    assert_eq!(published["version"], 3);
    assert_eq!(codes(&published), ["E101"]);
    client.shutdown();
}

#[test]
fn hover_explains_services_channels_events_and_diagnostics() {
    let mut client = Client::start();
    let text = std::fs::read_to_string("examples/mistakes.wire").unwrap();
    client.open(URI, &text);
    let mut hovers = serde_json::Map::new();
    for (name, needle, shift) in [
        ("service", "codedeploy web", 2),
        ("channel", "trigger on deployment-failure", 3),
        ("event", "deployment-failure", 4),
        ("diagnostic", "lambda notifier", 9),
        ("resource", "sqs ingest", 6),
    ] {
        let (line, character) = position_of(&text, needle, shift);
        let hover = client.request("textDocument/hover", at(URI, line, character));
        hovers.insert(name.to_string(), hover);
    }
    let (line, character) = position_of(&text, "# Deliberate", 3);
    let nothing = client.request("textDocument/hover", at(URI, line, character));
    assert_eq!(nothing, Value::Null, "a comment has no hover");
    let diagnostic = hovers["diagnostic"]["contents"]["value"].as_str().unwrap();
    assert!(diagnostic.contains("**E301**"), "{diagnostic}");
    assert!(
        diagnostic.contains("docs/diagnostics.md#e301"),
        "{diagnostic}"
    );
    insta::assert_json_snapshot!("hover", hovers);
    client.shutdown();
}

#[test]
fn completion_follows_the_catalogue() {
    let mut client = Client::start();
    let text = "sns ops-alerts\nlambda notifier\n\ncodecommit repo -> \ncodecommit repo -> trigger on \ncodecommit repo -> trigger on push main -> \ns3 uploads -> notify on object-created -> la\nsqs jobs { \n";
    client.open(URI, text);
    let mut found = serde_json::Map::new();
    for (name, line, character) in [
        ("start of a chain", 2, 0),
        ("after a source and an arrow", 3, 19),
        ("events after on", 4, 30),
        ("targets after a channel", 5, 43),
        ("typing a target", 6, 44),
        ("inside a block", 7, 11),
    ] {
        let items = client.request("textDocument/completion", at(URI, line, character));
        found.insert(name.to_string(), json!(labels(&items)));
    }
    let targets: Vec<String> =
        serde_json::from_value(found["targets after a channel"].clone()).unwrap();
    assert!(targets.contains(&"lambda".to_string()) && targets.contains(&"sns".to_string()));
    assert!(
        targets.contains(&"notifier".to_string()),
        "declared names a trigger reaches"
    );
    assert!(
        !targets.contains(&"sqs".to_string()),
        "a CodeCommit trigger cannot reach SQS"
    );
    let typing = client.request("textDocument/completion", at(URI, 6, 44));
    assert_eq!(
        typing[0]["textEdit"]["range"],
        json!({ "start": { "line": 6, "character": 42 }, "end": { "line": 6, "character": 44 } }),
        "the typed prefix is replaced"
    );
    insta::assert_json_snapshot!("completion", found);
    client.shutdown();
}

/// After `NAME.` in a value, the attributes the declared resource has (a
/// table's `stream-arn` only with its `stream` edge), replacing what is typed
/// after the dot; hover on a reference shows its doc and what it renders to.
#[test]
fn completion_and_hover_know_references() {
    let mut client = Client::start();
    let text = "sqs jobs\ndynamodb orders -> stream -> lambda auditor\ndynamodb plain\nsqs legacy = existing \"arn:aws:sqs:us-east-1:123456789012:legacy\"\nlambda api { environment = { A = jobs.u, B = orders., C = plain., D = legacy.url, E = orders.stream-arn }, tags = { t = jobs.arn } }\n";
    client.open(URI, text);
    let line = text.lines().nth(4).unwrap();
    let column = |needle: &str| u32::try_from(line.find(needle).unwrap() + needle.len()).unwrap();
    let items = client.request("textDocument/completion", at(URI, 4, column("jobs.u")));
    assert_eq!(labels(&items), ["arn", "name", "url"]);
    let url = &items[2];
    assert_eq!(
        url["textEdit"]["range"],
        json!({ "start": { "line": 4, "character": column("jobs.") }, "end": { "line": 4, "character": column("jobs.u") } }),
        "what is typed after the dot is replaced"
    );
    assert_eq!(url["detail"], "jobs.url");
    assert!(
        url["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("URL"),
        "{url}"
    );
    let stream = client.request("textDocument/completion", at(URI, 4, column("orders.")));
    assert_eq!(labels(&stream), ["arn", "name", "stream-arn"]);
    let plain = client.request("textDocument/completion", at(URI, 4, column("plain.")));
    assert_eq!(labels(&plain), ["arn", "name"], "no stream, no stream-arn");
    let mut hover = |needle: &str| {
        let reply = client.request("textDocument/hover", at(URI, 4, column(needle) - 1));
        reply["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let queue = hover("D = legacy.url");
    assert!(
        queue.contains("**legacy.url**")
            && queue.contains("https://sqs.us-east-1.amazonaws.com/123456789012/legacy"),
        "{queue}"
    );
    let stream_arn = hover("E = orders.stream-arn");
    assert!(
        stream_arn.contains("\"Fn::GetAtt\": [\"OrdersTable\", \"StreamArn\"]")
            && stream_arn.contains("`stream_arn`"),
        "{stream_arn}"
    );
    let arn = hover("t = jobs.arn");
    assert!(arn.contains("**jobs.arn**: The queue's ARN."), "{arn}");
    client.shutdown();
}

/// After an option that names a declaration (`dead-letter`), the declared
/// names of the services it takes, and no other.
#[test]
fn completion_offers_the_declarations_an_option_names() {
    let mut client = Client::start();
    let text = "sqs orders-dlq\nsns alerts\nsqs billing\nsns orders -> subscribe dead-letter \n";
    client.open(URI, text);
    let column = u32::try_from(text.lines().nth(3).unwrap().len()).unwrap();
    let items = client.request("textDocument/completion", at(URI, 3, column));
    let offered = labels(&items);
    let has = |name: &str| offered.iter().any(|label| label == name);
    assert!(has("orders-dlq") && has("billing"), "{offered:?}");
    assert!(
        !has("alerts"),
        "a topic is no dead-letter queue: {offered:?}"
    );
    client.shutdown();
}

/// Inside an alarm's `metric` string, the metrics AWS publishes, replacing
/// what is typed after the quote; in any other string, nothing.
#[test]
fn completion_offers_published_metrics_in_an_alarms_metric_string() {
    let mut client = Client::start();
    let text = "alarm reads { metric = \"AWS/Dyn\n\nalarm writes { description = \"AWS/Dyn\n";
    client.open(URI, text);
    let items = client.request("textDocument/completion", at(URI, 0, 31));
    let offered = labels(&items);
    for expected in [
        "AWS/DynamoDB ThrottledRequests",
        "AWS/DynamoDB ConsumedReadCapacityUnits",
        "AWS/SQS ApproximateAgeOfOldestMessage",
        "AWS/EC2 StatusCheckFailed_System",
    ] {
        assert!(offered.iter().any(|label| label == expected), "{expected}");
    }
    assert!(
        !offered.contains(&"AWS/EC2 MemoryUtilization".to_string()),
        "EC2 does not publish it"
    );
    let dynamo = items
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["label"] == "AWS/DynamoDB ThrottledRequests")
        .unwrap();
    assert_eq!(
        dynamo["textEdit"]["range"],
        json!({ "start": { "line": 0, "character": 24 }, "end": { "line": 0, "character": 31 } }),
        "what is typed after the quote is replaced"
    );
    let other = client.request("textDocument/completion", at(URI, 2, 37));
    assert!(labels(&other).is_empty(), "{other}");
    client.shutdown();
}

#[test]
fn definition_and_references_cross_used_files() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path().canonicalize().unwrap();
    std::fs::write(
        root.join("shared.wire"),
        "sns alerts { display-name = \"Alerts\" }\nsns alerts -> sqs audit\n",
    )
    .unwrap();
    let main = "use \"shared.wire\"\n\nalarm cpu { metric = \"AWS/EC2 CPUUtilization\", above = 80 } -> alerts\nalerts -> email \"ops@example.com\"\n";
    std::fs::write(root.join("main.wire"), main).unwrap();
    let uri = format!("file://{}/main.wire", root.display());
    let mut client = Client::start_in(&root);
    let published = client.open(&uri, main);
    assert_eq!(codes(&published), Vec::<String>::new(), "{published}");
    let prefix = format!("file://{}", root.display());
    let relative = |value: Value| -> Value {
        serde_json::from_str(&value.to_string().replace(&prefix, "file://<tmp>")).unwrap()
    };
    let definition = client.request("textDocument/definition", at(&uri, 2, 70));
    let references = client.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": uri },
            "position": { "line": 3, "character": 2 },
            "context": { "includeDeclaration": true },
        }),
    );
    let without = client.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": uri },
            "position": { "line": 3, "character": 2 },
            "context": { "includeDeclaration": false },
        }),
    );
    assert_eq!(
        references.as_array().unwrap().len(),
        without.as_array().unwrap().len() + 1
    );
    insta::assert_json_snapshot!(
        "navigation",
        json!({ "definition": relative(definition), "references": relative(references) })
    );
    client.shutdown();
}

#[test]
fn document_symbols_list_each_resource_once() {
    let mut client = Client::start();
    let text = std::fs::read_to_string("examples/s3-ingest.wire").unwrap();
    client.open(URI, &text);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let names: Vec<String> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|symbol| {
            format!(
                "{} ({}) {}",
                symbol["name"].as_str().unwrap(),
                symbol["kind"],
                symbol["detail"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_json_snapshot!("symbols", names);
    client.shutdown();
}

#[test]
fn formatting_is_wirec_fmt() {
    let mut client = Client::start();
    let text = "# → 🎉 before the change\nsqs   ingest ->   lambda importer\nsns a  # trailing\n";
    client.open(URI, text);
    let options = json!({ "tabSize": 2, "insertSpaces": true });
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": options }),
    );
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1, "{edits:?}");
    let formatted = wirec::format::format(text).unwrap();
    assert_eq!(apply(text, edits), formatted);
    insta::assert_json_snapshot!("formatting", edits);
    // A formatted file, and one that does not parse, get no edits.
    client.change(URI, 2, &formatted);
    let none = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": options }),
    );
    assert_eq!(none, json!([]));
    client.change(URI, 3, "sqs ingest {");
    let broken = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": options }),
    );
    assert_eq!(broken, json!([]));
    client.shutdown();
}

#[test]
fn code_actions_apply_the_diagnostics_suggestions() {
    let mut client = Client::start();
    let text = std::fs::read_to_string("examples/mistakes.wire").unwrap();
    client.open(URI, &text);
    let lines = u32::try_from(text.lines().count()).unwrap();
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": lines, "character": 0 } },
            "context": { "diagnostics": [] },
        }),
    );
    let summary: Vec<Value> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|action| json!({ "title": action["title"], "code": action["diagnostics"][0]["code"], "edits": action["edit"]["changes"][URI] }))
        .collect();
    insta::assert_json_snapshot!("code_actions", summary);
    // Applying every fix removes the diagnostics they were for.
    let mut edits = Vec::new();
    for action in actions.as_array().unwrap() {
        if action["isPreferred"] == true {
            edits.extend(
                action["edit"]["changes"][URI]
                    .as_array()
                    .unwrap()
                    .iter()
                    .cloned(),
            );
        }
    }
    let fixed = apply(&text, &edits);
    assert!(
        fixed.contains("-> sns web-trigger -> lambda notifier"),
        "{fixed}"
    );
    assert!(fixed.contains("lambda reporter"), "{fixed}");
    client.change(URI, 2, &fixed);
    let after = client.diagnostics(URI);
    let remaining = codes(&after);
    for fixed_code in ["E301", "E101", "E103"] {
        assert!(
            !remaining.iter().any(|code| code == fixed_code),
            "{remaining:?}"
        );
    }
    // Only quick fixes are offered.
    let only_refactors = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": lines, "character": 0 } },
            "context": { "diagnostics": [], "only": ["refactor"] },
        }),
    );
    assert_eq!(only_refactors, json!([]));
    client.shutdown();
}

#[test]
fn positions_count_utf16_units_after_non_ascii_text() {
    let mut client = Client::start();
    let text = "# alerts → on-call 🎉 (see the runbook)\nsns ops { display-name = \"Ops → 🎉\" } -> lamda pager\n";
    let published = client.open(URI, text);
    let diagnostic = &published["diagnostics"][0];
    assert_eq!(diagnostic["code"], "E101", "{published}");
    let (line, character) = position_of(text, "lamda", 0);
    assert_eq!(line, 1);
    // "→" is one UTF-16 unit and the emoji two (bytes would say 45, characters 40).
    assert_eq!(character, 41);
    assert_eq!(
        diagnostic["range"],
        json!({ "start": { "line": 1, "character": character }, "end": { "line": 1, "character": character + 5 } })
    );
    let hover = client.request("textDocument/hover", at(URI, line, character + 2));
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("**E101**"), "{value}");
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": 1, "character": character }, "end": { "line": 1, "character": character } },
            "context": { "diagnostics": [] },
        }),
    );
    let edits = actions[0]["edit"]["changes"][URI]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        apply(text, &edits),
        text.replace("lamda", "lambda"),
        "the fix lands on the word"
    );
    client.shutdown();
}

#[test]
fn every_keystroke_of_every_example_gets_diagnostics() {
    let mut client = Client::start();
    let mut version = 1;
    for path in crate::support::examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        // The example where it is, so that the folders its functions' `code`
        // names exist for the server's check.
        let absolute = std::fs::canonicalize(&path).unwrap();
        let uri = format!("file://{}", absolute.display());
        client.open(&uri, "");
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(index, _)| index)
            .skip(1)
            .chain([text.len()])
            .collect();
        let mut last = Value::Null;
        for end in boundaries {
            version += 1;
            let prefix = &text[..end];
            client.change(&uri, version, prefix);
            let published = client.diagnostics(&uri);
            last = published.clone();
            assert_eq!(
                published["version"],
                version,
                "{}: prefix of {end} bytes",
                path.display()
            );
            // Completion and hover at the cursor must answer too.
            let line = u32::try_from(prefix.matches('\n').count()).unwrap();
            let last_line = prefix.rsplit('\n').next().unwrap_or("");
            let character = u32::try_from(last_line.encode_utf16().count()).unwrap();
            let completion = client.call("textDocument/completion", at(&uri, line, character));
            assert!(completion.get("error").is_none(), "{completion}");
            let hover = client.call(
                "textDocument/hover",
                at(&uri, line, character.saturating_sub(1)),
            );
            assert!(hover.get("error").is_none(), "{hover}");
        }
        let final_codes = codes(&last);
        let catalogue = wirec::embedded_catalogue().0;
        let compiled = crate::support::compile_text("x.wire", &text, &catalogue);
        assert_eq!(
            final_codes.len(),
            compiled.diagnostics.len(),
            "{}",
            path.display()
        );
    }
    client.shutdown();
}

#[test]
fn queued_changes_compile_only_the_latest() {
    let mut client = Client::start();
    let mut base = String::new();
    for index in 0..200 {
        let _ = writeln!(
            base,
            "s3 uploads-{index} -> notify on object-created -> sqs ingest-{index} -> lambda importer-{index}"
        );
    }
    client.open(URI, &base);
    // Fifty changes sent in one write: the server sees them queued and compiles
    // the last one (and at most a few before it caught up).
    let mut burst = Vec::new();
    for version in 2..=51 {
        let text = if version == 51 {
            format!("{base}lamda late\n")
        } else {
            format!("{base}# edit {version}\n")
        };
        burst.extend(lsp_frame(&json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": { "textDocument": { "uri": URI, "version": version }, "contentChanges": [{ "text": text }] },
        })));
    }
    client.write(&burst);
    let mut published = Vec::new();
    loop {
        let diagnostics = client.diagnostics(URI);
        let version = diagnostics["version"].as_i64().unwrap();
        published.push(diagnostics);
        if version == 51 {
            break;
        }
    }
    assert!(
        published.len() < 25,
        "{} of 50 queued changes were compiled",
        published.len()
    );
    assert_eq!(codes(published.last().unwrap()), ["E101"]);
    client.shutdown();
}

#[test]
fn invalid_messages_and_parameters_do_not_stop_the_server() {
    let mut client = Client::start();
    client.write(b"Content-Length: 9\r\n\r\nnot json!");
    let invalid = client.call("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(invalid["error"]["code"], -32602, "{invalid}");
    let unknown = client.call("wirec/unknown", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    client.change("file:///project/never-opened.wire", 2, "sqs a");
    let closed = client.request(
        "textDocument/hover",
        at("file:///project/never-opened.wire", 0, 0),
    );
    assert_eq!(closed, Value::Null);
    let far = client.open(URI, "sqs a -> lamda b");
    assert_eq!(codes(&far), ["E101"]);
    let beyond = client.request("textDocument/completion", at(URI, 40, 400));
    assert!(beyond.is_array());
    client.shutdown();
}

#[test]
fn the_vscode_grammar_names_every_service_and_the_extension_files_are_valid() {
    let grammar: Value = serde_json::from_str(
        &std::fs::read_to_string("editors/vscode/syntaxes/wirec.tmLanguage.json").unwrap(),
    )
    .unwrap();
    let pattern = grammar["repository"]["service"]["match"].as_str().unwrap();
    let list = pattern
        .split_once("])(")
        .unwrap()
        .1
        .split_once(")(?=")
        .unwrap()
        .0;
    let mut listed: Vec<&str> = list.split('|').collect();
    listed.sort_unstable();
    let catalogue = wirec::embedded_catalogue().0;
    let mut services: Vec<&str> = catalogue
        .services()
        .map(|spec| spec.service.as_str())
        .collect();
    services.sort_unstable();
    assert_eq!(
        listed, services,
        "update the `service` pattern of the grammar"
    );
    let package: Value =
        serde_json::from_str(&std::fs::read_to_string("editors/vscode/package.json").unwrap())
            .unwrap();
    assert_eq!(
        package["contributes"]["languages"][0]["extensions"],
        json!([".wire"])
    );
    let configuration = std::fs::read_to_string("editors/vscode/language-configuration.json");
    serde_json::from_str::<Value>(&configuration.unwrap()).unwrap();
}

#[test]
fn a_request_cancelled_while_queued_is_answered_as_cancelled() {
    let mut client = Client::start();
    let mut big = String::new();
    for index in 0..2000 {
        let _ = writeln!(big, "sqs queue-{index} -> lambda reader-{index}");
    }
    // One write: the open (whose compilation keeps the server busy), a hover,
    // a request and its cancellation, which arrive while the server compiles.
    let mut burst = lsp_frame(&json!({
        "jsonrpc": "2.0",
        "method": "textDocument/didOpen",
        "params": { "textDocument": { "uri": URI, "languageId": "wirec", "version": 1, "text": big } },
    }));
    burst.extend(lsp_frame(&json!({ "jsonrpc": "2.0", "id": 900, "method": "textDocument/hover", "params": at(URI, 0, 1) })));
    burst.extend(lsp_frame(&json!({ "jsonrpc": "2.0", "id": 901, "method": "textDocument/documentSymbol", "params": { "textDocument": { "uri": URI } } })));
    burst.extend(lsp_frame(
        &json!({ "jsonrpc": "2.0", "method": "$/cancelRequest", "params": { "id": 901 } }),
    ));
    client.write(&burst);
    let mut answers = std::collections::HashMap::new();
    while answers.len() < 2 {
        let message = client.next();
        if let Some(id) = message.get("id").and_then(Value::as_i64) {
            answers.insert(id, message);
        }
    }
    assert!(answers[&900].get("result").is_some(), "{}", answers[&900]);
    assert_eq!(answers[&901]["error"]["code"], -32800, "{}", answers[&901]);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(symbols.as_array().unwrap().len(), 4000);
    client.shutdown();
}
