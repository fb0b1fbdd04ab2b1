//! EventBridge event patterns: a rule's own pattern and the pattern of an edge.

use crate::ast;
use crate::catalogue::ChannelSpec;
use crate::model::Edge;
use crate::plan::Expr;
use crate::plan::build::Handle;
use crate::plan::expr::{json_expr, json_plain};

/// The filters on an object key for `prefix` and `suffix`. Two filters in one
/// list are alternatives, so both together become one wildcard that ANDs them
/// (EventBridge User Guide, Content filtering: wildcard matching), with `*`
/// and `\\` in the user's text escaped so they match themselves.
fn key_filters(prefix: Option<&str>, suffix: Option<&str>) -> Vec<serde_json::Value> {
    match (prefix, suffix) {
        (Some(prefix), Some(suffix)) => vec![serde_json::json!({
            "wildcard": format!("{}*{}", escape_wildcard(prefix), escape_wildcard(suffix))
        })],
        (Some(prefix), None) => vec![serde_json::json!({ "prefix": prefix })],
        (None, Some(suffix)) => vec![serde_json::json!({ "suffix": suffix })],
        (None, None) => Vec::new(),
    }
}

/// Text that a wildcard filter matches literally: `*` and `\\` take a backslash.
fn escape_wildcard(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        if matches!(character, '*' | '\\') {
            escaped.push('\\');
        }
        escaped.push(character);
    }
    escaped
}

/// The pattern for `events NAME on ...` or `{ pattern = "..." }`.
pub(super) fn rule_pattern(resource: &crate::model::Resource) -> Option<Expr> {
    if let Some(property) = resource.properties.get("pattern")
        && let ast::Value::String(text) = &property.value
        && let Ok(json) = serde_json::from_str::<serde_json::Value>(&text.text)
    {
        return Some(json_plain(&json));
    }
    let on = resource.options.get("on")?;
    let words: Vec<&str> = on.values.iter().map(|value| value.text.as_str()).collect();
    let pattern = match words.as_slice() {
        ["cloudtrail", service, calls @ ..] => {
            let mut pattern = serde_json::json!({
                "source": [format!("aws.{service}")],
                "detail-type": ["AWS API Call via CloudTrail"],
                "detail": { "eventSource": [format!("{service}.amazonaws.com")] }
            });
            if !calls.is_empty() {
                merge_pattern(
                    &mut pattern,
                    &serde_json::json!({ "detail": { "eventName": calls } }),
                );
            }
            pattern
        }
        [source, detail_types @ ..] => {
            let mut pattern = serde_json::json!({ "source": [source] });
            if !detail_types.is_empty() {
                merge_pattern(
                    &mut pattern,
                    &serde_json::json!({ "detail-type": detail_types }),
                );
            }
            pattern
        }
        [] => return None,
    };
    Some(json_plain(&pattern))
}

/// A rule's own pattern with its `substitutions` written in: a string value
/// that is exactly `${key}` becomes that substitution's value (a reference or
/// a parameter), which both backends write into the pattern document. The
/// depth is that of the pattern's JSON, which serde_json bounds.
pub(super) fn substituted(pattern: Expr, substitutions: &crate::plan::Fields) -> Expr {
    match pattern {
        Expr::Text(text) => match text
            .strip_prefix("${")
            .and_then(|rest| rest.strip_suffix('}'))
            .and_then(|key| substitutions.get(key))
        {
            Some(value) => value.clone(),
            None => Expr::Text(text),
        },
        Expr::List(items) => Expr::List(
            items
                .into_iter()
                .map(|item| substituted(item, substitutions))
                .collect(),
        ),
        Expr::Map(fields) => Expr::Map(
            fields
                .into_iter()
                .map(|(key, value)| (key, substituted(value, substitutions)))
                .collect(),
        ),
        other => other,
    }
}

/// The paths to the lists of a pattern fragment (`detail.event`, `detail.referenceType`).
pub(super) fn leaf_paths(fragment: &serde_json::Value) -> Vec<String> {
    fn walk(value: &serde_json::Value, prefix: &str, found: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(entries) => {
                for (key, inner) in entries {
                    walk(inner, &format!("{prefix}.{key}"), found);
                }
            }
            _ => found.push(prefix.to_string()),
        }
    }
    let mut found = Vec::new();
    walk(fragment, "", &mut found);
    found.sort();
    found
}

/// Deep-merges `fragment` into `pattern`; lists are unioned.
pub(super) fn merge_pattern(pattern: &mut serde_json::Value, fragment: &serde_json::Value) {
    match (pattern, fragment) {
        (serde_json::Value::Object(target), serde_json::Value::Object(source)) => {
            for (key, value) in source {
                match target.get_mut(key) {
                    Some(existing) => merge_pattern(existing, value),
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (serde_json::Value::Array(target), serde_json::Value::Array(source)) => {
            for value in source {
                if !target.contains(value) {
                    target.push(value.clone());
                }
            }
        }
        (target, source) => *target = source.clone(),
    }
}

/// The event pattern of an edge through a source's `events` channel.
pub(super) fn edge_pattern(edge: &Edge, channel: &ChannelSpec, source: &Handle) -> Expr {
    let mut pattern = channel
        .pattern
        .clone()
        .unwrap_or_else(|| serde_json::json!({}));
    let names: Vec<String> = if edge.events.is_empty() {
        channel.default_events.clone()
    } else {
        edge.events.iter().map(|event| event.text.clone()).collect()
    };
    let fragments: Vec<serde_json::Value> = names
        .iter()
        .filter_map(|name| channel.events.iter().find(|event| &event.name == name))
        .filter_map(|event| event.pattern.clone())
        .filter(|fragment| {
            fragment
                .as_object()
                .is_some_and(|object| !object.is_empty())
        })
        .collect();
    // Events that constrain the same fields add up as alternatives in each field;
    // events that constrain different fields need `$or`, or they would narrow each other.
    let same_fields = fragments
        .windows(2)
        .all(|pair| leaf_paths(&pair[0]) == leaf_paths(&pair[1]));
    if same_fields || fragments.len() < 2 {
        for fragment in &fragments {
            merge_pattern(&mut pattern, fragment);
        }
    } else if let Some(object) = pattern.as_object_mut() {
        object.insert("$or".to_string(), serde_json::Value::Array(fragments));
    }
    if !edge.branches.is_empty() {
        let branches: Vec<serde_json::Value> = edge
            .branches
            .iter()
            .map(|branch| match branch.text.strip_suffix('*') {
                Some(prefix) => serde_json::json!({ "prefix": prefix }),
                None => serde_json::json!(branch.text),
            })
            .collect();
        merge_pattern(
            &mut pattern,
            &serde_json::json!({ "detail": { "referenceName": branches } }),
        );
    }
    let prefix = edge
        .options
        .get("prefix")
        .map(crate::model::OptionValue::joined);
    let suffix = edge
        .options
        .get("suffix")
        .map(crate::model::OptionValue::joined);
    let key_filters = key_filters(prefix.as_deref(), suffix.as_deref());
    if !key_filters.is_empty() {
        merge_pattern(
            &mut pattern,
            &serde_json::json!({ "detail": { "object": { "key": key_filters } } }),
        );
    }
    with_written_pattern(pattern, edge, source)
}

/// The channel's pattern with the edge's own `pattern` option (JSON text,
/// checked by `model`) written over it field by field: a top-level field the
/// user's pattern names replaces the channel's (`account` on `forward`), the
/// others stay. The user's text is written as it is, never read for `{arn}`.
fn with_written_pattern(mut pattern: serde_json::Value, edge: &Edge, source: &Handle) -> Expr {
    let written = edge
        .options
        .get("pattern")
        .map(crate::model::OptionValue::joined)
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
    let Some(serde_json::Value::Object(written)) = written else {
        return json_expr(&pattern, source);
    };
    if let Some(object) = pattern.as_object_mut() {
        object.retain(|key, _| !written.contains_key(key));
    }
    let mut expr = json_expr(&pattern, source);
    if let Expr::Map(fields) = &mut expr {
        for (key, value) in &written {
            fields.insert(key.clone(), json_plain(value));
        }
    }
    expr
}

#[cfg(test)]
mod tests {
    use super::{escape_wildcard, key_filters};

    #[test]
    fn a_prefix_and_a_suffix_together_are_one_wildcard_that_ands_them() {
        assert_eq!(
            key_filters(Some("drops/"), Some(".json")),
            vec![serde_json::json!({ "wildcard": "drops/*.json" })]
        );
        assert_eq!(
            key_filters(Some("in/"), None),
            vec![serde_json::json!({ "prefix": "in/" })]
        );
        assert_eq!(
            key_filters(None, Some(".csv")),
            vec![serde_json::json!({ "suffix": ".csv" })]
        );
        assert!(key_filters(None, None).is_empty());
    }

    #[test]
    fn stars_and_backslashes_in_the_users_text_match_themselves() {
        assert_eq!(escape_wildcard(r"a*b\c"), r"a\*b\\c");
        assert_eq!(
            key_filters(Some("x*"), Some(".y")),
            vec![serde_json::json!({ "wildcard": r"x\**.y" })]
        );
    }
}
