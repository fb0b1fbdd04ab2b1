//! "Did you mean" suggestions by edit distance.

use crate::diagnostics::{Edit, Suggestion};
use crate::source::Span;

/// The candidate closest to `word`, if it is close enough to be a likely typo.
#[must_use]
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|(distance, candidate)| {
            *distance <= limit || candidate.starts_with(word) && word.len() >= 3
        })
        .min_by(|left, right| left.0.cmp(&right.0).then_with(|| left.1.cmp(right.1)))
        .map(|(_, candidate)| candidate)
}

/// Replacing `span` with the closest candidate, as a machine-applicable fix.
#[must_use]
pub fn replacement<'a>(
    word: &str,
    span: Span,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<Suggestion> {
    let candidate = closest(word, candidates)?;
    Some(Suggestion {
        title: format!("replace `{word}` with `{candidate}`"),
        edits: vec![Edit {
            span,
            replacement: candidate.to_string(),
        }],
    })
}

/// "did you mean `x`?" or, without a close match, the list of what is allowed.
#[must_use]
pub fn hint(word: &str, candidates: &[&str], what: &str) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(candidate) => format!("did you mean `{candidate}`?"),
        // `what` reads "its attributes are", so the empty case cannot reuse it.
        None if candidates.is_empty() => "there are none.".to_string(),
        None => format!(
            "{what}: {}.",
            candidates
                .iter()
                .map(|candidate| format!("`{candidate}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_letter_typo_is_found() {
        assert_eq!(closest("lamda", ["lambda", "sns", "sqs"]), Some("lambda"));
    }

    #[test]
    fn an_unrelated_word_has_no_suggestion() {
        assert_eq!(closest("database", ["lambda", "sns", "sqs"]), None);
    }
}
