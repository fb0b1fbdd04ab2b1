//! What an EventBridge rule target receives (`input`, `input-path`,
//! `input-template`), held to what `PutTargets` accepts: one of the three
//! (E441), JSON text (E440, at the character where it stops), paths and
//! placeholders EventBridge reads (E442), and its sizes (E443); and its
//! dead-letter queue, which EventBridge takes only as a standard queue (E447).

use crate::ast;
use crate::catalogue::{Catalogue, Mechanism, codes};
use crate::check::formats::{error_span, range_span};
use crate::diagnostics::Diagnostic;
use crate::model::{Edge, Model, OptionValue};
use crate::plan::input_template::{path_problem, placeholders, transformer};
use crate::source::SourceSet;

/// The options that set what the target receives; a target takes one.
const INPUTS: [&str; 3] = ["input", "input-path", "input-template"];
/// `Input` and `InputTemplate`: at most this many characters (botocore `TargetInput`, `TransformerInput`).
const MAX_TEXT: usize = 8192;
/// `InputPathsMap`: at most this many entries (botocore `TransformerPaths`).
const MAX_PATHS: usize = 100;

/// E440 to E443 and E447 for every edge into a rule target.
pub(super) fn check(
    model: &Model,
    catalogue: &Catalogue,
    sources: &SourceSet,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (edge, _, channel) in super::described_edges(model, catalogue) {
        if !matches!(
            channel.mechanism,
            Mechanism::RuleTarget | Mechanism::EventRule
        ) {
            continue;
        }
        let site = Site {
            catalogue,
            sources,
            edge,
        };
        let given: Vec<(&str, &OptionValue)> = INPUTS
            .iter()
            .filter_map(|name| edge.options.get(*name).map(|value| (*name, value)))
            .collect();
        if let [(first, _), (second, value), ..] = given.as_slice() {
            diagnostics.push(catalogue.report(
                codes::RULE_TARGET_INPUTS,
                value.span,
                &[("first", first), ("second", second)],
            ));
        }
        for (name, value) in given {
            let [text] = value.values.as_slice() else {
                continue;
            };
            match name {
                "input" => site.input(text, diagnostics),
                "input-path" => {
                    if let Some(problem) = path_problem(&text.text, true) {
                        diagnostics.push(site.report(
                            codes::RULE_TARGET_PATH,
                            text.span,
                            name,
                            &problem,
                        ));
                    }
                }
                _ => site.template(text, diagnostics),
            }
        }
    }
}

struct Site<'a> {
    catalogue: &'a Catalogue,
    sources: &'a SourceSet,
    edge: &'a Edge,
}

impl Site<'_> {
    fn report(
        &self,
        code: &str,
        span: crate::source::Span,
        option: &str,
        problem: &str,
    ) -> Diagnostic {
        self.catalogue
            .report(code, span, &[("option", option), ("problem", problem)])
            .with_label(self.edge.channel_span, "this rule target")
    }

    fn input(&self, text: &ast::Text, diagnostics: &mut Vec<Diagnostic>) {
        // An empty input is E443's alone.
        if !text.text.is_empty()
            && let Err(error) = serde_json::from_str::<serde_json::Value>(&text.text)
        {
            let span = error_span(text, self.sources, error.line(), error.column());
            let problem = format!("it is not JSON ({error})");
            diagnostics.push(self.report(codes::RULE_TARGET_JSON, span, "input", &problem));
        }
        self.size("input", text, text.text.chars().count(), diagnostics);
    }

    fn template(&self, text: &ast::Text, diagnostics: &mut Vec<Diagnostic>) {
        let read = match transformer(&text.text) {
            Ok(read) => read,
            Err(problem) => {
                let span = range_span(text, self.sources, problem.range);
                diagnostics.push(self.report(
                    codes::RULE_TARGET_PATH,
                    span,
                    "input-template",
                    &problem.reason,
                ));
                return;
            }
        };
        if read.json {
            // Each placeholder read as a value of its own length, so that
            // serde_json's position is the template's.
            let mut filled = text.text.clone();
            for range in placeholders(&text.text) {
                let (start, end) = (range.start - 1, range.end + 1);
                filled.replace_range(start..end, &format!("0{}", " ".repeat(end - start - 1)));
            }
            if let Err(error) = serde_json::from_str::<serde_json::Value>(&filled) {
                let span = error_span(text, self.sources, error.line(), error.column());
                let problem = format!("it starts like JSON but is not JSON ({error})");
                diagnostics.push(self.report(
                    codes::RULE_TARGET_JSON,
                    span,
                    "input-template",
                    &problem,
                ));
            }
        }
        if read.paths.len() > MAX_PATHS {
            let problem = format!(
                "it reads {} paths of the event; EventBridge's InputPathsMap takes at most {MAX_PATHS}",
                read.paths.len()
            );
            diagnostics.push(self.report(
                codes::RULE_TARGET_SIZE,
                text.span,
                "input-template",
                &problem,
            ));
        }
        self.size(
            "input-template",
            text,
            read.template.chars().count(),
            diagnostics,
        );
    }

    fn size(
        &self,
        option: &str,
        text: &ast::Text,
        length: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if length > MAX_TEXT {
            let problem =
                format!("it comes to {length} characters; EventBridge takes at most {MAX_TEXT}");
            diagnostics.push(self.report(codes::RULE_TARGET_SIZE, text.span, option, &problem));
        } else if length == 0 {
            let problem = "it is empty".to_string();
            diagnostics.push(self.report(codes::RULE_TARGET_SIZE, text.span, option, &problem));
        }
    }
}
