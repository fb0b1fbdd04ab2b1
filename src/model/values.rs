//! Whether a value fits what the catalogue says an option or property takes,
//! and whether a number can be written into a template as the number it says.

use crate::ast;
use crate::catalogue::{Catalogue, PropertySpec, ValueKind, codes};
use crate::diagnostics::Diagnostic;

/// The numbers that templates hold exactly as written (E107): what fits a
/// 64-bit integer, and decimals that a 64-bit float holds (always so for 15
/// significant digits in this range; 16 or 17 when the float happens to be exact).
pub(crate) const EXACT_NUMBERS: &str = "a whole number from -9223372036854775808 to \
     9223372036854775807, or a decimal of at most 15 significant digits between 1e-307 and \
     1e308 in size";

/// Whether a number literal reaches a template as the number it says: the
/// backends write a whole number as a 64-bit integer and a decimal as the
/// shortest text that reads back to its 64-bit float, so a whole number must
/// fit an `i64` and a decimal must read back to the same decimal (not too
/// big, not rounded, not underflowing to zero).
pub(crate) fn is_exact(literal: &str) -> bool {
    if !literal.contains('.') {
        return literal.parse::<i64>().is_ok();
    }
    // A float prints at most 17 significant digits: a longer decimal cannot
    // come back, and this keeps a huge literal from being parsed at all.
    let significant = literal
        .trim_start_matches('-')
        .replace('.', "")
        .trim_matches('0')
        .len();
    if significant > 17 {
        return false;
    }
    let Ok(float) = literal.parse::<f64>() else {
        return false;
    };
    // The text the backends write (serde_json's, in every format).
    let Some(written) = serde_json::Number::from_f64(float) else {
        return false;
    };
    let written = decimal(&written.to_string());
    written.is_some() && decimal(literal) == written
}

/// A decimal's value as (negative, significant digits, power of ten of the
/// first digit); zero is `(false, "", 0)`. Reads `-`, digits, an optional
/// fraction and an optional exponent (`1e-7`, which is how floats print).
fn decimal(text: &str) -> Option<(bool, String, i64)> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let digits = format!("{whole}{fraction}");
    let leading = digits.len() - digits.trim_start_matches('0').len();
    let significant = digits.trim_matches('0');
    if significant.is_empty() {
        return Some((false, String::new(), 0));
    }
    let whole_len = i64::try_from(whole.len()).ok()?;
    let leading = i64::try_from(leading).ok()?;
    Some((
        negative,
        significant.to_string(),
        whole_len - 1 - leading + exponent,
    ))
}

/// `the number 123…` for a diagnostic, shortened when it is long.
fn found_number(literal: &str) -> String {
    const SHOWN: usize = 24;
    match literal.get(..SHOWN) {
        Some(head) if literal.len() > SHOWN + 8 => {
            format!("the number {head}… ({} characters)", literal.len())
        }
        _ => format!("the number {literal}"),
    }
}

/// An `E107` for every number among a file's values (parameter defaults and
/// property values, inside lists and maps too) that a template cannot hold
/// exactly. Numbers among a segment's or clause's arguments are option values,
/// checked against their option's kind by [`text_problem`].
pub(super) fn inexact_numbers(file: &ast::File, catalogue: &Catalogue) -> Vec<Diagnostic> {
    // (the option, property or parameter a value belongs to, the value)
    let mut pending: Vec<(&str, &ast::Value)> = Vec::new();
    for item in &file.items {
        match item {
            ast::Item::Param(param) => {
                if let Some(default) = &param.default {
                    pending.push((&param.name.text, default));
                }
            }
            ast::Item::Chain(chain) => {
                for segment in &chain.segments {
                    if let Some(ast::Tail::Block(block)) = &segment.tail {
                        for entry in &block.entries {
                            if let ast::Entry::Property(property) = entry {
                                pending.push((&property.key.text, &property.value));
                            }
                        }
                    }
                }
            }
            ast::Item::Use(_) | ast::Item::Region(_) => {}
        }
    }
    // Popped from the end: reversed here and when a list or map is opened, so
    // that numbers are met in source order.
    pending.reverse();
    let mut diagnostics = Vec::new();
    // A work list instead of recursion: nesting is bounded, but this costs nothing.
    while let Some((option, value)) = pending.pop() {
        match value {
            ast::Value::Number(number) if !is_exact(&number.literal) => {
                diagnostics.push(catalogue.report(
                    codes::INVALID_VALUE,
                    number.span,
                    &[
                        ("option", option),
                        ("expected", EXACT_NUMBERS),
                        ("found", &found_number(&number.literal)),
                    ],
                ));
            }
            ast::Value::List(list) => {
                pending.extend(list.items.iter().rev().map(|item| (option, item)));
            }
            ast::Value::Map(properties, _) => pending.extend(
                properties
                    .iter()
                    .rev()
                    .map(|property| (property.key.text.as_str(), &property.value)),
            ),
            _ => {}
        }
    }
    diagnostics
}

/// `(expected, found)` when an option's word or string does not fit its kind.
pub(super) fn text_problem(spec: &PropertySpec, text: &str) -> Option<(String, String)> {
    let found = format!("`{text}`");
    match spec.kind {
        // Which declaration a `resource` names is resolved once every chain is read.
        ValueKind::String | ValueKind::StringList | ValueKind::Resource => None,
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
            // A whole number beyond `i64` fails to parse below; a decimal
            // that parses may still not be the number a template would hold.
            if spec.kind == ValueKind::Number && looks_like_number(text) && !is_exact(text) {
                return Some((EXACT_NUMBERS.to_string(), found));
            }
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

/// Whether option text is written like a number literal (`-`, digits, a fraction).
fn looks_like_number(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    [whole, fraction]
        .iter()
        .all(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit()))
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
    if let ast::Value::Number(number) = value
        && !is_exact(&number.literal)
    {
        // Reported once, with the range templates hold, by `inexact_numbers`.
        return None;
    }
    let found = match value {
        ast::Value::String(text) => format!("the string \"{}\"", text.text),
        ast::Value::Number(number) => format!("the number {}", number.literal),
        ast::Value::Bool(flag, _) => format!("`{flag}`"),
        ast::Value::List(_) => "a list".to_string(),
        ast::Value::Map(..) => "a map".to_string(),
        ast::Value::Word(word) => format!("`{}`", word.text),
        ast::Value::Reference(reference) => format!("the reference `{}`", reference.written()),
    };
    let range = || match (min, max) {
        (Some(min), Some(max)) => format!(" from {min} to {max}"),
        (Some(min), None) => format!(" of at least {min}"),
        (None, Some(max)) => format!(" of at most {max}"),
        (None, None) => String::new(),
    };
    match (kind, value) {
        (ValueKind::String, ast::Value::String(_) | ast::Value::Reference(_))
        | (ValueKind::Bool, ast::Value::Bool(..))
        | (ValueKind::Map, ast::Value::Map(..)) => None,
        (ValueKind::StringList, ast::Value::List(list)) => {
            let strings = list
                .items
                .iter()
                .all(|item| matches!(item, ast::Value::String(_) | ast::Value::Reference(_)));
            // `max` of a list: how many items it may hold (a function's layers).
            let too_many = max.is_some_and(|max| list.items.len() as f64 > max);
            match (strings, too_many) {
                (true, false) => None,
                (false, _) => Some(("a list of strings".to_string(), found)),
                (true, true) => Some((
                    format!("a list of at most {} strings", max.unwrap_or_default()),
                    format!("{} items", list.items.len()),
                )),
            }
        }
        (ValueKind::Integer | ValueKind::Number, ast::Value::Number(number)) => {
            let whole_ok = kind == ValueKind::Number || number.value.fract() == 0.0;
            let in_range = min.is_none_or(|min| number.value >= min)
                && max.is_none_or(|max| number.value <= max);
            // A number from a fixed list (a log group's retention days).
            let listed = values.is_empty()
                || values
                    .iter()
                    .any(|allowed| allowed.parse::<f64>().ok() == Some(number.value));
            if !listed {
                Some((format!("one of {}", values.join(", ")), found))
            } else if whole_ok && in_range {
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
                ValueKind::Resource => "the name of a declaration".to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_compare_by_value_whatever_their_spelling() {
        assert_eq!(decimal("000.50"), decimal("5e-1"));
        assert_eq!(decimal("-0.0"), decimal("0"));
        assert_eq!(decimal("1200"), decimal("1.2e3"));
        assert_ne!(decimal("-1.5"), decimal("1.5"));
        assert_eq!(decimal("1.x"), None);
    }

    #[test]
    fn exact_numbers_are_those_a_template_writes_back_unchanged() {
        // 2^53 + 2 is a float; 2^53 + 1 is not, and rounds to 2^53.
        for exact in [
            "0",
            "-0",
            "007",
            "-0.0",
            "12.50",
            "0.1",
            "0.0000001",
            "9007199254740994.0",
        ] {
            assert!(is_exact(exact), "{exact}");
        }
        for inexact in [
            "9223372036854775808",
            "0.1000000000000000055511",
            "9007199254740993.0",
        ] {
            assert!(!is_exact(inexact), "{inexact}");
        }
    }
}
