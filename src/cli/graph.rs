//! `wirec graph`: the wiring as a picture (DOT, Mermaid or SVG), drawn even
//! when the wiring has errors, as long as every file parses.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the CLI is the edge that prints"
)]

use super::files::{Files, Reach, utf8_name, write_atomically};
use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE, GraphFormat};
use crate::catalogue::{Catalogue, codes};
use crate::compile::{Options, compile_with};
use crate::diagnostics::{RenderOptions, render};
use crate::graph::Part;
use crate::source::FileId;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The format named by `--format`, else the one the output's extension names
/// (`.svg`, `.mmd` or `.mermaid`, `.dot` or `.gv`), else DOT.
fn chosen(format: Option<GraphFormat>, output: Option<&Path>) -> GraphFormat {
    format
        .or_else(|| {
            let extension = output?.extension()?.to_string_lossy().to_ascii_lowercase();
            match extension.as_str() {
                "svg" => Some(GraphFormat::Svg),
                "mmd" | "mermaid" => Some(GraphFormat::Mermaid),
                "dot" | "gv" => Some(GraphFormat::Dot),
                _ => None,
            }
        })
        .unwrap_or(GraphFormat::Dot)
}

pub(super) fn graph(
    files: &[PathBuf],
    (format, output): (Option<GraphFormat>, Option<&Path>),
    catalogue: &Catalogue,
    (compile_options, reach): (&Options, &Reach),
    options: RenderOptions,
) -> u8 {
    let format = chosen(format, output);
    let mut parts = Vec::with_capacity(files.len());
    let mut status = EXIT_OK;
    for file in files {
        if let Err(message) = utf8_name(file) {
            eprintln!("error: {message}");
            status = EXIT_USAGE;
            continue;
        }
        let loader = Files::new(reach, Path::new(""), file);
        let fenced = loader.fence().options(compile_options);
        let compilation = compile_with(file, &loader, catalogue, &fenced);
        // A file that does not parse (or cannot be read) has no picture; say why.
        let blocking: Vec<_> = compilation
            .diagnostics
            .iter()
            .filter(|diagnostic| {
                codes::UNPARSED.contains(&diagnostic.code.as_str())
                    || diagnostic.code == codes::UNREADABLE_USE
                    || diagnostic.code == codes::USE_OUTSIDE_PROJECT
            })
            .cloned()
            .collect();
        if !blocking.is_empty() {
            eprint!("{}", render(&blocking, &compilation.sources, options));
            let unreadable_root = blocking.iter().any(|diagnostic| {
                diagnostic.code == codes::UNREADABLE_USE
                    && diagnostic.primary.span.file == FileId::NONE
            });
            status = status.max(if unreadable_root {
                EXIT_USAGE
            } else {
                EXIT_ERRORS
            });
            continue;
        }
        parts.push(Part::new(
            file.display().to_string().replace('\\', "/"),
            &compilation.model,
            &compilation.diagnostics,
        ));
    }
    if status != EXIT_OK {
        eprintln!("error: no picture written");
        return status;
    }
    let text = match format {
        GraphFormat::Dot => crate::graph::dot(&parts),
        GraphFormat::Mermaid => crate::graph::mermaid(&parts),
        GraphFormat::Svg => crate::graph::svg(&parts),
    };
    if let Some(path) = output {
        if let Some(folder) = path
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
            && let Err(error) = std::fs::create_dir_all(folder)
        {
            eprintln!("error: cannot create {}: {error}", folder.display());
            return EXIT_USAGE;
        }
        if let Err(error) = write_atomically(path, &text) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return EXIT_USAGE;
        }
        eprintln!("wrote {}", path.display());
    } else {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(text.as_bytes());
        let _ = stdout.flush();
    }
    let (resources, edges) = parts.iter().fold((0, 0), |(resources, edges), part| {
        (resources + part.nodes.len(), edges + part.links.len())
    });
    let (errors, warnings) = parts.iter().fold((0, 0), |(errors, warnings), part| {
        let (part_errors, part_warnings) = part.marked();
        (errors + part_errors, warnings + part_warnings)
    });
    let mut summary = format!(
        "drew {}: {}, {}",
        plural(files.len(), "file"),
        plural(resources, "resource"),
        plural(edges, "edge")
    );
    if errors + warnings > 0 {
        let _ = write!(
            summary,
            "; marked {errors} with errors and {warnings} with warnings (`wirec check` explains them)"
        );
    }
    eprintln!("{summary}");
    EXIT_OK
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}
