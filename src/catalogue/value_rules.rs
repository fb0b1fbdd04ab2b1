//! Facets of a property that hold its value to AWS's rules of form: the keys
//! of a map (`keys`) and a text that must be JSON (`json`).

use serde::Deserialize;

/// The rules for the keys of a map property (a function's `environment`),
/// including the keys that access edges add.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MapKeys {
    /// The characters a key may begin with, as a character class.
    pub begins: String,
    /// The characters a key may have after its first, as a character class.
    pub characters: String,
    /// Shortest key accepted.
    #[serde(default)]
    pub min_length: usize,
    /// Keys the service keeps for itself.
    #[serde(default)]
    pub reserved: Vec<String>,
    /// Largest total of keys and values, in bytes, when every value is literal.
    #[serde(default)]
    pub max_total_bytes: Option<usize>,
    /// Where AWS states these rules.
    pub source: String,
}

/// A literal text property that must be JSON: an object with these members.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonText {
    /// Members the top-level object must have.
    #[serde(default)]
    pub required: Vec<String>,
    /// Where AWS states the format.
    pub source: String,
}
