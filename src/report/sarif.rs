//! A SARIF 2.1.0 log of the diagnostics of one or more compilations, in the
//! shape GitHub code scanning reads: one run, `tool.driver.rules` for every
//! code that appears, one result per diagnostic with its primary location,
//! related locations for secondary labels and fixes for suggestions.
//! `docs/machine-output.md` maps every field; a test validates the output
//! against the OASIS schema.

use super::{Documentation, INFORMATION_URI};
use crate::catalogue::{Catalogue, SeveritySpec};
use crate::diagnostics::{Diagnostic, Severity, Suggestion};
use crate::source::{FileId, SourceSet, Span};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

/// The `uriBaseId` of artifact locations relative to the current folder.
pub const SOURCE_ROOT: &str = "%SRCROOT%";

/// The schema URI written as the log's `$schema`.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The rules and results of some diagnostics, to add to a [`Log`].
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// Rule descriptors by code.
    rules: BTreeMap<String, Value>,
    /// (code, result) in the order of the diagnostics.
    results: Vec<(String, Value)>,
}

impl Batch {
    /// Appends another batch's rules and results.
    pub fn append(&mut self, other: Batch) {
        for (code, rule) in other.rules {
            self.rules.entry(code).or_insert(rule);
        }
        self.results.extend(other.results);
    }

    /// The number of results.
    #[must_use]
    pub fn len(&self) -> usize {
        self.results.len()
    }

    /// True when there is no result.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }
}

/// A SARIF log being filled, one batch at a time.
#[derive(Debug, Clone, Default)]
pub struct Log {
    /// The folder relative artifact URIs start from, recorded as `originalUriBaseIds`.
    base: Option<PathBuf>,
    batch: Batch,
}

impl Log {
    /// An empty log; `base` as for [`Converter::new`].
    #[must_use]
    pub fn new(base: Option<&Path>) -> Log {
        Log {
            base: base.map(Path::to_path_buf),
            batch: Batch::default(),
        }
    }

    /// Adds a batch of results.
    pub fn append(&mut self, batch: Batch) {
        self.batch.append(batch);
    }

    /// The finished log: one run, the rules of every code that appears (sorted
    /// by code), the results in the order added.
    #[must_use]
    pub fn finish(self) -> Value {
        let index: BTreeMap<&str, usize> = self
            .batch
            .rules
            .keys()
            .enumerate()
            .map(|(index, code)| (code.as_str(), index))
            .collect();
        let results: Vec<Value> = self
            .batch
            .results
            .iter()
            .map(|(code, result)| {
                let mut result = result.clone();
                if let (Some(object), Some(position)) =
                    (result.as_object_mut(), index.get(code.as_str()))
                {
                    object.insert("ruleIndex".to_string(), json!(position));
                }
                result
            })
            .collect();
        let rules: Vec<&Value> = self.batch.rules.values().collect();
        let mut run = Map::new();
        run.insert(
            "tool".to_string(),
            json!({
                "driver": {
                    "name": "wirec",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            }),
        );
        if let Some(uri) = self.base.as_deref().and_then(folder_uri) {
            run.insert(
                "originalUriBaseIds".to_string(),
                json!({ SOURCE_ROOT: { "uri": uri } }),
            );
        }
        run.insert("columnKind".to_string(), json!("unicodeCodePoints"));
        run.insert("results".to_string(), Value::Array(results));
        json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [Value::Object(run)],
        })
    }
}

/// Turns diagnostics into SARIF rules and results; it holds no mutable state,
/// so threads that compile several files at once can share it.
#[derive(Debug, Clone)]
pub struct Converter {
    /// The folder artifact URIs are relative to (the CLI's current folder), if known.
    base: Option<PathBuf>,
    documentation: Documentation,
}

impl Converter {
    /// A converter. `base` is the folder that relative artifact URIs start
    /// from: absolute paths inside it are made relative to it.
    #[must_use]
    pub fn new(base: Option<&Path>, documentation: Documentation) -> Converter {
        Converter {
            base: base.map(Path::to_path_buf),
            documentation,
        }
    }

    /// The rules and results of one compilation's diagnostics; `catalogue`
    /// describes their rules.
    #[must_use]
    pub fn batch(
        &self,
        diagnostics: &[Diagnostic],
        sources: &SourceSet,
        catalogue: &Catalogue,
    ) -> Batch {
        let mut batch = Batch::default();
        for diagnostic in diagnostics {
            if !batch.rules.contains_key(&diagnostic.code) {
                let descriptor = self.rule(diagnostic, catalogue);
                batch.rules.insert(diagnostic.code.clone(), descriptor);
            }
            let result = self.result(diagnostic, sources);
            batch.results.push((diagnostic.code.clone(), result));
        }
        batch
    }

    fn rule(&self, diagnostic: &Diagnostic, catalogue: &Catalogue) -> Value {
        let mut rule = Map::new();
        rule.insert("id".to_string(), json!(diagnostic.code));
        let spec = catalogue
            .rule(&diagnostic.code)
            .filter(|spec| spec.code == diagnostic.code);
        let name = spec.map_or(diagnostic.slug.as_str(), |spec| spec.slug.as_str());
        if !name.is_empty() {
            rule.insert("name".to_string(), json!(name));
        }
        match spec {
            Some(spec) => {
                rule.insert(
                    "shortDescription".to_string(),
                    json!({ "text": spec.summary.trim() }),
                );
                rule.insert(
                    "fullDescription".to_string(),
                    json!({ "text": spec.explanation.trim() }),
                );
                let mut markdown = format!("{}\n", spec.explanation.trim());
                if let Some(example) = &spec.example {
                    let _ = write!(markdown, "\nExample:\n\n```\n{}\n```\n", example.trim_end());
                }
                if let Some(fix) = &spec.fix {
                    let _ = write!(markdown, "\nFixed:\n\n```\n{}\n```\n", fix.trim_end());
                }
                let _ = write!(markdown, "\nSource: {}\n", spec.source.trim());
                rule.insert(
                    "help".to_string(),
                    json!({
                        "text": format!("{}\n\nSource: {}", spec.explanation.trim(), spec.source.trim()),
                        "markdown": markdown,
                    }),
                );
            }
            None => {
                rule.insert(
                    "shortDescription".to_string(),
                    json!({ "text": diagnostic.message }),
                );
            }
        }
        if let Some(url) = self.documentation.url(&diagnostic.code) {
            rule.insert("helpUri".to_string(), json!(url));
        }
        let level = match spec.map(|spec| spec.severity) {
            Some(SeveritySpec::Warning) => "warning",
            Some(SeveritySpec::Error) | None => "error",
        };
        rule.insert(
            "defaultConfiguration".to_string(),
            json!({ "level": level }),
        );
        rule.insert(
            "properties".to_string(),
            json!({ "tags": ["wiring", "aws"], "precision": "very-high", "problem.severity": level }),
        );
        Value::Object(rule)
    }

    fn result(&self, diagnostic: &Diagnostic, sources: &SourceSet) -> Value {
        let mut text = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            let _ = write!(text, "\nhelp: {help}");
        }
        for note in &diagnostic.notes {
            let _ = write!(text, "\nnote: {note}");
        }
        let mut result = Map::new();
        result.insert("ruleId".to_string(), json!(diagnostic.code));
        result.insert(
            "level".to_string(),
            json!(match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            }),
        );
        result.insert("message".to_string(), json!({ "text": text }));
        let primary = self
            .physical(diagnostic.primary.span, sources)
            .or_else(|| self.root(sources));
        if let Some(physical) = primary {
            let mut location = Map::new();
            location.insert("physicalLocation".to_string(), physical);
            if !diagnostic.primary.text.is_empty() {
                location.insert(
                    "message".to_string(),
                    json!({ "text": diagnostic.primary.text }),
                );
            }
            result.insert("locations".to_string(), json!([Value::Object(location)]));
        }
        let related: Vec<Value> = diagnostic
            .secondary
            .iter()
            .filter_map(|label| {
                let physical = self.physical(label.span, sources)?;
                Some((physical, label))
            })
            .enumerate()
            .map(|(id, (physical, label))| {
                let mut location = Map::new();
                location.insert("id".to_string(), json!(id));
                location.insert("physicalLocation".to_string(), physical);
                if !label.text.is_empty() {
                    location.insert("message".to_string(), json!({ "text": label.text }));
                }
                Value::Object(location)
            })
            .collect();
        if !related.is_empty() {
            result.insert("relatedLocations".to_string(), Value::Array(related));
        }
        let fixes: Vec<Value> = diagnostic
            .suggestions
            .iter()
            .filter_map(|suggestion| self.fix(suggestion, sources))
            .collect();
        if !fixes.is_empty() {
            result.insert("fixes".to_string(), Value::Array(fixes));
        }
        Value::Object(result)
    }

    /// A fix: the suggestion's edits grouped by file, in order.
    fn fix(&self, suggestion: &Suggestion, sources: &SourceSet) -> Option<Value> {
        let mut changes: Vec<(FileId, Value, Vec<Value>)> = Vec::new();
        for edit in &suggestion.edits {
            let Some(location) = self.artifact(edit.span.file, sources) else {
                continue;
            };
            let replacement = json!({
                "deletedRegion": region(edit.span, sources)?,
                "insertedContent": { "text": edit.replacement },
            });
            match changes
                .iter_mut()
                .find(|(file, _, _)| *file == edit.span.file)
            {
                Some((_, _, replacements)) => replacements.push(replacement),
                None => changes.push((edit.span.file, location, vec![replacement])),
            }
        }
        if changes.is_empty() {
            return None;
        }
        let changes: Vec<Value> = changes
            .into_iter()
            .map(|(_, location, replacements)| {
                json!({ "artifactLocation": location, "replacements": replacements })
            })
            .collect();
        Some(json!({
            "description": { "text": suggestion.title },
            "artifactChanges": changes,
        }))
    }

    /// A physical location with a region, or `None` for a span in no file.
    fn physical(&self, span: Span, sources: &SourceSet) -> Option<Value> {
        Some(json!({
            "artifactLocation": self.artifact(span.file, sources)?,
            "region": region(span, sources)?,
        }))
    }

    /// The root file without a region, for a diagnostic that points at no
    /// file (such as a region given with `--region`).
    fn root(&self, sources: &SourceSet) -> Option<Value> {
        let (file, _) = sources.iter().next()?;
        Some(json!({ "artifactLocation": self.artifact(file, sources)? }))
    }

    fn artifact(&self, file: FileId, sources: &SourceSet) -> Option<Value> {
        if file == FileId::NONE {
            return None;
        }
        let source = sources.get(file)?;
        let path = Path::new(&source.name);
        let relative = if path.is_absolute() {
            self.base
                .as_deref()
                .and_then(|base| path.strip_prefix(base).ok())
        } else {
            Some(path)
        };
        Some(match relative {
            Some(relative) => json!({ "uri": relative_uri(relative), "uriBaseId": SOURCE_ROOT }),
            None => json!({ "uri": absolute_uri(path) }),
        })
    }
}

/// A region in lines and columns (1-based, columns in characters, end exclusive).
fn region(span: Span, sources: &SourceSet) -> Option<Value> {
    let file = sources.get(span.file)?;
    let (start_line, start_column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end.max(span.start));
    Some(json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    }))
}

/// A relative path as a URI reference: `/` separators, each segment
/// percent-encoded.
#[must_use]
pub fn relative_uri(path: &Path) -> String {
    let segments: Vec<String> = path
        .components()
        .filter_map(|component| match component {
            Component::Normal(segment) => Some(encode(&segment.to_string_lossy(), false)),
            Component::ParentDir => Some("..".to_string()),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => None,
        })
        .collect();
    segments.join("/")
}

/// An absolute path as a `file:` URI.
#[must_use]
pub fn absolute_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    let encoded: Vec<String> = text
        .split('/')
        .map(|segment| encode(segment, true))
        .collect();
    uri.push_str(&encoded.join("/"));
    uri
}

/// The `file:` URI of a folder, ending in `/` (as `originalUriBaseIds` requires).
fn folder_uri(folder: &Path) -> Option<String> {
    if !folder.is_absolute() {
        return None;
    }
    let mut uri = absolute_uri(folder);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Some(uri)
}

/// Percent-encodes everything but RFC 3986's unreserved characters and `@`
/// (and `:` in an absolute URI, such as a drive letter's; in a relative one it
/// would read as a scheme).
fn encode(segment: &str, colon: bool) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~@".contains(&byte) || (colon && byte == b':') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}
