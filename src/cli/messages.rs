//! Where `check` and `build` send their diagnostics (`--message-format`):
//! rendered for people on stderr, JSON Lines on stdout as each file is done,
//! or one SARIF log on stdout at the end (docs/machine-output.md).

#![allow(clippy::print_stderr, reason = "the CLI is the edge that prints")]

use super::MessageFormat;
use crate::catalogue::Catalogue;
use crate::diagnostics::{Diagnostic, RenderOptions, render};
use crate::report::{Documentation, json_lines, sarif};
use crate::source::SourceSet;
use std::io::Write as _;

/// Prints diagnostics in the chosen format, or collects them into the SARIF log.
pub(super) struct Reporter {
    format: MessageFormat,
    options: RenderOptions,
    documentation: Documentation,
    /// For `sarif`: the converter and the log being filled.
    sarif: Option<(sarif::Converter, sarif::Log)>,
    /// For `human`: how many diagnostics to render at most (`None`: all).
    limit: Option<usize>,
    /// Rendered so far.
    shown: usize,
    /// Past the limit, not rendered: errors and warnings.
    hidden: (usize, usize),
}

impl Reporter {
    /// A reporter for `format`; `options` style the human rendering, of which
    /// at most `limit` diagnostics are rendered (`None`: all). SARIF URIs are
    /// relative to the current folder.
    pub(super) fn new(
        format: MessageFormat,
        options: RenderOptions,
        limit: Option<usize>,
    ) -> Reporter {
        let documentation = match format {
            MessageFormat::Human => Documentation::default(),
            MessageFormat::Json | MessageFormat::Sarif => Documentation::embedded(),
        };
        let sarif = (format == MessageFormat::Sarif).then(|| {
            let base = std::env::current_dir().ok();
            (
                sarif::Converter::new(base.as_deref(), documentation.clone()),
                sarif::Log::new(base.as_deref()),
            )
        });
        Reporter {
            format,
            options,
            documentation,
            sarif,
            limit,
            shown: 0,
            hidden: (0, 0),
        }
    }

    /// Reports some diagnostics of one compilation; `catalogue` describes their rules.
    pub(super) fn report(
        &mut self,
        diagnostics: &[Diagnostic],
        sources: &SourceSet,
        catalogue: &Catalogue,
    ) {
        if diagnostics.is_empty() {
            return;
        }
        match self.format {
            MessageFormat::Human => {
                let room = self.limit.map_or(diagnostics.len(), |limit| {
                    limit.saturating_sub(self.shown).min(diagnostics.len())
                });
                let (shown, hidden) = diagnostics.split_at(room);
                if !shown.is_empty() {
                    eprint!("{}", render(shown, sources, self.options));
                }
                self.shown += shown.len();
                let hidden_errors = hidden.iter().filter(|item| item.is_error()).count();
                self.hidden.0 += hidden_errors;
                self.hidden.1 += hidden.len() - hidden_errors;
            }
            MessageFormat::Json => {
                let lines = json_lines(diagnostics, sources, &self.documentation);
                // A closed pipe (`| head`) is the reader's choice, not an error.
                let mut stdout = std::io::stdout().lock();
                let _ = stdout.write_all(lines.as_bytes());
                let _ = stdout.flush();
            }
            MessageFormat::Sarif => {
                if let Some((converter, log)) = &mut self.sarif {
                    log.append(converter.batch(diagnostics, sources, catalogue));
                }
            }
        }
    }

    /// Says how many diagnostics the limit kept from being rendered, once.
    pub(super) fn note_hidden(&mut self) {
        let (errors, warnings) = std::mem::take(&mut self.hidden);
        if errors + warnings > 0 {
            eprintln!(
                "\nnote: {} more not shown ({errors} errors, {warnings} warnings): `--max-diagnostics 0` renders them all, `--message-format json` lists them for tools",
                errors + warnings
            );
        }
    }

    /// Prints the SARIF log, if that is the format (the others print as they go).
    pub(super) fn finish(mut self) {
        self.note_hidden();
        if let Some((_, log)) = self.sarif {
            let text = serde_json::to_string_pretty(&log.finish()).unwrap_or_default();
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{text}");
            let _ = stdout.flush();
        }
    }
}
