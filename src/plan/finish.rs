//! The last phase: the accumulated lists, stages, policies and role statements
//! become resources, in a fixed order.

use crate::ast;
use crate::plan::build::Builder;
use crate::plan::expr::{list, refers_to, sub, text, value_expr};
use crate::plan::{Expr, Fields, Kind, Output, Parameter, Plan, logical_id, map};
use crate::source::Span;

impl Builder<'_> {
    pub(super) fn finish(mut self) -> Plan {
        // Each agent's configuration, with the files of every `logs` edge.
        for (id, (name, origin, files)) in std::mem::take(&mut self.agent_files) {
            let configuration = serde_json::json!({
                "logs": { "logs_collected": { "files": { "collect_list": files } } }
            });
            let mut properties = Fields::new();
            properties.insert("Name", text(name));
            properties.insert("Type", text("String"));
            properties.insert("Value", text(configuration.to_string()));
            properties.insert(
                "Description",
                text("The unified CloudWatch agent's configuration (wirec)"),
            );
            self.add(id, Kind::Parameter, origin, properties);
        }
        // A Flink application's runtime properties, in their one property group.
        for (application, properties) in std::mem::take(&mut self.flink_properties) {
            if let Some(resource) = self.resource_mut(&application)
                && let Some(Expr::Map(configuration)) =
                    resource.properties.get("ApplicationConfiguration").cloned()
            {
                let mut configuration = configuration;
                configuration.insert(
                    "EnvironmentProperties",
                    map([(
                        "PropertyGroups",
                        list(vec![map([
                            ("PropertyGroupId", text("FlinkApplicationProperties")),
                            ("PropertyMap", Expr::Map(properties)),
                        ])]),
                    )]),
                );
                resource
                    .properties
                    .insert("ApplicationConfiguration", Expr::Map(configuration));
            }
        }
        // A pipeline's stages after its source, in the order edges named them.
        for (pipeline, stages) in std::mem::take(&mut self.stages) {
            for (name, actions) in stages {
                let stage = map([("Actions", list(actions)), ("Name", text(name))]);
                self.push_list(&pipeline, "Stages", stage);
            }
        }
        // Whole-object lists: notification configurations, triggers, alarm actions, rule targets.
        // Each (resource, property) pair is written once, so the order of this loop
        // does not show in the output.
        for ((logical, path), items) in std::mem::take(&mut self.lists) {
            if let Some(resource) = self.resource_mut(&logical) {
                match path.split_once('.') {
                    Some((outer, inner)) => {
                        let entry = resource
                            .properties
                            .entry_or_insert_with(outer.to_string(), || Expr::Map(Fields::new()));
                        if let Expr::Map(inner_map) = entry {
                            inner_map.insert(inner.to_string(), list(items));
                        }
                    }
                    None => {
                        resource.properties.insert(path, list(items));
                    }
                }
            }
        }

        for (id, draft) in std::mem::take(&mut self.policies) {
            let mut properties = Fields::new();
            match draft.kind {
                Kind::QueuePolicy => properties.insert("Queues", list(vec![draft.target])),
                Kind::BucketPolicy => properties.insert("Bucket", draft.target),
                _ => properties.insert("Topics", list(vec![draft.target])),
            }
            properties.insert(
                "PolicyDocument",
                map([
                    ("Version", text("2012-10-17")),
                    ("Statement", list(draft.statements)),
                ]),
            );
            self.add(id, draft.kind, draft.origin, properties);
        }
        if !self.logs_policy.is_empty() {
            let body = format!(
                "{{\"Version\":\"2012-10-17\",\"Statement\":[{}]}}",
                self.logs_policy
                    .iter()
                    .filter_map(|statement| match statement {
                        Expr::Text(statement) => Some(statement.clone()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let origin = self
                .resources
                .first()
                .map_or(Span::none(), |resource| resource.origin);
            let mut properties = Fields::new();
            properties.insert("PolicyName", sub("${AWS::StackName}-events-to-logs"));
            properties.insert("PolicyDocument", sub(body));
            self.add(
                "EventsToLogsResourcePolicy".to_string(),
                Kind::LogsResourcePolicy,
                origin,
                properties,
            );
        }
        for (role, statements) in std::mem::take(&mut self.role_statements) {
            if statements.is_empty() {
                continue;
            }
            if let Some(resource) = self.resource_mut(&role) {
                let document = map([
                    ("Version", text("2012-10-17")),
                    ("Statement", list(statements)),
                ]);
                // A policy of its own (for a role wirec does not create) holds
                // the statements itself; a role takes them as its inline policy.
                if resource.kind == Kind::ManagedPolicy {
                    resource.properties.insert("PolicyDocument", document);
                } else {
                    let policy = map([
                        ("PolicyName", text("wirec-glue")),
                        ("PolicyDocument", document),
                    ]);
                    resource.properties.insert("Policies", list(vec![policy]));
                }
            }
        }
        let mut outputs = Vec::new();
        for (resource, handle) in self.model.resources.iter().zip(&self.handles) {
            if let Some(logical) = &handle.logical {
                let mut id = String::with_capacity(logical.len() + 3);
                id.push_str(logical);
                id.push_str("Arn");
                let mut description =
                    String::with_capacity(resource.service.len() + resource.name.len() + 10);
                // A group's ARN holds an id only AWS knows: its output is its name.
                description.push_str(if resource.service == "asg" {
                    "Name of "
                } else {
                    "ARN of "
                });
                description.push_str(&resource.service);
                description.push_str(" `");
                description.push_str(&resource.name);
                description.push('`');
                outputs.push(Output {
                    id,
                    description,
                    value: handle.arn.clone(),
                });
            }
        }
        // A policy that wirec could not attach is for the user to attach.
        for resource in &self.resources {
            if resource.kind == Kind::ManagedPolicy && !resource.properties.contains_key("Roles") {
                outputs.push(Output {
                    id: format!("{}Arn", resource.id),
                    description:
                        "ARN of the CloudWatch agent's policy: attach it to the instances' role"
                            .to_string(),
                    value: Expr::Ref(resource.id.clone()),
                });
            }
        }
        // The agents' configurations, one parameter per instance or group.
        let parameters = self
            .model
            .params
            .iter()
            .map(|param| Parameter {
                id: logical_id(&param.name.text, ""),
                number: matches!(param.default, Some(ast::Value::Number(_))),
                default: param.default.as_ref().map(|value| match value_expr(value) {
                    Expr::Text(value) => value.into_owned(),
                    Expr::Number(value) => value,
                    Expr::Bool(flag) => flag.to_string(),
                    _ => String::new(),
                }),
                secret: param.secret,
                origin: param.name.span,
            })
            .collect();
        let mut resources = self.resources;
        // An explicit dependency that a reference already implies is noise (and cfn-lint W3005).
        for resource in resources
            .iter_mut()
            .filter(|resource| !resource.depends_on.is_empty())
        {
            let properties = &resource.properties;
            resource.depends_on.retain(|dependency| {
                !properties
                    .values()
                    .any(|value| refers_to(value, dependency))
            });
        }
        resources.sort_unstable_by(|left, right| left.id.cmp(&right.id));
        outputs.sort_unstable_by(|left, right| left.id.cmp(&right.id));
        Plan {
            description: "Generated by wirec from wiring sources; do not edit by hand.".to_string(),
            parameters,
            resources,
            outputs,
        }
    }
}
