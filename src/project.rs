//! The project file, `wire.toml`: rule packs and severity overrides.
//!
//! ```toml
//! [rules]
//! packs = ["rules/"]                  # YAML files or folders, relative to wire.toml
//! deny = ["W401", "warnings"]         # raise warnings to errors (`warnings`: all of them)
//! allow = ["existing-policy-replaced"] # silence warnings by code or slug
//! ```
//!
//! Parsing is pure; the CLI reads the file and the packs.

use crate::catalogue::{Catalogue, SeveritySpec};
use crate::diagnostics::{Diagnostic, Severity};
use serde::Deserialize;

/// A parsed `wire.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Rule packs and severities.
    #[serde(default)]
    pub rules: RuleSettings,
}

/// The `[rules]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSettings {
    /// Files or folders of service and rule YAML added on top of the catalogue.
    #[serde(default)]
    pub packs: Vec<String>,
    /// Codes or slugs of warnings to report as errors; `warnings` means all.
    #[serde(default)]
    pub deny: Vec<String>,
    /// Codes or slugs of warnings not to report.
    #[serde(default)]
    pub allow: Vec<String>,
}

impl Project {
    /// Parses the text of a `wire.toml`.
    pub fn parse(text: &str) -> Result<Project, String> {
        toml::from_str(text).map_err(|error| error.to_string())
    }
}

/// Severity changes asked for by a project or the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    deny_all_warnings: bool,
    deny: Vec<String>,
    allow: Vec<String>,
}

impl Overrides {
    /// Resolves codes and slugs against the catalogue. An unknown code, or an
    /// error code in `allow` (errors cannot be allowed), is a usage problem.
    pub fn new(
        deny: &[String],
        allow: &[String],
        catalogue: &Catalogue,
    ) -> Result<Overrides, String> {
        let mut overrides = Overrides::default();
        for entry in deny {
            if entry == "warnings" {
                overrides.deny_all_warnings = true;
                continue;
            }
            let rule = catalogue
                .rule(entry)
                .ok_or_else(|| unknown(entry, catalogue))?;
            overrides.deny.push(rule.code.clone());
        }
        for entry in allow {
            let rule = catalogue
                .rule(entry)
                .ok_or_else(|| unknown(entry, catalogue))?;
            if rule.severity == SeveritySpec::Error {
                return Err(format!(
                    "`{entry}` ({}) is an error: errors cannot be allowed, only warnings",
                    rule.code
                ));
            }
            overrides.allow.push(rule.code.clone());
        }
        Ok(overrides)
    }

    /// Applies the overrides: allowed warnings go, denied ones become errors.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|diagnostic| {
            !(diagnostic.severity == Severity::Warning && self.allow.contains(&diagnostic.code))
        });
        for diagnostic in diagnostics {
            if diagnostic.severity == Severity::Warning
                && (self.deny_all_warnings || self.deny.contains(&diagnostic.code))
            {
                diagnostic.severity = Severity::Error;
            }
        }
    }
}

fn unknown(entry: &str, catalogue: &Catalogue) -> String {
    let known: Vec<String> = catalogue
        .rules()
        .iter()
        .flat_map(|rule| [rule.code.clone(), rule.slug.clone()])
        .collect();
    let candidates: Vec<&str> = known.iter().map(String::as_str).collect();
    match crate::suggest::closest(entry, candidates.iter().copied()) {
        Some(candidate) => format!("no rule `{entry}`; did you mean `{candidate}`?"),
        None => format!("no rule `{entry}`; `wirec rules` lists them"),
    }
}
