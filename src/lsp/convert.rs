//! Conversions between the compiler's byte spans and the protocol's UTF-16
//! positions, between paths and `file:` URIs, and from [`Diagnostic`] values to
//! protocol diagnostics.
//!
//! The protocol counts columns in UTF-16 code units by default, while every span
//! in the compiler is a byte offset; a comment with "→" or an emoji before a
//! diagnostic is where the two differ.

use crate::catalogue::Catalogue;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{FileId, SourceSet, Span};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr as _;

/// Where each rule is explained; a diagnostic's `code_description` links to the
/// rule's section (`#e301`).
pub const DIAGNOSTICS_DOCS: &str = "https://github.com/wirec/wirec/blob/main/docs/diagnostics.md";

/// The start of every line of one text, for offset ↔ position conversion.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`'s line starts (after each `\n`).
    #[must_use]
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, byte)| *byte == b'\n')
                .map(|(offset, _)| offset + 1),
        );
        LineIndex { starts }
    }

    /// The protocol position (line, UTF-16 column) of a byte offset; an offset
    /// inside a character counts as that character's start.
    #[must_use]
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_boundary(text, offset);
        let line = match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let column: usize = text
            .get(start..offset)
            .map_or(0, |prefix| prefix.chars().map(char::len_utf16).sum());
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of a protocol position, clamped to the line's end (and
    /// to the text's end for a line past the last).
    #[must_use]
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |next| next.saturating_sub(1));
        let line = text.get(start..end).unwrap_or("");
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0usize;
        for (index, character) in line.char_indices() {
            if units >= position.character as usize {
                return start + index;
            }
            units += character.len_utf16();
        }
        start + line.len()
    }

    /// The protocol range of a byte range.
    #[must_use]
    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range {
            start: self.position(text, start),
            end: self.position(text, end.max(start)),
        }
    }
}

/// The largest char boundary at or below `offset` (and at most the text's length).
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The range of a span in the files of one compilation, with the file's line
/// index computed on demand (the root's is passed in, since it is used most).
pub(crate) struct Ranges<'a> {
    /// Every file of the compilation.
    pub(crate) sources: &'a SourceSet,
    /// The file being edited.
    pub(crate) root: FileId,
    /// Its line index.
    pub(crate) root_index: &'a LineIndex,
}

impl Ranges<'_> {
    /// The range of `span` in its file; spans outside any file map to the start.
    pub(crate) fn range(&self, span: Span) -> Range {
        let Some(file) = self.sources.get(span.file) else {
            return Range::default();
        };
        if span.file == self.root {
            self.root_index
                .range(&file.text, span.start as usize, span.end as usize)
        } else {
            LineIndex::new(&file.text).range(&file.text, span.start as usize, span.end as usize)
        }
    }

    /// The URI of the file a span belongs to.
    pub(crate) fn uri(&self, span: Span) -> Option<Uri> {
        self.sources
            .get(span.file)
            .and_then(|file| path_to_uri(&file.path))
    }
}

/// The protocol diagnostic for one compiler diagnostic: the same code, message
/// and spans; help and notes follow the message on their own lines, secondary
/// labels become related information.
pub(crate) fn diagnostic(
    diagnostic: &Diagnostic,
    ranges: &Ranges<'_>,
    documented: &HashSet<String>,
) -> lsp_types::Diagnostic {
    let mut message = diagnostic.message.clone();
    if !diagnostic.primary.text.is_empty() {
        message.push('\n');
        message.push_str(&diagnostic.primary.text);
    }
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    for note in &diagnostic.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .secondary
        .iter()
        .filter_map(|label| {
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri: ranges.uri(label.span)?,
                    range: ranges.range(label.span),
                },
                message: label.text.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: ranges.range(diagnostic.primary.span),
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.code.clone())),
        code_description: rule_link(&diagnostic.code, documented)
            .map(|href| CodeDescription { href }),
        source: Some("wirec".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Errors are errors and warnings are warnings.
#[must_use]
pub(crate) fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
    }
}

/// The link to a rule's section of `docs/diagnostics.md`, for rules that the
/// reference documents (a rule pack's own rules are not there).
#[must_use]
pub(crate) fn rule_link(code: &str, documented: &HashSet<String>) -> Option<Uri> {
    if !documented.contains(code) {
        return None;
    }
    Uri::from_str(&format!("{DIAGNOSTICS_DOCS}#{}", code.to_ascii_lowercase())).ok()
}

/// The codes the shipped reference documents: the embedded catalogue's rules.
pub(crate) fn documented_codes() -> HashSet<String> {
    let (catalogue, _, _): (Catalogue, _, _) = crate::compile::embedded_catalogue();
    catalogue
        .rules()
        .iter()
        .map(|rule| rule.code.clone())
        .collect()
}

/// The file path of a `file:` URI (percent-decoded); other schemes keep their
/// text as a path, so unsaved buffers still compile (their `use`s do not resolve).
#[must_use]
pub(crate) fn uri_to_path(uri: &Uri) -> PathBuf {
    let text = uri.as_str();
    let Some(rest) = text.strip_prefix("file://") else {
        return PathBuf::from(text);
    };
    // Skip the authority (usually empty, `file:///path`).
    let path = rest.find('/').map_or("", |slash| &rest[slash..]);
    let decoded = percent_decode(path);
    // `file:///C:/dir` on Windows: drop the slash before the drive letter.
    let bytes = decoded.as_bytes();
    if cfg!(windows) && bytes.len() > 2 && bytes[0] == b'/' && bytes[2] == b':' {
        return normalize(Path::new(&decoded[1..]));
    }
    normalize(Path::new(&decoded))
}

/// The `file:` URI of an absolute path; relative paths are made absolute
/// against the current folder first.
#[must_use]
pub(crate) fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_string_lossy();
    if !path.is_absolute() && !text.starts_with('/') {
        if text.contains(':') {
            // Not a file path (an `untitled:` buffer kept as its URI text).
            return Uri::from_str(&text).ok();
        }
        let absolute = std::env::current_dir().ok()?.join(path);
        return path_to_uri(&normalize(&absolute));
    }
    let mut encoded = String::from("file://");
    let text = text.replace('\\', "/");
    if !text.starts_with('/') {
        encoded.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~:@!$&'()*+,;=".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    Uri::from_str(&encoded).ok()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && index + 2 < bytes.len()
            && let Some(value) = text
                .get(index + 1..index + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(value);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(crate) use crate::compile::normalize;
