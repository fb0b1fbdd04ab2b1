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
//! The names are data: each kind's types, `Ref` attribute, renamed properties,
//! documents, nested blocks and lookup come from `stdlib/backends/kinds.yaml`
//! ([`Kind::spec`]) and are written by `renames`; a kind whose shape differs by
//! more than names has a module in `kinds`, chosen by `kinds::code`. Expressions
//! and escaping are `expr`, existing resources `lookups`, ordering and the
//! file's sections `finish`.
//!
//! **Boundary:** the output is committed, so it is deterministic: sections in a
//! fixed order, every object sorted by key, a `"//"` comment with the source
//! location on every resource, nothing that depends on the machine.

mod expr;
mod finish;
mod kinds;
mod lookups;
mod renames;

use crate::plan::{Expr, Fields, Kind, Plan, Resource};
use crate::source::{SourceSet, Span};
use lookups::Lookup;
use rustc_hash::FxHashMap as HashMap;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

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
    /// The kind wirec would create for it (`Kind::of_declaration`), which says
    /// how to look it up; `None` for a service wirec does not create.
    pub kind: Option<Kind>,
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

struct Renderer<'a> {
    plan: &'a Plan,
    sources: &'a SourceSet,
    context: &'a Context,
    pub(super) kinds: HashMap<&'a str, Kind>,
    parameters: HashMap<&'a str, String>,
    /// Existing ARNs (and queue URLs) → the data source attribute that stands for them.
    existing: HashMap<String, (usize, &'static str)>,
    lookups: Vec<Lookup>,
    resources: BTreeMap<(&'static str, String), Block>,
    data: BTreeMap<(&'static str, String), Map<String, Value>>,
    /// Role name → the addresses of its policy resources.
    role_policies: HashMap<String, Vec<String>>,
    /// Managed policy name → the addresses of its attachments to roles.
    attachments: HashMap<String, Vec<String>>,
    /// What the Flink application being rendered waits for, from its logging option.
    flink_waits: BTreeSet<String>,
    /// What the kind being rendered says in its comment (see `kinds`).
    notes: Vec<&'static str>,
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
        attachments: HashMap::default(),
        needs: BTreeSet::new(),
        flink_waits: BTreeSet::new(),
        notes: Vec::new(),
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

impl Renderer<'_> {
    fn location(&self, span: Span) -> String {
        self.sources.location(span).to_string()
    }

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

    /// A resource split off `resource`'s primary one (same origin and notes).
    fn split_off(
        &mut self,
        resource: &Resource,
        resource_type: &'static str,
        name: String,
        body: Map<String, Value>,
    ) -> &mut Block {
        let comment = self.comment(resource, &[]);
        self.add(resource_type, name, body, comment)
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
        if let Some(tags) = props.get("Tags") {
            // Most types take `[{Key, Value}]`; a parameter takes a map already.
            let tags = if resource.kind.spec().tags_are_a_map {
                self.value(tags)
            } else {
                self.tags(tags)
            };
            body.insert("tags".into(), tags);
        }
        self.spec_arguments(resource, &mut props, &mut body);
        if let Some(render) = kinds::code(resource.kind) {
            render(self, kinds::Draft(resource, &mut props, &mut body, &own));
        }
        let mut extra: Vec<&str> = std::mem::take(&mut self.notes);
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
        // dependencies moved to the split-off resources (see `kinds`).
        if !resource.kind.spec().dependencies_on_split {
            block.after_ids.extend(resource.depends_on.iter().cloned());
        }
        block.after_ids.extend(waits);
    }
}
