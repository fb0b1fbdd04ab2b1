//! Helpers shared by the test modules; tests call the library only through these.

pub(crate) mod dependencies;
pub(crate) mod format_oracle;
pub(crate) mod iam;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use wirec::catalogue::Catalogue;
use wirec::diagnostics::{RenderOptions, render};
use wirec::emit::cloudformation::{self, Format};
use wirec::{Compilation, Loader, compile};

/// Files held in memory.
pub(crate) struct Memory(pub(crate) HashMap<PathBuf, String>);

impl Loader for Memory {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    }

    /// Any code path is a folder of one file, `app.py`, holding the path
    /// (for wiring in docs and rule examples; tests/artifacts.rs reads real folders).
    fn package(&self, path: &Path) -> std::io::Result<wirec::artifact::Package> {
        wirec::artifact::Package::of_files(vec![wirec::artifact::CodeFile {
            name: "app.py".to_string(),
            bytes: path.to_string_lossy().as_bytes().to_vec(),
            executable: false,
        }])
    }
}

/// The embedded catalogue; panics if it is invalid (a test failure, not a user error).
pub(crate) fn catalogue() -> Catalogue {
    let (catalogue, diagnostics, _) = wirec::embedded_catalogue();
    assert!(
        diagnostics.is_empty(),
        "the embedded catalogue is invalid: {diagnostics:?}"
    );
    catalogue
}

/// Compiles one in-memory file named `name`.
pub(crate) fn compile_text(name: &str, text: &str, catalogue: &Catalogue) -> Compilation {
    let loader = Memory(HashMap::from([(PathBuf::from(name), text.to_string())]));
    compile(Path::new(name), &loader, catalogue)
}

/// The codes of a one-file wiring's diagnostics, in the order reported.
pub(crate) fn codes(text: &str, catalogue: &Catalogue) -> Vec<String> {
    compile_text("a.wire", text, catalogue)
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.clone())
        .collect()
}

/// Each diagnostic of a one-file wiring: its code and the text its primary
/// span covers.
pub(crate) fn placed_codes(text: &str) -> Vec<(String, String)> {
    let catalogue = catalogue();
    let compilation = compile_text("a.wire", text, &catalogue);
    compilation
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let span = diagnostic.primary.span;
            let covered = text
                .get(span.start as usize..span.end as usize)
                .unwrap_or_default();
            (diagnostic.code.clone(), covered.to_string())
        })
        .collect()
}

/// Compiles a file on disk (paths relative to the crate root).
pub(crate) fn compile_file(path: &Path, catalogue: &Catalogue) -> Compilation {
    struct Disk(wirec::cli::files::Fence);
    impl Loader for Disk {
        fn read(&self, path: &Path) -> std::io::Result<String> {
            std::fs::read_to_string(path)
        }

        /// Function code as `wirec build` packages it (an example's `functions/`).
        fn package(&self, path: &Path) -> std::io::Result<wirec::artifact::Package> {
            wirec::cli::code::package(&self.0, path, true)
        }
    }
    let fence = wirec::cli::files::Fence::around(Path::new("."));
    compile(path, &Disk(fence), catalogue)
}

/// Diagnostics rendered the way snapshots store them: no colour, fixed width.
pub(crate) fn rendered(compilation: &Compilation) -> String {
    render(
        &compilation.diagnostics,
        &compilation.sources,
        RenderOptions {
            color: false,
            width: 100,
        },
    )
}

/// The CloudFormation template text, or panics with the rendered diagnostics.
pub(crate) fn template(compilation: &Compilation, catalogue: &Catalogue, format: Format) -> String {
    compilation
        .cloudformation_text(catalogue, format)
        .unwrap_or_else(|| panic!("expected no errors, got:\n{}", rendered(compilation)))
}

/// The same template through serde_json's own pretty printer.
pub(crate) fn template_through_serde(compilation: &Compilation, catalogue: &Catalogue) -> String {
    let value = compilation.cloudformation(catalogue).expect("no errors");
    cloudformation::to_text(&value, Format::Json)
}

/// `examples/*.wire`, sorted.
pub(crate) fn examples() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("examples")
        .expect("examples/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "wire")
        })
        .collect();
    paths.sort();
    paths
}

/// Part `number` of the every-edge fixture (written by tests/coverage.rs).
pub(crate) fn every_edge_fixture(number: usize) -> PathBuf {
    PathBuf::from(format!("tests/fixtures/emit/every-edge-{number}.wire"))
}

/// The parts of the every-edge fixture on disk, in order.
pub(crate) fn every_edge_fixtures() -> Vec<PathBuf> {
    let count = std::fs::read_dir("tests/fixtures/emit")
        .expect("tests/fixtures/emit exists")
        .filter(|entry| {
            entry.as_ref().is_ok_and(|entry| {
                let path = entry.path();
                path.extension()
                    .is_some_and(|extension| extension == "wire")
                    && entry
                        .file_name()
                        .to_string_lossy()
                        .starts_with("every-edge-")
            })
        })
        .count();
    (1..=count).map(every_edge_fixture).collect()
}

/// Runs the real binary from the crate's folder, where `examples/` and `tests/fixtures/` are.
pub(crate) fn wirec(arguments: &[&str]) -> Output {
    wirec_in(Path::new(env!("CARGO_MANIFEST_DIR")), arguments)
}

/// Runs the real binary in `folder`, without colour, and without `CI` (which changes progress
/// drawing) so that runs on CI and off it are the same.
pub(crate) fn wirec_in(folder: &Path, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirec"))
        .args(arguments)
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("the binary runs")
}

/// One message from a language server's output: its `Content-Length` header,
/// then the body as JSON; `None` at the end of the stream.
pub(crate) fn lsp_read(reader: &mut impl std::io::BufRead) -> Option<serde_json::Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// A message framed for a language server's input.
pub(crate) fn lsp_frame(message: &serde_json::Value) -> Vec<u8> {
    let body = serde_json::to_vec(message).unwrap();
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend(body);
    framed
}
