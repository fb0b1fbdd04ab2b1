//! Embeds every stdlib/*.yaml file in the binary, so the catalogue needs no IO at
//! run time; `--stdlib DIR` replaces it during development.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn collect(directory: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            // The backends' tables are not catalogue entries: the backends
            // embed them themselves (src/catalogue/backend_kinds.rs).
            if path.file_name().is_some_and(|name| name == "backends") {
                continue;
            }
            collect(&path, files);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "yaml")
        {
            files.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let stdlib = manifest.join("stdlib");
    println!("cargo:rerun-if-changed=stdlib");
    println!("cargo:rerun-if-changed=grammar");
    let mut files = Vec::new();
    collect(&stdlib, &mut files);
    files.sort();
    let mut code = String::from(
        "/// Every stdlib file, as (path relative to stdlib/, text).\npub(crate) static STDLIB_FILES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        let relative = path.strip_prefix(&stdlib).unwrap_or(path);
        let relative = relative.to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            path.to_string_lossy()
        );
        println!("cargo:rerun-if-changed={}", path.display());
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("stdlib_files.rs");
    if let Err(error) = fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {error}", out.display());
    }
}
