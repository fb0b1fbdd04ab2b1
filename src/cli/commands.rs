//! One function per subcommand.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the CLI is the edge that prints"
)]

use super::{
    Cli, Color, Command, EXIT_ERRORS, EXIT_OK, EXIT_USAGE, ListFormat, Target, TemplateFormat,
};
use crate::catalogue::Catalogue;
use crate::compile::{Loader, Options, compile_with};
use crate::diagnostics::{RenderOptions, render};
use crate::emit::cloudformation::Format;
use crate::project::{Overrides, Project};
use crate::source::SourceSet;
use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

struct FileSystem;

impl Loader for FileSystem {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }
}

pub(super) fn run(cli: &Cli) -> u8 {
    let options = RenderOptions {
        color: match cli.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        },
        width: 100,
    };
    // Formatting needs neither the project file nor the catalogue.
    if let Command::Fmt { files, check } = &cli.command {
        return fmt(files, *check, options);
    }
    let project = match load_project(cli.project.as_deref()) {
        Ok(project) => project,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let Some(catalogue) = load_catalogue(cli.stdlib.as_deref(), project.as_ref(), options) else {
        return EXIT_USAGE;
    };
    let (mut deny, mut allow) = project
        .as_ref()
        .map(|(_, project)| (project.rules.deny.clone(), project.rules.allow.clone()))
        .unwrap_or_default();
    deny.extend(cli.deny.iter().cloned());
    allow.extend(cli.allow.iter().cloned());
    let overrides = match Overrides::new(&deny, &allow, &catalogue) {
        Ok(overrides) => overrides,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let compile_options = Options {
        region: cli.region.clone(),
        overrides,
    };
    match &cli.command {
        Command::Check { files } => check(files, &catalogue, &compile_options, options),
        Command::Build {
            files,
            output,
            format,
            target,
        } => build(
            files,
            output,
            (*format, *target),
            &catalogue,
            &compile_options,
            options,
        ),
        Command::Explain { code } => explain(code, &catalogue),
        Command::Rules { format } => rules(*format, &catalogue),
        Command::Fmt { files, check } => fmt(files, *check, options),
        Command::Lsp => crate::lsp::run(catalogue, compile_options),
    }
}

/// The project file named with `--project`, or `wire.toml` in the current folder
/// if there is one, with the folder it lives in.
fn load_project(explicit: Option<&Path>) -> Result<Option<(PathBuf, Project)>, String> {
    let path = if let Some(path) = explicit {
        path.to_path_buf()
    } else {
        let default = PathBuf::from("wire.toml");
        if !default.is_file() {
            return Ok(None);
        }
        default
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let project = Project::parse(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(Some((folder, project)))
}

fn load_catalogue(
    folder: Option<&Path>,
    project: Option<&(PathBuf, Project)>,
    options: RenderOptions,
) -> Option<Catalogue> {
    let mut files = match folder {
        None => crate::catalogue::embedded_files(),
        Some(folder) => match read_folder(folder) {
            Ok(files) => files,
            Err(error) => {
                eprintln!(
                    "error: cannot read the catalogue in {}: {error}",
                    folder.display()
                );
                return None;
            }
        },
    };
    // Rule packs come after the stdlib, so their entries add to it or replace it by key.
    if let Some((project_folder, project)) = project {
        for pack in &project.rules.packs {
            let path = project_folder.join(pack);
            let read = if path.is_dir() {
                read_folder(&path).map(|found| {
                    found
                        .into_iter()
                        .map(|(name, text)| (format!("{pack}/{name}"), text))
                        .collect::<Vec<_>>()
                })
            } else {
                std::fs::read_to_string(&path).map(|text| vec![(pack.clone(), text)])
            };
            match read {
                Ok(found) => files.extend(found),
                Err(error) => {
                    eprintln!(
                        "error: cannot read the rule pack {}: {error}",
                        path.display()
                    );
                    return None;
                }
            }
        }
    }
    let mut sources = SourceSet::new();
    let (catalogue, diagnostics) = Catalogue::load(&files, &mut sources);
    if diagnostics.is_empty() {
        Some(catalogue)
    } else {
        eprint!("{}", render(&diagnostics, &sources, options));
        None
    }
}

fn read_folder(folder: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(&directory)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "yaml")
            {
                let relative = path
                    .strip_prefix(folder)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                found.push((relative, std::fs::read_to_string(&path)?));
            }
        }
    }
    found.sort();
    Ok(found)
}

fn summary(errors: usize, warnings: usize) -> String {
    let plural = |count: usize, word: &str| {
        if count == 1 {
            format!("1 {word}")
        } else {
            format!("{count} {word}s")
        }
    };
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn check(
    files: &[PathBuf],
    catalogue: &Catalogue,
    compile_options: &Options,
    options: RenderOptions,
) -> u8 {
    let mut status = EXIT_OK;
    let (mut errors, mut warnings) = (0, 0);
    for file in files {
        let compilation = compile_with(file, &FileSystem, catalogue, compile_options);
        eprint!(
            "{}",
            render(&compilation.diagnostics, &compilation.sources, options)
        );
        let file_errors = compilation
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is_error())
            .count();
        errors += file_errors;
        warnings += compilation.diagnostics.len() - file_errors;
        if file_errors > 0 {
            status = EXIT_ERRORS;
        }
        if compilation.diagnostics.iter().any(|diagnostic| {
            diagnostic.code == crate::catalogue::codes::UNREADABLE_USE
                && diagnostic.primary.span.file == crate::source::FileId::NONE
        }) {
            status = EXIT_USAGE;
        }
    }
    eprintln!(
        "checked {}: {}",
        plural_files(files.len()),
        summary(errors, warnings)
    );
    status
}

fn plural_files(count: usize) -> String {
    if count == 1 {
        "1 file".to_string()
    } else {
        format!("{count} files")
    }
}

fn build(
    files: &[PathBuf],
    output: &Path,
    (format, target): (TemplateFormat, Target),
    catalogue: &Catalogue,
    compile_options: &Options,
    options: RenderOptions,
) -> u8 {
    let format = match format {
        TemplateFormat::Json => Format::Json,
        TemplateFormat::Yaml => Format::Yaml,
    };
    let cloudformation = matches!(target, Target::Cloudformation | Target::All);
    let terraform = matches!(target, Target::Terraform | Target::All);
    let mut templates = Vec::new();
    let mut status = EXIT_OK;
    for file in files {
        let compilation = compile_with(file, &FileSystem, catalogue, compile_options);
        eprint!(
            "{}",
            render(&compilation.diagnostics, &compilation.sources, options)
        );
        if compilation.diagnostics.iter().any(|diagnostic| {
            diagnostic.primary.span.file == crate::source::FileId::NONE
                && diagnostic.code == crate::catalogue::codes::UNREADABLE_USE
        }) {
            return EXIT_USAGE;
        }
        let unsupported = compilation.backend_diagnostics(catalogue);
        if !unsupported.is_empty() {
            eprint!("{}", render(&unsupported, &compilation.sources, options));
            status = EXIT_ERRORS;
            continue;
        }
        let stem = file.file_stem().map_or_else(
            || "wiring".to_string(),
            |stem| stem.to_string_lossy().to_string(),
        );
        if cloudformation {
            match compilation.plan(catalogue) {
                Some(plan) => {
                    let text = crate::emit::cloudformation::render_text(
                        &plan,
                        &compilation.sources,
                        format,
                    );
                    // CloudFormation's quotas (E802) refuse the template; W803 only warns.
                    let quotas = crate::emit::cloudformation::quota_diagnostics(
                        &plan,
                        text.len(),
                        catalogue,
                    );
                    eprint!("{}", render(&quotas, &compilation.sources, options));
                    if quotas.iter().any(crate::diagnostics::Diagnostic::is_error) {
                        status = EXIT_ERRORS;
                    } else {
                        let path = output.join(format!("{stem}.template.{}", format.extension()));
                        templates.push((path, text));
                    }
                    std::mem::forget(plan);
                }
                None => status = EXIT_ERRORS,
            }
        }
        if terraform {
            match compilation.terraform_text(catalogue) {
                Some(text) => templates.push((output.join(format!("{stem}.tf.json")), text)),
                None => status = EXIT_ERRORS,
            }
        }
        // The process ends soon; freeing a big model piece by piece costs more than compiling it.
        std::mem::forget(compilation);
    }
    // Nothing is written unless every file compiled: a half-updated output folder is worse than none.
    if status != EXIT_OK {
        eprintln!("error: no template written");
        return status;
    }
    if let Err(error) = std::fs::create_dir_all(output) {
        eprintln!("error: cannot create {}: {error}", output.display());
        return EXIT_USAGE;
    }
    for (path, text) in &templates {
        if let Err(error) = write_atomically(path, text) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return EXIT_USAGE;
        }
        eprintln!("wrote {}", path.display());
    }
    if terraform && files.len() > 1 {
        eprintln!(
            "note: Terraform reads every *.tf.json in a folder as one module; build each root file into a folder of its own to apply them separately"
        );
    }
    std::mem::forget(templates);
    EXIT_OK
}

/// Writes to a temporary file beside the target, then renames it over the target,
/// so a reader never sees a half-written template.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let directory = path.parent().unwrap_or_else(|| Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(directory)?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// `wirec fmt`: each file alone in the canonical layout, rewritten in place, or
/// with `--check` only listed when it would change.
fn fmt(files: &[PathBuf], check: bool, options: RenderOptions) -> u8 {
    let mut status = EXIT_OK;
    for file in files {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", file.display());
                status = status.max(EXIT_USAGE);
                continue;
            }
        };
        let formatted = match crate::format::format(&text) {
            Ok(formatted) => formatted,
            Err(diagnostic) => {
                // The diagnostic points into the first file of a fresh source set.
                let mut sources = SourceSet::new();
                sources.add(file.display().to_string(), file.clone(), text);
                eprint!(
                    "{}",
                    render(std::slice::from_ref(&*diagnostic), &sources, options)
                );
                status = status.max(EXIT_ERRORS);
                continue;
            }
        };
        if formatted == text {
            continue;
        }
        if check {
            println!("{}", file.display());
            status = status.max(EXIT_ERRORS);
        } else if let Err(error) = rewrite(file, &formatted) {
            eprintln!("error: cannot write {}: {error}", file.display());
            status = status.max(EXIT_USAGE);
        } else {
            eprintln!("formatted {}", file.display());
        }
    }
    status
}

/// Replaces a file's text the way [`write_atomically`] does, keeping the file's
/// permissions and writing through a symbolic link to the file it names.
fn rewrite(path: &Path, text: &str) -> std::io::Result<()> {
    let real = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&real)?.permissions();
    let directory = real.parent().unwrap_or_else(|| Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(directory)?;
    file.write_all(text.as_bytes())?;
    file.as_file().set_permissions(permissions)?;
    file.as_file().sync_all()?;
    file.persist(&real).map_err(|error| error.error)?;
    Ok(())
}

fn explain(code: &str, catalogue: &Catalogue) -> u8 {
    let Some(rule) = catalogue.rule(code) else {
        let codes: Vec<String> = catalogue
            .rules()
            .iter()
            .map(|rule| rule.code.clone())
            .collect();
        let candidates: Vec<&str> = codes.iter().map(String::as_str).collect();
        eprintln!(
            "error: no rule `{code}`; {}",
            crate::suggest::hint(code, &candidates, "codes are")
        );
        return EXIT_USAGE;
    };
    let severity = match rule.severity {
        crate::catalogue::SeveritySpec::Error => "error",
        crate::catalogue::SeveritySpec::Warning => "warning",
    };
    let mut out = format!(
        "{} {} ({severity})\n\n{}\n\n{}\n",
        rule.code,
        rule.slug,
        rule.summary,
        rule.explanation.trim_end()
    );
    if let Some(example) = &rule.example {
        let _ = write!(out, "\nExample:\n\n{}\n", indent(example));
    }
    if let Some(fix) = &rule.fix {
        let _ = write!(out, "\nFixed:\n\n{}\n", indent(fix));
    }
    if let Some(drift) = &rule.drift {
        let _ = write!(out, "\nWhat changed: {}\n", drift.trim_end());
    }
    let _ = write!(out, "\nSource: {}\n", rule.source.trim_end());
    print!("{out}");
    EXIT_OK
}

fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn rules(format: ListFormat, catalogue: &Catalogue) -> u8 {
    let rules = catalogue.rules();
    match format {
        ListFormat::Text => {
            for rule in rules {
                println!("{}  {:<36} {}", rule.code, rule.slug, rule.summary);
            }
        }
        ListFormat::Markdown => print!("{}", crate::catalogue::reference(catalogue)),
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = rules
                .iter()
                .map(|rule| {
                    serde_json::json!({
                        "code": rule.code,
                        "slug": rule.slug,
                        "severity": match rule.severity { crate::catalogue::SeveritySpec::Error => "error", crate::catalogue::SeveritySpec::Warning => "warning" },
                        "summary": rule.summary,
                        "source": rule.source,
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
    }
    EXIT_OK
}
