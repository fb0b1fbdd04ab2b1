//! Diagnostics for machines (`--message-format json|sarif`): one JSON record
//! per diagnostic ([`Record`], printed as JSON Lines) and a SARIF 2.1.0 log
//! ([`sarif::Log`]) for code-scanning services; and the plan's grant records
//! for people (`grants`, `wirec explain --grant`).
//!
//! Both are plain conversions of [`Diagnostic`] values with the
//! [`SourceSet`] they point into; `docs/machine-output.md` documents the fields.
//! **Invariant:** pure: the CLI prints what these functions return.

pub mod grants;
pub mod sarif;

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, SourceSet, Span};
use serde::Serialize;
use std::collections::HashSet;

/// The project's home page (SARIF's `tool.driver.informationUri`).
pub const INFORMATION_URI: &str = "https://github.com/wirec/wirec";

/// Where each rule of the embedded catalogue is documented, and which codes those are.
#[derive(Debug, Clone, Default)]
pub struct Documentation {
    codes: HashSet<String>,
}

impl Documentation {
    /// The codes documented in `docs/diagnostics.md`: the embedded catalogue's
    /// rules (a rule pack's own rules are not there). Rule files are named
    /// `rules/<CODE>-<slug>.yaml`, which a test enforces.
    #[must_use]
    pub fn embedded() -> Documentation {
        let codes = crate::catalogue::embedded_files()
            .into_iter()
            .filter_map(|(path, _)| {
                let name = path.strip_prefix("rules/")?;
                let (code, _) = name.split_once('-')?;
                Some(code.to_string())
            })
            .collect();
        Documentation { codes }
    }

    /// The link to a rule's section of `docs/diagnostics.md`, for documented codes.
    #[must_use]
    pub fn url(&self, code: &str) -> Option<String> {
        self.codes.contains(code).then(|| {
            format!(
                "{}#{}",
                crate::lsp::DIAGNOSTICS_DOCS,
                code.to_ascii_lowercase()
            )
        })
    }
}

/// Where a span is, in every unit a consumer may want; all `None` (JSON
/// `null`) for a diagnostic that points at no file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The file's name as the user gave it (as in the human output).
    pub file: Option<String>,
    /// 1-based line of the first character.
    pub start_line: Option<usize>,
    /// 1-based column of the first character, counted in characters (Unicode scalar values).
    pub start_column: Option<usize>,
    /// 1-based line of the end.
    pub end_line: Option<usize>,
    /// 1-based column just after the last character (exclusive, like SARIF's `endColumn`).
    pub end_column: Option<usize>,
    /// Byte offset of the first byte, from the start of the file (0-based).
    pub start_byte: Option<u32>,
    /// Byte offset just after the last byte (exclusive).
    pub end_byte: Option<u32>,
}

impl Place {
    /// The place of `span` in `sources`.
    #[must_use]
    pub fn of(span: Span, sources: &SourceSet) -> Place {
        match sources.get(span.file).filter(|_| span.file != FileId::NONE) {
            Some(file) => {
                let (start_line, start_column) = file.line_col(span.start);
                let (end_line, end_column) = file.line_col(span.end.max(span.start));
                Place {
                    file: Some(file.name.clone()),
                    start_line: Some(start_line),
                    start_column: Some(start_column),
                    end_line: Some(end_line),
                    end_column: Some(end_column),
                    start_byte: Some(span.start),
                    end_byte: Some(span.end.max(span.start)),
                }
            }
            None => Place {
                file: None,
                start_line: None,
                start_column: None,
                end_line: None,
                end_column: None,
                start_byte: None,
                end_byte: None,
            },
        }
    }
}

/// A labelled span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelRecord {
    /// True for the diagnostic's main place (the first label), false for related places.
    pub primary: bool,
    /// What the label says there (may be empty).
    pub text: String,
    /// Where.
    #[serde(flatten)]
    pub place: Place,
}

/// One text replacement of a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditRecord {
    /// The range to replace (empty to insert).
    #[serde(flatten)]
    pub place: Place,
    /// The new text.
    pub replacement: String,
}

/// A machine-applicable fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuggestionRecord {
    /// What it does.
    pub title: String,
    /// Non-overlapping edits, to apply together.
    pub edits: Vec<EditRecord>,
}

/// One diagnostic as a JSON object (one line of `--message-format json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// `E301`.
    pub code: String,
    /// `codedeploy-trigger-target`.
    pub slug: String,
    /// `error` or `warning` (after `--deny` and `--allow`).
    pub severity: &'static str,
    /// The message, a lowercase clause.
    pub message: String,
    /// The primary label's place, flattened into the record.
    #[serde(flatten)]
    pub place: Place,
    /// The primary label first, then the secondary labels.
    pub labels: Vec<LabelRecord>,
    /// How to fix it, if the rule says.
    pub help: Option<String>,
    /// Background notes.
    pub notes: Vec<String>,
    /// Machine-applicable fixes, best first.
    pub suggestions: Vec<SuggestionRecord>,
    /// The rule's section of `docs/diagnostics.md`; `null` for a rule pack's own rules.
    pub url: Option<String>,
}

impl Record {
    /// The record of one diagnostic.
    #[must_use]
    pub fn new(
        diagnostic: &Diagnostic,
        sources: &SourceSet,
        documentation: &Documentation,
    ) -> Record {
        let labels = std::iter::once((true, &diagnostic.primary))
            .chain(diagnostic.secondary.iter().map(|label| (false, label)))
            .map(|(primary, label)| LabelRecord {
                primary,
                text: label.text.clone(),
                place: Place::of(label.span, sources),
            })
            .collect();
        Record {
            code: diagnostic.code.clone(),
            slug: diagnostic.slug.clone(),
            severity: diagnostic.severity.as_str(),
            message: diagnostic.message.clone(),
            place: Place::of(diagnostic.primary.span, sources),
            labels,
            help: diagnostic.help.clone(),
            notes: diagnostic.notes.clone(),
            suggestions: diagnostic
                .suggestions
                .iter()
                .map(|suggestion| SuggestionRecord {
                    title: suggestion.title.clone(),
                    edits: suggestion
                        .edits
                        .iter()
                        .map(|edit| EditRecord {
                            place: Place::of(edit.span, sources),
                            replacement: edit.replacement.clone(),
                        })
                        .collect(),
                })
                .collect(),
            url: documentation.url(&diagnostic.code),
        }
    }
}

/// JSON Lines: one [`Record`] per diagnostic, each on its own line (ending in `\n`).
#[must_use]
pub fn json_lines(
    diagnostics: &[Diagnostic],
    sources: &SourceSet,
    documentation: &Documentation,
) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let record = Record::new(diagnostic, sources, documentation);
        // Serializing plain strings and numbers cannot fail.
        if let Ok(line) = serde_json::to_string(&record) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
