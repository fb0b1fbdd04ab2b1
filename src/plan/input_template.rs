//! An EventBridge input transformer from one readable template: each
//! `<$.path>` in `input-template` becomes an `InputPathsMap` entry under a
//! key named after the path's last step, AWS's own `<aws.events.…>`
//! variables stay, and a template that is not JSON is written as a JSON
//! string (so `Order <$.detail.id>` reaches the target as text).

use std::ops::Range;

/// The variables EventBridge fills itself in an input template.
pub const RESERVED: &[&str] = &[
    "aws.events.rule-arn",
    "aws.events.rule-name",
    "aws.events.event.ingestion-time",
    "aws.events.event",
    "aws.events.event.json",
];

/// A template read into what `InputTransformer` takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transformer {
    /// `InputPathsMap`: generated key and the JSON path, in order of first use.
    pub paths: Vec<(String, String)>,
    /// `InputTemplate`, with each path replaced by `<key>`.
    pub template: String,
    /// Whether the template is JSON (written as is) rather than text.
    pub json: bool,
}

/// A placeholder EventBridge would refuse: where it stands in the text, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte range in the template text.
    pub range: Range<usize>,
    /// What is wrong, in words.
    pub reason: String,
}

/// Whether the template is JSON: it starts (after spaces) with `{` or `[`.
#[must_use]
pub fn is_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}

/// The placeholders of `text`: `<…>` with no space inside, as byte ranges of
/// their contents. A `<` without such a closing `>` is text.
#[must_use]
pub fn placeholders(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('<').map(|at| rest + at) {
        let inner = open + 1;
        let close = text[inner..]
            .find(|c: char| c == '>' || c == '<' || c.is_whitespace())
            .map(|at| inner + at);
        match close {
            Some(close) if text[close..].starts_with('>') && close > inner => {
                found.push(inner..close);
                rest = close + 1;
            }
            _ => rest = inner,
        }
    }
    found
}

/// Why EventBridge would refuse `path` in an `InputPathsMap` (dot notation
/// only), or in `InputPath` when `brackets` (dot or bracket notation).
#[must_use]
pub fn path_problem(path: &str, brackets: bool) -> Option<String> {
    if path.len() > 256 {
        return Some(format!(
            "`{path}` is {} characters long; EventBridge takes at most 256",
            path.len()
        ));
    }
    let Some(mut rest) = path.strip_prefix('$') else {
        return Some(format!("`{path}` does not start with `$`"));
    };
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let step = &after[..end];
            if step.is_empty()
                || step.contains([']', '"', '<', '>'])
                || step.contains(char::is_whitespace)
            {
                return Some(format!(
                    "`{path}` has an empty or malformed step after a `.`"
                ));
            }
            rest = &after[end..];
        } else if rest.starts_with('[') {
            if !brackets {
                return Some(format!(
                    "`{path}` uses bracket notation; an input template's paths take dot notation only"
                ));
            }
            let Some(end) = rest.find(']') else {
                return Some(format!("`{path}` opens a `[` that it does not close"));
            };
            if end == 1 {
                return Some(format!("`{path}` has an empty `[]`"));
            }
            rest = &rest[end + 1..];
        } else {
            return Some(format!(
                "`{path}` continues after `$` with neither `.` nor `[`"
            ));
        }
    }
    None
}

/// Reads a template; the first placeholder EventBridge would refuse is the error.
///
/// # Errors
/// A placeholder that is neither a `$` path in dot notation nor one of
/// [`RESERVED`].
pub fn transformer(text: &str) -> Result<Transformer, Problem> {
    let json = is_json(text);
    let mut paths: Vec<(String, String)> = Vec::new();
    let mut template = String::with_capacity(text.len() + 2);
    let mut literal = String::new();
    let mut written = 0;
    if !json {
        template.push('"');
    }
    for range in placeholders(text) {
        let inner = &text[range.clone()];
        let name = if RESERVED.contains(&inner) {
            inner.to_string()
        } else if inner.starts_with('$') {
            if let Some(reason) = path_problem(inner, false) {
                return Err(Problem { range, reason });
            }
            key_for(&mut paths, inner)
        } else {
            return Err(Problem {
                range,
                reason: format!(
                    "`<{inner}>` is neither a `$` path nor one of EventBridge's variables ({})",
                    RESERVED.join(", ")
                ),
            });
        };
        literal.clear();
        literal.push_str(&text[written..range.start - 1]);
        push_literal(&mut template, &literal, json);
        template.push('<');
        template.push_str(&name);
        template.push('>');
        written = range.end + 1;
    }
    push_literal(&mut template, &text[written..], json);
    if !json {
        template.push('"');
    }
    Ok(Transformer {
        paths,
        template,
        json,
    })
}

/// The key of `path`, added on first use: its last step, kept to the
/// characters a key may have, numbered when another path took it.
fn key_for(paths: &mut Vec<(String, String)>, path: &str) -> String {
    if let Some((key, _)) = paths.iter().find(|(_, known)| known == path) {
        return key.clone();
    }
    let last = path.rsplit(['.', '$']).next().unwrap_or_default();
    let mut base: String = last
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .take(200)
        .collect();
    if base.is_empty() {
        base = "event".to_string();
    }
    let mut key = base.clone();
    let mut number = 2;
    while paths.iter().any(|(taken, _)| *taken == key) {
        key = format!("{base}{number}");
        number += 1;
    }
    paths.push((key.clone(), path.to_string()));
    key
}

/// Text between placeholders: as written in a JSON template, escaped as the
/// inside of a JSON string otherwise.
fn push_literal(template: &mut String, literal: &str, json: bool) {
    if json {
        template.push_str(literal);
        return;
    }
    let quoted = serde_json::Value::String(literal.to_string()).to_string();
    template.push_str(&quoted[1..quoted.len() - 1]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_templates_become_json_strings_with_generated_keys() {
        let read =
            transformer("Order <$.detail.id> is \"<$.detail.state>\" (<aws.events.rule-name>)");
        assert_eq!(
            read,
            Ok(Transformer {
                paths: vec![
                    ("id".into(), "$.detail.id".into()),
                    ("state".into(), "$.detail.state".into()),
                ],
                template: "\"Order <id> is \\\"<state>\\\" (<aws.events.rule-name>)\"".into(),
                json: false,
            })
        );
    }

    #[test]
    fn json_templates_stay_and_keys_do_not_collide() {
        let read = transformer(
            "{\"a\": <$.detail.id>, \"b\": \"<$.resources.id>\", \"c\": <$.detail.id>}",
        );
        let Ok(read) = read else { panic!("{read:?}") };
        assert!(read.json);
        assert_eq!(
            read.template,
            "{\"a\": <id>, \"b\": \"<id2>\", \"c\": <id>}"
        );
        assert_eq!(read.paths.len(), 2);
    }

    #[test]
    fn brackets_and_unknown_variables_are_refused() {
        assert!(transformer("<$.detail[0]>").is_err());
        let Err(problem) = transformer("x <detail>") else {
            panic!()
        };
        assert_eq!(problem.range, 3..9);
        assert!(transformer("a < b and c > d").is_ok());
        assert_eq!(path_problem("$.detail['x']", true), None);
        assert!(path_problem("detail", true).is_some());
        assert!(path_problem("$.", true).is_some());
    }
}
