//! The `${key}` placeholders of a text property and the map that fills them
//! (a state machine's `definition` and `substitutions`, a rule's `pattern` and
//! `substitutions`): a placeholder that no key names is E140, a key that no
//! placeholder uses W141.
//!
//! CloudFormation replaces each key's `${key}` wherever it stands in the
//! definition, with no escape (`$${key}` is `$` and the value), and leaves any
//! other `${...}` as written. So only `${word}`, which a key could name, is a
//! placeholder; other `${...}` text (a space or a quote inside) is left alone.

use crate::ast;
use crate::catalogue::{Catalogue, PlaceholderScope, codes};
use crate::diagnostics::Diagnostic;
use crate::model::{Model, Resource};
use crate::source::{SourceSet, Span};
use crate::suggest;

/// E140 and W141 for every text property with placeholders that has its map.
pub(super) fn check(
    model: &Model,
    catalogue: &Catalogue,
    sources: &SourceSet,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (resource, property, spec, text) in super::described_properties(model, catalogue) {
        let Some(placeholders) = &spec.placeholders else {
            continue;
        };
        let Some(map) = resource.properties.get(&placeholders.from) else {
            continue;
        };
        // A map from a parameter, or a text that is not a string, was E107.
        let (ast::Value::String(text), ast::Value::Map(entries, _)) = (&text.value, &map.value)
        else {
            continue;
        };
        let filled = Filled {
            catalogue,
            resource,
            property,
            from: &placeholders.from,
            entries,
        };
        let found = placeholders_in(text, sources, placeholders.replaced);
        filled.report(&found, diagnostics);
    }
}

/// One `${word}` in a text.
#[derive(Debug, PartialEq, Eq)]
struct Placeholder {
    /// The word between the braces.
    key: String,
    /// `${key}` in the file.
    span: Span,
    /// The word in the file, when it is written as it reads (no escapes).
    key_span: Option<Span>,
    /// Whether it is replaced where it stands (for `whole-value`, whether it
    /// is a whole JSON string value).
    replaced: bool,
}

/// A text property, the map that fills it, and whose they are.
struct Filled<'a> {
    catalogue: &'a Catalogue,
    resource: &'a Resource,
    property: &'a str,
    from: &'a str,
    entries: &'a [ast::Property],
}

impl Filled<'_> {
    fn report(&self, found: &[Placeholder], diagnostics: &mut Vec<Diagnostic>) {
        let keys: Vec<&str> = self
            .entries
            .iter()
            .map(|entry| entry.key.text.as_str())
            .collect();
        let name = &self.resource.name;
        for placeholder in found.iter().filter(|placeholder| placeholder.replaced) {
            let key = placeholder.key.as_str();
            if keys.contains(&key) {
                continue;
            }
            let hint = match suggest::closest(key, keys.iter().copied()) {
                Some(candidate) => format!("did you mean `${{{candidate}}}`?"),
                None => format!(
                    "add `{key} = ...` to `{}` (a text, a parameter or a reference such as `jobs.url`).",
                    self.from
                ),
            };
            let written = format!("${{{key}}}");
            let mut diagnostic = self.catalogue.report(
                codes::MISSING_SUBSTITUTION,
                placeholder.span,
                &[
                    ("placeholder", &written),
                    ("key", key),
                    ("property", self.property),
                    ("name", name),
                    ("from", self.from),
                    ("hint", &hint),
                ],
            );
            if let Some(suggestion) = placeholder
                .key_span
                .and_then(|span| suggest::replacement(key, span, keys.iter().copied()))
            {
                diagnostic = diagnostic.with_suggestion(suggestion);
            }
            diagnostics.push(diagnostic);
        }
        let missing: Vec<&str> = found
            .iter()
            .filter(|placeholder| placeholder.replaced && !keys.contains(&placeholder.key.as_str()))
            .map(|placeholder| placeholder.key.as_str())
            .collect();
        for entry in self.entries {
            let key = entry.key.text.as_str();
            let uses = found.iter().filter(|placeholder| placeholder.key == key);
            if uses.clone().any(|placeholder| placeholder.replaced) {
                continue;
            }
            let hint = if uses.count() > 0 {
                format!(
                    "only a value that is exactly `\"${{{key}}}\"` takes it; `${{{key}}}` inside a longer text stays as written."
                )
            } else if let Some(close) = suggest::closest(key, missing.iter().copied()) {
                format!(
                    "did the `{}` mean `${{{key}}}` where it says `${{{close}}}`?",
                    self.property
                )
            } else {
                format!(
                    "remove it, or write `${{{key}}}` where the `{}` needs its value.",
                    self.property
                )
            };
            diagnostics.push(self.catalogue.report(
                codes::UNUSED_SUBSTITUTION,
                entry.key.span,
                &[
                    ("key", key),
                    ("property", self.property),
                    ("name", name),
                    ("from", self.from),
                    ("hint", &hint),
                ],
            ));
        }
    }
}

/// The `${word}` placeholders of a string value, with their places in the file.
fn placeholders_in(
    value: &ast::Text,
    sources: &SourceSet,
    scope: PlaceholderScope,
) -> Vec<Placeholder> {
    let raw = sources
        .get(value.span.file)
        .map_or("", |file| file.slice(value.span));
    let (decoded, offsets) = decoded_with_offsets(raw, value.span.start);
    // Without the file's text (or if it reads otherwise), the whole string is the place.
    let exact = decoded == value.text;
    let place = |start: usize, end: usize| match (exact, offsets.get(start), offsets.get(end)) {
        (true, Some(&start), Some(&end)) => Some(Span {
            file: value.span.file,
            start,
            end,
        }),
        _ => None,
    };
    let text = value.text.as_str();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text.get(from..).and_then(|rest| rest.find("${")) {
        let start = from + offset;
        let inner = start + 2;
        let Some(close) = text.get(inner..).and_then(|rest| rest.find('}')) else {
            break;
        };
        let end = inner + close;
        let key = text.get(inner..end).unwrap_or_default();
        if !is_word(key) {
            // CloudFormation still finds a `${key}` inside (`${a ${key}`).
            from = inner;
            continue;
        }
        from = end + 1;
        let replaced = match scope {
            PlaceholderScope::Anywhere => true,
            PlaceholderScope::WholeValue => {
                let before = text.get(..start).unwrap_or_default();
                let after = text.get(from..).unwrap_or_default();
                before.ends_with('"')
                    && after.starts_with('"')
                    && !after
                        .get(1..)
                        .unwrap_or_default()
                        .trim_start()
                        .starts_with(':')
            }
        };
        found.push(Placeholder {
            key: key.to_string(),
            span: place(start, from).unwrap_or(value.span),
            key_span: place(inner, end).filter(|span| span.len() == key.len()),
            replaced,
        });
    }
    found
}

/// A string literal's text (as `syntax` decodes it) and, for each of its
/// bytes and one past its end, the file offset of the character that gives it.
pub(super) fn decoded_with_offsets(raw: &str, base: u32) -> (String, Vec<u32>) {
    let body = raw
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or_default();
    let mut decoded = String::with_capacity(body.len());
    let mut offsets = Vec::with_capacity(body.len() + 1);
    let at = |index: usize| base + 1 + u32::try_from(index).unwrap_or(u32::MAX - base - 1);
    let mut chars = body.char_indices().peekable();
    while let Some((index, character)) = chars.next() {
        let out = if character == '\\' {
            match chars.next() {
                Some((_, 'n')) => '\n',
                Some((_, 't')) => '\t',
                Some((_, '\r')) if chars.next_if(|&(_, next)| next == '\n').is_some() => '\n',
                Some((_, other)) => other,
                None => '\\',
            }
        } else {
            character
        };
        decoded.push(out);
        offsets.extend(std::iter::repeat_n(at(index), out.len_utf8()));
    }
    offsets.push(at(body.len()));
    (decoded, offsets)
}

/// Whether a placeholder's text could be a map key (a word of the language).
pub(super) fn is_word(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphanumeric() || "_*/.$".contains(first))
        && chars
            .all(|character| character.is_ascii_alphanumeric() || "_*/.:@$?+-".contains(character))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_keep_the_offsets_of_what_they_stand_for() {
        let (decoded, offsets) = decoded_with_offsets(r#""a\"${q}""#, 10);
        assert_eq!(decoded, "a\"${q}");
        // `a` at 11, `\"` at 12, `$` at 14, the end at 18.
        assert_eq!(offsets, vec![11, 12, 14, 15, 16, 17, 18]);
    }

    #[test]
    fn only_words_are_placeholders() {
        assert!(is_word("queue"));
        assert!(is_word("Queue_Url-2"));
        assert!(!is_word(""));
        assert!(!is_word("a b"));
        assert!(!is_word("-a"));
    }
}
