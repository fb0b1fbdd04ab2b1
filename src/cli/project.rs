//! The project on disk (docs/projects.md): its root files, found relative to
//! `wire.toml` and within its folder, and `wirec init`.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the CLI is the edge that prints"
)]

use super::files::{Fence, utf8_name};
use super::{EXIT_OK, EXIT_USAGE};
use crate::project::BuildSettings;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The root files `[build] sources` names, relative to the project's folder:
/// each entry's matches in path order, entries in their order, each file once,
/// less those `exclude` matches. Names are relative to the project's folder, so
/// that templates and diagnostics (`wiring/main.wire:3:1`) do not depend on
/// the folder wirec runs in. `Project::parse` refused entries that are absolute
/// or climb out with `..`; a glob match that a symbolic link leads out of the
/// folder is left out, with a warning.
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
    let fence = Fence::around(folder);
    let mut found: Vec<PathBuf> = Vec::new();
    for entry in &build.sources {
        let mut matches = Vec::new();
        if entry.contains(GLOB_CHARACTERS) {
            matches = glob_sources(folder, entry, &fence, options)?;
        } else {
            let path = folder.join(entry);
            if !path.is_file() {
                return Err(format!(
                    "wire.toml: the source `{entry}` is not a file in {}",
                    shown(folder)
                ));
            }
            if fence.admit(&path).is_err() {
                return Err(format!(
                    "wire.toml: the source `{entry}` is a symbolic link that leads out of {}",
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

/// What makes a `sources` entry a glob.
const GLOB_CHARACTERS: [char; 3] = ['*', '?', '['];

/// How many folders deep `**` goes.
const MAX_GLOB_DEPTH: usize = 64;

/// The files in `folder` that the `sources` glob `entry` matches, relative
/// to it and sorted. The walk starts at the glob's literal head, goes no
/// deeper than the glob can match, and never enters a symbolic link to a
/// folder (a link to `/` must not make a build walk the disk); a linked file
/// that leads out of the folder is left out with a warning.
fn glob_sources(
    folder: &Path,
    entry: &str,
    fence: &Fence,
    options: glob::MatchOptions,
) -> Result<Vec<PathBuf>, String> {
    let components: Vec<&str> = entry
        .split(['/', '\\'])
        .filter(|component| !component.is_empty() && *component != ".")
        .collect();
    // Matched against names relative to the folder: `./wiring/*.wire` is `wiring/*.wire`.
    let pattern = glob::Pattern::new(&components.join("/"))
        .map_err(|error| format!("wire.toml: `sources` entry `{entry}`: {error}"))?;
    let literal = components
        .iter()
        .take_while(|component| !component.contains(GLOB_CHARACTERS))
        .count();
    let head: PathBuf = components.iter().take(literal).collect();
    let depth = if entry.contains("**") {
        MAX_GLOB_DEPTH
    } else {
        components.len() - literal
    };
    let on_disk = |relative: &Path| {
        if !folder.as_os_str().is_empty() {
            folder.join(relative)
        } else if relative.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            relative.to_path_buf()
        }
    };
    let warn = |relative: &Path| {
        eprintln!(
            "warning: wire.toml: leaving out {}, which a symbolic link leads out of the project's folder",
            on_disk(relative).display()
        );
    };
    if !head.as_os_str().is_empty() && fence.admit(&on_disk(&head)).is_err() {
        if on_disk(&head).exists() {
            warn(&head);
        }
        return Ok(Vec::new());
    }
    let mut matches = Vec::new();
    let mut pending = vec![(head, depth)];
    while let Some((relative, depth)) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(on_disk(&relative)) else {
            continue;
        };
        for found in entries {
            let found = found.map_err(|error| {
                format!("cannot read {}: {error}", on_disk(&relative).display())
            })?;
            let name = relative.join(found.file_name());
            // `DirEntry::file_type` does not follow a link.
            if found.file_type().is_ok_and(|kind| kind.is_dir()) {
                if depth > 1 {
                    pending.push((name, depth - 1));
                }
                continue;
            }
            if name.to_str().is_none() && pattern.matches_with(&name.to_string_lossy(), options) {
                return Err(format!(
                    "wire.toml: {}",
                    utf8_name(&name).err().unwrap_or_default()
                ));
            }
            if !pattern.matches_path_with(&name, options) || !on_disk(&name).is_file() {
                continue;
            }
            if fence.admit(&on_disk(&name)).is_err() {
                warn(&name);
                continue;
            }
            matches.push(name);
        }
    }
    matches.sort();
    Ok(matches)
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
