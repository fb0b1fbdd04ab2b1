//! The backends' table of the plan's kinds of resource (`stdlib/backends/kinds.yaml`):
//! per kind, its CloudFormation and Terraform types and how Terraform names
//! what CloudFormation names otherwise. Embedded in the binary and parsed once,
//! when a backend first asks; the tests hold every type and property to the
//! generated schemas in `stdlib/schemas/` (see [`super::backend_schema`]).

use indexmap::IndexMap;
use serde::Deserialize;
use std::sync::OnceLock;

/// How the backends write one kind of plan resource.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindSpec {
    /// The CloudFormation resource type (`AWS::SQS::Queue`).
    pub cloudformation: String,
    /// What the CloudFormation type is used as, for the docs' table.
    #[serde(default)]
    pub cloudformation_note: Option<String>,
    /// The primary Terraform resource type (`aws_sqs_queue`).
    pub terraform: String,
    /// What the Terraform type is used as, for the docs' table.
    #[serde(default)]
    pub terraform_note: Option<String>,
    /// The Terraform attribute that gives what CloudFormation's `Ref` gives.
    pub reference: String,
    /// The argument by which the data source of the Terraform type finds an
    /// existing resource (`name`), where wirec looks existing ones up.
    #[serde(default)]
    pub lookup: Option<String>,
    /// What CloudFormation's `GetAtt Arn` has after the ARN that Terraform's
    /// `arn` gives (a log group's `:*`).
    #[serde(default)]
    pub arn_suffix: String,
    /// Whether its CloudFormation `Tags` are a map already (an SSM parameter's)
    /// rather than `[{Key, Value}]`.
    #[serde(default)]
    pub tags_are_a_map: bool,
    /// Whether what the plan has it wait for is what its split-off resources
    /// wait for instead (a bucket's notification configuration waits for the
    /// queue policy; the bucket itself waits for nothing).
    #[serde(default)]
    pub dependencies_on_split: bool,
    /// The URL an existing one also goes by in the plan (a queue's, which its
    /// `Ref` gives), with `{region}`, `{account}` and `{name}` from its ARN; its
    /// data source's `url` stands for it.
    #[serde(default)]
    pub url_form: Option<String>,
    /// Whether Terraform writes it inside another resource instead of as one of its own.
    #[serde(default)]
    pub merged_into_owner: bool,
    /// The name Terraform needs where CloudFormation makes one up.
    #[serde(default)]
    pub generated_name: Option<GeneratedName>,
    /// CloudFormation property → the Terraform argument of the same meaning.
    #[serde(default)]
    pub renames: IndexMap<String, String>,
    /// List properties of one item that Terraform takes as that item: property →
    /// argument (a queue policy's `Queues` as `queue_url`).
    #[serde(default)]
    pub first_of: IndexMap<String, String>,
    /// Object properties whose fields Terraform takes as arguments of the
    /// resource itself: property → (field → argument).
    #[serde(default)]
    pub flatten: IndexMap<String, IndexMap<String, String>>,
    /// Properties Terraform takes as a JSON document string: property → argument.
    #[serde(default)]
    pub documents: IndexMap<String, String>,
    /// Object properties Terraform takes as nested blocks: property → block.
    #[serde(default)]
    pub blocks: IndexMap<String, BlockSpec>,
    /// Properties Terraform has no argument for, because it derives them.
    #[serde(default)]
    pub ignored: Vec<String>,
    /// What Terraform keeps in resources of their own.
    #[serde(default)]
    pub split: Vec<SplitSpec>,
}

/// `"${var.stack_name}-<id>"` as an argument, clipped to a length.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneratedName {
    /// The argument it goes in (`name`, `function_name`).
    pub argument: String,
    /// AWS's limit on the name's length.
    pub max: usize,
    /// The CloudFormation property that, when the plan sets it (a name given
    /// by `name = "..."`), is the name instead.
    #[serde(default)]
    pub property: Option<String>,
}

/// A CloudFormation object property written as a Terraform nested block.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockSpec {
    /// The block's name.
    pub argument: String,
    /// A list property, one block per item (none for an empty list).
    #[serde(default)]
    pub repeated: bool,
    /// The object's fields → the block's arguments.
    #[serde(default)]
    pub renames: IndexMap<String, String>,
    /// The object's fields that are objects themselves, as blocks nested in
    /// this one (`DestinationConfig.OnFailure` → `destination_config { on_failure { } }`).
    #[serde(default)]
    pub blocks: IndexMap<String, BlockSpec>,
}

/// A Terraform resource split off the kind's primary one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitSpec {
    /// Its type (`data.` for a data source).
    pub terraform: String,
    /// The CloudFormation property (or `Property.Field`) it comes from.
    #[serde(default)]
    pub from: Option<String>,
    /// One per entry of that list property.
    #[serde(default)]
    pub each: bool,
    /// Said after it in the docs' table.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    kinds: IndexMap<String, KindSpec>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_yaml_ng::from_str(include_str!("../../stdlib/backends/kinds.yaml"))
            .unwrap_or_default()
    })
}

/// The spec of the kind named `name` (the plan's `Kind` variant).
#[must_use]
pub fn kind_spec(name: &str) -> Option<&'static KindSpec> {
    table().kinds.get(name)
}

/// Every kind's name and spec, in the file's order.
pub fn kind_specs() -> impl Iterator<Item = (&'static str, &'static KindSpec)> {
    table()
        .kinds
        .iter()
        .map(|(name, spec)| (name.as_str(), spec))
}

/// Markdown rows for `docs/backends.md`'s table of kinds: kind, CloudFormation
/// type, Terraform type, and what Terraform splits off.
#[must_use]
pub fn reference_rows() -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "| Plan `Kind` | CloudFormation type | Terraform type | Split off in Terraform |\n|---|---|---|---|\n",
    );
    let note = |note: &Option<String>| {
        note.as_ref()
            .map_or_else(String::new, |note| format!(" ({note})"))
    };
    for (name, spec) in kind_specs() {
        let split: Vec<String> = spec
            .split
            .iter()
            .map(|split| {
                let mut text = match (&split.from, split.each) {
                    (Some(from), true) => {
                        format!("one `{}` per entry of `{from}`", split.terraform)
                    }
                    (Some(from), false) => format!("`{}` (`{from}`)", split.terraform),
                    (None, _) => format!("`{}`", split.terraform),
                };
                if let Some(note) = &split.note {
                    text.push(' ');
                    text.push_str(note);
                }
                text
            })
            .collect();
        let terraform = if spec.merged_into_owner {
            spec.terraform_note.clone().unwrap_or_default()
        } else {
            format!("`{}`{}", spec.terraform, note(&spec.terraform_note))
        };
        let split = if split.is_empty() {
            " ".to_string()
        } else {
            format!(" {} ", split.join(", "))
        };
        let _ = writeln!(
            out,
            "| `{name}` | `{}`{} | {terraform} |{split}|",
            spec.cloudformation,
            note(&spec.cloudformation_note),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::backend_schema::{Backend, type_schema};

    fn has(backend: Backend, resource_type: &str, property: &str) -> bool {
        type_schema(backend, resource_type)
            .is_some_and(|schema| schema.properties.iter().any(|name| name == property))
    }

    /// Regenerate the schemas with `scripts/gen-backend-schemas.py` after adding a type.
    #[test]
    fn every_type_and_property_is_in_the_backends_schemas() {
        let mut problems = Vec::new();
        let mut checked = 0;
        for (name, spec) in kind_specs() {
            let cloudformation = spec.cloudformation.as_str();
            let terraform = spec.terraform.as_str();
            if type_schema(Backend::CloudFormation, cloudformation).is_none() {
                problems.push(format!("{name}: no CloudFormation type {cloudformation}"));
            }
            if type_schema(Backend::Terraform, terraform).is_none() {
                problems.push(format!("{name}: no Terraform type {terraform}"));
            }
            let pairs = spec
                .renames
                .iter()
                .chain(&spec.first_of)
                .chain(&spec.documents)
                .chain(
                    spec.blocks
                        .iter()
                        .map(|(key, block)| (key, &block.argument)),
                );
            for (property, argument) in pairs {
                checked += 1;
                if !has(Backend::CloudFormation, cloudformation, property) {
                    problems.push(format!("{name}: {cloudformation} has no {property}"));
                }
                if !has(Backend::Terraform, terraform, argument) {
                    problems.push(format!("{name}: {terraform} has no {argument}"));
                }
            }
            for (property, fields) in &spec.flatten {
                checked += 1;
                if !has(Backend::CloudFormation, cloudformation, property) {
                    problems.push(format!("{name}: {cloudformation} has no {property}"));
                }
                for argument in fields.values() {
                    if !has(Backend::Terraform, terraform, argument) {
                        problems.push(format!("{name}: {terraform} has no {argument}"));
                    }
                }
            }
            if let Some(lookup) = &spec.lookup
                && !has(Backend::Terraform, terraform, lookup)
            {
                problems.push(format!("{name}: {terraform} has no {lookup}"));
            }
            if let Some(generated) = &spec.generated_name
                && !has(Backend::Terraform, terraform, &generated.argument)
            {
                problems.push(format!("{name}: {terraform} has no {}", generated.argument));
            }
            for property in &spec.ignored {
                if !has(Backend::CloudFormation, cloudformation, property) {
                    problems.push(format!("{name}: {cloudformation} has no {property}"));
                }
            }
            for split in &spec.split {
                if !split.terraform.starts_with("data.")
                    && type_schema(Backend::Terraform, &split.terraform).is_none()
                {
                    problems.push(format!("{name}: no Terraform type {}", split.terraform));
                }
                let from = split
                    .from
                    .as_deref()
                    .and_then(|from| from.split('.').next());
                if let Some(from) = from
                    && !has(Backend::CloudFormation, cloudformation, from)
                {
                    problems.push(format!("{name}: {cloudformation} has no {from}"));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(checked > 200, "the table parsed ({checked} names checked)");
    }

    /// A service's `resource:` in the catalogue and the kind that creates it
    /// name the same types (the catalogue's copy checks the raw blocks).
    #[test]
    fn the_catalogues_resource_types_agree_with_the_kinds() {
        let (catalogue, _, _) = crate::embedded_catalogue();
        let mut agreed = 0;
        for spec in catalogue.services() {
            let without = spec.resource.unless_property.as_deref();
            let pairs = [
                (&spec.resource.cloudformation, &spec.resource.terraform),
                (
                    without.map_or(&None, |without| &without.cloudformation),
                    without.map_or(&None, |without| &without.terraform),
                ),
            ];
            for (cloudformation, terraform) in pairs {
                let Some(cloudformation) = cloudformation else {
                    continue;
                };
                // Services wirec does not create (cloudfront, vpc) have no kind.
                if let Some((name, kind)) =
                    kind_specs().find(|(_, kind)| &kind.cloudformation == cloudformation)
                {
                    assert_eq!(
                        Some(&kind.terraform),
                        terraform.as_ref(),
                        "{}: {name}",
                        spec.service
                    );
                    agreed += 1;
                }
            }
        }
        assert!(agreed > 25, "{agreed}");
    }
}
