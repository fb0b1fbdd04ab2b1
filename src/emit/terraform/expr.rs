//! Plan expressions as Terraform values and templates. Terraform reads every
//! string of a `.tf.json` as a template, so text is escaped (`literal`) and
//! strings inside expressions are quoted (`quoted`); a `Fn::Sub` placeholder
//! becomes a reference only when it names a plan resource or parameter.

use super::{Renderer, STACK_NAME_MAX, address, field, items, name, ref_attribute, text_of};
use crate::emit::parameters::number;
use crate::plan::Expr;
use serde_json::{Map, Value, json};
use std::fmt::Write as _;

/// Whether `text` is a plain name (letters, digits, `_`), safe inside an expression.
pub(super) fn is_identifier(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
}

/// Text as a quoted string literal inside a Terraform expression (`"…"` within
/// `${…}`), where a quote or backslash would end or change the string and `${`
/// or `%{` would start a template of its own.
pub(super) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if characters.peek() == Some(&'{') => {
                out.push(character);
                out.push(character);
            }
            _ if character.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(character));
            }
            _ => out.push(character),
        }
    }
    out.push('"');
    out
}

/// Text as a literal inside a Terraform string template.
pub(super) fn literal(text: &str) -> String {
    if !text.contains("${") && !text.contains("%{") {
        return text.to_string();
    }
    text.replace("${", "$${").replace("%{", "%%{")
}

/// Literal text before an interpolation; a trailing `$` would read as `$${`.
pub(super) fn push_literal(out: &mut String, text: &str) {
    let text = literal(text);
    match text.strip_suffix('$') {
        Some(head) => {
            out.push_str(head);
            out.push_str("${\"$\"}");
        }
        None => out.push_str(&text),
    }
}

/// Every object's keys sorted (arrays keep their order).
pub(super) fn sorted(value: Value) -> Value {
    match value {
        Value::Object(entries) => {
            let mut entries: Vec<(String, Value)> = entries.into_iter().collect();
            entries.sort_by(|left, right| left.0.cmp(&right.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(key, value)| (key, sorted(value)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

pub(super) use crate::plan::fingerprint;

/// CloudFormation's pseudo parameters: what the configuration then needs (a
/// data source or `var.stack_name`), and the expression that stands for it.
const PSEUDO_PARAMETERS: [(&str, &str, &str); 5] = [
    (
        "AWS::Partition",
        "aws_partition",
        "${data.aws_partition.current.partition}",
    ),
    (
        "AWS::URLSuffix",
        "aws_partition",
        "${data.aws_partition.current.dns_suffix}",
    ),
    (
        "AWS::Region",
        "aws_region",
        "${data.aws_region.current.region}",
    ),
    (
        "AWS::AccountId",
        "aws_caller_identity",
        "${data.aws_caller_identity.current.account_id}",
    ),
    ("AWS::StackName", "stack_name", "${var.stack_name}"),
];

impl Renderer<'_> {
    pub(super) fn text(&mut self, text: &str) -> String {
        if let Some(&(index, attribute)) = self.existing.get(text) {
            let lookup = &mut self.lookups[index];
            lookup.used = true;
            // A local holds the looked-up value in the owning account and the
            // ARN (or URL) as written from any other; a local, because a quoted
            // fallback could not stand inside a policy's JSON text.
            let local = format!("{}_{}", lookup.name, attribute);
            lookup
                .locals
                .insert(local.clone(), (text.to_string(), attribute));
            return format!("${{local.{local}}}");
        }
        literal(text)
    }

    /// The template for CloudFormation's `Ref` of `id`.
    pub(super) fn reference(&mut self, id: &str) -> String {
        if let Some(variable) = self.parameters.get(id) {
            return format!("${{var.{variable}}}");
        }
        match self.kinds.get(id) {
            Some(&kind) => format!("${{{}.{}}}", address(kind, id), ref_attribute(kind)),
            None => format!("${{{id}}}"),
        }
    }

    /// The template for CloudFormation's `GetAtt id.attribute`.
    pub(super) fn attribute(&mut self, id: &str, attribute: &str) -> String {
        let Some(&kind) = self.kinds.get(id) else {
            return format!("${{{id}.{attribute}}}");
        };
        let target = address(kind, id);
        match attribute {
            // CloudFormation's log group `Arn` ends in `:*`; Terraform's does not.
            "Arn" => format!("${{{target}.arn}}{}", kind.spec().arn_suffix),
            "StreamArn" => format!("${{{target}.stream_arn}}"),
            "QueueName" | "TopicName" | "Name" => format!("${{{target}.name}}"),
            "QueueUrl" => format!("${{{target}.url}}"),
            other => format!("${{{target}.{}}}", name(other)),
        }
    }

    /// A `Fn::Sub` template as a Terraform template.
    pub(super) fn sub(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                break;
            };
            push_literal(&mut out, &rest[..start]);
            let placeholder = &after[..end];
            if let Some(escaped) = placeholder.strip_prefix('!') {
                out.push_str("$${");
                out.push_str(escaped);
                out.push('}');
            } else {
                let value = self.placeholder(placeholder);
                out.push_str(&value);
            }
            rest = &after[end + 1..];
        }
        push_literal(&mut out, rest);
        out
    }

    pub(super) fn placeholder(&mut self, placeholder: &str) -> String {
        if let Some((_, need, expression)) = PSEUDO_PARAMETERS
            .iter()
            .find(|(pseudo, _, _)| *pseudo == placeholder)
        {
            self.needs.insert(need);
            return (*expression).to_string();
        }
        // Only a reference to something the plan holds becomes an expression:
        // any other text between `${` and `}` (which the plan never writes)
        // stays literal, so user text can never be evaluated by Terraform.
        match placeholder.split_once('.') {
            Some((id, attribute)) if self.kinds.contains_key(id) && is_identifier(attribute) => {
                self.attribute(id, attribute)
            }
            None if self.kinds.contains_key(placeholder)
                || self.parameters.contains_key(placeholder) =>
            {
                self.reference(placeholder)
            }
            _ => format!("$${{{}}}", literal(placeholder)),
        }
    }

    /// A scalar as a template string.
    pub(super) fn template(&mut self, expr: &Expr) -> String {
        match expr {
            Expr::Text(text) => self.text(text),
            Expr::Number(literal) => literal.clone(),
            Expr::Bool(flag) => flag.to_string(),
            Expr::Ref(id) | Expr::Param(id) => self.reference(id),
            Expr::Attr(id, attribute) => self.attribute(id, attribute),
            Expr::Sub(template) => self.sub(template),
            Expr::List(_) | Expr::Map(_) => self.json(expr),
            Expr::JsonString(inner) => self.json(inner),
            Expr::Base64(inner) => self.template(inner),
            Expr::AvailabilityZones => {
                self.needs.insert("aws_availability_zones");
                "${data.aws_availability_zones.current.names}".to_string()
            }
        }
    }

    /// An argument value.
    pub(super) fn value(&mut self, expr: &Expr) -> Value {
        match expr {
            Expr::Text(text) => Value::String(self.text(text)),
            Expr::Number(literal) => number(literal),
            Expr::Bool(flag) => Value::Bool(*flag),
            Expr::List(items) => Value::Array(items.iter().map(|item| self.value(item)).collect()),
            // Terraform reads a JSON object's keys as templates too.
            Expr::Map(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(key, value)| (literal(key), self.value(value)))
                    .collect(),
            ),
            Expr::JsonString(inner) => Value::String(self.json(inner)),
            Expr::Base64(inner) => self.value(inner),
            Expr::Ref(_)
            | Expr::Param(_)
            | Expr::Attr(..)
            | Expr::Sub(_)
            | Expr::AvailabilityZones => Value::String(self.template(expr)),
        }
    }

    /// A document (policy, pattern) as a JSON string with interpolations, which
    /// Terraform reads as a template: what `jsonencode` would give, kept literal
    /// so that the file shows the document.
    pub(super) fn json(&mut self, expr: &Expr) -> String {
        let value = self.json_value(expr);
        serde_json::to_string(&value).unwrap_or_default()
    }

    pub(super) fn json_value(&mut self, expr: &Expr) -> Value {
        match expr {
            Expr::Number(literal) => number(literal),
            Expr::Bool(flag) => Value::Bool(*flag),
            Expr::List(items) => {
                Value::Array(items.iter().map(|item| self.json_value(item)).collect())
            }
            Expr::Map(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(key, value)| (literal(key), self.json_value(value)))
                    .collect(),
            ),
            Expr::JsonString(inner) => Value::String(self.json(inner)),
            other => Value::String(self.template(other)),
        }
    }

    /// A property as a document string: maps and lists are encoded, text kept.
    pub(super) fn document(&mut self, expr: &Expr) -> Value {
        match expr {
            Expr::Map(_) | Expr::List(_) => Value::String(self.json(expr)),
            other => self.value(other),
        }
    }

    /// CloudFormation's `[{Key, Value}]` tags as a Terraform map.
    pub(super) fn tags(&mut self, expr: &Expr) -> Value {
        let mut tags = Map::new();
        for tag in items(Some(expr)) {
            if let (Some(key), Some(value)) = (text_of(field(tag, "Key")), field(tag, "Value")) {
                let value = self.value(value);
                tags.insert(literal(key), value);
            }
        }
        Value::Object(tags)
    }

    /// `"${var.stack_name}-<id>"`, clipped to `max` characters with a hash.
    pub(super) fn generated_name(&mut self, id: &str, max: usize) -> Value {
        self.needs.insert("stack_name");
        let room = max.saturating_sub(STACK_NAME_MAX + 1);
        let part = if id.len() > room {
            let hash = fingerprint(id);
            format!("{}{hash}", &id[..room.saturating_sub(hash.len())])
        } else {
            id.to_string()
        };
        json!(format!("${{var.stack_name}}-{part}"))
    }

    /// A number that CloudFormation takes as a string (`"2"`) as a number.
    pub(super) fn number_value(&mut self, expr: &Expr) -> Value {
        match expr {
            Expr::Text(text) if text.parse::<f64>().is_ok() => number(text),
            other => self.value(other),
        }
    }
}
