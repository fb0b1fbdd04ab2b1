//! Turns a pest error into one diagnostic that says what was expected in the
//! user's words, never as a list of grammar rule names.

use super::Rule;
use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::source::{FileId, Span};
use pest::error::{ErrorVariant, InputLocation};

/// The code of every syntax error.
pub(crate) const SYNTAX_ERROR: &str = "E001";

/// A phrase for what a rule stands for, or `None` for rules a user never needs to hear about.
/// The match is exhaustive on purpose: a new grammar rule must be given a readable name.
fn phrase(rule: Rule) -> Option<&'static str> {
    match rule {
        Rule::word | Rule::word_start | Rule::word_char | Rule::word_dash | Rule::word_rest => {
            Some("a word")
        }
        Rule::segment => Some("a service, channel or name"),
        Rule::chain | Rule::statement => Some("a statement"),
        Rule::string | Rule::string_body => Some("a quoted string"),
        Rule::number => Some("a number"),
        Rule::boolean => Some("`true` or `false`"),
        Rule::comma => Some("`,`"),
        Rule::list => Some("a list `[...]`"),
        Rule::map => Some("a map `{ key = value }`"),
        Rule::value => Some("a value"),
        Rule::argument | Rule::clause_argument => Some("an argument"),
        Rule::block => Some("a property block `{ ... }`"),
        Rule::entry | Rule::property | Rule::clause => Some("a property `key = value`"),
        Rule::existing | Rule::kw_existing => Some("`= existing \"arn:...\"`"),
        Rule::arrow => Some("`->`"),
        Rule::kw_use | Rule::use_stmt => Some("`use`"),
        Rule::kw_param | Rule::param_stmt => Some("`param`"),
        Rule::kw_region | Rule::region_stmt => Some("`region`"),
        Rule::kw_secret => Some("`secret`"),
        Rule::line_break | Rule::separator => Some("a line break"),
        Rule::EOI => Some("the end of the file"),
        // Wherever a reference may stand, so may a word, which says it.
        Rule::reference
        | Rule::reference_name
        | Rule::attribute_name
        | Rule::file
        | Rule::WHITESPACE
        | Rule::COMMENT => None,
    }
}

pub(super) fn to_diagnostic(
    file: FileId,
    text: &str,
    error: &pest::error::Error<Rule>,
) -> Diagnostic {
    let (start, end) = match error.location {
        InputLocation::Pos(position) => (position, position),
        InputLocation::Span((start, end)) => (start, end),
    };
    let found = describe_found(text, start);
    let found_end = if end > start { end } else { start + found.1 };
    let mut expected: Vec<&str> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().filter_map(|rule| phrase(*rule)).collect()
        }
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort_unstable();
    expected.dedup();
    let before = text.get(..start).unwrap_or("").trim_end();
    let context = if before.ends_with("->") {
        Some("after `->`")
    } else if before.ends_with('=') {
        Some("after `=`")
    } else {
        None
    };
    // After `->` the only thing that can come is the next segment; say so plainly.
    let wanted = if context == Some("after `->`") {
        "a service, channel or name".to_string()
    } else {
        join_alternatives(&expected)
    };
    let message = match context {
        Some(context) => format!("expected {wanted} {context}"),
        None => format!("expected {wanted}"),
    };
    let help = if context == Some("after `->`") {
        "write the next step of the chain, e.g. `-> sns alerts`, or remove the trailing `->`."
    } else if found.0 == "`\"`" || text.get(start..).is_some_and(|rest| rest.starts_with('"')) {
        "close the string with `\"` on the same line."
    } else {
        "see docs/language.md for the grammar of chains, declarations and blocks."
    };
    // After a dangling `->` the useful place to point at is the arrow itself.
    let (start, found_end, found) = if context == Some("after `->`") {
        let arrow = before.len().saturating_sub(2);
        (arrow, before.len(), ("nothing after it".to_string(), 0))
    } else {
        (start, found_end, found)
    };
    Diagnostic {
        code: SYNTAX_ERROR.to_string(),
        slug: "syntax-error".to_string(),
        severity: Severity::Error,
        message,
        primary: Label {
            span: Span::new(file, start, found_end.min(text.len()).max(start)),
            text: format!("found {}", found.0),
        },
        secondary: Vec::new(),
        help: Some(help.to_string()),
        notes: Vec::new(),
        suggestions: Vec::new(),
    }
}

fn join_alternatives(expected: &[&str]) -> String {
    match expected {
        [] => "something else here".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// What stands at `offset`, in words, and how many bytes to underline.
fn describe_found(text: &str, offset: usize) -> (String, usize) {
    let rest = text.get(offset..).unwrap_or("");
    match rest.chars().next() {
        None => ("the end of the file".to_string(), 0),
        Some('\n' | '\r') => ("the end of the line".to_string(), 0),
        Some(_) => {
            let token: String = rest
                .chars()
                .take_while(|character| !character.is_whitespace())
                .take(24)
                .collect();
            let width = token.len();
            (format!("`{token}`"), width)
        }
    }
}
