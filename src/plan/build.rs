//! Model → plan: primary resources first, then each edge's glue by mechanism,
//! then the whole-object configurations and merged policies.

use crate::ast;
use crate::catalogue::{Catalogue, ChannelSpec, ValueKind};
use crate::model::{Edge, Model, ResourceId};
use crate::plan::expr::{
    PARTITION, attribute_type, json_plain, list, sub, sub_literal, tag_list, text, value_expr,
};
use crate::plan::iam::{principal_expr, this_account};
use crate::plan::names::{physical, physical_path};
use crate::plan::patterns::rule_pattern;
use crate::plan::{Cow, Expr, Fields, Kind, Plan, Resource, logical_id, map};
use crate::source::Span;
use indexmap::IndexMap;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;
use std::rc::Rc;

/// Builds the plan of a model that passed `check`.
#[must_use]
pub fn build(model: &Model, catalogue: &Catalogue) -> Plan {
    let mut builder = Builder {
        model,
        catalogue,
        resources: Vec::new(),
        index: HashMap::with_capacity_and_hasher(
            model.resources.len() * 4 + model.edges.len() * 2,
            rustc_hash::FxBuildHasher,
        ),
        handles: Vec::new(),
        policies: IndexMap::new(),
        logs_policy: Vec::new(),
        role_statements: HashMap::default(),
        lists: HashMap::default(),
        stages: HashMap::default(),
        flink_properties: HashMap::default(),
        agent_files: IndexMap::new(),
    };
    builder.parameters_and_primaries();
    for edge in &model.edges {
        builder.edge(edge);
    }
    builder.finish()
}

/// How other resources refer to one model resource.
#[derive(Clone)]
pub(super) struct Handle {
    /// The primary resource's logical id (none for existing resources and addresses).
    pub(super) logical: Option<String>,
    pub(super) arn: Expr,
    /// The physical name, where one is needed (log groups, repositories).
    pub(super) name: Expr,
    /// The role that the resource runs as (functions, Firehose, deployment groups).
    pub(super) role: Option<String>,
}

impl Handle {
    /// A resource created in the template, with no role of its own.
    pub(super) fn created(logical: &str, arn: Expr, name: Expr) -> Handle {
        Handle {
            logical: Some(logical.to_string()),
            arn,
            name,
            role: None,
        }
    }
}

/// A merged resource policy under construction.
pub(super) struct PolicyDraft {
    pub(super) kind: Kind,
    pub(super) target: Expr,
    pub(super) statements: Vec<Expr>,
    pub(super) origin: Span,
}

pub(super) struct Builder<'a> {
    pub(super) model: &'a Model,
    pub(super) catalogue: &'a Catalogue,
    pub(super) resources: Vec<Resource>,
    pub(super) index: HashMap<String, usize>,
    pub(super) handles: Vec<Rc<Handle>>,
    pub(super) policies: IndexMap<String, PolicyDraft>,
    pub(super) logs_policy: Vec<Expr>,
    /// Extra statements for a role, by role logical id.
    pub(super) role_statements: HashMap<String, Vec<Expr>>,
    /// List-valued properties filled by edges: (logical id, property path) → items.
    pub(super) lists: HashMap<(String, String), Vec<Expr>>,
    /// A pipeline's stages after its source stage, in order: name → actions.
    pub(super) stages: HashMap<String, IndexMap<String, Vec<Expr>>>,
    /// A Flink application's runtime properties: its `environment` and the
    /// ARNs of the streams it reads.
    pub(super) flink_properties: HashMap<String, Fields>,
    /// The CloudWatch agent's configuration per instance or group: parameter
    /// logical id → (parameter name, origin, the files it collects).
    pub(super) agent_files: IndexMap<String, (String, Span, Vec<serde_json::Value>)>,
}

impl Builder<'_> {
    pub(super) fn add(
        &mut self,
        id: String,
        kind: Kind,
        origin: Span,
        properties: Fields,
    ) -> &mut Resource {
        let position = self.resources.len();
        self.resources.push(Resource {
            id: id.clone(),
            kind,
            properties,
            depends_on: BTreeSet::new(),
            origin,
            notes: Vec::new(),
            raw_cloudformation: Vec::new(),
            raw_terraform: Fields::new(),
        });
        self.index.insert(id, position);
        &mut self.resources[position]
    }

    /// The physical name of an edge's own piece of configuration (a trigger, a
    /// notification rule): `source-to-target`, from the user's names.
    pub(super) fn edge_name(&self, edge: &Edge) -> String {
        format!(
            "{}-to-{}",
            self.model.resource(edge.from).name,
            self.model.resource(edge.to).name
        )
    }

    /// `base`, or `base2`, `base3`, ... when edges that differ only in options
    /// would otherwise share an id (the first keeps the plain one).
    pub(super) fn unique_id(&self, base: String) -> String {
        if !self.index.contains_key(&base) {
            return base;
        }
        (2..u32::MAX)
            .map(|number| format!("{base}{number}"))
            .find(|candidate| !self.index.contains_key(candidate))
            .unwrap_or(base)
    }

    pub(super) fn resource_mut(&mut self, id: &str) -> Option<&mut Resource> {
        self.index
            .get(id)
            .copied()
            .map(|position| &mut self.resources[position])
    }

    pub(super) fn handle(&self, id: ResourceId) -> Rc<Handle> {
        Rc::clone(&self.handles[id.0 as usize])
    }

    pub(super) fn pascal(&self, id: ResourceId) -> String {
        logical_id(&self.model.resource(id).name, "")
    }

    /// A property's value; a bare word that is one of a word property's
    /// values is that text, any other bare word a parameter.
    pub(super) fn property(&self, id: ResourceId, key: &str) -> Option<Expr> {
        let resource = self.model.resource(id);
        let property = resource.properties.get(key)?;
        if let ast::Value::Word(word) = &property.value
            && self
                .catalogue
                .service(&resource.service)
                .and_then(|spec| spec.properties.get(key))
                .is_some_and(|spec| {
                    spec.kind == ValueKind::Word && spec.values.contains(&word.text)
                })
        {
            return Some(text(word.text.clone()));
        }
        Some(value_expr(&property.value))
    }

    /// A property's value when it is literal text (a string, or a word property's value).
    pub(super) fn text_property(&self, id: ResourceId, key: &str) -> Option<String> {
        match self.property(id, key) {
            Some(Expr::Text(value)) => Some(value.into_owned()),
            _ => None,
        }
    }

    /// Sets each backend property from the declaration's property of the same
    /// meaning, where the declaration sets it.
    pub(super) fn copy_properties(
        &self,
        id: ResourceId,
        properties: &mut Fields,
        pairs: &[(&str, &'static str)],
    ) {
        for (key, property) in pairs {
            if let Some(value) = self.property(id, key) {
                properties.insert(*property, value);
            }
        }
    }

    pub(super) fn parameters_and_primaries(&mut self) {
        let _ = &self.catalogue;
        for resource in &self.model.resources {
            let handle = self.primary(resource.id);
            self.handles.push(Rc::new(handle));
        }
    }

    /// A role trusted by `principal`, with `statements` in one inline policy.
    pub(super) fn role(
        &mut self,
        id: &str,
        origin: Span,
        principal: Expr,
        trust_conditions: Option<Expr>,
        statements: Vec<Expr>,
    ) {
        let mut trust = Fields::new();
        trust.insert("Effect", text("Allow"));
        trust.insert("Principal", map([("Service", principal)]));
        trust.insert("Action", text("sts:AssumeRole"));
        if let Some(conditions) = trust_conditions {
            trust.insert("Condition", conditions);
        }
        let mut properties = Fields::new();
        properties.insert(
            "AssumeRolePolicyDocument",
            map([
                ("Version", text("2012-10-17")),
                ("Statement", list(vec![Expr::Map(trust)])),
            ]),
        );
        self.add(id.to_string(), Kind::Role, origin, properties);
        self.role_statements
            .entry(id.to_string())
            .or_default()
            .extend(statements);
    }

    pub(super) fn primary(&mut self, id: ResourceId) -> Handle {
        let resource = self.model.resource(id);
        let Some(spec) = self.catalogue.service(&resource.service) else {
            return Handle {
                logical: None,
                arn: text(""),
                name: text(""),
                role: None,
            };
        };
        if let Some(existing) = &resource.existing {
            let arn = existing.text.clone();
            let name = match arn.split_once(":log-group:") {
                // Log group names contain slashes: take everything after `log-group:`.
                Some((_, rest)) => rest.trim_end_matches(":*").to_string(),
                None => arn
                    .rsplit([':', '/'])
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            };
            return Handle {
                logical: None,
                arn: text(arn),
                name: text(name),
                role: None,
            };
        }
        let logical = logical_id(&resource.name, &spec.logical_suffix);
        let origin = resource.span;
        let (max, lowercase) = spec
            .physical_name
            .as_ref()
            .map_or((255, false), |name| (name.max_length, name.lowercase));
        let mut properties: Fields = Fields::new();
        let tags = self
            .property(id, "tags")
            // A parameter's tags are a map, a group's say whether instances
            // get them, and a zone's are `HostedZoneTags`.
            .filter(|_| {
                !["parameter", "asg", "route53", "ec2"].contains(&resource.service.as_str())
            })
            .map(|tags| tag_list(&tags));
        let handle = match resource.service.as_str() {
            "s3" => {
                // A literal name breaks the bucket ↔ policy cycle: the policies'
                // `aws:SourceArn` is built from it instead of referencing the bucket.
                let bucket = physical(&resource.name, max - 26, lowercase);
                let name = format!("{bucket}-${{AWS::AccountId}}-${{AWS::Region}}");
                properties.insert("BucketName", sub(name.clone()));
                if let Some(Expr::Bool(true)) = self.property(id, "versioning") {
                    properties.insert(
                        "VersioningConfiguration",
                        map([("Status", text("Enabled"))]),
                    );
                }
                properties.insert("PublicAccessBlockConfiguration", public_access_blocked());
                Handle::created(
                    &logical,
                    sub(format!("arn:{PARTITION}:s3:::{name}")),
                    sub(name),
                )
            }
            "sqs" => {
                self.copy_properties(
                    id,
                    &mut properties,
                    &[
                        ("fifo", "FifoQueue"),
                        ("visibility-timeout", "VisibilityTimeout"),
                        ("retention", "MessageRetentionPeriod"),
                        ("delay", "DelaySeconds"),
                    ],
                );
                self.encryption(id, &logical, &mut properties);
                Handle::created(
                    &logical,
                    Expr::arn(&logical),
                    Expr::Attr(logical.clone(), "QueueName"),
                )
            }
            "sns" => {
                self.copy_properties(
                    id,
                    &mut properties,
                    &[("fifo", "FifoTopic"), ("display-name", "DisplayName")],
                );
                self.encryption(id, &logical, &mut properties);
                Handle::created(
                    &logical,
                    Expr::Ref(logical.clone()),
                    Expr::Attr(logical.clone(), "TopicName"),
                )
            }
            "lambda" => self.function(id, &logical, origin, &mut properties),
            "dynamodb" => {
                let key = self.property(id, "key").unwrap_or_else(|| text("id"));
                let key_type = attribute_type(self.property(id, "key-type"));
                let mut definitions = vec![map([
                    ("AttributeName", key.clone()),
                    ("AttributeType", key_type),
                ])];
                let mut schema = vec![map([("AttributeName", key), ("KeyType", text("HASH"))])];
                if let Some(sort) = self.property(id, "sort-key") {
                    definitions.push(map([
                        ("AttributeName", sort.clone()),
                        (
                            "AttributeType",
                            attribute_type(self.property(id, "sort-key-type")),
                        ),
                    ]));
                    schema.push(map([("AttributeName", sort), ("KeyType", text("RANGE"))]));
                }
                properties.insert("BillingMode", text("PAY_PER_REQUEST"));
                properties.insert("AttributeDefinitions", list(definitions));
                properties.insert("KeySchema", list(schema));
                let stream = self
                    .model
                    .outgoing(id)
                    .into_iter()
                    .find(|edge| edge.channel == "stream")
                    .map(|edge| {
                        edge.options
                            .get("view")
                            .map_or("new-and-old".to_string(), crate::model::OptionValue::joined)
                    });
                if let Some(view) = stream {
                    let view = match view.as_str() {
                        "keys-only" => "KEYS_ONLY",
                        "new" => "NEW_IMAGE",
                        "old" => "OLD_IMAGE",
                        _ => "NEW_AND_OLD_IMAGES",
                    };
                    properties.insert("StreamSpecification", map([("StreamViewType", text(view))]));
                }
                Handle::created(&logical, Expr::arn(&logical), Expr::Ref(logical.clone()))
            }
            "kinesis" => {
                match self.property(id, "shards") {
                    Some(shards) => {
                        properties.insert("ShardCount", shards);
                        properties.insert(
                            "StreamModeDetails",
                            map([("StreamMode", text("PROVISIONED"))]),
                        );
                    }
                    None => {
                        properties.insert(
                            "StreamModeDetails",
                            map([("StreamMode", text("ON_DEMAND"))]),
                        );
                    }
                }
                if let Some(hours) = self.property(id, "retention-hours") {
                    properties.insert("RetentionPeriodHours", hours);
                }
                properties.insert(
                    "StreamEncryption",
                    map([
                        ("EncryptionType", text("KMS")),
                        ("KeyId", text("alias/aws/kinesis")),
                    ]),
                );
                Handle::created(&logical, Expr::arn(&logical), Expr::Ref(logical.clone()))
            }
            "firehose" => {
                let role = format!("{logical}Role");
                let trust = map([(
                    "StringEquals",
                    map([("sts:ExternalId", sub("${AWS::AccountId}"))]),
                )]);
                self.role(
                    &role,
                    origin,
                    text("firehose.amazonaws.com"),
                    Some(trust),
                    Vec::new(),
                );
                properties.insert("DeliveryStreamType", text("DirectPut"));
                // API Gateway logs only to streams named `amazon-apigateway-...`.
                if self
                    .model
                    .incoming(id)
                    .iter()
                    .any(|edge| edge.channel == "access-logs")
                {
                    let mut name = format!("amazon-apigateway-{}", resource.name);
                    name.truncate(64);
                    properties.insert("DeliveryStreamName", text(name));
                }
                Handle {
                    logical: Some(logical.clone()),
                    arn: Expr::arn(&logical),
                    name: Expr::Ref(logical.clone()),
                    role: Some(role),
                }
            }
            "codecommit" => {
                let name = physical(&resource.name, max, false);
                properties.insert("RepositoryName", text(name.clone()));
                if let Some(description) = self.property(id, "description") {
                    properties.insert("RepositoryDescription", description);
                }
                Handle::created(
                    &logical,
                    sub(format!(
                        "arn:{PARTITION}:codecommit:${{AWS::Region}}:${{AWS::AccountId}}:{name}"
                    )),
                    text(name),
                )
            }
            "codedeploy" => {
                let name = physical(&resource.name, max, false);
                let application = logical_id(&resource.name, "Application");
                let mut application_properties = Fields::new();
                application_properties.insert("ApplicationName", text(name.clone()));
                application_properties.insert("ComputePlatform", text("Server"));
                self.add(
                    application.clone(),
                    Kind::CodeDeployApplication,
                    origin,
                    application_properties,
                );
                let role = format!("{logical}Role");
                self.role(
                    &role,
                    origin,
                    text("codedeploy.amazonaws.com"),
                    None,
                    Vec::new(),
                );
                if let Some(role_resource) = self.resource_mut(&role) {
                    role_resource.properties.insert(
                        "ManagedPolicyArns",
                        list(vec![sub(format!(
                            "arn:{PARTITION}:iam::aws:policy/service-role/AWSCodeDeployRole"
                        ))]),
                    );
                }
                properties.insert("ApplicationName", Expr::Ref(application));
                properties.insert("DeploymentGroupName", text(name.clone()));
                properties.insert("ServiceRoleArn", Expr::arn(&role));
                if let Some(Expr::Map(tags)) = self.property(id, "ec2-tags") {
                    let filters = tags
                        .into_iter()
                        .map(|(key, value)| {
                            map([
                                ("Key", text(key)),
                                ("Type", text("KEY_AND_VALUE")),
                                ("Value", value),
                            ])
                        })
                        .collect();
                    properties.insert("Ec2TagFilters", list(filters));
                }
                Handle {
                    logical: Some(logical.clone()),
                    arn: sub(format!(
                        "arn:{PARTITION}:codedeploy:${{AWS::Region}}:${{AWS::AccountId}}:deploymentgroup:{name}/{name}"
                    )),
                    name: text(name),
                    role: Some(role),
                }
            }
            "alarm" => {
                self.alarm(id, &mut properties);
                Handle::created(&logical, Expr::arn(&logical), Expr::Ref(logical.clone()))
            }
            "events" | "schedule" => {
                if let Some(expression) = resource.options.get("expression") {
                    properties.insert("ScheduleExpression", text(expression.joined()));
                }
                if let Some(pattern) = rule_pattern(resource) {
                    properties.insert("EventPattern", pattern);
                }
                if let Some(Expr::Bool(true)) = self.property(id, "read-only-events") {
                    properties.insert(
                        "State",
                        text("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"),
                    );
                } else {
                    properties.insert("State", text("ENABLED"));
                }
                if let Some(description) = self.property(id, "description") {
                    properties.insert("Description", description);
                }
                Handle::created(&logical, Expr::arn(&logical), Expr::Ref(logical.clone()))
            }
            "loggroup" => {
                // API Gateway writes execution logs to a group it names itself.
                let name = self
                    .execution_log_group(id)
                    .unwrap_or_else(|| resource.name.clone());
                properties.insert("LogGroupName", text(name.clone()));
                if let Some(retention) = self.property(id, "retention") {
                    properties.insert("RetentionInDays", retention);
                }
                Handle::created(&logical, Expr::arn(&logical), text(name))
            }
            "stepfunctions" => {
                let role = format!("{logical}Role");
                self.role(
                    &role,
                    origin,
                    text("states.amazonaws.com"),
                    None,
                    Vec::new(),
                );
                let definition = match self.property(id, "definition") {
                    Some(Expr::Text(definition)) => definition,
                    _ => Cow::Borrowed(
                        r#"{"Comment":"Generated by wirec: replace with your workflow","StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}"#,
                    ),
                };
                properties.insert("DefinitionString", text(definition));
                properties.insert("RoleArn", Expr::arn(&role));
                properties.insert("StateMachineType", text("STANDARD"));
                Handle {
                    logical: Some(logical.clone()),
                    arn: Expr::Ref(logical.clone()),
                    name: Expr::Attr(logical.clone(), "Name"),
                    role: Some(role),
                }
            }
            "parameter" => {
                let name = physical_path(&resource.name, max);
                properties.insert("Name", text(name.clone()));
                properties.insert(
                    "Type",
                    self.property(id, "type").unwrap_or_else(|| text("String")),
                );
                self.copy_properties(
                    id,
                    &mut properties,
                    &[
                        ("value", "Value"),
                        ("description", "Description"),
                        ("tier", "Tier"),
                    ],
                );
                // A parameter's tags are a map, not a list of pairs.
                if let Some(tags) = self.property(id, "tags") {
                    properties.insert("Tags", tags);
                }
                Handle::created(
                    &logical,
                    sub(format!(
                        "arn:{PARTITION}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/{}",
                        name.trim_start_matches('/')
                    )),
                    text(name),
                )
            }
            "ssm" => {
                let name = physical(&resource.name, max, false);
                properties.insert("Name", text(name.clone()));
                properties.insert("DocumentType", text("Automation"));
                // The runbook goes in as a document (CloudFormation sends it as
                // JSON), so that cfn-lint validates its structure too; text that
                // does not parse goes in as written.
                let content = self.property(id, "content");
                let parsed = match &content {
                    Some(Expr::Text(content)) => {
                        serde_yaml_ng::from_str::<serde_json::Value>(content)
                            .ok()
                            .filter(serde_json::Value::is_object)
                    }
                    _ => None,
                };
                match (parsed, content) {
                    (Some(document), _) => {
                        properties.insert("DocumentFormat", text("JSON"));
                        properties.insert("Content", json_plain(&document));
                    }
                    (None, content) => {
                        properties.insert(
                            "DocumentFormat",
                            self.property(id, "format").unwrap_or_else(|| text("YAML")),
                        );
                        if let Some(content) = content {
                            properties.insert("Content", content);
                        }
                    }
                }
                Handle::created(
                    &logical,
                    sub(format!(
                        "arn:{PARTITION}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:document/{name}"
                    )),
                    text(name),
                )
            }
            "codebuild" => self.project(id, &logical, origin, max, &mut properties),
            "asg" => {
                let name = physical(&resource.name, max, false);
                properties.insert("AutoScalingGroupName", text(name.clone()));
                let template = self
                    .text_property(id, "launch-template")
                    .unwrap_or_default();
                let key = if template.starts_with("lt-") {
                    "LaunchTemplateId"
                } else {
                    "LaunchTemplateName"
                };
                let version = match self.property(id, "launch-template-version") {
                    Some(Expr::Number(version)) => version,
                    _ => "1".to_string(),
                };
                properties.insert(
                    "LaunchTemplate",
                    map([(key, text(template)), ("Version", text(version))]),
                );
                // CloudFormation takes the sizes as strings.
                let size = |value: Option<Expr>, default: &str| match value {
                    Some(Expr::Number(number)) => text(number),
                    _ => text(default.to_string()),
                };
                let min = self.property(id, "min");
                let minimum = match &min {
                    Some(Expr::Number(number)) => number.parse::<u64>().unwrap_or(1),
                    _ => 1,
                };
                properties.insert("MinSize", size(min, "1"));
                properties.insert(
                    "MaxSize",
                    size(self.property(id, "max"), &minimum.max(1).to_string()),
                );
                if let Some(Expr::Number(desired)) = self.property(id, "desired") {
                    properties.insert("DesiredCapacity", text(desired));
                }
                match self.property(id, "subnets") {
                    Some(subnets) => properties.insert("VPCZoneIdentifier", subnets),
                    // The default VPC's subnets, one per Availability Zone.
                    None => properties.insert("AvailabilityZones", Expr::AvailabilityZones),
                }
                // A group's tags say whether instances get them too.
                if let Some(Expr::Map(tags)) = self.property(id, "tags") {
                    let tags = tags
                        .iter()
                        .map(|(key, value)| {
                            map([
                                ("Key", text(key.to_string())),
                                ("PropagateAtLaunch", Expr::Bool(true)),
                                ("Value", value.clone()),
                            ])
                        })
                        .collect();
                    properties.insert("Tags", list(tags));
                }
                // A group's ARN holds an id that only AWS knows: its name stands in.
                Handle::created(
                    &logical,
                    Expr::Ref(logical.clone()),
                    Expr::Ref(logical.clone()),
                )
            }
            "dax" => {
                let name = physical(&resource.name, max, lowercase);
                let role = format!("{logical}Role");
                // The cluster's role reads the tables it caches; none is wired
                // here, so it starts without permissions (said in Metadata).
                self.role(
                    &role,
                    origin,
                    text("dax.amazonaws.com"),
                    Some(this_account()),
                    Vec::new(),
                );
                if let Some(resource) = self.resource_mut(&role) {
                    resource.notes.push(
                        "DAX reads tables with this role: grant it the DynamoDB actions on the tables it caches".to_string(),
                    );
                }
                properties.insert("ClusterName", text(name.clone()));
                properties.insert("IAMRoleARN", Expr::arn(&role));
                properties.insert(
                    "NodeType",
                    self.property(id, "node-type")
                        .unwrap_or_else(|| text("dax.t3.small")),
                );
                properties.insert(
                    "ReplicationFactor",
                    self.property(id, "nodes")
                        .unwrap_or_else(|| Expr::Number("3".into())),
                );
                if let Some(Expr::Bool(encrypted)) = self.property(id, "encryption") {
                    properties.insert(
                        "SSESpecification",
                        map([("SSEEnabled", Expr::Bool(encrypted))]),
                    );
                }
                self.copy_properties(
                    id,
                    &mut properties,
                    &[("maintenance-window", "PreferredMaintenanceWindow")],
                );
                Handle {
                    logical: Some(logical.clone()),
                    arn: Expr::arn(&logical),
                    name: text(name),
                    role: Some(role),
                }
            }
            "alb" => {
                let name = physical(&resource.name, max, false);
                properties.insert("Name", text(name.clone()));
                properties.insert("Type", text("application"));
                self.copy_properties(
                    id,
                    &mut properties,
                    &[
                        ("scheme", "Scheme"),
                        ("subnets", "Subnets"),
                        ("security-groups", "SecurityGroups"),
                    ],
                );
                if let Some(Expr::Number(seconds)) = self.property(id, "idle-timeout") {
                    properties.insert(
                        "LoadBalancerAttributes",
                        list(vec![map([
                            ("Key", text("idle_timeout.timeout_seconds")),
                            ("Value", text(seconds)),
                        ])]),
                    );
                }
                // A load balancer's `Ref` is its ARN.
                Handle::created(&logical, Expr::Ref(logical.clone()), text(name))
            }
            "apigateway" => {
                let name = physical(&resource.name, max, false);
                properties.insert("StageName", text(name.clone()));
                self.copy_properties(
                    id,
                    &mut properties,
                    &[
                        ("api", "RestApiId"),
                        ("deployment", "DeploymentId"),
                        ("description", "Description"),
                        ("tracing", "TracingEnabled"),
                    ],
                );
                if let Some(Expr::Bool(true)) = self.property(id, "metrics") {
                    self.method_setting(&logical, "MetricsEnabled", Expr::Bool(true));
                }
                let api = self
                    .text_property(id, "api")
                    .map_or_else(|| "*".to_string(), |api| sub_literal(&api).into_owned());
                Handle::created(
                    &logical,
                    sub(format!(
                        "arn:{PARTITION}:apigateway:${{AWS::Region}}::/restapis/{api}/stages/{name}"
                    )),
                    text(name),
                )
            }
            "codepipeline" => self.pipeline(id, &logical, origin, max, &mut properties),
            "flink" => self.flink(id, &logical, origin, max, &mut properties),
            "cloudformation" => {
                self.copy_properties(
                    id,
                    &mut properties,
                    &[
                        ("template-url", "TemplateURL"),
                        ("parameters", "Parameters"),
                        ("timeout", "TimeoutInMinutes"),
                    ],
                );
                // A stack's `Ref` is its id, which is its ARN.
                Handle::created(
                    &logical,
                    Expr::Ref(logical.clone()),
                    text(physical(&resource.name, max, false)),
                )
            }
            "servicecatalog" => {
                let name = physical(&resource.name, max, false);
                properties.insert("ProvisionedProductName", text(name.clone()));
                if let Some(Expr::Text(product)) = self.property(id, "product") {
                    let key = if product.starts_with("prod-") {
                        "ProductId"
                    } else {
                        "ProductName"
                    };
                    properties.insert(key, text(product));
                }
                self.copy_properties(
                    id,
                    &mut properties,
                    &[
                        ("version", "ProvisioningArtifactName"),
                        ("path", "PathName"),
                    ],
                );
                if let Some(Expr::Map(parameters)) = self.property(id, "parameters") {
                    let parameters = parameters
                        .into_iter()
                        .map(|(key, value)| map([("Key", text(key)), ("Value", value)]))
                        .collect();
                    properties.insert("ProvisioningParameters", list(parameters));
                }
                Handle::created(&logical, Expr::Ref(logical.clone()), text(name))
            }
            "chatbot" => {
                let name = physical(&resource.name, max, false);
                let role = format!("{logical}Role");
                // The channel role: notifications need no permission; commands
                // typed in the channel are limited by the guardrails.
                self.role(
                    &role,
                    origin,
                    text("chatbot.amazonaws.com"),
                    Some(this_account()),
                    Vec::new(),
                );
                properties.insert("ConfigurationName", text(name.clone()));
                properties.insert("IamRoleArn", Expr::arn(&role));
                self.copy_properties(
                    id,
                    &mut properties,
                    &[
                        ("workspace", "SlackWorkspaceId"),
                        ("channel", "SlackChannelId"),
                        ("logging-level", "LoggingLevel"),
                        ("user-role-required", "UserRoleRequired"),
                    ],
                );
                // CloudFormation's default guardrail is AdministratorAccess.
                properties.insert(
                    "GuardrailPolicies",
                    self.property(id, "guardrails").unwrap_or_else(|| {
                        list(vec![sub(format!(
                            "arn:{PARTITION}:iam::aws:policy/ReadOnlyAccess"
                        ))])
                    }),
                );
                Handle {
                    logical: Some(logical.clone()),
                    arn: Expr::Ref(logical.clone()),
                    name: text(name),
                    role: Some(role),
                }
            }
            "route53" => {
                properties.insert("Name", text(resource.name.clone()));
                if let Some(comment) = self.property(id, "comment") {
                    properties.insert("HostedZoneConfig", map([("Comment", comment)]));
                }
                if let Some(Expr::List(vpcs)) = self.property(id, "vpcs") {
                    let vpcs = vpcs
                        .into_iter()
                        .map(|vpc| map([("VPCId", vpc), ("VPCRegion", sub("${AWS::Region}"))]))
                        .collect();
                    properties.insert("VPCs", list(vpcs));
                }
                if let Some(tags) = self.property(id, "tags") {
                    properties.insert("HostedZoneTags", tag_list(&tags));
                }
                Handle::created(
                    &logical,
                    sub(format!(
                        "arn:{PARTITION}:route53:::hostedzone/${{{logical}}}"
                    )),
                    text(resource.name.clone()),
                )
            }
            "cloudtrail" => {
                let name = physical(&resource.name, max, false);
                properties.insert("TrailName", text(name.clone()));
                properties.insert("IsLogging", Expr::Bool(true));
                self.copy_properties(
                    id,
                    &mut properties,
                    &[
                        ("multi-region", "IsMultiRegionTrail"),
                        ("global-events", "IncludeGlobalServiceEvents"),
                        ("validation", "EnableLogFileValidation"),
                        ("prefix", "S3KeyPrefix"),
                    ],
                );
                Handle::created(
                    &logical,
                    sub(format!(
                        "arn:{PARTITION}:cloudtrail:${{AWS::Region}}:${{AWS::AccountId}}:trail/{name}"
                    )),
                    text(name),
                )
            }
            "guardduty" => {
                properties.insert("Enable", Expr::Bool(true));
                if let Some(frequency) = self.property(id, "frequency") {
                    properties.insert("FindingPublishingFrequency", frequency);
                }
                Handle::created(
                    &logical,
                    sub(format!(
                        "arn:{PARTITION}:guardduty:${{AWS::Region}}:${{AWS::AccountId}}:detector/${{{logical}}}"
                    )),
                    Expr::Ref(logical.clone()),
                )
            }
            "config" if !resource.properties.contains_key("rule") => {
                self.recorder(id, &logical, origin, max, &mut properties)
            }
            "beanstalk" => self.beanstalk(id, &logical, origin, max, &mut properties),
            "ec2" => self.instance(id, &logical, origin, max, &mut properties),
            "config" => {
                let name = physical(&resource.name, max, false);
                properties.insert("ConfigRuleName", text(name.clone()));
                let identifier = self.property(id, "rule").unwrap_or_else(|| text(""));
                properties.insert(
                    "Source",
                    map([("Owner", text("AWS")), ("SourceIdentifier", identifier)]),
                );
                if let Some(Expr::Map(parameters)) = self.property(id, "parameters") {
                    properties.insert("InputParameters", Expr::Map(parameters));
                }
                if let Some(types) = self.property(id, "resource-types") {
                    properties.insert("Scope", map([("ComplianceResourceTypes", types)]));
                }
                if let Some(frequency) = self.property(id, "frequency") {
                    properties.insert("MaximumExecutionFrequency", frequency);
                }
                if let Some(description) = self.property(id, "description") {
                    properties.insert("Description", description);
                }
                Handle::created(&logical, Expr::arn(&logical), text(name))
            }
            // Addresses (email, https, sms) and account-wide event sources
            // (AWS Health, Trusted Advisor, Amazon Inspector) are not resources.
            _ => {
                return Handle {
                    logical: None,
                    arn: text(resource.name.clone()),
                    name: text(resource.name.clone()),
                    role: None,
                };
            }
        };
        if let Some(tags) = tags {
            properties.insert("Tags", tags);
        }
        let kind = match resource.service.as_str() {
            "s3" => Kind::Bucket,
            "sqs" => Kind::Queue,
            "sns" => Kind::Topic,
            "lambda" => Kind::Function,
            "dynamodb" => Kind::Table,
            "kinesis" => Kind::Stream,
            "firehose" => Kind::DeliveryStream,
            "codecommit" => Kind::Repository,
            "codedeploy" => Kind::DeploymentGroup,
            "alarm" => Kind::Alarm,
            "loggroup" => Kind::LogGroup,
            "stepfunctions" => Kind::StateMachine,
            "parameter" => Kind::Parameter,
            "ssm" => Kind::Document,
            "codebuild" => Kind::Project,
            "guardduty" => Kind::Detector,
            "config" if !resource.properties.contains_key("rule") => Kind::ConfigRecorder,
            "config" => Kind::ConfigRule,
            "cloudtrail" => Kind::Trail,
            "asg" => Kind::AutoScalingGroup,
            "cloudformation" => Kind::Stack,
            "chatbot" => Kind::ChatChannel,
            "route53" => Kind::HostedZone,
            "servicecatalog" => Kind::ProvisionedProduct,
            "codepipeline" => Kind::Pipeline,
            "flink" => Kind::FlinkApplication,
            "apigateway" => Kind::ApiStage,
            "alb" => Kind::LoadBalancer,
            "dax" => Kind::DaxCluster,
            "beanstalk" => Kind::BeanstalkEnvironment,
            "ec2" => Kind::Instance,
            _ => Kind::Rule,
        };
        // The raw blocks: CloudFormation's over what wirec wrote, Terraform's aside.
        let raw = |key: &str| match self.property(id, key) {
            Some(Expr::Map(fields)) => fields,
            _ => Fields::new(),
        };
        let (raw_cloudformation, raw_terraform) = (raw("cloudformation"), raw("terraform"));
        let mut raw_keys = Vec::new();
        for (key, value) in raw_cloudformation {
            raw_keys.push(key.to_string());
            properties.insert(key, value);
        }
        let created = self.add(logical, kind, origin, properties);
        created.raw_cloudformation = raw_keys;
        created.raw_terraform = raw_terraform;
        handle
    }

    /// The event values chosen on an edge (or the channel's defaults).
    pub(super) fn event_values(edge: &Edge, channel: &ChannelSpec) -> Vec<String> {
        let names: Vec<String> = if edge.events.is_empty() {
            channel.default_events.clone()
        } else {
            edge.events.iter().map(|event| event.text.clone()).collect()
        };
        let mut values = Vec::new();
        for name in names {
            if let Some(event) = channel.events.iter().find(|event| event.name == name) {
                for value in &event.value {
                    if !values.contains(value) {
                        values.push(value.clone());
                    }
                }
            }
        }
        values
    }

    pub(super) fn push_list(&mut self, logical: &str, key: &str, item: Expr) {
        self.lists
            .entry((logical.to_string(), key.to_string()))
            .or_default()
            .push(item);
    }

    pub(super) fn edge(&mut self, edge: &Edge) {
        let catalogue = self.catalogue;
        let Some(channel) =
            catalogue.channel(&self.model.resource(edge.from).service, &edge.channel)
        else {
            return;
        };
        let source = self.handle(edge.from);
        let target = self.handle(edge.to);
        // Existing sources have no logical id; channels that would change them
        // were rejected by `check` (E208), so only self-contained glue remains.
        let source_logical = source.logical.clone().unwrap_or_default();
        let origin = edge.target_span;
        let from = self.pascal(edge.from);
        let to = self.pascal(edge.to);
        let target_service = self.model.resource(edge.to).service.clone();
        let principal = channel
            .principal_for
            .get(&target_service)
            .or(channel.principal.as_ref())
            .map(|principal| principal_expr(principal));
        let conditions = channel
            .conditions_for
            .get(&target_service)
            .cloned()
            .unwrap_or_else(|| channel.conditions.clone());
        let cx = super::mechanisms::EdgeCx {
            edge,
            channel,
            source,
            target,
            source_logical,
            origin,
            from,
            to,
            target_service,
            principal,
            conditions,
        };
        super::mechanisms::glue(self, &cx);
    }

    pub(super) fn depend(&mut self, id: &str, dependency: Option<String>) {
        if let Some(dependency) = dependency
            && let Some(resource) = self.resource_mut(id)
            && resource.id != dependency
        {
            resource.depends_on.insert(dependency);
        }
    }
}

/// Every bucket wirec creates blocks public access.
pub(super) fn public_access_blocked() -> Expr {
    map([
        ("BlockPublicAcls", Expr::Bool(true)),
        ("BlockPublicPolicy", Expr::Bool(true)),
        ("IgnorePublicAcls", Expr::Bool(true)),
        ("RestrictPublicBuckets", Expr::Bool(true)),
    ])
}

/// Whether the edge's source is a resource of `service`.
pub(super) fn source_service_is(model: &Model, edge: &Edge, service: &str) -> bool {
    model.resource(edge.from).service == service
}
