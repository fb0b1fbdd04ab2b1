//! The stdlib file schema: what a service file and a rule file may say.
//!
//! **Boundary**: users write rule packs in this format, so fields are only ever
//! added with defaults. Unknown fields are rejected (`deny_unknown_fields`).

use indexmap::IndexMap;

/// A map keyed by names, in file order, with a fast hasher: the compiler looks
/// names up for every edge, and the keys come from trusted catalogue files.
pub type Map<V> = IndexMap<String, V, rustc_hash::FxBuildHasher>;
pub use super::access::{AccessAttribute, AccessScope, AccessSpec, AccessStatement};
pub use super::declaration_checks::{
    Between, DeclarationCheck, OnePerRegion, RequiredNames, Requirement,
};
pub use super::metrics::{MetricNamespaceSpec, ServiceMetrics};
pub use super::rule_spec::{EdgePattern, RuleSpec, SeveritySpec};
pub use super::trail_events::DataEvents;
pub use super::value_rules::{
    ApiCall, BatchLimits, DestinationSpec, JsonText, MapKeys, MatchesSource, NamedRefuses,
    OnlyWith, OptionNames, OptionTest, PlaceholderScope, Placeholders, SameRegion, ScheduleText,
    StepThreshold,
};
use serde::Deserialize;

/// One `stdlib/services/*.yaml` file: a service the language knows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    /// The keyword in wiring files (`sqs`, `lambda`, `codecommit`).
    pub service: String,
    /// Human name (`Amazon SQS queue`).
    pub title: String,
    /// One paragraph for hover and `explain`.
    #[serde(default)]
    pub summary: String,
    /// Resource types per backend.
    #[serde(default)]
    pub resource: ResourceTypes,
    /// Whether a resource of this service needs a name, and what it is.
    #[serde(default)]
    pub name: NameKind,
    /// Whether its declarations' names are its own: one may share its name
    /// with a declaration of another service (`scheduler reminders -> sqs
    /// reminders`), which a bare name then means.
    #[serde(default)]
    pub own_names: bool,
    /// The ARN of a resource, with `{partition}`, `{region}`, `{account}` and `{physical}`
    /// (documentation for now; the backends build ARNs themselves).
    #[serde(default)]
    pub arn: Option<String>,
    /// Limits on the physical name.
    #[serde(default)]
    pub physical_name: Option<PhysicalName>,
    /// Properties a declaration block may set.
    #[serde(default)]
    pub properties: Map<PropertySpec>,
    /// What `NAME.attribute` reads from a resource of this service (`jobs.url`).
    #[serde(default)]
    pub attributes: Map<AttributeSpec>,
    /// The integration mechanisms this service offers as a source.
    #[serde(default)]
    pub channels: Map<ChannelSpec>,
    /// Options written after the name (`schedule nightly "rate(1 day)"`, `events on ...`).
    #[serde(default)]
    pub options: Map<PropertySpec>,
    /// The option that bare arguments after the name set.
    #[serde(default)]
    pub positional: Option<String>,
    /// How this service, as a target, lets a pushing service in.
    #[serde(default)]
    pub receive: Option<ReceiveSpec>,
    /// The suffix of logical ids (`Queue` in `IngestQueue`).
    pub logical_suffix: String,
    /// Set when AWS retired or replaced the service.
    #[serde(default)]
    pub deprecated: Option<Deprecation>,
    /// Facts about one resource of this service (its properties, its region).
    #[serde(default)]
    pub constraints: Vec<Constraint>,
    /// Edges a resource of this service must have when wirec creates it (a
    /// trail needs its bucket).
    #[serde(default)]
    pub requires: Vec<Requirement>,
    /// Groups of properties (or channels) of which a declaration wirec
    /// creates must say one in full (Redshift's `username` and `password`,
    /// or `secret`).
    #[serde(default)]
    pub required_properties: Vec<RequiredNames>,
    /// The checks in Rust that read a whole declaration of this service.
    #[serde(default)]
    pub checks: Vec<DeclarationCheck>,
    /// Set when an account has at most one of these per Region (a GuardDuty
    /// detector, AWS Config's recorder), so a wiring may create only one.
    #[serde(default)]
    pub one_per_region: Option<OnePerRegion>,
    /// Set when a declaration is a node between exactly one source edge and
    /// one target edge (an EventBridge pipe).
    #[serde(default)]
    pub between: Option<Between>,
    /// What code (a function's, a build's, a state machine's, an instance's)
    /// may do to a resource of this service through `reads`, `writes` and
    /// `calls` edges, and the environment variables that name it.
    #[serde(default)]
    pub access: Option<AccessSpec>,
    /// What a function's role needs to send records here as a destination
    /// (an event source mapping's `on-failure`, an asynchronous invocation's
    /// `on-success`/`on-failure`).
    #[serde(default)]
    pub destination: Option<DestinationSpec>,
    /// For an address: the text it must begin with (`https://`), with the
    /// rule reported at the first character that differs.
    #[serde(default)]
    pub scheme: Option<AddressScheme>,
    /// The CloudWatch metrics a resource of this service publishes, where
    /// its namespace holds other services' metrics too (HTTP and REST APIs
    /// both publish in `AWS/ApiGateway`): an alarm whose dimensions name such
    /// a resource is held to them (W417).
    #[serde(default)]
    pub metrics: Option<ServiceMetrics>,
    /// API calls CloudTrail records only as data events, and the trail properties that record them (W478).
    #[serde(default)]
    pub data_events: Option<DataEvents>,
    /// Where the facts come from.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// The beginning an address must have, and the rule that says so.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressScheme {
    /// The text every address begins with (compared without regard to case).
    pub prefix: String,
    /// The rule reported where an address breaks from it.
    pub rule: String,
    /// Where the fact comes from.
    pub source: String,
}

/// A retired or superseded service or channel, with what replaced it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deprecation {
    /// When AWS announced or enforced it (`2024-05-26`).
    pub since: String,
    /// The rule reported on use.
    pub rule: String,
    /// What to use instead.
    #[serde(default)]
    pub replacement: Option<String>,
    /// Where the fact comes from.
    pub source: String,
}

/// A fact reported by `rule` when every condition in `when` holds.
///
/// On a channel the conditions see the edge's source and target; on a service,
/// the resource itself (as `source`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    /// The rule reported.
    pub rule: String,
    /// All must hold.
    pub when: Vec<When>,
}

/// One condition of a [`Constraint`]: a map with exactly one of these keys
/// (YAML `- target-property: { property: fifo, equals: true }`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct When {
    /// The source (or the resource) has a property value (a property left out
    /// has the catalogue's `default`, if any).
    #[serde(default)]
    pub source_property: Option<PropertyTest>,
    /// The target has a property value.
    #[serde(default)]
    pub target_property: Option<PropertyTest>,
    /// The target is this service.
    #[serde(default)]
    pub target_service: Option<String>,
    /// The wiring's region (`region "..."` or `--region`) is known and not one of these.
    #[serde(default)]
    pub region_not_in: Option<Vec<String>>,
    /// A numeric property of the source is less than one of the target
    /// (`visibility-timeout` below the function's `timeout`).
    #[serde(default)]
    pub source_below_target: Option<Comparison>,
    /// A numeric property of the target is at most one of the source (missing: None).
    pub target_not_above_source: Option<Comparison>,
    /// A numeric channel option (or its default) is less than a numeric
    /// property of the target wirec creates (a route's integration timeout
    /// below its function's timeout).
    #[serde(default)]
    pub option_below_target: Option<OptionComparison>,
    /// The edge delivers this event (chosen with `on`, or a default).
    #[serde(default)]
    pub event: Option<String>,
    /// The edge sets this channel option.
    #[serde(default)]
    pub option_present: Option<String>,
    /// The edge does not set this channel option.
    #[serde(default)]
    pub option_absent: Option<String>,
    /// A channel option's value (or its number of values) passes a test.
    #[serde(default)]
    pub option_value: Option<OptionTest>,
    /// A channel option of kind `resource` names a declaration of one of
    /// these services (an S3 bucket as a pipe's dead-letter target).
    #[serde(default)]
    pub option_names: Option<OptionNames>,
}

impl When {
    /// How many tests this condition sets (exactly one is valid).
    #[must_use]
    pub fn tests(&self) -> usize {
        usize::from(self.source_property.is_some())
            + usize::from(self.target_property.is_some())
            + usize::from(self.target_service.is_some())
            + usize::from(self.region_not_in.is_some())
            + usize::from(self.source_below_target.is_some())
            + usize::from(self.target_not_above_source.is_some())
            + usize::from(self.option_below_target.is_some())
            + usize::from(self.event.is_some())
            + usize::from(self.option_present.is_some())
            + usize::from(self.option_absent.is_some())
            + usize::from(self.option_value.is_some())
            + usize::from(self.option_names.is_some())
    }
}

/// A test on one property.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropertyTest {
    /// The property's name in the catalogue.
    pub property: String,
    /// Holds when the value equals this.
    #[serde(default)]
    pub equals: Option<serde_yaml_ng::Value>,
    /// Holds when the value (a string) starts with this.
    #[serde(default)]
    pub starts_with: Option<String>,
    /// Holds when the property is set at all (or, with `false`, when it is not).
    #[serde(default)]
    pub present: Option<bool>,
    /// Holds when the value is a number above this.
    #[serde(default)]
    pub above: Option<f64>,
}

/// Two numeric properties compared across an edge.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    /// The source's property.
    pub source: String,
    /// Its AWS default when left out.
    pub source_default: f64,
    /// The target's property.
    pub target: String,
    /// Its AWS default when left out.
    pub target_default: f64,
}

/// A channel option compared with a property of the edge's target.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionComparison {
    /// The edge's option (`timeout`).
    pub option: String,
    /// Its AWS default when left out.
    pub option_default: f64,
    /// The target's property (`timeout`).
    pub target: String,
    /// Its AWS default when left out.
    pub target_default: f64,
    /// One unit of the target's property in the option's units (1000: the
    /// function's seconds against the route's milliseconds).
    #[serde(default = "unscaled")]
    pub target_scale: f64,
}

fn unscaled() -> f64 {
    1.0
}

/// Where a channel's resources must live.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionRule {
    /// The only regions allowed (`[us-east-1]` for billing alarms and Route 53 query logs).
    #[serde(default)]
    pub only: Vec<String>,
    /// Whether the target must be in the source's region.
    #[serde(default)]
    pub same_as_source: bool,
    /// Target services that may be in another Region all the same (an
    /// EventBridge rule's event-bus target).
    #[serde(default)]
    pub except: Vec<String>,
    /// The rule reported otherwise.
    pub rule: String,
    /// The rule reported when `only` is set and neither the wiring's
    /// `region` nor the target's ARN says where the target is (a
    /// Region-neutral template may be deployed anywhere).
    #[serde(default)]
    pub unknown: Option<String>,
    /// Where the fact comes from.
    pub source: String,
}

/// CloudFormation and Terraform type names.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceTypes {
    /// `AWS::SQS::Queue`.
    #[serde(default)]
    pub cloudformation: Option<String>,
    /// `aws_sqs_queue`.
    #[serde(default)]
    pub terraform: Option<String>,
    /// The types of a declaration without a property, where that property
    /// makes the declaration something else (`config` without `rule` is the
    /// configuration recorder; with it, a rule).
    #[serde(default)]
    pub unless_property: Option<Box<TypesWithout>>,
}

/// The resource types of a declaration that leaves a property out.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypesWithout {
    /// The property whose absence decides.
    pub property: String,
    /// The CloudFormation type then.
    #[serde(default)]
    pub cloudformation: Option<String>,
    /// The Terraform type then.
    #[serde(default)]
    pub terraform: Option<String>,
}

impl ResourceTypes {
    /// The CloudFormation and Terraform types of one declaration, which
    /// `has_property` tells about.
    #[must_use]
    pub fn of_declaration(
        &self,
        has_property: impl Fn(&str) -> bool,
    ) -> (Option<&str>, Option<&str>) {
        match &self.unless_property {
            Some(without) if !has_property(&without.property) => (
                without.cloudformation.as_deref(),
                without.terraform.as_deref(),
            ),
            _ => (self.cloudformation.as_deref(), self.terraform.as_deref()),
        }
    }
}

/// What the word after the service keyword is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameKind {
    /// A resource name, always given (`sqs ingest`).
    #[default]
    Required,
    /// May be left out; wirec derives one (`events on cloudtrail ec2 CreateImage`).
    Optional,
    /// An address, not a resource (`email "ops@example.com"`).
    Address,
}

fn one() -> usize {
    1
}

/// An attribute that a reference `NAME.attribute` reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeSpec {
    /// What gives the value in the template.
    pub from: AttributeSource,
    /// For `from: attribute`: the CloudFormation attribute (`StreamArn`),
    /// which Terraform reads by its own name (`stream_arn`).
    #[serde(default)]
    pub attribute: Option<String>,
    /// The value for an existing resource, written from its ARN's parts
    /// (`{partition}`, `{region}`, `{account}`, `{name}`, and `{path}`, what
    /// follows the first `/` of its resource part); without it only
    /// `from: arn` and `from: name` attributes are known for existing resources.
    #[serde(default)]
    pub existing: Option<String>,
    /// The resource has the attribute only when it has an edge through this
    /// channel (a table's stream exists once a `stream` edge turns it on).
    #[serde(default)]
    pub requires_channel: Option<String>,
    /// Whether the value is written literally (a bucket's name and ARN, which
    /// wirec fixes while compiling), so that a reference to it makes the
    /// template depend on nothing (a test holds this to the plan).
    #[serde(default)]
    pub literal: bool,
    /// One line for completion, hover and errors.
    pub doc: String,
}

/// Where a referenced attribute's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttributeSource {
    /// The ARN by which wirec names the resource in policies (literal where
    /// the physical name is, as for buckets, so no dependency follows).
    Arn,
    /// The physical name by which wirec names the resource.
    Name,
    /// CloudFormation's `Ref` (Terraform: the kind's `reference` attribute).
    Ref,
    /// CloudFormation's `Fn::GetAtt` of `attribute`.
    Attribute,
}

/// Constraints on generated physical names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhysicalName {
    /// Longest name the service accepts.
    pub max_length: usize,
    /// Shortest name the service accepts (1 unless said).
    #[serde(default = "one")]
    pub min_length: usize,
    /// Whether the name must be lower-case (S3 buckets).
    #[serde(default)]
    pub lowercase: bool,
    /// The CloudFormation property that carries the name; a service that has
    /// one takes `name = "..."`, and a raw block may not set it (E137).
    #[serde(default)]
    pub property: Option<String>,
    /// The characters a given name may have, as a character class (`a-z0-9.-`).
    #[serde(default)]
    pub characters: Option<String>,
    /// The characters a given name may begin and end with, as a class.
    #[serde(default)]
    pub ends: Option<String>,
    /// The characters a given name may begin with, as a class, where AWS
    /// rules only its first character (a CodeBuild project).
    #[serde(default)]
    pub begins: Option<String>,
    /// Beginnings AWS keeps for itself (compared without regard to case).
    #[serde(default)]
    pub reserved_prefixes: Vec<String>,
    /// Endings AWS keeps for itself.
    #[serde(default)]
    pub reserved_suffixes: Vec<String>,
    /// Whole names AWS keeps for itself (compared without regard to case):
    /// `default`, the account's own event bus.
    #[serde(default)]
    pub reserved_names: Vec<String>,
    /// Text a name may not contain anywhere (`..` in a bucket name).
    #[serde(default)]
    pub forbidden: Vec<String>,
    /// Whether a name may not look like an IPv4 address (`192.168.5.4`).
    #[serde(default)]
    pub not_an_ip_address: bool,
    /// A `/`-separated hierarchy: a name with a `/` must begin with one, and
    /// has at most this many levels.
    #[serde(default)]
    pub hierarchy_depth: Option<usize>,
    /// The suffix the name has exactly when the boolean property says so
    /// (`.fifo` with `fifo = true`).
    #[serde(default)]
    pub suffix_when: Option<SuffixWhen>,
    /// The set of names that must differ (one per service unless said:
    /// `events` and `schedule` rules share one).
    #[serde(default)]
    pub namespace: Option<String>,
    /// How wirec derives the physical name from the declaration's name when
    /// no `name` is given, if it does (otherwise the backend makes one up).
    #[serde(default)]
    pub derived: Option<Derivation>,
    /// Where AWS documents these rules.
    #[serde(default)]
    pub source: Option<String>,
}

/// How a physical name is derived from a declaration's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Derivation {
    /// The declaration's name as written (log groups).
    AsWritten,
    /// Characters the service refuses become `-` (repositories).
    Cleaned,
    /// [`Derivation::Cleaned`] between `/`s (parameters).
    Path,
}

/// A suffix that goes with a boolean property (`.fifo` with `fifo = true`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuffixWhen {
    /// The boolean property.
    pub property: String,
    /// The suffix.
    pub suffix: String,
}

/// A settable property.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent yes/no facets of one property, as the YAML spells them"
)]
pub struct PropertySpec {
    /// What the value must be.
    pub kind: ValueKind,
    /// One line for completion and errors.
    #[serde(default)]
    pub doc: String,
    /// Accepted values, for `kind: word`.
    #[serde(default)]
    pub values: Vec<String>,
    /// Smallest accepted number.
    #[serde(default)]
    pub min: Option<f64>,
    /// Largest accepted number.
    #[serde(default)]
    pub max: Option<f64>,
    /// Whether a declaration must set it.
    #[serde(default)]
    pub required: bool,
    /// Whether wirec reads the value itself (so a deploy-time parameter cannot stand for it).
    #[serde(default)]
    pub literal: bool,
    /// Whether the value is a credential (a password, a token), which must not
    /// be readable in the template or the stack (W114 otherwise).
    #[serde(default)]
    pub credential: bool,
    /// AWS's value when the property is left out (for constraints).
    #[serde(default)]
    pub default: Option<serde_yaml_ng::Value>,
    /// Whether a value that is not an `s3://` URL is a path, relative to the
    /// wiring file, to code (a folder or a `.zip`) that wirec packages.
    #[serde(default)]
    pub artifact: bool,
    /// For a text property: its `${key}` placeholders, which the keys of
    /// another property's map fill (E140 for one no key names, W141 for a
    /// key no placeholder uses).
    #[serde(default)]
    pub placeholders: Option<Placeholders>,
    /// For a map property: the rules its keys are held to (E123).
    #[serde(default)]
    pub keys: Option<MapKeys>,
    /// For a literal text property: the JSON it must be (E124).
    #[serde(default)]
    pub json: Option<JsonText>,
    /// For `kind: resource`: the services whose declarations it may name
    /// (E150 for another).
    #[serde(default)]
    pub services: Vec<String>,
    /// For `kind: resource`: a property the named declaration must set as
    /// the edge's source does (a FIFO topic's dead-letter queue is FIFO).
    #[serde(default)]
    pub matches_source: Option<MatchesSource>,
    /// For `kind: resource`: a setting the named declaration must not have.
    #[serde(default)]
    pub refuses: Option<NamedRefuses>,
    /// For `kind: resource`: the named declaration must be in the Region of
    /// the edge's source.
    #[serde(default)]
    pub same_region: Option<SameRegion>,
    /// For `kind: resource`: a quoted value is text (an existing schedule
    /// group's name); only a bare word names a declaration.
    #[serde(default)]
    pub quoted_text: bool,
    /// For a property: taken only when the declaration sets another (E106).
    #[serde(default)]
    pub only_with: Option<OnlyWith>,
    /// For a step list (`[70..85: +1, 85..: +2]`): where its threshold is (E460–E463).
    #[serde(default)]
    pub steps: Option<StepThreshold>,
    /// For a schedule's text: a schedule expression or a time zone.
    #[serde(default)]
    pub schedule: Option<ScheduleText>,
    /// For a literal text: an AWS API action the service calls (E475–W477).
    #[serde(default)]
    pub api_call: Option<ApiCall>,
}

/// Kinds of values in properties and channel options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    /// Any text.
    String,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` / `false`.
    Bool,
    /// One of `values`.
    Word,
    /// A list of strings.
    StringList,
    /// `{ key = "value" }`.
    Map,
    /// The name of another declaration, of one of the spec's `services`
    /// (`dead-letter rule-dlq`): a failure destination, never a chain's target.
    Resource,
    /// An option written without a value (`report-failures`): present or not.
    Flag,
    /// A point in time in RFC 3339 UTC, `"2026-01-01T00:00:00Z"`.
    Timestamp,
}

/// One integration mechanism of a source service.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each flag is an independent key of the catalogue's YAML"
)]
pub struct ChannelSpec {
    /// Human name (`bucket notification`).
    pub title: String,
    /// One paragraph for hover and `explain`.
    #[serde(default)]
    pub summary: String,
    /// Whether `a -> b` without a channel word means this channel.
    #[serde(default)]
    pub implicit: bool,
    /// Whether the channel may also be written after the resource's name, as
    /// a clause (`pipe carts-enrich enrich lambda price`).
    #[serde(default)]
    pub inline: bool,
    /// How the backends build it.
    pub mechanism: Mechanism,
    /// The service principal that delivers (for resource policies and permissions).
    #[serde(default)]
    pub principal: Option<String>,
    /// A different principal for some target services (alarms invoke Lambda as
    /// `lambda.alarms.cloudwatch.amazonaws.com`).
    #[serde(default)]
    pub principal_for: Map<String>,
    /// Confused-deputy conditions on grants to `principal`.
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// Different conditions for some target services.
    #[serde(default)]
    pub conditions_for: Map<Vec<Condition>>,
    /// Why grants to `principal` are no narrower than `conditions` (a key AWS
    /// documents the service does not send, naming the page).
    #[serde(default)]
    pub unscoped: Option<String>,
    /// The same, for some target services.
    #[serde(default)]
    pub unscoped_for: Map<String>,
    /// For poll-based channels: what the reader needs on the source.
    #[serde(default)]
    pub actions: Vec<String>,
    /// For poll-based channels: actions that take no resource (AWS authorizes
    /// them only on `*`), granted apart and noted in the output.
    #[serde(default)]
    pub unscoped_actions: Vec<String>,
    /// Target services this channel reaches.
    #[serde(default)]
    pub reaches: Vec<String>,
    /// What to report for a target outside `reaches`.
    #[serde(default)]
    pub unreachable: Option<Unreachable>,
    /// The events one can choose with `on`.
    #[serde(default)]
    pub events: Vec<EventSpec>,
    /// Events used when `on` is left out (empty: `on` is required).
    #[serde(default)]
    pub default_events: Vec<String>,
    /// Whether words after the events are branch patterns (`on push main, release/*`).
    #[serde(default)]
    pub branches: bool,
    /// Other options (`prefix`, `suffix`, `filter`, `batch`, ...).
    #[serde(default)]
    pub options: Map<PropertySpec>,
    /// The option that bare words before any keyword set (`stream new-and-old`).
    #[serde(default)]
    pub positional: Option<String>,
    /// For EventBridge channels: the pattern every rule from this source starts from.
    #[serde(default)]
    pub pattern: Option<serde_json::Value>,
    /// Count limits on edges of this channel.
    #[serde(default)]
    pub limits: Vec<LimitSpec>,
    /// Region constraints on the edge.
    #[serde(default)]
    pub region: Option<RegionRule>,
    /// Set when AWS retired or replaced the channel.
    #[serde(default)]
    pub deprecated: Option<Deprecation>,
    /// Facts about an edge's two ends that AWS rejects or silently ignores.
    #[serde(default)]
    pub constraints: Vec<Constraint>,
    /// Whether the channel is a setting of the source resource itself (so it
    /// cannot be wired from a resource that exists outside the template).
    #[serde(default)]
    pub configures_source: bool,
    /// Whether the channel is a setting of the target resource itself (so it
    /// cannot reach a resource that exists outside the template).
    #[serde(default)]
    pub configures_target: bool,
    /// Whether an edge of this channel makes no event at its target (code
    /// that reads), so it is no step of an event loop (W210).
    #[serde(default)]
    pub inert: bool,
    /// The source's properties an edge of this channel writes; a raw block of
    /// the source may not set them too (E468).
    #[serde(default)]
    pub fills: FilledProperties,
}

/// Properties of the source that a channel's edges write, per backend.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilledProperties {
    /// CloudFormation property names (`AlarmActions`).
    #[serde(default)]
    pub cloudformation: Vec<String>,
    /// Terraform argument and block names (`alarm_actions`).
    #[serde(default)]
    pub terraform: Vec<String>,
}

/// How a channel is built; each has one implementation per backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mechanism {
    /// A bucket's `NotificationConfiguration`.
    S3Notification,
    /// A bucket's EventBridge switch plus a rule.
    S3EventBridge,
    /// An SNS subscription.
    SnsSubscription,
    /// A Lambda event source mapping (SQS, Kinesis, DynamoDB streams).
    EventSourceMapping,
    /// A repository's `Triggers` list.
    CodecommitTrigger,
    /// A deployment group's `TriggerConfigurations`.
    CodedeployTrigger,
    /// A CodeStar notification rule.
    NotificationRule,
    /// An alarm's `AlarmActions`.
    AlarmAction,
    /// An EventBridge rule matching the source's events.
    EventRule,
    /// An EventBridge rule's targets (the rule is the source).
    RuleTarget,
    /// A log group's subscription filter.
    LogSubscription,
    /// A Firehose stream's destination, its Lambda processor and error logs.
    FirehoseDelivery,
    /// Logs that AWS delivers for the source (CloudTrail, VPC flow logs, load
    /// balancer, Route 53, API Gateway, Step Functions, S3 and CloudFront logs).
    LogDelivery,
    /// A service-level SNS notification setting (stack `NotificationARNs`, Auto
    /// Scaling notifications, Elastic Beanstalk, DAX, Service Catalog, CloudTrail).
    ServiceNotification,
    /// AWS Config's delivery channel (S3 snapshots and history, SNS).
    DeliveryChannel,
    /// An Auto Scaling lifecycle hook's notification target.
    LifecycleHook,
    /// An AWS Config rule's automatic remediation.
    Remediation,
    /// An alarm that stops (and rolls back) a CodeDeploy deployment.
    DeploymentAlarm,
    /// A CodePipeline action that invokes a Lambda function or starts a
    /// state machine's execution.
    PipelineAction,
    /// An Elastic Beanstalk worker environment's queue.
    WorkerQueue,
    /// A CodeBuild webhook from a Git host.
    SourceWebhook,
    /// A Managed Service for Apache Flink application reading a stream.
    StreamApplication,
    /// Logs shipped by the CloudWatch agent on instances.
    AgentLogs,
    /// What the source's code does to the target (`reads`, `writes`,
    /// `calls`): the target's `access` grants in the source's role.
    CodeAccess,
    /// A queue's dead-letter queue: the source's `RedrivePolicy`.
    DeadLetterQueue,
    /// A function's asynchronous destinations: its one event invoke configuration.
    EventInvokeConfig,
    /// A DynamoDB table's Kinesis streaming destination: the table's
    /// `KinesisStreamSpecification`.
    KinesisStreamingDestination,
    /// An EventBridge Scheduler schedule's one target, as its execution role.
    ScheduleTarget,
    /// An HTTP API's route and its integration with the target.
    HttpRoute,
    /// An EventBridge pipe's target (`Target`, `TargetParameters`).
    PipeTarget,
    /// An EventBridge pipe's enrichment (`Enrichment`).
    PipeEnrichment,
}

/// A condition key on a service-principal grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    /// `aws:SourceArn` equals the sending resource's ARN.
    SourceArn,
    /// `aws:SourceAccount` equals the account.
    SourceAccount,
}

/// What an unreachable target reports.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unreachable {
    /// The rule code.
    pub rule: String,
    /// The service to insert between the channel and the target, if one fixes it.
    #[serde(default)]
    pub via: Option<String>,
    /// A second way out, as a note.
    #[serde(default)]
    pub alternative: Option<String>,
}

/// An event a channel can deliver.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    /// The word users write (`push`, `object-created`).
    pub name: String,
    /// What the backend writes (`updateReference`, `s3:ObjectCreated:*`).
    #[serde(default)]
    pub value: Vec<String>,
    /// For EventBridge channels: the pattern fragment this event adds.
    #[serde(default)]
    pub pattern: Option<serde_json::Value>,
    /// One line.
    #[serde(default)]
    pub doc: String,
}

/// A count limit, as data with its source, so a quota change is one edit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSpec {
    /// What is counted.
    pub per: LimitScope,
    /// The largest allowed count.
    pub max: usize,
    /// The rule reported past it.
    pub rule: String,
    /// Where the number comes from, and when it was read.
    pub source: String,
    /// Whether an account can raise the limit (a Service Quotas increase);
    /// `false` for a fixed quota or a shape of the API (one destination).
    pub adjustable: bool,
    /// The Service Quotas code (`L-` and eight hex digits) where AWS lists
    /// one; an adjustable limit without one says "no quota code found" in
    /// `source`.
    #[serde(default)]
    pub quota_code: Option<String>,
    /// The limit holds only where the counted resource passes this test (missing: None).
    pub when_counted: Option<PropertyTest>,
}

impl LimitSpec {
    /// What the limit is to an account, for a diagnostic's note: adjustable
    /// (with its quota code) or fixed.
    #[must_use]
    pub fn quota_note(&self) -> String {
        match (self.adjustable, &self.quota_code) {
            (true, Some(code)) => format!(
                "adjustable (quota {code}): an account may ask Service Quotas for more, but wirec checks AWS's default"
            ),
            (true, None) => "adjustable (no quota code found): an account may ask AWS for more, but wirec checks AWS's default".to_string(),
            (false, Some(code)) => format!("fixed (quota {code}, not adjustable)"),
            (false, None) => "fixed: AWS does not raise this limit".to_string(),
        }
    }
}

/// Whether `code` is a Service Quotas code: `L-` and eight upper-case hex digits.
#[must_use]
pub fn is_quota_code(code: &str) -> bool {
    code.strip_prefix("L-").is_some_and(|digits| {
        digits.len() == 8
            && digits
                .bytes()
                .all(|byte| byte.is_ascii_digit() || (b'A'..=b'F').contains(&byte))
    })
}

/// What a limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LimitScope {
    /// Edges of this channel leaving one source resource.
    Source,
    /// Targets of one rule.
    Rule,
    /// Edges of this channel reaching one target resource.
    Target,
    /// Edges of this channel leaving one source resource, counted once for
    /// each event they name (an alarm's actions per state).
    SourceEvent,
}

/// How a target lets a pushing service in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiveSpec {
    /// The kind of grant.
    pub grant: Grant,
    /// The actions the sender needs.
    pub actions: Vec<String>,
    /// For a role grant whose resources depend on the edge (an API method,
    /// a database user): how the rule target calls this service. The grant
    /// makes the role; the rule target writes its statements.
    #[serde(default)]
    pub call: Option<TargetCall>,
}

/// How an EventBridge rule target calls a service whose role is scoped by
/// the edge, and which target parameters it sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetCall {
    /// An API Gateway REST API method (`HttpParameters`; `execute-api:Invoke`
    /// on the method's ARN).
    HttpParameters,
    /// The Redshift Data API on a cluster (`RedshiftDataParameters`).
    RedshiftData,
}

/// The kinds of grant a target can need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grant {
    /// A statement in the target's one resource policy (SQS queue, SNS topic).
    ResourcePolicy,
    /// An `AWS::Lambda::Permission`.
    LambdaPermission,
    /// A role that the sender assumes, allowed `actions` on the target.
    Role,
    /// A CloudWatch Logs resource policy.
    LogsResourcePolicy,
    /// Nothing to grant (an address such as an email).
    None,
}

/// One `stdlib/runbooks/*.yaml` file: an AWS-owned Systems Manager Automation
/// runbook, as the runbook reference documents it, so that a remediation with
/// it is checked (E369) and its role gets the permissions AWS lists.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunbookSpec {
    /// The document name, e.g. `AWS-ConfigureS3BucketVersioning`.
    pub runbook: String,
    /// The reference page, with the date read.
    pub source: String,
    /// Its input parameters, by name.
    pub parameters: Map<RunbookParameter>,
    /// The IAM actions its page lists under "Required IAM permissions".
    #[serde(default)]
    pub permissions: Vec<String>,
    /// For each permission that acts on resources, their ARN patterns in this
    /// account and Region (`${AWS::Region}`, ...), generated from the IAM
    /// service authorization reference; one not listed takes no resource.
    #[serde(default)]
    pub scopes: Map<Vec<String>>,
}

/// One input parameter of an AWS-owned runbook.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunbookParameter {
    /// `String`, `StringList`, `Boolean`, `Integer`, `MapList`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether an execution must pass it.
    #[serde(default)]
    pub required: bool,
    /// Its documented default, as text.
    #[serde(default)]
    pub default: Option<String>,
}
