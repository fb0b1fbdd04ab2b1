//! Renders diagnostics for people with miette's graphical handler.

use super::{Diagnostic, Severity};
use crate::source::SourceSet;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::fmt;
use std::fmt::Write as _;

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
        .with_context_lines(1);
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
                diagnostic.severity, diagnostic.code, diagnostic.message
            );
        }
    }
    output
}

/// A diagnostic joined with its primary file's text, in the shape miette wants.
struct Report {
    heading: String,
    severity: Severity,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

impl Report {
    fn new(diagnostic: &Diagnostic, sources: &SourceSet) -> Report {
        let primary_file = diagnostic.primary.span.file;
        let source = sources
            .get(primary_file)
            .map(|file| NamedSource::new(file.name.clone(), file.text.clone()));
        let mut labels = Vec::new();
        let mut extra_notes = Vec::new();
        if source.is_some() {
            labels.push(LabeledSpan::new_primary_with_span(
                Some(diagnostic.primary.text.clone()).filter(|text| !text.is_empty()),
                to_source_span(diagnostic.primary.span),
            ));
        }
        for label in &diagnostic.secondary {
            if label.span.file == primary_file && source.is_some() {
                labels.push(LabeledSpan::new_with_span(
                    Some(label.text.clone()),
                    to_source_span(label.span),
                ));
            } else if sources.get(label.span.file).is_some() {
                extra_notes.push(format!("{} ({})", label.text, sources.location(label.span)));
            }
        }
        let mut help_lines = Vec::new();
        if let Some(help) = &diagnostic.help {
            help_lines.push(help.clone());
        }
        for note in diagnostic.notes.iter().chain(extra_notes.iter()) {
            help_lines.push(format!("note: {note}"));
        }
        Report {
            heading: format!("[{}] {}", diagnostic.code, diagnostic.message),
            severity: diagnostic.severity,
            source,
            labels,
            help: if help_lines.is_empty() {
                None
            } else {
                Some(help_lines.join("\n"))
            },
        }
    }
}

fn to_source_span(span: crate::source::Span) -> SourceSpan {
    SourceSpan::new((span.start as usize).into(), span.len())
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
