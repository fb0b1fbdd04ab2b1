//! The shapes of the catalogue's metric tables: a `stdlib/metrics/*.yaml`
//! namespace file, and a service's `metrics` facet for a namespace that
//! several services share.

use serde::Deserialize;

/// One `stdlib/metrics/*.yaml` file: the metrics an AWS service publishes in
/// its CloudWatch namespace, as its documentation lists them, so that an alarm
/// on a misspelt or unpublished metric (which would stay in INSUFFICIENT_DATA)
/// is reported.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricNamespaceSpec {
    /// `AWS/DynamoDB`.
    pub namespace: String,
    /// The documentation page(s) the list comes from, with the date read.
    pub source: String,
    /// Metric names, exactly as published.
    pub metrics: Vec<String>,
    /// Names that people expect here but only the CloudWatch agent publishes
    /// (in `CWAgent`): an alarm on one is W317, not W328.
    #[serde(default)]
    pub agent_metrics: Vec<String>,
    /// When every metric of the namespace is published only per resource:
    /// the dimensions, one of which an alarm must set (W329 otherwise).
    #[serde(default)]
    pub requires_dimension: Vec<String>,
    /// The documentation that says so.
    #[serde(default)]
    pub dimension_source: Option<String>,
}

/// The metrics one service publishes in a metric namespace (a service's
/// `metrics` facet), as its documentation lists them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceMetrics {
    /// The namespace, one of `stdlib/metrics/` (`AWS/ApiGateway`).
    pub namespace: String,
    /// The metric names, exactly as published, each among the namespace's.
    pub names: Vec<String>,
    /// The documentation page(s) the list comes from, with the date read.
    pub source: String,
}
