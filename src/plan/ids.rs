//! Logical ids: PascalCase of the user's name plus a kind suffix, so they stay
//! stable across unrelated edits (`app-repo` → `AppRepoRepository`).

/// `ops-alerts` + `Topic` → `OpsAlertsTopic`. Non-alphanumeric characters split words.
#[must_use]
pub fn logical_id(name: &str, suffix: &str) -> String {
    let mut id = String::with_capacity(name.len() + suffix.len());
    for word in name.split(|character: char| !character.is_ascii_alphanumeric()) {
        let mut characters = word.chars();
        if let Some(first) = characters.next() {
            id.push(first.to_ascii_uppercase());
            id.extend(characters);
        }
    }
    if id.starts_with(|character: char| character.is_ascii_digit()) || id.is_empty() {
        id.insert(0, 'R');
    }
    id.push_str(suffix);
    id
}

#[cfg(test)]
mod tests {
    use super::logical_id;

    #[test]
    fn names_become_pascal_case_with_a_suffix() {
        assert_eq!(logical_id("app-repo", "Repository"), "AppRepoRepository");
        assert_eq!(
            logical_id("error_archive.v2", "Bucket"),
            "ErrorArchiveV2Bucket"
        );
        assert_eq!(logical_id("2024-logs", "LogGroup"), "R2024LogsLogGroup");
    }
}
