//! Values whose form AWS refuses, from the property's facets in the
//! catalogue: a map's keys (`keys`: a function's environment, with the
//! variables its access edges add; E123) and a text that must be JSON
//! (`json`: a state machine's definition; E124).

use crate::ast;
use crate::catalogue::naming::class_contains;
use crate::catalogue::schema::{JsonText, MapKeys};
use crate::catalogue::value_rules::RefusedJsonValue;
use crate::catalogue::{Catalogue, codes};
use crate::check::Environment;
use crate::check::substitutions::{decoded_with_offsets, is_word};
use crate::diagnostics::Diagnostic;
use crate::model::{Model, Resource};
use crate::source::{SourceSet, Span};

/// The map property that access edges add their variables to.
const ACCESS_VARIABLES: &str = "environment";

/// E123 and E124 for every property with a `keys` or `json` facet.
pub(super) fn check(
    model: &Model,
    catalogue: &Catalogue,
    sources: &SourceSet,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (resource, property, spec, value) in super::described_properties(model, catalogue) {
        let site = Site {
            catalogue,
            resource,
            property,
        };
        if let (Some(keys), ast::Value::Map(entries, span)) = (&spec.keys, &value.value) {
            site.map_keys(keys, entries, *span, diagnostics);
        }
        if let (Some(json), ast::Value::String(text)) = (&spec.json, &value.value) {
            site.json_text(json, text, sources, diagnostics);
        }
    }
    access_variables(model, catalogue, diagnostics);
    option_json(model, catalogue, sources, diagnostics);
}

/// The `json` facet of channel options (an event source mapping's filter
/// patterns), for each value an edge gives.
fn option_json(
    model: &Model,
    catalogue: &Catalogue,
    sources: &SourceSet,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (edge, source, channel) in super::described_edges(model, catalogue) {
        for (option, value) in &edge.options {
            let Some(json) = channel
                .options
                .get(option)
                .and_then(|spec| spec.json.as_ref())
            else {
                continue;
            };
            let site = Site {
                catalogue,
                resource: source,
                property: option,
            };
            for text in &value.values {
                site.json_text(json, text, sources, diagnostics);
            }
        }
    }
}

/// A property of a resource, for reports.
struct Site<'a> {
    catalogue: &'a Catalogue,
    resource: &'a Resource,
    property: &'a str,
}

impl Site<'_> {
    fn report(&self, code: &str, span: Span, problem: &str) -> Diagnostic {
        let name = format!("{} `{}`", self.resource.service, self.resource.name);
        self.catalogue.report(
            code,
            span,
            &[
                ("source", &name),
                ("property", self.property),
                ("problem", problem),
            ],
        )
    }

    fn map_keys(
        &self,
        keys: &MapKeys,
        entries: &[ast::Property],
        span: Span,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let mut total = Some(0_usize);
        for entry in entries {
            if let Some(problem) = key_problem(keys, &entry.key.text) {
                diagnostics.push(
                    self.report(codes::INVALID_ENVIRONMENT, entry.key.span, &problem)
                        .with_note(keys.source.clone()),
                );
            }
            let length = match &entry.value {
                ast::Value::String(text) => Some(text.text.len()),
                ast::Value::Number(number) => Some(number.literal.len()),
                ast::Value::Bool(value, _) => Some(value.to_string().len()),
                _ => None,
            };
            total = total
                .zip(length)
                .map(|(total, length)| total + entry.key.text.len() + length);
        }
        if let (Some(total), Some(limit)) = (total, keys.max_total_bytes)
            && total > limit
        {
            let problem = format!(
                "its keys and values come to {total} bytes, more than the {limit} AWS accepts in all"
            );
            diagnostics.push(
                self.report(codes::INVALID_ENVIRONMENT, span, &problem)
                    .with_note(keys.source.clone()),
            );
        }
    }

    fn json_text(
        &self,
        json: &JsonText,
        text: &ast::Text,
        sources: &SourceSet,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let rule = json.rule.as_deref().unwrap_or(codes::INVALID_JSON_TEXT);
        if let Some(max) = json.max_bytes
            && text.text.len() > max
        {
            let problem = format!(
                "it has {} bytes, more than the {max} AWS accepts",
                text.text.len()
            );
            diagnostics.push(
                self.report(rule, text.span, &problem)
                    .with_note(json.source.clone()),
            );
            return;
        }
        let (read, replaced) = placeholders_as_zero(&text.text);
        let problem = match serde_json::from_str::<serde_json::Value>(&read) {
            Err(error) => {
                // Only text read as written has offsets that map into the file.
                let span = if replaced {
                    text.span
                } else {
                    error_span(text, sources, error.line(), error.column())
                };
                let problem = format!("it is not JSON ({error})");
                diagnostics.push(
                    self.report(rule, span, &problem)
                        .with_note(json.source.clone()),
                );
                return;
            }
            Ok(serde_json::Value::Object(members)) => {
                self.refused_values(json, &members, text, diagnostics);
                let missing: Vec<String> = json
                    .required
                    .iter()
                    .filter(|member| !members.contains_key(member.as_str()))
                    .map(|member| format!("`{member}`"))
                    .collect();
                if missing.is_empty() {
                    return;
                }
                format!("its top-level object has no {}", missing.join(" or "))
            }
            Ok(_) => "it is JSON but not an object".to_string(),
        };
        diagnostics.push(
            self.report(rule, text.span, &problem)
                .with_note(json.source.clone()),
        );
    }
}

impl Site<'_> {
    /// The `refused` values of a JSON text whose declaration holds their
    /// test: the first such value of each, found without recursion.
    fn refused_values(
        &self,
        json: &JsonText,
        members: &serde_json::Map<String, serde_json::Value>,
        text: &ast::Text,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for refused in &json.refused {
            if !super::facts::property_holds(self.catalogue, self.resource, &refused.when) {
                continue;
            }
            let found = refused_value(refused, members);
            if let Some((written, ending)) = found {
                let problem = format!("its `{}` `{written}` ends in `{ending}`", refused.key);
                diagnostics.push(
                    self.report(&refused.rule, text.span, &problem)
                        .with_note(refused.source.clone()),
                );
            }
        }
    }
}

/// The first value of `refused.key` anywhere in `members` that ends with one
/// of its endings, and that ending (a work list, not recursion: the JSON
/// comes from input).
fn refused_value(
    refused: &RefusedJsonValue,
    members: &serde_json::Map<String, serde_json::Value>,
) -> Option<(String, String)> {
    let mut pending: Vec<(Option<&String>, &serde_json::Value)> = members
        .iter()
        .map(|(key, value)| (Some(key), value))
        .collect();
    while let Some((key, value)) = pending.pop() {
        match value {
            serde_json::Value::String(written) if key == Some(&refused.key) => {
                let ending = refused.endings.iter().find(|ending| {
                    written.ends_with(ending.as_str()) || written.contains(&format!("{ending}:"))
                });
                if let Some(ending) = ending {
                    return Some((written.clone(), ending.clone()));
                }
            }
            serde_json::Value::Object(object) => {
                pending.extend(object.iter().map(|(key, value)| (Some(key), value)));
            }
            serde_json::Value::Array(list) => {
                pending.extend(list.iter().map(|value| (None, value)));
            }
            _ => {}
        }
    }
    None
}

/// The first rule of `keys` that `key` breaks, in words.
fn key_problem(keys: &MapKeys, key: &str) -> Option<String> {
    if keys.reserved.iter().any(|reserved| reserved == key) {
        return Some(format!("`{key}` is reserved: AWS sets it itself"));
    }
    let mut characters = key.chars();
    match characters.next() {
        Some(first) if !class_contains(&keys.begins, first) => {
            return Some(format!(
                "`{key}` begins with `{first}`; a key begins with one of `{}`",
                keys.begins
            ));
        }
        _ => {}
    }
    if let Some(other) = characters.find(|&character| !class_contains(&keys.characters, character))
    {
        return Some(format!(
            "`{key}` has `{other}`; a key has only `{}`",
            keys.characters
        ));
    }
    if key.chars().count() < keys.min_length {
        return Some(format!(
            "`{key}` is shorter than {} characters",
            keys.min_length
        ));
    }
    None
}

/// E123 for a variable that an access edge would add and the source's
/// `environment` rules refuse (a target named so that its variable is reserved).
fn access_variables(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    let environment = Environment::of(model, catalogue);
    for edge in &model.edges {
        if !environment.gives(edge.id) {
            continue;
        }
        let source = model.resource(edge.from);
        let target = model.resource(edge.to);
        let (Some(keys), Some(access)) = (
            catalogue
                .service(&source.service)
                .and_then(|spec| spec.properties.get(ACCESS_VARIABLES))
                .and_then(|spec| spec.keys.as_ref()),
            catalogue
                .service(&target.service)
                .and_then(|spec| spec.access.as_ref()),
        ) else {
            continue;
        };
        let site = Site {
            catalogue,
            resource: source,
            property: ACCESS_VARIABLES,
        };
        for attribute in &access.variables {
            let variable = access.variable(&target.name, *attribute);
            if let Some(problem) = key_problem(keys, &variable) {
                let problem = format!("the variable this edge adds: {problem}");
                diagnostics.push(
                    site.report(codes::INVALID_ENVIRONMENT, edge.target_span, &problem)
                        .with_note(keys.source.clone()),
                );
            }
        }
    }
}

/// `text` with each `${word}` placeholder read as `0` (a number where it
/// stands bare, text inside a string), and whether there was one.
fn placeholders_as_zero(text: &str) -> (String, bool) {
    let mut read = String::with_capacity(text.len());
    let mut replaced = false;
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = rest.get(start + 2..).unwrap_or_default();
        let key_end = after.find('}');
        match key_end {
            Some(end) if is_word(after.get(..end).unwrap_or_default()) => {
                read.push_str(rest.get(..start).unwrap_or_default());
                read.push('0');
                replaced = true;
                rest = after.get(end + 1..).unwrap_or_default();
            }
            _ => {
                read.push_str(rest.get(..start + 2).unwrap_or_default());
                rest = after;
            }
        }
    }
    read.push_str(rest);
    (read, replaced)
}

/// The place in the file of serde_json's 1-based `line` and `column` in the
/// text of a string literal; the whole literal when it cannot be mapped.
pub(super) fn error_span(
    text: &ast::Text,
    sources: &SourceSet,
    line: usize,
    column: usize,
) -> Span {
    let raw = sources
        .get(text.span.file)
        .map_or("", |file| file.slice(text.span));
    let (decoded, offsets) = decoded_with_offsets(raw, text.span.start);
    if decoded != text.text || line == 0 {
        return text.span;
    }
    let line_start: usize = decoded
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    // At the end of the text, serde_json's column is one past the last byte.
    let offset = (line_start + column.saturating_sub(1)).min(decoded.len().saturating_sub(1));
    match (offsets.get(offset), offsets.get(offset + 1)) {
        (Some(&start), Some(&end)) => Span {
            file: text.span.file,
            start,
            end,
        },
        _ => text.span,
    }
}

/// The span of bytes `range` of a string's decoded text, or the whole string
/// when its escapes make the two differ.
pub(super) fn range_span(
    text: &ast::Text,
    sources: &SourceSet,
    range: std::ops::Range<usize>,
) -> Span {
    let raw = sources
        .get(text.span.file)
        .map_or("", |file| file.slice(text.span));
    let (decoded, offsets) = decoded_with_offsets(raw, text.span.start);
    if decoded != text.text || range.is_empty() {
        return text.span;
    }
    match (offsets.get(range.start), offsets.get(range.end)) {
        (Some(&start), Some(&end)) => Span {
            file: text.span.file,
            start,
            end,
        },
        _ => text.span,
    }
}

#[cfg(test)]
mod tests {
    use super::placeholders_as_zero;

    #[test]
    fn placeholders_read_as_zero_and_other_dollars_stay() {
        assert_eq!(
            placeholders_as_zero(r#"{"a": ${n}, "b": "${x y}"}"#),
            (r#"{"a": 0, "b": "${x y}"}"#.to_string(), true)
        );
        assert_eq!(placeholders_as_zero("{}"), ("{}".to_string(), false));
    }
}
