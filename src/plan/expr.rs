//! Expression constructors and conversions shared by every service and mechanism.

use crate::ast;
use crate::plan::build::Handle;
use crate::plan::{Cow, Expr, logical_id, map};

pub(super) const PARTITION: &str = "${AWS::Partition}";

pub(super) fn sub(template: impl Into<String>) -> Expr {
    Expr::Sub(template.into())
}

/// User text placed inside a `Fn::Sub` template: its `${` would start a
/// substitution there, so it is written `${!`, which both backends keep literal.
pub(super) fn sub_literal(text: &str) -> Cow<'_, str> {
    if text.contains("${") {
        Cow::Owned(text.replace("${", "${!"))
    } else {
        Cow::Borrowed(text)
    }
}

pub(super) fn text(value: impl Into<Cow<'static, str>>) -> Expr {
    Expr::Text(value.into())
}

pub(super) fn list(items: Vec<Expr>) -> Expr {
    Expr::List(items)
}

pub(super) fn texts(items: &[String]) -> Expr {
    Expr::List(items.iter().map(|item| text(item.clone())).collect())
}

/// A value as the text a remediation's static parameter holds.
pub(super) fn static_text(value: &Expr) -> Expr {
    match value {
        Expr::Number(literal) => text(literal.clone()),
        Expr::Bool(flag) => text(flag.to_string()),
        other => other.clone(),
    }
}

pub(super) fn tag_list(tags: &Expr) -> Expr {
    match tags {
        Expr::Map(tags) => list(
            tags.iter()
                .map(|(key, value)| map([("Key", text(key.to_string())), ("Value", value.clone())]))
                .collect(),
        ),
        other => other.clone(),
    }
}

pub(super) fn attribute_type(kind: Option<Expr>) -> Expr {
    text(match kind {
        Some(Expr::Text(kind)) if kind == "number" => "N",
        Some(Expr::Text(kind)) if kind == "binary" => "B",
        _ => "S",
    })
}

/// A property value as written → plan expression (bare words are
/// parameters; `reference` gives what a `NAME.attribute` reads).
pub(super) fn value_expr(value: &ast::Value, reference: &dyn Fn(&ast::Reference) -> Expr) -> Expr {
    match value {
        ast::Value::String(text) => Expr::Text(text.text.clone().into()),
        ast::Value::Number(number) => Expr::Number(number.literal.clone()),
        ast::Value::Bool(flag, _) => Expr::Bool(*flag),
        ast::Value::List(list) => Expr::List(
            list.items
                .iter()
                .map(|item| value_expr(item, reference))
                .collect(),
        ),
        ast::Value::Map(properties, _) => Expr::Map(
            properties
                .iter()
                .map(|property| {
                    (
                        property.key.text.clone(),
                        value_expr(&property.value, reference),
                    )
                })
                .collect(),
        ),
        ast::Value::Word(word) => Expr::Param(logical_id(&word.text, "")),
        ast::Value::Reference(written) => reference(written),
    }
}

pub(super) fn json_plain(json: &serde_json::Value) -> Expr {
    json_expr(
        json,
        &Handle {
            logical: None,
            arn: text(""),
            name: text(""),
            role: None,
        },
    )
}

/// JSON from the catalogue → expression, with `{arn}` and `{physical}` replaced
/// by the source's references.
pub(super) fn json_expr(json: &serde_json::Value, source: &Handle) -> Expr {
    match json {
        serde_json::Value::Null => text(""),
        serde_json::Value::Bool(flag) => Expr::Bool(*flag),
        serde_json::Value::Number(number) => Expr::Number(number.to_string()),
        serde_json::Value::String(value) if value == "{arn}" => source.arn.clone(),
        serde_json::Value::String(value) if value == "{physical}" => source.name.clone(),
        serde_json::Value::String(value) if value == "{account}" => sub("${AWS::AccountId}"),
        serde_json::Value::String(value) => text(value.clone()),
        serde_json::Value::Array(items) => {
            list(items.iter().map(|item| json_expr(item, source)).collect())
        }
        serde_json::Value::Object(entries) => Expr::Map(
            entries
                .iter()
                .map(|(key, value)| (key.clone(), json_expr(value, source)))
                .collect(),
        ),
    }
}

/// Whether an expression refers to the resource `logical`.
pub(super) fn refers_to(expr: &Expr, logical: &str) -> bool {
    match expr {
        Expr::Ref(id) | Expr::Attr(id, _) => id == logical,
        Expr::Sub(template) => template
            .split("${")
            .skip(1)
            .any(|piece| piece.split(['}', '.']).next() == Some(logical)),
        Expr::List(items) => items.iter().any(|item| refers_to(item, logical)),
        Expr::Map(entries) => entries.values().any(|value| refers_to(value, logical)),
        Expr::JsonString(inner) | Expr::Base64(inner) => refers_to(inner, logical),
        Expr::Text(_)
        | Expr::Number(_)
        | Expr::Bool(_)
        | Expr::Param(_)
        | Expr::AvailabilityZones => false,
    }
}
