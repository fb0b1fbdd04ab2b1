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
    // Ids of glue join two names and a suffix, and CloudFormation takes 255
    // characters: a long name keeps its start and a hash of the whole.
    clip_part(&mut id);
    id.push_str(suffix);
    id
}

/// Keeps one part of a logical id (a name, a rule's events) to
/// [`MAX_NAME_PART`] ASCII characters: its start and a hash of the whole.
pub fn clip_part(part: &mut String) {
    if part.len() > MAX_NAME_PART {
        let hash = fingerprint(part);
        let mut end = MAX_NAME_PART - hash.len();
        while !part.is_char_boundary(end) {
            end -= 1;
        }
        part.truncate(end);
        part.push_str(&hash);
    }
}

/// The most characters of a logical id that come from one name.
pub(super) const MAX_NAME_PART: usize = 64;

/// A short stable hash (FNV-1a, 8 hex digits), for clipping long names.
#[must_use]
pub fn fingerprint(text: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in text.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{hash:08x}")
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
        let long = logical_id(&"a".repeat(1100), "Queue");
        assert_eq!(long.len(), 64 + "Queue".len());
        assert_ne!(long, logical_id(&"a".repeat(1101), "Queue"));
    }
}
