//! The project file, `wire.toml`: what to build, per-environment values, rule
//! packs and severity overrides (docs/projects.md).
//!
//! ```toml
//! [build]
//! sources = ["wiring/*.wire"]         # root files or globs, relative to wire.toml
//! exclude = ["wiring/shared/*.wire"]  # files that are only `use`d
//! output = "templates"                # the output folder, relative to wire.toml
//! target = "cloudformation"           # cloudformation, terraform or all
//! format = "json"                     # json or yaml (CloudFormation only)
//! region = "eu-west-1"
//! allow-use = ["../shared-wiring"]   # folders outside the project that `use` may read
//!
//! [env.prod]                          # `wirec build --env prod`
//! output = "templates/prod"           # default: `<output>/prod`
//! region = "us-east-1"
//! params = { retention-days = 90 }    # baked in as the parameters' defaults
//!
//! [rules]
//! packs = ["rules/"]                  # YAML files or folders, relative to wire.toml
//! deny = ["W401", "warnings"]         # raise warnings to errors (`warnings`: all of them)
//! allow = ["existing-policy-replaced"] # silence warnings by code or slug
//! ```
//!
//! Every path is relative to the folder of `wire.toml` and, except the
//! `allow-use` folders, stays in it: an absolute path or one that climbs out
//! with `..` is refused here. Parsing is pure; the CLI reads the file, the
//! packs and the sources (and refuses what a symbolic link leads out).

use crate::catalogue::{Catalogue, SeveritySpec};
use crate::diagnostics::{Diagnostic, Severity};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A parsed `wire.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Rule packs and severities.
    #[serde(default)]
    pub rules: RuleSettings,
    /// What `wirec build` builds when it is given no files, and where it writes.
    #[serde(default)]
    pub build: BuildSettings,
    /// Environments by name (`[env.prod]`), selected with `--env`.
    #[serde(default)]
    pub env: BTreeMap<String, Environment>,
}

/// The `[build]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildSettings {
    /// Root wiring files or globs (`wiring/*.wire`, `stacks/**/*.wire`), relative to `wire.toml`.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Globs of files that `sources` matches but that are not roots (files only `use`d).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The output folder, relative to `wire.toml`.
    pub output: Option<String>,
    /// What to write (default CloudFormation).
    pub target: Option<TargetName>,
    /// CloudFormation's template format (default JSON).
    pub format: Option<FormatName>,
    /// The target region, for region rules; `--region` overrides it.
    pub region: Option<String>,
    /// Folders outside the project's whose files `use` may read (shared
    /// wiring), relative to `wire.toml` or absolute.
    #[serde(default, rename = "allow-use")]
    pub allow_use: Vec<String>,
}

/// `target` in `wire.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetName {
    /// CloudFormation templates.
    Cloudformation,
    /// Terraform JSON configurations.
    Terraform,
    /// Both.
    All,
}

/// `format` in `wire.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FormatName {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

/// An `[env.NAME]` table: the values one environment changes, never the wiring.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// Its output folder, relative to `wire.toml` (default: `[build] output` plus the name).
    pub output: Option<String>,
    /// Its region, instead of `[build] region`.
    pub region: Option<String>,
    /// Parameter values, by `param` name; each becomes that parameter's default.
    #[serde(default)]
    pub params: BTreeMap<String, ParamValue>,
}

/// A parameter value set in `wire.toml`.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A string (a `String` parameter).
    Text(String),
    /// A number as written (a `Number` parameter).
    Number(String),
    /// A boolean (a `String` parameter, `true` or `false`).
    Bool(bool),
}

impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = ParamValue;

            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a string, a number or a boolean")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<ParamValue, E> {
                Ok(ParamValue::Text(value.to_string()))
            }

            fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<ParamValue, E> {
                Ok(ParamValue::Bool(value))
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<ParamValue, E> {
                Ok(ParamValue::Number(value.to_string()))
            }

            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<ParamValue, E> {
                Ok(ParamValue::Number(value.to_string()))
            }

            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<ParamValue, E> {
                if value.is_finite() {
                    Ok(ParamValue::Number(value.to_string()))
                } else {
                    Err(E::custom("a parameter's number must be finite"))
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The settings of one build: `[build]` with the selected environment's on top.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// The environment's name, if one was selected.
    pub environment: Option<String>,
    /// The output folder, relative to `wire.toml`, if the project names one.
    pub output: Option<PathBuf>,
    /// The region, if the project names one.
    pub region: Option<String>,
    /// Parameter defaults the environment sets, sorted by name.
    pub params: Vec<(String, ParamValue)>,
}

/// The `[rules]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSettings {
    /// Files or folders of service and rule YAML added on top of the catalogue.
    #[serde(default)]
    pub packs: Vec<String>,
    /// Codes or slugs of warnings to report as errors; `warnings` means all.
    #[serde(default)]
    pub deny: Vec<String>,
    /// Codes or slugs of warnings not to report.
    #[serde(default)]
    pub allow: Vec<String>,
}

impl Project {
    /// Parses the text of a `wire.toml`.
    pub fn parse(text: &str) -> Result<Project, String> {
        let project: Project = toml::from_str(text).map_err(|error| error.to_string())?;
        let entries = [
            ("sources", &project.build.sources),
            ("exclude", &project.build.exclude),
            ("packs", &project.rules.packs),
        ];
        for (key, list) in entries {
            for entry in list {
                if let Some(problem) = leaves_the_folder(entry) {
                    return Err(format!(
                        "`{key}` entry `{entry}` {problem}: paths in wire.toml are relative to its folder and stay in it (docs/projects.md, \"What wirec reads\")"
                    ));
                }
            }
        }
        for name in project.env.keys() {
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(format!(
                    "environment `{name}`: a name is letters, digits, `-` and `_` (it names a folder)"
                ));
            }
        }
        Ok(project)
    }

    /// The settings for `environment` (or for none): an unknown name is an
    /// error with the closest known one.
    pub fn select(&self, environment: Option<&str>) -> Result<Selection, String> {
        let base = Selection {
            environment: None,
            output: self.build.output.as_ref().map(PathBuf::from),
            region: self.build.region.clone(),
            params: Vec::new(),
        };
        let Some(name) = environment else {
            return Ok(base);
        };
        let Some(settings) = self.env.get(name) else {
            return Err(unknown_environment(name, self.env.keys()));
        };
        Ok(Selection {
            environment: Some(name.to_string()),
            output: settings
                .output
                .as_ref()
                .map(PathBuf::from)
                .or_else(|| base.output.map(|output| output.join(name))),
            region: settings.region.clone().or(base.region),
            params: settings
                .params
                .iter()
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
        })
    }
}

impl Selection {
    /// Checks the environment's parameter values against the `param`s the
    /// wiring declares (name, and whether it is `secret`): a name that no root
    /// file declares is an error with the closest declared one, and a value for
    /// a secret is refused, because templates are committed.
    pub fn check_params(&self, declared: &[(String, bool)]) -> Result<(), String> {
        let environment = self.environment.as_deref().unwrap_or_default();
        for (name, _) in &self.params {
            match declared.iter().find(|(declared, _)| declared == name) {
                Some((_, true)) => {
                    return Err(format!(
                        "environment `{environment}` sets `{name}`, a secret parameter: a default would be written into the template; pass it when deploying instead"
                    ));
                }
                Some((_, false)) => {}
                None => {
                    let mut names: Vec<&str> =
                        declared.iter().map(|(name, _)| name.as_str()).collect();
                    names.sort_unstable();
                    names.dedup();
                    let hint = if names.is_empty() {
                        "the wiring declares no parameters.".to_string()
                    } else {
                        crate::suggest::hint(name, &names, "the parameters are")
                    };
                    return Err(format!(
                        "environment `{environment}` sets `{name}`, but no `param {name}` is declared; {hint}"
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Why a path or glob in `wire.toml` would leave the project's folder: it is
/// absolute, or a `..` climbs above where it starts.
fn leaves_the_folder(entry: &str) -> Option<&'static str> {
    // `C:/...` on Windows.
    let drive = entry.as_bytes().get(1) == Some(&b':');
    if entry.starts_with(['/', '\\']) || drive {
        return Some("is an absolute path");
    }
    let mut depth: usize = 0;
    for component in entry.split(['/', '\\']) {
        match component {
            "" | "." => {}
            ".." => match depth.checked_sub(1) {
                Some(up) => depth = up,
                None => return Some("climbs out of the project's folder with `..`"),
            },
            _ => depth += 1,
        }
    }
    None
}

/// "no environment `prd`; did you mean `prod`?"
#[must_use]
pub fn unknown_environment<'a>(name: &str, known: impl Iterator<Item = &'a String>) -> String {
    let known: Vec<&str> = known.map(String::as_str).collect();
    if known.is_empty() {
        return format!(
            "no environment `{name}`: the project defines none (add an `[env.{name}]` table to wire.toml)"
        );
    }
    format!(
        "no environment `{name}` in wire.toml; {}",
        crate::suggest::hint(name, &known, "environments are")
    )
}

/// Severity changes asked for by a project or the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    deny_all_warnings: bool,
    deny: Vec<String>,
    allow: Vec<String>,
}

impl Overrides {
    /// Resolves codes and slugs against the catalogue. An unknown code, or an
    /// error code in `allow` (errors cannot be allowed), is a usage problem.
    pub fn new(
        deny: &[String],
        allow: &[String],
        catalogue: &Catalogue,
    ) -> Result<Overrides, String> {
        let mut overrides = Overrides::default();
        for entry in deny {
            if entry == "warnings" {
                overrides.deny_all_warnings = true;
                continue;
            }
            let rule = catalogue
                .rule(entry)
                .ok_or_else(|| unknown(entry, catalogue))?;
            overrides.deny.push(rule.code.clone());
        }
        for entry in allow {
            let rule = catalogue
                .rule(entry)
                .ok_or_else(|| unknown(entry, catalogue))?;
            if rule.severity == SeveritySpec::Error {
                return Err(format!(
                    "`{entry}` ({}) is an error: errors cannot be allowed, only warnings",
                    rule.code
                ));
            }
            overrides.allow.push(rule.code.clone());
        }
        Ok(overrides)
    }

    /// Applies the overrides: allowed warnings go, denied ones become errors.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|diagnostic| {
            !(diagnostic.severity == Severity::Warning && self.allow.contains(&diagnostic.code))
        });
        for diagnostic in diagnostics {
            if diagnostic.severity == Severity::Warning
                && (self.deny_all_warnings || self.deny.contains(&diagnostic.code))
            {
                diagnostic.severity = Severity::Error;
            }
        }
    }
}

fn unknown(entry: &str, catalogue: &Catalogue) -> String {
    let known: Vec<String> = catalogue
        .rules()
        .iter()
        .flat_map(|rule| [rule.code.clone(), rule.slug.clone()])
        .collect();
    let candidates: Vec<&str> = known.iter().map(String::as_str).collect();
    match crate::suggest::closest(entry, candidates.iter().copied()) {
        Some(candidate) => format!("no rule `{entry}`; did you mean `{candidate}`?"),
        None => format!("no rule `{entry}`; `wirec rules` lists them"),
    }
}
