//! Code actions and formatting: each machine-applicable suggestion of a
//! diagnostic under the cursor becomes a quick fix ("replace `lamda` with
//! `lambda`", "insert `sns web-trigger` between the trigger and the target").
//! Formatting is `wirec fmt`'s.

use super::{Session, convert};
use crate::source::FileId;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    DocumentFormattingParams, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

/// The quick fixes for the diagnostics that touch the requested range.
#[allow(
    clippy::needless_pass_by_value,
    reason = "every handler takes its parameters by value, as the dispatcher decodes them"
)]
pub(super) fn code_actions(
    session: &mut Session,
    params: CodeActionParams,
) -> Option<CodeActionResponse> {
    if let Some(only) = &params.context.only
        && !only
            .iter()
            .any(|kind| CodeActionKind::QUICKFIX.as_str().starts_with(kind.as_str()))
    {
        return Some(Vec::new());
    }
    let view = session.view(&params.text_document.uri)?;
    let start = view.offset(params.range.start);
    let end = view.offset(params.range.end);
    let ranges = view.ranges();
    let mut actions = Vec::new();
    for diagnostic in &view.analysis.compilation.diagnostics {
        let span = diagnostic.primary.span;
        let in_range = (span.file == view.analysis.root || span.file == FileId::NONE)
            && span.start as usize <= end
            && start <= span.end as usize;
        if !in_range || diagnostic.suggestions.is_empty() {
            continue;
        }
        let shown = convert::diagnostic(diagnostic, &ranges, view.documented);
        for (index, suggestion) in diagnostic.suggestions.iter().enumerate() {
            #[allow(
                clippy::mutable_key_type,
                reason = "the protocol's `WorkspaceEdit` keys its changes by `Uri`"
            )]
            let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
            for edit in &suggestion.edits {
                let Some(uri) = ranges.uri(edit.span) else {
                    continue;
                };
                changes.entry(uri).or_default().push(TextEdit {
                    range: ranges.range(edit.span),
                    new_text: edit.replacement.clone(),
                });
            }
            if changes.is_empty() {
                continue;
            }
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: suggestion.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![shown.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(index == 0),
                ..CodeAction::default()
            }));
        }
    }
    Some(actions)
}

/// Formatting with `wirec fmt`'s formatter ([`crate::format::format`]): one
/// edit that replaces what changed; no edits for a file that does not parse
/// (its syntax error is already a diagnostic) or is already formatted.
#[allow(
    clippy::needless_pass_by_value,
    reason = "every handler takes its parameters by value, as the dispatcher decodes them"
)]
pub(super) fn formatting(
    session: &mut Session,
    params: DocumentFormattingParams,
) -> Option<Vec<TextEdit>> {
    let view = session.view(&params.text_document.uri)?;
    let text = view.text;
    let Ok(formatted) = crate::format::format(text) else {
        return Some(Vec::new());
    };
    if formatted == text {
        return Some(Vec::new());
    }
    // Only the part between the common prefix and the common suffix changes.
    let prefix = text
        .char_indices()
        .zip(formatted.chars())
        .find(|((_, left), right)| left != right)
        .map_or(text.len().min(formatted.len()), |((index, _), _)| index);
    let suffix = text[prefix..]
        .chars()
        .rev()
        .zip(formatted[prefix..].chars().rev())
        .take_while(|(left, right)| left == right)
        .map(|(character, _)| character.len_utf8())
        .sum::<usize>();
    let end = text.len() - suffix;
    let new_end = formatted.len() - suffix;
    Some(vec![TextEdit {
        range: view.range(prefix, end),
        new_text: formatted[prefix..new_end].to_string(),
    }])
}
