//! Grant records for people (`wirec explain --grant`): grouped by the line
//! that asked for them, each record saying which resource holds the
//! statement, who it admits, the actions, on what, and under which condition.
//! The machine form is `emit::grants`; this one reads expressions the way a
//! person writes them (`Ref X`, `X.Arn`, a `Sub` string as written).
//! **Invariant:** pure and bounded: every piece of text is escaped for a
//! terminal and cut to a fixed length.

use crate::catalogue::Condition;
use crate::diagnostics::printable;
use crate::plan::{Expr, GrantForm, GrantRecord};
use crate::source::{FileId, SourceSet};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The longest expression or reason printed, in bytes.
const MAX_TEXT: usize = 400;

/// How deep a nested expression is printed before the rest is elided.
const MAX_DEPTH: usize = 8;

/// The records, grouped by the file and line each comes from (in that order;
/// records of one line in plan order), as text for people.
#[must_use]
pub fn text(records: &[&GrantRecord], sources: &SourceSet) -> String {
    let mut groups: BTreeMap<(FileId, usize), Vec<&GrantRecord>> = BTreeMap::new();
    for record in records {
        let line = sources.location(record.origin).line;
        groups
            .entry((record.origin.file, line))
            .or_default()
            .push(record);
    }
    let mut out = String::new();
    for (index, ((_, line), group)) in groups.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let Some(first) = group.first() else {
            continue;
        };
        let file = sources.location(first.origin).file;
        let wiring = crate::emit::grants::source_line(first.origin, sources);
        let _ = writeln!(
            out,
            "{}:{line}  {}",
            printable(&file, false),
            printable(&wiring, false)
        );
        for record in group {
            write_record(&mut out, record);
        }
    }
    out
}

/// One record's block, indented under its line.
fn write_record(out: &mut String, record: &GrantRecord) {
    let _ = writeln!(
        out,
        "  {} ({})",
        bounded(&record.holder),
        form_name(record.form)
    );
    match (&record.role, &record.principal) {
        (Some(role), _) => {
            let _ = writeln!(out, "    lets    role {}", bounded(role));
        }
        (None, Some(principal)) => {
            let _ = writeln!(out, "    admits  {}", readable(principal));
        }
        (None, None) => {}
    }
    let _ = writeln!(out, "    to      {}", bounded(&record.actions.join(", ")));
    let _ = writeln!(out, "    on      {}", readable(&record.resource));
    let conditions: Vec<String> = record
        .conditions
        .iter()
        .map(|condition| match condition {
            Condition::SourceArn => format!(
                "aws:SourceArn = {}",
                record
                    .source_arn
                    .as_ref()
                    .map_or_else(|| "the sender's ARN".to_string(), readable)
            ),
            Condition::SourceAccount => "aws:SourceAccount = this account".to_string(),
        })
        .collect();
    if !conditions.is_empty() {
        let _ = writeln!(out, "    only if {}", conditions.join("\n            "));
    } else if record.form != GrantForm::Identity {
        // A role's own policy needs no condition: the role is the requester.
        out.push_str("    only if (no condition)\n");
    }
    if let Some(reason) = &record.unscoped {
        let _ = writeln!(out, "    no narrower: {}", bounded(reason));
    }
}

/// What the text form calls each kind of holder.
fn form_name(form: GrantForm) -> &'static str {
    match form {
        GrantForm::LambdaPermission => "Lambda permission",
        GrantForm::ResourcePolicy => "resource policy",
        GrantForm::BucketPolicy => "bucket policy",
        GrantForm::LogsResourcePolicy => "logs resource policy",
        GrantForm::KeyPolicy => "key policy",
        GrantForm::Trust => "role trust",
        GrantForm::Identity => "role policy",
    }
}

/// An expression as a person reads it: `Ref X`, `X.Arn`, a `Sub` template as
/// written (`${AWS::AccountId}` kept), lists in brackets; escaped and cut to
/// `MAX_TEXT` bytes.
#[must_use]
pub fn readable(expr: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, expr, 0);
    bounded(&out)
}

fn write_expr(out: &mut String, expr: &Expr, depth: usize) {
    // Past the depth, or once the text is longer than what is printed, the rest is elided.
    if depth > MAX_DEPTH || out.len() > MAX_TEXT {
        out.push('…');
        return;
    }
    match expr {
        Expr::Text(text) => out.push_str(text),
        Expr::Number(literal) => out.push_str(literal),
        Expr::Bool(flag) => {
            let _ = write!(out, "{flag}");
        }
        Expr::List(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                write_expr(out, item, depth + 1);
            }
            out.push(']');
        }
        Expr::Map(entries) => {
            out.push('{');
            for (index, (key, value)) in entries.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{key}: ");
                write_expr(out, value, depth + 1);
            }
            out.push('}');
        }
        Expr::Ref(id) | Expr::Param(id) => {
            let _ = write!(out, "Ref {id}");
        }
        Expr::Attr(id, attribute) => {
            let _ = write!(out, "{id}.{attribute}");
        }
        Expr::Sub(template) => out.push_str(template),
        Expr::JsonString(inner) => write_expr(out, inner, depth + 1),
        Expr::AvailabilityZones => out.push_str("the Region's Availability Zones"),
        Expr::Base64(inner) => {
            out.push_str("base64 of ");
            write_expr(out, inner, depth + 1);
        }
    }
}

/// `text` escaped for a terminal and cut at a character boundary to at most
/// `MAX_TEXT` bytes.
fn bounded(text: &str) -> String {
    let mut end = text.len().min(MAX_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = if end < text.len() { "…" } else { "" };
    format!("{}{cut}", printable(&text[..end], false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_read_as_written() {
        assert_eq!(readable(&Expr::Ref("Queue".into())), "Ref Queue");
        assert_eq!(readable(&Expr::arn("ReportFunction")), "ReportFunction.Arn");
        assert_eq!(
            readable(&Expr::Sub(
                "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/x".into()
            )),
            "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/x"
        );
        assert_eq!(
            readable(&Expr::List(vec![Expr::text("a"), Expr::arn("B")])),
            "[a, B.Arn]"
        );
    }

    #[test]
    fn a_role_reads_as_its_trust_and_its_policy_under_its_line() {
        let mut sources = SourceSet::new();
        let text_of = "\ncodebuild tests -> logs\n";
        let file = sources.add("ci.wire", "ci.wire", text_of.to_string());
        let origin = crate::source::Span::new(file, 1, 10);
        let trust = GrantRecord {
            origin,
            form: GrantForm::Trust,
            holder: "TestsProjectRole".into(),
            principal: Some(Expr::text("codebuild.amazonaws.com")),
            role: None,
            actions: vec!["sts:AssumeRole".into()],
            resource: Expr::arn("TestsProjectRole"),
            source_arn: None,
            conditions: vec![Condition::SourceAccount],
            unscoped: Some("AWS sends no aws:SourceArn (the page)".into()),
            external_id: None,
        };
        let identity = GrantRecord {
            form: GrantForm::Identity,
            principal: None,
            role: Some("TestsProjectRole".into()),
            actions: vec!["logs:CreateLogStream".into(), "logs:PutLogEvents".into()],
            resource: Expr::Sub("${TestsLogGroup.Arn}:log-stream:*".into()),
            conditions: Vec::new(),
            unscoped: None,
            ..trust.clone()
        };
        let bucket = GrantRecord {
            form: GrantForm::BucketPolicy,
            holder: "LogsBucketPolicy".into(),
            conditions: Vec::new(),
            unscoped: None,
            ..trust.clone()
        };
        assert_eq!(
            text(&[&trust, &identity, &bucket], &sources),
            "ci.wire:2  codebuild tests -> logs
  TestsProjectRole (role trust)
    admits  codebuild.amazonaws.com
    to      sts:AssumeRole
    on      TestsProjectRole.Arn
    only if aws:SourceAccount = this account
    no narrower: AWS sends no aws:SourceArn (the page)
  TestsProjectRole (role policy)
    lets    role TestsProjectRole
    to      logs:CreateLogStream, logs:PutLogEvents
    on      ${TestsLogGroup.Arn}:log-stream:*
  LogsBucketPolicy (bucket policy)
    admits  codebuild.amazonaws.com
    to      sts:AssumeRole
    on      TestsProjectRole.Arn
    only if (no condition)
"
        );
    }

    #[test]
    fn long_and_hostile_text_is_cut_and_escaped() {
        let long = readable(&Expr::Text("é".repeat(1000).into()));
        assert!(long.len() <= MAX_TEXT + '…'.len_utf8(), "{}", long.len());
        assert!(long.ends_with('…'));
        assert_eq!(readable(&Expr::text("a\u{1b}[31mb")), "a\u{241b}[31mb");
        let mut deep = Expr::text("core");
        for _ in 0..100 {
            deep = Expr::List(vec![deep]);
        }
        assert!(readable(&deep).contains('…'));
    }
}
