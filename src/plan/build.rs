//! Model → plan: primary resources first, then each edge's glue by mechanism,
//! then the whole-object configurations and merged policies.

use super::{Cow, Expr, Fields, Kind, Output, Parameter, Plan, Resource, logical_id, map};
use crate::ast;
use crate::catalogue::{Catalogue, ChannelSpec, Condition, Grant, Mechanism, ValueKind};
use crate::model::{Edge, KeySetting, Model, ResourceId};
use crate::source::Span;
use indexmap::IndexMap;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;
use std::rc::Rc;

const PARTITION: &str = "${AWS::Partition}";

/// What the account may do with a key wirec creates: administer it (including
/// `kms:PutKeyPolicy`, which CloudFormation's lockout check requires) and use
/// it through IAM policies, such as a reader's role.
const KEY_ACCOUNT_ACTIONS: [&str; 18] = [
    "kms:CancelKeyDeletion",
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
];

/// The image of an instance that names none: the latest Amazon Linux 2023, by
/// its public parameter (a CloudFormation dynamic reference; Terraform passes
/// `resolve:ssm:...`, which EC2 resolves at launch).
const DEFAULT_AMI: &str =
    "{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}";

/// The parameter the CloudWatch agent of `source` reads its configuration
/// from (the agent's `ssm:` configurations start with `AmazonCloudWatch-`).
fn agent_parameter(source: &str) -> String {
    format!("AmazonCloudWatch-{}", physical(source, 200, false))
}

/// The file (or glob) that a `logs` edge of an instance, a group or a
/// deployment group ships: the edge's `file`, or the source's usual log.
fn agent_log_file(edge: &Edge, source_service: &str) -> String {
    // CodeDeploy's own log is what a deployment group's logs are about.
    let default_file = if source_service == "codedeploy" {
        "/opt/codedeploy-agent/deployment-root/deployment-logs/codedeploy-agent-deployments.log"
    } else {
        "/var/log/messages"
    };
    edge.options.get("file").map_or_else(
        || default_file.to_string(),
        crate::model::OptionValue::joined,
    )
}

/// Whether rsyslog writes `file` (with its default configuration). Amazon
/// Linux 2023 logs to the journal and installs no rsyslog, so these files
/// exist there only once rsyslog is installed.
fn written_by_rsyslog(file: &str) -> bool {
    [
        "/var/log/messages",
        "/var/log/secure",
        "/var/log/maillog",
        "/var/log/cron",
        "/var/log/spooler",
        "/var/log/boot.log",
    ]
    .iter()
    .any(|syslog_file| file.starts_with(syslog_file))
}

/// A value as the text a remediation's static parameter holds.
fn static_text(value: &Expr) -> Expr {
    match value {
        Expr::Number(literal) => text(literal.clone()),
        Expr::Bool(flag) => text(flag.to_string()),
        other => other.clone(),
    }
}

/// What a sender needs of the key of an encrypted queue or topic.
const KEY_SENDER_ACTIONS: [&str; 2] = ["kms:Decrypt", "kms:GenerateDataKey"];

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
struct Handle {
    /// The primary resource's logical id (none for existing resources and addresses).
    logical: Option<String>,
    arn: Expr,
    /// The physical name, where one is needed (log groups, repositories).
    name: Expr,
    /// The role that the resource runs as (functions, Firehose, deployment groups).
    role: Option<String>,
}

impl Handle {
    /// A resource created in the template, with no role of its own.
    fn created(logical: &str, arn: Expr, name: Expr) -> Handle {
        Handle {
            logical: Some(logical.to_string()),
            arn,
            name,
            role: None,
        }
    }
}

/// A merged resource policy under construction.
struct PolicyDraft {
    kind: Kind,
    target: Expr,
    statements: Vec<Expr>,
    origin: Span,
}

struct Builder<'a> {
    model: &'a Model,
    catalogue: &'a Catalogue,
    resources: Vec<Resource>,
    index: HashMap<String, usize>,
    handles: Vec<Rc<Handle>>,
    policies: IndexMap<String, PolicyDraft>,
    logs_policy: Vec<Expr>,
    /// Extra statements for a role, by role logical id.
    role_statements: HashMap<String, Vec<Expr>>,
    /// List-valued properties filled by edges: (logical id, property path) → items.
    lists: HashMap<(String, String), Vec<Expr>>,
    /// A pipeline's stages after its source stage, in order: name → actions.
    stages: HashMap<String, IndexMap<String, Vec<Expr>>>,
    /// A Flink application's runtime properties: its `environment` and the
    /// ARNs of the streams it reads.
    flink_properties: HashMap<String, Fields>,
    /// The CloudWatch agent's configuration per instance or group: parameter
    /// logical id → (parameter name, origin, the files it collects).
    agent_files: IndexMap<String, (String, Span, Vec<serde_json::Value>)>,
}

fn sub(template: impl Into<String>) -> Expr {
    Expr::Sub(template.into())
}

/// User text placed inside a `Fn::Sub` template: its `${` would start a
/// substitution there, so it is written `${!`, which both backends keep literal.
fn sub_literal(text: &str) -> Cow<'_, str> {
    if text.contains("${") {
        Cow::Owned(text.replace("${", "${!"))
    } else {
        Cow::Borrowed(text)
    }
}

fn text(value: impl Into<Cow<'static, str>>) -> Expr {
    Expr::Text(value.into())
}

fn list(items: Vec<Expr>) -> Expr {
    Expr::List(items)
}

fn texts(items: &[String]) -> Expr {
    Expr::List(items.iter().map(|item| text(item.clone())).collect())
}

/// A parameter name: [`physical`], but `/` separates a hierarchy.
fn physical_path(name: &str, max: usize) -> String {
    name.split('/')
        .map(|part| physical(part, max, false))
        .collect::<Vec<_>>()
        .join("/")
}

/// `ops-alerts` with no characters outside what physical names accept.
fn physical(name: &str, max: usize, lowercase: bool) -> String {
    let mut cleaned: String = name
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || character == '-' {
                character
            } else {
                '-'
            }
        })
        .collect();
    if lowercase {
        cleaned = cleaned.to_ascii_lowercase();
    }
    cleaned.truncate(max);
    cleaned
}

impl Builder<'_> {
    fn add(&mut self, id: String, kind: Kind, origin: Span, properties: Fields) -> &mut Resource {
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
    fn edge_name(&self, edge: &Edge) -> String {
        format!(
            "{}-to-{}",
            self.model.resource(edge.from).name,
            self.model.resource(edge.to).name
        )
    }

    /// `base`, or `base2`, `base3`, ... when edges that differ only in options
    /// would otherwise share an id (the first keeps the plain one).
    fn unique_id(&self, base: String) -> String {
        if !self.index.contains_key(&base) {
            return base;
        }
        (2..u32::MAX)
            .map(|number| format!("{base}{number}"))
            .find(|candidate| !self.index.contains_key(candidate))
            .unwrap_or(base)
    }

    fn resource_mut(&mut self, id: &str) -> Option<&mut Resource> {
        self.index
            .get(id)
            .copied()
            .map(|position| &mut self.resources[position])
    }

    fn handle(&self, id: ResourceId) -> Rc<Handle> {
        Rc::clone(&self.handles[id.0 as usize])
    }

    fn pascal(&self, id: ResourceId) -> String {
        logical_id(&self.model.resource(id).name, "")
    }

    /// A property's value; a bare word that is one of a word property's
    /// values is that text, any other bare word a parameter.
    fn property(&self, id: ResourceId, key: &str) -> Option<Expr> {
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
    fn text_property(&self, id: ResourceId, key: &str) -> Option<String> {
        match self.property(id, key) {
            Some(Expr::Text(value)) => Some(value.into_owned()),
            _ => None,
        }
    }

    /// Sets each backend property from the declaration's property of the same
    /// meaning, where the declaration sets it.
    fn copy_properties(
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

    fn parameters_and_primaries(&mut self) {
        let _ = &self.catalogue;
        for resource in &self.model.resources {
            let handle = self.primary(resource.id);
            self.handles.push(Rc::new(handle));
        }
    }

    /// A role trusted by `principal`, with `statements` in one inline policy.
    fn role(
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

    fn primary(&mut self, id: ResourceId) -> Handle {
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

    fn function(
        &mut self,
        id: ResourceId,
        logical: &str,
        origin: Span,
        properties: &mut Fields,
    ) -> Handle {
        let role = format!("{logical}Role");
        let log_group = format!("{logical}LogGroup");
        self.add(log_group.clone(), Kind::LogGroup, origin, Fields::new());
        let write_logs = statement(
            &["logs:CreateLogStream", "logs:PutLogEvents"],
            vec![Expr::arn(&log_group)],
        );
        self.role(
            &role,
            origin,
            text("lambda.amazonaws.com"),
            None,
            vec![write_logs],
        );
        let runtime = match self.property(id, "runtime") {
            Some(Expr::Text(runtime)) => runtime,
            _ => Cow::Borrowed("python3.12"),
        };
        let handler = self
            .property(id, "handler")
            .unwrap_or_else(|| text("index.handler"));
        let code = match self.property(id, "code") {
            Some(Expr::Text(location)) => {
                let rest = location.trim_start_matches("s3://");
                let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
                map([
                    ("S3Bucket", text(bucket.to_string())),
                    ("S3Key", text(key.to_string())),
                ])
            }
            _ => map([("ZipFile", text(stub_code(&runtime)))]),
        };
        properties.insert("Runtime", text(runtime));
        properties.insert("Handler", handler);
        properties.insert("Code", code);
        properties.insert("Role", Expr::arn(&role));
        properties.insert("LoggingConfig", map([("LogGroup", Expr::Ref(log_group))]));
        self.copy_properties(
            id,
            properties,
            &[("memory", "MemorySize"), ("timeout", "Timeout")],
        );
        if let Some(Expr::Map(variables)) = self.property(id, "environment") {
            properties.insert("Environment", map([("Variables", Expr::Map(variables))]));
        }
        Handle {
            logical: Some(logical.to_string()),
            arn: Expr::arn(logical),
            name: Expr::Ref(logical.to_string()),
            role: Some(role),
        }
    }

    /// A queue's or topic's KMS encryption (`kms-key`): the key to use, and
    /// for `create` a customer managed key whose policy lets this account
    /// administer it and use it through IAM; senders are added per edge.
    fn encryption(&mut self, id: ResourceId, logical: &str, properties: &mut Fields) {
        let resource = self.model.resource(id);
        let Some(setting) = resource.key_setting() else {
            return;
        };
        let key = match setting {
            KeySetting::Create => {
                let key = format!("{logical}Key");
                let mut key_properties = Fields::new();
                key_properties.insert(
                    "Description",
                    text(format!(
                        "Encrypts {} `{}` (wirec)",
                        resource.service, resource.name
                    )),
                );
                key_properties.insert("EnableKeyRotation", Expr::Bool(true));
                key_properties.insert("KeyPolicy", map([("Version", text("2012-10-17"))]));
                let administer = map([
                    ("Sid", text("AccountAdministersAndDelegatesToIam")),
                    ("Effect", text("Allow")),
                    (
                        "Principal",
                        map([(
                            "AWS",
                            sub(format!("arn:{PARTITION}:iam::${{AWS::AccountId}}:root")),
                        )]),
                    ),
                    ("Action", texts(&KEY_ACCOUNT_ACTIONS.map(str::to_string))),
                    ("Resource", text("*")),
                ]);
                let origin = resource.span;
                let created = self.add(key.clone(), Kind::Key, origin, key_properties);
                created
                    .notes
                    .push("in a key policy, Resource `*` is the key itself".to_string());
                self.push_list(&key, "KeyPolicy.Statement", administer);
                Expr::Ref(key)
            }
            KeySetting::AwsManaged(key) | KeySetting::Existing(key) => text(key),
        };
        properties.insert("KmsMasterKeyId", key);
    }

    /// The ARN of the KMS key of a queue or topic, for IAM statements: the key
    /// wirec creates, or an existing key given by ARN.
    fn key_arn(&self, id: ResourceId) -> Option<Expr> {
        let resource = self.model.resource(id);
        match resource.key_setting()? {
            KeySetting::Create => {
                let spec = self.catalogue.service(&resource.service)?;
                Some(Expr::arn(&format!(
                    "{}Key",
                    logical_id(&resource.name, &spec.logical_suffix)
                )))
            }
            KeySetting::Existing(key) if key.starts_with("arn:") && key.contains(":key/") => {
                Some(text(key))
            }
            KeySetting::Existing(_) | KeySetting::AwsManaged(_) => None,
        }
    }

    /// Lets a service principal use the key of the edge's target (when wirec
    /// creates it) as the resource policy lets it send: same conditions.
    fn key_statement(&mut self, edge: &Edge, from: &str, principal: &Expr, condition: &Fields) {
        let target = self.model.resource(edge.to);
        if target.key_setting() != Some(KeySetting::Create) {
            return;
        }
        let Some(spec) = self.catalogue.service(&target.service) else {
            return;
        };
        let key = format!("{}Key", logical_id(&target.name, &spec.logical_suffix));
        // A sender created here refers to the target (an alarm's actions, a
        // rule's targets), and the target to its key: naming the sender in the
        // key policy would close a cycle. The key policy names the sender's
        // kind in this account; the resource policy still names the sender,
        // and a delivery needs both.
        let mut widened = false;
        let condition: Fields = condition
            .iter()
            .map(|(operator, keys)| {
                let keys = match keys {
                    Expr::Map(keys) => Expr::Map(
                        keys.iter()
                            .map(|(name, value)| match self.account_pattern(value) {
                                Some(pattern) => {
                                    widened = true;
                                    (name.to_string(), pattern)
                                }
                                None => (name.to_string(), value.clone()),
                            })
                            .collect(),
                    ),
                    other => other.clone(),
                };
                (operator.to_string(), keys)
            })
            .collect();
        let mut statement = Fields::new();
        statement.insert("Sid", text(format!("From{from}")));
        statement.insert("Effect", text("Allow"));
        statement.insert("Principal", map([("Service", principal.clone())]));
        statement.insert("Action", texts(&KEY_SENDER_ACTIONS.map(str::to_string)));
        statement.insert("Resource", text("*"));
        if !condition.is_empty() {
            statement.insert("Condition", Expr::Map(condition));
        }
        if widened && let Some(resource) = self.resource_mut(&key) {
            let note = "senders created in this template are named by kind and account in the key policy (naming them would make a cycle: key, sender, target); the resource policy names each sender".to_string();
            if !resource.notes.contains(&note) {
                resource.notes.push(note);
            }
        }
        let statement = Expr::Map(statement);
        let statements = self
            .lists
            .entry((key, "KeyPolicy.Statement".to_string()))
            .or_default();
        if !statements.contains(&statement) {
            statements.push(statement);
        }
    }

    /// For the ARN of an alarm or a rule of this template (which refer to their
    /// targets), the ARNs of its kind in this account and Region.
    fn account_pattern(&self, value: &Expr) -> Option<Expr> {
        let (Expr::Ref(id) | Expr::Attr(id, _)) = value else {
            return None;
        };
        let kind = self
            .index
            .get(id)
            .map(|position| self.resources[*position].kind)?;
        let pattern = match kind {
            Kind::Alarm => "cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*",
            Kind::Rule => "events:${AWS::Region}:${AWS::AccountId}:rule/*",
            _ => return None,
        };
        Some(sub(format!("arn:{PARTITION}:{pattern}")))
    }

    /// Lets a role use the key of `target` to send to it or read from it.
    fn key_for_role(&mut self, role: &str, target: ResourceId, actions: &[&str]) {
        if let Some(key) = self.key_arn(target) {
            self.role_statements
                .entry(role.to_string())
                .or_default()
                .push(statement(actions, vec![key]));
        }
    }

    /// A pipeline (type V2) with its artifact bucket, its service role and its
    /// source stage; the stages after it come from `invoke` edges.
    fn pipeline(
        &mut self,
        id: ResourceId,
        logical: &str,
        origin: Span,
        max: usize,
        properties: &mut Fields,
    ) -> Handle {
        let name = physical(&self.model.resource(id).name, max, false);
        let bucket = format!("{logical}ArtifactBucket");
        let bucket_name = format!(
            "{}-${{AWS::AccountId}}-${{AWS::Region}}",
            physical(&format!("{name}-artifacts"), 37, true)
        );
        let bucket_arn = sub(format!("arn:{PARTITION}:s3:::{bucket_name}"));
        let mut bucket_properties = Fields::new();
        bucket_properties.insert("BucketName", sub(bucket_name));
        bucket_properties.insert("PublicAccessBlockConfiguration", public_access_blocked());
        self.add(bucket.clone(), Kind::Bucket, origin, bucket_properties);
        let mut statements = vec![
            statement(
                &["s3:GetBucketLocation", "s3:GetBucketVersioning"],
                vec![bucket_arn.clone()],
            ),
            statement(
                &["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
                vec![objects(&bucket_arn, None)],
            ),
        ];
        let location = self.text_property(id, "location").unwrap_or_default();
        let branch = self
            .text_property(id, "branch")
            .unwrap_or_else(|| "main".to_string());
        let source = match self.property(id, "source") {
            Some(Expr::Text(source)) => source.to_string(),
            Some(Expr::Param(source)) => source,
            _ => String::new(),
        };
        // Source actions do not poll: rules on the source's events start the pipeline.
        let (provider, configuration) = match source.to_ascii_lowercase().as_str() {
            "s3" => {
                let (source_bucket, key) = location.split_once('/').unwrap_or((&location, ""));
                let source_arn = format!("arn:{PARTITION}:s3:::{}", sub_literal(source_bucket));
                statements.push(statement(
                    &["s3:GetBucketVersioning"],
                    vec![sub(source_arn.clone())],
                ));
                statements.push(statement(
                    &["s3:GetObject", "s3:GetObjectVersion"],
                    vec![sub(format!("{source_arn}/{}", sub_literal(key)))],
                ));
                (
                    "S3",
                    map([
                        ("PollForSourceChanges", text("false")),
                        ("S3Bucket", text(source_bucket.to_string())),
                        ("S3ObjectKey", text(key.to_string())),
                    ]),
                )
            }
            "ecr" => {
                statements.push(statement(
                    &["ecr:DescribeImages"],
                    vec![sub(format!(
                        "arn:{PARTITION}:ecr:${{AWS::Region}}:${{AWS::AccountId}}:repository/{location}"
                    ))],
                ));
                (
                    "ECR",
                    map([
                        ("ImageTag", text("latest")),
                        ("RepositoryName", text(location)),
                    ]),
                )
            }
            "connection" => {
                let connection = self.property(id, "connection").unwrap_or_else(|| text(""));
                statements.push(statement(
                    &[
                        "codeconnections:UseConnection",
                        "codestar-connections:UseConnection",
                    ],
                    vec![connection.clone()],
                ));
                (
                    "CodeStarSourceConnection",
                    map([
                        ("BranchName", text(branch)),
                        ("ConnectionArn", connection),
                        ("DetectChanges", text("false")),
                        ("FullRepositoryId", text(location)),
                    ]),
                )
            }
            _ => {
                statements.push(statement(
                    &[
                        "codecommit:CancelUploadArchive",
                        "codecommit:GetBranch",
                        "codecommit:GetCommit",
                        "codecommit:GetRepository",
                        "codecommit:GetUploadArchiveStatus",
                        "codecommit:UploadArchive",
                    ],
                    vec![sub(format!(
                        "arn:{PARTITION}:codecommit:${{AWS::Region}}:${{AWS::AccountId}}:{location}"
                    ))],
                ));
                (
                    "CodeCommit",
                    map([
                        ("BranchName", text(branch)),
                        ("PollForSourceChanges", text("false")),
                        ("RepositoryName", text(location)),
                    ]),
                )
            }
        };
        let role = format!("{logical}Role");
        self.role(
            &role,
            origin,
            text("codepipeline.amazonaws.com"),
            Some(this_account()),
            statements,
        );
        let source_stage = map([
            (
                "Actions",
                list(vec![map([
                    (
                        "ActionTypeId",
                        map([
                            ("Category", text("Source")),
                            ("Owner", text("AWS")),
                            ("Provider", text(provider)),
                            ("Version", text("1")),
                        ]),
                    ),
                    ("Configuration", configuration),
                    ("Name", text("Source")),
                    (
                        "OutputArtifacts",
                        list(vec![map([("Name", text("SourceOutput"))])]),
                    ),
                ])]),
            ),
            ("Name", text("Source")),
        ]);
        self.push_list(logical, "Stages", source_stage);
        properties.insert("Name", text(name.clone()));
        properties.insert("PipelineType", text("V2"));
        properties.insert("RoleArn", Expr::arn(&role));
        properties.insert(
            "ArtifactStore",
            map([("Location", Expr::Ref(bucket)), ("Type", text("S3"))]),
        );
        Handle {
            logical: Some(logical.to_string()),
            arn: sub(format!(
                "arn:{PARTITION}:codepipeline:${{AWS::Region}}:${{AWS::AccountId}}:{name}"
            )),
            name: text(name),
            role: Some(role),
        }
    }

    /// The name API Gateway gives the execution log group of the stage that
    /// sends its execution logs to log group `id`: `API-Gateway-Execution-Logs_API/STAGE`.
    fn execution_log_group(&self, id: ResourceId) -> Option<String> {
        let edge = self
            .model
            .incoming(id)
            .into_iter()
            .find(|edge| edge.channel == "execution-logs")?;
        let stage = self.model.resource(edge.from);
        let Some(Expr::Text(api)) = self.property(edge.from, "api") else {
            return None;
        };
        let max = self
            .catalogue
            .service("apigateway")
            .and_then(|spec| spec.physical_name.as_ref())
            .map_or(128, |name| name.max_length);
        Some(format!(
            "API-Gateway-Execution-Logs_{api}/{}",
            physical(&stage.name, max, false)
        ))
    }

    /// Sets a method setting of every method of a stage (`/*`, `*`).
    fn method_setting(&mut self, stage: &str, key: &'static str, value: Expr) {
        let settings = self
            .lists
            .entry((stage.to_string(), "MethodSettings".to_string()))
            .or_default();
        if settings.is_empty() {
            settings.push(map([
                ("HttpMethod", text("*")),
                ("ResourcePath", text("/*")),
            ]));
        }
        if let Some(Expr::Map(fields)) = settings.first_mut() {
            fields.insert(key, value);
        }
    }

    /// The account's API Gateway CloudWatch role (`AWS::ApiGateway::Account`),
    /// which every stage that logs to CloudWatch Logs waits for; one per template.
    fn api_gateway_account(&mut self, origin: Span) -> String {
        let account = "ApiGatewayAccount".to_string();
        if self.index.contains_key(&account) {
            return account;
        }
        let role = "ApiGatewayCloudWatchRole";
        self.role(
            role,
            origin,
            text("apigateway.amazonaws.com"),
            Some(this_account()),
            Vec::new(),
        );
        if let Some(resource) = self.resource_mut(role) {
            resource.properties.insert(
                "ManagedPolicyArns",
                list(vec![sub(format!(
                    "arn:{PARTITION}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
                ))]),
            );
            resource.notes.push(
                "the account's API Gateway CloudWatch role serves every REST API of the account and Region, so it has AWS's managed policy (log groups are created by API Gateway), not one scoped to this template's groups".to_string(),
            );
        }
        let mut properties = Fields::new();
        properties.insert("CloudWatchRoleArn", Expr::arn(role));
        self.add(account.clone(), Kind::ApiAccount, origin, properties)
            .notes
            .push("one setting per account and Region: this replaces the CloudWatch role API Gateway had".to_string());
        account
    }

    /// AWS Config in the account and Region: the configuration recorder, with
    /// a role of its own that Config assumes to record and to deliver, and the
    /// one delivery channel, whose bucket and topic come from the edges.
    fn recorder(
        &mut self,
        id: ResourceId,
        logical: &str,
        origin: Span,
        max: usize,
        properties: &mut Fields,
    ) -> Handle {
        let name = physical(&self.model.resource(id).name, max, false);
        let role = format!("{logical}Role");
        self.role(
            &role,
            origin,
            text("config.amazonaws.com"),
            Some(this_account()),
            Vec::new(),
        );
        if let Some(resource) = self.resource_mut(&role) {
            resource.properties.insert(
                "ManagedPolicyArns",
                list(vec![sub(format!(
                    "arn:{PARTITION}:iam::aws:policy/service-role/AWS_ConfigRole"
                ))]),
            );
            resource.notes.push(
                "the recorder reads the configuration of every supported resource: AWS's managed AWS_ConfigRole".to_string(),
            );
        }
        properties.insert("Name", text(name.clone()));
        properties.insert("RoleARN", Expr::arn(&role));
        properties.insert("RecordingGroup", map([("AllSupported", Expr::Bool(true))]));
        let channel = format!("{logical}DeliveryChannel");
        let mut channel_properties = Fields::new();
        channel_properties.insert("Name", text(name.clone()));
        if let Some(frequency) = self.property(id, "frequency") {
            channel_properties.insert(
                "ConfigSnapshotDeliveryProperties",
                map([("DeliveryFrequency", frequency)]),
            );
        }
        let created = self.add(
            channel.clone(),
            Kind::ConfigDeliveryChannel,
            origin,
            channel_properties,
        );
        // The recorder must exist before its delivery channel.
        created.depends_on.insert(logical.to_string());
        created.notes.push(
            "one recorder and one delivery channel per account and Region: an account that has them refers to them with `= existing`".to_string(),
        );
        Handle {
            logical: Some(logical.to_string()),
            arn: sub(format!(
                "arn:{PARTITION}:config:${{AWS::Region}}:${{AWS::AccountId}}:config-recorder/{name}"
            )),
            name: text(name),
            role: Some(role),
        }
    }

    /// A Managed Service for Apache Flink application with its service
    /// execution role, which may read the application's code.
    fn flink(
        &mut self,
        id: ResourceId,
        logical: &str,
        origin: Span,
        max: usize,
        properties: &mut Fields,
    ) -> Handle {
        let name = physical(&self.model.resource(id).name, max, false);
        let code = self.text_property(id, "code").unwrap_or_default();
        let rest = code.trim_start_matches("s3://");
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        let role = format!("{logical}Role");
        self.role(
            &role,
            origin,
            text("kinesisanalytics.amazonaws.com"),
            Some(this_account()),
            vec![statement(
                &["s3:GetObject", "s3:GetObjectVersion"],
                vec![sub(format!(
                    "arn:{PARTITION}:s3:::{}/{}",
                    sub_literal(bucket),
                    sub_literal(key)
                ))],
            )],
        );
        let mut configuration = Fields::new();
        configuration.insert(
            "ApplicationCodeConfiguration",
            map([
                (
                    "CodeContent",
                    map([(
                        "S3ContentLocation",
                        map([
                            (
                                "BucketARN",
                                sub(format!("arn:{PARTITION}:s3:::{}", sub_literal(bucket))),
                            ),
                            ("FileKey", text(key.to_string())),
                        ]),
                    )]),
                ),
                ("CodeContentType", text("ZIPFILE")),
            ]),
        );
        let parallelism = self.property(id, "parallelism");
        let per_kpu = self.property(id, "parallelism-per-kpu");
        let autoscaling = self.property(id, "autoscaling");
        if parallelism.is_some() || per_kpu.is_some() || autoscaling.is_some() {
            let mut settings = Fields::new();
            settings.insert("ConfigurationType", text("CUSTOM"));
            settings.insert(
                "Parallelism",
                parallelism.unwrap_or(Expr::Number("1".into())),
            );
            settings.insert(
                "ParallelismPerKPU",
                per_kpu.unwrap_or(Expr::Number("1".into())),
            );
            settings.insert(
                "AutoScalingEnabled",
                autoscaling.unwrap_or(Expr::Bool(true)),
            );
            configuration.insert(
                "FlinkApplicationConfiguration",
                map([("ParallelismConfiguration", Expr::Map(settings))]),
            );
        }
        properties.insert("ApplicationName", text(name.clone()));
        properties.insert(
            "RuntimeEnvironment",
            self.property(id, "runtime")
                .unwrap_or_else(|| text("FLINK-1_20")),
        );
        properties.insert("ServiceExecutionRole", Expr::arn(&role));
        properties.insert("ApplicationConfiguration", Expr::Map(configuration));
        if let Some(Expr::Map(environment)) = self.property(id, "environment") {
            self.flink_properties
                .insert(logical.to_string(), environment);
        }
        Handle {
            logical: Some(logical.to_string()),
            arn: sub(format!(
                "arn:{PARTITION}:kinesisanalytics:${{AWS::Region}}:${{AWS::AccountId}}:application/{name}"
            )),
            name: text(name),
            role: Some(role),
        }
    }

    /// A CodeBuild project with its service role and its own log group.
    fn project(
        &mut self,
        id: ResourceId,
        logical: &str,
        origin: Span,
        max: usize,
        properties: &mut Fields,
    ) -> Handle {
        let name = physical(&self.model.resource(id).name, max, false);
        let role = format!("{logical}Role");
        // The project's own log group, unless the wiring sends its logs to one.
        let logs_wired = self.model.outgoing(id).into_iter().any(|edge| {
            edge.channel == "logs" && self.model.resource(edge.to).service == "loggroup"
        });
        let mut statements = Vec::new();
        let mut logs_config = Fields::new();
        if !logs_wired {
            let log_group = format!("{logical}LogGroup");
            let mut group = Fields::new();
            group.insert("LogGroupName", text(format!("/aws/codebuild/{name}")));
            self.add(log_group.clone(), Kind::LogGroup, origin, group);
            statements.push(statement(
                &["logs:CreateLogStream", "logs:PutLogEvents"],
                vec![Expr::arn(&log_group)],
            ));
            logs_config.insert(
                "CloudWatchLogs",
                map([
                    ("GroupName", Expr::Ref(log_group)),
                    ("Status", text("ENABLED")),
                ]),
            );
        }
        self.role(
            &role,
            origin,
            text("codebuild.amazonaws.com"),
            Some(this_account()),
            statements,
        );
        let source_kind = match self.property(id, "source") {
            Some(Expr::Text(kind)) => kind,
            _ => Cow::Borrowed("no-source"),
        };
        let source_type = match source_kind.as_ref() {
            "codecommit" => "CODECOMMIT",
            "codepipeline" => "CODEPIPELINE",
            "github" => "GITHUB",
            "github-enterprise" => "GITHUB_ENTERPRISE",
            "gitlab" => "GITLAB",
            "gitlab-self-managed" => "GITLAB_SELF_MANAGED",
            "bitbucket" => "BITBUCKET",
            "s3" => "S3",
            _ => "NO_SOURCE",
        };
        let mut source = Fields::new();
        source.insert("Type", text(source_type));
        if let Some(location) = self.property(id, "location")
            && !matches!(source_type, "NO_SOURCE" | "CODEPIPELINE")
        {
            source.insert("Location", location);
        }
        match self.property(id, "buildspec") {
            Some(buildspec) => source.insert("BuildSpec", buildspec),
            // A project without a source needs its buildspec inline.
            None if source_type == "NO_SOURCE" => source.insert(
                "BuildSpec",
                text("version: 0.2\nphases:\n  build:\n    commands:\n      - echo \"Generated by wirec: replace with your build\"\n"),
            ),
            None => {}
        }
        let artifacts = if source_type == "CODEPIPELINE" {
            "CODEPIPELINE"
        } else {
            "NO_ARTIFACTS"
        };
        properties.insert("Name", text(name.clone()));
        properties.insert("ServiceRole", Expr::arn(&role));
        properties.insert("Source", Expr::Map(source));
        properties.insert("Artifacts", map([("Type", text(artifacts))]));
        properties.insert(
            "Environment",
            map([
                (
                    "ComputeType",
                    self.property(id, "compute-type")
                        .unwrap_or_else(|| text("BUILD_GENERAL1_SMALL")),
                ),
                (
                    "Image",
                    self.property(id, "image")
                        .unwrap_or_else(|| text("aws/codebuild/amazonlinux2-x86_64-standard:5.0")),
                ),
                ("Type", text("LINUX_CONTAINER")),
            ]),
        );
        properties.insert("LogsConfig", Expr::Map(logs_config));
        if let Some(minutes) = self.property(id, "timeout") {
            properties.insert("TimeoutInMinutes", minutes);
        }
        if let Some(Expr::Bool(true)) = self.property(id, "webhook") {
            properties.insert("Triggers", map([("Webhook", Expr::Bool(true))]));
        }
        Handle {
            logical: Some(logical.to_string()),
            arn: Expr::arn(logical),
            name: text(name),
            role: Some(role),
        }
    }

    fn alarm(&self, id: ResourceId, properties: &mut Fields) {
        let metric = match self.property(id, "metric") {
            Some(Expr::Text(metric)) => metric,
            _ => Cow::Borrowed(""),
        };
        let (namespace, metric_name) = metric.split_once(' ').unwrap_or(("", metric.as_ref()));
        properties.insert("Namespace", text(namespace.to_string()));
        properties.insert("MetricName", text(metric_name.trim().to_string()));
        let (operator, threshold) = match (self.property(id, "above"), self.property(id, "below")) {
            (Some(above), _) => ("GreaterThanThreshold", above),
            (None, Some(below)) => ("LessThanThreshold", below),
            (None, None) => ("GreaterThanThreshold", Expr::Number("0".into())),
        };
        properties.insert("ComparisonOperator", text(operator));
        properties.insert("Threshold", threshold);
        let (periods, seconds) = match self.property(id, "for") {
            Some(Expr::Text(window)) => crate::model::parse_window(&window).unwrap_or((1, 300)),
            _ => (1, 300),
        };
        properties.insert("EvaluationPeriods", Expr::Number(periods.to_string()));
        properties.insert("Period", Expr::Number(seconds.to_string()));
        properties.insert(
            "Statistic",
            self.property(id, "statistic")
                .unwrap_or_else(|| text("Average")),
        );
        if let Some(Expr::Map(dimensions)) = self.property(id, "dimensions") {
            let dimensions = dimensions
                .into_iter()
                .map(|(name, value)| map([("Name", text(name)), ("Value", value)]))
                .collect();
            properties.insert("Dimensions", list(dimensions));
        }
        if let Some(missing) = self.property(id, "missing-data") {
            properties.insert("TreatMissingData", missing);
        }
        if let Some(description) = self.property(id, "description") {
            properties.insert("AlarmDescription", description);
        }
    }

    /// The event values chosen on an edge (or the channel's defaults).
    fn event_values(edge: &Edge, channel: &ChannelSpec) -> Vec<String> {
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

    fn push_list(&mut self, logical: &str, key: &str, item: Expr) {
        self.lists
            .entry((logical.to_string(), key.to_string()))
            .or_default()
            .push(item);
    }

    fn edge(&mut self, edge: &Edge) {
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
        match channel.mechanism {
            Mechanism::S3Notification => {
                let Some(principal) = principal else { return };
                let dependency =
                    self.grant_from_source(edge, &from, principal, &source, &conditions, origin);
                let (list_key, target_key) = match target_service.as_str() {
                    "sqs" => ("QueueConfigurations", "Queue"),
                    "sns" => ("TopicConfigurations", "Topic"),
                    _ => ("LambdaConfigurations", "Function"),
                };
                let mut rules = Vec::new();
                for key in ["prefix", "suffix"] {
                    if let Some(value) = edge.options.get(key) {
                        rules.push(map([("Name", text(key)), ("Value", text(value.joined()))]));
                    }
                }
                for event in Self::event_values(edge, channel) {
                    let mut entry = Fields::new();
                    entry.insert("Event", text(event));
                    entry.insert(target_key.to_string(), target.arn.clone());
                    if !rules.is_empty() {
                        entry.insert(
                            "Filter",
                            map([("S3Key", map([("Rules", list(rules.clone()))]))]),
                        );
                    }
                    self.push_list(
                        &source_logical,
                        &format!("NotificationConfiguration.{list_key}"),
                        Expr::Map(entry),
                    );
                }
                self.depend(&source_logical, dependency);
            }
            Mechanism::SnsSubscription if target_service == "chatbot" => {
                // The chat channel subscribes to the topics it lists itself.
                self.push_list(
                    &target.logical.clone().unwrap_or_default(),
                    "SnsTopicArns",
                    source.arn.clone(),
                );
            }
            Mechanism::SnsSubscription => {
                let id = self.unique_id(format!("{from}To{to}Subscription"));
                let mut properties = Fields::new();
                properties.insert("TopicArn", source.arn.clone());
                let dependency = match target_service.as_str() {
                    "sqs" | "lambda" | "firehose" => {
                        let Some(principal) = principal else { return };
                        let grant = self.grant_from_source(
                            edge,
                            &from,
                            principal,
                            &source,
                            &conditions,
                            origin,
                        );
                        if target_service == "firehose"
                            && let Some(role) = &grant
                        {
                            properties.insert("SubscriptionRoleArn", Expr::arn(role));
                        }
                        properties.insert("Protocol", text(target_service.clone()));
                        properties.insert("Endpoint", target.arn.clone());
                        grant
                    }
                    protocol => {
                        properties.insert("Protocol", text(protocol.to_string()));
                        properties
                            .insert("Endpoint", text(self.model.resource(edge.to).name.clone()));
                        None
                    }
                };
                if let Some(filter) = edge.options.get("filter") {
                    let filter = filter.joined();
                    let value = serde_json::from_str::<serde_json::Value>(&filter)
                        .map_or_else(|_| text(filter), |json| json_expr(&json, &source));
                    properties.insert("FilterPolicy", value);
                }
                if edge
                    .options
                    .get("raw")
                    .is_some_and(|raw| raw.joined() == "true")
                {
                    properties.insert("RawMessageDelivery", Expr::Bool(true));
                }
                self.add(id.clone(), Kind::Subscription, origin, properties);
                self.depend(&id, dependency);
            }
            Mechanism::EventSourceMapping => {
                let source_service = self.model.resource(edge.from).service.clone();
                let read_arn = if source_service == "dynamodb" {
                    Expr::Attr(source_logical.clone(), "StreamArn")
                } else {
                    source.arn.clone()
                };
                if target_service == "firehose" {
                    // Firehose reads the data stream itself: its source configuration, not a mapping.
                    if let (Some(target_logical), Some(role)) =
                        (target.logical.clone(), target.role.clone())
                    {
                        self.role_statements
                            .entry(role.clone())
                            .or_default()
                            .push(statement_strings(&channel.actions, vec![read_arn.clone()]));
                        if let Some(stream) = self.resource_mut(&target_logical) {
                            stream
                                .properties
                                .insert("DeliveryStreamType", text("KinesisStreamAsSource"));
                            stream.properties.insert(
                                "KinesisStreamSourceConfiguration",
                                map([
                                    ("KinesisStreamARN", read_arn),
                                    ("RoleARN", Expr::arn(&role)),
                                ]),
                            );
                            stream.depends_on.insert(role);
                        }
                    }
                    return;
                }
                let id = self.unique_id(format!("{to}MappingFrom{from}"));
                let mut properties = Fields::new();
                properties.insert("EventSourceArn", read_arn.clone());
                properties.insert("FunctionName", target.name.clone());
                if let Some(batch) = edge.options.get("batch") {
                    properties.insert("BatchSize", Expr::Number(batch.joined()));
                }
                if let Some(window) = edge.options.get("window") {
                    properties.insert(
                        "MaximumBatchingWindowInSeconds",
                        Expr::Number(window.joined()),
                    );
                }
                if source_service != "sqs" {
                    let start = edge
                        .options
                        .get("start")
                        .map_or("LATEST".to_string(), |start| {
                            start.joined().to_ascii_uppercase().replace('-', "_")
                        });
                    properties.insert("StartingPosition", text(start));
                }
                let read_scope = if source_service == "dynamodb" {
                    Expr::Sub(format!("${{{source_logical}.Arn}}/stream/*"))
                } else {
                    read_arn
                };
                if let Some(role) = target.role.clone() {
                    self.key_for_role(&role, edge.from, &["kms:Decrypt"]);
                    let statements = self.role_statements.entry(role.clone()).or_default();
                    statements.push(statement_strings(&channel.actions, vec![read_scope]));
                    if !channel.unscoped_actions.is_empty() {
                        statements.push(statement_strings(
                            &channel.unscoped_actions,
                            vec![text("*")],
                        ));
                    }
                    let mapping =
                        self.add(id.clone(), Kind::EventSourceMapping, origin, properties);
                    if !channel.unscoped_actions.is_empty() {
                        mapping.notes.push(format!(
                            "{} takes no resource, so the function's role has it on `*`",
                            channel.unscoped_actions.join(", ")
                        ));
                    }
                    // The role's policy must allow reading before Lambda validates the mapping.
                    self.depend(&id, Some(role));
                } else {
                    self.add(id, Kind::EventSourceMapping, origin, properties)
                        .notes
                        .push("the function exists outside this template: grant its role the read actions yourself".to_string());
                }
            }
            Mechanism::CodecommitTrigger => {
                let Some(principal) = principal else { return };
                let dependency =
                    self.grant_from_source(edge, &from, principal, &source, &conditions, origin);
                let branches: Vec<String> = edge
                    .branches
                    .iter()
                    .map(|branch| branch.text.clone())
                    .collect();
                let mut trigger = Fields::new();
                trigger.insert("Name", text(self.edge_name(edge)));
                trigger.insert("DestinationArn", target.arn.clone());
                trigger.insert("Events", texts(&Self::event_values(edge, channel)));
                trigger.insert("Branches", texts(&branches));
                if let Some(data) = edge.options.get("data") {
                    trigger.insert("CustomData", text(data.joined()));
                }
                self.push_list(&source_logical, "Triggers", Expr::Map(trigger));
                self.depend(&source_logical, dependency);
            }
            Mechanism::NotificationRule => {
                let Some(principal) = principal else { return };
                let dependency =
                    self.grant_from_source(edge, &from, principal, &source, &conditions, origin);
                let id = self.unique_id(format!("{from}NotificationsTo{to}"));
                let mut name = self.edge_name(edge);
                name.truncate(64);
                let detail = edge
                    .options
                    .get("detail")
                    .map_or("FULL".to_string(), |detail| {
                        detail.joined().to_ascii_uppercase()
                    });
                let mut properties = Fields::new();
                properties.insert("Name", text(name));
                properties.insert("DetailType", text(detail));
                properties.insert("EventTypeIds", texts(&Self::event_values(edge, channel)));
                properties.insert("Resource", source.arn.clone());
                let target_type = if target_service == "chatbot" {
                    "AWSChatbotSlack"
                } else {
                    "SNS"
                };
                properties.insert(
                    "Targets",
                    list(vec![map([
                        ("TargetType", text(target_type)),
                        ("TargetAddress", target.arn.clone()),
                    ])]),
                );
                self.add(id.clone(), Kind::NotificationRule, origin, properties);
                self.depend(&id, dependency);
                self.depend(&id, source.logical.clone());
            }
            Mechanism::CodedeployTrigger => {
                if let Some(role) = &source.role {
                    self.role_statements
                        .entry(role.clone())
                        .or_default()
                        .push(statement(&["sns:Publish"], vec![target.arn.clone()]));
                    self.key_for_role(role, edge.to, &KEY_SENDER_ACTIONS);
                }
                let mut trigger = Fields::new();
                trigger.insert("TriggerName", text(self.edge_name(edge)));
                trigger.insert("TriggerTargetArn", target.arn.clone());
                trigger.insert("TriggerEvents", texts(&Self::event_values(edge, channel)));
                self.push_list(&source_logical, "TriggerConfigurations", Expr::Map(trigger));
            }
            Mechanism::AlarmAction if target_service == "asg" => {
                // The alarm acts through a simple scaling policy of the group.
                let id = self.unique_id(format!("{to}ScalingPolicyFrom{from}"));
                let adjustment = match edge
                    .options
                    .get("adjustment-type")
                    .map(crate::model::OptionValue::joined)
                    .as_deref()
                {
                    Some("exact") => "ExactCapacity",
                    Some("percent") => "PercentChangeInCapacity",
                    _ => "ChangeInCapacity",
                };
                let mut properties = Fields::new();
                properties.insert("AutoScalingGroupName", target.name.clone());
                properties.insert("PolicyType", text("SimpleScaling"));
                properties.insert("AdjustmentType", text(adjustment));
                properties.insert(
                    "ScalingAdjustment",
                    Expr::Number(
                        edge.options
                            .get("adjust")
                            .map_or("1".to_string(), crate::model::OptionValue::joined),
                    ),
                );
                if let Some(cooldown) = edge.options.get("cooldown") {
                    properties.insert("Cooldown", text(cooldown.joined()));
                }
                self.add(id.clone(), Kind::ScalingPolicy, origin, properties);
                for key in Self::event_values(edge, channel) {
                    self.push_list(&source_logical, &key, Expr::arn(&id));
                }
            }
            Mechanism::AlarmAction if target_service == "ec2" => {
                // CloudWatch's EC2 action acts on the instance of the alarm's
                // `InstanceId` dimension; it needs no grant of ours.
                let action = edge
                    .options
                    .get("do")
                    .map_or("stop".to_string(), crate::model::OptionValue::joined);
                let arn = sub(format!(
                    "arn:{PARTITION}:automate:${{AWS::Region}}:ec2:{action}"
                ));
                for key in Self::event_values(edge, channel) {
                    self.push_list(&source_logical, &key, arn.clone());
                }
                if let Some(alarm) = self.resource_mut(&source_logical) {
                    let dimension =
                        map([("Name", text("InstanceId")), ("Value", target.name.clone())]);
                    match alarm
                        .properties
                        .entry_or_insert_with("Dimensions", || list(Vec::new()))
                    {
                        // Several actions (`on alarm`, `on ok`) on one instance name it once.
                        Expr::List(dimensions) if dimensions.contains(&dimension) => {}
                        Expr::List(dimensions) => dimensions.push(dimension),
                        other => *other = list(vec![dimension]),
                    }
                }
            }
            Mechanism::AlarmAction => {
                let Some(principal) = principal else { return };
                let dependency =
                    self.grant_from_source(edge, &from, principal, &source, &conditions, origin);
                for key in Self::event_values(edge, channel) {
                    self.push_list(&source_logical, &key, target.arn.clone());
                }
                let _ = dependency;
            }
            Mechanism::LifecycleHook => {
                let role = format!("{from}To{to}Role");
                let actions: &[&str] = if target_service == "sqs" {
                    &["sqs:GetQueueUrl", "sqs:SendMessage"]
                } else {
                    &["sns:Publish"]
                };
                self.role(
                    &role,
                    origin,
                    text("autoscaling.amazonaws.com"),
                    None,
                    vec![statement(actions, vec![target.arn.clone()])],
                );
                self.key_for_role(&role, edge.to, &KEY_SENDER_ACTIONS);
                for transition in Self::event_values(edge, channel) {
                    let mut properties = Fields::new();
                    properties.insert("NotificationTargetARN", target.arn.clone());
                    properties.insert("RoleARN", Expr::arn(&role));
                    let hook = self.lifecycle_hook(edge, &source, &transition, properties);
                    self.depend(&hook, Some(role.clone()));
                }
            }
            Mechanism::EventRule => {
                let chosen: String = if edge.events.is_empty() {
                    "Events".to_string()
                } else {
                    edge.events
                        .iter()
                        .map(|event| logical_id(&event.text, ""))
                        .collect()
                };
                let publisher = format!("{from}{chosen}Rule");
                let rule = self.unique_id(format!("{from}{chosen}To{to}Rule"));
                let pattern = Self::edge_pattern(edge, channel, &source);
                let mut properties = Fields::new();
                properties.insert("EventPattern", pattern);
                properties.insert("State", text("ENABLED"));
                self.add(rule.clone(), Kind::Rule, origin, properties);
                // Lifecycle actions reach EventBridge only from a group with a hook.
                if self.model.resource(edge.from).service == "asg" {
                    for event in &edge.events {
                        let transition = match event.text.as_str() {
                            "launch-lifecycle" => "autoscaling:EC2_INSTANCE_LAUNCHING",
                            "terminate-lifecycle" => "autoscaling:EC2_INSTANCE_TERMINATING",
                            _ => continue,
                        };
                        self.lifecycle_hook(edge, &source, transition, Fields::new());
                    }
                }
                if self.model.resource(edge.from).service == "s3"
                    && let Some(bucket) = self.resource_mut(&source_logical)
                {
                    let configuration = bucket
                        .properties
                        .entry_or_insert_with("NotificationConfiguration", || {
                            Expr::Map(Fields::new())
                        });
                    if let Expr::Map(inner) = configuration {
                        inner.insert(
                            "EventBridgeConfiguration",
                            map([("EventBridgeEnabled", Expr::Bool(true))]),
                        );
                    }
                }
                self.rule_target(
                    edge,
                    &rule,
                    &publisher,
                    principal,
                    &conditions,
                    &target,
                    &to,
                    origin,
                );
            }
            Mechanism::RuleTarget => {
                self.rule_target(
                    edge,
                    &source_logical,
                    &from,
                    principal,
                    &conditions,
                    &target,
                    &to,
                    origin,
                );
            }
            Mechanism::LogSubscription => {
                let Some(principal) = principal else { return };
                let dependency =
                    self.grant_from_source(edge, &from, principal, &source, &conditions, origin);
                let id = self.unique_id(format!("{from}To{to}Filter"));
                let mut properties = Fields::new();
                properties.insert("LogGroupName", source.name.clone());
                properties.insert(
                    "FilterPattern",
                    text(
                        edge.options
                            .get("filter")
                            .map_or(String::new(), crate::model::OptionValue::joined),
                    ),
                );
                properties.insert("DestinationArn", target.arn.clone());
                if target_service != "lambda"
                    && let Some(role) = &dependency
                {
                    properties.insert("RoleArn", Expr::arn(role));
                }
                self.add(id.clone(), Kind::SubscriptionFilter, origin, properties);
                self.depend(&id, dependency);
                self.depend(&id, Some(source_logical));
            }
            Mechanism::ServiceNotification if source_service_is(self.model, edge, "beanstalk") => {
                let (Some(environment), Some(role)) = (&source.logical, &source.role) else {
                    return;
                };
                let service_role = role.replace("InstanceRole", "ServiceRole");
                self.push_list(
                    environment,
                    "OptionSettings",
                    option_setting(
                        "aws:elasticbeanstalk:sns:topics",
                        "Notification Topic ARN",
                        target.arn.clone(),
                    ),
                );
                self.role_statements
                    .entry(service_role.clone())
                    .or_default()
                    .push(statement(&["sns:Publish"], vec![target.arn.clone()]));
                self.key_for_role(&service_role, edge.to, &KEY_SENDER_ACTIONS);
            }
            Mechanism::ServiceNotification if source_service_is(self.model, edge, "asg") => {
                // The group's service-linked role publishes: no topic policy.
                let mut entry = Fields::new();
                entry.insert("TopicARN", target.arn.clone());
                entry.insert(
                    "NotificationTypes",
                    texts(&Self::event_values(edge, channel)),
                );
                self.push_list(
                    &source_logical,
                    "NotificationConfigurations",
                    Expr::Map(entry),
                );
            }
            Mechanism::ServiceNotification if source_service_is(self.model, edge, "dax") => {
                // DAX publishes cluster events to a topic of its own account.
                if let Some(cluster) = self.resource_mut(&source_logical) {
                    cluster
                        .properties
                        .insert("NotificationTopicARN", target.arn.clone());
                }
            }
            Mechanism::ServiceNotification
                if ["cloudformation", "servicecatalog"]
                    .contains(&self.model.resource(edge.from).service.as_str()) =>
            {
                // CloudFormation publishes (for a provisioned product too) with the
                // permissions of whoever runs the stack operation: no topic policy.
                let key = if self.model.resource(edge.from).service == "servicecatalog" {
                    "NotificationArns"
                } else {
                    "NotificationARNs"
                };
                self.push_list(&source_logical, key, target.arn.clone());
            }
            Mechanism::LogDelivery | Mechanism::ServiceNotification => {
                self.log_delivery(edge, channel, &source, &target, principal, &conditions);
            }
            Mechanism::StreamApplication => {
                let (Some(application), Some(role)) = (target.logical.clone(), target.role.clone())
                else {
                    return;
                };
                // The stream, and its enhanced fan-out consumers.
                let consumers = match &source.arn {
                    Expr::Attr(id, _) => sub(format!("${{{id}.Arn}}/consumer/*")),
                    Expr::Text(arn) => text(format!("{arn}/consumer/*")),
                    other => other.clone(),
                };
                self.role_statements
                    .entry(role)
                    .or_default()
                    .push(statement_strings(
                        &channel.actions,
                        vec![source.arn.clone(), consumers],
                    ));
                let key = format!("{}.stream.arn", self.model.resource(edge.from).name);
                self.flink_properties
                    .entry(application)
                    .or_default()
                    .insert(key, source.arn.clone());
            }
            Mechanism::DeliveryChannel => {
                let (Some(role), Some(recorder)) = (source.role.clone(), source.logical.clone())
                else {
                    return;
                };
                let channel_id = format!("{recorder}DeliveryChannel");
                let prefix = edge
                    .options
                    .get("prefix")
                    .map(crate::model::OptionValue::joined);
                let statements = if target_service == "s3" {
                    // Config writes with the recorder's role under AWSLogs/ACCOUNT/Config/.
                    let logs = match &prefix {
                        Some(prefix) => {
                            format!("{}/AWSLogs/${{AWS::AccountId}}/Config", sub_literal(prefix))
                        }
                        None => "AWSLogs/${AWS::AccountId}/Config".to_string(),
                    };
                    if let Some(resource) = self.resource_mut(&channel_id) {
                        resource
                            .properties
                            .insert("S3BucketName", target.name.clone());
                        if let Some(prefix) = &prefix {
                            resource
                                .properties
                                .insert("S3KeyPrefix", text(prefix.clone()));
                        }
                    }
                    vec![
                        statement(
                            &["s3:GetBucketAcl", "s3:ListBucket"],
                            vec![target.arn.clone()],
                        ),
                        statement(&["s3:PutObject"], vec![objects(&target.arn, Some(&logs))]),
                    ]
                } else {
                    if let Some(resource) = self.resource_mut(&channel_id) {
                        resource
                            .properties
                            .insert("SnsTopicARN", target.arn.clone());
                    }
                    vec![statement(&["sns:Publish"], vec![target.arn.clone()])]
                };
                self.role_statements
                    .entry(role.clone())
                    .or_default()
                    .extend(statements);
                // Config checks its access when the channel is created.
                self.depend(&channel_id, Some(role));
                self.depend(&channel_id, target.logical.clone());
            }
            Mechanism::PipelineAction => {
                let (Some(pipeline), Some(pipeline_role)) =
                    (source.logical.clone(), source.role.clone())
                else {
                    return;
                };
                self.role_statements
                    .entry(pipeline_role.clone())
                    .or_default()
                    .push(statement(
                        &["lambda:InvokeFunction"],
                        vec![target.arn.clone()],
                    ));
                // The function reports the job's result, which takes no resource.
                if let Some(function_role) = &target.role {
                    self.role_statements
                        .entry(function_role.clone())
                        .or_default()
                        .push(statement(
                            &[
                                "codepipeline:PutJobFailureResult",
                                "codepipeline:PutJobSuccessResult",
                            ],
                            vec![text("*")],
                        ));
                    if let Some(function) = &target.logical
                        && let Some(resource) = self.resource_mut(function)
                    {
                        let note = "codepipeline:PutJobSuccessResult and PutJobFailureResult take no resource, so the function's role has them on `*`".to_string();
                        if !resource.notes.contains(&note) {
                            resource.notes.push(note);
                        }
                    }
                }
                let stage = edge
                    .options
                    .get("stage")
                    .map_or("Invoke".to_string(), crate::model::OptionValue::joined);
                let mut configuration = Fields::new();
                configuration.insert("FunctionName", target.name.clone());
                if let Some(parameters) = edge.options.get("parameters") {
                    configuration.insert("UserParameters", text(parameters.joined()));
                }
                let action = map([
                    (
                        "ActionTypeId",
                        map([
                            ("Category", text("Invoke")),
                            ("Owner", text("AWS")),
                            ("Provider", text("Lambda")),
                            ("Version", text("1")),
                        ]),
                    ),
                    ("Configuration", Expr::Map(configuration)),
                    (
                        "InputArtifacts",
                        list(vec![map([("Name", text("SourceOutput"))])]),
                    ),
                    (
                        "Name",
                        text(physical(&self.model.resource(edge.to).name, 100, false)),
                    ),
                ]);
                self.stages
                    .entry(pipeline.clone())
                    .or_default()
                    .entry(stage)
                    .or_default()
                    .push(action);
                self.depend(&pipeline, Some(pipeline_role));
            }
            Mechanism::Remediation => self.remediation(edge, &source, &target),
            Mechanism::DeploymentAlarm => {
                // The group reads its alarms by name with its service role
                // (`cloudwatch:DescribeAlarms` is in AWSCodeDeployRole).
                let Some(group) = target.logical.clone() else {
                    return;
                };
                self.push_list(
                    &group,
                    "AlarmConfiguration.Alarms",
                    map([("Name", source.name.clone())]),
                );
                let rollback = !matches!(
                    edge.options
                        .get("rollback")
                        .map(crate::model::OptionValue::joined)
                        .as_deref(),
                    Some("false")
                );
                if let Some(resource) = self.resource_mut(&group) {
                    if let Expr::Map(alarms) = resource
                        .properties
                        .entry_or_insert_with("AlarmConfiguration", || Expr::Map(Fields::new()))
                    {
                        alarms.insert("Enabled", Expr::Bool(true));
                    }
                    if rollback {
                        resource.properties.insert(
                            "AutoRollbackConfiguration",
                            map([
                                ("Enabled", Expr::Bool(true)),
                                ("Events", list(vec![text("DEPLOYMENT_STOP_ON_ALARM")])),
                            ]),
                        );
                    }
                }
                self.depend(&group, source.logical.clone());
            }
            Mechanism::AgentLogs => self.agent_logs(edge, &source, &target),
            Mechanism::WorkerQueue => {
                let (Some(environment), Some(role)) = (source.logical.clone(), source.role.clone())
                else {
                    return;
                };
                let url = match (&target.logical, &target.arn) {
                    (Some(logical), _) => Expr::Ref(logical.clone()),
                    (None, Expr::Text(arn)) => text(queue_url(arn)),
                    (None, other) => other.clone(),
                };
                self.push_list(
                    &environment,
                    "OptionSettings",
                    option_setting("aws:elasticbeanstalk:sqsd", "WorkerQueueURL", url),
                );
                // The daemon reads, deletes and extends messages; with `cron.yaml`
                // the leader also sends the scheduled jobs to the queue and keeps
                // its leadership in a DynamoDB table Elastic Beanstalk creates.
                let periodic = matches!(
                    self.property(edge.from, "periodic-tasks"),
                    Some(Expr::Bool(true))
                );
                let mut actions = vec![
                    "sqs:ChangeMessageVisibility",
                    "sqs:DeleteMessage",
                    "sqs:GetQueueAttributes",
                    "sqs:GetQueueUrl",
                    "sqs:ReceiveMessage",
                ];
                if periodic {
                    actions.push("sqs:SendMessage");
                }
                let mut statements = vec![statement(&actions, vec![target.arn.clone()])];
                if periodic {
                    statements.push(statement(
                        &[
                            "dynamodb:BatchGetItem",
                            "dynamodb:BatchWriteItem",
                            "dynamodb:DeleteItem",
                            "dynamodb:GetItem",
                            "dynamodb:PutItem",
                            "dynamodb:Query",
                            "dynamodb:Scan",
                            "dynamodb:UpdateItem",
                        ],
                        vec![sub(format!(
                            "arn:{PARTITION}:dynamodb:${{AWS::Region}}:${{AWS::AccountId}}:table/*-stack-AWSEBWorkerCronLeaderRegistry*"
                        ))],
                    ));
                    if let Some(resource) = self.resource_mut(&role) {
                        resource.notes.push("the worker's leader election table is created by Elastic Beanstalk with a generated name, so the DynamoDB actions are on its name pattern (`*-stack-AWSEBWorkerCronLeaderRegistry*`)".to_string());
                    }
                }
                self.role_statements
                    .entry(role.clone())
                    .or_default()
                    .extend(statements);
                let key_actions: &[&str] = if periodic {
                    &KEY_SENDER_ACTIONS
                } else {
                    &["kms:Decrypt"]
                };
                self.key_for_role(&role, edge.to, key_actions);
                self.depend(&environment, target.logical.clone());
            }
            // Mechanisms this backend does not render yet never reach the plan:
            // `plan::unsupported` reports them (E801) before a build starts.
            Mechanism::S3EventBridge | Mechanism::SourceWebhook => {}
            Mechanism::FirehoseDelivery if target_service != "s3" => {
                self.firehose_destination(edge, &source, &target);
            }
            Mechanism::FirehoseDelivery => {
                let Some(role) = source.role.clone() else {
                    return;
                };
                let bucket_objects = match &target.arn {
                    Expr::Sub(arn) => Expr::Sub(format!("{arn}/*")),
                    Expr::Text(arn) => Expr::Text(format!("{arn}/*").into()),
                    other => other.clone(),
                };
                let actions = self
                    .catalogue
                    .service(&target_service)
                    .and_then(|spec| spec.receive.as_ref())
                    .map(|receive| receive.actions.clone())
                    .unwrap_or_default();
                self.role_statements
                    .entry(role.clone())
                    .or_default()
                    .push(statement_strings(
                        &actions,
                        vec![target.arn.clone(), bucket_objects],
                    ));
                let mut destination = Fields::new();
                destination.insert("BucketARN", target.arn.clone());
                destination.insert("RoleARN", Expr::arn(&role));
                if let Some(prefix) = self.property(edge.from, "prefix") {
                    destination.insert("Prefix", prefix);
                }
                let seconds = self.property(edge.from, "buffer-seconds");
                let megabytes = self.property(edge.from, "buffer-mb");
                if seconds.is_some() || megabytes.is_some() {
                    let mut hints = Fields::new();
                    if let Some(seconds) = seconds {
                        hints.insert("IntervalInSeconds", seconds);
                    }
                    if let Some(megabytes) = megabytes {
                        hints.insert("SizeInMBs", megabytes);
                    }
                    destination.insert("BufferingHints", Expr::Map(hints));
                }
                if let Some(Expr::Text(compression)) = self.property(edge.from, "compression") {
                    let format = match compression.as_ref() {
                        "gzip" => "GZIP",
                        "zip" => "ZIP",
                        "snappy" => "Snappy",
                        "hadoop-snappy" => "HADOOP_SNAPPY",
                        _ => "UNCOMPRESSED",
                    };
                    destination.insert("CompressionFormat", text(format));
                }
                if let Some(stream) = self.resource_mut(&source_logical) {
                    stream
                        .properties
                        .insert("ExtendedS3DestinationConfiguration", Expr::Map(destination));
                    // Firehose checks its role when the stream is created.
                    stream.depends_on.insert(role);
                }
            }
        }
    }

    /// A Firehose stream's OpenSearch, Splunk or Redshift destination, with the
    /// S3 bucket every such destination needs (OpenSearch and Splunk back up
    /// what they reject there; Redshift loads from it), and the stream role's
    /// grants on both.
    fn firehose_destination(&mut self, edge: &Edge, source: &Handle, target: &Handle) {
        let (Some(stream), Some(role)) = (source.logical.clone(), source.role.clone()) else {
            return;
        };
        let target_service = self.model.resource(edge.to).service.clone();
        let origin = edge.target_span;
        // The bucket, named from the stream like every bucket wirec names.
        let bucket_id = format!("{stream}BackupBucket");
        let bucket_name = format!(
            "{}-${{AWS::AccountId}}-${{AWS::Region}}",
            physical(
                &format!("{}-backup", self.model.resource(edge.from).name),
                37,
                true
            )
        );
        let bucket_arn = sub(format!("arn:{PARTITION}:s3:::{bucket_name}"));
        let mut bucket = Fields::new();
        bucket.insert("BucketName", sub(bucket_name));
        bucket.insert("PublicAccessBlockConfiguration", public_access_blocked());
        self.add(bucket_id, Kind::Bucket, origin, bucket);
        let s3_actions = self
            .catalogue
            .service("s3")
            .and_then(|spec| spec.receive.as_ref())
            .map(|receive| receive.actions.clone())
            .unwrap_or_default();
        let statements = self.role_statements.entry(role.clone()).or_default();
        statements.push(statement_strings(
            &s3_actions,
            vec![bucket_arn.clone(), objects(&bucket_arn, None)],
        ));
        let s3 = map([("BucketARN", bucket_arn), ("RoleARN", Expr::arn(&role))]);
        let property = |builder: &Self, key: &str| builder.property(edge.to, key);
        let (key, destination) = match target_service.as_str() {
            "opensearch" => {
                let actions = self
                    .catalogue
                    .service("opensearch")
                    .and_then(|spec| spec.receive.as_ref())
                    .map(|receive| receive.actions.clone())
                    .unwrap_or_default();
                // The domain itself (describe) and its paths (HTTP posts).
                self.role_statements
                    .entry(role.clone())
                    .or_default()
                    .push(statement_strings(
                        &actions,
                        vec![target.arn.clone(), objects(&target.arn, None)],
                    ));
                let index = edge.options.get("index").map_or_else(
                    || self.model.resource(edge.from).name.clone(),
                    crate::model::OptionValue::joined,
                );
                let rotation = match edge
                    .options
                    .get("rotation")
                    .map(crate::model::OptionValue::joined)
                    .as_deref()
                {
                    Some("hour") => "OneHour",
                    Some("day") => "OneDay",
                    Some("week") => "OneWeek",
                    Some("month") => "OneMonth",
                    _ => "NoRotation",
                };
                (
                    "AmazonopensearchserviceDestinationConfiguration",
                    map([
                        ("DomainARN", target.arn.clone()),
                        ("IndexName", text(index)),
                        ("IndexRotationPeriod", text(rotation)),
                        ("RoleARN", Expr::arn(&role)),
                        ("S3BackupMode", text("FailedDocumentsOnly")),
                        ("S3Configuration", s3),
                    ]),
                )
            }
            "splunk" => {
                let mut splunk = Fields::new();
                if let Some(endpoint) = property(self, "endpoint") {
                    splunk.insert("HECEndpoint", endpoint);
                }
                let kind = match property(self, "endpoint-type") {
                    Some(Expr::Text(kind)) if kind == "event" => "Event",
                    _ => "Raw",
                };
                splunk.insert("HECEndpointType", text(kind));
                if let Some(secret) = property(self, "secret") {
                    splunk.insert(
                        "SecretsManagerConfiguration",
                        self.secret_configuration(&role, secret),
                    );
                } else if let Some(token) = property(self, "token") {
                    splunk.insert("HECToken", token);
                }
                if let Some(timeout) = property(self, "ack-timeout") {
                    splunk.insert("HECAcknowledgmentTimeoutInSeconds", timeout);
                }
                splunk.insert("S3BackupMode", text("FailedEventsOnly"));
                splunk.insert("S3Configuration", s3);
                ("SplunkDestinationConfiguration", Expr::Map(splunk))
            }
            _ => {
                let mut copy = Fields::new();
                if let Some(table) = property(self, "table") {
                    copy.insert("DataTableName", table);
                }
                if let Some(columns) = property(self, "columns") {
                    copy.insert("DataTableColumns", columns);
                }
                if let Some(options) = property(self, "copy-options") {
                    copy.insert("CopyOptions", options);
                }
                let mut redshift = Fields::new();
                if let Some(url) = property(self, "jdbc-url") {
                    redshift.insert("ClusterJDBCURL", url);
                }
                redshift.insert("CopyCommand", Expr::Map(copy));
                if let Some(secret) = property(self, "secret") {
                    redshift.insert(
                        "SecretsManagerConfiguration",
                        self.secret_configuration(&role, secret),
                    );
                } else {
                    for (key, field) in [("username", "Username"), ("password", "Password")] {
                        if let Some(value) = property(self, key) {
                            redshift.insert(field, value);
                        }
                    }
                }
                redshift.insert("RoleARN", Expr::arn(&role));
                redshift.insert("S3Configuration", s3);
                ("RedshiftDestinationConfiguration", Expr::Map(redshift))
            }
        };
        if let Some(resource) = self.resource_mut(&stream) {
            resource.properties.insert(key, destination);
            // Firehose checks its role when the stream is created.
            resource.depends_on.insert(role);
        }
    }

    /// Firehose reads a destination's credentials from a Secrets Manager
    /// secret with its own role, which may read that secret only.
    fn secret_configuration(&mut self, role: &str, secret: Expr) -> Expr {
        self.role_statements
            .entry(role.to_string())
            .or_default()
            .push(statement(
                &["secretsmanager:GetSecretValue"],
                vec![secret.clone()],
            ));
        map([
            ("Enabled", Expr::Bool(true)),
            ("RoleARN", Expr::arn(role)),
            ("SecretARN", secret),
        ])
    }

    /// A lifecycle hook of the edge's group for `transition` (with `properties`
    /// for its notification target, if any); returns its logical id. One per
    /// group and transition: a second edge that needs it shares it.
    /// An instance role `role` (trusted by EC2, with only what edges grant it)
    /// in an instance profile of its own; returns the profile's logical id.
    fn instance_profile(&mut self, logical: &str, role: &str, origin: Span) -> String {
        self.role(role, origin, text("ec2.amazonaws.com"), None, Vec::new());
        let profile = format!("{logical}InstanceProfile");
        self.add(
            profile.clone(),
            Kind::InstanceProfile,
            origin,
            Fields::from_iter([("Roles", list(vec![Expr::Ref(role.to_string())]))]),
        );
        profile
    }

    /// An Elastic Beanstalk environment, its application (shared by the
    /// environments that name it), the instance profile its instances run
    /// with and its service role; edges add option settings and grants.
    fn beanstalk(
        &mut self,
        id: ResourceId,
        logical: &str,
        origin: Span,
        max: usize,
        properties: &mut Fields,
    ) -> Handle {
        let name = physical(&self.model.resource(id).name, max, false);
        let application = self
            .text_property(id, "application")
            .unwrap_or_else(|| name.clone());
        let application_id = logical_id(&application, "Application");
        if !self.index.contains_key(&application_id) {
            self.add(
                application_id.clone(),
                Kind::BeanstalkApplication,
                origin,
                Fields::from_iter([("ApplicationName", text(physical(&application, 100, false)))]),
            );
        }
        let worker =
            matches!(self.property(id, "tier"), Some(Expr::Text(tier)) if tier == "worker");
        properties.insert("ApplicationName", Expr::Ref(application_id));
        properties.insert("EnvironmentName", text(name.clone()));
        if let Some(platform) = self.property(id, "platform") {
            properties.insert("SolutionStackName", platform);
        }
        properties.insert(
            "Tier",
            if worker {
                map([("Name", text("Worker")), ("Type", text("SQS/HTTP"))])
            } else {
                map([("Name", text("WebServer")), ("Type", text("Standard"))])
            },
        );
        // The instances' role: what the edges grant (the worker queue), nothing more.
        let instance_role = format!("{logical}InstanceRole");
        let profile = self.instance_profile(logical, &instance_role, origin);
        if let Some(resource) = self.resource_mut(&instance_role) {
            resource.notes.push("the environment's instances run with this role, which has only what the wiring needs: add what the application itself calls (Elastic Beanstalk's own `aws-elasticbeanstalk-ec2-role` has `AWSElasticBeanstalkWebTier` for log rotation to S3 and X-Ray)".to_string());
        }
        // The service role Elastic Beanstalk assumes to manage the environment,
        // trusted as AWS documents it (`sts:ExternalId` `elasticbeanstalk`), with
        // the managed policy of enhanced health reporting.
        let service_role = format!("{logical}ServiceRole");
        self.role(
            &service_role,
            origin,
            text("elasticbeanstalk.amazonaws.com"),
            Some(map([(
                "StringEquals",
                map([("sts:ExternalId", text("elasticbeanstalk"))]),
            )])),
            Vec::new(),
        );
        if let Some(resource) = self.resource_mut(&service_role) {
            resource.properties.insert(
                "ManagedPolicyArns",
                list(vec![sub(format!(
                    "arn:{PARTITION}:iam::aws:policy/service-role/AWSElasticBeanstalkEnhancedHealth"
                ))]),
            );
        }
        for setting in [
            option_setting(
                "aws:autoscaling:launchconfiguration",
                "IamInstanceProfile",
                Expr::Ref(profile),
            ),
            option_setting(
                "aws:elasticbeanstalk:environment",
                "ServiceRole",
                Expr::arn(&service_role),
            ),
        ] {
            self.push_list(logical, "OptionSettings", setting);
        }
        Handle {
            logical: Some(logical.to_string()),
            arn: sub(format!(
                "arn:{PARTITION}:elasticbeanstalk:${{AWS::Region}}:${{AWS::AccountId}}:environment/{}/{name}",
                physical(&application, 100, false)
            )),
            name: text(name),
            role: Some(instance_role),
        }
    }

    /// An EC2 instance from wirec's default AMI (the latest Amazon Linux 2023)
    /// or the one named, with an instance profile of wirec's unless one is
    /// named. With `agent = true` on the default AMI, its user data installs
    /// the CloudWatch agent and starts it with the configuration that the
    /// instance's `logs` edges write (see [`Builder::agent_logs`]).
    fn instance(
        &mut self,
        id: ResourceId,
        logical: &str,
        origin: Span,
        max: usize,
        properties: &mut Fields,
    ) -> Handle {
        let name = physical(&self.model.resource(id).name, max, false);
        let ami = self.property(id, "ami");
        let default_ami = ami.is_none();
        properties.insert("ImageId", ami.unwrap_or_else(|| text(DEFAULT_AMI)));
        properties.insert(
            "InstanceType",
            self.property(id, "instance-type")
                .unwrap_or_else(|| text("t3.micro")),
        );
        let role = if let Some(profile) = self.property(id, "instance-profile") {
            properties.insert("IamInstanceProfile", profile);
            None
        } else {
            let role = format!("{logical}Role");
            let profile = self.instance_profile(logical, &role, origin);
            properties.insert("IamInstanceProfile", Expr::Ref(profile));
            Some(role)
        };
        // The physical name is the `Name` tag, which the console shows.
        let mut tags = vec![map([("Key", text("Name")), ("Value", text(name.clone()))])];
        if let Some(Expr::Map(user_tags)) = self.property(id, "tags") {
            for (key, value) in user_tags.iter().filter(|(key, _)| *key != "Name") {
                tags.push(map([
                    ("Key", text(key.to_string())),
                    ("Value", value.clone()),
                ]));
            }
        }
        properties.insert("Tags", list(tags));
        let agent = matches!(self.property(id, "agent"), Some(Expr::Bool(true)));
        let log_files: Vec<String> = self
            .model
            .outgoing(id)
            .iter()
            .filter(|edge| edge.channel == "logs")
            .map(|edge| agent_log_file(edge, "ec2"))
            .collect();
        if agent && !log_files.is_empty() && default_ami {
            // The default image has no rsyslog: without it the syslog files
            // the agent is told to ship are never written.
            let rsyslog = if log_files.iter().any(|file| written_by_rsyslog(file)) {
                "dnf install -y rsyslog\nsystemctl enable --now rsyslog\n"
            } else {
                ""
            };
            properties.insert(
                "UserData",
                Expr::Base64(Box::new(text(format!(
                    "#!/bin/bash\nset -euo pipefail\n{rsyslog}dnf install -y amazon-cloudwatch-agent\n/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c ssm:{}\n",
                    agent_parameter(&self.model.resource(id).name)
                )))),
            );
        }
        Handle {
            logical: Some(logical.to_string()),
            arn: sub(format!(
                "arn:{PARTITION}:ec2:${{AWS::Region}}:${{AWS::AccountId}}:instance/${{{logical}}}"
            )),
            name: Expr::Ref(logical.to_string()),
            role,
        }
    }

    /// Log files that the CloudWatch agent on an instance (or on a group's
    /// instances) ships to a log group: an entry in the agent's configuration,
    /// kept in the parameter it reads (`AmazonCloudWatch-NAME`), and the grants
    /// it needs, in the instance's role when wirec creates it and otherwise in
    /// a policy of their own (attached to the group's `instance-role`).
    fn agent_logs(&mut self, edge: &Edge, source: &Handle, group: &Handle) {
        let from = self.pascal(edge.from);
        let source_name = self.model.resource(edge.from).name.clone();
        let parameter_name = agent_parameter(&source_name);
        let parameter_id = format!("{from}AgentConfiguration");
        let source_service = self.model.resource(edge.from).service.as_str();
        let file = agent_log_file(edge, source_service);
        let group_name = match &group.name {
            Expr::Text(name) => name.to_string(),
            _ => String::new(),
        };
        self.agent_files
            .entry(parameter_id.clone())
            .or_insert_with(|| (parameter_name.clone(), edge.target_span, Vec::new()))
            .2
            .push(serde_json::json!({
                "file_path": file,
                "log_group_name": group_name,
                "log_stream_name": "{instance_id}",
            }));
        let statements = vec![
            statement(
                &["logs:CreateLogStream", "logs:PutLogEvents"],
                vec![log_streams(group, "*")],
            ),
            statement(
                &["logs:DescribeLogStreams"],
                vec![bare_log_group_arn(group)],
            ),
            statement(
                &["ssm:GetParameter"],
                vec![sub(format!(
                    "arn:{PARTITION}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/{parameter_name}"
                ))],
            ),
        ];
        // Only an instance's own role is the instances' role (a deployment
        // group's role is CodeDeploy's service role).
        let instance_role = source.role.as_ref().filter(|_| source_service == "ec2");
        let holder = if let Some(role) = instance_role {
            role.clone()
        } else {
            let policy = format!("{from}AgentPolicy");
            if !self.index.contains_key(&policy) {
                let mut properties = Fields::new();
                properties.insert(
                    "Description",
                    text(format!(
                        "What the CloudWatch agent on {} `{source_name}` needs to ship its logs (wirec)",
                        self.model.resource(edge.from).service
                    )),
                );
                if let Some(role) = self.property(edge.from, "instance-role") {
                    properties.insert("Roles", list(vec![role]));
                }
                let resource = self.add(
                    policy.clone(),
                    Kind::ManagedPolicy,
                    edge.target_span,
                    properties,
                );
                resource.notes.push(if resource.properties.contains_key("Roles") {
                    "attached to the instances' role (`instance-role`), which their instance profile must hold".to_string()
                } else {
                    "wirec does not know the instances' role: attach this policy to it (its ARN is an output), or name it with `instance-role`".to_string()
                });
            }
            policy
        };
        let held = self.role_statements.entry(holder).or_default();
        for statement in statements {
            // One configuration parameter, however many files.
            if !held.contains(&statement) {
                held.push(statement);
            }
        }
        // The agent reads its configuration and writes to the group at boot.
        if let Some(logical) = &source.logical {
            self.depend(logical, Some(parameter_id));
            self.depend(logical, group.logical.clone());
        }
    }

    /// A Config rule's automatic remediation: AWS Config starts the runbook for
    /// each non-compliant resource, and Systems Manager runs it as a role of
    /// ours (`AutomationAssumeRole`) that may do what the `allows` option names.
    fn remediation(&mut self, edge: &Edge, config_rule: &Handle, document: &Handle) {
        let from = self.pascal(edge.from);
        let id = format!("{from}Remediation");
        let role = format!("{id}Role");
        let option = |key: &str| edge.options.get(key).map(crate::model::OptionValue::joined);
        // Without `allows`, an AWS-owned runbook gets the permissions AWS lists for it.
        let owned = self
            .model
            .resource(edge.to)
            .existing
            .as_ref()
            .and_then(|arn| self.catalogue.runbook_of_arn(&arn.text));
        let documented = option("allows").is_none().then_some(owned).flatten();
        let actions: Vec<String> = match documented {
            Some(spec) => spec.permissions.clone(),
            None => option("allows")
                .unwrap_or_default()
                .split([' ', ','])
                .filter(|action| !action.is_empty())
                .map(str::to_string)
                .collect(),
        };
        // `resources` narrows what `allows` names; documented permissions carry
        // their own scopes (check refuses `resources` beside them, E107).
        let scope = option("resources")
            .filter(|_| documented.is_none())
            .unwrap_or_else(|| "*".to_string());
        // `resources` narrows the actions of the service its ARN names; the
        // others (a runbook's own `ssm:` calls, say) cannot act on that ARN and
        // stay on `*`.
        let scoped_service = scope.split(':').nth(2).filter(|_| scope != "*");
        let (narrowed, elsewhere): (Vec<String>, Vec<String>) =
            actions.iter().cloned().partition(|action| {
                scoped_service.is_some_and(|service| action.split(':').next() == Some(service))
            });
        let mut statements = Vec::new();
        if let Some(spec) = documented {
            // Each documented permission on the resources it acts on in this
            // account and Region; those that take none on `*`.
            let mut by_scope: Vec<(&[String], Vec<String>)> = Vec::new();
            for action in &actions {
                let scope: &[String] = spec.scopes.get(action).map_or(&[], Vec::as_slice);
                match by_scope.iter_mut().find(|(known, _)| *known == scope) {
                    Some((_, grouped)) => grouped.push(action.clone()),
                    None => by_scope.push((scope, vec![action.clone()])),
                }
            }
            for (scope, grouped) in by_scope {
                let resources = if scope.is_empty() {
                    vec![text("*")]
                } else {
                    scope.iter().map(|pattern| sub(pattern.clone())).collect()
                };
                statements.push(statement_strings(&grouped, resources));
            }
        } else {
            if !narrowed.is_empty() {
                statements.push(statement_strings(&narrowed, vec![text(scope.clone())]));
            }
            if !elsewhere.is_empty() {
                statements.push(statement_strings(&elsewhere, vec![text("*")]));
            }
        }
        self.role(
            &role,
            edge.target_span,
            text("ssm.amazonaws.com"),
            Some(this_account()),
            statements,
        );
        if let Some(resource) = self.resource_mut(&role)
            && let Some(spec) = documented
        {
            resource.notes.push(format!(
                "the runbook's permissions as AWS documents them ({}), each on the resources it acts on in this account and Region, or on `*` when it takes none; set the edge's `allows` to choose others",
                spec.source
            ));
        }
        if let Some(resource) = self.resource_mut(&role)
            && documented.is_none()
        {
            resource.notes.push(if actions.is_empty() {
                "the runbook runs as this role, which has no permissions yet: name the actions it performs with the edge's `allows` option".to_string()
            } else if scope == "*" {
                "the runbook acts on whichever resource the rule finds non-compliant, so its actions are on `*` (narrow them with the edge's `resources` option)".to_string()
            } else if elsewhere.is_empty() {
                format!("the runbook's actions are on `{scope}` (the edge's `resources` option)")
            } else {
                format!(
                    "the runbook's actions on its service are on `{scope}` (the edge's `resources` option); {} cannot act on that ARN and are on `*`",
                    elsewhere.join(", ")
                )
            });
        }
        let mut parameters = Fields::new();
        parameters.insert(
            "AutomationAssumeRole",
            map([(
                "StaticValue",
                map([("Values", list(vec![Expr::arn(&role)]))]),
            )]),
        );
        if let Some(parameter) = option("parameter") {
            parameters.insert(
                parameter,
                map([("ResourceValue", map([("Value", text("RESOURCE_ID"))]))]),
            );
        }
        // The rule's fixed values for the runbook's other parameters; AWS
        // Config passes every static value as text.
        if let Some(Expr::Map(fixed)) = self.property(edge.from, "remediation-parameters") {
            for (name, value) in fixed.iter() {
                let values = match value {
                    Expr::List(items) => items.iter().map(static_text).collect(),
                    other => vec![static_text(other)],
                };
                parameters.insert(
                    name.to_string(),
                    map([("StaticValue", map([("Values", list(values))]))]),
                );
            }
        }
        let mut properties = Fields::new();
        properties.insert(
            "ConfigRuleName",
            config_rule.logical.as_ref().map_or_else(
                || config_rule.name.clone(),
                |logical| Expr::Ref(logical.clone()),
            ),
        );
        properties.insert("TargetType", text("SSM_DOCUMENT"));
        properties.insert("TargetId", document.name.clone());
        properties.insert("Parameters", Expr::Map(parameters));
        let automatic = !matches!(option("automatic").as_deref(), Some("false"));
        properties.insert("Automatic", Expr::Bool(automatic));
        if automatic {
            properties.insert(
                "MaximumAutomaticAttempts",
                Expr::Number(option("attempts").unwrap_or_else(|| "5".to_string())),
            );
            properties.insert(
                "RetryAttemptSeconds",
                Expr::Number(option("retry-seconds").unwrap_or_else(|| "60".to_string())),
            );
        }
        // The rule's one resource type, where it names one, is the remediated type.
        if let Some(Expr::List(types)) = self.property(edge.from, "resource-types")
            && let [only] = types.as_slice()
        {
            properties.insert("ResourceType", only.clone());
        }
        self.add(id.clone(), Kind::Remediation, edge.target_span, properties);
        self.depend(&id, document.logical.clone());
    }

    fn lifecycle_hook(
        &mut self,
        edge: &Edge,
        group: &Handle,
        transition: &str,
        mut properties: Fields,
    ) -> String {
        let from = self.pascal(edge.from);
        let suffix = if transition.ends_with("LAUNCHING") {
            "Launching"
        } else {
            "Terminating"
        };
        let base = format!("{from}{suffix}Hook");
        let without_target = properties.is_empty();
        properties.insert("LifecycleTransition", text(transition.to_string()));
        if let Some(heartbeat) = edge.options.get("heartbeat") {
            properties.insert("HeartbeatTimeout", Expr::Number(heartbeat.joined()));
        }
        if let Some(result) = edge.options.get("default-result") {
            properties.insert("DefaultResult", text(result.joined().to_ascii_uppercase()));
        }
        if let Some(metadata) = edge.options.get("metadata") {
            properties.insert("NotificationMetadata", text(metadata.joined()));
        }
        // A group created here gets its hooks at creation, so that its first
        // instances wait too; an existing group gets a hook resource.
        if let Some(logical) = &group.logical {
            let hooks = (
                logical.clone(),
                "LifecycleHookSpecificationList".to_string(),
            );
            let existing = self.lists.get(&hooks).map_or(0, Vec::len);
            let same = |hook: &Expr| {
                without_target
                    && matches!(hook, Expr::Map(fields) if fields.get("LifecycleTransition") == properties.get("LifecycleTransition") && !fields.contains_key("NotificationTargetARN"))
            };
            if self
                .lists
                .get(&hooks)
                .is_some_and(|list| list.iter().any(same))
            {
                return logical.clone();
            }
            let mut name = format!(
                "{}-{}",
                self.model.resource(edge.from).name,
                suffix.to_ascii_lowercase()
            );
            if existing > 0 {
                name = format!("{name}-{}", existing + 1);
            }
            name.truncate(255);
            properties.insert("LifecycleHookName", text(name));
            self.push_list(
                logical,
                "LifecycleHookSpecificationList",
                Expr::Map(properties),
            );
            return logical.clone();
        }
        if without_target && self.index.contains_key(&base) {
            return base;
        }
        let id = self.unique_id(base);
        properties.insert("AutoScalingGroupName", group.name.clone());
        self.add(
            id.clone(),
            Kind::LifecycleHook,
            edge.target_span,
            properties,
        );
        id
    }

    /// Logs and notifications that a service delivers itself: a trail, a VPC's
    /// flow logs, a bucket's access logs, a state machine's or a project's logs.
    #[allow(
        clippy::too_many_lines,
        reason = "one arm per (source, target) pair AWS documents, each short"
    )]
    fn log_delivery(
        &mut self,
        edge: &Edge,
        channel: &ChannelSpec,
        source: &Handle,
        target: &Handle,
        principal: Option<Expr>,
        conditions: &[Condition],
    ) {
        let source_service = self.model.resource(edge.from).service.clone();
        let target_service = self.model.resource(edge.to).service.clone();
        let source_logical = source.logical.clone().unwrap_or_default();
        let origin = edge.target_span;
        let from = self.pascal(edge.from);
        let to = self.pascal(edge.to);
        let prefix = edge
            .options
            .get("prefix")
            .map(crate::model::OptionValue::joined)
            .or_else(|| self.text_property(edge.from, "prefix"));
        let set = |builder: &mut Self, key: &'static str, value: Expr| {
            if let Some(resource) = builder.resource_mut(&source_logical) {
                resource.properties.insert(key, value);
            }
        };
        match (source_service.as_str(), target_service.as_str()) {
            ("cloudtrail", "s3") => {
                let Some(principal) = principal else { return };
                let policy = self.log_bucket_policy(
                    edge,
                    principal,
                    target,
                    prefix.as_deref(),
                    &[("aws:SourceArn", source.arn.clone())],
                    &[],
                );
                set(self, "S3BucketName", target.name.clone());
                self.depend(&source_logical, Some(policy));
            }
            ("cloudtrail", "loggroup") => {
                let Some(principal) = principal else { return };
                let role = format!("{from}To{to}Role");
                // CloudTrail writes to streams named ACCOUNT_CloudTrail_REGION...
                let streams = log_streams(target, "${AWS::AccountId}_CloudTrail_${AWS::Region}*");
                self.role(
                    &role,
                    origin,
                    principal,
                    Some(map([(
                        "StringEquals",
                        map([("aws:SourceArn", source.arn.clone())]),
                    )])),
                    vec![statement(
                        &["logs:CreateLogStream", "logs:PutLogEvents"],
                        vec![streams],
                    )],
                );
                set(self, "CloudWatchLogsLogGroupArn", target.arn.clone());
                set(self, "CloudWatchLogsRoleArn", Expr::arn(&role));
                self.depend(&source_logical, Some(role));
            }
            ("cloudtrail", "sns") => {
                let Some(principal) = principal else { return };
                let policy =
                    self.grant_from_source(edge, &from, principal, source, conditions, origin);
                set(self, "SnsTopicName", target.arn.clone());
                self.depend(&source_logical, policy);
            }
            ("alb" | "cloudfront", _) => {
                let Some(principal) = principal else { return };
                self.vended_logs(edge, channel, source, target, principal, prefix.as_deref());
            }
            ("apigateway", _) => {
                let channel_name = edge.channel.as_str();
                if target_service == "firehose" {
                    // Written with the service-linked role AWSServiceRoleForAPIGateway.
                    set(
                        self,
                        "AccessLogSetting",
                        access_log_setting(edge, target.arn.clone()),
                    );
                    return;
                }
                let account = self.api_gateway_account(origin);
                if channel_name == "access-logs" {
                    set(
                        self,
                        "AccessLogSetting",
                        access_log_setting(edge, bare_log_group_arn(target)),
                    );
                } else {
                    let level = edge
                        .options
                        .get("level")
                        .map_or("ERROR".to_string(), |level| {
                            level.joined().to_ascii_uppercase()
                        });
                    self.method_setting(&source_logical, "LoggingLevel", text(level));
                    let trace = edge
                        .options
                        .get("data-trace")
                        .is_some_and(|trace| trace.joined() == "true");
                    self.method_setting(&source_logical, "DataTraceEnabled", Expr::Bool(trace));
                }
                self.depend(&source_logical, Some(account));
                // The group exists before API Gateway would create it itself.
                self.depend(&source_logical, target.logical.clone());
            }
            ("flink", _) => {
                let Some(role) = source.role.clone() else {
                    return;
                };
                let group = match &target.name {
                    Expr::Text(name) => name.to_string(),
                    _ => return,
                };
                let application = self.model.resource(edge.from).name.clone();
                let stream_id = self.unique_id(format!("{to}StreamFor{from}"));
                let mut stream = Fields::new();
                stream.insert("LogGroupName", text(group.clone()));
                stream.insert("LogStreamName", text(application.clone()));
                self.add(stream_id.clone(), Kind::LogStream, origin, stream);
                self.depend(&stream_id, target.logical.clone());
                let stream_arn = sub(format!(
                    "arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{group}:log-stream:{application}"
                ));
                let statements = self.role_statements.entry(role).or_default();
                statements.push(statement(&["logs:PutLogEvents"], vec![stream_arn.clone()]));
                statements.push(statement(
                    &["logs:DescribeLogStreams"],
                    vec![sub(format!(
                        "arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{group}:log-stream:*"
                    ))],
                ));
                statements.push(statement(&["logs:DescribeLogGroups"], vec![text("*")]));
                let id = self.unique_id(format!("{from}LoggingTo{to}"));
                let mut logging = Fields::new();
                logging.insert("ApplicationName", Expr::Ref(source_logical.clone()));
                logging.insert(
                    "CloudWatchLoggingOption",
                    map([("LogStreamARN", stream_arn)]),
                );
                let option = self.add(id.clone(), Kind::FlinkLogging, origin, logging);
                option.notes.push(
                    "logs:DescribeLogGroups takes no resource, so the application's role has it on `*`".to_string(),
                );
                self.depend(&id, Some(stream_id));
            }
            ("route53", _) => {
                let Some(principal) = principal else { return };
                // Any zone of this account: naming the zone would close a cycle
                // (zone → policy → zone id), and the policy is per log group.
                let statement = format!(
                    "{{\"Sid\":\"QueryLogsFrom{from}To{to}\",\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"{principal}\"}},\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{group}:*\",\"Condition\":{{\"StringEquals\":{{\"aws:SourceAccount\":\"${{AWS::AccountId}}\"}},\"ArnLike\":{{\"aws:SourceArn\":\"arn:${{AWS::Partition}}:route53:::hostedzone/*\"}}}}}}",
                    principal = match &principal {
                        Expr::Text(principal) => principal.to_string(),
                        _ => String::new(),
                    },
                    group = match &target.name {
                        Expr::Text(name) => name.to_string(),
                        _ => String::new(),
                    },
                );
                if !self.logs_policy.contains(&text(statement.clone())) {
                    self.logs_policy.push(text(statement));
                }
                set(
                    self,
                    "QueryLoggingConfig",
                    map([("CloudWatchLogsLogGroupArn", target.arn.clone())]),
                );
                self.depend(
                    &source_logical,
                    Some("EventsToLogsResourcePolicy".to_string()),
                );
            }
            ("vpc", _) => {
                let id = self.unique_id(format!("{from}FlowLogTo{to}"));
                let vpc = match &source.name {
                    Expr::Text(name) => text(name.clone()),
                    other => other.clone(),
                };
                let mut properties = Fields::new();
                properties.insert("ResourceId", vpc);
                properties.insert("ResourceType", text("VPC"));
                let traffic = edge
                    .options
                    .get("traffic")
                    .map_or("ALL".to_string(), |traffic| {
                        traffic.joined().to_ascii_uppercase()
                    });
                properties.insert("TrafficType", text(traffic));
                if let Some(format) = edge.options.get("format") {
                    properties.insert("LogFormat", text(format.joined()));
                }
                if let Some(interval) = edge.options.get("interval") {
                    let seconds = if interval.joined() == "1m" {
                        "60"
                    } else {
                        "600"
                    };
                    properties.insert("MaxAggregationInterval", Expr::Number(seconds.into()));
                }
                let mut dependency = None;
                match target_service.as_str() {
                    "s3" => {
                        let Some(principal) = principal else { return };
                        // Vended logs come from the account's log delivery, not the VPC.
                        let delivery =
                            sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*");
                        dependency = Some(self.log_bucket_policy(
                            edge,
                            principal,
                            target,
                            prefix.as_deref(),
                            &[],
                            &[("aws:SourceArn", delivery)],
                        ));
                        properties.insert("LogDestinationType", text("s3"));
                        let destination = match (&target.arn, &prefix) {
                            (Expr::Sub(arn), Some(prefix)) => {
                                Expr::Sub(format!("{arn}/{}/", sub_literal(prefix)))
                            }
                            (Expr::Text(arn), Some(prefix)) => text(format!("{arn}/{prefix}/")),
                            (arn, _) => arn.clone(),
                        };
                        properties.insert("LogDestination", destination);
                    }
                    "loggroup" => {
                        let Some(principal) = principal else { return };
                        let role = format!("{from}To{to}Role");
                        let trust = map([
                            (
                                "ArnLike",
                                map([(
                                    "aws:SourceArn",
                                    sub(
                                        "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*",
                                    ),
                                )]),
                            ),
                            (
                                "StringEquals",
                                map([("aws:SourceAccount", sub("${AWS::AccountId}"))]),
                            ),
                        ]);
                        self.role(
                            &role,
                            origin,
                            principal,
                            Some(trust),
                            vec![statement(
                                &[
                                    "logs:CreateLogStream",
                                    "logs:DescribeLogStreams",
                                    "logs:PutLogEvents",
                                ],
                                vec![target.arn.clone()],
                            )],
                        );
                        properties.insert("LogDestinationType", text("cloud-watch-logs"));
                        properties.insert("LogDestination", bare_log_group_arn(target));
                        properties.insert("DeliverLogsPermissionArn", Expr::arn(&role));
                        dependency = Some(role);
                    }
                    _ => {
                        // In the same account, Firehose delivery uses the
                        // service-linked role AWS creates; no role of ours.
                        properties.insert("LogDestinationType", text("kinesis-data-firehose"));
                        properties.insert("LogDestination", target.arn.clone());
                    }
                }
                self.add(id.clone(), Kind::FlowLog, origin, properties);
                self.depend(&id, dependency);
                self.depend(&id, target.logical.clone());
            }
            ("s3", "s3") => {
                let Some(principal) = principal else { return };
                let mut equals = Vec::new();
                if conditions.contains(&Condition::SourceAccount) {
                    equals.push(("aws:SourceAccount", sub("${AWS::AccountId}")));
                }
                let policy = self.access_log_bucket_policy(
                    edge,
                    principal,
                    target,
                    prefix.as_deref(),
                    source.arn.clone(),
                    &equals,
                );
                let mut logging = Fields::new();
                logging.insert("DestinationBucketName", target.name.clone());
                if let Some(prefix) = &prefix {
                    logging.insert("LogFilePrefix", text(prefix.clone()));
                }
                set(self, "LoggingConfiguration", Expr::Map(logging));
                self.depend(&source_logical, Some(policy));
            }
            ("stepfunctions", _) => {
                if let Some(role) = &source.role {
                    // Vended-log delivery takes no resource-level permissions.
                    self.role_statements
                        .entry(role.clone())
                        .or_default()
                        .push(statement(
                            &[
                                "logs:CreateLogDelivery",
                                "logs:DeleteLogDelivery",
                                "logs:DescribeLogGroups",
                                "logs:DescribeResourcePolicies",
                                "logs:GetLogDelivery",
                                "logs:ListLogDeliveries",
                                "logs:UpdateLogDelivery",
                            ],
                            vec![text("*")],
                        ));
                }
                // The log group's resource policy lets the delivery in, so the
                // role needs no logs:PutResourcePolicy (permissions management).
                let policy = self.vended_logs_statement(&from, &to, target);
                self.depend(&source_logical, Some(policy));
                let level = edge
                    .options
                    .get("level")
                    .map_or("ERROR".to_string(), |level| {
                        level.joined().to_ascii_uppercase()
                    });
                let mut logging = Fields::new();
                logging.insert(
                    "Destinations",
                    list(vec![map([(
                        "CloudWatchLogsLogGroup",
                        map([("LogGroupArn", target.arn.clone())]),
                    )])]),
                );
                logging.insert("Level", text(level));
                logging.insert(
                    "IncludeExecutionData",
                    Expr::Bool(
                        edge.options
                            .get("execution-data")
                            .is_some_and(|data| data.joined() == "true"),
                    ),
                );
                set(self, "LoggingConfiguration", Expr::Map(logging));
                if let Some(resource) = self.resource_mut(&source_logical) {
                    resource.notes.push(
                        "CloudWatch Logs vended-log delivery (logs:CreateLogDelivery and the rest) takes no resource, so the state machine's role has it on `*`".to_string(),
                    );
                }
            }
            ("codebuild", _) => {
                let Some(role) = source.role.clone() else {
                    return;
                };
                let Some(Expr::Map(mut logs)) = self
                    .resource_mut(&source_logical)
                    .and_then(|project| project.properties.get("LogsConfig").cloned())
                else {
                    return;
                };
                if target_service == "loggroup" {
                    let mut cloudwatch = Fields::new();
                    cloudwatch.insert("GroupName", target.name.clone());
                    cloudwatch.insert("Status", text("ENABLED"));
                    if let Some(prefix) = &prefix {
                        cloudwatch.insert("StreamName", text(prefix.clone()));
                    }
                    logs.insert("CloudWatchLogs", Expr::Map(cloudwatch));
                    self.role_statements
                        .entry(role)
                        .or_default()
                        .push(statement(
                            &["logs:CreateLogStream", "logs:PutLogEvents"],
                            vec![target.arn.clone()],
                        ));
                } else {
                    let location = match (&target.name, &prefix) {
                        (Expr::Sub(name), Some(prefix)) => {
                            Expr::Sub(format!("{name}/{}", sub_literal(prefix)))
                        }
                        (Expr::Text(name), Some(prefix)) => text(format!("{name}/{prefix}")),
                        (name, _) => name.clone(),
                    };
                    logs.insert(
                        "S3Logs",
                        map([("Location", location), ("Status", text("ENABLED"))]),
                    );
                    self.role_statements.entry(role).or_default().extend([
                        statement(
                            &["s3:GetBucketAcl", "s3:GetBucketLocation"],
                            vec![target.arn.clone()],
                        ),
                        statement(
                            &["s3:PutObject"],
                            vec![objects(&target.arn, prefix.as_deref())],
                        ),
                    ]);
                }
                set(self, "LogsConfig", Expr::Map(logs));
            }
            _ => {}
        }
        let _ = channel;
    }

    /// Logs that a resource sends through CloudWatch Logs vended-log delivery
    /// (a load balancer, a distribution): per log type a delivery source, a
    /// delivery destination and the delivery, after the destination admits
    /// `delivery.logs.amazonaws.com` for this account's deliveries.
    fn vended_logs(
        &mut self,
        edge: &Edge,
        channel: &ChannelSpec,
        source: &Handle,
        target: &Handle,
        principal: Expr,
        prefix: Option<&str>,
    ) {
        let target_service = self.model.resource(edge.to).service.clone();
        let origin = edge.target_span;
        let from = self.pascal(edge.from);
        let to = self.pascal(edge.to);
        let source_name = self.model.resource(edge.from).name.clone();
        let target_name = self.model.resource(edge.to).name.clone();
        // The log types: the delivery-source values of the chosen events.
        let mut log_types: Vec<String> = Self::event_values(edge, channel)
            .into_iter()
            .filter(|value| !value.contains('.'))
            .collect();
        if log_types.is_empty() {
            log_types.push("ACCESS_LOGS".to_string());
        }
        let (destination, permission) = match target_service.as_str() {
            "s3" => {
                let delivery = sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*");
                let policy = self.log_bucket_policy(
                    edge,
                    principal,
                    target,
                    prefix,
                    &[],
                    &[("aws:SourceArn", delivery)],
                );
                (target.arn.clone(), Some(policy))
            }
            "loggroup" => (
                bare_log_group_arn(target),
                Some(self.vended_logs_statement(&from, &to, target)),
            ),
            _ => {
                // Firehose delivers vended logs only from streams tagged for it.
                if let Some(stream) = target.logical.clone()
                    && let Some(resource) = self.resource_mut(&stream)
                {
                    let tags = resource
                        .properties
                        .entry_or_insert_with("Tags", || list(Vec::new()));
                    if let Expr::List(tags) = tags {
                        let tag =
                            map([("Key", text("LogDeliveryEnabled")), ("Value", text("true"))]);
                        if !tags.contains(&tag) {
                            tags.push(tag);
                        }
                    }
                }
                (target.arn.clone(), None)
            }
        };
        for log_type in log_types {
            let kind = logical_id(&log_type.to_ascii_lowercase().replace('_', "-"), "");
            let source_id = format!("{from}{kind}Source");
            if !self.index.contains_key(&source_id) {
                let mut properties = Fields::new();
                properties.insert(
                    "Name",
                    text(physical(
                        &format!(
                            "{source_name}-{}",
                            log_type.to_ascii_lowercase().replace('_', "-")
                        ),
                        60,
                        false,
                    )),
                );
                properties.insert("ResourceArn", source.arn.clone());
                properties.insert("LogType", text(log_type.clone()));
                self.add(source_id.clone(), Kind::DeliverySource, origin, properties);
            }
            let destination_id = self.unique_id(format!("{from}{kind}To{to}Destination"));
            let mut properties = Fields::new();
            properties.insert(
                "Name",
                text(physical(
                    &format!(
                        "{source_name}-{}-to-{target_name}",
                        log_type.to_ascii_lowercase().replace('_', "-")
                    ),
                    60,
                    false,
                )),
            );
            properties.insert("DestinationResourceArn", destination.clone());
            self.add(
                destination_id.clone(),
                Kind::DeliveryDestination,
                origin,
                properties,
            );
            let delivery_id = self.unique_id(format!("{from}{kind}To{to}Delivery"));
            let mut properties = Fields::new();
            properties.insert("DeliverySourceName", Expr::Ref(source_id));
            properties.insert("DeliveryDestinationArn", Expr::arn(&destination_id));
            self.add(delivery_id.clone(), Kind::Delivery, origin, properties);
            self.depend(&delivery_id, permission.clone());
        }
    }

    /// A statement of the logs resource policy that lets CloudWatch Logs'
    /// vended-log delivery (`delivery.logs.amazonaws.com`) write to `group`,
    /// for this account's deliveries only. Returns the policy's logical id.
    fn vended_logs_statement(&mut self, from: &str, to: &str, group: &Handle) -> String {
        let name = match &group.name {
            Expr::Text(name) => name.clone(),
            _ => Cow::Borrowed(""),
        };
        let statement = format!(
            "{{\"Sid\":\"DeliveryFrom{from}To{to}\",\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"delivery.logs.amazonaws.com\"}},\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{name}:log-stream:*\",\"Condition\":{{\"StringEquals\":{{\"aws:SourceAccount\":\"${{AWS::AccountId}}\"}},\"ArnLike\":{{\"aws:SourceArn\":\"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:*\"}}}}}}"
        );
        if !self.logs_policy.contains(&text(statement.clone())) {
            self.logs_policy.push(text(statement));
        }
        "EventsToLogsResourcePolicy".to_string()
    }

    /// The bucket-policy statements with which AWS documents log delivery by a
    /// service principal (CloudTrail, log delivery): it may read the bucket's
    /// ACL, and write objects under `[PREFIX/]AWSLogs/ACCOUNT/` with the owner
    /// in full control. Returns the policy's logical id.
    fn log_bucket_policy(
        &mut self,
        edge: &Edge,
        principal: Expr,
        bucket: &Handle,
        prefix: Option<&str>,
        equals: &[(&'static str, Expr)],
        like: &[(&'static str, Expr)],
    ) -> String {
        let from = self.pascal(edge.from);
        let account = sub("${AWS::AccountId}");
        let mut scope = Fields::new();
        for (key, value) in equals {
            scope.insert(*key, value.clone());
        }
        if !like.is_empty() {
            scope.insert("aws:SourceAccount", account.clone());
        }
        let mut acl_condition = Fields::new();
        acl_condition.insert("StringEquals", Expr::Map(scope.clone()));
        let mut write_equals = scope;
        write_equals.insert("s3:x-amz-acl", text("bucket-owner-full-control"));
        let mut write_condition = Fields::new();
        write_condition.insert("StringEquals", Expr::Map(write_equals));
        if !like.is_empty() {
            let like: Fields = like
                .iter()
                .map(|(key, value)| (*key, value.clone()))
                .collect();
            acl_condition.insert("ArnLike", Expr::Map(like.clone()));
            write_condition.insert("ArnLike", Expr::Map(like));
        }
        let logs = match prefix {
            Some(prefix) => format!("{}/AWSLogs/${{AWS::AccountId}}", sub_literal(prefix)),
            None => "AWSLogs/${AWS::AccountId}".to_string(),
        };
        let statements = vec![
            bucket_statement(
                format!("{from}AclCheck"),
                principal.clone(),
                "s3:GetBucketAcl",
                bucket.arn.clone(),
                acl_condition,
            ),
            bucket_statement(
                format!("{from}Write"),
                principal,
                "s3:PutObject",
                objects(&bucket.arn, Some(&logs)),
                write_condition,
            ),
        ];
        self.bucket_policy(edge, bucket, statements)
    }

    /// The statement with which S3 documents server access logging: the
    /// logging service may write under the prefix, for the source bucket only.
    fn access_log_bucket_policy(
        &mut self,
        edge: &Edge,
        principal: Expr,
        bucket: &Handle,
        prefix: Option<&str>,
        source_arn: Expr,
        equals: &[(&'static str, Expr)],
    ) -> String {
        let from = self.pascal(edge.from);
        let mut condition = Fields::new();
        condition.insert("ArnLike", map([("aws:SourceArn", source_arn)]));
        if !equals.is_empty() {
            let equals: Fields = equals
                .iter()
                .map(|(key, value)| (*key, value.clone()))
                .collect();
            condition.insert("StringEquals", Expr::Map(equals));
        }
        let statement = bucket_statement(
            format!("{from}AccessLogs"),
            principal,
            "s3:PutObject",
            objects(&bucket.arn, prefix),
            condition,
        );
        self.bucket_policy(edge, bucket, vec![statement])
    }

    /// Adds statements to the target bucket's one policy; returns its logical id.
    fn bucket_policy(&mut self, edge: &Edge, bucket: &Handle, statements: Vec<Expr>) -> String {
        let id = format!("{}BucketPolicy", self.pascal(edge.to));
        let target = match &bucket.logical {
            Some(logical) => Expr::Ref(logical.clone()),
            None => bucket.name.clone(),
        };
        let origin = edge.target_span;
        let draft = self
            .policies
            .entry(id.clone())
            .or_insert_with(|| PolicyDraft {
                kind: Kind::BucketPolicy,
                target,
                statements: Vec::new(),
                origin,
            });
        for statement in statements {
            if !draft.statements.contains(&statement) {
                draft.statements.push(statement);
            }
        }
        id
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "the pieces of one rule target; a struct would only rename them"
    )]
    fn rule_target(
        &mut self,
        edge: &Edge,
        rule: &str,
        from: &str,
        principal: Option<Expr>,
        conditions: &[Condition],
        target: &Handle,
        to: &str,
        origin: Span,
    ) {
        let Some(principal) = principal else { return };
        let rule_arn = Expr::arn(rule);
        let dependency = self.grant(edge, from, principal, rule_arn, conditions, origin);
        let target_service = self.model.resource(edge.to).service.clone();
        let arn = if target_service == "loggroup" {
            // EventBridge wants the log-group ARN without the `:*` suffix.
            bare_log_group_arn(target)
        } else if target_service == "ssm" {
            automation_definition(&target.arn)
        } else {
            target.arn.clone()
        };
        let mut entry = Fields::new();
        let mut target_id = to.to_string();
        target_id.truncate(64);
        entry.insert("Id", text(target_id));
        entry.insert("Arn", arn);
        let grant_kind = self
            .catalogue
            .service(&target_service)
            .and_then(|spec| spec.receive.as_ref())
            .map(|receive| receive.grant);
        if grant_kind == Some(Grant::Role)
            && let Some(role) = &dependency
        {
            entry.insert("RoleArn", Expr::arn(role));
        }
        self.push_list(rule, "Targets", Expr::Map(entry));
    }

    /// The event pattern of an edge through a source's `events` channel.
    fn edge_pattern(edge: &Edge, channel: &ChannelSpec, source: &Handle) -> Expr {
        let mut pattern = channel
            .pattern
            .clone()
            .unwrap_or_else(|| serde_json::json!({}));
        let names: Vec<String> = if edge.events.is_empty() {
            channel.default_events.clone()
        } else {
            edge.events.iter().map(|event| event.text.clone()).collect()
        };
        let fragments: Vec<serde_json::Value> = names
            .iter()
            .filter_map(|name| channel.events.iter().find(|event| &event.name == name))
            .filter_map(|event| event.pattern.clone())
            .filter(|fragment| {
                fragment
                    .as_object()
                    .is_some_and(|object| !object.is_empty())
            })
            .collect();
        // Events that constrain the same fields add up as alternatives in each field;
        // events that constrain different fields need `$or`, or they would narrow each other.
        let same_fields = fragments
            .windows(2)
            .all(|pair| leaf_paths(&pair[0]) == leaf_paths(&pair[1]));
        if same_fields || fragments.len() < 2 {
            for fragment in &fragments {
                merge_pattern(&mut pattern, fragment);
            }
        } else if let Some(object) = pattern.as_object_mut() {
            object.insert("$or".to_string(), serde_json::Value::Array(fragments));
        }
        if !edge.branches.is_empty() {
            let branches: Vec<serde_json::Value> = edge
                .branches
                .iter()
                .map(|branch| match branch.text.strip_suffix('*') {
                    Some(prefix) => serde_json::json!({ "prefix": prefix }),
                    None => serde_json::json!(branch.text),
                })
                .collect();
            merge_pattern(
                &mut pattern,
                &serde_json::json!({ "detail": { "referenceName": branches } }),
            );
        }
        let mut key_filters = Vec::new();
        if let Some(prefix) = edge.options.get("prefix") {
            key_filters.push(serde_json::json!({ "prefix": prefix.joined() }));
        }
        if let Some(suffix) = edge.options.get("suffix") {
            key_filters.push(serde_json::json!({ "suffix": suffix.joined() }));
        }
        if !key_filters.is_empty() {
            merge_pattern(
                &mut pattern,
                &serde_json::json!({ "detail": { "object": { "key": key_filters } } }),
            );
        }
        json_expr(&pattern, source)
    }

    /// [`Self::grant`] for a push from the edge's source itself, whose own ARN
    /// is the `aws:SourceArn` (every mechanism but EventBridge rules).
    fn grant_from_source(
        &mut self,
        edge: &Edge,
        from: &str,
        principal: Expr,
        source: &Handle,
        conditions: &[Condition],
        origin: Span,
    ) -> Option<String> {
        self.grant(
            edge,
            from,
            principal,
            source.arn.clone(),
            conditions,
            origin,
        )
    }

    /// Lets `principal` deliver from `source_arn` to the edge's target; returns
    /// the resource that must exist before the sender is configured.
    fn grant(
        &mut self,
        edge: &Edge,
        from: &str,
        principal: Expr,
        source_arn: Expr,
        conditions: &[Condition],
        origin: Span,
    ) -> Option<String> {
        let target = self.handle(edge.to);
        let target_service = self.model.resource(edge.to).service.clone();
        let receive = self
            .catalogue
            .service(&target_service)
            .and_then(|spec| spec.receive.clone())?;
        let to = self.pascal(edge.to);
        let source_account = conditions.contains(&Condition::SourceAccount);
        let source_arn_condition = conditions.contains(&Condition::SourceArn);
        match receive.grant {
            Grant::None => None,
            Grant::LambdaPermission => {
                let id = format!("{to}PermissionFrom{from}");
                if self.index.contains_key(&id) {
                    return Some(id);
                }
                let mut properties = Fields::new();
                properties.insert("Action", text("lambda:InvokeFunction"));
                properties.insert("FunctionName", target.arn.clone());
                properties.insert("Principal", principal);
                if source_arn_condition {
                    properties.insert("SourceArn", source_arn);
                }
                if source_account {
                    properties.insert("SourceAccount", sub("${AWS::AccountId}"));
                }
                self.add(id.clone(), Kind::Permission, origin, properties);
                Some(id)
            }
            Grant::ResourcePolicy => {
                let (kind, key, target_expr) = if target_service == "sqs" {
                    let url = match (&target.logical, &target.arn) {
                        (Some(logical), _) => Expr::Ref(logical.clone()),
                        (None, Expr::Text(arn)) => text(queue_url(arn)),
                        (None, other) => other.clone(),
                    };
                    (Kind::QueuePolicy, "Queue", url)
                } else {
                    (Kind::TopicPolicy, "Topic", target.arn.clone())
                };
                let id = format!("{to}{key}Policy");
                let mut condition = Fields::new();
                if source_arn_condition {
                    condition.insert("ArnLike", map([("aws:SourceArn", source_arn)]));
                }
                if source_account {
                    condition.insert(
                        "StringEquals",
                        map([("aws:SourceAccount", sub("${AWS::AccountId}"))]),
                    );
                }
                self.key_statement(edge, from, &principal, &condition);
                let mut statement = Fields::new();
                statement.insert("Sid", text(format!("From{from}")));
                statement.insert("Effect", text("Allow"));
                statement.insert("Principal", map([("Service", principal)]));
                statement.insert("Action", texts(&receive.actions));
                statement.insert("Resource", target.arn.clone());
                if !condition.is_empty() {
                    statement.insert("Condition", Expr::Map(condition));
                }
                let draft = self
                    .policies
                    .entry(id.clone())
                    .or_insert_with(|| PolicyDraft {
                        kind,
                        target: target_expr,
                        statements: Vec::new(),
                        origin,
                    });
                let statement = Expr::Map(statement);
                if !draft.statements.contains(&statement) {
                    draft.statements.push(statement);
                }
                Some(id)
            }
            Grant::Role => {
                let id = format!("{from}To{to}Role");
                if self.index.contains_key(&id) {
                    return Some(id);
                }
                let trust = source_account.then(|| {
                    map([(
                        "StringEquals",
                        map([("aws:SourceAccount", sub("${AWS::AccountId}"))]),
                    )])
                });
                let resources = if target_service == "s3" {
                    let objects = match &target.arn {
                        Expr::Sub(arn) => Expr::Sub(format!("{arn}/*")),
                        other => other.clone(),
                    };
                    vec![target.arn.clone(), objects]
                } else if target_service == "ssm" {
                    // EventBridge starts the runbook's default version: `NAME:$DEFAULT`.
                    let definition = automation_definition(&target.arn);
                    let versions = match &definition {
                        Expr::Sub(arn) => Expr::Sub(format!("{arn}:*")),
                        Expr::Text(arn) => text(format!("{arn}:*")),
                        other => other.clone(),
                    };
                    vec![definition, versions]
                } else {
                    vec![target.arn.clone()]
                };
                self.role(
                    &id,
                    origin,
                    principal,
                    trust,
                    vec![statement_strings(&receive.actions, resources)],
                );
                Some(id)
            }
            Grant::LogsResourcePolicy => {
                let name = match &target.name {
                    Expr::Text(name) => name.clone(),
                    _ => Cow::Borrowed(""),
                };
                let statement = format!(
                    "{{\"Sid\":\"From{from}To{to}\",\"Effect\":\"Allow\",\"Principal\":{{\"Service\":[\"events.amazonaws.com\",\"delivery.logs.amazonaws.com\"]}},\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{name}:*\"}}"
                );
                if !self.logs_policy.contains(&text(statement.clone())) {
                    self.logs_policy.push(text(statement));
                }
                Some("EventsToLogsResourcePolicy".to_string())
            }
        }
    }

    fn depend(&mut self, id: &str, dependency: Option<String>) {
        if let Some(dependency) = dependency
            && let Some(resource) = self.resource_mut(id)
            && resource.id != dependency
        {
            resource.depends_on.insert(dependency);
        }
    }

    fn finish(mut self) -> Plan {
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

/// A stage's access log setting: the destination and the line format.
fn access_log_setting(edge: &Edge, destination: Expr) -> Expr {
    let format = edge.options.get("format").map_or_else(
        || {
            r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller","user":"$context.identity.user","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","responseLatency":"$context.responseLatency"}"#
                .to_string()
        },
        crate::model::OptionValue::joined,
    );
    map([("DestinationArn", destination), ("Format", text(format))])
}

/// One entry of an Elastic Beanstalk environment's `OptionSettings`.
fn option_setting(namespace: &'static str, option: &'static str, value: Expr) -> Expr {
    map([
        ("Namespace", text(namespace)),
        ("OptionName", text(option)),
        ("Value", value),
    ])
}

/// The trust condition of a service role: assumed for this account only.
fn this_account() -> Expr {
    map([(
        "StringEquals",
        map([("aws:SourceAccount", sub("${AWS::AccountId}"))]),
    )])
}

/// Every bucket wirec creates blocks public access.
fn public_access_blocked() -> Expr {
    map([
        ("BlockPublicAcls", Expr::Bool(true)),
        ("BlockPublicPolicy", Expr::Bool(true)),
        ("IgnorePublicAcls", Expr::Bool(true)),
        ("RestrictPublicBuckets", Expr::Bool(true)),
    ])
}

/// Whether the edge's source is a resource of `service`.
fn source_service_is(model: &Model, edge: &Edge, service: &str) -> bool {
    model.resource(edge.from).service == service
}

/// A bucket-policy statement for a service principal.
fn bucket_statement(
    sid: String,
    principal: Expr,
    action: &'static str,
    resource: Expr,
    condition: Fields,
) -> Expr {
    let mut statement = Fields::new();
    statement.insert("Sid", text(sid));
    statement.insert("Effect", text("Allow"));
    statement.insert("Principal", map([("Service", principal)]));
    statement.insert("Action", text(action));
    statement.insert("Resource", resource);
    if !condition.is_empty() {
        statement.insert("Condition", Expr::Map(condition));
    }
    Expr::Map(statement)
}

/// The objects of a bucket, under `prefix` when there is one: `ARN/PREFIX/*`.
fn objects(bucket_arn: &Expr, prefix: Option<&str>) -> Expr {
    let tail = match prefix {
        Some(prefix) => format!("/{}/*", prefix.trim_matches('/')),
        None => "/*".to_string(),
    };
    match bucket_arn {
        Expr::Sub(arn) => Expr::Sub(format!("{arn}{tail}")),
        Expr::Text(arn) if prefix.is_some_and(|prefix| prefix.contains("${")) => {
            Expr::Sub(format!("{arn}{tail}"))
        }
        Expr::Text(arn) => text(format!("{arn}{tail}")),
        other => other.clone(),
    }
}

/// A log group's ARN without CloudFormation's `:*` suffix, as EventBridge
/// targets and flow logs name it.
fn bare_log_group_arn(group: &Handle) -> Expr {
    match &group.name {
        Expr::Text(name) => sub(format!(
            "arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{}",
            sub_literal(name)
        )),
        _ => group.arn.clone(),
    }
}

/// The log streams of a log group whose names match `streams`.
fn log_streams(group: &Handle, streams: &str) -> Expr {
    match &group.name {
        Expr::Text(name) => sub(format!(
            "arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{}:log-stream:{streams}",
            sub_literal(name)
        )),
        _ => group.arn.clone(),
    }
}

/// The ARN that EventBridge and IAM use for an Automation runbook, from its
/// document ARN (`...:document/NAME` → `...:automation-definition/NAME`).
fn automation_definition(document: &Expr) -> Expr {
    match document {
        Expr::Sub(arn) => Expr::Sub(arn.replace(":document/", ":automation-definition/")),
        Expr::Text(arn) => text(arn.replace(":document/", ":automation-definition/")),
        other => other.clone(),
    }
}

fn statement(actions: &[&str], resources: Vec<Expr>) -> Expr {
    let actions: Vec<String> = actions.iter().map(|action| (*action).to_string()).collect();
    statement_strings(&actions, resources)
}

fn statement_strings(actions: &[String], resources: Vec<Expr>) -> Expr {
    map([
        ("Effect", text("Allow")),
        ("Action", texts(actions)),
        (
            "Resource",
            if resources.len() == 1 {
                resources.into_iter().next().unwrap_or_else(|| text(""))
            } else {
                list(resources)
            },
        ),
    ])
}

fn principal_expr(principal: &str) -> Expr {
    // Principals come from the catalogue, which lives as long as the compilation, not forever.
    if principal.contains("{region}") {
        sub(principal.replace("{region}", "${AWS::Region}"))
    } else {
        text(principal.to_string())
    }
}

fn attribute_type(kind: Option<Expr>) -> Expr {
    text(match kind {
        Some(Expr::Text(kind)) if kind == "number" => "N",
        Some(Expr::Text(kind)) if kind == "binary" => "B",
        _ => "S",
    })
}

fn tag_list(tags: &Expr) -> Expr {
    match tags {
        Expr::Map(tags) => list(
            tags.iter()
                .map(|(key, value)| map([("Key", text(key.to_string())), ("Value", value.clone())]))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn queue_url(arn: &str) -> String {
    let parts: Vec<&str> = arn.split(':').collect();
    match parts.as_slice() {
        [_, _, _, region, account, name] => {
            format!("https://sqs.{region}.amazonaws.com/{account}/{name}")
        }
        _ => arn.to_string(),
    }
}

fn stub_code(runtime: &str) -> &'static str {
    if runtime.starts_with("nodejs") {
        "exports.handler = async (event) => { console.log(JSON.stringify(event)); return {}; };\n"
    } else {
        "import json\n\ndef handler(event, context):\n    print(json.dumps(event))\n    return {}\n"
    }
}

/// A property value as written → plan expression (bare words are parameters).
fn value_expr(value: &ast::Value) -> Expr {
    match value {
        ast::Value::String(text) => Expr::Text(text.text.clone().into()),
        ast::Value::Number(number) => Expr::Number(number.literal.clone()),
        ast::Value::Bool(flag, _) => Expr::Bool(*flag),
        ast::Value::List(list) => Expr::List(list.items.iter().map(value_expr).collect()),
        ast::Value::Map(properties, _) => Expr::Map(
            properties
                .iter()
                .map(|property| (property.key.text.clone(), value_expr(&property.value)))
                .collect(),
        ),
        ast::Value::Word(word) => Expr::Param(logical_id(&word.text, "")),
    }
}

/// The pattern for `events NAME on ...` or `{ pattern = "..." }`.
fn rule_pattern(resource: &crate::model::Resource) -> Option<Expr> {
    if let Some(property) = resource.properties.get("pattern")
        && let ast::Value::String(text) = &property.value
        && let Ok(json) = serde_json::from_str::<serde_json::Value>(&text.text)
    {
        return Some(json_plain(&json));
    }
    let on = resource.options.get("on")?;
    let words: Vec<&str> = on.values.iter().map(|value| value.text.as_str()).collect();
    let pattern = match words.as_slice() {
        ["cloudtrail", service, calls @ ..] => {
            let mut pattern = serde_json::json!({
                "source": [format!("aws.{service}")],
                "detail-type": ["AWS API Call via CloudTrail"],
                "detail": { "eventSource": [format!("{service}.amazonaws.com")] }
            });
            if !calls.is_empty() {
                merge_pattern(
                    &mut pattern,
                    &serde_json::json!({ "detail": { "eventName": calls } }),
                );
            }
            pattern
        }
        [source, detail_types @ ..] => {
            let mut pattern = serde_json::json!({ "source": [source] });
            if !detail_types.is_empty() {
                merge_pattern(
                    &mut pattern,
                    &serde_json::json!({ "detail-type": detail_types }),
                );
            }
            pattern
        }
        [] => return None,
    };
    Some(json_plain(&pattern))
}

/// The paths to the lists of a pattern fragment (`detail.event`, `detail.referenceType`).
fn leaf_paths(fragment: &serde_json::Value) -> Vec<String> {
    fn walk(value: &serde_json::Value, prefix: &str, found: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(entries) => {
                for (key, inner) in entries {
                    walk(inner, &format!("{prefix}.{key}"), found);
                }
            }
            _ => found.push(prefix.to_string()),
        }
    }
    let mut found = Vec::new();
    walk(fragment, "", &mut found);
    found.sort();
    found
}

/// Deep-merges `fragment` into `pattern`; lists are unioned.
fn merge_pattern(pattern: &mut serde_json::Value, fragment: &serde_json::Value) {
    match (pattern, fragment) {
        (serde_json::Value::Object(target), serde_json::Value::Object(source)) => {
            for (key, value) in source {
                match target.get_mut(key) {
                    Some(existing) => merge_pattern(existing, value),
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (serde_json::Value::Array(target), serde_json::Value::Array(source)) => {
            for value in source {
                if !target.contains(value) {
                    target.push(value.clone());
                }
            }
        }
        (target, source) => *target = source.clone(),
    }
}

fn json_plain(json: &serde_json::Value) -> Expr {
    json_expr(
        json,
        &Handle {
            logical: None,
            arn: text(""),
            name: text(""),
            role: None,
        },
    )
}

/// JSON from the catalogue → expression, with `{arn}` and `{physical}` replaced
/// by the source's references.
fn json_expr(json: &serde_json::Value, source: &Handle) -> Expr {
    match json {
        serde_json::Value::Null => text(""),
        serde_json::Value::Bool(flag) => Expr::Bool(*flag),
        serde_json::Value::Number(number) => Expr::Number(number.to_string()),
        serde_json::Value::String(value) if value == "{arn}" => source.arn.clone(),
        serde_json::Value::String(value) if value == "{physical}" => source.name.clone(),
        serde_json::Value::String(value) => text(value.clone()),
        serde_json::Value::Array(items) => {
            list(items.iter().map(|item| json_expr(item, source)).collect())
        }
        serde_json::Value::Object(entries) => Expr::Map(
            entries
                .iter()
                .map(|(key, value)| (key.clone(), json_expr(value, source)))
                .collect(),
        ),
    }
}

/// Whether an expression refers to the resource `logical`.
fn refers_to(expr: &Expr, logical: &str) -> bool {
    match expr {
        Expr::Ref(id) | Expr::Attr(id, _) => id == logical,
        Expr::Sub(template) => template
            .split("${")
            .skip(1)
            .any(|piece| piece.split(['}', '.']).next() == Some(logical)),
        Expr::List(items) => items.iter().any(|item| refers_to(item, logical)),
        Expr::Map(entries) => entries.values().any(|value| refers_to(value, logical)),
        Expr::JsonString(inner) | Expr::Base64(inner) => refers_to(inner, logical),
        Expr::Text(_)
        | Expr::Number(_)
        | Expr::Bool(_)
        | Expr::Param(_)
        | Expr::AvailabilityZones => false,
    }
}
