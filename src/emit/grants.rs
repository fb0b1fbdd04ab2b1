//! The grant manifest: what each grant of a plan admits, as JSON whose
//! expressions are exactly the CloudFormation backend's, so that a reader
//! resolves them the same way as the template (`wirec explain --grant
//! --format json`, CI's IAM simulator, the in-process agreement test).

use crate::catalogue::Condition;
use crate::plan::{GrantRecord, Plan};
use crate::source::{SourceSet, Span};
use serde_json::{Value, json};

/// The longest source line the manifest repeats, in bytes.
const MAX_LINE_TEXT: usize = 200;

/// The manifest entry of one record: its source line and column, the trimmed
/// text of that line, and the record's fields.
#[must_use]
pub fn record_json(record: &GrantRecord, sources: &SourceSet) -> Value {
    let location = sources.location(record.origin);
    let text = source_line(record.origin, sources);
    let expression = |expr: &crate::plan::Expr| super::cloudformation::expression(expr);
    json!({
        "line": location.line,
        "column": location.column,
        "text": text,
        "form": record.form.word(),
        "holder": record.holder,
        "principal": record.principal.as_ref().map(expression),
        "role": record.role,
        "actions": record.actions,
        "resource": expression(&record.resource),
        "source_arn": record.source_arn.as_ref().map(expression),
        "conditions": record.conditions.iter().map(|condition| condition_word(*condition)).collect::<Vec<_>>(),
        "unscoped": record.unscoped,
        "external_id": record.external_id.as_ref().map(expression),
    })
}

/// The manifest of one plan: `{"path": PATH, "grants": [...]}`.
#[must_use]
pub fn manifest(plan: &Plan, sources: &SourceSet, path: &str) -> Value {
    json!({
        "path": path,
        "grants": plan.grants.iter().map(|record| record_json(record, sources)).collect::<Vec<_>>(),
    })
}

/// The trimmed text of the line `span` starts on, cut to at most
/// `MAX_LINE_TEXT` bytes ("" when the span is in no file).
#[must_use]
pub fn source_line(span: Span, sources: &SourceSet) -> String {
    sources
        .get(span.file)
        .map(|file| {
            let range = file.line_range(file.line_of(span.start as usize));
            clip(file.text.get(range).unwrap_or("").trim())
        })
        .unwrap_or_default()
}

/// The catalogue's word for a condition.
#[must_use]
pub fn condition_word(condition: Condition) -> &'static str {
    match condition {
        Condition::SourceArn => "source-arn",
        Condition::SourceAccount => "source-account",
    }
}

/// `line`, cut at a character boundary to at most `MAX_LINE_TEXT` bytes.
fn clip(line: &str) -> String {
    if line.len() <= MAX_LINE_TEXT {
        return line.to_string();
    }
    let mut end = MAX_LINE_TEXT;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &line[..end])
}
