//! Diagnostics latency of the language server after a one-character change in a
//! 5,000-line file.
//!
//! This measures the path `wirec lsp` runs for a `textDocument/didChange`
//! notification, minus the pipe: decode the notification's JSON, apply the
//! change to the open document (`wirec::lsp::Session::change`), compile and
//! convert the diagnostics (`Session::diagnostics`, the same `compile_with`
//! pipeline the CLI runs) and encode the `publishDiagnostics` notification.
//! The edits alternate between adding and removing one character in the
//! middle of the file, as typing does. The target is a median under 20 ms.
//!
//! Run with `cargo bench --bench lsp_latency` (options after `--`:
//! `--runs N`, default 60; `--lines N`, default 5000).

#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark's main reports on stdout and stops on a broken set-up"
)]

use std::fmt::Write as _;
use std::str::FromStr as _;
use std::time::{Duration, Instant};

use lsp_types::{DidChangeTextDocumentParams, Uri};
use wirec::lsp::Session;

/// One group of wiring, ten lines; `{i}` makes every name unique to its group.
const GROUP: &str = r#"# group {i}: uploads, fan-out and a repository
lambda fn-{i} { runtime = "python3.12", handler = "index.handler", timeout = 30 }
s3 bucket-{i} -> notify on object-created suffix ".csv" -> sqs queue-{i} -> lambda fn-{i}
s3 bucket-{i} -> notify on object-removed -> sns topic-{i}
sns topic-{i} -> sqs fanout-{i}
sns topic-{i} -> email "team-{i}@example.com"
dynamodb table-{i} { key = "id" }
dynamodb table-{i} -> stream -> lambda reader-{i}
codecommit repo-{i} -> trigger on push main -> lambda fn-{i}
"#;

/// Runs before the timed ones, to fill caches.
const WARM_UP: usize = 5;

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn summary(times: &[Duration]) -> String {
    format!(
        "median {:.2} ms, min {:.2} ms, p90 {:.2} ms, max {:.2} ms",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() * 9 / 10]),
        ms(times[times.len() - 1])
    )
}

/// Times `runs` changes that alternate between the two texts (after a warm-up),
/// from the notification's JSON to the encoded diagnostics; sorted.
fn measure(
    session: &mut Session,
    uri: &Uri,
    texts: [&str; 2],
    runs: usize,
    version: &mut i32,
) -> Vec<Duration> {
    // The notifications as the client sends them, encoded up front.
    let notification = |version: i32, text: &str| {
        serde_json::json!({
            "textDocument": { "uri": uri.as_str(), "version": version },
            "contentChanges": [{ "text": text }],
        })
        .to_string()
    };
    let mut times = Vec::with_capacity(runs);
    for run in 0..WARM_UP + runs {
        *version += 1;
        let message = notification(*version, texts[run % 2]);
        let started = Instant::now();
        let params: DidChangeTextDocumentParams =
            serde_json::from_str(&message).expect("a valid notification");
        let version = params.text_document.version;
        session.change(uri, version, params.content_changes);
        let published = session.diagnostics(uri).expect("the document is open");
        let encoded = serde_json::to_string(&published).expect("serialisable");
        std::hint::black_box(encoded);
        if run >= WARM_UP {
            times.push(started.elapsed());
        }
    }
    times.sort();
    times
}

fn main() {
    let mut runs = 60usize;
    let mut lines = 5_000usize;
    let mut arguments = std::env::args().skip(1);
    while let Some(argument) = arguments.next() {
        match argument.as_str() {
            "--runs" => {
                runs = arguments
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(runs);
            }
            "--lines" => {
                lines = arguments
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(lines);
            }
            // `cargo bench` passes `--bench`; ignore what is not ours.
            _ => {}
        }
    }
    let groups = lines.div_ceil(GROUP.lines().count());
    let mut text = String::new();
    for index in 0..groups {
        text.push_str(&GROUP.replace("{i}", &index.to_string()));
    }
    // The character typed: one more letter in a comment in the middle of the file.
    let middle = text
        .find(&format!("# group {}:", groups / 2))
        .expect("the middle group")
        + "# group".len();
    let mut edited = text.clone();
    edited.insert(middle, 'x');

    let (catalogue, problems, _) = wirec::embedded_catalogue();
    assert!(problems.is_empty(), "the embedded catalogue is valid");
    let mut session = Session::new(catalogue, wirec::Options::default());
    let uri = Uri::from_str("file:///bench/latency.wire").expect("a valid URI");
    session.open(uri.clone(), 1, text.clone());
    let first = session.diagnostics(&uri).expect("the document is open");
    assert!(
        first.diagnostics.is_empty(),
        "the generated wiring compiles cleanly: {:?}",
        first.diagnostics.first()
    );

    let mut report = String::new();
    let _ = writeln!(
        report,
        "lsp_latency: {} lines, {} bytes, {runs} runs after {WARM_UP} warm-up runs",
        text.lines().count(),
        text.len()
    );
    let mut version = 1;
    let times = measure(&mut session, &uri, [&edited, &text], runs, &mut version);
    let line = summary(&times);
    let _ = writeln!(
        report,
        "didChange → publishDiagnostics: {line} (target: median < 20 ms)"
    );
    let median = times[times.len() / 2];
    // The same keystroke when it leaves a syntax error (an unclosed block): the
    // file is then parsed whole, so the exact `E001` is the compiler's.
    let mut broken = text.clone();
    broken.insert_str(middle - "# group".len(), "sqs broken {\n");
    let mut broken_edited = broken.clone();
    broken_edited.insert(middle + "sqs broken {\n".len(), 'x');
    let with_error = measure(
        &mut session,
        &uri,
        [&broken_edited, &broken],
        runs,
        &mut version,
    );
    let _ = writeln!(
        report,
        "the same with a syntax error in the middle of the file: {}",
        summary(&with_error)
    );
    let _ = writeln!(
        report,
        "RESULT lines={} runs={runs} median_ms={:.3} min_ms={:.3} syntax_error_median_ms={:.3}",
        text.lines().count(),
        ms(median),
        ms(times[0]),
        ms(with_error[with_error.len() / 2])
    );
    print!("{report}");
}
