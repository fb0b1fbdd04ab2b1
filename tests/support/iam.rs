//! A small in-process IAM evaluator over an emitted CloudFormation template:
//! expressions resolved with fake account data, `*`/`?` wildcards, the
//! condition operators wirec emits, Allow and Deny statements. tests/glue.rs
//! asks it about each edge's requests and tests/grant_records.rs about each
//! grant record's; CI's simulator (ci/grant-sim/simulate.mjs) resolves the
//! template the same way and must agree with it.

use serde_json::{Map, Value};

/// The fake account of every template.
pub(crate) const ACCOUNT: &str = "123456789012";
/// The fake Region of every template.
pub(crate) const REGION: &str = "us-east-1";
/// The account of a stranger in another account.
pub(crate) const OTHER_ACCOUNT: &str = "999999999999";

/// A template's resources (and parameters), read with fake account data.
pub(crate) struct Template<'t> {
    pub(crate) resources: &'t Map<String, Value>,
    parameters: Option<&'t Map<String, Value>>,
}

impl<'t> Template<'t> {
    /// The resources of a template, without its parameters.
    pub(crate) fn new(resources: &'t Map<String, Value>) -> Self {
        Template {
            resources,
            parameters: None,
        }
    }

    /// A whole template (its `Resources` and `Parameters`).
    pub(crate) fn of(template: &'t Value) -> Self {
        Template {
            resources: template["Resources"]
                .as_object()
                .expect("a template has resources"),
            parameters: template.get("Parameters").and_then(Value::as_object),
        }
    }

    /// The resource's type; empty for a resource outside the template (an existing one).
    pub(crate) fn kind(&self, id: &str) -> &str {
        self.resources
            .get(id)
            .and_then(|resource| resource["Type"].as_str())
            .unwrap_or_default()
    }

    pub(crate) fn property<'p>(&'p self, id: &str, name: &str) -> Option<&'p Value> {
        self.resources.get(id)?.get("Properties")?.get(name)
    }

    /// What `{"Ref": id}` returns in CloudFormation, with fake account data.
    pub(crate) fn reference(&self, id: &str) -> String {
        match id {
            "AWS::AccountId" => return ACCOUNT.to_string(),
            "AWS::Region" => return REGION.to_string(),
            "AWS::Partition" => return "aws".to_string(),
            "AWS::StackName" => return "stack".to_string(),
            "AWS::URLSuffix" => return "amazonaws.com".to_string(),
            _ => {}
        }
        if let Some(parameter) = self.parameters.and_then(|parameters| parameters.get(id)) {
            return parameter.get("Default").map_or_else(
                || format!("param-{id}"),
                |value| {
                    value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_string)
                },
            );
        }
        match self.kind(id) {
            "AWS::SQS::Queue" => format!("https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{id}"),
            "AWS::SNS::Topic" | "AWS::StepFunctions::StateMachine" => self.attribute(id, "Arn"),
            "AWS::S3::Bucket" | "AWS::Logs::LogGroup" => {
                let name = if self.kind(id) == "AWS::S3::Bucket" {
                    "BucketName"
                } else {
                    "LogGroupName"
                };
                self.property(id, name)
                    .map_or_else(|| id.to_string(), |name| self.resolve(name))
            }
            _ => id.to_string(),
        }
    }

    /// What `{"Fn::GetAtt": [id, attribute]}` returns.
    pub(crate) fn attribute(&self, id: &str, attribute: &str) -> String {
        let kind = self.kind(id);
        let name = match kind {
            "AWS::Logs::LogGroup" => self.reference(id),
            // A rule with a given name is named so; CloudFormation names the others.
            "AWS::Events::Rule" => self
                .property(id, "Name")
                .map_or_else(|| id.to_string(), |name| self.resolve(name)),
            _ => id.to_string(),
        };
        let at = format!("{REGION}:{ACCOUNT}");
        match (kind, attribute) {
            ("AWS::SQS::Queue", "Arn") => format!("arn:aws:sqs:{at}:{name}"),
            ("AWS::SNS::Topic", _) => format!("arn:aws:sns:{at}:{name}"),
            ("AWS::Lambda::Function", "Arn") => format!("arn:aws:lambda:{at}:function:{name}"),
            ("AWS::IAM::Role", "Arn") => format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
            ("AWS::Logs::LogGroup", "Arn") => format!("arn:aws:logs:{at}:log-group:{name}:*"),
            // A rule on a custom bus is `rule/BUS/NAME`.
            ("AWS::Events::Rule", "Arn") => match self.property(id, "EventBusName") {
                Some(bus) => {
                    let bus = self.resolve(bus);
                    let bus = bus.rsplit('/').next().unwrap_or(&bus);
                    format!("arn:aws:events:{at}:rule/{bus}/{name}")
                }
                None => format!("arn:aws:events:{at}:rule/{name}"),
            },
            ("AWS::Events::EventBus", "Arn") => format!("arn:aws:events:{at}:event-bus/{name}"),
            ("AWS::Kinesis::Stream", "Arn") => format!("arn:aws:kinesis:{at}:stream/{name}"),
            ("AWS::KinesisFirehose::DeliveryStream", "Arn") => {
                format!("arn:aws:firehose:{at}:deliverystream/{name}")
            }
            ("AWS::DynamoDB::Table", "Arn") => format!("arn:aws:dynamodb:{at}:table/{name}"),
            ("AWS::DynamoDB::Table", "StreamArn") => {
                format!("arn:aws:dynamodb:{at}:table/{name}/stream/2026-01-01T00:00:00.000")
            }
            ("AWS::CloudWatch::Alarm", "Arn") => format!("arn:aws:cloudwatch:{at}:alarm:{name}"),
            ("AWS::CloudTrail::Trail", "Arn") => format!(
                "arn:aws:cloudtrail:{at}:trail/{}",
                self.property(id, "TrailName")
                    .map_or_else(|| id.to_string(), |name| self.resolve(name))
            ),
            ("AWS::Chatbot::SlackChannelConfiguration", _) => {
                format!("arn:aws:chatbot::{ACCOUNT}:chat-configuration/slack-channel/{name}")
            }
            ("AWS::KMS::Key", "Arn") => format!("arn:aws:kms:{at}:key/{name}"),
            ("AWS::CodeBuild::Project", "Arn") => format!("arn:aws:codebuild:{at}:project/{name}"),
            ("AWS::Config::ConfigRule", "Arn") => {
                format!("arn:aws:config:{at}:config-rule/config-rule-{name}")
            }
            ("AWS::Scheduler::Schedule", "Arn") => {
                format!("arn:aws:scheduler:{at}:schedule/default/{name}")
            }
            ("AWS::Events::ApiDestination", "Arn") => {
                format!("arn:aws:events:{at}:api-destination/{name}/uuid")
            }
            ("AWS::Scheduler::ScheduleGroup", "Arn") => {
                format!("arn:aws:scheduler:{at}:schedule-group/{name}")
            }
            ("AWS::Pipes::Pipe", "Arn") => format!("arn:aws:pipes:{at}:pipe/{name}"),
            ("AWS::StepFunctions::StateMachine", "Name") => name,
            ("AWS::StepFunctions::StateMachine", _) => {
                format!("arn:aws:states:{at}:stateMachine:{name}")
            }
            // Any other attribute: an ARN of the resource's service and type.
            (kind, attribute) => {
                let mut parts = kind.split("::").skip(1);
                let service = parts.next().unwrap_or("unknown").to_ascii_lowercase();
                let kind = parts.next().unwrap_or("resource").to_ascii_lowercase();
                format!("arn:aws:{service}:{at}:{kind}/{name}.{attribute}")
            }
        }
    }

    /// A property value with every intrinsic function replaced by its fake value.
    pub(crate) fn resolve(&self, value: &Value) -> String {
        let Value::Object(object) = value else {
            return value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_string);
        };
        if let Some(id) = object.get("Ref").and_then(Value::as_str) {
            return self.reference(id);
        }
        if let Some(parts) = object.get("Fn::GetAtt") {
            let (id, attribute) = match parts {
                Value::String(text) => text.split_once('.').unwrap_or((text, "")),
                _ => (
                    parts[0].as_str().unwrap_or_default(),
                    parts[1].as_str().unwrap_or_default(),
                ),
            };
            return self.attribute(id, attribute);
        }
        if let Some(form) = object.get("Fn::Sub") {
            return match form {
                Value::String(text) => self.substitute(text, None),
                _ => self.substitute(form[0].as_str().unwrap_or_default(), form[1].as_object()),
            };
        }
        if let Some(join) = object.get("Fn::Join") {
            return self
                .list(Some(&join[1]))
                .join(join[0].as_str().unwrap_or_default());
        }
        if let Some(select) = object.get("Fn::Select") {
            let index: usize = self.resolve(&select[0]).parse().unwrap_or(usize::MAX);
            return self
                .list(Some(&select[1]))
                .get(index)
                .cloned()
                .unwrap_or_default();
        }
        if let Some(name) = object.get("Fn::ImportValue") {
            return format!("import-{}", self.resolve(name));
        }
        value.to_string()
    }

    /// `Fn::Sub`'s text: `${AWS::...}`, `${Id}` (its Ref), `${Id.Attribute}`,
    /// `${Variable}`, `${!Literal}`.
    fn substitute(&self, text: &str, variables: Option<&Map<String, Value>>) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            let Some(end) = rest[start..].find('}').map(|end| start + end) else {
                break;
            };
            out.push_str(&rest[..start]);
            let placeholder = &rest[start + 2..end];
            if let Some(literal) = placeholder.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            } else if let Some(value) = variables.and_then(|variables| variables.get(placeholder)) {
                out.push_str(&self.resolve(value));
            } else if let Some((id, attribute)) = placeholder
                .split_once('.')
                .filter(|_| !placeholder.starts_with("AWS::"))
            {
                out.push_str(&self.attribute(id, attribute));
            } else {
                out.push_str(&self.reference(placeholder));
            }
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// A value as a list of texts (`Fn::Split` and arrays are lists, anything else one item).
    pub(crate) fn list(&self, value: Option<&Value>) -> Vec<String> {
        match value {
            Some(Value::Array(items)) => items.iter().map(|item| self.resolve(item)).collect(),
            Some(Value::Object(object)) if object.contains_key("Fn::Split") => {
                let split = &object["Fn::Split"];
                let separator = split[0].as_str().unwrap_or_default();
                self.resolve(&split[1])
                    .split(separator)
                    .map(str::to_string)
                    .collect()
            }
            Some(other) => vec![self.resolve(other)],
            None => Vec::new(),
        }
    }
}

/// `*` and `?` wildcards, as IAM matches actions and ARNs (case-sensitive here).
pub(crate) fn wildcard(pattern: &str, text: &str) -> bool {
    // Iterative matching with one backtrack point: linear in practice, no recursion.
    let (pattern, text) = (pattern.as_bytes(), text.as_bytes());
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&byte) if byte == b'?' || byte == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&byte| byte == b'*')
}

/// A request: who makes it (a service principal or a role's ARN), the
/// action, the resource, and the context keys it carries.
pub(crate) struct Call<'c> {
    pub(crate) principal: &'c str,
    pub(crate) action: &'c str,
    pub(crate) resource: &'c str,
    /// A context key's value (keys in lower case), `None` when the request lacks it.
    pub(crate) context: &'c dyn Fn(&str) -> Option<String>,
}

/// What one statement says about a request: `None` when it does not apply.
/// A statement without `Principal` (an identity policy's) applies to any
/// principal; `check_principal` false ignores the element.
pub(crate) fn statement_effect(
    template: &Template<'_>,
    statement: &Value,
    call: &Call<'_>,
    check_principal: bool,
) -> Option<bool> {
    let allow = match statement["Effect"].as_str() {
        Some("Allow") => true,
        Some("Deny") => false,
        _ => return None,
    };
    if check_principal && let Some(principal) = statement.get("Principal") {
        let principals = match principal {
            Value::String(any) => vec![any.clone()],
            _ => ["Service", "AWS"]
                .iter()
                .flat_map(|kind| template.list(principal.get(*kind)))
                .collect(),
        };
        if !principals
            .iter()
            .any(|principal| principal == "*" || principal == call.principal)
        {
            return None;
        }
    }
    let actions = template.list(statement.get("Action"));
    let action = call.action.to_ascii_lowercase();
    if !actions
        .iter()
        .any(|pattern| wildcard(&pattern.to_ascii_lowercase(), &action))
    {
        return None;
    }
    // A trust policy names no resource: it is the role's own.
    if let Some(resources) = statement.get("Resource")
        && !template
            .list(Some(resources))
            .iter()
            .any(|pattern| wildcard(pattern, call.resource))
    {
        return None;
    }
    conditions_hold(template, statement.get("Condition"), call).then_some(allow)
}

/// Whether every condition of a statement holds for the request; a key the
/// request lacks fails its condition unless the operator ends in `IfExists`.
pub(crate) fn conditions_hold(
    template: &Template<'_>,
    conditions: Option<&Value>,
    call: &Call<'_>,
) -> bool {
    let Some(Value::Object(operators)) = conditions else {
        return true;
    };
    operators.iter().all(|(operator, keys)| {
        let (operator, if_exists) = operator
            .strip_suffix("IfExists")
            .map_or((operator.as_str(), false), |operator| (operator, true));
        keys.as_object().is_some_and(|keys| {
            keys.iter().all(|(key, expected)| {
                let Some(actual) = (call.context)(&key.to_ascii_lowercase()) else {
                    return if_exists;
                };
                let expected = template.list(Some(expected));
                match operator {
                    "ArnLike" | "StringLike" => {
                        expected.iter().any(|pattern| wildcard(pattern, &actual))
                    }
                    "ArnEquals" | "StringEquals" => expected.contains(&actual),
                    "ArnNotLike" | "StringNotLike" => {
                        !expected.iter().any(|pattern| wildcard(pattern, &actual))
                    }
                    "ArnNotEquals" | "StringNotEquals" => !expected.contains(&actual),
                    _ => false,
                }
            })
        })
    })
}

/// Whether a policy document's statements allow the request: some Allow
/// applies and no Deny does.
pub(crate) fn document_allows(
    template: &Template<'_>,
    document: &Value,
    call: &Call<'_>,
    check_principal: bool,
) -> bool {
    let statements = match &document["Statement"] {
        Value::Array(statements) => statements.clone(),
        Value::Null => Vec::new(),
        single => vec![single.clone()],
    };
    let effects: Vec<bool> = statements
        .iter()
        .filter_map(|statement| statement_effect(template, statement, call, check_principal))
        .collect();
    effects.contains(&true) && !effects.contains(&false)
}

/// The name rule CI's simulator uses too: in `arn:P:SERVICE:REGION:ACCOUNT:RESOURCE`,
/// S3's name is RESOURCE up to the first `/`; otherwise the name runs from
/// after the first `/` or `:` to the next one of the same, or is RESOURCE.
/// The stranger is the same ARN with `-stranger` after the name.
pub(crate) fn stranger(arn: &str) -> String {
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    if fields.len() < 6 || fields[0] != "arn" {
        return format!("{arn}-stranger");
    }
    let resource = fields[5];
    let (start, separator) = if fields[2] == "s3" {
        (0, None)
    } else {
        match resource.find(['/', ':']) {
            Some(at) => (at + 1, resource[at..].chars().next()),
            None => (0, None),
        }
    };
    let end = match (fields[2] == "s3", separator) {
        (true, _) => resource.find('/').unwrap_or(resource.len()),
        // After a `/`, a `:` ends the name too (`automation-definition/NAME:VERSION`).
        (false, Some('/')) => resource[start..]
            .find(['/', ':'])
            .map_or(resource.len(), |end| start + end),
        (false, Some(separator)) => resource[start..]
            .find(separator)
            .map_or(resource.len(), |end| start + end),
        (false, None) => resource.len(),
    };
    format!(
        "{}:{}-stranger{}",
        fields[..5].join(":"),
        &resource[..end],
        &resource[end..]
    )
}

/// The ARN with its account field (when not empty) replaced by `account`.
pub(crate) fn in_account(arn: &str, account: &str) -> String {
    let mut fields: Vec<&str> = arn.splitn(6, ':').collect();
    if fields.len() == 6 && !fields[4].is_empty() {
        fields[4] = account;
    }
    fields.join(":")
}

#[test]
fn the_stranger_changes_the_name_only() {
    for (arn, expected) in [
        (
            "arn:aws:lambda:us-east-1:1:function:fn",
            "arn:aws:lambda:us-east-1:1:function:fn-stranger",
        ),
        (
            "arn:aws:logs:us-east-1:1:log-group:/aws/x:log-stream:y",
            "arn:aws:logs:us-east-1:1:log-group:/aws/x-stranger:log-stream:y",
        ),
        (
            "arn:aws:events:us-east-1:1:rule/bus/name",
            "arn:aws:events:us-east-1:1:rule/bus-stranger/name",
        ),
        (
            "arn:aws:sqs:us-east-1:1:queue",
            "arn:aws:sqs:us-east-1:1:queue-stranger",
        ),
        (
            "arn:aws:s3:::bucket/key/x",
            "arn:aws:s3:::bucket-stranger/key/x",
        ),
        (
            "arn:aws:ssm:us-east-1:1:automation-definition/run:x",
            "arn:aws:ssm:us-east-1:1:automation-definition/run-stranger:x",
        ),
        ("*", "*-stranger"),
    ] {
        assert_eq!(stranger(arn), expected);
    }
    assert_eq!(
        in_account("arn:aws:events:us-east-1:1:rule/r", OTHER_ACCOUNT),
        "arn:aws:events:us-east-1:999999999999:rule/r"
    );
    assert_eq!(
        in_account("arn:aws:s3:::b", OTHER_ACCOUNT),
        "arn:aws:s3:::b"
    );
    assert!(wildcard("a*b?d", "axxbcd") && !wildcard("a*b?d", "axxbd") && wildcard("*", ""));
}
