//! Physical names: the names wirec gives resources that need one, from the user's names.

/// A parameter name: [`physical`], but `/` separates a hierarchy.
pub(super) fn physical_path(name: &str, max: usize) -> String {
    name.split('/')
        .map(|part| physical(part, max, false))
        .collect::<Vec<_>>()
        .join("/")
}

/// `ops-alerts` with no characters outside what physical names accept.
pub(super) fn physical(name: &str, max: usize, lowercase: bool) -> String {
    let mut cleaned: String = name
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || character == '-' {
                character
            } else {
                '-'
            }
        })
        .collect();
    if lowercase {
        cleaned = cleaned.to_ascii_lowercase();
    }
    cleaned.truncate(max);
    cleaned
}

/// The physical name wirec gives a declaration named `name` when no `name`
/// property says otherwise, as the service's facet says it derives it.
#[must_use]
pub fn derived_name(
    derivation: crate::catalogue::schema::Derivation,
    name: &str,
    max: usize,
    lowercase: bool,
) -> String {
    use crate::catalogue::schema::Derivation;
    match derivation {
        Derivation::AsWritten => name.to_string(),
        Derivation::Cleaned => physical(name, max, lowercase),
        Derivation::Path => physical_path(name, max),
    }
}
