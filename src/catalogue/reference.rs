//! The diagnostics reference (`docs/diagnostics.md`), generated from the rule
//! files so it cannot drift from them; a test fails when the committed copy is stale.

use super::{Catalogue, SeveritySpec};
use std::fmt::Write as _;

/// Markdown for every rule: an index, then one section per code.
#[must_use]
pub fn reference(catalogue: &Catalogue) -> String {
    let rules = catalogue.rules();
    let mut out = String::from(
        "# Diagnostics reference\n\n\
         Generated from `stdlib/rules/` by `wirec rules --format markdown`; do not edit by hand.\n\
         `wirec explain CODE` prints the same text for one code.\n\n\
         | code | slug | severity | summary |\n|---|---|---|---|\n",
    );
    for rule in &rules {
        let _ = writeln!(
            out,
            "| [{code}](#{anchor}) | `{slug}` | {severity} | {summary} |",
            code = rule.code,
            anchor = rule.code.to_ascii_lowercase(),
            slug = rule.slug,
            severity = severity(rule.severity),
            summary = rule.summary.replace('|', "\\\\|"),
        );
    }
    for rule in &rules {
        let _ = write!(
            out,
            "\n## {code}\n\n`{slug}` ({severity}): {summary}\n\n{explanation}\n",
            code = rule.code,
            slug = rule.slug,
            severity = severity(rule.severity),
            summary = rule.summary,
            explanation = rule.explanation.trim_end(),
        );
        if let Some(example) = &rule.example {
            let _ = write!(out, "\nExample:\n\n```text\n{}\n```\n", example.trim_end());
        }
        if let Some(fix) = &rule.fix {
            let _ = write!(out, "\nFixed:\n\n```text\n{}\n```\n", fix.trim_end());
        }
        if let Some(drift) = &rule.drift {
            let _ = write!(out, "\nWhat changed: {}\n", drift.trim_end());
        }
        let _ = write!(out, "\nSource: {}\n", rule.source.trim_end());
    }
    out
}

fn severity(severity: SeveritySpec) -> &'static str {
    match severity {
        SeveritySpec::Error => "error",
        SeveritySpec::Warning => "warning",
    }
}
