//! The rule file schema: what a `stdlib/rules/*.yaml` file (or a rule pack's)
//! may say. Part of `schema`, kept in its own file.

use serde::Deserialize;

/// One `stdlib/rules/*.yaml` file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// `E101`: a letter for the default severity and three digits.
    pub code: String,
    /// `unknown-service`: names the problem.
    pub slug: String,
    /// Default severity; must agree with the code's letter.
    pub severity: SeveritySpec,
    /// One line for the index.
    pub summary: String,
    /// The message, with `{placeholders}`.
    pub message: String,
    /// The primary label, with `{placeholders}`.
    #[serde(default)]
    pub label: Option<String>,
    /// One imperative sentence, with `{placeholders}`.
    #[serde(default)]
    pub help: Option<String>,
    /// The long form for `wirec explain`.
    pub explanation: String,
    /// A wiring that trips the rule.
    #[serde(default)]
    pub example: Option<String>,
    /// The same wiring, fixed.
    #[serde(default)]
    pub fix: Option<String>,
    /// Where the fact comes from.
    pub source: String,
    /// What AWS changed since the study notes, and when.
    #[serde(default)]
    pub drift: Option<String>,
    /// The wirec version that introduced the code.
    pub since: String,
    /// For rules from a rule pack: edges this rule forbids outright
    /// (`forbid: { source: sns, channel: subscribe, target: email }`).
    #[serde(default)]
    pub forbid: Option<EdgePattern>,
}

/// Which edges a pack rule matches; a field left out matches anything.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EdgePattern {
    /// The source's service.
    #[serde(default)]
    pub source: Option<String>,
    /// The channel.
    #[serde(default)]
    pub channel: Option<String>,
    /// The target's service.
    #[serde(default)]
    pub target: Option<String>,
}

/// Severity as written in rule files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SeveritySpec {
    /// `error`.
    Error,
    /// `warning`.
    Warning,
}
