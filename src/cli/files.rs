//! The one place where the CLI and the language server read a project's files
//! (wiring sources and what they `use`, `wire.toml`, rule packs, committed
//! templates) and write generated ones.
//!
//! Every read takes a regular file only (a device, a pipe or a socket could
//! block or never end) of at most [`MAX_FILE_BYTES`]. A file that a `use`
//! names must also lie, once symbolic links are resolved, in the project's
//! folder or in a folder that `[build] allow-use` names; `compile` checks the
//! same lexically before it asks (docs/projects.md, "What wirec reads").
//! Writes go to a temporary file beside the target, renamed over it.

use crate::compile::{Loader, Options, OutsideProject, normalize};
use std::io::{Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The largest file wirec reads, 16 MiB: far above any real wiring file or
/// template (CloudFormation takes 1 MB), far below what would hurt.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a regular file of at most [`MAX_FILE_BYTES`] as UTF-8 text. A folder,
/// a device, a pipe or a socket is refused before it is opened.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    check_kind(&std::fs::metadata(path)?)?;
    let file = std::fs::File::open(path)?;
    // It may have been replaced between the two looks.
    check_kind(&file.metadata()?)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

fn check_kind(metadata: &std::fs::Metadata) -> std::io::Result<()> {
    if metadata.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a folder, not a file",
        ));
    }
    if !metadata.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is not a regular file (a device, a pipe or a socket)",
        ));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(())
}

fn too_large() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!(
            "it is larger than {} MiB, the most wirec reads",
            MAX_FILE_BYTES >> 20
        ),
    )
}

/// The file name as UTF-8, or an error that says why wirec refuses it: names
/// are written into templates, JSON and SARIF, where they could not round-trip.
pub fn utf8_name(path: &Path) -> Result<&str, String> {
    path.to_str().ok_or_else(|| {
        format!(
            "the file name {} is not UTF-8: wirec writes file names into templates and reports, so rename it",
            path.display()
        )
    })
}

/// Where the files of a compilation may come from: the project's folder, if
/// there is a project, and the folders its `[build] allow-use` names.
#[derive(Debug, Clone, Default)]
pub struct Reach {
    /// The project's folder, absolute and normalized (`None`: no project).
    project: Option<PathBuf>,
    /// `allow-use`, normalized: relative to the project's folder, or absolute.
    allow_use: Vec<PathBuf>,
}

impl Reach {
    /// The reach of the project whose `wire.toml` is in `folder` (relative to
    /// the current folder, or absolute).
    #[must_use]
    pub fn project(folder: &Path, allow_use: &[String]) -> Reach {
        Reach {
            project: Some(absolute(folder)),
            allow_use: allow_use
                .iter()
                .map(|entry| normalize(Path::new(entry)))
                .collect(),
        }
    }

    /// The fence around one root file (named as from the current folder): the
    /// project's folder when the root file is in it, else the root file's own.
    #[must_use]
    pub fn fence(&self, root: &Path) -> Fence {
        let root = absolute(root);
        let folder = root
            .parent()
            .map_or_else(|| root.clone(), Path::to_path_buf);
        let Some(project) = self
            .project
            .as_ref()
            .filter(|project| folder.starts_with(project))
        else {
            return Fence {
                root_folder: PathBuf::new(),
                allow_use: Vec::new(),
                real: std::fs::canonicalize(&folder).into_iter().collect(),
            };
        };
        let mut fence = Fence {
            root_folder: folder
                .strip_prefix(project)
                .unwrap_or(&folder)
                .to_path_buf(),
            allow_use: Vec::new(),
            real: std::fs::canonicalize(project).into_iter().collect(),
        };
        for entry in &self.allow_use {
            let allowed = normalize(&project.join(entry));
            fence.allow_use.push(relative_to(&allowed, project));
            fence.real.extend(std::fs::canonicalize(&allowed));
            fence.allow_use.push(allowed);
        }
        fence
    }
}

/// `path` made absolute against the current folder, and normalized.
fn absolute(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// `target` relative to `base`, both absolute and normalized (`../shared`).
fn relative_to(target: &Path, base: &Path) -> PathBuf {
    let target: Vec<Component<'_>> = target.components().collect();
    let base: Vec<Component<'_>> = base.components().collect();
    let common = target
        .iter()
        .zip(&base)
        .take_while(|(left, right)| left == right)
        .count();
    let mut relative = PathBuf::new();
    for _ in common..base.len() {
        relative.push("..");
    }
    relative.extend(&target[common..]);
    relative
}

/// What one compilation may read: the folder `use` stays in (the project's
/// or the root file's), and the folders the project allows besides.
#[derive(Debug, Clone, Default)]
pub struct Fence {
    /// The root file's folder relative to the fence's folder.
    root_folder: PathBuf,
    /// The allowed folders as `compile` compares them, lexically: relative to
    /// the fence's folder, and absolute.
    allow_use: Vec<PathBuf>,
    /// The fence's folder and the allowed ones with links resolved: a file
    /// must resolve into one of them.
    real: Vec<PathBuf>,
}

impl Fence {
    /// A fence around one folder and its subfolders.
    #[must_use]
    pub fn around(folder: &Path) -> Fence {
        Fence {
            root_folder: PathBuf::new(),
            allow_use: Vec::new(),
            real: std::fs::canonicalize(absolute(folder))
                .into_iter()
                .collect(),
        }
    }

    /// `options` with this fence's settings for `compile`'s own (lexical) check.
    #[must_use]
    pub fn options(&self, options: &Options) -> Options {
        Options {
            root_folder_in_project: self.root_folder.clone(),
            allow_use: self.allow_use.clone(),
            ..options.clone()
        }
    }

    /// `path` with its links resolved, when that lies within the fence; an
    /// error wrapping [`OutsideProject`] when it does not.
    pub fn admit(&self, path: &Path) -> std::io::Result<PathBuf> {
        let real = std::fs::canonicalize(path)?;
        if self.real.iter().any(|folder| real.starts_with(folder)) {
            Ok(real)
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                OutsideProject,
            ))
        }
    }

    /// Reads a file within the fence ([`read_text`] of the path it resolves to).
    pub fn read(&self, path: &Path) -> std::io::Result<String> {
        read_text(&self.admit(path)?)
    }
}

/// The loader of one compilation: paths relative to `base` (the project's
/// folder, or empty for the current folder); the root file as named, since the
/// user or the project's `sources` chose it, and every other file within the
/// root file's fence.
#[derive(Debug)]
pub struct Files {
    base: PathBuf,
    root: PathBuf,
    fence: Fence,
}

impl Files {
    /// The loader for compiling `root`, a path relative to `base`.
    #[must_use]
    pub fn new(reach: &Reach, base: &Path, root: &Path) -> Files {
        let root = normalize(root);
        Files {
            fence: reach.fence(&base.join(&root)),
            base: base.to_path_buf(),
            root,
        }
    }

    /// The fence of its root file.
    #[must_use]
    pub fn fence(&self) -> &Fence {
        &self.fence
    }
}

impl Loader for Files {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        let full = if self.base.as_os_str().is_empty() {
            path.to_path_buf()
        } else {
            self.base.join(path)
        };
        if normalize(path) == self.root {
            read_text(&full)
        } else {
            self.fence.read(&full)
        }
    }

    fn package(&self, path: &Path) -> std::io::Result<crate::artifact::Package> {
        let full = if self.base.as_os_str().is_empty() {
            path.to_path_buf()
        } else {
            self.base.join(path)
        };
        super::code::package(&self.fence, &full, true)
    }
}

/// The `*.yaml` files in a folder and its subfolders (at most 32 deep), as
/// (name relative to the folder, text), sorted; each must lie within `fence`
/// when one is given.
pub fn read_yaml_folder(
    folder: &Path,
    fence: Option<&Fence>,
) -> std::io::Result<Vec<(String, String)>> {
    const DEPTH: usize = 32;
    let mut found = Vec::new();
    let mut pending = vec![(folder.to_path_buf(), 0)];
    while let Some((directory, depth)) = pending.pop() {
        for entry in std::fs::read_dir(&directory)? {
            let path = entry?.path();
            if path.is_dir() {
                if depth < DEPTH {
                    pending.push((path, depth + 1));
                }
            } else if path
                .extension()
                .is_some_and(|extension| extension == "yaml")
            {
                let relative = path.strip_prefix(folder).unwrap_or(&path);
                let name = utf8_name(relative)
                    .map_err(|message| {
                        std::io::Error::new(std::io::ErrorKind::InvalidData, message)
                    })?
                    .replace('\\', "/");
                let text = match fence {
                    Some(fence) => fence.read(&path)?,
                    None => read_text(&path)?,
                };
                found.push((name, text));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// How a temporary file of wirec's starts and ends: `.wirec-` six random
/// characters `.tmp`. A killed build can leave one behind; the next build
/// removes those older than [`STALE_AFTER`] from its output folder.
const TEMPORARY_PREFIX: &str = ".wirec-";
const TEMPORARY_SUFFIX: &str = ".tmp";

/// A temporary file this old is left over: a live one exists only while one
/// file is written and flushed, which takes seconds at most.
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// A new temporary file in `directory`, created with the mode any new file
/// gets (`0666` less the umask, on Unix), not `0600`.
fn temporary_in(directory: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(directory)
}

/// Writes to a temporary file beside the target, then renames it over the target,
/// so a reader never sees a half-written template.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    write_bytes_atomically(path, text.as_bytes())
}

/// [`write_atomically`] of bytes (a function's zip).
pub fn write_bytes_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = temporary_in(directory)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// Replaces a file's text the way [`write_atomically`] does, keeping the file's
/// permissions and writing through a symbolic link to the file it names.
pub fn rewrite(path: &Path, text: &str) -> std::io::Result<()> {
    let real = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&real)?.permissions();
    let directory = real.parent().unwrap_or_else(|| Path::new("."));
    let mut file = temporary_in(directory)?;
    file.write_all(text.as_bytes())?;
    file.as_file().set_permissions(permissions)?;
    file.as_file().sync_all()?;
    file.persist(&real).map_err(|error| error.error)?;
    Ok(())
}

/// Removes the temporary files that a killed wirec left in `folder`: regular
/// files named like [`temporary_in`]'s, last written more than
/// [`STALE_AFTER`] ago (so a concurrent build's live file stays). Returns how
/// many it removed.
#[must_use]
pub fn remove_stale_temporaries(folder: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if !name.starts_with(TEMPORARY_PREFIX) || !name.ends_with(TEMPORARY_SUFFIX) {
            continue;
        }
        // `DirEntry::metadata` does not follow a symbolic link.
        let stale = entry.metadata().is_ok_and(|metadata| {
            metadata.is_file()
                && metadata
                    .modified()
                    .ok()
                    .and_then(|modified| now.duration_since(modified).ok())
                    .is_some_and(|age| age > STALE_AFTER)
        });
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}
