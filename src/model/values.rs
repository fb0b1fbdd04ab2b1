//! Whether a value fits what the catalogue says an option or property takes.

use crate::ast;
use crate::catalogue::{PropertySpec, ValueKind};

/// `(expected, found)` when an option's word or string does not fit its kind.
pub(super) fn text_problem(spec: &PropertySpec, text: &str) -> Option<(String, String)> {
    let found = format!("`{text}`");
    match spec.kind {
        ValueKind::String | ValueKind::StringList => None,
        ValueKind::Bool => {
            (text != "true" && text != "false").then(|| ("`true` or `false`".to_string(), found))
        }
        ValueKind::Word => (!spec.values.iter().any(|allowed| allowed == text)).then(|| {
            let allowed = spec
                .values
                .iter()
                .map(|allowed| format!("`{allowed}`"))
                .collect::<Vec<_>>()
                .join(", ");
            (format!("one of {allowed}"), found)
        }),
        ValueKind::Integer | ValueKind::Number => {
            let number = if spec.kind == ValueKind::Integer {
                text.parse::<i64>().ok().map(|whole| whole as f64)
            } else {
                text.parse::<f64>().ok()
            };
            let in_range = number.is_some_and(|number| {
                spec.min.is_none_or(|min| number >= min) && spec.max.is_none_or(|max| number <= max)
            });
            (!in_range).then(|| (expected_number(spec), found))
        }
        ValueKind::Map => Some(("a map `{ key = \"value\" }`".to_string(), found)),
    }
}

fn expected_number(spec: &PropertySpec) -> String {
    let what = if spec.kind == ValueKind::Integer {
        "a whole number"
    } else {
        "a number"
    };
    match (spec.min, spec.max) {
        (Some(min), Some(max)) => format!("{what} from {min} to {max}"),
        (Some(min), None) => format!("{what} of at least {min}"),
        (None, Some(max)) => format!("{what} of at most {max}"),
        (None, None) => what.to_string(),
    }
}

/// `(expected, found)` when a value does not fit its kind.
pub(super) fn value_problem(
    kind: ValueKind,
    values: &[String],
    min: Option<f64>,
    max: Option<f64>,
    value: &ast::Value,
) -> Option<(String, String)> {
    let found = match value {
        ast::Value::String(text) => format!("the string \"{}\"", text.text),
        ast::Value::Number(number) => format!("the number {}", number.literal),
        ast::Value::Bool(flag, _) => format!("`{flag}`"),
        ast::Value::List(_) => "a list".to_string(),
        ast::Value::Map(..) => "a map".to_string(),
        ast::Value::Word(word) => format!("`{}`", word.text),
    };
    let range = || match (min, max) {
        (Some(min), Some(max)) => format!(" from {min} to {max}"),
        (Some(min), None) => format!(" of at least {min}"),
        (None, Some(max)) => format!(" of at most {max}"),
        (None, None) => String::new(),
    };
    match (kind, value) {
        (ValueKind::String, ast::Value::String(_))
        | (ValueKind::Bool, ast::Value::Bool(..))
        | (ValueKind::Map, ast::Value::Map(..)) => None,
        (ValueKind::StringList, ast::Value::List(list)) => {
            if list
                .items
                .iter()
                .all(|item| matches!(item, ast::Value::String(_)))
            {
                None
            } else {
                Some(("a list of strings".to_string(), found))
            }
        }
        (ValueKind::Integer | ValueKind::Number, ast::Value::Number(number)) => {
            let whole_ok = kind == ValueKind::Number || number.value.fract() == 0.0;
            let in_range = min.is_none_or(|min| number.value >= min)
                && max.is_none_or(|max| number.value <= max);
            if whole_ok && in_range {
                None
            } else {
                let what = if kind == ValueKind::Integer {
                    "a whole number"
                } else {
                    "a number"
                };
                Some((format!("{what}{}", range()), found))
            }
        }
        (ValueKind::Word, ast::Value::Word(word) | ast::Value::String(word)) => {
            if values.iter().any(|allowed| allowed == &word.text) {
                None
            } else {
                let hint = values
                    .iter()
                    .map(|allowed| format!("`{allowed}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                Some((format!("one of {hint}"), found))
            }
        }
        (kind, _) => Some((
            match kind {
                ValueKind::String => "a string".to_string(),
                ValueKind::Integer => format!("a whole number{}", range()),
                ValueKind::Number => format!("a number{}", range()),
                ValueKind::Bool => "`true` or `false`".to_string(),
                ValueKind::Word => format!("one of {}", values.join(", ")),
                ValueKind::StringList => "a list of strings".to_string(),
                ValueKind::Map => "a map `{ key = \"value\" }`".to_string(),
            },
            found,
        )),
    }
}

/// `3x5m` → (3 periods, 300 seconds).
#[must_use]
pub fn parse_window(window: &str) -> Option<(u32, u32)> {
    let (periods, length) = window.split_once('x').unwrap_or(("1", window));
    let periods: u32 = periods.trim().parse().ok()?;
    let length = length.trim();
    let (number, unit) =
        length.split_at(length.find(|character: char| !character.is_ascii_digit())?);
    let number: u32 = number.parse().ok()?;
    let seconds = match unit {
        "s" => number,
        "m" => number * 60,
        "h" => number * 3600,
        _ => return None,
    };
    Some((periods, seconds))
}
