//! The Terraform backend: every allowed edge renders, a snapshot per example,
//! byte-for-byte determinism, and the same glue as CloudFormation.
//!
//! The glue comparison collects, from each backend's own output, every
//! (principal, action, resource, conditions) that Lambda permissions, queue and
//! topic policies, role trust and role policies, and logs resource policies
//! grant, with references written as the plan's logical ids, and requires the
//! two sets to be equal. Each side is normalised with its own reading of the
//! output (CloudFormation's `Ref`/`GetAtt`/`Sub`, Terraform's `${...}`), not with
//! the renderer's tables, so a wrong attribute shows as a difference.
//! `docs/backends.md` lists where the renderings differ and why.

use crate::support;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use wirec::Compilation;
use wirec::catalogue::Catalogue;
use wirec::emit::terraform;
use wirec::plan::Kind;

fn terraform_text(compilation: &Compilation, catalogue: &Catalogue) -> String {
    compilation.terraform_text(catalogue).unwrap_or_else(|| {
        panic!(
            "expected no errors, got:\n{}",
            support::rendered(compilation)
        )
    })
}

/// The Terraform configuration of a wiring that compiles cleanly.
fn configuration_of(text: &str) -> Value {
    let catalogue = support::catalogue();
    let compilation = support::compile_text("a.wire", text, &catalogue);
    serde_json::from_str(&terraform_text(&compilation, &catalogue)).unwrap()
}

fn examples() -> Vec<std::path::PathBuf> {
    support::examples()
        .into_iter()
        .filter(|path| path.file_stem().unwrap() != "mistakes")
        .collect()
}

#[test]
fn every_allowed_edge_renders_in_terraform() {
    let catalogue = support::catalogue();
    let parts = support::every_edge_fixtures();
    assert!(!parts.is_empty(), "no every-edge fixture");
    for (index, path) in parts.iter().enumerate() {
        let compilation = support::compile_file(path, &catalogue);
        let text = terraform_text(&compilation, &catalogue);
        assert!(
            !text.contains("not rendered for Terraform"),
            "a property has no Terraform rendering:\n{}",
            text.lines()
                .filter(|line| line.contains("not rendered"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        let configuration: Value = serde_json::from_str(&text).unwrap();
        let plan = compilation.plan(&catalogue).unwrap();
        for resource in plan
            .resources
            .iter()
            .filter(|resource| !terraform::merged_into_owner(resource.kind))
        {
            let address = terraform::address(resource.kind, &resource.id);
            let (resource_type, name) = address.split_once('.').unwrap();
            assert!(
                configuration["resource"][resource_type][name].is_object(),
                "{} has no Terraform resource {address}",
                resource.id
            );
        }
        // Every type written is a kind's own or one it splits off, as
        // stdlib/backends/kinds.yaml (and so docs/backends.md) says.
        let declared: BTreeSet<&str> = wirec::catalogue::backend_kinds::kind_specs()
            .flat_map(|(_, spec)| {
                std::iter::once(spec.terraform.as_str())
                    .chain(spec.split.iter().map(|split| split.terraform.as_str()))
            })
            .collect();
        for resource_type in configuration["resource"].as_object().unwrap().keys() {
            assert!(
                declared.contains(resource_type.as_str()),
                "{resource_type} is written but not in stdlib/backends/kinds.yaml"
            );
        }
        insta::with_settings!({ omit_expression => true, description => path.display().to_string(), snapshot_suffix => format!("{}", index + 1) }, {
            insta::assert_snapshot!("every_edge_terraform", text);
        });
    }
}

#[test]
fn every_example_configuration_matches_its_snapshot() {
    let catalogue = support::catalogue();
    for path in examples() {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = terraform_text(&support::compile_file(&path, &catalogue), &catalogue);
        insta::with_settings!({ snapshot_suffix => format!("{stem}.tf.json"), omit_expression => true, description => path.display().to_string() }, {
            insta::assert_snapshot!("configuration", text);
        });
    }
}

#[test]
fn building_twice_gives_identical_bytes() {
    let catalogue = support::catalogue();
    for path in examples().into_iter().chain(support::every_edge_fixtures()) {
        let first = terraform_text(&support::compile_file(&path, &catalogue), &catalogue);
        let second = terraform_text(&support::compile_file(&path, &catalogue), &catalogue);
        assert_eq!(first, second, "{} is not deterministic", path.display());
    }
}

/// Every object in the configuration has its keys sorted (the sections keep
/// Terraform's conventional order), and every resource says where it came from.
#[test]
fn output_is_sorted_and_every_resource_has_its_source() {
    let catalogue = support::catalogue();
    for path in support::every_edge_fixtures() {
        let compilation = support::compile_file(&path, &catalogue);
        check_configuration(&terraform_text(&compilation, &catalogue), &path);
    }
}

fn check_configuration(text: &str, path: &std::path::Path) {
    fn check_sorted(value: &Value, path: &str) {
        match value {
            Value::Object(entries) => {
                let keys: Vec<&String> = entries.keys().collect();
                let mut sorted = keys.clone();
                sorted.sort();
                assert_eq!(keys, sorted, "keys of {path} are not sorted");
                for (key, inner) in entries {
                    check_sorted(inner, &format!("{path}.{key}"));
                }
            }
            Value::Array(items) => {
                for item in items {
                    check_sorted(item, path);
                }
            }
            _ => {}
        }
    }
    let configuration: Value = serde_json::from_str(text).unwrap();
    // Terraform's conventional order; `locals` only with existing resources.
    let sections: Vec<&str> = configuration
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let order = [
        "//",
        "terraform",
        "provider",
        "variable",
        "data",
        "locals",
        "resource",
        "output",
    ];
    let expected: Vec<&str> = order
        .into_iter()
        .filter(|section| *section != "locals" || sections.contains(section))
        .collect();
    assert_eq!(sections, expected, "{}", path.display());
    for (section, value) in configuration.as_object().unwrap() {
        check_sorted(value, section);
    }
    for (resource_type, resources) in configuration["resource"].as_object().unwrap() {
        for (name, body) in resources.as_object().unwrap() {
            assert!(
                name.chars().all(|character| character.is_ascii_lowercase()
                    || character.is_ascii_digit()
                    || character == '_'),
                "{resource_type}.{name} is not snake_case"
            );
            let comment = body["//"].as_str().unwrap_or_default();
            assert!(
                comment.starts_with(&format!("from {}:", path.display())),
                "{resource_type}.{name} has no source comment: {comment:?}"
            );
        }
    }
}

#[test]
fn whole_object_configurations_are_one_resource_with_a_warning() {
    let text = "codecommit repo -> trigger on push main -> lambda a\n\
                codecommit repo -> trigger -> sns b\n\
                s3 bucket -> notify -> sqs c\n\
                s3 bucket -> notify on object-removed -> lambda a\n";
    let configuration = configuration_of(text);
    let resources = &configuration["resource"];
    let triggers = resources["aws_codecommit_trigger"].as_object().unwrap();
    assert_eq!(triggers.len(), 1, "{triggers:?}");
    let trigger = &triggers["repo_repository"];
    assert_eq!(trigger["trigger"].as_array().unwrap().len(), 2);
    assert!(
        trigger["//"]
            .as_str()
            .unwrap()
            .contains("replaces every trigger of the repository"),
        "{trigger}"
    );
    // The trigger, not the repository, waits for the grants.
    assert_eq!(
        trigger["depends_on"],
        serde_json::json!([
            "aws_lambda_permission.a_permission_from_repo",
            "aws_sns_topic_policy.b_topic_policy"
        ])
    );
    assert!(resources["aws_codecommit_repository"]["repo_repository"]["depends_on"].is_null());
    let notifications = resources["aws_s3_bucket_notification"].as_object().unwrap();
    assert_eq!(notifications.len(), 1);
    let notification = &notifications["bucket_bucket"];
    assert_eq!(notification["queue"].as_array().unwrap().len(), 1);
    assert_eq!(notification["lambda_function"].as_array().unwrap().len(), 1);
    assert_eq!(
        notification["depends_on"],
        serde_json::json!([
            "aws_lambda_permission.a_permission_from_bucket",
            "aws_sqs_queue_policy.c_queue_policy"
        ])
    );
    // No bucket ↔ policy cycle: the bucket itself waits for nothing.
    assert!(resources["aws_s3_bucket"]["bucket_bucket"]["depends_on"].is_null());
}

#[test]
fn existing_resources_are_data_sources_checked_against_their_arn() {
    let text = "sns legacy = existing \"arn:aws:sns:eu-west-1:123456789012:legacy\"\n\
                legacy -> sqs fresh\n";
    let configuration = configuration_of(text);
    let topic = &configuration["data"]["aws_sns_topic"]["legacy"];
    assert_eq!(topic["name"], "legacy");
    assert_eq!(topic["region"], "eu-west-1");
    assert_eq!(
        topic["lifecycle"]["postcondition"][0]["condition"],
        "${self.arn == \"arn:aws:sns:eu-west-1:123456789012:legacy\"}"
    );
    // Looked up from its own account only; from any other, the ARN as written.
    assert_eq!(
        topic["count"],
        "${data.aws_caller_identity.current.account_id == \"123456789012\" ? 1 : 0}"
    );
    assert_eq!(
        configuration["locals"]["legacy_arn"],
        "${try(data.aws_sns_topic.legacy[0].arn, \"arn:aws:sns:eu-west-1:123456789012:legacy\")}"
    );
    let subscription =
        &configuration["resource"]["aws_sns_topic_subscription"]["legacy_to_fresh_subscription"];
    assert_eq!(subscription["topic_arn"], "${local.legacy_arn}");
}

/// Every kind with a `lookup` in stdlib/backends/kinds.yaml is looked up by
/// its data source of the same type, by that argument.
#[test]
fn existing_resources_of_every_kind_are_looked_up_by_their_name() {
    let text = "sqs q = existing \"arn:aws:sqs:eu-west-1:123456789012:q\"\n\
                lambda fn = existing \"arn:aws:lambda:eu-west-1:123456789012:function:fn\"\n\
                kinesis ks = existing \"arn:aws:kinesis:eu-west-1:123456789012:stream/ks\"\n\
                stepfunctions sm = existing \"arn:aws:states:eu-west-1:123456789012:stateMachine:sm\"\n\
                codecommit repo = existing \"arn:aws:codecommit:eu-west-1:123456789012:repo\"\n\
                sns t = existing \"arn:aws:sns:eu-west-1:123456789012:t\"\n\
                q -> lambda f\n\
                t -> lambda f\n\
                ks -> lambda f\n\
                schedule nightly \"rate(1 day)\" -> sm\n\
                repo -> events on push -> lambda f\n\
                sns other -> fn\n";
    let configuration = configuration_of(text);
    for (data_type, name, key) in [
        ("aws_sqs_queue", "q", "name"),
        ("aws_lambda_function", "fn", "function_name"),
        ("aws_kinesis_stream", "ks", "name"),
        ("aws_sfn_state_machine", "sm", "name"),
        ("aws_codecommit_repository", "repo", "repository_name"),
        ("aws_sns_topic", "t", "name"),
    ] {
        let lookup = &configuration["data"][data_type][name];
        assert_eq!(lookup[key], name, "{data_type}.{name}: {lookup}");
        assert_eq!(lookup["region"], "eu-west-1");
    }
    // A queue also goes by its URL (`url_form`), which its lookup stands for too.
    let text = "sqs q = existing \"arn:aws:sqs:eu-west-1:123456789012:q\"\n\
                s3 b -> notify -> q\n";
    let configuration = configuration_of(text);
    assert_eq!(
        configuration["locals"]["q_url"],
        "${try(data.aws_sqs_queue.q[0].url, \"https://sqs.eu-west-1.amazonaws.com/123456789012/q\")}"
    );
    let policies = configuration["resource"]["aws_sqs_queue_policy"]
        .as_object()
        .unwrap();
    let policy = policies.values().next().unwrap();
    assert_eq!(policy["queue_url"], "${local.q_url}");
}

/// An object property whose fields Terraform takes flat (`flatten` in
/// stdlib/backends/kinds.yaml): a hosted zone's comment.
#[test]
fn a_flattened_property_becomes_arguments_of_the_resource() {
    let text = "route53 example.com { comment = \"ours\" }\n";
    let configuration = configuration_of(text);
    let zones = configuration["resource"]["aws_route53_zone"]
        .as_object()
        .unwrap();
    let zone = zones.values().next().unwrap();
    assert_eq!(zone["comment"], "ours");
    assert_eq!(zone["name"], "example.com");
}

#[test]
fn literal_template_markers_are_escaped() {
    let text = "lambda f { environment = { GREETING = \"${name} and %{if}\" } }\n";
    let configuration = configuration_of(text);
    assert_eq!(
        configuration["resource"]["aws_lambda_function"]["f_function"]["environment"][0]["variables"]
            ["GREETING"],
        "$${name} and %%{if}"
    );
}

#[test]
fn build_writes_the_targets_asked_for() {
    let folder = tempfile::tempdir().unwrap();
    let run = |target: &str, out: &std::path::Path| {
        let out = out.to_str().unwrap();
        support::wirec(&[
            "build",
            "examples/s3-ingest.wire",
            "-o",
            out,
            "--target",
            target,
        ])
    };
    let terraform_only = folder.path().join("terraform");
    let output = run("terraform", &terraform_only);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(terraform_only.join("s3-ingest.tf.json").is_file());
    assert!(!terraform_only.join("s3-ingest.template.json").exists());
    let both = folder.path().join("all");
    let output = run("all", &both);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(both.join("s3-ingest.tf.json").is_file());
    assert!(both.join("s3-ingest.template.json").is_file());
}

// ---- the glue inventory of both backends

/// (principal, action, resource, conditions), references as plan logical ids.
type Glue = BTreeSet<(String, String, String, String)>;

/// What a reference means in the plan's terms: `{Id.Arn}`, `{Id.Url}`,
/// `{Id.Name}`, `{Id.Ref}` (CloudFormation's `Ref` where that is a name or an
/// id), `{partition}`, `{region}`, `{account}`, `{stack}`, `{param:Id}`.
struct Names {
    kinds: BTreeMap<String, Kind>,
    parameters: BTreeSet<String>,
    /// `type.name` → logical id.
    terraform: BTreeMap<String, String>,
    /// Terraform variable → parameter id.
    variables: BTreeMap<String, String>,
    /// `data.type.name.attribute` → the literal value it stands for.
    data: BTreeMap<String, String>,
}

impl Names {
    fn new(compilation: &Compilation, catalogue: &Catalogue, configuration: &Value) -> Names {
        let plan = compilation.plan(catalogue).unwrap();
        let mut names = Names {
            kinds: BTreeMap::new(),
            parameters: BTreeSet::new(),
            terraform: BTreeMap::new(),
            variables: BTreeMap::new(),
            data: BTreeMap::new(),
        };
        for resource in &plan.resources {
            names.kinds.insert(resource.id.clone(), resource.kind);
            names.terraform.insert(
                terraform::address(resource.kind, &resource.id),
                resource.id.clone(),
            );
        }
        for parameter in &plan.parameters {
            names.parameters.insert(parameter.id.clone());
            names
                .variables
                .insert(terraform::name(&parameter.id), parameter.id.clone());
        }
        // Existing resources: the ARN each data source is checked against.
        if let Some(data) = configuration["data"].as_object() {
            for (data_type, entries) in data {
                for (name, body) in entries.as_object().unwrap() {
                    let Some(condition) =
                        body["lifecycle"]["postcondition"][0]["condition"].as_str()
                    else {
                        continue;
                    };
                    let arn = condition
                        .trim_start_matches("${self.arn == \"")
                        .trim_end_matches("\"}")
                        .to_string();
                    let parts: Vec<&str> = arn.split(':').collect();
                    let url = format!(
                        "https://sqs.{}.amazonaws.com/{}/{}",
                        parts[3], parts[4], parts[5]
                    );
                    names
                        .data
                        .insert(format!("data.{data_type}.{name}.arn"), arn);
                    names
                        .data
                        .insert(format!("data.{data_type}.{name}.url"), url);
                }
            }
        }
        // The locals that stand for existing resources: the ARN (or URL) as written.
        if let Some(locals) = configuration["locals"].as_object() {
            for (name, value) in locals {
                let fallback: String = value
                    .as_str()
                    .and_then(|text| text.split_once(", \""))
                    .map(|(_, rest)| rest.trim_end_matches("\")}").to_string())
                    .unwrap();
                names.data.insert(format!("local.{name}"), fallback);
            }
        }
        names
    }

    /// CloudFormation's `Ref` of `id`.
    fn reference(&self, id: &str) -> String {
        if self.parameters.contains(id) {
            return format!("{{param:{id}}}");
        }
        match self.kinds.get(id) {
            Some(Kind::Topic | Kind::StateMachine) => format!("{{{id}.Arn}}"),
            Some(Kind::Queue) => format!("{{{id}.Url}}"),
            Some(_) => format!("{{{id}.Ref}}"),
            None => format!("{{unknown {id}}}"),
        }
    }

    fn attribute(id: &str, attribute: &str) -> String {
        let attribute = match attribute {
            "QueueName" | "TopicName" => "Name",
            "QueueUrl" => "Url",
            other => other,
        };
        format!("{{{id}.{attribute}}}")
    }

    /// A CloudFormation value as canonical text.
    fn cloudformation(&self, value: &Value) -> String {
        match value {
            Value::String(text) => text.clone(),
            Value::Object(entries) if entries.len() == 1 => {
                let (key, inner) = entries.iter().next().unwrap();
                match (key.as_str(), inner) {
                    ("Ref", Value::String(id)) => self.reference(id),
                    ("Fn::GetAtt", Value::Array(pair)) => {
                        Names::attribute(pair[0].as_str().unwrap(), pair[1].as_str().unwrap())
                    }
                    ("Fn::Sub", Value::String(template)) => self.sub(template),
                    _ => serde_json::to_string(&self.cloudformation_document(value)).unwrap(),
                }
            }
            other => serde_json::to_string(&self.cloudformation_document(other)).unwrap(),
        }
    }

    fn sub(&self, template: &str) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find('}').unwrap() + start;
            let placeholder = &rest[start + 2..end];
            out.push_str(&match placeholder {
                "AWS::Partition" => "{partition}".to_string(),
                "AWS::Region" => "{region}".to_string(),
                "AWS::AccountId" => "{account}".to_string(),
                "AWS::StackName" => "{stack}".to_string(),
                other => match other.split_once('.') {
                    Some((id, attribute)) => Names::attribute(id, attribute),
                    None => self.reference(other),
                },
            });
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// A CloudFormation document with every leaf as canonical text.
    fn cloudformation_document(&self, value: &Value) -> Value {
        match value {
            Value::Object(entries)
                if entries.len() == 1
                    && ["Ref", "Fn::GetAtt", "Fn::Sub"]
                        .contains(&entries.keys().next().unwrap().as_str()) =>
            {
                Value::String(self.cloudformation(value))
            }
            Value::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, inner)| (key.clone(), self.cloudformation_document(inner)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.cloudformation_document(item))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// A Terraform template string as canonical text.
    fn terraform(&self, template: &str) -> String {
        let mut out = String::new();
        let mut rest = template;
        loop {
            let Some(start) = rest.find('$') else {
                out.push_str(rest);
                return out;
            };
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            if let Some(after) = rest.strip_prefix("$${") {
                out.push_str("${");
                rest = after;
                continue;
            }
            let Some(after) = rest.strip_prefix("${") else {
                out.push('$');
                rest = &rest[1..];
                continue;
            };
            let end = after.find('}').unwrap();
            let expression = &after[..end];
            rest = &after[end + 1..];
            let canonical = match expression {
                "data.aws_partition.current.partition" => "{partition}".to_string(),
                "data.aws_region.current.region" => "{region}".to_string(),
                "data.aws_caller_identity.current.account_id" => "{account}".to_string(),
                "var.stack_name" => "{stack}".to_string(),
                other if other.starts_with("var.") => {
                    format!("{{param:{}}}", self.variables[&other[4..]])
                }
                other if other.starts_with("data.") || other.starts_with("local.") => {
                    self.data[other].clone()
                }
                other => {
                    let (address, attribute) = other.rsplit_once('.').unwrap();
                    let id = &self.terraform[address];
                    let kind = self.kinds[id];
                    let canonical = match (kind, attribute) {
                        // CloudFormation's log group ARN is Terraform's with `:*`.
                        (Kind::LogGroup, "arn") => match rest.strip_prefix(":*") {
                            Some(after) => {
                                rest = after;
                                "Arn"
                            }
                            None => "ArnWithoutStar",
                        },
                        (_, "arn") => "Arn",
                        (_, "url") => "Url",
                        (_, "stream_arn") => "StreamArn",
                        (Kind::Queue | Kind::Topic | Kind::StateMachine, "name") => "Name",
                        (
                            _,
                            "name"
                            | "function_name"
                            | "id"
                            | "alarm_name"
                            | "deployment_group_name"
                            | "repository_id",
                        ) => "Ref",
                        (_, other) => other,
                    };
                    format!("{{{id}.{canonical}}}")
                }
            };
            out.push_str(&canonical);
        }
    }

    /// A Terraform value (template or literal) as canonical text.
    fn terraform_value(&self, value: &Value) -> String {
        match value {
            Value::String(text) => self.terraform(text),
            other => other.to_string(),
        }
    }

    /// A Terraform policy string as a canonical document.
    fn terraform_document(&self, value: &Value) -> Value {
        serde_json::from_str(&self.terraform(value.as_str().unwrap())).unwrap()
    }
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(text) => vec![text.clone()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Null => Vec::new(),
        other => vec![other.to_string()],
    }
}

/// Every (principal, action, resource, conditions) of a canonical policy
/// document; `principal` and `resource` stand in where the document has none
/// (role policies have no principal, trust policies no resource).
fn statements(document: &Value, principal: Option<&str>, resource: Option<&str>, glue: &mut Glue) {
    let list = match &document["Statement"] {
        Value::Array(items) => items.clone(),
        single => vec![single.clone()],
    };
    for statement in &list {
        let principals: Vec<String> = match principal {
            Some(principal) => vec![principal.to_string()],
            None => match &statement["Principal"] {
                Value::Object(entries) => entries
                    .iter()
                    .flat_map(|(kind, values)| {
                        strings(values)
                            .into_iter()
                            .map(move |value| format!("{kind}:{value}"))
                    })
                    .collect(),
                other => strings(other),
            },
        };
        let resources = match resource {
            Some(resource) => vec![resource.to_string()],
            None => strings(&statement["Resource"]),
        };
        let mut conditions = Vec::new();
        if let Some(operators) = statement["Condition"].as_object() {
            for (operator, keys) in operators {
                for (key, value) in keys.as_object().unwrap() {
                    conditions.push(format!("{operator}:{key}={}", strings(value).join("|")));
                }
            }
        }
        conditions.sort();
        let conditions = conditions.join(" ");
        for principal in &principals {
            for action in strings(&statement["Action"]) {
                for resource in &resources {
                    glue.insert((
                        principal.clone(),
                        action.clone(),
                        resource.clone(),
                        conditions.clone(),
                    ));
                }
            }
        }
    }
}

fn permission(
    principal: &str,
    action: String,
    function: String,
    source_arn: Option<String>,
    source_account: Option<String>,
) -> (String, String, String, String) {
    let mut conditions = Vec::new();
    if let Some(account) = source_account {
        conditions.push(format!("aws:SourceAccount={account}"));
    }
    if let Some(arn) = source_arn {
        conditions.push(format!("aws:SourceArn={arn}"));
    }
    (
        format!("Service:{principal}"),
        action,
        function,
        conditions.join(" "),
    )
}

fn cloudformation_glue(template: &Value, names: &Names) -> Glue {
    let mut glue = Glue::new();
    for (id, resource) in template["Resources"].as_object().unwrap() {
        let properties = &resource["Properties"];
        let text = |key: &str| names.cloudformation(&properties[key]);
        let optional = |key: &str| {
            (!properties[key].is_null()).then(|| names.cloudformation(&properties[key]))
        };
        match resource["Type"].as_str().unwrap() {
            "AWS::Lambda::Permission" => {
                glue.insert(permission(
                    &text("Principal"),
                    text("Action"),
                    text("FunctionName"),
                    optional("SourceArn"),
                    optional("SourceAccount"),
                ));
            }
            kind @ ("AWS::SQS::QueuePolicy" | "AWS::SNS::TopicPolicy") => {
                let list = if kind == "AWS::SQS::QueuePolicy" {
                    "Queues"
                } else {
                    "Topics"
                };
                for target in properties[list].as_array().unwrap() {
                    glue.insert((
                        "policy".into(),
                        "attached to".into(),
                        names.cloudformation(target),
                        String::new(),
                    ));
                }
                let document = names.cloudformation_document(&properties["PolicyDocument"]);
                statements(&document, None, None, &mut glue);
            }
            "AWS::KMS::Key" => {
                let document = names.cloudformation_document(&properties["KeyPolicy"]);
                statements(&document, None, Some(&format!("key {id}")), &mut glue);
            }
            "AWS::S3::BucketPolicy" => {
                glue.insert((
                    "policy".into(),
                    "attached to".into(),
                    text("Bucket"),
                    String::new(),
                ));
                let document = names.cloudformation_document(&properties["PolicyDocument"]);
                statements(&document, None, None, &mut glue);
            }
            "AWS::IAM::Role" => {
                let role = format!("role {id}");
                let trust = names.cloudformation_document(&properties["AssumeRolePolicyDocument"]);
                statements(&trust, None, Some(&role), &mut glue);
                for policy in properties["Policies"].as_array().into_iter().flatten() {
                    let document = names.cloudformation_document(&policy["PolicyDocument"]);
                    statements(&document, Some(&role), None, &mut glue);
                }
                for arn in properties["ManagedPolicyArns"]
                    .as_array()
                    .into_iter()
                    .flatten()
                {
                    glue.insert((
                        role.clone(),
                        "attached".into(),
                        names.cloudformation(arn),
                        String::new(),
                    ));
                }
            }
            "AWS::Logs::ResourcePolicy" => {
                let document: Value = serde_json::from_str(&text("PolicyDocument")).unwrap();
                statements(&document, None, None, &mut glue);
            }
            "AWS::IAM::ManagedPolicy" => {
                let policy = format!("policy {id}");
                let document = names.cloudformation_document(&properties["PolicyDocument"]);
                statements(&document, Some(&policy), None, &mut glue);
                for role in properties["Roles"].as_array().into_iter().flatten() {
                    // A role of the template is named as Terraform names it.
                    let role = names.cloudformation(role);
                    glue.insert((
                        format!(
                            "role {}",
                            role.trim_start_matches('{').trim_end_matches(".Ref}")
                        ),
                        "attached".into(),
                        // A managed policy's Ref is its ARN.
                        format!("{{{id}.Arn}}"),
                        String::new(),
                    ));
                }
            }
            _ => {}
        }
    }
    glue
}

fn terraform_glue(configuration: &Value, names: &Names) -> Glue {
    let mut glue = Glue::new();
    let empty = serde_json::Map::new();
    let resources = configuration["resource"].as_object().unwrap_or(&empty);
    let each = |resource_type: &str| {
        resources
            .get(resource_type)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
    };
    for (_, body) in each("aws_lambda_permission") {
        let text = |key: &str| names.terraform_value(&body[key]);
        let optional =
            |key: &str| (!body[key].is_null()).then(|| names.terraform_value(&body[key]));
        glue.insert(permission(
            &text("principal"),
            text("action"),
            text("function_name"),
            optional("source_arn"),
            optional("source_account"),
        ));
    }
    for (resource_type, target) in [
        ("aws_sqs_queue_policy", "queue_url"),
        ("aws_sns_topic_policy", "arn"),
        ("aws_s3_bucket_policy", "bucket"),
    ] {
        for (_, body) in each(resource_type) {
            glue.insert((
                "policy".into(),
                "attached to".into(),
                names.terraform_value(&body[target]),
                String::new(),
            ));
            statements(
                &names.terraform_document(&body["policy"]),
                None,
                None,
                &mut glue,
            );
        }
    }
    for (name, body) in each("aws_kms_key") {
        let key = format!("key {}", names.terraform[&format!("aws_kms_key.{name}")]);
        statements(
            &names.terraform_document(&body["policy"]),
            None,
            Some(&key),
            &mut glue,
        );
    }
    for (name, body) in each("aws_iam_role") {
        let role = format!("role {}", names.terraform[&format!("aws_iam_role.{name}")]);
        statements(
            &names.terraform_document(&body["assume_role_policy"]),
            None,
            Some(&role),
            &mut glue,
        );
    }
    // A role policy names its role by `name`: `{Id.Ref}`.
    let role_of = |body: &Value| {
        let reference = names.terraform_value(&body["role"]);
        format!(
            "role {}",
            reference.trim_start_matches('{').trim_end_matches(".Ref}")
        )
    };
    for (_, body) in each("aws_iam_role_policy") {
        statements(
            &names.terraform_document(&body["policy"]),
            Some(&role_of(body)),
            None,
            &mut glue,
        );
    }
    for (_, body) in each("aws_iam_role_policy_attachment") {
        glue.insert((
            role_of(body),
            "attached".into(),
            names.terraform_value(&body["policy_arn"]),
            String::new(),
        ));
    }
    for (name, body) in each("aws_iam_policy") {
        let policy = format!(
            "policy {}",
            names.terraform[&format!("aws_iam_policy.{name}")]
        );
        statements(
            &names.terraform_document(&body["policy"]),
            Some(&policy),
            None,
            &mut glue,
        );
    }
    for (_, body) in each("aws_cloudwatch_log_resource_policy") {
        statements(
            &names.terraform_document(&body["policy_document"]),
            None,
            None,
            &mut glue,
        );
    }
    glue
}

/// What each backend grants that the other does not, for `configuration`
/// (the Terraform text of `compilation`, or a tampered copy).
fn glue_difference(
    compilation: &Compilation,
    catalogue: &Catalogue,
    configuration: &str,
) -> (Glue, Vec<String>, Vec<String>) {
    let template = compilation.cloudformation(catalogue).unwrap();
    let configuration: Value = serde_json::from_str(configuration).unwrap();
    let names = Names::new(compilation, catalogue, &configuration);
    let cloudformation = cloudformation_glue(&template, &names);
    let terraform = terraform_glue(&configuration, &names);
    let only_cloudformation = cloudformation
        .difference(&terraform)
        .map(|grant| format!("{grant:?}"))
        .collect();
    let only_terraform = terraform
        .difference(&cloudformation)
        .map(|grant| format!("{grant:?}"))
        .collect();
    (cloudformation, only_cloudformation, only_terraform)
}

fn assert_same_glue(name: &str, compilation: &Compilation, catalogue: &Catalogue) -> usize {
    let text = terraform_text(compilation, catalogue);
    let (glue, only_cloudformation, only_terraform) =
        glue_difference(compilation, catalogue, &text);
    assert!(
        only_cloudformation.is_empty() && only_terraform.is_empty(),
        "{name}: the backends grant different glue\nonly in CloudFormation: {only_cloudformation:#?}\nonly in Terraform: {only_terraform:#?}"
    );
    glue.len()
}

#[test]
fn the_glue_comparison_notices_a_changed_grant() {
    let catalogue = support::catalogue();
    // The first part of the fixture with an S3 → SQS edge and a log group.
    let (compilation, text) = support::every_edge_fixtures()
        .iter()
        .map(|path| {
            let compilation = support::compile_file(path, &catalogue);
            let text = terraform_text(&compilation, &catalogue);
            (compilation, text)
        })
        .find(|(_, text)| {
            text.contains("Resource\\\":\\\"${aws_sqs_queue.")
                && text.contains(":log-stream:*")
                && text.contains("\"principal\": \"s3.amazonaws.com\"")
        })
        .expect("a part of the fixture has S3 → SQS and a log group");
    // A queue's name where a policy names its ARN.
    let statement = text.find("Resource\\\":\\\"${aws_sqs_queue.").unwrap();
    let arn = statement + text[statement..].find(".arn}").unwrap();
    let mut queue_name = text.clone();
    queue_name.replace_range(arn..arn + 5, ".name}");
    for (what, tampered) in [
        (
            "a log group's streams narrowed to one",
            text.replacen(":log-stream:*", ":log-stream:other", 1),
        ),
        ("a queue's name for its ARN", queue_name),
        (
            "a lost confused-deputy condition",
            text.replacen("\\\"aws:SourceAccount\\\"", "\\\"aws:SourceOwner\\\"", 1),
        ),
        (
            "another principal",
            text.replacen(
                "\"principal\": \"s3.amazonaws.com\"",
                "\"principal\": \"sns.amazonaws.com\"",
                1,
            ),
        ),
    ] {
        assert_ne!(tampered, text, "{what}: nothing to change");
        let (_, only_cloudformation, only_terraform) =
            glue_difference(&compilation, &catalogue, &tampered);
        assert!(
            !only_cloudformation.is_empty() && !only_terraform.is_empty(),
            "{what} went unnoticed"
        );
    }
}

#[test]
fn both_backends_grant_the_same_glue_for_every_allowed_edge() {
    let catalogue = support::catalogue();
    let mut grants = 0;
    for path in support::every_edge_fixtures() {
        let compilation = support::compile_file(&path, &catalogue);
        grants += assert_same_glue(&path.display().to_string(), &compilation, &catalogue);
    }
    assert!(grants > 300, "only {grants} grants in the fixture");
    for path in examples() {
        let compilation = support::compile_file(&path, &catalogue);
        assert_same_glue(&path.display().to_string(), &compilation, &catalogue);
    }
}

#[test]
fn both_backends_grant_the_same_glue_to_existing_resources_and_parameters() {
    let catalogue = support::catalogue();
    let text = "param team = \"data\"\n\
                sns legacy = existing \"arn:aws:sns:us-east-1:123456789012:legacy\"\n\
                lambda handler = existing \"arn:aws:lambda:us-east-1:123456789012:function:handler\"\n\
                legacy -> sqs fresh\n\
                legacy -> lambda handler\n\
                s3 uploads { tags = { team = team } } -> notify -> sqs fresh\n";
    let compilation = support::compile_text("a.wire", text, &catalogue);
    assert_same_glue("existing resources", &compilation, &catalogue);
    // A policy attached to a role that only the wiring names.
    let text = "asg fleet { launch-template = \"fleet\", agent = true, instance-role = \"fleet-instances\" }\n\
                fleet -> logs \"/var/log/app.log\" -> loggroup fleet-app\n";
    let compilation = support::compile_text("b.wire", text, &catalogue);
    assert!(
        assert_same_glue("an attached policy", &compilation, &catalogue) > 3,
        "the agent's policy and its attachment are compared"
    );
}
