//! Ordering and the file: dependencies resolved to Terraform addresses, and
//! the sections (terraform, provider, variable, data, locals, resource, output)
//! in their conventional order, each sorted inside.

use super::expr::{quoted, sorted};
use super::{AWS_PROVIDER_VERSION, Renderer, STACK_NAME_MAX, address, name};
use crate::emit::parameters;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

impl Renderer<'_> {
    /// The addresses that stand for "after plan resource `id`": a role with
    /// policies means its policies (which refer to the role), since in
    /// CloudFormation a role's inline policies are part of it. Waiting for a
    /// bucket or a repository means waiting for the resource itself: nothing in
    /// the plan waits for their notifications or triggers. A managed policy
    /// attached to roles means its attachments (which refer to the policy):
    /// what waits for it waits until its role holds it.
    pub(super) fn addresses_of(&self, id: &str) -> Vec<String> {
        let Some(&kind) = self.kinds.get(id) else {
            return Vec::new();
        };
        // Only roles have policies of their own, and only managed policies attachments.
        match self
            .role_policies
            .get(&name(id))
            .or_else(|| self.attachments.get(&name(id)))
        {
            Some(policies) => policies.clone(),
            None => vec![address(kind, id)],
        }
    }

    pub(super) fn finish(mut self) -> Value {
        // Outputs first: rendering them may call for data sources.
        let mut outputs = Map::new();
        for output in &self.plan.outputs {
            let value = self.value(&output.value);
            outputs.insert(
                name(&output.id),
                json!({ "description": output.description, "value": value }),
            );
        }
        self.resolve_dependencies();
        let mut root = Map::new();
        root.insert("//".into(), json!(self.plan.description));
        self.settings(&mut root);
        let variables = self.variables();
        if !variables.is_empty() {
            root.insert("variable".into(), sorted(Value::Object(variables)));
        }
        let data = self.data_sources();
        if !data.is_empty() {
            root.insert("data".into(), sorted(Value::Object(data)));
        }
        let locals = self.locals();
        if !locals.is_empty() {
            root.insert("locals".into(), sorted(Value::Object(locals)));
        }
        let resources = self.resource_section();
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

    /// Resolves the plan's dependencies to addresses, then lets everything that
    /// refers to a role also wait for the role's policies, as it would in CloudFormation.
    fn resolve_dependencies(&mut self) {
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
    }

    /// The `terraform` (required providers) and `provider` sections.
    fn settings(&self, root: &mut Map<String, Value>) {
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
    }

    /// `var.stack_name` when a name is generated, and one variable per parameter.
    fn variables(&self) -> Map<String, Value> {
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
        // Terraform uploads the functions' zips itself (`filename`).
        for parameter in self
            .plan
            .parameters
            .iter()
            .filter(|parameter| !parameter.artifact_bucket)
        {
            let location = self.location(parameter.origin);
            let body = parameters::declaration(parameter, &location, &parameters::TERRAFORM);
            variables.insert(name(&parameter.id), body);
        }
        variables
    }

    /// The data sources: the partition, Region, account and zones when used,
    /// the lookups of existing resources, and the archives of inline code.
    fn data_sources(&mut self) -> Map<String, Value> {
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
        data.into_iter()
            .map(|(data_type, entries)| (data_type.to_string(), Value::Object(entries)))
            .collect()
    }

    /// The locals that stand for existing resources: looked up, or as written.
    fn locals(&self) -> Map<String, Value> {
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
        locals
    }

    /// The resources by type, each with its comment and `depends_on`.
    fn resource_section(&mut self) -> Map<String, Value> {
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
        resources
            .into_iter()
            .map(|(resource_type, entries)| (resource_type.to_string(), Value::Object(entries)))
            .collect()
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
