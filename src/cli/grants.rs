//! `wirec explain --grant FILE[:LINE]`: what each grant of a wiring admits,
//! as text for people (`report::grants`) or as the grant manifest for tools
//! (`emit::grants`, read by CI's IAM simulator). A file is compiled as
//! `check` compiles it; one with errors prints its diagnostics instead.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the CLI is the edge that prints"
)]

use super::files::{Files, Reach, utf8_name};
use super::messages::Reporter;
use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE, GrantFormat};
use crate::catalogue::{Catalogue, codes};
use crate::compile::{Compilation, Options, compile_with};
use crate::diagnostics::printable;
use crate::plan::GrantRecord;
use crate::source::{FileId, SourceSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// How many lines the "no grant on this line" message lists at most.
const MAX_LINES_LISTED: usize = 30;

/// The longest part of an argument repeated in a usage message, in bytes.
const MAX_ARGUMENT_SHOWN: usize = 80;

/// One `--grant` argument: the file as given and the line, if one.
struct Request {
    path: String,
    line: Option<usize>,
}

/// What explaining one file gave: its part of the output.
enum Explained {
    Text(String),
    Json(serde_json::Value),
}

/// Runs `explain --grant` on every argument (text unless `format` says
/// otherwise); prints only when each one compiled and had what was asked for,
/// so a tool never reads half an answer.
pub(super) fn explain(
    arguments: &[String],
    format: Option<GrantFormat>,
    (catalogue, compile_options, reach): (&Catalogue, &Options, &Reach),
    mut messages: Reporter,
) -> u8 {
    let format = format.unwrap_or(GrantFormat::Text);
    let status = explain_all(
        arguments,
        format,
        catalogue,
        (compile_options, reach),
        &mut messages,
    );
    messages.finish();
    status
}

fn explain_all(
    arguments: &[String],
    format: GrantFormat,
    catalogue: &Catalogue,
    (compile_options, reach): (&Options, &Reach),
    messages: &mut Reporter,
) -> u8 {
    let mut requests = Vec::with_capacity(arguments.len());
    for argument in arguments {
        match request(argument) {
            Ok(request) => requests.push(request),
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_USAGE;
            }
        }
    }
    let mut status = EXIT_OK;
    let mut parts = Vec::with_capacity(requests.len());
    for request in &requests {
        match explain_one(
            request,
            format,
            catalogue,
            (compile_options, reach),
            messages,
        ) {
            Ok(part) => parts.push(part),
            Err(code) => status = status.max(code),
        }
    }
    if status != EXIT_OK {
        return status;
    }
    let mut output = String::new();
    let mut files = Vec::new();
    for part in parts {
        match part {
            Explained::Text(text) => {
                if !output.is_empty() && !text.is_empty() {
                    output.push('\n');
                }
                output.push_str(&text);
            }
            Explained::Json(file) => files.push(file),
        }
    }
    if format == GrantFormat::Json {
        let manifest = serde_json::json!({ "files": files });
        output = serde_json::to_string_pretty(&manifest).unwrap_or_default();
        output.push('\n');
    }
    // A closed pipe (`| head`) is the reader's choice, not an error.
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(output.as_bytes());
    let _ = stdout.flush();
    EXIT_OK
}

/// `FILE` or `FILE:LINE`. A file whose name holds a `:` is taken whole when
/// it exists; otherwise what follows the last `:` must be a line number.
fn request(argument: &str) -> Result<Request, String> {
    if Path::new(argument).is_file() {
        return Ok(Request {
            path: argument.to_string(),
            line: None,
        });
    }
    let Some((path, line)) = argument.rsplit_once(':') else {
        return Ok(Request {
            path: argument.to_string(),
            line: None,
        });
    };
    match line.parse::<usize>() {
        Ok(number) if number > 0 && !line.starts_with('+') => Ok(Request {
            path: path.to_string(),
            line: Some(number),
        }),
        _ => Err(format!(
            "--grant {}: `{}` is not a line number (FILE:LINE takes a line number from 1)",
            shown(argument),
            shown(line)
        )),
    }
}

/// An argument's text for a message: escaped and cut short.
fn shown(text: &str) -> String {
    let mut end = text.len().min(MAX_ARGUMENT_SHOWN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = if end < text.len() { "…" } else { "" };
    format!("{}{cut}", printable(&text[..end], false))
}

/// Compiles one file and renders its grants (those of `request.line` only,
/// when given); the exit code when it cannot.
fn explain_one(
    request: &Request,
    format: GrantFormat,
    catalogue: &Catalogue,
    (compile_options, reach): (&Options, &Reach),
    messages: &mut Reporter,
) -> Result<Explained, u8> {
    let file = PathBuf::from(&request.path);
    if let Err(message) = utf8_name(&file) {
        eprintln!("error: {message}");
        return Err(EXIT_USAGE);
    }
    let loader = Files::new(reach, Path::new(""), &file);
    let options = loader.fence().options(compile_options);
    let compilation = compile_with(&file, &loader, catalogue, &options);
    let plan = planned(&compilation, catalogue, messages)?;
    let root = compilation.sources.iter().next().map(|(id, _)| id);
    let records: Vec<&GrantRecord> = plan
        .grants
        .iter()
        .filter(|record| {
            request.line.is_none_or(|line| {
                Some(record.origin.file) == root
                    && compilation.sources.location(record.origin).line == line
            })
        })
        .collect();
    if let Some(line) = request.line
        && records.is_empty()
    {
        eprintln!(
            "error: {}",
            no_grant_on(
                &request.path,
                line,
                &plan.grants,
                root,
                &compilation.sources
            )
        );
        return Err(EXIT_ERRORS);
    }
    Ok(match format {
        GrantFormat::Text => {
            Explained::Text(crate::report::grants::text(&records, &compilation.sources))
        }
        GrantFormat::Json => Explained::Json(serde_json::json!({
            "path": request.path,
            "grants": records
                .iter()
                .map(|record| crate::emit::grants::record_json(record, &compilation.sources))
                .collect::<Vec<_>>(),
        })),
    })
}

/// The plan of a compilation without errors; otherwise its diagnostics are
/// reported as `check` (and, for what the backends cannot build, `build`)
/// reports them.
fn planned(
    compilation: &Compilation,
    catalogue: &Catalogue,
    messages: &mut Reporter,
) -> Result<crate::plan::Plan, u8> {
    if compilation.has_errors() {
        messages.report(&compilation.diagnostics, &compilation.sources, catalogue);
        let unreadable_root = compilation.diagnostics.iter().any(|diagnostic| {
            diagnostic.code == codes::UNREADABLE_USE && diagnostic.primary.span.file == FileId::NONE
        });
        return Err(if unreadable_root {
            EXIT_USAGE
        } else {
            EXIT_ERRORS
        });
    }
    let unsupported = compilation.backend_diagnostics(catalogue);
    if !unsupported.is_empty() {
        messages.report(&unsupported, &compilation.sources, catalogue);
        return Err(EXIT_ERRORS);
    }
    compilation.plan(catalogue).ok_or(EXIT_ERRORS)
}

/// The message for a line with no grant: the lines of the file that have one.
fn no_grant_on(
    path: &str,
    line: usize,
    grants: &[GrantRecord],
    root: Option<FileId>,
    sources: &SourceSet,
) -> String {
    let mut lines: Vec<usize> = grants
        .iter()
        .filter(|record| Some(record.origin.file) == root)
        .map(|record| sources.location(record.origin).line)
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let path = shown(path);
    if lines.is_empty() {
        return format!("no grant on line {line} of {path}, and no line of it makes one");
    }
    let mut listed: Vec<String> = lines
        .iter()
        .take(MAX_LINES_LISTED)
        .map(ToString::to_string)
        .collect();
    if lines.len() > MAX_LINES_LISTED {
        listed.push(format!("and {} more", lines.len() - MAX_LINES_LISTED));
    }
    format!(
        "no grant on line {line} of {path}; the lines that make one are {}",
        listed.join(", ")
    )
}
