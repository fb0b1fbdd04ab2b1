//! The API calls of a service that CloudTrail records only as data events,
//! which a rule on them needs a trail configured for (W478).

use serde::Deserialize;

/// A service's data events: API calls a trail records only when configured
/// to (CloudTrail User Guide, Logging data events).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataEvents {
    /// The trail property that records them, a word `all`, `read` or `write`.
    pub trail_property: String,
    /// A trail property that records them (all) for one declaration only.
    pub narrowed_by: Option<String>,
    /// The read-only calls (`readOnly` true in the record).
    pub read: Vec<String>,
    /// The calls that change something (`readOnly` false).
    pub write: Vec<String>,
    /// Where the facts come from.
    pub source: String,
}
