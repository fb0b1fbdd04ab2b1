//! What a service asks of each declaration as a whole: the checks written in
//! Rust that read several of its properties at once, and the groups of
//! properties of which it must set one in full; the edges it must have, and
//! the one declaration per account and Region (or the one source and target)
//! a service allows.

use super::schema::PropertyTest;
use super::value_rules::BatchLimits;
use serde::Deserialize;

/// A check of one declaration that reads more than one property at a time,
/// written in Rust (`check/resources.rs` maps each to its function); a
/// service opts in by naming it in `checks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeclarationCheck {
    /// An alarm's threshold, its `NAMESPACE METRIC` against the metrics AWS
    /// documents, and its evaluation window.
    Alarm,
    /// An EventBridge rule's pattern (a JSON object) and its `on` words.
    EventRule,
    /// A function's code location and its layer version ARNs.
    Function,
}

/// Names of which a declaration wirec creates must say every one of at least
/// one group: a property it sets, or a channel of its service, which an
/// outgoing edge says (a Firehose stream's `deliver`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredNames {
    /// The groups, any one of which is enough; when none is said in full,
    /// each name the first group lacks is reported (E111).
    pub one_of: Vec<Vec<String>>,
    /// Asked only of a declaration that passes this test (a pipeline whose
    /// `source` is `connection`).
    #[serde(default)]
    pub when: Option<PropertyTest>,
    /// The help on each report; `{property}` is the missing name.
    pub help: String,
}

/// An edge that a created resource must have: through `channel` to a `target`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// The channel.
    pub channel: String,
    /// The target service the edge must reach; left out, any target of the
    /// channel meets the requirement (a schedule needs its one target,
    /// whichever it is; a pipeline's second stage may invoke a function or a
    /// state machine).
    #[serde(default)]
    pub target: Option<String>,
    /// For a requirement of any target: the one the message and help suggest
    /// (a pipeline's invoke action: `lambda`). Never with `target`.
    #[serde(default)]
    pub suggest: Option<String>,
    /// The rule reported when the edge is missing.
    pub rule: String,
    /// Where the fact comes from.
    pub source: String,
    /// A property whose presence makes the declaration something else that
    /// needs no such edge (a `config` with `rule` is a rule, not the recorder).
    #[serde(default)]
    pub unless_property: Option<String>,
    /// Required only of a declaration that passes this (an Express machine).
    #[serde(default)]
    pub when: Option<PropertyTest>,
}

impl Requirement {
    /// The target service the report names: the required one, or the one
    /// suggested for a requirement of any target.
    #[must_use]
    pub fn named_target(&self) -> Option<&str> {
        self.target.as_deref().or(self.suggest.as_deref())
    }
}

/// The one-per-account-and-Region fact of a service.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnePerRegion {
    /// The rule reported for the second declaration.
    pub rule: String,
    /// Declarations that set this property are something else (a Config rule,
    /// not the recorder) and do not count.
    #[serde(default)]
    pub unless_property: Option<String>,
    /// Where the fact comes from.
    pub source: String,
}

/// The one-source-one-target fact of a node service (an EventBridge pipe):
/// it reads from one source and delivers through its implicit channel.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Between {
    /// The rule reported for a declaration with no source or no target.
    pub missing: String,
    /// The rule reported for a second source.
    pub sources: String,
    /// Where the fact comes from.
    pub source: String,
    /// The largest batch each target service takes, which the source edge's
    /// batch size must not exceed.
    #[serde(default)]
    pub batch: Option<BatchLimits>,
}
