//! Plan → Terraform JSON (`*.tf.json`) for the AWS provider.
//!
//! One plan, two renderings: the glue (grants, merged policies, ordering) is
//! decided once in `plan`; this module only says it in Terraform's words.
//! Each plan [`Kind`] is one primary resource type. What CloudFormation keeps
//! inside a resource and Terraform keeps in resources of their own (a bucket's
//! notifications, versioning and public access block, a repository's triggers,
//! a rule's targets, a role's policies) becomes extra resources named after the
//! primary one. References keep CloudFormation's meaning (`Ref` of a queue is
//! its URL, `GetAtt` of a log group's `Arn` ends in `:*`), so the values are the
//! ones the CloudFormation backend deploys. `docs/backends.md` has the mapping.
//!
//! **Boundary:** the output is committed, so it is deterministic: sections in a
//! fixed order, every object sorted by key, a `"//"` comment with the source
//! location on every resource, nothing that depends on the machine.

use crate::plan::{Expr, Fields, Kind, Plan, Resource, logical_id};
use crate::source::{SourceSet, Span};
use rustc_hash::FxHashMap as HashMap;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The AWS provider versions the schema was checked against.
pub const AWS_PROVIDER_VERSION: &str = "~> 6.25";

/// Longest `stack_name` that keeps every generated name within AWS limits.
const STACK_NAME_MAX: usize = 20;

/// What the rendering needs besides the plan.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Default of `var.stack_name`, which stands in for CloudFormation's stack
    /// name (usually the root file's stem).
    pub stack: String,
    /// The wiring's `region`, written into the provider block.
    pub region: Option<String>,
    /// Resources declared `= existing "arn"`.
    pub existing: Vec<Existing>,
}

/// A resource declared `= existing "arn"`.
#[derive(Debug, Clone)]
pub struct Existing {
    /// Service keyword (`sns`, `sqs`, ...).
    pub service: String,
    /// The name in the wiring.
    pub name: String,
    /// The ARN as written.
    pub arn: String,
    /// Where it was declared.
    pub origin: Span,
}

/// Whether the Terraform backend writes a kind inside another resource (a
/// Flink application's logging option) rather than as a resource of its own.
#[must_use]
pub fn merged_into_owner(kind: Kind) -> bool {
    kind.spec().merged_into_owner
}

/// The Terraform resource type of a plan kind.
#[must_use]
pub fn resource_type(kind: Kind) -> &'static str {
    kind.terraform_type()
}

/// The attribute that gives what CloudFormation's `Ref` gives for a kind.
fn ref_attribute(kind: Kind) -> &'static str {
    &kind.spec().reference
}

/// `UploadsBucket` → `uploads_bucket`: an underscore before every capital but
/// the first. Logical ids have no underscores, so distinct ids stay distinct.
#[must_use]
pub fn name(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 8);
    for (index, character) in id.chars().enumerate() {
        if character.is_ascii_uppercase() {
            if index > 0 {
                out.push('_');
            }
            out.push(character.to_ascii_lowercase());
        } else if character.is_ascii_alphanumeric() {
            out.push(character);
        } else {
            out.push('_');
        }
    }
    if !out.starts_with(|character: char| character.is_ascii_lowercase()) {
        out.insert(0, 'r');
    }
    out
}

/// `type.name` of the primary Terraform resource of a plan resource.
#[must_use]
pub fn address(kind: Kind, id: &str) -> String {
    format!("{}.{}", resource_type(kind), name(id))
}

/// Whether `text` is a plain name (letters, digits, `_`), safe inside an expression.
fn is_identifier(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
}

/// Text as a quoted string literal inside a Terraform expression (`"…"` within
/// `${…}`), where a quote or backslash would end or change the string and `${`
/// or `%{` would start a template of its own.
fn quoted(text: &str) -> String {
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
fn literal(text: &str) -> String {
    if !text.contains("${") && !text.contains("%{") {
        return text.to_string();
    }
    text.replace("${", "$${").replace("%{", "%%{")
}

/// Literal text before an interpolation; a trailing `$` would read as `$${`.
fn push_literal(out: &mut String, text: &str) {
    let text = literal(text);
    match text.strip_suffix('$') {
        Some(head) => {
            out.push_str(head);
            out.push_str("${\"$\"}");
        }
        None => out.push_str(&text),
    }
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

/// Every object's keys sorted (arrays keep their order).
fn sorted(value: Value) -> Value {
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

/// A short stable hash (FNV-1a), for clipping long generated names.
fn fingerprint(text: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in text.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{hash:08x}")
}

/// The properties of one plan resource, with the keys read so far.
struct Props<'p> {
    fields: &'p Fields,
    read: Vec<&'p str>,
}

impl<'p> Props<'p> {
    fn new(fields: &'p Fields) -> Props<'p> {
        Props {
            fields,
            read: Vec::new(),
        }
    }

    fn get(&mut self, key: &'p str) -> Option<&'p Expr> {
        self.read.push(key);
        self.fields.get(key)
    }

    /// Keys nobody read: properties this backend does not render.
    fn unread(&self) -> Vec<&'p str> {
        self.fields
            .iter()
            .map(|(key, _)| key)
            .filter(|key| !self.read.contains(key))
            .collect()
    }
}

/// A map expression's field.
fn field<'e>(expr: &'e Expr, key: &str) -> Option<&'e Expr> {
    match expr {
        Expr::Map(fields) => fields.get(key),
        _ => None,
    }
}

fn items(expr: Option<&Expr>) -> &[Expr] {
    match expr {
        Some(Expr::List(items)) => items,
        _ => &[],
    }
}

fn text_of(expr: Option<&Expr>) -> Option<&str> {
    match expr {
        Some(Expr::Text(text)) => Some(text),
        _ => None,
    }
}

/// One Terraform resource before its ordering is final.
struct Block {
    body: Map<String, Value>,
    /// The plan's dependencies (logical ids).
    after_ids: BTreeSet<String>,
    /// The Terraform addresses to wait for, once resolved (`depends_on`).
    after: BTreeSet<String>,
    comment: String,
}

/// How the configuration refers to an existing resource.
struct Lookup {
    data_type: &'static str,
    name: String,
    body: Map<String, Value>,
    used: bool,
    /// The locals that stand for it: local name → the value they fall back to.
    locals: BTreeMap<String, (String, &'static str)>,
}

struct Renderer<'a> {
    plan: &'a Plan,
    sources: &'a SourceSet,
    context: &'a Context,
    kinds: HashMap<&'a str, Kind>,
    parameters: HashMap<&'a str, String>,
    /// Existing ARNs (and queue URLs) → the data source attribute that stands for them.
    existing: HashMap<String, (usize, &'static str)>,
    lookups: Vec<Lookup>,
    resources: BTreeMap<(&'static str, String), Block>,
    data: BTreeMap<(&'static str, String), Map<String, Value>>,
    /// Role name → the addresses of its policy resources.
    role_policies: HashMap<String, Vec<String>>,
    /// What the Flink application being rendered waits for, from its logging option.
    flink_waits: BTreeSet<String>,
    /// What the configuration turned out to need: `aws_partition`,
    /// `aws_region`, `aws_caller_identity`, `stack_name`, `archive`.
    needs: BTreeSet<&'static str>,
}

/// The Terraform configuration as a JSON value.
#[must_use]
pub fn configuration(plan: &Plan, sources: &SourceSet, context: &Context) -> Value {
    let mut renderer = Renderer {
        plan,
        sources,
        context,
        kinds: plan
            .resources
            .iter()
            .map(|resource| (resource.id.as_str(), resource.kind))
            .collect(),
        parameters: plan
            .parameters
            .iter()
            .map(|parameter| (parameter.id.as_str(), name(&parameter.id)))
            .collect(),
        existing: HashMap::default(),
        lookups: Vec::new(),
        resources: BTreeMap::new(),
        data: BTreeMap::new(),
        role_policies: HashMap::default(),
        needs: BTreeSet::new(),
        flink_waits: BTreeSet::new(),
    };
    renderer.lookups();
    for resource in &plan.resources {
        renderer.resource(resource);
    }
    renderer.finish()
}

/// The configuration as text, ending with a newline.
#[must_use]
pub fn render_text(plan: &Plan, sources: &SourceSet, context: &Context) -> String {
    let mut text =
        serde_json::to_string_pretty(&configuration(plan, sources, context)).unwrap_or_default();
    text.push('\n');
    text
}

/// The data source that looks an existing resource up, by service.
fn lookup_type(service: &str) -> Option<(&'static str, &'static str)> {
    Some(match service {
        "sns" => ("aws_sns_topic", "name"),
        "sqs" => ("aws_sqs_queue", "name"),
        "lambda" => ("aws_lambda_function", "function_name"),
        "kinesis" => ("aws_kinesis_stream", "name"),
        "firehose" => ("aws_kinesis_firehose_delivery_stream", "name"),
        "stepfunctions" => ("aws_sfn_state_machine", "name"),
        "dynamodb" => ("aws_dynamodb_table", "name"),
        "codecommit" => ("aws_codecommit_repository", "repository_name"),
        _ => return None,
    })
}

impl Renderer<'_> {
    fn location(&self, span: Span) -> String {
        self.sources.location(span).to_string()
    }

    /// Data sources for existing resources whose ARN names a Region: looked up
    /// there, so a wrong ARN fails at plan time rather than half-way through apply.
    fn lookups(&mut self) {
        for existing in &self.context.existing {
            let Some((data_type, key)) = lookup_type(&existing.service) else {
                continue;
            };
            let parts: Vec<&str> = existing.arn.splitn(6, ':').collect();
            let [_, _, _, region, account, resource] = parts.as_slice() else {
                continue;
            };
            // A qualified or nested ARN (an alias, a stream of a table) is not what a
            // lookup by name returns; keep it literal.
            if region.is_empty() || account.is_empty() || resource.split([':', '/']).count() > 2 {
                continue;
            }
            let lookup_name = resource
                .split([':', '/'])
                .nth(1)
                .unwrap_or(resource)
                .to_string();
            let mut body = Map::new();
            // Looked up only from the account that owns it: from another
            // account, the ARN is used as written (`text` falls back to it).
            self.needs.insert("aws_caller_identity");
            body.insert(
                "count".into(),
                json!(format!(
                    "${{data.aws_caller_identity.current.account_id == {} ? 1 : 0}}",
                    quoted(account)
                )),
            );
            body.insert(key.into(), json!(literal(&lookup_name)));
            body.insert("region".into(), json!(literal(region)));
            body.insert(
                "lifecycle".into(),
                json!({
                    "postcondition": [{
                        "condition": format!("${{self.arn == {}}}", quoted(&existing.arn)),
                        "error_message": format!(
                            "The existing {} `{}` must be {}.",
                            existing.service, existing.name, literal(&existing.arn)
                        ),
                    }]
                }),
            );
            body.insert(
                "//".into(),
                json!(format!(
                    "from {}; existing: looked up so that a wrong ARN fails at plan time",
                    self.location(existing.origin)
                )),
            );
            let index = self.lookups.len();
            self.existing.insert(existing.arn.clone(), (index, "arn"));
            if existing.service == "sqs" {
                self.existing.insert(
                    format!("https://sqs.{region}.amazonaws.com/{account}/{lookup_name}"),
                    (index, "url"),
                );
            }
            self.lookups.push(Lookup {
                data_type,
                name: name(&logical_id(&existing.name, "")),
                body,
                used: false,
                locals: BTreeMap::new(),
            });
        }
    }

    // ---- expressions

    fn text(&mut self, text: &str) -> String {
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
    fn reference(&mut self, id: &str) -> String {
        if let Some(variable) = self.parameters.get(id) {
            return format!("${{var.{variable}}}");
        }
        match self.kinds.get(id) {
            Some(&kind) => format!("${{{}.{}}}", address(kind, id), ref_attribute(kind)),
            None => format!("${{{id}}}"),
        }
    }

    /// The template for CloudFormation's `GetAtt id.attribute`.
    fn attribute(&mut self, id: &str, attribute: &str) -> String {
        let Some(&kind) = self.kinds.get(id) else {
            return format!("${{{id}.{attribute}}}");
        };
        let target = address(kind, id);
        match attribute {
            // CloudFormation's log group `Arn` ends in `:*`; Terraform's does not.
            "Arn" if kind == Kind::LogGroup => format!("${{{target}.arn}}:*"),
            "Arn" => format!("${{{target}.arn}}"),
            "StreamArn" => format!("${{{target}.stream_arn}}"),
            "QueueName" | "TopicName" | "Name" => format!("${{{target}.name}}"),
            "QueueUrl" => format!("${{{target}.url}}"),
            other => format!("${{{target}.{}}}", name(other)),
        }
    }

    /// A `Fn::Sub` template as a Terraform template.
    fn sub(&mut self, template: &str) -> String {
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

    fn placeholder(&mut self, placeholder: &str) -> String {
        match placeholder {
            "AWS::Partition" => {
                self.needs.insert("aws_partition");
                "${data.aws_partition.current.partition}".to_string()
            }
            "AWS::URLSuffix" => {
                self.needs.insert("aws_partition");
                "${data.aws_partition.current.dns_suffix}".to_string()
            }
            "AWS::Region" => {
                self.needs.insert("aws_region");
                "${data.aws_region.current.region}".to_string()
            }
            "AWS::AccountId" => {
                self.needs.insert("aws_caller_identity");
                "${data.aws_caller_identity.current.account_id}".to_string()
            }
            "AWS::StackName" => {
                self.needs.insert("stack_name");
                "${var.stack_name}".to_string()
            }
            // Only a reference to something the plan holds becomes an expression:
            // any other text between `${` and `}` (which the plan never writes)
            // stays literal, so user text can never be evaluated by Terraform.
            other => match other.split_once('.') {
                Some((id, attribute))
                    if self.kinds.contains_key(id) && is_identifier(attribute) =>
                {
                    self.attribute(id, attribute)
                }
                None if self.kinds.contains_key(other) || self.parameters.contains_key(other) => {
                    self.reference(other)
                }
                _ => format!("$${{{}}}", literal(other)),
            },
        }
    }

    /// A scalar as a template string.
    fn template(&mut self, expr: &Expr) -> String {
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
    fn value(&mut self, expr: &Expr) -> Value {
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
    fn json(&mut self, expr: &Expr) -> String {
        let value = self.json_value(expr);
        serde_json::to_string(&value).unwrap_or_default()
    }

    fn json_value(&mut self, expr: &Expr) -> Value {
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
    fn document(&mut self, expr: &Expr) -> Value {
        match expr {
            Expr::Map(_) | Expr::List(_) => Value::String(self.json(expr)),
            other => self.value(other),
        }
    }

    /// CloudFormation's `[{Key, Value}]` tags as a Terraform map.
    fn tags(&mut self, expr: &Expr) -> Value {
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
    fn generated_name(&mut self, id: &str, max: usize) -> Value {
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

    // ---- resources

    fn add(
        &mut self,
        resource_type: &'static str,
        name: String,
        body: Map<String, Value>,
        comment: String,
    ) -> &mut Block {
        let key = (resource_type, name);
        self.resources.entry(key).or_insert(Block {
            body,
            after_ids: BTreeSet::new(),
            after: BTreeSet::new(),
            comment,
        })
    }

    /// A name for a resource split off another, unique within its type.
    fn split_name(&self, resource_type: &'static str, base: String) -> String {
        if !self.resources.contains_key(&(resource_type, base.clone())) {
            return base;
        }
        (2..u32::MAX)
            .map(|number| format!("{base}_{number}"))
            .find(|candidate| {
                !self
                    .resources
                    .contains_key(&(resource_type, candidate.clone()))
            })
            .unwrap_or(base)
    }

    fn comment(&self, resource: &Resource, extra: &[&str]) -> String {
        let mut comment = format!("from {}", self.location(resource.origin));
        for note in resource
            .notes
            .iter()
            .map(String::as_str)
            .chain(extra.iter().copied())
        {
            comment.push_str("; ");
            comment.push_str(note);
        }
        comment
    }

    /// Writes what the kind's spec renames: a generated name, each property
    /// that is set as the argument of the same meaning, documents as JSON
    /// strings and objects as nested blocks.
    fn spec_arguments(
        &mut self,
        resource: &Resource,
        props: &mut Props<'_>,
        body: &mut Map<String, Value>,
    ) {
        let spec = resource.kind.spec();
        if let Some(generated) = &spec.generated_name {
            let name = self.generated_name(&resource.id, generated.max);
            body.insert(generated.argument.clone(), name);
        }
        for (key, argument) in &spec.renames {
            let value = props.get(key);
            self.set(body, argument, value);
        }
        for (key, argument) in &spec.documents {
            if let Some(document) = props.get(key) {
                let document = self.document(document);
                body.insert(argument.clone(), document);
            }
        }
        for (key, block) in &spec.blocks {
            let source = props.get(key);
            let fields: Vec<(&str, &str)> = block
                .renames
                .iter()
                .map(|(key, argument)| (key.as_str(), argument.as_str()))
                .collect();
            if block.repeated {
                self.blocks(body, &block.argument, source, &fields);
            } else {
                self.block(body, &block.argument, source, &fields);
            }
        }
        for key in &spec.ignored {
            let _ = props.get(key);
        }
    }

    fn set(&mut self, body: &mut Map<String, Value>, key: &str, expr: Option<&Expr>) {
        if let Some(expr) = expr {
            let value = self.value(expr);
            body.insert(key.to_string(), value);
        }
    }

    fn resource(&mut self, resource: &Resource) {
        // Terraform keeps it in its owner (a Flink logging option: see `flink`).
        if merged_into_owner(resource.kind) {
            return;
        }
        let mut props = Props::new(&resource.properties);
        // The declaration's `cloudformation` block is for CloudFormation only.
        for key in &resource.raw_cloudformation {
            let _ = props.get(key);
        }
        let mut body = Map::new();
        let own = name(&resource.id);
        let mut extra: Vec<&str> = Vec::new();
        if let Some(tags) = props.get("Tags") {
            // Most types take `[{Key, Value}]`; a parameter takes a map already.
            let tags = if resource.kind == Kind::Parameter {
                self.value(tags)
            } else {
                self.tags(tags)
            };
            body.insert("tags".into(), tags);
        }
        self.spec_arguments(resource, &mut props, &mut body);
        match resource.kind {
            Kind::Bucket => self.bucket(resource, &mut props, &own),
            Kind::HostedZone => self.zone(resource, &mut props, &mut body, &own),
            Kind::Pipeline => self.pipeline(&mut props, &mut body),
            Kind::ApiStage => self.stage(resource, &mut props, &mut body, &own),
            Kind::LoadBalancer => {
                if let Some(Expr::Text(scheme)) = props.get("Scheme") {
                    body.insert("internal".into(), json!(scheme == "internal"));
                }
                for attribute in items(props.get("LoadBalancerAttributes")) {
                    if text_of(field(attribute, "Key")) == Some("idle_timeout.timeout_seconds")
                        && let Some(value) = field(attribute, "Value")
                    {
                        let seconds = self.number_value(value);
                        body.insert("idle_timeout".into(), seconds);
                    }
                }
            }
            Kind::ConfigDeliveryChannel => {
                // CloudFormation starts the recorder once its channel exists;
                // Terraform has a resource for that.
                if let Some(Expr::Ref(recorder)) = resource
                    .depends_on
                    .iter()
                    .next()
                    .map(|recorder| Expr::Ref(recorder.clone()))
                {
                    let mut status = Map::new();
                    status.insert(
                        "name".into(),
                        json!(format!(
                            "${{aws_config_configuration_recorder.{}.name}}",
                            name(&recorder)
                        )),
                    );
                    status.insert("is_enabled".into(), json!(true));
                    let comment = self.comment(resource, &[]);
                    let block = self.add(
                        "aws_config_configuration_recorder_status",
                        own.clone(),
                        status,
                        comment,
                    );
                    block.after_ids.insert(resource.id.clone());
                }
            }
            Kind::DeliveryDestination => {
                let mut block = Map::new();
                let destination = props.get("DestinationResourceArn");
                self.set(&mut block, "destination_resource_arn", destination);
                body.insert(
                    "delivery_destination_configuration".into(),
                    Value::Array(vec![Value::Object(block)]),
                );
            }
            Kind::FlinkApplication => self.flink(resource, &mut props, &mut body),
            Kind::QueuePolicy | Kind::TopicPolicy => {
                let (list, argument) = if resource.kind == Kind::QueuePolicy {
                    ("Queues", "queue_url")
                } else {
                    ("Topics", "arn")
                };
                let target = items(props.get(list)).first();
                self.set(&mut body, argument, target);
            }
            Kind::Subscription => {
                if matches!(text_of(props.get("Protocol")), Some("email" | "email-json")) {
                    extra.push(
                        "Terraform cannot delete an email subscription that was never confirmed: it only forgets it",
                    );
                }
            }
            Kind::Function => self.function(&mut props, &mut body, &own),
            Kind::Permission => {
                body.insert("statement_id".into(), json!(resource.id));
            }
            Kind::Role => self.role(resource, &mut props, &own),
            Kind::Table => self.table(&mut props, &mut body),
            Kind::Stream => {
                if let Some(mode) = props.get("StreamModeDetails") {
                    let mode = self.value(field(mode, "StreamMode").unwrap_or(mode));
                    body.insert(
                        "stream_mode_details".into(),
                        json!([{ "stream_mode": mode }]),
                    );
                }
                if let Some(encryption) = props.get("StreamEncryption") {
                    self.set(
                        &mut body,
                        "encryption_type",
                        field(encryption, "EncryptionType"),
                    );
                    self.set(&mut body, "kms_key_id", field(encryption, "KeyId"));
                }
            }
            Kind::DeliveryStream => self.delivery_stream(resource, &mut props, &mut body),
            Kind::Repository => self.repository(resource, &mut props, &own),
            Kind::NotificationRule => {
                let mut targets = Vec::new();
                for target in items(props.get("Targets")) {
                    let mut block = Map::new();
                    self.set(&mut block, "type", field(target, "TargetType"));
                    self.set(&mut block, "address", field(target, "TargetAddress"));
                    targets.push(Value::Object(block));
                }
                body.insert("target".into(), Value::Array(targets));
            }
            Kind::DeploymentGroup => self.deployment_group(&mut props, &mut body),
            Kind::Alarm => self.alarm(&mut props, &mut body),
            Kind::Rule => self.rule(resource, &mut props, &own),
            Kind::Project => self.project(resource, &mut props, &mut body, &own),
            Kind::StateMachine => {
                if let Some(logging) = props.get("LoggingConfiguration") {
                    let mut block = Map::new();
                    let destination = items(field(logging, "Destinations"))
                        .first()
                        .and_then(|destination| field(destination, "CloudWatchLogsLogGroup"))
                        .and_then(|group| field(group, "LogGroupArn"));
                    self.set(&mut block, "log_destination", destination);
                    self.set(&mut block, "level", field(logging, "Level"));
                    let data = field(logging, "IncludeExecutionData");
                    self.set(&mut block, "include_execution_data", data);
                    body.insert(
                        "logging_configuration".into(),
                        Value::Array(vec![Value::Object(block)]),
                    );
                }
            }
            Kind::AutoScalingGroup => self.group(resource, &mut props, &mut body, &own),
            Kind::ScalingPolicy => {
                if let Some(cooldown) = props.get("Cooldown") {
                    body.insert("cooldown".into(), self.number_value(cooldown));
                }
            }
            Kind::BeanstalkEnvironment => {
                if let Some(tier) = props.get("Tier") {
                    self.set(&mut body, "tier", field(tier, "Name"));
                }
            }
            Kind::Instance => {
                // CloudFormation's `{{resolve:ssm:P}}` is EC2's own `resolve:ssm:P`.
                if let Some(image) = props.get("ImageId") {
                    let image = match text_of(Some(image)) {
                        Some(reference) if reference.starts_with("{{resolve:ssm:") => {
                            json!(reference.trim_start_matches("{{").trim_end_matches("}}"))
                        }
                        _ => self.value(image),
                    };
                    body.insert("ami".into(), image);
                }
            }
            Kind::ManagedPolicy => {
                // Terraform attaches a policy to a role with a resource of its own.
                for role in items(props.get("Roles")) {
                    let mut attachment = Map::new();
                    let role = self.value(role);
                    attachment.insert("role".into(), role);
                    attachment.insert(
                        "policy_arn".into(),
                        json!(format!("${{aws_iam_policy.{own}.arn}}")),
                    );
                    let split_name = self.split_name("aws_iam_role_policy_attachment", own.clone());
                    let comment = self.comment(resource, &[]);
                    self.add(
                        "aws_iam_role_policy_attachment",
                        split_name,
                        attachment,
                        comment,
                    );
                }
            }
            Kind::InstanceProfile => {
                // Terraform's profile holds one role, as every profile here does.
                let role = items(props.get("Roles")).first();
                self.set(&mut body, "role", role);
            }
            Kind::Remediation => {
                // One `parameter` block per runbook parameter, in name order.
                let mut blocks = Vec::new();
                if let Some(Expr::Map(parameters)) = props.get("Parameters") {
                    for (parameter, value) in parameters.iter() {
                        let mut block = Map::new();
                        block.insert("name".into(), json!(parameter));
                        if let Some(resource_value) =
                            field(value, "ResourceValue").and_then(|value| field(value, "Value"))
                        {
                            self.set(&mut block, "resource_value", Some(resource_value));
                        }
                        let statics = items(
                            field(value, "StaticValue").and_then(|value| field(value, "Values")),
                        );
                        match statics {
                            [] => {}
                            [one] => self.set(&mut block, "static_value", Some(one)),
                            many => {
                                let many = many.iter().map(|item| self.value(item)).collect();
                                block.insert("static_values".into(), Value::Array(many));
                            }
                        }
                        blocks.push(Value::Object(block));
                    }
                }
                body.insert("parameter".into(), Value::Array(blocks));
            }
            // The spec says all there is to say.
            _ => {}
        }
        // The declaration's `terraform` block, over what wirec wrote.
        for (key, value) in resource.raw_terraform.iter() {
            let value = self.value(value);
            body.insert(key.to_string(), value);
        }
        let unread = props.unread();
        let missing = if unread.is_empty() {
            String::new()
        } else {
            format!("not rendered for Terraform: {}", unread.join(", "))
        };
        if !missing.is_empty() {
            extra.push(&missing);
        }
        let comment = self.comment(resource, &extra);
        let waits = std::mem::take(&mut self.flink_waits);
        let block = self.add(resource_type(resource.kind), own, body, comment);
        // Whatever waited for a bucket waited for its notification configuration,
        // and whatever waited for a repository waited for its triggers: those
        // dependencies moved to the split-off resources (see `bucket`, `repository`).
        if !matches!(resource.kind, Kind::Bucket | Kind::Repository) {
            block.after_ids.extend(resource.depends_on.iter().cloned());
        }
        block.after_ids.extend(waits);
    }

    fn bucket(&mut self, resource: &Resource, props: &mut Props<'_>, own: &str) {
        let bucket = json!(format!("${{aws_s3_bucket.{own}.id}}"));
        if let Some(versioning) = props.get("VersioningConfiguration") {
            let status = self.value(field(versioning, "Status").unwrap_or(versioning));
            let mut split = Map::new();
            split.insert("bucket".into(), bucket.clone());
            split.insert(
                "versioning_configuration".into(),
                json!([{ "status": status }]),
            );
            let comment = self.comment(resource, &[]);
            self.add("aws_s3_bucket_versioning", own.to_string(), split, comment);
        }
        if let Some(block) = props.get("PublicAccessBlockConfiguration") {
            let mut split = Map::new();
            split.insert("bucket".into(), bucket.clone());
            for (key, argument) in [
                ("BlockPublicAcls", "block_public_acls"),
                ("BlockPublicPolicy", "block_public_policy"),
                ("IgnorePublicAcls", "ignore_public_acls"),
                ("RestrictPublicBuckets", "restrict_public_buckets"),
            ] {
                self.set(&mut split, argument, field(block, key));
            }
            let comment = self.comment(resource, &[]);
            self.add(
                "aws_s3_bucket_public_access_block",
                own.to_string(),
                split,
                comment,
            );
        }
        if let Some(logging) = props.get("LoggingConfiguration") {
            let mut split = Map::new();
            split.insert("bucket".into(), bucket.clone());
            self.set(
                &mut split,
                "target_bucket",
                field(logging, "DestinationBucketName"),
            );
            // Terraform requires the prefix; S3's default is none.
            let prefix =
                field(logging, "LogFilePrefix").map_or(json!(""), |prefix| self.value(prefix));
            split.insert("target_prefix".into(), prefix);
            let comment = self.comment(resource, &[]);
            let block = self.add("aws_s3_bucket_logging", own.to_string(), split, comment);
            // The target bucket's policy must let the logging service in first.
            block.after_ids.extend(resource.depends_on.iter().cloned());
        }
        if let Some(configuration) = props.get("NotificationConfiguration") {
            let mut split = Map::new();
            split.insert("bucket".into(), bucket);
            for (list, target_key, block_name, argument) in [
                ("QueueConfigurations", "Queue", "queue", "queue_arn"),
                ("TopicConfigurations", "Topic", "topic", "topic_arn"),
                (
                    "LambdaConfigurations",
                    "Function",
                    "lambda_function",
                    "lambda_function_arn",
                ),
            ] {
                let entries = items(field(configuration, list));
                if entries.is_empty() {
                    continue;
                }
                let mut blocks = Vec::new();
                for entry in entries {
                    let mut block = Map::new();
                    self.set(&mut block, argument, field(entry, target_key));
                    if let Some(event) = field(entry, "Event") {
                        let event = self.value(event);
                        block.insert("events".into(), json!([event]));
                    }
                    let rules = field(entry, "Filter")
                        .and_then(|filter| field(filter, "S3Key"))
                        .and_then(|key| field(key, "Rules"));
                    for rule in items(rules) {
                        let argument = match text_of(field(rule, "Name")) {
                            Some("prefix") => "filter_prefix",
                            Some("suffix") => "filter_suffix",
                            _ => continue,
                        };
                        self.set(&mut block, argument, field(rule, "Value"));
                    }
                    blocks.push(Value::Object(block));
                }
                split.insert(block_name.into(), Value::Array(blocks));
            }
            if let Some(Expr::Bool(enabled)) = field(configuration, "EventBridgeConfiguration")
                .and_then(|eventbridge| field(eventbridge, "EventBridgeEnabled"))
            {
                split.insert("eventbridge".into(), json!(enabled));
            }
            let comment = self.comment(
                resource,
                &["the bucket's whole notification configuration: declare no other aws_s3_bucket_notification for this bucket"],
            );
            let block = self.add(
                "aws_s3_bucket_notification",
                own.to_string(),
                split,
                comment,
            );
            block.after_ids.extend(resource.depends_on.iter().cloned());
        }
    }

    fn function(&mut self, props: &mut Props<'_>, body: &mut Map<String, Value>, own: &str) {
        if let Some(variables) = props
            .get("Environment")
            .and_then(|environment| field(environment, "Variables"))
        {
            let variables = self.value(variables);
            body.insert("environment".into(), json!([{ "variables": variables }]));
        }
        if let Some(group) = props
            .get("LoggingConfig")
            .and_then(|logging| field(logging, "LogGroup"))
        {
            // CloudFormation's default format; Terraform requires it to be named.
            let group = self.value(group);
            body.insert(
                "logging_config".into(),
                json!([{ "log_format": "Text", "log_group": group }]),
            );
        }
        let Some(code) = props.get("Code") else {
            return;
        };
        if let Some(zip) = field(code, "ZipFile") {
            // Terraform uploads a zip file: the archive provider builds it from the
            // same inline text, named as CloudFormation names a `ZipFile`.
            self.needs.insert("archive");
            let runtime = text_of(props.get("Runtime")).unwrap_or("");
            let file = if runtime.starts_with("nodejs") {
                "index.js"
            } else {
                "index.py"
            };
            let content = self.value(zip);
            let mut archive = Map::new();
            archive.insert("type".into(), json!("zip"));
            archive.insert("source_content".into(), content);
            archive.insert("source_content_filename".into(), json!(file));
            archive.insert(
                "output_path".into(),
                json!(format!("${{path.module}}/.wirec/{own}.zip")),
            );
            self.data.insert(("archive_file", own.to_string()), archive);
            body.insert(
                "filename".into(),
                json!(format!("${{data.archive_file.{own}.output_path}}")),
            );
            body.insert(
                "source_code_hash".into(),
                json!(format!("${{data.archive_file.{own}.output_base64sha256}}")),
            );
        } else {
            self.set(body, "s3_bucket", field(code, "S3Bucket"));
            self.set(body, "s3_key", field(code, "S3Key"));
        }
    }

    fn role(&mut self, resource: &Resource, props: &mut Props<'_>, own: &str) {
        let role = json!(format!("${{aws_iam_role.{own}.name}}"));
        let mut policies = Vec::new();
        for policy in items(props.get("Policies")) {
            let mut split = Map::new();
            split.insert("role".into(), role.clone());
            self.set(&mut split, "name", field(policy, "PolicyName"));
            if let Some(document) = field(policy, "PolicyDocument") {
                let document = self.document(document);
                split.insert("policy".into(), document);
            }
            let split_name = self.split_name("aws_iam_role_policy", own.to_string());
            policies.push(format!("aws_iam_role_policy.{split_name}"));
            let comment = self.comment(resource, &[]);
            self.add("aws_iam_role_policy", split_name, split, comment);
        }
        for arn in items(props.get("ManagedPolicyArns")) {
            let mut split = Map::new();
            split.insert("role".into(), role.clone());
            let value = self.value(arn);
            split.insert("policy_arn".into(), value);
            let split_name = self.split_name("aws_iam_role_policy_attachment", own.to_string());
            policies.push(format!("aws_iam_role_policy_attachment.{split_name}"));
            let comment = self.comment(resource, &[]);
            self.add("aws_iam_role_policy_attachment", split_name, split, comment);
        }
        if !policies.is_empty() {
            self.role_policies.insert(own.to_string(), policies);
        }
    }

    fn table(&mut self, props: &mut Props<'_>, body: &mut Map<String, Value>) {
        for key in items(props.get("KeySchema")) {
            let argument = match text_of(field(key, "KeyType")) {
                Some("HASH") => "hash_key",
                Some("RANGE") => "range_key",
                _ => continue,
            };
            self.set(body, argument, field(key, "AttributeName"));
        }
        if let Some(view) = props
            .get("StreamSpecification")
            .and_then(|stream| field(stream, "StreamViewType"))
        {
            body.insert("stream_enabled".into(), json!(true));
            self.set(body, "stream_view_type", Some(view));
        }
    }

    fn delivery_stream(
        &mut self,
        resource: &Resource,
        props: &mut Props<'_>,
        body: &mut Map<String, Value>,
    ) {
        // A stream named for API Gateway keeps its name; others get one.
        let name = match props.get("DeliveryStreamName") {
            Some(name) => self.value(name),
            None => self.generated_name(&resource.id, 64),
        };
        body.insert("name".into(), name);
        for (key, destination, block_name, fields) in [
            (
                "AmazonopensearchserviceDestinationConfiguration",
                "opensearch",
                "opensearch_configuration",
                &[
                    ("DomainARN", "domain_arn"),
                    ("IndexName", "index_name"),
                    ("IndexRotationPeriod", "index_rotation_period"),
                    ("RoleARN", "role_arn"),
                    ("S3BackupMode", "s3_backup_mode"),
                ][..],
            ),
            (
                "SplunkDestinationConfiguration",
                "splunk",
                "splunk_configuration",
                &[
                    ("HECEndpoint", "hec_endpoint"),
                    ("HECEndpointType", "hec_endpoint_type"),
                    ("HECToken", "hec_token"),
                    (
                        "HECAcknowledgmentTimeoutInSeconds",
                        "hec_acknowledgment_timeout",
                    ),
                    ("S3BackupMode", "s3_backup_mode"),
                ][..],
            ),
            (
                "RedshiftDestinationConfiguration",
                "redshift",
                "redshift_configuration",
                &[
                    ("ClusterJDBCURL", "cluster_jdbcurl"),
                    ("Username", "username"),
                    ("Password", "password"),
                    ("RoleARN", "role_arn"),
                ][..],
            ),
        ] {
            let Some(configuration) = props.get(key) else {
                continue;
            };
            body.insert("destination".into(), json!(destination));
            let mut block = Map::new();
            for (key, argument) in fields {
                self.set(&mut block, argument, field(configuration, key));
            }
            // Redshift's COPY command is flat in Terraform.
            if let Some(copy) = field(configuration, "CopyCommand") {
                for (key, argument) in [
                    ("DataTableName", "data_table_name"),
                    ("DataTableColumns", "data_table_columns"),
                    ("CopyOptions", "copy_options"),
                ] {
                    self.set(&mut block, argument, field(copy, key));
                }
            }
            self.block(
                &mut block,
                "s3_configuration",
                field(configuration, "S3Configuration"),
                &[("BucketARN", "bucket_arn"), ("RoleARN", "role_arn")],
            );
            self.block(
                &mut block,
                "secrets_manager_configuration",
                field(configuration, "SecretsManagerConfiguration"),
                &[
                    ("Enabled", "enabled"),
                    ("RoleARN", "role_arn"),
                    ("SecretARN", "secret_arn"),
                ],
            );
            body.insert(block_name.into(), Value::Array(vec![Value::Object(block)]));
        }
        if let Some(destination) = props.get("ExtendedS3DestinationConfiguration") {
            body.insert("destination".into(), json!("extended_s3"));
            let mut block = Map::new();
            for (key, argument) in [
                ("BucketARN", "bucket_arn"),
                ("RoleARN", "role_arn"),
                ("Prefix", "prefix"),
                ("CompressionFormat", "compression_format"),
            ] {
                self.set(&mut block, argument, field(destination, key));
            }
            if let Some(hints) = field(destination, "BufferingHints") {
                self.set(
                    &mut block,
                    "buffering_interval",
                    field(hints, "IntervalInSeconds"),
                );
                self.set(&mut block, "buffering_size", field(hints, "SizeInMBs"));
            }
            body.insert(
                "extended_s3_configuration".into(),
                Value::Array(vec![Value::Object(block)]),
            );
        }
    }

    /// A hosted zone, and its query logging as `aws_route53_query_log`.
    fn zone(
        &mut self,
        resource: &Resource,
        props: &mut Props<'_>,
        body: &mut Map<String, Value>,
        own: &str,
    ) {
        if let Some(config) = props.get("HostedZoneConfig") {
            self.set(body, "comment", field(config, "Comment"));
        }
        if let Some(tags) = props.get("HostedZoneTags") {
            let tags = self.tags(tags);
            body.insert("tags".into(), tags);
        }
        if let Some(logging) = props.get("QueryLoggingConfig") {
            // Terraform names the log group without CloudFormation's `:*`.
            let group = match field(logging, "CloudWatchLogsLogGroupArn") {
                Some(Expr::Attr(id, _)) => {
                    json!(format!("${{{}.arn}}", address(Kind::LogGroup, id)))
                }
                Some(other) => self.value(other),
                None => Value::Null,
            };
            let mut split = Map::new();
            split.insert(
                "zone_id".into(),
                json!(format!("${{aws_route53_zone.{own}.zone_id}}")),
            );
            split.insert("cloudwatch_log_group_arn".into(), group);
            let comment = self.comment(resource, &[]);
            let block = self.add("aws_route53_query_log", own.to_string(), split, comment);
            // The logs resource policy must let Route 53 in first.
            block.after_ids.extend(resource.depends_on.iter().cloned());
        }
    }

    /// A Flink application, with its logging option (a resource of its own in
    /// CloudFormation) as `cloudwatch_logging_options`.
    fn flink(&mut self, resource: &Resource, props: &mut Props<'_>, body: &mut Map<String, Value>) {
        if let Some(configuration) = props.get("ApplicationConfiguration") {
            let mut block = Map::new();
            if let Some(code) = field(configuration, "ApplicationCodeConfiguration") {
                let location = field(code, "CodeContent")
                    .and_then(|content| field(content, "S3ContentLocation"));
                let mut inner = Map::new();
                self.set(
                    &mut inner,
                    "code_content_type",
                    field(code, "CodeContentType"),
                );
                let mut content = Map::new();
                self.block(
                    &mut content,
                    "s3_content_location",
                    location,
                    &[("BucketARN", "bucket_arn"), ("FileKey", "file_key")],
                );
                inner.insert(
                    "code_content".into(),
                    Value::Array(vec![Value::Object(content)]),
                );
                block.insert(
                    "application_code_configuration".into(),
                    Value::Array(vec![Value::Object(inner)]),
                );
            }
            if let Some(flink) = field(configuration, "FlinkApplicationConfiguration") {
                let mut inner = Map::new();
                self.block(
                    &mut inner,
                    "parallelism_configuration",
                    field(flink, "ParallelismConfiguration"),
                    &[
                        ("ConfigurationType", "configuration_type"),
                        ("Parallelism", "parallelism"),
                        ("ParallelismPerKPU", "parallelism_per_kpu"),
                        ("AutoScalingEnabled", "auto_scaling_enabled"),
                    ],
                );
                block.insert(
                    "flink_application_configuration".into(),
                    Value::Array(vec![Value::Object(inner)]),
                );
            }
            if let Some(environment) = field(configuration, "EnvironmentProperties") {
                let groups: Vec<Value> = items(field(environment, "PropertyGroups"))
                    .iter()
                    .map(|group| {
                        let mut inner = Map::new();
                        self.set(
                            &mut inner,
                            "property_group_id",
                            field(group, "PropertyGroupId"),
                        );
                        self.set(&mut inner, "property_map", field(group, "PropertyMap"));
                        Value::Object(inner)
                    })
                    .collect();
                block.insert(
                    "environment_properties".into(),
                    json!([{ "property_group": groups }]),
                );
            }
            body.insert(
                "application_configuration".into(),
                Value::Array(vec![Value::Object(block)]),
            );
        }
        // The logging option that names this application, and what it waits for.
        let own = Expr::Ref(resource.id.clone());
        for option in self.plan.resources.iter().filter(|option| {
            option.kind == Kind::FlinkLogging
                && option.properties.get("ApplicationName") == Some(&own)
        }) {
            let arn = option
                .properties
                .get("CloudWatchLoggingOption")
                .and_then(|logging| field(logging, "LogStreamARN"));
            let mut block = Map::new();
            self.set(&mut block, "log_stream_arn", arn);
            body.insert(
                "cloudwatch_logging_options".into(),
                Value::Array(vec![Value::Object(block)]),
            );
            self.flink_waits.extend(option.depends_on.iter().cloned());
        }
    }

    /// An API Gateway stage, and its method settings as
    /// `aws_api_gateway_method_settings` (every method: `*/*`).
    fn stage(
        &mut self,
        resource: &Resource,
        props: &mut Props<'_>,
        body: &mut Map<String, Value>,
        own: &str,
    ) {
        for setting in items(props.get("MethodSettings")) {
            let mut split = Map::new();
            split.insert(
                "rest_api_id".into(),
                body.get("rest_api_id").cloned().unwrap_or_default(),
            );
            split.insert(
                "stage_name".into(),
                json!(format!("${{aws_api_gateway_stage.{own}.stage_name}}")),
            );
            split.insert("method_path".into(), json!("*/*"));
            self.block(
                &mut split,
                "settings",
                Some(setting),
                &[
                    ("LoggingLevel", "logging_level"),
                    ("DataTraceEnabled", "data_trace_enabled"),
                    ("MetricsEnabled", "metrics_enabled"),
                ],
            );
            let comment = self.comment(resource, &[]);
            let block = self.add(
                "aws_api_gateway_method_settings",
                own.to_string(),
                split,
                comment,
            );
            // Logging needs the account's CloudWatch role first.
            block.after_ids.extend(resource.depends_on.iter().cloned());
        }
    }

    /// A pipeline: its stages and actions as nested blocks.
    fn pipeline(&mut self, props: &mut Props<'_>, body: &mut Map<String, Value>) {
        let artifacts = |renderer: &mut Self, value: Option<&Expr>| -> Value {
            Value::Array(
                items(value)
                    .iter()
                    .filter_map(|artifact| field(artifact, "Name"))
                    .map(|name| renderer.value(name))
                    .collect(),
            )
        };
        let mut stages = Vec::new();
        for stage in items(props.get("Stages")) {
            let mut actions = Vec::new();
            for action in items(field(stage, "Actions")) {
                let mut block = Map::new();
                self.set(&mut block, "name", field(action, "Name"));
                if let Some(kind) = field(action, "ActionTypeId") {
                    for (key, argument) in [
                        ("Category", "category"),
                        ("Owner", "owner"),
                        ("Provider", "provider"),
                        ("Version", "version"),
                    ] {
                        self.set(&mut block, argument, field(kind, key));
                    }
                }
                self.set(&mut block, "configuration", field(action, "Configuration"));
                let inputs = artifacts(self, field(action, "InputArtifacts"));
                if inputs.as_array().is_some_and(|list| !list.is_empty()) {
                    block.insert("input_artifacts".into(), inputs);
                }
                let outputs = artifacts(self, field(action, "OutputArtifacts"));
                if outputs.as_array().is_some_and(|list| !list.is_empty()) {
                    block.insert("output_artifacts".into(), outputs);
                }
                actions.push(Value::Object(block));
            }
            let mut block = Map::new();
            self.set(&mut block, "name", field(stage, "Name"));
            block.insert("action".into(), Value::Array(actions));
            stages.push(Value::Object(block));
        }
        body.insert("stage".into(), Value::Array(stages));
    }

    /// A number that CloudFormation takes as a string (`"2"`) as a number.
    fn number_value(&mut self, expr: &Expr) -> Value {
        match expr {
            Expr::Text(text) if text.parse::<f64>().is_ok() => number(text),
            other => self.value(other),
        }
    }

    /// An Auto Scaling group, and its notification configurations as
    /// `aws_autoscaling_notification` resources of their own.
    fn group(
        &mut self,
        resource: &Resource,
        props: &mut Props<'_>,
        body: &mut Map<String, Value>,
        own: &str,
    ) {
        for (key, argument) in [
            ("MinSize", "min_size"),
            ("MaxSize", "max_size"),
            ("DesiredCapacity", "desired_capacity"),
        ] {
            if let Some(size) = props.get(key) {
                let size = self.number_value(size);
                body.insert(argument.into(), size);
            }
        }
        let hooks: Vec<Value> = items(props.get("LifecycleHookSpecificationList"))
            .iter()
            .map(|hook| {
                let mut block = Map::new();
                for (key, argument) in [
                    ("LifecycleHookName", "name"),
                    ("LifecycleTransition", "lifecycle_transition"),
                    ("NotificationTargetARN", "notification_target_arn"),
                    ("RoleARN", "role_arn"),
                    ("HeartbeatTimeout", "heartbeat_timeout"),
                    ("DefaultResult", "default_result"),
                    ("NotificationMetadata", "notification_metadata"),
                ] {
                    self.set(&mut block, argument, field(hook, key));
                }
                Value::Object(block)
            })
            .collect();
        if !hooks.is_empty() {
            body.insert("initial_lifecycle_hook".into(), Value::Array(hooks));
        }
        // The group's own `tags` map is not its tags: `tag` blocks are.
        body.remove("tags");
        let tags: Vec<Value> = items(resource.properties.get("Tags"))
            .iter()
            .map(|tag| {
                let mut block = Map::new();
                self.set(&mut block, "key", field(tag, "Key"));
                self.set(&mut block, "value", field(tag, "Value"));
                self.set(
                    &mut block,
                    "propagate_at_launch",
                    field(tag, "PropagateAtLaunch"),
                );
                Value::Object(block)
            })
            .collect();
        if !tags.is_empty() {
            body.insert("tag".into(), Value::Array(tags));
        }
        for (index, entry) in items(props.get("NotificationConfigurations"))
            .iter()
            .enumerate()
        {
            let mut split = Map::new();
            split.insert(
                "group_names".into(),
                json!([format!("${{aws_autoscaling_group.{own}.name}}")]),
            );
            self.set(&mut split, "topic_arn", field(entry, "TopicARN"));
            self.set(
                &mut split,
                "notifications",
                field(entry, "NotificationTypes"),
            );
            let comment = self.comment(resource, &[]);
            let name = if index == 0 {
                own.to_string()
            } else {
                format!("{own}_{}", index + 1)
            };
            self.add("aws_autoscaling_notification", name, split, comment);
        }
    }

    /// The `fields` of a CloudFormation object (key, Terraform argument), as
    /// one Terraform block's arguments.
    fn renamed(&mut self, source: &Expr, fields: &[(&str, &str)]) -> Value {
        let mut block = Map::new();
        for (key, inner) in fields {
            self.set(&mut block, inner, field(source, key));
        }
        Value::Object(block)
    }

    /// A nested block (`[{...}]` in JSON) from a map property, fields renamed.
    fn block(
        &mut self,
        body: &mut Map<String, Value>,
        argument: &str,
        source: Option<&Expr>,
        fields: &[(&str, &str)],
    ) {
        let Some(source) = source else { return };
        let block = self.renamed(source, fields);
        body.insert(argument.into(), Value::Array(vec![block]));
    }

    /// A list of CloudFormation objects as Terraform's repeated nested blocks,
    /// one per item, fields renamed; nothing when the list is empty.
    fn blocks(
        &mut self,
        body: &mut Map<String, Value>,
        name: &str,
        list: Option<&Expr>,
        fields: &[(&str, &str)],
    ) {
        let blocks: Vec<Value> = items(list)
            .iter()
            .map(|item| self.renamed(item, fields))
            .collect();
        if !blocks.is_empty() {
            body.insert(name.into(), Value::Array(blocks));
        }
    }

    fn project(
        &mut self,
        resource: &Resource,
        props: &mut Props<'_>,
        body: &mut Map<String, Value>,
        own: &str,
    ) {
        if let Some(logs) = props.get("LogsConfig") {
            let mut inner = Map::new();
            self.block(
                &mut inner,
                "cloudwatch_logs",
                field(logs, "CloudWatchLogs"),
                &[
                    ("GroupName", "group_name"),
                    ("Status", "status"),
                    ("StreamName", "stream_name"),
                ],
            );
            self.block(
                &mut inner,
                "s3_logs",
                field(logs, "S3Logs"),
                &[("Location", "location"), ("Status", "status")],
            );
            body.insert(
                "logs_config".into(),
                Value::Array(vec![Value::Object(inner)]),
            );
        }
        // Terraform keeps a project's webhook as a resource of its own.
        if props
            .get("Triggers")
            .and_then(|triggers| field(triggers, "Webhook"))
            == Some(&Expr::Bool(true))
        {
            let mut webhook = Map::new();
            webhook.insert(
                "project_name".into(),
                json!(format!("${{aws_codebuild_project.{own}.name}}")),
            );
            let comment = self.comment(resource, &[]);
            self.add("aws_codebuild_webhook", own.to_string(), webhook, comment);
        }
    }

    fn repository(&mut self, resource: &Resource, props: &mut Props<'_>, own: &str) {
        let triggers = items(props.get("Triggers"));
        if triggers.is_empty() {
            return;
        }
        let mut blocks = Vec::new();
        for trigger in triggers {
            let mut block = Map::new();
            for (key, argument) in [
                ("Name", "name"),
                ("DestinationArn", "destination_arn"),
                ("Events", "events"),
                ("Branches", "branches"),
                ("CustomData", "custom_data"),
            ] {
                self.set(&mut block, argument, field(trigger, key));
            }
            blocks.push(Value::Object(block));
        }
        let mut split = Map::new();
        split.insert(
            "repository_name".into(),
            json!(format!(
                "${{aws_codecommit_repository.{own}.repository_name}}"
            )),
        );
        split.insert("trigger".into(), Value::Array(blocks));
        let comment = self.comment(
            resource,
            &["aws_codecommit_trigger replaces every trigger of the repository, including ones made outside Terraform: keep all of them here"],
        );
        let block = self.add("aws_codecommit_trigger", own.to_string(), split, comment);
        block.after_ids.extend(resource.depends_on.iter().cloned());
    }

    fn deployment_group(&mut self, props: &mut Props<'_>, body: &mut Map<String, Value>) {
        let mut filters = Vec::new();
        for filter in items(props.get("Ec2TagFilters")) {
            let mut block = Map::new();
            for (key, argument) in [("Key", "key"), ("Type", "type"), ("Value", "value")] {
                self.set(&mut block, argument, field(filter, key));
            }
            filters.push(Value::Object(block));
        }
        if !filters.is_empty() {
            body.insert("ec2_tag_filter".into(), Value::Array(filters));
        }
        let mut triggers = Vec::new();
        for trigger in items(props.get("TriggerConfigurations")) {
            let mut block = Map::new();
            for (key, argument) in [
                ("TriggerName", "trigger_name"),
                ("TriggerTargetArn", "trigger_target_arn"),
                ("TriggerEvents", "trigger_events"),
            ] {
                self.set(&mut block, argument, field(trigger, key));
            }
            triggers.push(Value::Object(block));
        }
        if !triggers.is_empty() {
            body.insert("trigger_configuration".into(), Value::Array(triggers));
        }
        if let Some(configuration) = props.get("AlarmConfiguration") {
            let mut block = Map::new();
            self.set(&mut block, "enabled", field(configuration, "Enabled"));
            let names = items(field(configuration, "Alarms"))
                .iter()
                .filter_map(|alarm| field(alarm, "Name"))
                .map(|name| self.value(name))
                .collect();
            block.insert("alarms".into(), Value::Array(names));
            body.insert("alarm_configuration".into(), json!([block]));
        }
        if let Some(rollback) = props.get("AutoRollbackConfiguration") {
            let mut block = Map::new();
            self.set(&mut block, "enabled", field(rollback, "Enabled"));
            self.set(&mut block, "events", field(rollback, "Events"));
            body.insert("auto_rollback_configuration".into(), json!([block]));
        }
    }

    fn alarm(&mut self, props: &mut Props<'_>, body: &mut Map<String, Value>) {
        let dimensions = items(props.get("Dimensions"));
        if !dimensions.is_empty() {
            let mut map = Map::new();
            for dimension in dimensions {
                if let (Some(key), Some(value)) =
                    (text_of(field(dimension, "Name")), field(dimension, "Value"))
                {
                    let value = self.value(value);
                    map.insert(key.to_string(), value);
                }
            }
            body.insert("dimensions".into(), Value::Object(map));
        }
    }

    fn rule(&mut self, resource: &Resource, props: &mut Props<'_>, own: &str) {
        for target in items(props.get("Targets")) {
            let mut split = Map::new();
            split.insert(
                "rule".into(),
                json!(format!("${{aws_cloudwatch_event_rule.{own}.name}}")),
            );
            self.set(&mut split, "target_id", field(target, "Id"));
            self.set(&mut split, "arn", field(target, "Arn"));
            self.set(&mut split, "role_arn", field(target, "RoleArn"));
            let suffix = text_of(field(target, "Id")).map_or_else(|| "target".to_string(), name);
            let split_name =
                self.split_name("aws_cloudwatch_event_target", format!("{own}_{suffix}"));
            let comment = self.comment(resource, &[]);
            self.add("aws_cloudwatch_event_target", split_name, split, comment);
        }
    }

    // ---- ordering and the file

    /// The addresses that stand for "after plan resource `id`": a role with
    /// policies means its policies (which refer to the role), since in
    /// CloudFormation a role's inline policies are part of it. Waiting for a
    /// bucket or a repository means waiting for the resource itself: nothing in
    /// the plan waits for their notifications or triggers.
    fn addresses_of(&self, id: &str) -> Vec<String> {
        let Some(&kind) = self.kinds.get(id) else {
            return Vec::new();
        };
        let own = name(id);
        match kind {
            Kind::Role => match self.role_policies.get(&own) {
                Some(policies) => policies.clone(),
                None => vec![address(kind, id)],
            },
            _ => vec![address(kind, id)],
        }
    }

    fn finish(mut self) -> Value {
        // Outputs first: rendering them may call for data sources.
        let mut outputs = Map::new();
        for output in &self.plan.outputs {
            let value = self.value(&output.value);
            outputs.insert(
                name(&output.id),
                json!({ "description": output.description, "value": value }),
            );
        }
        // Resolve dependencies, then let everything that refers to a role also
        // wait for the role's policies, as it would in CloudFormation.
        let keys: Vec<(&'static str, String)> = self.resources.keys().cloned().collect();
        for key in &keys {
            let (after_ids, text) = {
                let block = &self.resources[key];
                (
                    block.after_ids.clone(),
                    serde_json::to_string(&block.body).unwrap_or_default(),
                )
            };
            let own = format!("{}.{}", key.0, key.1);
            let mut after: BTreeSet<String> = after_ids
                .iter()
                .flat_map(|id| self.addresses_of(id))
                .collect();
            for role in referenced_roles(&text) {
                if let Some(policies) = self.role_policies.get(role)
                    && !policies.contains(&own)
                {
                    after.extend(policies.iter().cloned());
                }
            }
            after.remove(&own);
            // A dependency that a reference already implies is noise.
            after.retain(|address| !text.contains(&format!("{address}.")));
            if let Some(block) = self.resources.get_mut(key) {
                block.after = after;
            }
        }

        let mut root = Map::new();
        root.insert("//".into(), json!(self.plan.description));
        let mut providers = Map::new();
        providers.insert(
            "aws".into(),
            json!({ "source": "hashicorp/aws", "version": AWS_PROVIDER_VERSION }),
        );
        if self.needs.contains("archive") {
            providers.insert(
                "archive".into(),
                json!({ "source": "hashicorp/archive", "version": "~> 2.7" }),
            );
        }
        root.insert(
            "terraform".into(),
            json!({ "required_version": ">= 1.5.0", "required_providers": providers }),
        );
        let provider = match &self.context.region {
            Some(region) => json!({ "region": region }),
            None => json!({ "//": "the Region comes from AWS_REGION or the AWS profile" }),
        };
        root.insert("provider".into(), json!({ "aws": provider }));

        let mut variables = Map::new();
        if self.needs.contains("stack_name") {
            let mut stack: String = self
                .context
                .stack
                .chars()
                .map(|character| {
                    if character.is_ascii_alphanumeric() {
                        character
                    } else {
                        '-'
                    }
                })
                .collect();
            if !stack.starts_with(|character: char| character.is_ascii_alphabetic()) {
                stack.insert(0, 'w');
            }
            stack.truncate(STACK_NAME_MAX);
            variables.insert(
                "stack_name".into(),
                json!({
                    "type": "string",
                    "default": stack,
                    "description": "Prefix of the names wirec gives resources that Terraform needs named (CloudFormation uses the stack name)",
                    "validation": [{
                        "condition": format!("${{can(regex(\"^[A-Za-z][A-Za-z0-9-]{{0,{}}}$\", var.stack_name))}}", STACK_NAME_MAX - 1),
                        "error_message": format!("stack_name must be a letter then at most {} letters, digits or hyphens, so that generated names fit AWS limits.", STACK_NAME_MAX - 1),
                    }],
                }),
            );
        }
        for parameter in &self.plan.parameters {
            let mut body = Map::new();
            body.insert(
                "type".into(),
                json!(if parameter.number { "number" } else { "string" }),
            );
            if let Some(default) = &parameter.default {
                body.insert(
                    "default".into(),
                    if parameter.number {
                        number(default)
                    } else {
                        json!(default)
                    },
                );
            }
            if parameter.secret {
                body.insert("sensitive".into(), json!(true));
            }
            body.insert(
                "description".into(),
                json!(format!("Declared at {}", self.location(parameter.origin))),
            );
            variables.insert(name(&parameter.id), Value::Object(body));
        }
        if !variables.is_empty() {
            root.insert("variable".into(), sorted(Value::Object(variables)));
        }

        let mut data: BTreeMap<&'static str, Map<String, Value>> = BTreeMap::new();
        for data_type in [
            "aws_partition",
            "aws_region",
            "aws_caller_identity",
            "aws_availability_zones",
        ] {
            if self.needs.contains(data_type) {
                data.entry(data_type)
                    .or_default()
                    .insert("current".into(), json!({}));
            }
        }
        for lookup in self.lookups.iter().filter(|lookup| lookup.used) {
            data.entry(lookup.data_type)
                .or_default()
                .insert(lookup.name.clone(), Value::Object(lookup.body.clone()));
        }
        for ((data_type, data_name), body) in std::mem::take(&mut self.data) {
            data.entry(data_type)
                .or_default()
                .insert(data_name, Value::Object(body));
        }
        if !data.is_empty() {
            let data: Map<String, Value> = data
                .into_iter()
                .map(|(data_type, entries)| (data_type.to_string(), Value::Object(entries)))
                .collect();
            root.insert("data".into(), sorted(Value::Object(data)));
        }
        let mut locals = Map::new();
        for lookup in self.lookups.iter().filter(|lookup| lookup.used) {
            for (local, (written, attribute)) in &lookup.locals {
                let fallback = quoted(written);
                locals.insert(
                    local.clone(),
                    json!(format!(
                        "${{try(data.{}.{}[0].{attribute}, {fallback})}}",
                        lookup.data_type, lookup.name
                    )),
                );
            }
        }
        if !locals.is_empty() {
            root.insert("locals".into(), sorted(Value::Object(locals)));
        }

        let mut resources: BTreeMap<&'static str, Map<String, Value>> = BTreeMap::new();
        for ((resource_type, resource_name), block) in std::mem::take(&mut self.resources) {
            let mut body = block.body;
            body.insert("//".into(), json!(block.comment));
            if !block.after.is_empty() {
                body.insert("depends_on".into(), json!(block.after));
            }
            resources
                .entry(resource_type)
                .or_default()
                .insert(resource_name, Value::Object(body));
        }
        let resources: Map<String, Value> = resources
            .into_iter()
            .map(|(resource_type, entries)| (resource_type.to_string(), Value::Object(entries)))
            .collect();
        root.insert("resource".into(), sorted(Value::Object(resources)));

        if !outputs.is_empty() {
            root.insert("output".into(), Value::Object(outputs));
        }
        // Every section sorted inside; the sections keep the conventional order.
        Value::Object(
            root.into_iter()
                .map(|(key, value)| (key, sorted(value)))
                .collect(),
        )
    }
}

/// The names of the roles a body refers to (`aws_iam_role.NAME.`).
fn referenced_roles(text: &str) -> Vec<&str> {
    const PREFIX: &str = "aws_iam_role.";
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(PREFIX) {
        let after = &rest[start + PREFIX.len()..];
        let end = after
            .find(|character: char| !(character.is_ascii_alphanumeric() || character == '_'))
            .unwrap_or(after.len());
        if after[end..].starts_with('.') {
            found.push(&after[..end]);
        }
        rest = &after[end..];
    }
    found
}
