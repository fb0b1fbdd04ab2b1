//! The catalogue: services, channels, events, limits and rules, loaded from the
//! YAML files in `stdlib/` (embedded in the binary) or from a user's folder.
//!
//! The loader is the registry: no rule is hard-coded in Rust. Built-in checks
//! (syntax, names, reachability, limits) look their rule up here by code, so
//! every message, help text and explanation is data. A malformed file becomes
//! an `E9xx` diagnostic that points into the YAML.

pub mod access;
pub mod backend_kinds;
pub mod backend_schema;
pub mod declaration_checks;
pub mod metrics;
pub mod naming;
pub mod principals;
mod reference;
pub mod rule_spec;
pub mod schema;
pub mod shared_options;
pub mod trail_events;
mod validate;
pub mod value_rules;

pub use reference::reference;

use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::source::{SourceSet, Span};
pub use schema::{
    AccessAttribute, AccessScope, AccessSpec, AccessStatement, ApiCall, AttributeSource,
    AttributeSpec, ChannelSpec, Comparison, Condition, Constraint, DataEvents, Deprecation,
    EdgePattern, EventSpec, Grant, LimitScope, LimitSpec, Mechanism, MetricNamespaceSpec, NameKind,
    OptionTest, PlaceholderScope, Placeholders, PropertySpec, PropertyTest, ReceiveSpec,
    RegionRule, RuleSpec, RunbookParameter, RunbookSpec, SameRegion, ServiceMetrics, ServiceSpec,
    SeveritySpec, StepThreshold, TargetCall, ValueKind, When,
};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/stdlib_files.rs"));
}

/// The stdlib shipped in the binary, as (relative path, text) pairs.
#[must_use]
pub fn embedded_files() -> Vec<(String, String)> {
    embedded::STDLIB_FILES
        .iter()
        .map(|(path, text)| ((*path).to_string(), (*text).to_string()))
        .collect()
}

/// Whether the stdlib shipped in the binary describes `service`, in its file
/// `services/SERVICE.yaml` (a rule pack may add services no backend has code for).
#[must_use]
pub fn is_embedded_service(service: &str) -> bool {
    embedded::STDLIB_FILES.iter().any(|(path, _)| {
        path.strip_prefix("services/")
            .and_then(|rest| rest.strip_suffix(".yaml"))
            == Some(service)
    })
}

/// Codes that the compiler's own stages report; each must have a rule file.
pub mod codes {
    /// A syntax error.
    pub const SYNTAX_ERROR: &str = "E001";
    /// Brackets nested deeper than the language allows.
    pub const NESTING_TOO_DEEP: &str = "E002";
    /// The codes after which a file has no syntax tree.
    pub const UNPARSED: &[&str] = &[SYNTAX_ERROR, NESTING_TOO_DEEP];
    /// A head word that is no service.
    pub const UNKNOWN_SERVICE: &str = "E101";
    /// A channel the source does not offer.
    pub const UNKNOWN_CHANNEL: &str = "E102";
    /// An event the channel does not offer.
    pub const UNKNOWN_EVENT: &str = "E103";
    /// Two declarations of one name.
    pub const DUPLICATE_DECLARATION: &str = "E104";
    /// A bare name or parameter that nothing declares.
    pub const UNDECLARED_NAME: &str = "E105";
    /// An option or property the catalogue does not know.
    pub const UNKNOWN_OPTION: &str = "E106";
    /// A value of the wrong kind.
    pub const INVALID_VALUE: &str = "E107";
    /// A resource without a name.
    pub const MISSING_NAME: &str = "E108";
    /// A file named by `use` that cannot be read.
    pub const UNREADABLE_USE: &str = "E109";
    /// One name for two services.
    pub const CONFLICTING_SERVICE: &str = "E110";
    /// A target outside what the channel reaches.
    pub const UNREACHABLE_TARGET: &str = "E201";
    /// A chain that ends on a channel.
    pub const DANGLING_CHANNEL: &str = "E202";
    /// Two channels in a row.
    pub const CHANNEL_WITHOUT_SOURCE: &str = "E203";
    /// A chain link whose source is an address.
    pub const ADDRESS_AS_SOURCE: &str = "E204";
    /// An invalid schedule expression.
    pub const INVALID_SCHEDULE: &str = "E205";
    /// A schedule's time zone that is not an IANA name.
    pub const SCHEDULE_TIME_ZONE: &str = "E472";
    /// A rule that matches an event source nothing sends.
    pub const UNSENT_EVENT_SOURCE: &str = "W473";
    /// A sender to an existing event bus whose ARN names an account.
    pub const FOREIGN_EVENT_BUS: &str = "W492";
    /// An edge without a channel from a service that has no implicit one.
    pub const MISSING_CHANNEL: &str = "E206";
    /// A property a declaration must set.
    pub const MISSING_PROPERTY: &str = "E111";
    /// A raw `cloudformation`/`terraform` property the resource type does not have.
    pub const UNKNOWN_BACKEND_PROPERTY: &str = "E112";
    /// The same edge twice.
    pub const DUPLICATE_EDGE: &str = "E207";
    /// A channel that would reconfigure a resource that exists outside the template.
    pub const EXISTING_SOURCE: &str = "E208";
    /// A wildcard in a CodeCommit trigger's branches.
    pub const TRIGGER_BRANCH_PATTERN: &str = "E311";
    /// `all` together with other CodeCommit trigger events.
    pub const TRIGGER_ALL_COMBINED: &str = "E312";
    /// A Firehose stream fed by Kinesis that also takes direct puts.
    pub const FIREHOSE_SOURCE_CONFLICT: &str = "E407";
    /// API Gateway access logs to an existing stream not named `amazon-apigateway-...`.
    pub const APIGATEWAY_FIREHOSE_NAME: &str = "E323";
    /// An EC2 alarm action CloudWatch would refuse or never run.
    pub const EC2_ALARM_ACTION: &str = "E393";
    /// A channel that configures a target that exists outside the template.
    pub const EXISTING_TARGET: &str = "E213";
    /// A credential that would be readable in the template or the stack.
    pub const INLINE_CREDENTIAL: &str = "W114";
    /// A name shorter than the service accepts for what wirec creates.
    pub const NAME_TOO_SHORT: &str = "E113";
    /// A remediation whose runbook's role may do nothing.
    pub const REMEDIATION_WITHOUT_PERMISSIONS: &str = "W370";
    /// A remediation whose runbook (created here) would refuse its parameters.
    pub const REMEDIATION_PARAMETERS: &str = "E369";
    /// Two destination edges of one function that set its invoke
    /// configuration's options to different values.
    pub const INVOKE_CONFIG_CONFLICT: &str = "E429";
    /// A policy written onto an existing queue or topic replaces its policy.
    pub const EXISTING_POLICY_REPLACED: &str = "W409";
    /// An AWS service sends to a resource encrypted with the AWS managed key.
    pub const AWS_MANAGED_KEY: &str = "E389";
    /// An AWS service sends to a resource encrypted with a key wirec does not manage.
    pub const EXISTING_KEY_POLICY: &str = "W410";
    /// Two notification entries of one bucket that S3 would reject as overlapping.
    pub const NOTIFICATION_OVERLAP: &str = "E209";
    /// A cycle in the wiring.
    pub const EVENT_LOOP: &str = "W210";
    /// A parameter or existing resource that nothing uses.
    pub const UNUSED_DECLARATION: &str = "W211";
    /// A function whose resource policy nears its 20 KB limit.
    pub const PERMISSION_BUDGET: &str = "W212";
    /// A rule on read-only CloudTrail API calls that did not opt in to them.
    pub const READ_ONLY_EVENT: &str = "E318";
    /// A CloudFormation template over one of the service's quotas.
    pub const TEMPLATE_QUOTA: &str = "E802";
    /// A CloudFormation template too big to pass inline.
    pub const TEMPLATE_NEEDS_S3: &str = "W803";
    /// Wiring the catalogue allows but the backend does not build yet.
    pub const BACKEND_UNSUPPORTED: &str = "E801";
    /// A malformed stdlib file.
    pub const INVALID_STDLIB: &str = "E901";
    /// A `use` of a file outside the project's folder.
    pub const USE_OUTSIDE_PROJECT: &str = "E115";
    /// Two names that would get one logical id.
    pub const LOGICAL_ID_COLLISION: &str = "E117";
    /// A function's `code` path that wirec cannot package.
    pub const UNREADABLE_CODE: &str = "E126";
    /// An existing resource's ARN that is not an ARN of its service.
    pub const INVALID_EXISTING_ARN: &str = "E118";
    /// Two access edges (or an edge and `environment`) that set one variable.
    pub const ENVIRONMENT_COLLISION: &str = "E120";
    /// A function environment key or size that Lambda refuses.
    pub const INVALID_ENVIRONMENT: &str = "E123";
    /// A text property that is not the JSON its service needs.
    pub const INVALID_JSON_TEXT: &str = "E124";
    /// Access-edge variables left out because they would close a circle.
    pub const ENVIRONMENT_CYCLE: &str = "W122";
    /// A reference `NAME.attribute` to a name that is not declared.
    pub const UNDECLARED_REFERENCE: &str = "E130";
    /// A reference to an attribute the resource's service does not have.
    pub const UNKNOWN_ATTRIBUTE: &str = "E131";
    /// A reference where wirec needs a literal value while compiling.
    pub const REFERENCE_NOT_LITERAL: &str = "E132";
    /// A reference to an attribute that an existing resource's ARN does not give.
    pub const EXISTING_ATTRIBUTE: &str = "E133";
    /// References that would make the template refer to itself in a circle.
    pub const REFERENCE_CYCLE: &str = "E134";
    /// A given physical name that breaks its service's naming rules.
    pub const INVALID_PHYSICAL_NAME: &str = "E135";
    /// Two resources with one physical name where names must differ.
    pub const DUPLICATE_PHYSICAL_NAME: &str = "E136";
    /// A raw `cloudformation`/`terraform` block that sets the physical name.
    pub const RAW_PHYSICAL_NAME: &str = "E137";
    /// A raw `cloudformation`/`terraform` block that sets a property an edge fills.
    pub const RAW_PROPERTY_FILLED_BY_EDGE: &str = "E468";
    /// A rule on CloudTrail-delivered API calls in a wiring with no trail.
    pub const CLOUDTRAIL_RULE_WITHOUT_TRAIL: &str = "W469";
    /// A rule on data-event API calls (S3 object-level) that no trail of the wiring records.
    pub const DATA_EVENT_RULE_WITHOUT_TRAIL: &str = "W478";
    /// A `${key}` placeholder that no substitution names.
    pub const MISSING_SUBSTITUTION: &str = "E140";
    /// A channel option that names a declaration of a service it does not take.
    pub const OPTION_TARGET_SERVICE: &str = "E150";
    /// A substitution that no placeholder uses.
    pub const UNUSED_SUBSTITUTION: &str = "W141";
    /// An alarm on a metric that only the CloudWatch agent publishes.
    pub const METRIC_NEEDS_AGENT: &str = "W317";
    /// An alarm on a metric its AWS namespace does not publish.
    pub const UNKNOWN_METRIC: &str = "W328";
    /// An alarm without the dimension its metric is published with.
    pub const METRIC_WITHOUT_DIMENSION: &str = "W329";
    /// An alarm on a metric of its namespace that the resource it watches
    /// does not publish (a REST API's `5XXError` for an HTTP API).
    pub const METRIC_NOT_PUBLISHED_BY_WATCHED: &str = "W417";
    /// Scaling steps around an alarm threshold that is not a literal number.
    pub const STEP_THRESHOLD_NOT_LITERAL: &str = "E460";
    /// Scaling steps that overlap, leave a gap, or are empty.
    pub const STEP_INTERVALS: &str = "E461";
    /// Scaling steps that do not cover the alarm's breach from its threshold.
    pub const STEP_BREACH_SIDE: &str = "E462";
    /// An exact capacity that is negative.
    pub const EXACT_CAPACITY_NEGATIVE: &str = "E463";
    /// A minimum adjustment without a percentage adjustment type.
    pub const MIN_ADJUSTMENT_WITHOUT_PERCENT: &str = "E466";
    /// More filters on a pipe (its own and its source edge's) than Pipes takes.
    pub const PIPE_FILTERS: &str = "E486";
    /// A rule target's `input` or JSON `input-template` that is not JSON.
    pub const RULE_TARGET_JSON: &str = "E440";
    /// More than one of `input`, `input-path`, `input-template` on one rule target.
    pub const RULE_TARGET_INPUTS: &str = "E441";
    /// A rule target's JSON path or template placeholder EventBridge refuses.
    pub const RULE_TARGET_PATH: &str = "E442";
    /// A REST API rule target whose `path-values` do not fill its path's `*` segments.
    pub const PATH_VALUES_COUNT: &str = "E375";
    /// A Redshift rule target whose `jdbc-url` names no provisioned cluster and database.
    pub const REDSHIFT_DATA_URL: &str = "E376";
    /// A rule target's input text or paths over EventBridge's limits.
    pub const RULE_TARGET_SIZE: &str = "E443";
    /// An HTTP API route key API Gateway refuses.
    pub const INVALID_ROUTE_KEY: &str = "E412";
    /// Two routes with one key on one HTTP API.
    pub const DUPLICATE_ROUTE_KEY: &str = "E413";
    /// An API destination's credential option that is not a `secret` parameter.
    pub const CREDENTIAL_OPTION_NOT_SECRET: &str = "E379";

    /// Every code the compiler's own stages report; each needs a rule file.
    pub const BUILT_IN: &[&str] = &[
        SYNTAX_ERROR,
        NESTING_TOO_DEEP,
        UNKNOWN_SERVICE,
        UNKNOWN_CHANNEL,
        UNKNOWN_EVENT,
        DUPLICATE_DECLARATION,
        UNDECLARED_NAME,
        UNKNOWN_OPTION,
        INVALID_VALUE,
        STEP_THRESHOLD_NOT_LITERAL,
        STEP_INTERVALS,
        STEP_BREACH_SIDE,
        EXACT_CAPACITY_NEGATIVE,
        MIN_ADJUSTMENT_WITHOUT_PERCENT,
        MISSING_NAME,
        UNREADABLE_USE,
        CONFLICTING_SERVICE,
        USE_OUTSIDE_PROJECT,
        LOGICAL_ID_COLLISION,
        UNREADABLE_CODE,
        INVALID_EXISTING_ARN,
        ENVIRONMENT_COLLISION,
        INVALID_ENVIRONMENT,
        INVALID_JSON_TEXT,
        ENVIRONMENT_CYCLE,
        INVALID_PHYSICAL_NAME,
        DUPLICATE_PHYSICAL_NAME,
        RAW_PHYSICAL_NAME,
        RAW_PROPERTY_FILLED_BY_EDGE,
        CLOUDTRAIL_RULE_WITHOUT_TRAIL,
        DATA_EVENT_RULE_WITHOUT_TRAIL,
        OPTION_TARGET_SERVICE,
        MISSING_PROPERTY,
        NAME_TOO_SHORT,
        INLINE_CREDENTIAL,
        CREDENTIAL_OPTION_NOT_SECRET,
        EXISTING_TARGET,
        APIGATEWAY_FIREHOSE_NAME,
        EC2_ALARM_ACTION,
        UNKNOWN_BACKEND_PROPERTY,
        UNREACHABLE_TARGET,
        DANGLING_CHANNEL,
        CHANNEL_WITHOUT_SOURCE,
        ADDRESS_AS_SOURCE,
        INVALID_SCHEDULE,
        SCHEDULE_TIME_ZONE,
        UNSENT_EVENT_SOURCE,
        FOREIGN_EVENT_BUS,
        MISSING_CHANNEL,
        DUPLICATE_EDGE,
        EXISTING_SOURCE,
        TRIGGER_BRANCH_PATTERN,
        TRIGGER_ALL_COMBINED,
        FIREHOSE_SOURCE_CONFLICT,
        REMEDIATION_PARAMETERS,
        INVOKE_CONFIG_CONFLICT,
        EXISTING_POLICY_REPLACED,
        AWS_MANAGED_KEY,
        EXISTING_KEY_POLICY,
        READ_ONLY_EVENT,
        NOTIFICATION_OVERLAP,
        EVENT_LOOP,
        UNUSED_DECLARATION,
        PERMISSION_BUDGET,
        BACKEND_UNSUPPORTED,
        TEMPLATE_QUOTA,
        TEMPLATE_NEEDS_S3,
        INVALID_STDLIB,
        METRIC_NEEDS_AGENT,
        UNKNOWN_METRIC,
        METRIC_WITHOUT_DIMENSION,
        METRIC_NOT_PUBLISHED_BY_WATCHED,
        REMEDIATION_WITHOUT_PERMISSIONS,
        RULE_TARGET_JSON,
        RULE_TARGET_INPUTS,
        RULE_TARGET_PATH,
        PATH_VALUES_COUNT,
        REDSHIFT_DATA_URL,
        RULE_TARGET_SIZE,
        INVALID_ROUTE_KEY,
        DUPLICATE_ROUTE_KEY,
    ];
}

/// The loaded catalogue.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    services: schema::Map<ServiceSpec>,
    rules: schema::Map<RuleSpec>,
    slugs: schema::Map<String>,
    metric_namespaces: schema::Map<MetricNamespaceSpec>,
    runbooks: schema::Map<RunbookSpec>,
    shared_options: schema::Map<shared_options::SharedOptionsSpec>,
    principals: schema::Map<principals::PrincipalSpec>,
}

impl Catalogue {
    /// Loads every file; files that fail to parse or validate become
    /// diagnostics (and are added to `sources` so they can be shown).
    pub fn load(
        files: &[(String, String)],
        sources: &mut SourceSet,
    ) -> (Catalogue, Vec<Diagnostic>) {
        let mut catalogue = Catalogue::default();
        let mut diagnostics = Vec::new();
        for (path, text) in files {
            if let Err(problem) = catalogue.add_file(path, text) {
                let file = sources.add(
                    format!("stdlib/{path}"),
                    format!("stdlib/{path}"),
                    text.clone(),
                );
                let span = Span::new(file, problem.offset, problem.offset + 1);
                diagnostics.push(stdlib_diagnostic(span, &problem.message));
            }
        }
        for message in shared_options::merge(&catalogue.shared_options, &mut catalogue.services) {
            diagnostics.push(stdlib_diagnostic(Span::none(), &message));
        }
        for message in catalogue.validate() {
            diagnostics.push(stdlib_diagnostic(Span::none(), &message));
        }
        (catalogue, diagnostics)
    }

    /// Adds or overrides entries from one file (a rule pack on top of the stdlib).
    fn add_file(&mut self, path: &str, text: &str) -> Result<(), FileProblem> {
        let document: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(text).map_err(|error| FileProblem::from_yaml(&error))?;
        let is_rule = document.get("code").is_some();
        if is_rule {
            let rule: RuleSpec =
                serde_yaml_ng::from_str(text).map_err(|error| FileProblem::from_yaml(&error))?;
            self.slugs.insert(rule.slug.clone(), rule.code.clone());
            self.rules.insert(rule.code.clone(), rule);
        } else if document.get("namespace").is_some() {
            let namespace: MetricNamespaceSpec =
                serde_yaml_ng::from_str(text).map_err(|error| FileProblem::from_yaml(&error))?;
            self.metric_namespaces
                .insert(namespace.namespace.clone(), namespace);
        } else if document.get("runbook").is_some() {
            let runbook: RunbookSpec =
                serde_yaml_ng::from_str(text).map_err(|error| FileProblem::from_yaml(&error))?;
            self.runbooks.insert(runbook.runbook.clone(), runbook);
        } else if document.get("shared_options").is_some() {
            let set: shared_options::SharedOptionsSpec =
                serde_yaml_ng::from_str(text).map_err(|error| FileProblem::from_yaml(&error))?;
            self.shared_options.insert(set.shared_options.clone(), set);
        } else if document.get("kinds").is_some() {
            // `backends/kinds.yaml`, met when `--stdlib` names a stdlib folder:
            // the backends' own table, which they read from the binary.
        } else if document.get("service").is_some() {
            let service: ServiceSpec =
                serde_yaml_ng::from_str(text).map_err(|error| FileProblem::from_yaml(&error))?;
            self.services.insert(service.service.clone(), service);
        } else if document.get("principal").is_some() {
            let principal: principals::PrincipalSpec =
                serde_yaml_ng::from_str(text).map_err(|error| FileProblem::from_yaml(&error))?;
            self.principals
                .insert(principal.principal.clone(), principal);
        } else {
            return Err(FileProblem {
                offset: 0,
                message: format!(
                    "`{path}` is not a service (`service:`), a rule (`code:`), a metric namespace (`namespace:`), a runbook (`runbook:`), shared options (`shared_options:`) or a principal (`principal:`)"
                ),
            });
        }
        Ok(())
    }

    /// A service by keyword.
    #[must_use]
    pub fn service(&self, name: &str) -> Option<&ServiceSpec> {
        self.services.get(name)
    }

    /// What a service offers on one of its channels (`channel` is the channel's keyword).
    #[must_use]
    pub fn channel(&self, service: &str, channel: &str) -> Option<&ChannelSpec> {
        self.service(service)?.channels.get(channel)
    }

    /// Every service, in load order.
    pub fn services(&self) -> impl Iterator<Item = &ServiceSpec> {
        self.services.values()
    }

    /// The metrics AWS documents for a CloudWatch namespace (`AWS/DynamoDB`).
    #[must_use]
    pub fn metric_namespace(&self, namespace: &str) -> Option<&MetricNamespaceSpec> {
        self.metric_namespaces.get(namespace)
    }

    /// Every metric namespace the catalogue lists, in load order.
    pub fn metric_namespaces(&self) -> impl Iterator<Item = &MetricNamespaceSpec> {
        self.metric_namespaces.values()
    }

    /// What a service principal sends when it assumes a role (see
    /// `principals`), as its trust policy names it.
    #[must_use]
    pub fn principal(&self, principal: &str) -> Option<&principals::PrincipalSpec> {
        self.principals.get(principal)
    }

    /// An AWS-owned Automation runbook by document name.
    #[must_use]
    pub fn runbook(&self, name: &str) -> Option<&RunbookSpec> {
        self.runbooks.get(name)
    }

    /// The AWS-owned runbook an SSM document ARN names
    /// (`arn:aws:ssm:REGION::document/AWS-ConfigureS3BucketVersioning`).
    #[must_use]
    pub fn runbook_of_arn(&self, arn: &str) -> Option<&RunbookSpec> {
        let (_, name) = arn.rsplit_once(":document/")?;
        self.runbook(name)
    }

    /// A rule by code or slug.
    #[must_use]
    pub fn rule(&self, code_or_slug: &str) -> Option<&RuleSpec> {
        self.rules.get(code_or_slug).or_else(|| {
            self.slugs
                .get(code_or_slug)
                .and_then(|code| self.rules.get(code))
        })
    }

    /// Every rule, sorted by code.
    #[must_use]
    pub fn rules(&self) -> Vec<&RuleSpec> {
        let mut rules: Vec<&RuleSpec> = self.rules.values().collect();
        rules.sort_by(|left, right| left.code.cmp(&right.code));
        rules
    }

    /// Builds the diagnostic of rule `code`, filling `{placeholders}` from `arguments`.
    #[must_use]
    pub fn report(&self, code: &str, primary: Span, arguments: &[(&str, &str)]) -> Diagnostic {
        match self.rule(code) {
            Some(rule) => Diagnostic {
                code: rule.code.clone(),
                slug: rule.slug.clone(),
                severity: match rule.severity {
                    SeveritySpec::Error => Severity::Error,
                    SeveritySpec::Warning => Severity::Warning,
                },
                message: fill(&rule.message, arguments),
                primary: Label {
                    span: primary,
                    text: rule
                        .label
                        .as_deref()
                        .map(|label| fill(label, arguments))
                        .unwrap_or_default(),
                },
                secondary: Vec::new(),
                help: rule.help.as_deref().map(|help| fill(help, arguments)),
                notes: Vec::new(),
                suggestions: Vec::new(),
            },
            // A missing built-in rule was already reported by `validate`; keep the
            // fact visible rather than dropping it.
            None => Diagnostic {
                code: code.to_string(),
                slug: String::new(),
                severity: Severity::Error,
                message: format!("rule `{code}` is not in the catalogue"),
                primary: Label {
                    span: primary,
                    text: String::new(),
                },
                secondary: Vec::new(),
                help: None,
                notes: Vec::new(),
                suggestions: Vec::new(),
            },
        }
    }
}

/// Replaces `{key}` by its value; unknown keys stay as written.
#[must_use]
pub fn fill(template: &str, arguments: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        // A literal brace (`{ {name} = ... }` in a help text) is not a placeholder.
        let is_name = |key: &str| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|character| character.is_ascii_alphanumeric() || character == '_')
        };
        if let Some(close) = after.find('}').filter(|close| is_name(&after[..*close])) {
            let key = &after[..close];
            if let Some((_, value)) = arguments.iter().find(|(name, _)| *name == key) {
                out.push_str(value);
            } else {
                out.push('{');
                out.push_str(key);
                out.push('}');
            }
            rest = &after[close + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn stdlib_diagnostic(span: Span, message: &str) -> Diagnostic {
    Diagnostic {
        code: codes::INVALID_STDLIB.to_string(),
        slug: "invalid-stdlib".to_string(),
        severity: Severity::Error,
        message: message.to_string(),
        primary: Label {
            span,
            text: "here".to_string(),
        },
        secondary: Vec::new(),
        help: Some("fix the catalogue file; `stdlib/README.md` describes its schema.".to_string()),
        notes: Vec::new(),
        suggestions: Vec::new(),
    }
}

struct FileProblem {
    offset: usize,
    message: String,
}

impl FileProblem {
    fn from_yaml(error: &serde_yaml_ng::Error) -> FileProblem {
        FileProblem {
            offset: error.location().map_or(0, |location| location.index()),
            message: error.to_string(),
        }
    }
}

impl ChannelSpec {
    /// The service principal that delivers to a target of `target_service`:
    /// the channel's `principal_for` it, else its `principal`.
    #[must_use]
    pub fn principal_to(&self, target_service: &str) -> Option<&String> {
        self.principal_for
            .get(target_service)
            .or(self.principal.as_ref())
    }

    /// Why grants to a target of `target_service` are no narrower than its
    /// conditions: the channel's `unscoped_for` it, else its `unscoped`.
    #[must_use]
    pub fn unscoped_to(&self, target_service: &str) -> Option<&String> {
        self.unscoped_for
            .get(target_service)
            .or(self.unscoped.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fill_replaces_placeholders_and_keeps_literal_braces() {
        let arguments = [("first", "QueueName"), ("name", "jobs")];
        assert_eq!(
            fill("`dimensions = { {first} = \"{name}\" }`", &arguments),
            "`dimensions = { QueueName = \"jobs\" }`"
        );
        assert_eq!(
            fill("{unknown} and {rest-api-id}", &arguments),
            "{unknown} and {rest-api-id}"
        );
        assert_eq!(fill("open { only", &arguments), "open { only");
    }
}

#[cfg(test)]
mod quota_tests {
    use super::{Catalogue, embedded_files};
    use crate::source::SourceSet;

    /// The problems (E901 messages) of the embedded catalogue with one edit to
    /// the CodeDeploy service file.
    fn problems_with(from: &str, to: &str) -> Vec<String> {
        let files: Vec<(String, String)> = embedded_files()
            .into_iter()
            .map(|(path, text)| {
                let text = if path.ends_with("services/codedeploy.yaml") {
                    assert!(text.contains(from), "the edit applies");
                    text.replace(from, to)
                } else {
                    text
                };
                (path, text)
            })
            .collect();
        let (_, diagnostics) = Catalogue::load(&files, &mut SourceSet::default());
        diagnostics.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn every_embedded_limit_says_whether_it_is_adjustable() {
        assert!(problems_with("", "").is_empty());
        let missing = problems_with("        adjustable: true\n", "");
        assert!(
            missing.iter().any(|m| m.contains("adjustable")),
            "{missing:?}"
        );
    }

    #[test]
    fn an_adjustable_limit_needs_a_well_formed_quota_code() {
        let without = problems_with("        quota_code: L-877B748B\n", "");
        assert!(
            without.iter().any(|m| m.contains("needs a `quota_code`")),
            "{without:?}"
        );
        let lower = problems_with("quota_code: L-877B748B", "quota_code: L-877b748b");
        assert!(
            lower
                .iter()
                .any(|m| m.contains("eight upper-case hex digits")),
            "{lower:?}"
        );
    }
}
