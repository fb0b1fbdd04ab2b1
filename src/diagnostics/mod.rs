//! Diagnostics as plain data: a code, a severity, a message, labelled spans, help,
//! notes and machine-applicable suggestions.
//!
//! Every stage returns diagnostics instead of printing them; the CLI and the
//! language server render the same values. Codes, messages and help texts come
//! from the rule catalogue (`stdlib/rules/`), so this module knows no rule.

mod excerpt;
mod render;

pub(crate) use excerpt::printable;
pub use render::{RenderOptions, render};

use crate::source::Span;
use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Output is produced; the wiring is suspicious.
    Warning,
    /// No output can be produced.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A short text attached to a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What to say there.
    pub text: String,
}

/// A text replacement that fixes the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The range to replace (empty to insert).
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

/// A machine-applicable fix: what it does, and the edits that do it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// One line, e.g. "insert an SNS topic between the trigger and the function".
    pub title: String,
    /// Non-overlapping edits.
    pub edits: Vec<Edit>,
}

/// One problem found in the user's wiring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// `E101`, `W401`, ...
    pub code: String,
    /// `unknown-service`, ...
    pub slug: String,
    /// Error or warning.
    pub severity: Severity,
    /// Lowercase clause, no trailing period.
    pub message: String,
    /// The main place.
    pub primary: Label,
    /// Related places (the other end of an edge, an earlier declaration).
    pub secondary: Vec<Label>,
    /// One imperative sentence that says how to fix it.
    pub help: Option<String>,
    /// Background.
    pub notes: Vec<String>,
    /// Concrete rewrites, best first (quick fixes in an editor).
    pub suggestions: Vec<Suggestion>,
}

impl Diagnostic {
    /// Adds a secondary label.
    #[must_use]
    pub fn with_label(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Replaces the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Attaches a machine-applicable suggestion.
    #[must_use]
    pub fn with_suggestion(mut self, suggestion: Suggestion) -> Diagnostic {
        self.suggestions.push(suggestion);
        self
    }

    /// True for errors.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file, position and code, so every renderer shows them in
/// the same order whatever order the checks ran in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|left, right| {
        (left.primary.span, &left.code, &left.message).cmp(&(
            right.primary.span,
            &right.code,
            &right.message,
        ))
    });
}
