//! Plan → CloudFormation template (JSON or YAML).

use super::parameters::{self, number};
use crate::plan::{Expr, Plan};
use crate::source::SourceSet;
use serde_json::{Map, Value, json};
use std::fmt::Write as _;

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
            let location = sources.location(parameter.origin).to_string();
            let body = parameters::declaration(parameter, &location, &parameters::CLOUDFORMATION);
            parameters.insert(parameter.id.clone(), body);
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
                    .map(|(key, value)| (key.to_string(), render(value))),
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
        Format::Yaml => super::yaml::to_yaml(template),
    }
}

fn sorted(entries: impl Iterator<Item = (String, Value)>) -> Map<String, Value> {
    let mut entries: Vec<(String, Value)> = entries.collect();
    entries.sort_by(|left, right| left.0.cmp(&right.0));
    entries.into_iter().collect()
}

/// An expression as CloudFormation writes it (`{"Ref": ..}`, `{"Fn::GetAtt": ..}`,
/// `{"Fn::Sub": ..}`, text), as the template holds it.
#[must_use]
pub fn expression(expr: &Expr) -> Value {
    render(expr)
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
                .map(|(key, value)| (key.to_string(), render(value))),
        )),
        Expr::Ref(id) | Expr::Param(id) => json!({ "Ref": id }),
        Expr::Attr(id, attribute) => json!({ "Fn::GetAtt": [id, attribute] }),
        Expr::Sub(template) => json!({ "Fn::Sub": template }),
        Expr::JsonString(inner) => json!(serde_json::to_string(&render(inner)).unwrap_or_default()),
        Expr::AvailabilityZones => json!({ "Fn::GetAZs": "" }),
        Expr::Base64(inner) => json!({ "Fn::Base64": render(inner) }),
    }
}

/// Renders the template as text in `format`.
///
/// JSON is written directly from the plan, without building a `serde_json::Value`
/// tree first: big wirings emit hundreds of megabytes, and the tree dominated
/// time and memory. The bytes equal `serde_json::to_string_pretty` of
/// [`template`] (a test holds the two together).
#[must_use]
pub fn render_text(plan: &Plan, sources: &SourceSet, format: Format) -> String {
    match format {
        Format::Json => {
            // Reserving generously is cheap: pages never written are never touched.
            let mut writer = JsonWriter {
                out: String::with_capacity(
                    plan.resources.len() * 2048 + plan.outputs.len() * 256 + 4096,
                ),
                depth: 0,
                scratch: String::new(),
            };
            writer.template(plan, sources);
            writer.out.push('\n');
            writer.out
        }
        Format::Yaml => to_text(&template(plan, sources), Format::Yaml),
    }
}

/// A pretty JSON writer with serde_json's layout (two-space indent).
struct JsonWriter {
    out: String,
    depth: usize,
    /// A reusable buffer for small pieces of text (source locations).
    scratch: String,
}

impl JsonWriter {
    fn newline(&mut self) {
        // Sixty-four levels of two-space indent; templates never nest deeper than a dozen.
        const INDENT: &str = "                                                                                                                                ";
        self.out.push('\n');
        let width = (self.depth * 2).min(INDENT.len());
        self.out.push_str(&INDENT[..width]);
        for _ in INDENT.len() / 2..self.depth {
            self.out.push_str("  ");
        }
    }

    fn string(&mut self, text: &str) {
        self.out.push('"');
        // Nearly every string needs no escape; check that in one tight pass first.
        if !text
            .bytes()
            .any(|byte| byte < 0x20 || byte == b'"' || byte == b'\\')
        {
            self.out.push_str(text);
            self.out.push('"');
            return;
        }
        let bytes = text.as_bytes();
        let mut start = 0;
        for (index, byte) in bytes.iter().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..0x20 => "",
                _ => continue,
            };
            self.out.push_str(&text[start..index]);
            if escape.is_empty() {
                let _ = write!(self.out, "\\u{byte:04x}");
            } else {
                self.out.push_str(escape);
            }
            start = index + 1;
        }
        self.out.push_str(&text[start..]);
        self.out.push('"');
    }

    /// Writes `{ ... }` with `entries` called once per key, in the given order.
    fn object<'a, T: 'a>(
        &mut self,
        entries: impl IntoIterator<Item = (&'a str, T)>,
        mut value: impl FnMut(&mut Self, T),
    ) {
        let mut first = true;
        self.out.push('{');
        self.depth += 1;
        for (key, item) in entries {
            if !first {
                self.out.push(',');
            }
            first = false;
            self.newline();
            self.string(key);
            self.out.push_str(": ");
            value(self, item);
        }
        self.depth -= 1;
        if !first {
            self.newline();
        }
        self.out.push('}');
    }

    fn array<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut value: impl FnMut(&mut Self, T),
    ) {
        let mut first = true;
        self.out.push('[');
        self.depth += 1;
        for item in items {
            if !first {
                self.out.push(',');
            }
            first = false;
            self.newline();
            value(self, item);
        }
        self.depth -= 1;
        if !first {
            self.newline();
        }
        self.out.push(']');
    }

    fn number(&mut self, literal: &str) {
        match number(literal) {
            Value::Number(number) => {
                let _ = write!(self.out, "{number}");
            }
            other => self.value(&other),
        }
    }

    fn value(&mut self, value: &Value) {
        self.out
            .push_str(&serde_json::to_string(value).unwrap_or_default());
    }

    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Text(text) => self.string(text),
            Expr::Number(literal) => self.number(literal),
            Expr::Bool(flag) => self.out.push_str(if *flag { "true" } else { "false" }),
            Expr::List(items) => self.array(items, Self::expr),
            // The plan's maps are sorted already (see `plan`).
            Expr::Map(entries) => self.object(entries.iter(), Self::expr),
            Expr::Ref(id) | Expr::Param(id) => {
                self.object([("Ref", id.as_str())], JsonWriter::string);
            }
            Expr::Attr(id, attribute) => {
                self.object(
                    [("Fn::GetAtt", (id.as_str(), *attribute))],
                    |writer, (id, attribute)| {
                        writer.array([id, attribute], JsonWriter::string);
                    },
                );
            }
            Expr::Sub(template) => {
                self.object([("Fn::Sub", template.as_str())], |writer, template| {
                    writer.string(template);
                });
            }
            Expr::JsonString(inner) => {
                let text = serde_json::to_string(&render(inner)).unwrap_or_default();
                self.string(&text);
            }
            Expr::AvailabilityZones => {
                self.object([("Fn::GetAZs", "")], |writer, region| {
                    writer.string(region);
                });
            }
            Expr::Base64(inner) => {
                self.object([("Fn::Base64", inner.as_ref())], Self::expr);
            }
        }
    }

    fn template(&mut self, plan: &Plan, sources: &SourceSet) {
        enum Section<'p> {
            Text(&'p str),
            Parameters,
            Resources,
            Outputs,
        }
        let mut sections = vec![
            ("AWSTemplateFormatVersion", Section::Text("2010-09-09")),
            ("Description", Section::Text(&plan.description)),
        ];
        if !plan.parameters.is_empty() {
            sections.push(("Parameters", Section::Parameters));
        }
        sections.push(("Resources", Section::Resources));
        if !plan.outputs.is_empty() {
            sections.push(("Outputs", Section::Outputs));
        }
        self.object(sections, |writer, section| match section {
            Section::Text(text) => writer.string(text),
            Section::Parameters => writer.object(
                plan.parameters
                    .iter()
                    .map(|parameter| (parameter.id.as_str(), parameter)),
                |writer, parameter| {
                    let description = format!("Declared at {}", sources.location(parameter.origin));
                    let mut fields: Vec<(&str, Option<&str>)> = vec![(
                        "Type",
                        Some(if parameter.number { "Number" } else { "String" }),
                    )];
                    if let Some(default) = &parameter.default {
                        fields.push(("Default", Some(default.as_str())));
                    }
                    if parameter.secret {
                        fields.push(("NoEcho", None));
                    }
                    fields.push(("Description", Some(description.as_str())));
                    writer.object(fields, |writer, field| match field {
                        Some(text)
                            if parameter.number && parameter.default.as_deref() == Some(text) =>
                        {
                            writer.number(text);
                        }
                        Some(text) => writer.string(text),
                        None => writer.out.push_str("true"),
                    });
                },
            ),
            Section::Resources => writer.object(
                plan.resources
                    .iter()
                    .map(|resource| (resource.id.as_str(), resource)),
                |writer, resource| {
                    enum Field {
                        Type,
                        DependsOn,
                        Properties,
                        Metadata,
                    }
                    let mut fields = vec![("Type", Field::Type)];
                    if !resource.depends_on.is_empty() {
                        fields.push(("DependsOn", Field::DependsOn));
                    }
                    if !resource.properties.is_empty() {
                        fields.push(("Properties", Field::Properties));
                    }
                    fields.push(("Metadata", Field::Metadata));
                    writer.object(fields, |writer, field| match field {
                        Field::Type => writer.string(resource.kind.cloudformation_type()),
                        Field::DependsOn => {
                            writer.array(&resource.depends_on, |writer, id| writer.string(id));
                        }
                        Field::Properties => writer.object(resource.properties.iter(), Self::expr),
                        Field::Metadata => writer.object([("wirec", ())], |writer, ()| {
                            // One reused buffer: a location per resource adds up on big wirings.
                            let mut location = std::mem::take(&mut writer.scratch);
                            location.clear();
                            sources.write_location(resource.origin, &mut location);
                            if resource.notes.is_empty() {
                                writer.object(
                                    [("source", location.as_str())],
                                    |writer, location| {
                                        writer.string(location);
                                    },
                                );
                            } else {
                                writer.object(
                                    [("source", None), ("notes", Some(&resource.notes))],
                                    |writer, notes| match notes {
                                        None => writer.string(&location),
                                        Some(notes) => {
                                            writer.array(notes, |writer, note| writer.string(note));
                                        }
                                    },
                                );
                            }
                            writer.scratch = location;
                        }),
                    });
                },
            ),
            Section::Outputs => writer.object(
                plan.outputs
                    .iter()
                    .map(|output| (output.id.as_str(), output)),
                |writer, output| {
                    writer.object(
                        [("Description", None), ("Value", Some(&output.value))],
                        |writer, value| match value {
                            None => writer.string(&output.description),
                            Some(value) => writer.expr(value),
                        },
                    );
                },
            ),
        });
    }
}

/// CloudFormation's template quotas, as data with their source.
pub mod quotas {
    /// Resources in one template.
    pub const RESOURCES: usize = 500;
    /// Parameters in one template.
    pub const PARAMETERS: usize = 200;
    /// Outputs in one template.
    pub const OUTPUTS: usize = 200;
    /// Bytes of a template passed inline (`--template-body`).
    pub const INLINE_BYTES: usize = 51_200;
    /// Bytes of a template read from S3 (`--template-url`).
    pub const S3_BYTES: usize = 1_000_000;
    /// Where the numbers come from.
    pub const SOURCE: &str = "AWS CloudFormation User Guide, CloudFormation quotas (read 2026-11)";
}

/// Templates CloudFormation would refuse (E802), and templates too big to pass
/// inline (W803), for a plan rendered into `bytes` bytes.
#[must_use]
pub fn quota_diagnostics(
    plan: &Plan,
    bytes: usize,
    catalogue: &crate::catalogue::Catalogue,
) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::catalogue::codes;
    let mut diagnostics = Vec::new();
    // About the whole template, not one line of the wiring.
    let origin = crate::source::Span::none();
    for (what, count, max) in [
        ("resources", plan.resources.len(), quotas::RESOURCES),
        ("parameters", plan.parameters.len(), quotas::PARAMETERS),
        ("outputs", plan.outputs.len(), quotas::OUTPUTS),
        ("bytes", bytes, quotas::S3_BYTES),
    ] {
        if count > max {
            diagnostics.push(
                catalogue
                    .report(
                        codes::TEMPLATE_QUOTA,
                        origin,
                        &[
                            ("what", what),
                            ("count", &count.to_string()),
                            ("max", &max.to_string()),
                        ],
                    )
                    .with_note(format!("source: {}", quotas::SOURCE)),
            );
        }
    }
    if diagnostics.is_empty() && bytes > quotas::INLINE_BYTES {
        diagnostics.push(
            catalogue
                .report(
                    codes::TEMPLATE_NEEDS_S3,
                    origin,
                    &[
                        ("count", &bytes.to_string()),
                        ("max", &quotas::INLINE_BYTES.to_string()),
                    ],
                )
                .with_note(format!("source: {}", quotas::SOURCE)),
        );
    }
    diagnostics
}
