//! Plan → CloudFormation template (JSON or YAML).

use crate::plan::{Expr, Plan};
use crate::source::SourceSet;
use serde_json::{Map, Value, json};

/// Template text formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Pretty JSON.
    Json,
    /// YAML with long-form intrinsic functions (`Fn::GetAtt`).
    Yaml,
}

impl Format {
    /// File extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Yaml => "yaml",
        }
    }
}

/// The template as a JSON value.
#[must_use]
pub fn template(plan: &Plan, sources: &SourceSet) -> Value {
    let mut root = Map::new();
    root.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    root.insert("Description".into(), json!(plan.description));
    if !plan.parameters.is_empty() {
        let mut parameters = Map::new();
        for parameter in &plan.parameters {
            let mut body = Map::new();
            body.insert(
                "Type".into(),
                json!(if parameter.number { "Number" } else { "String" }),
            );
            if let Some(default) = &parameter.default {
                body.insert(
                    "Default".into(),
                    if parameter.number {
                        number(default)
                    } else {
                        json!(default)
                    },
                );
            }
            if parameter.secret {
                body.insert("NoEcho".into(), json!(true));
            }
            body.insert(
                "Description".into(),
                json!(format!(
                    "Declared at {}",
                    sources.location(parameter.origin)
                )),
            );
            parameters.insert(parameter.id.clone(), Value::Object(body));
        }
        root.insert("Parameters".into(), Value::Object(parameters));
    }
    let mut resources = Map::new();
    for resource in &plan.resources {
        let mut body = Map::new();
        body.insert("Type".into(), json!(resource.kind.cloudformation_type()));
        if !resource.depends_on.is_empty() {
            body.insert(
                "DependsOn".into(),
                json!(resource.depends_on.iter().collect::<Vec<_>>()),
            );
        }
        if !resource.properties.is_empty() {
            let properties: Map<String, Value> = sorted(
                resource
                    .properties
                    .iter()
                    .map(|(key, value)| (key.clone(), render(value))),
            );
            body.insert("Properties".into(), Value::Object(properties));
        }
        let mut wirec = Map::new();
        wirec.insert(
            "source".into(),
            json!(sources.location(resource.origin).to_string()),
        );
        if !resource.notes.is_empty() {
            wirec.insert("notes".into(), json!(resource.notes));
        }
        body.insert("Metadata".into(), json!({ "wirec": wirec }));
        resources.insert(resource.id.clone(), Value::Object(body));
    }
    root.insert("Resources".into(), Value::Object(resources));
    if !plan.outputs.is_empty() {
        let mut outputs = Map::new();
        for output in &plan.outputs {
            outputs.insert(
                output.id.clone(),
                json!({ "Description": output.description, "Value": render(&output.value) }),
            );
        }
        root.insert("Outputs".into(), Value::Object(outputs));
    }
    Value::Object(root)
}

/// The template as text, ending with a newline.
#[must_use]
pub fn to_text(template: &Value, format: Format) -> String {
    match format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(template).unwrap_or_default();
            text.push('\n');
            text
        }
        Format::Yaml => serde_yaml_ng::to_string(template).unwrap_or_default(),
    }
}

fn sorted(entries: impl Iterator<Item = (String, Value)>) -> Map<String, Value> {
    let mut entries: Vec<(String, Value)> = entries.collect();
    entries.sort_by(|left, right| left.0.cmp(&right.0));
    entries.into_iter().collect()
}

fn number(literal: &str) -> Value {
    if let Ok(integer) = literal.parse::<i64>() {
        return json!(integer);
    }
    match literal.parse::<f64>() {
        Ok(float) => json!(float),
        Err(_) => json!(literal),
    }
}

fn render(expr: &Expr) -> Value {
    match expr {
        Expr::Text(text) => json!(text),
        Expr::Number(literal) => number(literal),
        Expr::Bool(flag) => json!(flag),
        Expr::List(items) => Value::Array(items.iter().map(render).collect()),
        Expr::Map(entries) => Value::Object(sorted(
            entries
                .iter()
                .map(|(key, value)| (key.clone(), render(value))),
        )),
        Expr::Ref(id) | Expr::Param(id) => json!({ "Ref": id }),
        Expr::Attr(id, attribute) => json!({ "Fn::GetAtt": [id, attribute] }),
        Expr::Sub(template) => json!({ "Fn::Sub": template }),
        Expr::JsonString(inner) => json!(serde_json::to_string(&render(inner)).unwrap_or_default()),
    }
}
