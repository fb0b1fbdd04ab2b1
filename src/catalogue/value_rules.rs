//! Facets of a property that hold its value to AWS's rules of form: the keys
//! of a map (`keys`) and a text that must be JSON (`json`); the test of a
//! constraint on a channel option's value (`option-value`); what an option
//! that names a declaration must share with the edge's source
//! (`matches_source`), and what a destination's sender needs (`destination`).

use serde::Deserialize;

/// A schedule's text (EventBridge Scheduler's `at` and `timezone`): the forms
/// it is held to, at the character where it stops being one (E205 for the
/// expression, E472 for the time zone).
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScheduleText {
    /// A schedule expression that may also be one-time, `at(yyyy-mm-ddThh:mm:ss)`.
    #[serde(default)]
    pub one_time: bool,
    /// An IANA time zone name (`Europe/Berlin`, `UTC`).
    #[serde(default)]
    pub time_zone: bool,
}

/// A property naming an AWS API action that a service calls as its role
/// (an EventBridge Scheduler universal target, `call = "ec2:stopInstances"`):
/// `SERVICE:apiAction` (`form_rule`), not a read-only action
/// (`read_only_rule`), and the resources the role may call it on in the
/// property `scope` (`any_resource_rule` when left out or `*`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ApiCall {
    /// The code for text that is not `SERVICE:apiAction`.
    pub form_rule: String,
    /// The code for an action that begins with a read-only prefix.
    pub read_only_rule: String,
    /// The prefixes of the actions the service refuses to call.
    pub read_only_prefixes: Vec<String>,
    /// The property that lists the resources the role may call the action on.
    pub scope: String,
    /// The code for a call on every resource (`*`, or `scope` left out).
    pub any_resource_rule: String,
    /// SDK service identifiers whose IAM prefix differs (`sfn: states`).
    #[serde(default)]
    pub iam_prefixes: std::collections::BTreeMap<String, String>,
    /// Where AWS says so.
    pub source: String,
}

impl ApiCall {
    /// The IAM action of `service:apiAction`: the service's IAM prefix and
    /// the action with its first letter capitalised (`ec2:StopInstances`).
    #[must_use]
    pub fn iam_action(&self, service: &str, action: &str) -> String {
        let prefix = self
            .iam_prefixes
            .get(service)
            .map_or(service, String::as_str);
        let mut characters = action.chars();
        let capitalised: String = characters
            .next()
            .map(|first| first.to_ascii_uppercase())
            .into_iter()
            .chain(characters)
            .collect();
        format!("{prefix}:{capitalised}")
    }
}

/// The rules for the keys of a map property (a function's `environment`),
/// including the keys that access edges add.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MapKeys {
    /// The characters a key may begin with, as a character class.
    pub begins: String,
    /// The characters a key may have after its first, as a character class.
    pub characters: String,
    /// Shortest key accepted.
    #[serde(default)]
    pub min_length: usize,
    /// Keys the service keeps for itself.
    #[serde(default)]
    pub reserved: Vec<String>,
    /// Largest total of keys and values, in bytes, when every value is literal.
    #[serde(default)]
    pub max_total_bytes: Option<usize>,
    /// Where AWS states these rules.
    pub source: String,
}

/// A literal text property that must be JSON: an object with these members.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct JsonText {
    /// Members the top-level object must have.
    #[serde(default)]
    pub required: Vec<String>,
    /// The most bytes the text may have.
    #[serde(default)]
    pub max_bytes: Option<usize>,
    /// The rule reported when the text is not what AWS reads (default E124).
    #[serde(default)]
    pub rule: Option<String>,
    /// Where AWS states the format.
    pub source: String,
    /// Values that a member of the JSON may not have while the declaration
    /// holds a property test (an Express machine's `.sync` task).
    #[serde(default)]
    pub refused: Vec<RefusedJsonValue>,
}

/// A string value a member may not have, anywhere in the JSON, while the
/// declaration holds `when`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusedJsonValue {
    /// The member's key (`Resource`).
    pub key: String,
    /// Endings refused: a value that ends with one, or has one followed by
    /// `:` (a version, `.sync:2`).
    pub endings: Vec<String>,
    /// The test on the declaration under which they are refused.
    pub when: crate::catalogue::schema::PropertyTest,
    /// The code reported.
    pub rule: String,
    /// Where AWS says so.
    pub source: String,
}

/// A test on one channel option's value (`batch` above 10), each field set
/// a test that must hold; an option left out takes `default`, or fails
/// every test but `other-than`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct OptionTest {
    /// The option's name in the channel's `options`.
    pub option: String,
    /// Holds when the number is greater than this.
    #[serde(default)]
    pub above: Option<f64>,
    /// Holds when the number is less than this.
    #[serde(default)]
    pub below: Option<f64>,
    /// Holds when the value is this word.
    #[serde(default)]
    pub equals: Option<String>,
    /// Holds when the option is left out or its value is not this word.
    #[serde(default)]
    pub other_than: Option<String>,
    /// Holds when the option has more values than this.
    #[serde(default)]
    pub count_above: Option<usize>,
    /// The number AWS takes when the option is left out.
    #[serde(default)]
    pub default: Option<f64>,
}

/// The actions a function's role needs on a resource of this service to send
/// it records as a destination.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DestinationSpec {
    /// The statements, each actions on a scope of the resource (its ARN, a
    /// bucket's objects, its key).
    pub grants: Vec<crate::catalogue::AccessStatement>,
    /// Where AWS lists them.
    pub sources: Vec<String>,
}

/// A property that an option's declaration and the edge's source must agree on.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchesSource {
    /// The property, read with its catalogue default on both.
    pub property: String,
    /// The code reported when they differ.
    pub rule: String,
    /// Where AWS says so.
    pub source: String,
}

/// The `${key}` placeholders of a text property and the map that fills them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placeholders {
    /// The map property of the same service whose keys the placeholders name.
    pub from: String,
    /// Where in the text a placeholder is replaced.
    pub replaced: PlaceholderScope,
}

/// Where in a text its `${key}` placeholders are replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceholderScope {
    /// Wherever `${key}` stands (CloudFormation's `DefinitionSubstitutions`
    /// replace every occurrence of each key, with no escape).
    Anywhere,
    /// Only a JSON string value that is exactly `"${key}"`.
    WholeValue,
}

/// The source's properties holding the threshold a step list is written around.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepThreshold {
    /// The property of a source that breaches above its threshold (`above`).
    pub above: String,
    /// The property of a source that breaches below its threshold (`below`).
    pub below: String,
}

/// A property a declaration takes only when it sets another (a schedule's
/// `dead-letter` only with `call`, since a `->` target takes it on its edge):
/// E106 otherwise, with `hint`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnlyWith {
    /// The property the declaration must set.
    pub property: String,
    /// What to write instead, for the E106 help.
    pub hint: String,
}

/// The Region the declaration an option names must share with the edge's
/// source (an EventBridge target's or a schedule's dead-letter queue): an
/// `existing` resource whose ARN names another Region is its `rule`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SameRegion {
    /// The code reported for another Region.
    pub rule: String,
    /// Where AWS says so.
    pub source: String,
}

/// A setting that the declaration an option names must not have (a FIFO
/// queue as an EventBridge target's dead-letter queue).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedRefuses {
    /// The test on the named declaration that must not hold, as constraints
    /// test a property (its catalogue default when left out).
    pub when: crate::catalogue::schema::PropertyTest,
    /// The code reported when it has it.
    pub rule: String,
    /// Where AWS says so.
    pub source: String,
}

/// A test on the declaration a channel option names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionNames {
    /// The option, of kind `resource`.
    pub option: String,
    /// Holds when the named declaration is of one of these services.
    pub services: Vec<String>,
}

/// The largest batch a node's target takes, per target service: a source
/// edge's batch size above it is refused (Pipes cannot hand the target more
/// records at once than its batch API takes).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchLimits {
    /// The source edge's option that sets the batch size.
    pub option: String,
    /// The most records per batch, per target service; a service not listed
    /// takes what the source gives (a function, a state machine).
    pub max: super::schema::Map<u32>,
    /// The rule reported for a batch above it.
    pub rule: String,
    /// Where the fact comes from.
    pub source: String,
}
