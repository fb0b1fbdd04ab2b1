//! The project on disk (docs/projects.md): its root files, reading sources
//! relative to `wire.toml`, and `wirec init`.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the CLI is the edge that prints"
)]

use super::{EXIT_OK, EXIT_USAGE};
use crate::compile::Loader;
use crate::project::BuildSettings;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Reads sources relative to the project's folder, so the names in templates
/// and diagnostics (`wiring/main.wire:3:1`) do not depend on the folder wirec
/// runs in, and a committed template stays the same wherever it is checked.
pub(super) struct ProjectFiles {
    /// The folder `wire.toml` is in.
    pub(super) base: PathBuf,
}

impl Loader for ProjectFiles {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(self.base.join(path))
    }
}

/// The root files `[build] sources` names, relative to the project's folder:
/// each entry's matches in path order, entries in their order, each file once,
/// less those `exclude` matches.
pub(super) fn sources(folder: &Path, build: &BuildSettings) -> Result<Vec<PathBuf>, String> {
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    let exclude = build
        .exclude
        .iter()
        .map(|pattern| {
            glob::Pattern::new(pattern)
                .map_err(|error| format!("wire.toml: `exclude` entry `{pattern}`: {error}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut found: Vec<PathBuf> = Vec::new();
    for entry in &build.sources {
        let mut matches = Vec::new();
        if entry.contains(['*', '?', '[']) {
            let pattern = if folder.as_os_str().is_empty() {
                entry.clone()
            } else {
                format!(
                    "{}/{entry}",
                    glob::Pattern::escape(&folder.to_string_lossy())
                )
            };
            let paths = glob::glob_with(&pattern, options)
                .map_err(|error| format!("wire.toml: `sources` entry `{entry}`: {error}"))?;
            for path in paths {
                let path = path.map_err(|error| format!("cannot read {error}"))?;
                if path.is_file() {
                    let relative = path.strip_prefix(folder).unwrap_or(&path).to_path_buf();
                    matches.push(relative);
                }
            }
            matches.sort();
        } else {
            if !folder.join(entry).is_file() {
                return Err(format!(
                    "wire.toml: the source `{entry}` is not a file in {}",
                    shown(folder)
                ));
            }
            matches.push(PathBuf::from(entry));
        }
        if matches.is_empty() {
            return Err(format!(
                "wire.toml: the sources entry `{entry}` matches no file in {}",
                shown(folder)
            ));
        }
        for path in matches {
            let excluded = exclude
                .iter()
                .any(|pattern| pattern.matches_path_with(&path, options));
            if !excluded && !found.contains(&path) {
                found.push(path);
            }
        }
    }
    if found.is_empty() {
        return Err("wire.toml: `exclude` leaves no source to build".to_string());
    }
    Ok(found)
}

fn shown(folder: &Path) -> String {
    if folder.as_os_str().is_empty() {
        "the current folder".to_string()
    } else {
        folder.display().to_string()
    }
}

const WIRE_TOML: &str = r#"# The wirec project file: what `wirec build` builds, per-environment values, and rule settings.

[build]
sources = ["wiring/*.wire"]   # the root files; files they `use` are read too
output = "templates"          # where `wirec build` writes, and what `wirec build --check` compares
target = "cloudformation"     # cloudformation, terraform or all
format = "json"               # json or yaml
# region = "eu-west-1"        # for region rules

# `wirec build --env prod` writes templates/prod/ with these parameter defaults.
[env.prod]
params = { stage = "prod", worker-memory = 1024, log-retention-days = 365 }

[rules]
deny = []    # warnings to report as errors ("warnings" for all)
allow = []   # warnings not to report
"#;

const MAIN_WIRE: &str = r#"# The wiring: `wirec build` compiles it into templates/.
# What differs between environments is a parameter; wire.toml sets it per environment.
param stage = "dev"
param worker-memory = 256
param log-retention-days = 14

s3 uploads -> notify on object-created suffix ".csv" -> sqs jobs -> lambda worker
lambda worker { memory = worker-memory, timeout = 30, environment = { STAGE = stage } }
loggroup worker-audit { retention = log-retention-days, tags = { stage = stage } }
"#;

const README: &str = "AWS wiring in `wiring/`, compiled by wirec: `wirec build` writes `templates/`, `wirec build --env prod` writes `templates/prod/`, and `wirec build --check` in CI fails when a committed template is stale.\n";

/// `wirec init [DIR]`: writes `wire.toml` and `wiring/main.wire` (refusing if
/// either exists) and a `README.md` unless there is one.
pub(super) fn init(dir: Option<&Path>) -> u8 {
    let folder = dir.map_or_else(PathBuf::new, Path::to_path_buf);
    let at = |name: &str| {
        if folder.as_os_str().is_empty() {
            PathBuf::from(name)
        } else {
            folder.join(name)
        }
    };
    let project = at("wire.toml");
    let main = at("wiring").join("main.wire");
    let readme = at("README.md");
    let existing: Vec<String> = [&project, &main]
        .into_iter()
        .filter(|path| path.symlink_metadata().is_ok())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        eprintln!(
            "error: {} already {}; `wirec init` never overwrites a file, so it wrote nothing",
            existing.join(" and "),
            if existing.len() == 1 {
                "exists"
            } else {
                "exist"
            }
        );
        return EXIT_USAGE;
    }
    let mut files = vec![(project, WIRE_TOML), (main, MAIN_WIRE)];
    if readme.symlink_metadata().is_ok() {
        eprintln!(
            "note: {} exists and is left as it is; a line for it:\n  {}",
            readme.display(),
            README.trim_end()
        );
    } else {
        files.push((readme, README));
    }
    for (path, text) in files {
        if let Err(error) = create(&path, text) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return EXIT_USAGE;
        }
        eprintln!("created {}", path.display());
    }
    let next = if folder.as_os_str().is_empty() {
        "wirec build".to_string()
    } else {
        format!("cd {} && wirec build", folder.display())
    };
    eprintln!("next: `{next}` writes templates/main.template.json");
    EXIT_OK
}

/// Creates a new file (never replacing one), with its folders.
fn create(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}
