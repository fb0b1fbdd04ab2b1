//! A function's code as wirec deploys it: a deterministic zip and its SHA-256.
//!
//! Pure: the files come in as bytes (the CLI reads them through its loader,
//! tests and the language server hand them over from memory), and the zip is
//! made in memory. The same files give the same bytes on any machine: entries
//! sorted by path, every timestamp 1980-01-01 00:00 (the zip format's
//! earliest), modes 0644 (0755 when executable), no directory entries and no
//! extra fields, deflate through one pure-Rust compressor pinned by
//! `Cargo.lock`.

use sha2::{Digest as _, Sha256};
use std::io::Write as _;
use std::sync::Arc;

/// The most files one function's code may hold: far above a real function's
/// (a Python function with its dependencies has a few thousand), and a bound
/// on what one build reads.
pub const MAX_CODE_FILES: usize = 20_000;

/// The most bytes one function's code may hold, unpacked (a folder) or as
/// given (a `.zip`): Lambda's own quota for a function's unzipped
/// deployment package, 250 MB (262,144,000 bytes).
pub const MAX_CODE_BYTES: u64 = 262_144_000;

/// One file of a function's code folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeFile {
    /// Its path inside the folder, `/`-separated, without a leading `/`.
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
    /// Whether any execute bit is set (a bootstrap script, a binary).
    pub executable: bool,
}

/// A packaged function: the zip and its SHA-256.
#[derive(Clone, PartialEq, Eq)]
pub struct Package {
    /// The zip's bytes (empty when the loader only checked the code, as the
    /// language server's does).
    pub zip: Arc<[u8]>,
    /// SHA-256 of `zip`.
    pub sha256: [u8; 32],
}

impl Package {
    /// A package of these zip bytes, as given.
    #[must_use]
    pub fn of_zip(zip: Vec<u8>) -> Package {
        let sha256 = Sha256::digest(&zip).into();
        Package {
            zip: zip.into(),
            sha256,
        }
    }

    /// A package of a folder's files: the deterministic zip.
    pub fn of_files(files: Vec<CodeFile>) -> std::io::Result<Package> {
        Ok(Package::of_zip(pack(files)?))
    }

    /// What a loader that only checks the code (the language server's)
    /// returns: no bytes, a hash of zeros. Nothing is built from it.
    #[must_use]
    pub fn unread() -> Package {
        Package {
            zip: Arc::from(Vec::new()),
            sha256: [0; 32],
        }
    }

    /// The hash in lowercase hexadecimal (64 characters).
    #[must_use]
    pub fn hex(&self) -> String {
        use std::fmt::Write as _;
        let mut hex = String::with_capacity(64);
        for byte in self.sha256 {
            let _ = write!(hex, "{byte:02x}");
        }
        hex
    }

    /// The hash in standard base64, the form of Terraform's
    /// `source_code_hash` (`filebase64sha256`).
    #[must_use]
    pub fn base64(&self) -> String {
        base64(&self.sha256)
    }
}

/// The hash and size, not the bytes (plans are printed in snapshots).
impl std::fmt::Debug for Package {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Package")
            .field("sha256", &self.hex())
            .field("bytes", &self.zip.len())
            .finish()
    }
}

/// The deterministic zip of `files` (see the module's doc).
pub fn pack(mut files: Vec<CodeFile>) -> std::io::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    files.sort_unstable_by(|left, right| left.name.cmp(&right.name));
    files.dedup_by(|left, right| left.name == right.name);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .large_file(false);
    for file in files {
        let mode = if file.executable { 0o755 } else { 0o644 };
        writer
            .start_file(file.name.as_str(), options.unix_permissions(mode))
            .map_err(std::io::Error::other)?;
        writer.write_all(&file.bytes)?;
    }
    let cursor = writer.finish().map_err(std::io::Error::other)?;
    Ok(cursor.into_inner())
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut encoded = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let triple = chunk.iter().enumerate().fold(0u32, |acc, (index, byte)| {
            acc | (u32::from(*byte) << (16 - 8 * index))
        });
        for index in 0..4 {
            if index <= chunk.len() {
                let sextet = (triple >> (18 - 6 * index)) & 0x3f;
                encoded.push(char::from(ALPHABET[sextet as usize]));
            } else {
                encoded.push('=');
            }
        }
    }
    encoded
}

/// The handler's module and function (`app.handler` → `app`, `handler`;
/// `src/app.main` → `src/app`, `main`): the text before and after its last dot.
#[must_use]
pub fn split_handler(handler: &str) -> Option<(&str, &str)> {
    handler
        .rsplit_once('.')
        .filter(|(module, function)| !module.is_empty() && !function.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str, executable: bool) -> CodeFile {
        CodeFile {
            name: name.to_string(),
            bytes: text.as_bytes().to_vec(),
            executable,
        }
    }

    #[test]
    fn the_zip_depends_only_on_the_files_not_their_order() {
        let first = pack(vec![file("b.py", "b", false), file("a.py", "a", true)]).ok();
        let second = pack(vec![file("a.py", "a", true), file("b.py", "b", false)]).ok();
        assert!(first.is_some());
        assert_eq!(first, second);
        let changed = pack(vec![file("a.py", "a", false), file("b.py", "b", false)]).ok();
        assert_ne!(first, changed, "the mode is part of the zip");
    }

    #[test]
    fn entries_are_sorted_with_fixed_times_and_normalised_modes() {
        let zip = pack(vec![
            file("z/run.sh", "#!/bin/sh\n", true),
            file("app.py", "x = 1\n", false),
        ])
        .unwrap_or_default();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).ok();
        let Some(archive) = archive.as_mut() else {
            unreachable!("the zip reads back");
        };
        let mut seen = Vec::new();
        for index in 0..archive.len() {
            let Ok(entry) = archive.by_index(index) else {
                unreachable!("entry {index} reads back");
            };
            let time = entry.last_modified().unwrap_or_default();
            assert_eq!(
                (
                    time.year(),
                    time.month(),
                    time.day(),
                    time.hour(),
                    time.minute()
                ),
                (1980, 1, 1, 0, 0)
            );
            assert!(entry.extra_data().as_deref().is_none_or(<[u8]>::is_empty));
            seen.push((
                entry.name().unwrap_or_default().to_string(),
                entry.unix_mode().map(|m| m & 0o777),
            ));
        }
        assert_eq!(
            seen,
            [
                ("app.py".to_string(), Some(0o644)),
                ("z/run.sh".to_string(), Some(0o755))
            ]
        );
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        let package = Package::of_zip(b"abc".to_vec());
        assert_eq!(
            package.hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            package.base64(),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }

    #[test]
    fn handlers_split_at_their_last_dot() {
        assert_eq!(split_handler("app.handler"), Some(("app", "handler")));
        assert_eq!(split_handler("src/app.main"), Some(("src/app", "main")));
        assert_eq!(split_handler("pkg.mod.run"), Some(("pkg.mod", "run")));
        assert_eq!(split_handler("handler"), None);
        assert_eq!(split_handler(".x"), None);
    }
}
