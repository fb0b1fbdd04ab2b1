//! YAML text for CloudFormation templates.
//!
//! CloudFormation reads templates as YAML 1.1, where plain `on`, `yes`, `n` or
//! `2012-10-17` are a boolean or a date, not a string. General YAML writers
//! quote only what their own (1.2) reader would misread, so a parameter value
//! `on` would deploy as `true`. This writer keeps a string plain only when every
//! YAML 1.1 reader must read it back as that string, and double-quotes the rest.

use serde_json::Value;
use std::fmt::Write as _;

/// The value as a YAML document, ending with a newline.
#[must_use]
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(entries) if !entries.is_empty() => write_map(&mut out, entries, 0),
        Value::Array(items) if !items.is_empty() => write_list(&mut out, items, 0),
        scalar => {
            write_scalar(&mut out, scalar, 0);
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, width: usize) {
    out.extend(std::iter::repeat_n(' ', width));
}

fn write_map(out: &mut String, entries: &serde_json::Map<String, Value>, width: usize) {
    let mut first = true;
    for (key, value) in entries {
        // The first key of a list item follows its `- `.
        if !first || out.ends_with('\n') || out.is_empty() {
            indent(out, width);
        }
        first = false;
        let mut written = String::new();
        if is_plain(key) {
            written.push_str(key);
        } else {
            write_quoted(&mut written, key);
        }
        out.push_str(&written);
        if written.chars().count() > LONGEST_IMPLICIT_KEY {
            // YAML reads a key without `? ` only up to 1,024 characters; a
            // longer one is written as an explicit key, its `:` on a line of
            // its own.
            out.insert_str(out.len() - written.len(), "? ");
            out.push('\n');
            indent(out, width);
        }
        out.push(':');
        write_nested(out, value, width + 2);
    }
}

/// The longest key written in the implicit `key: value` form, below YAML's
/// limit of 1,024 characters for an implicit key.
const LONGEST_IMPLICIT_KEY: usize = 1000;

fn write_list(out: &mut String, items: &[Value], width: usize) {
    let mut first = true;
    for item in items {
        if !first || out.ends_with('\n') || out.is_empty() {
            indent(out, width);
        }
        first = false;
        out.push('-');
        match item {
            Value::Object(entries) if !entries.is_empty() => {
                out.push(' ');
                write_map(out, entries, width + 2);
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push(' ');
                write_list(out, inner, width + 2);
            }
            scalar => {
                out.push(' ');
                write_scalar(out, scalar, width + 2);
                out.push('\n');
            }
        }
    }
}

/// What follows `key:`: a scalar on the same line, or a block on the next ones.
fn write_nested(out: &mut String, value: &Value, width: usize) {
    match value {
        Value::Object(entries) if !entries.is_empty() => {
            out.push('\n');
            write_map(out, entries, width);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_list(out, items, width);
        }
        scalar => {
            out.push(' ');
            write_scalar(out, scalar, width);
            out.push('\n');
        }
    }
}

fn write_scalar(out: &mut String, value: &Value, width: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&number.to_string()),
        Value::String(text) => write_string(out, text, width),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// A string: plain when unambiguous, a literal block when it is several
/// clean lines, double-quoted (JSON escapes are YAML escapes) otherwise.
fn write_string(out: &mut String, text: &str, width: usize) {
    if is_plain(text) {
        out.push_str(text);
    } else if is_block(text) {
        let body = text.trim_end_matches('\n');
        let trailing = text.len() - body.len();
        out.push('|');
        match trailing {
            0 => out.push('-'),
            1 => {}
            _ => out.push('+'),
        }
        // With `|+`, the lines after the body are the extra newlines it keeps.
        let lines = body.split('\n').count() + trailing.saturating_sub(1);
        for line in text.split('\n').take(lines) {
            out.push('\n');
            if !line.is_empty() {
                indent(out, width);
                out.push_str(line);
            }
        }
    } else {
        write_quoted(out, text);
    }
}

/// A double-quoted string. JSON's escapes are YAML's, but JSON leaves DEL, the
/// C1 controls and the YAML 1.1 line breaks NEL, LS and PS raw, which a YAML
/// reader refuses or reads as a line break; those are escaped too.
fn write_quoted(out: &mut String, text: &str) {
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            _ if needs_escape(character) => {
                let _ = write!(out, "\\u{:04x}", u32::from(character));
            }
            _ => out.push(character),
        }
    }
    out.push('"');
}

/// Characters that may not appear raw in a YAML 1.1 scalar, or that it reads as
/// a line break: controls (C0, DEL, C1, NEL among them), LS, PS, the byte order
/// mark and the two non-characters YAML excludes.
fn needs_escape(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// Words that YAML 1.1 reads as booleans or null.
const SPECIAL_WORDS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
    "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
];

/// Whether `text` reads back as itself when written without quotes.
fn is_plain(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    // A leading digit or sign could be a number, a date or a base-60 number.
    if !first.is_ascii_alphabetic() && first != '_' && first != '/' {
        return false;
    }
    if SPECIAL_WORDS.contains(&text) || text.ends_with([' ', ':']) {
        return false;
    }
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(index, &byte)| match byte {
        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'/' | b'-' | b'@' => true,
        // `: ` starts a value and ` #` a comment; single inner spaces are fine.
        b':' => bytes.get(index + 1).is_some_and(|next| *next != b' '),
        b' ' => bytes
            .get(index + 1)
            .is_some_and(|next| *next != b' ' && *next != b'#'),
        _ => false,
    })
}

/// Whether `text` can be a literal block: several lines of printable text, no
/// line starting with a space that would decide the block's indentation.
fn is_block(text: &str) -> bool {
    text.contains('\n')
        && !text.starts_with([' ', '\n'])
        && text
            .chars()
            .all(|character| character == '\n' || !needs_escape(character))
        && text.split('\n').all(|line| !line.ends_with(' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_strings_are_quoted_and_read_back_as_strings() {
        for text in [
            "on",
            "yes",
            "N",
            "2012-10-17",
            "190:20:30",
            "1e3",
            "",
            "a: b",
            "x #y",
            "${AWS::Region}",
            "-1",
            "*alias",
            "del\u{7f}",
            "nel\u{85}x",
            "ls\u{2028}ps\u{2029}",
            "bom\u{feff}",
            "esc\u{1b}[31m",
        ] {
            let yaml = to_yaml(&serde_json::json!({ "Value": text }));
            let read: serde_json::Value = serde_yaml_ng::from_str(&yaml).unwrap();
            assert_eq!(read["Value"], text, "{yaml}");
            assert!(yaml.contains('"'), "{text:?} is not quoted: {yaml}");
        }
        assert_eq!(
            to_yaml(&serde_json::json!({ "Type": "AWS::SQS::Queue" })),
            "Type: AWS::SQS::Queue\n"
        );
    }

    #[test]
    fn documents_read_back_as_written() {
        let value = serde_json::json!({
            "A": [1, true, null, "x", [], {}, ["nested", {"K": "v", "L": ["m"]}]],
            "Code": "import json\n\ndef handler(event, context):\n    return {}\n",
            "Two": "a\nb",
            "Trailing": "a\n\n",
            "Indented": "  a\nb",
            "Controls": "a\u{7f}\nb\u{85}\nc\u{2028}",
            "Empty": {},
        });
        let mut value = value;
        if let Some(entries) = value.as_object_mut() {
            let long = serde_json::json!({ "nested": "x".repeat(1100) });
            entries.insert("k".repeat(1200), long.clone());
            entries.insert(format!("quoted {}", "\u{85}".repeat(400)), long);
        }
        if let Some(items) = value["A"].as_array_mut() {
            items.push(serde_json::json!({ "k".repeat(1100): 1, "short": 2 }));
        }
        let yaml = to_yaml(&value);
        let read: serde_json::Value = serde_yaml_ng::from_str(&yaml).unwrap();
        assert_eq!(read, value, "{yaml}");
        assert!(
            !yaml
                .chars()
                .any(|character| character != '\n' && needs_escape(character)),
            "a raw control or line-break character: {yaml:?}"
        );
    }
}
