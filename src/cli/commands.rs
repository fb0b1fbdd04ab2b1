//! One function per subcommand.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the CLI is the edge that prints"
)]

use super::files::{
    Fence, Files, Reach, read_text, read_yaml_folder, remove_stale_temporaries, rewrite, utf8_name,
    write_atomically, write_bytes_atomically,
};
use super::{
    Cli, Color, Command, EXIT_ERRORS, EXIT_OK, EXIT_USAGE, ListFormat, Target, TemplateFormat,
};
use crate::catalogue::Catalogue;
use crate::compile::{Options, compile_with};
use crate::diagnostics::{RenderOptions, render};
use crate::emit::cloudformation::Format;
use crate::project::{Overrides, Project, Selection};
use crate::source::SourceSet;
use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

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
    // Nor does creating a project (a broken `wire.toml` here must not stop it).
    if let Command::Init { dir } = &cli.command {
        return super::project::init(dir.as_deref());
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
    let reach = project
        .as_ref()
        .map(|(folder, project)| Reach::project(folder, &project.build.allow_use))
        .unwrap_or_default();
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
    let environment = match &cli.command {
        Command::Check { env, .. } | Command::Build { env, .. } => env.as_deref(),
        _ => None,
    };
    let selection = match select(project.as_ref(), environment) {
        Ok(selection) => selection,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let compile_options = Options {
        region: cli.region.clone().or_else(|| selection.region.clone()),
        overrides,
        params: selection.params.clone(),
        ..Options::default()
    };
    let limit = (cli.max_diagnostics > 0).then_some(cli.max_diagnostics);
    let mut messages = super::messages::Reporter::new(cli.message_format, options, limit);
    match &cli.command {
        Command::Check { files, .. } => match roots(files, project.as_ref(), &reach, cli.jobs) {
            Ok(roots) => {
                let status = check(
                    &roots,
                    &selection,
                    &catalogue,
                    &compile_options,
                    &mut messages,
                );
                messages.finish();
                status
            }
            Err(message) => {
                eprintln!("error: {message}");
                EXIT_USAGE
            }
        },
        Command::Build {
            files,
            output,
            format,
            target,
            env: _,
            check,
            diff,
        } => {
            let mode = match (*check, *diff) {
                (_, true) => Mode::Diff,
                (true, false) => Mode::Check,
                (false, false) => Mode::Write,
            };
            match request(
                files,
                output.as_deref(),
                (*format, *target),
                (project.as_ref(), &reach),
                &selection,
                cli.jobs,
            ) {
                Ok(request) => {
                    let status = build(
                        &request,
                        mode,
                        &selection,
                        &catalogue,
                        &compile_options,
                        &mut messages,
                    );
                    messages.finish();
                    status
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    EXIT_USAGE
                }
            }
        }
        Command::Init { dir } => super::project::init(dir.as_deref()),
        Command::Graph {
            files,
            format,
            output,
        } => super::graph::graph(
            files,
            (*format, output.as_deref()),
            &catalogue,
            (&compile_options, &reach),
            options,
        ),
        Command::Explain {
            code: Some(code), ..
        } => explain(code, &catalogue),
        Command::Explain { grant, format, .. } => {
            let settings = (&catalogue, &compile_options, &reach);
            super::grants::explain(grant, *format, settings, messages)
        }
        Command::Rules { format } => rules(*format, &catalogue),
        Command::Fmt { files, check } => fmt(files, *check, options),
        Command::Lsp => crate::lsp::run(catalogue, compile_options, reach),
    }
}

/// The project file named with `--project`, or else the nearest `wire.toml`
/// in the current folder or one of its parents (as Cargo finds `Cargo.toml`),
/// with the folder it lives in.
fn load_project(explicit: Option<&Path>) -> Result<Option<(PathBuf, Project)>, String> {
    let path = if let Some(path) = explicit {
        path.to_path_buf()
    } else {
        match find_project_file() {
            Some(path) => path,
            None => return Ok(None),
        }
    };
    let text =
        read_text(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let project = Project::parse(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(Some((folder, project)))
}

/// `wire.toml` in the current folder or the nearest parent that has one, as a
/// relative path (`wire.toml`, `../wire.toml`, ...) so that messages and
/// output paths stay short and name no absolute folder.
fn find_project_file() -> Option<PathBuf> {
    let current = std::env::current_dir().ok()?;
    let mut relative = PathBuf::new();
    for folder in current.ancestors() {
        if folder.join(PROJECT_FILE).is_file() {
            return Some(relative.join(PROJECT_FILE));
        }
        relative.push("..");
    }
    None
}

/// The project file's name.
const PROJECT_FILE: &str = "wire.toml";

fn load_catalogue(
    folder: Option<&Path>,
    project: Option<&(PathBuf, Project)>,
    options: RenderOptions,
) -> Option<Catalogue> {
    let mut files = match folder {
        None => crate::catalogue::embedded_files(),
        Some(folder) => match read_yaml_folder(folder, None) {
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
        // A pack is part of the project: within its folder, links resolved.
        let fence = Fence::around(project_folder);
        for pack in &project.rules.packs {
            let path = project_folder.join(pack);
            let read = if path.is_dir() {
                read_yaml_folder(&path, Some(&fence)).map(|found| {
                    found
                        .into_iter()
                        .map(|(name, text)| (format!("{pack}/{name}"), text))
                        .collect::<Vec<_>>()
                })
            } else {
                fence.read(&path).map(|text| vec![(pack.clone(), text)])
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

/// The settings of `[build]` and the `--env` environment; an environment
/// needs a project.
fn select(
    project: Option<&(PathBuf, Project)>,
    environment: Option<&str>,
) -> Result<Selection, String> {
    match (project, environment) {
        (Some((_, project)), environment) => project.select(environment),
        (None, Some(name)) => Err(format!(
            "--env {name} needs a project file, and there is no wire.toml here or in a parent folder (`wirec init` creates one; docs/projects.md)"
        )),
        (None, None) => Ok(Selection::default()),
    }
}

/// The root files to compile and the folder their names are relative to: the
/// command line's files (relative to the current folder), or else the
/// project's sources (relative to `wire.toml`).
struct Roots {
    files: Vec<PathBuf>,
    base: PathBuf,
    /// Where the files they `use` may be.
    reach: Reach,
    /// How many to compile at once (`-j`); `None` is one per core.
    jobs: Option<std::num::NonZeroUsize>,
}

impl Roots {
    /// Compiles one root file, reading relative to `base` and within its fence.
    fn compile(
        &self,
        file: &Path,
        catalogue: &Catalogue,
        compile_options: &Options,
    ) -> crate::compile::Compilation {
        let loader = Files::new(&self.reach, &self.base, file);
        let options = loader.fence().options(compile_options);
        compile_with(file, &loader, catalogue, &options)
    }
}

fn roots(
    files: &[PathBuf],
    project: Option<&(PathBuf, Project)>,
    reach: &Reach,
    jobs: Option<std::num::NonZeroUsize>,
) -> Result<Roots, String> {
    if !files.is_empty() {
        for file in files {
            utf8_name(file)?;
        }
        return Ok(Roots {
            files: files.to_vec(),
            base: PathBuf::new(),
            reach: reach.clone(),
            jobs,
        });
    }
    let Some((folder, project)) = project else {
        return Err(
            "no files given and no wire.toml here or in a parent folder: name the root files, or create a project with `wirec init` (docs/projects.md)".to_string(),
        );
    };
    if project.build.sources.is_empty() {
        return Err(
            "no files given and wire.toml has no `sources`: name the root files, or add `sources = [\"wiring/*.wire\"]` under [build]".to_string(),
        );
    }
    Ok(Roots {
        files: super::project::sources(folder, &project.build)?,
        base: folder.clone(),
        reach: reach.clone(),
        jobs,
    })
}

/// Whether any diagnostic says a root file itself could not be read (a usage problem).
fn unreadable_root(compilation: &crate::compile::Compilation) -> bool {
    compilation.diagnostics.iter().any(|diagnostic| {
        diagnostic.code == crate::catalogue::codes::UNREADABLE_USE
            && diagnostic.primary.span.file == crate::source::FileId::NONE
    })
}

/// The parameters a compilation declares, with whether each is secret.
fn declared_params(compilation: &crate::compile::Compilation) -> Vec<(String, bool)> {
    compilation
        .model
        .params
        .iter()
        .map(|param| (param.name.text.clone(), param.secret))
        .collect()
}

fn check(
    roots: &Roots,
    selection: &Selection,
    catalogue: &Catalogue,
    compile_options: &Options,
    messages: &mut super::messages::Reporter,
) -> u8 {
    let mut status = EXIT_OK;
    let (mut errors, mut warnings) = (0, 0);
    let mut params = Vec::new();
    super::parallel::ordered(
        &roots.files,
        roots.jobs,
        "checking",
        |file| roots.compile(file, catalogue, compile_options),
        |compilation| {
            messages.report(&compilation.diagnostics, &compilation.sources, catalogue);
            let file_errors = compilation
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.is_error())
                .count();
            errors += file_errors;
            warnings += compilation.diagnostics.len() - file_errors;
            if file_errors > 0 {
                status = status.max(EXIT_ERRORS);
            }
            if unreadable_root(&compilation) {
                status = EXIT_USAGE;
            }
            params.extend(declared_params(&compilation));
            std::mem::forget(compilation);
        },
    );
    if let Err(message) = selection.check_params(&params) {
        eprintln!("error: {message}");
        status = EXIT_USAGE;
    }
    messages.note_hidden();
    eprintln!(
        "checked {}: {}",
        plural_files(roots.files.len()),
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

/// What `build` does with what it builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Write the files.
    Write,
    /// Compare them with the output folder (`--check`).
    Check,
    /// Compare, and print a unified diff (`--diff`).
    Diff,
}

/// Where and what `build` writes: the command line's choice, else the
/// project's, else the default.
struct Request {
    roots: Roots,
    output: PathBuf,
    format: Format,
    cloudformation: bool,
    terraform: bool,
}

fn request(
    files: &[PathBuf],
    output: Option<&Path>,
    (format, target): (Option<TemplateFormat>, Option<Target>),
    (project, reach): (Option<&(PathBuf, Project)>, &Reach),
    selection: &Selection,
    jobs: Option<std::num::NonZeroUsize>,
) -> Result<Request, String> {
    use crate::project::{FormatName, TargetName};
    let roots = roots(files, project, reach, jobs)?;
    let settings = project.map(|(_, project)| &project.build);
    let output = match (output, &selection.output, project) {
        (Some(output), _, _) => output.to_path_buf(),
        (None, Some(output), Some((folder, _))) => folder.join(output),
        _ => {
            return Err(
                "no output folder: pass -o DIR, or set `output` under [build] in wire.toml"
                    .to_string(),
            );
        }
    };
    let format = format.unwrap_or(match settings.and_then(|settings| settings.format) {
        Some(FormatName::Yaml) => TemplateFormat::Yaml,
        Some(FormatName::Json) | None => TemplateFormat::Json,
    });
    let target = target.unwrap_or(match settings.and_then(|settings| settings.target) {
        Some(TargetName::Terraform) => Target::Terraform,
        Some(TargetName::All) => Target::All,
        Some(TargetName::Cloudformation) | None => Target::Cloudformation,
    });
    Ok(Request {
        roots,
        output,
        format: match format {
            TemplateFormat::Json => Format::Json,
            TemplateFormat::Yaml => Format::Yaml,
        },
        cloudformation: matches!(target, Target::Cloudformation | Target::All),
        terraform: matches!(target, Target::Terraform | Target::All),
    })
}

/// What building one root file gave: its diagnostics (the compilation's, then
/// the backend's) with the sources they point into, its files, its status and
/// the parameters it declares.
struct Built {
    sources: SourceSet,
    diagnostics: Vec<Vec<crate::diagnostics::Diagnostic>>,
    status: u8,
    templates: Vec<(PathBuf, String)>,
    /// The functions' zips and their manifest: where they go and their bytes
    /// (written by `build`, never compared by `--check`).
    artifacts: Vec<(PathBuf, std::sync::Arc<[u8]>)>,
    params: Vec<(String, bool)>,
}

fn build_one(
    file: &Path,
    request: &Request,
    catalogue: &Catalogue,
    compile_options: &Options,
) -> Built {
    let compilation = request.roots.compile(file, catalogue, compile_options);
    let mut built = Built {
        sources: SourceSet::new(),
        diagnostics: Vec::new(),
        status: EXIT_OK,
        templates: Vec::new(),
        artifacts: Vec::new(),
        params: declared_params(&compilation),
    };
    if unreadable_root(&compilation) {
        built.status = EXIT_USAGE;
    } else {
        let unsupported = compilation.backend_diagnostics(catalogue);
        if unsupported.is_empty() {
            emit_one(file, &compilation, request, catalogue, &mut built);
        } else {
            built.diagnostics.push(unsupported);
            built.status = EXIT_ERRORS;
        }
    }
    let crate::compile::Compilation {
        sources,
        model,
        diagnostics,
    } = compilation;
    built.diagnostics.insert(0, diagnostics);
    built.sources = sources;
    // The process ends soon; freeing a big model piece by piece costs more than compiling it.
    std::mem::forget(model);
    built
}

/// The files of one root that compiled without errors.
fn emit_one(
    file: &Path,
    compilation: &crate::compile::Compilation,
    request: &Request,
    catalogue: &Catalogue,
    built: &mut Built,
) {
    let stem = stem(file);
    let Some(plan) = compilation.plan(catalogue) else {
        built.status = EXIT_ERRORS;
        return;
    };
    if request.cloudformation {
        let text =
            crate::emit::cloudformation::render_text(&plan, &compilation.sources, request.format);
        // CloudFormation's quotas (E802) refuse the template; W803 only warns.
        let quotas = crate::emit::cloudformation::quota_diagnostics(&plan, text.len(), catalogue);
        if quotas.iter().any(crate::diagnostics::Diagnostic::is_error) {
            built.status = EXIT_ERRORS;
        } else {
            let path = request
                .output
                .join(format!("{stem}.template.{}", request.format.extension()));
            built.templates.push((path, text));
        }
        built.diagnostics.push(quotas);
    }
    if request.terraform {
        let text = compilation.terraform_text_of(&plan, catalogue);
        built
            .templates
            .push((request.output.join(format!("{stem}.tf.json")), text));
    }
    if !plan.artifacts.is_empty() {
        built.artifacts.push((
            request
                .output
                .join(format!("artifacts/{stem}.manifest.json")),
            manifest(&plan.artifacts).into_bytes().into(),
        ));
        for artifact in &plan.artifacts {
            built.artifacts.push((
                request.output.join(&artifact.key),
                artifact.package.zip.clone(),
            ));
        }
    }
    std::mem::forget(plan);
}

/// The manifest of a root's artifacts, `artifacts/<stem>.manifest.json`
/// beside the zips (out of the way of tools that read every `*.json` of the
/// output folder as a template): each zip's file (relative to the manifest),
/// S3 key, hash, function and source.
fn manifest(artifacts: &[crate::plan::Artifact]) -> String {
    let entries: Vec<serde_json::Value> = artifacts
        .iter()
        .map(|artifact| {
            serde_json::json!({
                "function": artifact.name,
                "logicalId": artifact.function,
                "source": artifact.source,
                "file": artifact.key.strip_prefix("artifacts/").unwrap_or(&artifact.key),
                "s3Key": artifact.key,
                "sha256": artifact.package.hex(),
            })
        })
        .collect();
    let manifest = serde_json::json!({
        "//": format!("{}; upload each file to its s3Key in the bucket given as the ArtifactBucket parameter before deploying (docs/backends.md).", super::drift::MARKER),
        "artifacts": entries,
    });
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    text
}

/// The name a root file's outputs are given.
fn stem(file: &Path) -> String {
    file.file_stem().map_or_else(
        || "wiring".to_string(),
        |stem| stem.to_string_lossy().to_string(),
    )
}

fn build(
    request: &Request,
    mode: Mode,
    selection: &Selection,
    catalogue: &Catalogue,
    compile_options: &Options,
    messages: &mut super::messages::Reporter,
) -> u8 {
    let files = &request.roots.files;
    // Two roots with one stem would write one file twice.
    for (index, file) in files.iter().enumerate() {
        if let Some(other) = files[..index]
            .iter()
            .find(|other| stem(other) == stem(file))
        {
            eprintln!(
                "error: {} and {} would both write {}.*: rename one of them",
                other.display(),
                file.display(),
                request.output.join(stem(file)).display()
            );
            return EXIT_USAGE;
        }
    }
    let mut templates = Vec::new();
    let mut artifacts = Vec::new();
    let mut status = EXIT_OK;
    let mut params = Vec::new();
    super::parallel::ordered(
        files,
        request.roots.jobs,
        "building",
        |file| build_one(file, request, catalogue, compile_options),
        |built| {
            for diagnostics in &built.diagnostics {
                messages.report(diagnostics, &built.sources, catalogue);
            }
            status = status.max(built.status);
            templates.extend(built.templates);
            artifacts.extend(built.artifacts);
            params.extend(built.params);
        },
    );
    messages.note_hidden();
    if status == EXIT_USAGE {
        return EXIT_USAGE;
    }
    if let Err(message) = selection.check_params(&params) {
        eprintln!("error: {message}");
        return EXIT_USAGE;
    }
    // Nothing is written unless every file compiled: a half-updated output folder is worse than none.
    if status != EXIT_OK {
        if mode == Mode::Write {
            eprintln!("error: no template written");
        } else {
            eprintln!("error: the wiring has errors, so no template was compared");
        }
        return status;
    }
    if mode != Mode::Write {
        let endings = super::drift::endings(request.cloudformation, request.terraform);
        return match super::drift::compare(&templates, &request.output, &endings) {
            Ok(stale) => super::drift::report(&stale, templates.len(), mode == Mode::Diff),
            Err(message) => {
                eprintln!("error: {message}");
                EXIT_USAGE
            }
        };
    }
    let output = &request.output;
    if let Err(error) = std::fs::create_dir_all(output) {
        eprintln!("error: cannot create {}: {error}", output.display());
        return EXIT_USAGE;
    }
    let removed = remove_stale_temporaries(output);
    if removed > 0 {
        eprintln!(
            "removed {removed} temporary {} that an interrupted build left in {}",
            if removed == 1 { "file" } else { "files" },
            output.display()
        );
    }
    // The zips first: a template never names a zip that is not there.
    for (path, zip) in &artifacts {
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| write_bytes_atomically(path, zip));
        if let Err(error) = written {
            eprintln!("error: cannot write {}: {error}", path.display());
            return EXIT_USAGE;
        }
        eprintln!("wrote {}", path.display());
    }
    for (path, text) in &templates {
        if let Err(error) = write_atomically(path, text) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return EXIT_USAGE;
        }
        eprintln!("wrote {}", path.display());
    }
    if request.terraform && files.len() > 1 {
        eprintln!(
            "note: Terraform reads every *.tf.json in a folder as one module; build each root file into a folder of its own to apply them separately"
        );
    }
    std::mem::forget(templates);
    EXIT_OK
}

/// `wirec fmt`: each file alone in the canonical layout, rewritten in place, or
/// with `--check` only listed when it would change.
fn fmt(files: &[PathBuf], check: bool, options: RenderOptions) -> u8 {
    let mut status = EXIT_OK;
    for file in files {
        let text = match read_text(file) {
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
