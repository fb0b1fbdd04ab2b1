//! A function's code read from the project (`code = "./functions/resize"`):
//! a folder's regular files, or a `.zip` as it is, within the fence that
//! `use` stays in, and within [`MAX_CODE_FILES`] and [`MAX_CODE_BYTES`].
//!
//! A symbolic link inside the folder is followed only to a regular file in
//! the same folder; one that leads out of it, or to a folder (which could
//! loop), is refused. `.git`, `__pycache__` and `.DS_Store` are left out:
//! they are not code, and `__pycache__` differs from machine to machine.

use super::files::Fence;
use crate::artifact::{CodeFile, MAX_CODE_BYTES, MAX_CODE_FILES, Package};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// How deep a code folder's subfolders may go.
const MAX_DEPTH: usize = 64;

/// Names never packaged.
const LEFT_OUT: &[&str] = &[".git", "__pycache__", ".DS_Store"];

/// The code at `path` (a folder or a `.zip`) packaged, or, when `read` is
/// false (the language server), only checked: [`Package::unread`].
pub fn package(fence: &Fence, path: &Path, read: bool) -> std::io::Result<Package> {
    let resolved = fence.admit(path)?;
    let metadata = std::fs::metadata(&resolved)?;
    if metadata.is_file() {
        if !resolved
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("zip"))
        {
            return Err(refused(
                "it is a file but not a `.zip`: give the folder that holds the code, or a `.zip`",
            ));
        }
        if metadata.len() > MAX_CODE_BYTES {
            return Err(too_large());
        }
        if !read {
            return Ok(Package::unread());
        }
        return Ok(Package::of_zip(read_bounded(&resolved, MAX_CODE_BYTES)?));
    }
    if !metadata.is_dir() {
        return Err(refused(
            "it is not a folder or a regular file (a device, a pipe or a socket)",
        ));
    }
    let files = walk(&resolved, read)?;
    if files.is_empty() {
        return Err(refused("the folder has no files to package"));
    }
    if read {
        Package::of_files(files)
    } else {
        Ok(Package::unread())
    }
}

/// Every regular file under `root` (content read only when `read`).
fn walk(root: &Path, read: bool) -> std::io::Result<Vec<CodeFile>> {
    let mut files = Vec::new();
    let mut total: u64 = 0;
    let mut pending: Vec<(PathBuf, usize)> = vec![(root.to_path_buf(), 0)];
    while let Some((folder, depth)) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let name = entry.file_name();
            if name.to_str().is_some_and(|name| LEFT_OUT.contains(&name)) {
                continue;
            }
            let path = entry.path();
            let relative = name_in(root, &path)?;
            // `DirEntry::file_type` does not follow a link.
            let kind = entry.file_type()?;
            let target = if kind.is_symlink() {
                let target = std::fs::canonicalize(&path)?;
                if !target.starts_with(root) || !std::fs::metadata(&target)?.is_file() {
                    return Err(refused(&format!(
                        "`{relative}` is a symbolic link that leads out of the folder or to a folder"
                    )));
                }
                target
            } else if kind.is_dir() {
                if depth >= MAX_DEPTH {
                    return Err(refused(&format!(
                        "`{relative}` is more than {MAX_DEPTH} folders deep"
                    )));
                }
                pending.push((path, depth + 1));
                continue;
            } else if kind.is_file() {
                path
            } else {
                return Err(refused(&format!(
                    "`{relative}` is not a regular file (a device, a pipe or a socket)"
                )));
            };
            let metadata = std::fs::metadata(&target)?;
            total = total.saturating_add(metadata.len());
            if total > MAX_CODE_BYTES {
                return Err(too_large());
            }
            if files.len() >= MAX_CODE_FILES {
                return Err(refused(&format!(
                    "it holds more than {MAX_CODE_FILES} files, the most wirec packages"
                )));
            }
            let bytes = if read {
                read_bounded(&target, metadata.len())?
            } else {
                Vec::new()
            };
            files.push(CodeFile {
                name: relative,
                bytes,
                executable: executable(&metadata),
            });
        }
    }
    Ok(files)
}

/// `path` relative to `root`, `/`-separated; a name that is not UTF-8 is refused.
fn name_in(root: &Path, path: &Path) -> std::io::Result<String> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|component| component.as_os_str().to_str())
        .collect();
    parts.map(|parts| parts.join("/")).ok_or_else(|| {
        refused(&format!(
            "the file name {} is not UTF-8",
            relative.display()
        ))
    })
}

/// A regular file's bytes, at most `limit` of them (it may grow while read).
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(refused("it is not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(refused("a file grew while it was read"));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn executable(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    metadata.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn executable(_metadata: &std::fs::Metadata) -> bool {
    false
}

fn refused(reason: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, reason.to_string())
}

fn too_large() -> std::io::Error {
    refused(&format!(
        "it is larger than {MAX_CODE_BYTES} bytes, Lambda's quota for a function's unzipped code"
    ))
}
