//! A given physical name held to its service's rules (the `physical_name`
//! facet): length, characters, first and last character, reserved beginnings
//! and endings, and the few shapes AWS refuses (`..`, an IP address).

use super::schema::PhysicalName;

/// Which rule a name breaks, in words, and how to mend it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameProblem {
    /// What is wrong (`has 70 characters, more than the 63 allowed`).
    pub problem: String,
    /// How to mend it.
    pub help: String,
}

impl NameProblem {
    fn new(problem: String, help: impl Into<String>) -> Self {
        Self {
            problem,
            help: help.into(),
        }
    }
}

/// Whether `character` is in `class`, a character class body such as
/// `a-zA-Z0-9_.-` (ranges `x-y`, and single characters; a `-` first or last
/// stands for itself).
#[must_use]
pub fn class_contains(class: &str, character: char) -> bool {
    let chars: Vec<char> = class.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        let low = chars[index];
        if index + 2 < chars.len() && chars[index + 1] == '-' {
            let high = chars[index + 2];
            if (low..=high).contains(&character) {
                return true;
            }
            index += 3;
        } else {
            if low == character {
                return true;
            }
            index += 1;
        }
    }
    false
}

fn looks_like_ip_address(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|part| {
            !part.is_empty() && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_digit())
        })
}

impl PhysicalName {
    /// The first rule `name` breaks, if any. `flagged` says whether the
    /// declaration sets the property of `suffix_when` (`fifo = true`).
    #[must_use]
    pub fn problem(&self, name: &str, flagged: bool) -> Option<NameProblem> {
        let length = name.chars().count();
        if length > self.max_length || length < self.min_length {
            return Some(NameProblem::new(
                format!(
                    "has {length} characters; it must have {} to {}",
                    self.min_length, self.max_length
                ),
                "Shorten or lengthen it to fit.",
            ));
        }
        if let Some(problem) = self.suffix_problem(name, flagged) {
            return Some(problem);
        }
        let stem = match &self.suffix_when {
            Some(when) if flagged => name.strip_suffix(when.suffix.as_str()).unwrap_or(name),
            _ => name,
        };
        if self.lowercase && name.chars().any(char::is_uppercase) {
            return Some(NameProblem::new(
                "has upper-case letters".to_string(),
                "Write it in lower case.",
            ));
        }
        if let Some(class) = &self.characters
            && let Some(bad) = stem.chars().find(|&c| !class_contains(class, c))
        {
            return Some(NameProblem::new(
                format!("contains {bad:?}, which is not allowed"),
                format!("Use only the characters `{class}`."),
            ));
        }
        if let Some(class) = &self.ends {
            let first = stem.chars().next();
            let last = stem.chars().next_back();
            if [first, last]
                .into_iter()
                .flatten()
                .any(|c| !class_contains(class, c))
            {
                return Some(NameProblem::new(
                    format!("must begin and end with one of `{class}`"),
                    "Drop the punctuation at its ends.",
                ));
            }
        }
        if let Some(class) = &self.begins
            && stem
                .chars()
                .next()
                .is_some_and(|c| !class_contains(class, c))
        {
            return Some(NameProblem::new(
                format!("must begin with one of `{class}`"),
                "Change its first character.",
            ));
        }
        self.shape_problem(name)
    }

    /// `.fifo` exactly when `fifo = true`.
    fn suffix_problem(&self, name: &str, flagged: bool) -> Option<NameProblem> {
        let when = self.suffix_when.as_ref()?;
        let has = name.ends_with(when.suffix.as_str());
        match (flagged, has) {
            (true, false) => Some(NameProblem::new(
                format!(
                    "does not end with `{}`, which a name must when `{} = true`",
                    when.suffix, when.property
                ),
                format!("Write `{name}{}`.", when.suffix),
            )),
            (false, true) => Some(NameProblem::new(
                format!(
                    "ends with `{}`, which only a name with `{} = true` may",
                    when.suffix, when.property
                ),
                format!(
                    "Add `{} = true`, or drop `{}` from the name.",
                    when.property, when.suffix
                ),
            )),
            _ => None,
        }
    }

    /// Reserved beginnings and endings, forbidden text, hierarchies, IP addresses.
    fn shape_problem(&self, name: &str) -> Option<NameProblem> {
        let lower = name.to_ascii_lowercase();
        if let Some(reserved) = self
            .reserved_names
            .iter()
            .find(|reserved| lower == reserved.to_ascii_lowercase())
        {
            return Some(NameProblem::new(
                format!("is `{reserved}`, which AWS keeps for itself"),
                format!("Choose a name other than `{reserved}`."),
            ));
        }
        if let Some(prefix) = self
            .reserved_prefixes
            .iter()
            .find(|prefix| lower.starts_with(&prefix.to_ascii_lowercase()))
        {
            return Some(NameProblem::new(
                format!("begins with `{prefix}`, which AWS keeps for itself"),
                format!("Choose a name that does not begin with `{prefix}`."),
            ));
        }
        if let Some(suffix) = self
            .reserved_suffixes
            .iter()
            .find(|suffix| lower.ends_with(&suffix.to_ascii_lowercase()))
        {
            return Some(NameProblem::new(
                format!("ends with `{suffix}`, which AWS keeps for itself"),
                format!("Choose a name that does not end with `{suffix}`."),
            ));
        }
        if let Some(text) = self
            .forbidden
            .iter()
            .find(|text| name.contains(text.as_str()))
        {
            return Some(NameProblem::new(
                format!("contains `{text}`"),
                format!("Remove `{text}` from the name."),
            ));
        }
        if self.not_an_ip_address && looks_like_ip_address(name) {
            return Some(NameProblem::new(
                "is written like an IP address".to_string(),
                "Use letters in the name.",
            ));
        }
        if let Some(depth) = self.hierarchy_depth
            && name.contains('/')
        {
            if !name.starts_with('/') {
                return Some(NameProblem::new(
                    "has a `/` but does not begin with one".to_string(),
                    format!("A name in a hierarchy is written in full: `/{name}`."),
                ));
            }
            let levels = name.split('/').filter(|part| !part.is_empty()).count();
            if levels > depth {
                return Some(NameProblem::new(
                    format!("has {levels} levels; at most {depth} are allowed"),
                    "Use fewer `/`-separated levels.",
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::schema::SuffixWhen;

    fn bucket() -> PhysicalName {
        PhysicalName {
            max_length: 63,
            min_length: 3,
            lowercase: true,
            property: Some("BucketName".into()),
            characters: Some("a-z0-9.-".into()),
            ends: Some("a-z0-9".into()),
            begins: None,
            reserved_prefixes: vec!["xn--".into()],
            reserved_suffixes: vec!["-s3alias".into()],
            reserved_names: Vec::new(),
            forbidden: vec!["..".into()],
            not_an_ip_address: true,
            hierarchy_depth: None,
            suffix_when: None,
            namespace: None,
            derived: None,
            source: None,
        }
    }

    #[test]
    fn classes_read_ranges_and_single_characters() {
        assert!(class_contains("a-z0-9.-", 'q'));
        assert!(class_contains("a-z0-9.-", '-'));
        assert!(class_contains("a-z0-9.-", '.'));
        assert!(!class_contains("a-z0-9.-", '_'));
        assert!(!class_contains("a-z0-9.-", 'Q'));
        assert!(class_contains("-_", '-'));
    }

    #[test]
    fn bucket_names_are_held_to_s3s_rules() {
        let rules = bucket();
        assert_eq!(rules.problem("acme-uploads", false), None);
        for bad in [
            "ab",
            "acme_uploads",
            "-acme",
            "acme-",
            "xn--acme",
            "acme-s3alias",
            "acme..uploads",
            "192.168.5.4",
            &"a".repeat(64),
        ] {
            assert!(rules.problem(bad, false).is_some(), "{bad} passed");
        }
    }

    #[test]
    fn a_suffix_goes_with_its_flag_both_ways() {
        let rules = PhysicalName {
            characters: Some("a-zA-Z0-9_-".into()),
            suffix_when: Some(SuffixWhen {
                property: "fifo".into(),
                suffix: ".fifo".into(),
            }),
            max_length: 80,
            ..bucket()
        };
        let rules = PhysicalName {
            lowercase: false,
            ends: None,
            reserved_prefixes: Vec::new(),
            reserved_suffixes: Vec::new(),
            reserved_names: Vec::new(),
            ..rules
        };
        assert_eq!(rules.problem("acme-jobs.fifo", true), None);
        assert_eq!(rules.problem("acme-jobs", false), None);
        assert!(rules.problem("acme-jobs", true).is_some());
        assert!(rules.problem("acme-jobs.fifo", false).is_some());
    }

    #[test]
    fn a_first_character_rule_leaves_the_last_alone() {
        let rules = PhysicalName {
            max_length: 150,
            min_length: 2,
            lowercase: false,
            characters: Some("A-Za-z0-9_-".into()),
            ends: None,
            begins: Some("A-Za-z0-9".into()),
            reserved_prefixes: Vec::new(),
            reserved_suffixes: Vec::new(),
            reserved_names: Vec::new(),
            forbidden: Vec::new(),
            not_an_ip_address: false,
            ..bucket()
        };
        assert_eq!(rules.problem("Build_2-", false), None);
        assert!(rules.problem("-build", false).is_some());
        assert!(rules.problem("_build", false).is_some());
    }

    #[test]
    fn hierarchies_begin_with_a_slash() {
        let rules = PhysicalName {
            characters: Some("a-zA-Z0-9_./-".into()),
            hierarchy_depth: Some(15),
            lowercase: false,
            ends: None,
            forbidden: Vec::new(),
            not_an_ip_address: false,
            ..bucket()
        };
        assert_eq!(rules.problem("/app/config", false), None);
        assert!(rules.problem("app/config", false).is_some());
        assert!(rules.problem(&"/a".repeat(16), false).is_some());
    }
}
