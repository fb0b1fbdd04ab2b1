//! What a service asks of each declaration as a whole: the checks written in
//! Rust that read several of its properties at once, and the groups of
//! properties of which it must set one in full.

use super::schema::PropertyTest;
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
