//! Renders diagnostics for people with miette's graphical handler.

use super::excerpt::{Excerpt, printable};
use super::{Diagnostic, Severity};
use crate::source::SourceSet;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};
use std::fmt;
use std::fmt::Write as _;
use std::ops::Range;

/// Lines shown before and after each labelled line.
const CONTEXT_LINES: usize = 1;

/// How to draw diagnostics.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// ANSI colours (terminals) or none (files, tests, CI logs).
    pub color: bool,
    /// Wrap width in columns.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            color: false,
            width: 100,
        }
    }
}

/// Renders every diagnostic, separated by blank lines.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], sources: &SourceSet, options: RenderOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        // Wrapping would break the corrected chains in help texts mid-word.
        .with_wrap_lines(false)
        .with_context_lines(CONTEXT_LINES);
    let mut output = String::new();
    for diagnostic in diagnostics {
        let report = Report::new(diagnostic, sources);
        if !output.is_empty() {
            output.push('\n');
        }
        if handler.render_report(&mut output, &report).is_err() {
            // Rendering into a String cannot fail for IO reasons; fall back to one line.
            let _ = writeln!(
                output,
                "{}[{}]: {}",
                diagnostic.severity,
                diagnostic.code,
                printable(&diagnostic.message, false)
            );
        }
    }
    output
}

/// A diagnostic joined with the lines of its primary file that it shows, in the
/// shape miette wants. Every text that came from the user is made printable.
struct Report {
    heading: String,
    severity: Severity,
    source: Option<Excerpt>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

impl Report {
    fn new(diagnostic: &Diagnostic, sources: &SourceSet) -> Report {
        let primary_file = diagnostic.primary.span.file;
        let file = sources.get(primary_file);
        let mut shown = vec![(
            diagnostic.primary.span,
            diagnostic.primary.text.as_str(),
            true,
        )];
        let mut extra_notes = Vec::new();
        for label in &diagnostic.secondary {
            if label.span.file == primary_file && file.is_some() {
                shown.push((label.span, label.text.as_str(), false));
            } else if sources.get(label.span.file).is_some() {
                extra_notes.push(format!("{} ({})", label.text, sources.location(label.span)));
            }
        }
        let mut labels = Vec::new();
        let source = file.map(|file| {
            let spans: Vec<_> = shown
                .iter()
                .map(|(span, _, _)| clamp(span, file.text.len()))
                .collect();
            let excerpt = Excerpt::new(file, &spans, CONTEXT_LINES);
            for (span, (_, text, primary)) in spans.iter().zip(&shown) {
                let start = excerpt.map(span.start);
                let end = excerpt.map(span.end).max(start);
                let text = Some(printable(text, false).into_owned());
                labels.push(if *primary {
                    LabeledSpan::new_primary_with_span(
                        text.filter(|text| !text.is_empty()),
                        SourceSpan::new(start.into(), end - start),
                    )
                } else {
                    LabeledSpan::new_with_span(text, SourceSpan::new(start.into(), end - start))
                });
            }
            excerpt
        });
        let mut help_lines = Vec::new();
        if let Some(help) = &diagnostic.help {
            help_lines.push(help.clone());
        }
        for note in diagnostic.notes.iter().chain(extra_notes.iter()) {
            help_lines.push(format!("note: {note}"));
        }
        Report {
            heading: printable(
                &format!("[{}] {}", diagnostic.code, diagnostic.message),
                false,
            )
            .into_owned(),
            severity: diagnostic.severity,
            source,
            labels,
            help: if help_lines.is_empty() {
                None
            } else {
                Some(printable(&help_lines.join("\n"), true).into_owned())
            },
        }
    }
}

/// A span's byte range, kept inside a text of `len` bytes.
fn clamp(span: &crate::source::Span, len: usize) -> Range<usize> {
    let start = (span.start as usize).min(len);
    start..(span.end as usize).clamp(start, len)
}

impl fmt::Debug for Report {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.heading)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.heading)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source
            .as_ref()
            .map(|source| source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}
