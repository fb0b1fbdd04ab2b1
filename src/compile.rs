//! The library façade: one pipeline that the CLI, the language server and the
//! tests share. It reads files only through a [`Loader`], so it stays pure.

use crate::artifact::Package;
use crate::ast;
use crate::catalogue::{Catalogue, codes};
use crate::check;
use crate::diagnostics::{self, Diagnostic};
use crate::emit::{cloudformation, terraform};
use crate::model::{self, Model};
use crate::plan;
use crate::source::SourceSet;
use crate::syntax;
use std::path::{Path, PathBuf};

/// Where source text comes from (the file system in the CLI, memory in tests
/// and in the language server).
pub trait Loader {
    /// The text at `path`.
    fn read(&self, path: &Path) -> std::io::Result<String>;

    /// A function's code at `path` (a folder or a `.zip`), packaged
    /// ([`crate::artifact`]): the CLI reads and zips the files, the language
    /// server only checks them ([`Package::unread`]). A loader that reads no
    /// code refuses, which `compile` reports as `E126`.
    fn package(&self, path: &Path) -> std::io::Result<Package> {
        let _ = path;
        Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "this loader reads no function code",
        ))
    }
}

/// The result of compiling one root file and everything it `use`s.
#[derive(Debug)]
pub struct Compilation {
    /// Every file read, including `use`d ones (and stdlib files with errors).
    pub sources: SourceSet,
    /// The resolved model (present even with errors, for the language server).
    pub model: Model,
    /// All diagnostics, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compilation {
    /// True when any diagnostic is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The backend-neutral plan, or `None` when there are errors or the backend
    /// cannot build part of the wiring.
    #[must_use]
    pub fn plan(&self, catalogue: &Catalogue) -> Option<plan::Plan> {
        if self.has_errors() || !self.backend_diagnostics(catalogue).is_empty() {
            return None;
        }
        Some(plan::build(&self.model, catalogue))
    }

    /// What the CloudFormation backend cannot build yet (`E801`); `check` does
    /// not report these, `build` does.
    #[must_use]
    pub fn backend_diagnostics(&self, catalogue: &Catalogue) -> Vec<Diagnostic> {
        if self.has_errors() {
            return Vec::new();
        }
        let mut diagnostics = plan::unsupported(&self.model, catalogue);
        diagnostics::sort(&mut diagnostics);
        diagnostics
    }

    /// The CloudFormation template as a JSON value, or `None` when there are errors.
    #[must_use]
    pub fn cloudformation(&self, catalogue: &Catalogue) -> Option<serde_json::Value> {
        self.plan(catalogue)
            .map(|plan| cloudformation::template(&plan, &self.sources))
    }

    /// The CloudFormation template as text, or `None` when there are errors.
    #[must_use]
    pub fn cloudformation_text(
        &self,
        catalogue: &Catalogue,
        format: cloudformation::Format,
    ) -> Option<String> {
        self.plan(catalogue)
            .map(|plan| cloudformation::render_text(&plan, &self.sources, format))
    }

    /// The Terraform configuration (`*.tf.json`) as text, or `None` when there
    /// are errors. The same plan as [`Compilation::cloudformation_text`]; the
    /// model adds only what Terraform says differently: the root file's stem
    /// for `var.stack_name`, the region for the provider, and the existing
    /// resources to look up.
    #[must_use]
    pub fn terraform_text(&self, catalogue: &Catalogue) -> Option<String> {
        let plan = self.plan(catalogue)?;
        Some(self.terraform_text_of(&plan, catalogue))
    }

    /// [`Compilation::terraform_text`] of a plan already built from this compilation.
    #[must_use]
    pub fn terraform_text_of(&self, plan: &plan::Plan, catalogue: &Catalogue) -> String {
        let stack = self
            .sources
            .iter()
            .next()
            .and_then(|(_, root)| root.path.file_stem())
            .map_or_else(
                || "wirec".to_string(),
                |stem| stem.to_string_lossy().to_string(),
            );
        let context = terraform::Context {
            stack,
            region: self.model.region.as_ref().map(|region| region.text.clone()),
            existing: self
                .model
                .resources
                .iter()
                .filter_map(|resource| {
                    resource.existing.as_ref().map(|arn| terraform::Existing {
                        service: resource.service.clone(),
                        kind: catalogue.service(&resource.service).and_then(|spec| {
                            plan::Kind::of_declaration(&spec.resource, |key| {
                                resource.properties.contains_key(key)
                            })
                        }),
                        name: resource.name.clone(),
                        arn: arn.text.clone(),
                        origin: resource.declared_at.unwrap_or(resource.span),
                    })
                })
                .collect(),
        };
        terraform::render_text(plan, &self.sources, &context)
    }
}

/// Settings of one compilation that do not come from the wiring itself.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The target region (`--region`); it overrides a `region` statement.
    pub region: Option<String>,
    /// Warnings allowed or raised to errors (`wire.toml`, `--deny`, `--allow`).
    pub overrides: crate::project::Overrides,
    /// Parameter defaults from outside the wiring (an environment in `wire.toml`):
    /// each replaces the default of the `param` of that name, wherever it is declared.
    pub params: Vec<(String, crate::project::ParamValue)>,
    /// The root file's folder relative to the folder that `use` must stay in
    /// (the project's, docs/projects.md): empty, the default, when that folder
    /// is the root file's own. A `use` that names an absolute path or climbs
    /// above that folder is `E115`, unless it lands in one of `allow_use`.
    pub root_folder_in_project: PathBuf,
    /// Folders outside the project's that `use` may read (`[build] allow-use`
    /// in wire.toml), relative to the project's folder or absolute.
    pub allow_use: Vec<PathBuf>,
}

/// A loader's refusal of a file that a `use` names because, once symbolic
/// links are resolved, it lies outside the folders `use` may read: wrapped in
/// an `std::io::Error`, it makes `compile` report `E115` instead of `E109`.
#[derive(Debug)]
pub(crate) struct OutsideProject;

impl std::fmt::Display for OutsideProject {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("it leads out of the project's folder through a symbolic link")
    }
}

impl std::error::Error for OutsideProject {}

impl OutsideProject {
    /// Whether `error` is this refusal.
    pub(crate) fn is(error: &std::io::Error) -> bool {
        error
            .get_ref()
            .is_some_and(<dyn std::error::Error + Send + Sync>::is::<OutsideProject>)
    }
}

/// Parses `root` and the files it uses, resolves and checks the whole.
pub fn compile(root: &Path, loader: &dyn Loader, catalogue: &Catalogue) -> Compilation {
    compile_with(root, loader, catalogue, &Options::default())
}

/// [`compile`] with options.
pub fn compile_with(
    root: &Path,
    loader: &dyn Loader,
    catalogue: &Catalogue,
    options: &Options,
) -> Compilation {
    compile_parsing(root, loader, catalogue, options, &mut syntax::parse)
}

/// A parser of one file's text: `syntax::parse`, or the language server's cache.
pub(crate) type Parser<'a> =
    dyn FnMut(crate::source::FileId, &str) -> Result<ast::File, Box<Diagnostic>> + 'a;

/// [`compile_with`] with the parser passed in: the language server parses
/// through a per-statement cache, everything else calls `syntax::parse`.
pub(crate) fn compile_parsing(
    root: &Path,
    loader: &dyn Loader,
    catalogue: &Catalogue,
    options: &Options,
    parse: &mut Parser<'_>,
) -> Compilation {
    let mut sources = SourceSet::new();
    let mut diagnostics = Vec::new();
    let mut files: Vec<ast::File> = Vec::new();
    let mut folders: Vec<Folder> = Vec::new();
    // Each file as the loader names it, and where it is relative to the project's folder.
    let root_in_project = options
        .root_folder_in_project
        .join(root.file_name().unwrap_or_default());
    let mut queue: Vec<Pending> = vec![Pending {
        path: root.to_path_buf(),
        in_project: root_in_project,
        used_at: None,
    }];
    while let Some(pending) = queue.pop() {
        let path = normalize(&pending.path);
        if sources.find(&path).is_some() {
            continue;
        }
        let text = match read_used(&path, &pending, loader, options) {
            Ok(text) => text,
            Err((code, reason)) => {
                let span = pending.used_at.unwrap_or_else(crate::source::Span::none);
                let shown = if path.as_os_str().is_empty() {
                    ".".to_string()
                } else {
                    path.display().to_string()
                };
                diagnostics.push(catalogue.report(
                    code,
                    span,
                    &[("path", &shown), ("reason", &reason)],
                ));
                continue;
            }
        };
        let name = path.display().to_string();
        let file = sources.add(name, path.clone(), text);
        folders.push(Folder {
            file,
            directory: path.parent().map(Path::to_path_buf).unwrap_or_default(),
            in_project: pending
                .in_project
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
        });
        let Some(source) = sources.get(file) else {
            continue;
        };
        match parse(file, &source.text) {
            Ok(mut parsed) => {
                set_defaults(&mut parsed, &options.params);
                let directory = path.parent().map(Path::to_path_buf).unwrap_or_default();
                let folder_in_project = pending
                    .in_project
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let mut uses = Vec::new();
                for item in &parsed.items {
                    if let ast::Item::Use(used) = item {
                        uses.push(Pending {
                            path: directory.join(&used.path.text),
                            in_project: normalize(&folder_in_project.join(&used.path.text)),
                            used_at: Some(used.path.span),
                        });
                    }
                }
                // Depth-first in source order: push in reverse so the first `use` is read first.
                queue.extend(uses.into_iter().rev());
                files.push(parsed);
            }
            Err(diagnostic) => diagnostics.push(*diagnostic),
        }
    }
    let (mut model, lowering) = model::lower(&files, catalogue);
    if let Some(region) = &options.region {
        model.region = Some(ast::Text {
            text: region.clone(),
            span: crate::source::Span::none(),
        });
    }
    diagnostics.extend(lowering);
    model.code = package_code(
        &model,
        catalogue,
        loader,
        options,
        &folders,
        &mut diagnostics,
    );
    diagnostics.extend(check::check(&model, catalogue, &sources));
    options.overrides.apply(&mut diagnostics);
    diagnostics::sort(&mut diagnostics);
    Compilation {
        sources,
        model,
        diagnostics,
    }
}

/// Where one file read lies: its folder as the loader names it, and relative
/// to the project's folder.
struct Folder {
    file: crate::source::FileId,
    directory: PathBuf,
    in_project: PathBuf,
}

/// Every created resource's `code` property (an `artifact` property in the
/// catalogue) that names a path instead of an `s3://` URL, packaged by the
/// loader; what cannot be is `E126` at the value.
fn package_code(
    model: &Model,
    catalogue: &Catalogue,
    loader: &dyn Loader,
    options: &Options,
    folders: &[Folder],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<model::FunctionCode> {
    let mut code = Vec::new();
    for resource in model
        .resources
        .iter()
        .filter(|resource| resource.existing.is_none())
    {
        let Some(spec) = catalogue.service(&resource.service) else {
            continue;
        };
        for (key, property) in &resource.properties {
            let ast::Value::String(path) = &property.value else {
                continue;
            };
            if path.text.starts_with("s3://")
                || !spec.properties.get(key).is_some_and(|spec| spec.artifact)
            {
                continue;
            }
            let Some(folder) = folders.iter().find(|folder| folder.file == path.span.file) else {
                continue;
            };
            let in_project = normalize(&folder.in_project.join(&path.text));
            let packaged = outside_project(&in_project, options).map_or_else(
                || {
                    loader
                        .package(&normalize(&folder.directory.join(&path.text)))
                        .map_err(|error| error.to_string())
                },
                |reason| Err(reason.to_string()),
            );
            match packaged {
                Ok(package) => code.push(model::FunctionCode {
                    resource: resource.id,
                    path: in_project.to_string_lossy().replace('\\', "/"),
                    package,
                }),
                Err(reason) => diagnostics.push(catalogue.report(
                    codes::UNREADABLE_CODE,
                    path.span,
                    &[("path", &path.text), ("reason", &reason)],
                )),
            }
        }
    }
    code
}

/// Why a path relative to the project's folder leaves it (absolute, or `..`
/// above it) and no folder that `allow-use` names holds it; `None` if it stays.
fn outside_project(place: &Path, options: &Options) -> Option<&'static str> {
    if options
        .allow_use
        .iter()
        .any(|folder| place.starts_with(normalize(folder)))
    {
        return None;
    }
    if place.has_root() {
        return Some("an absolute path leaves the project's folder");
    }
    if matches!(
        place.components().next(),
        Some(std::path::Component::ParentDir)
    ) {
        return Some("`..` climbs out of the project's folder");
    }
    None
}

/// A file still to read: the root, or one that a `use` names.
struct Pending {
    /// The path the loader reads.
    path: PathBuf,
    /// The same file relative to the project's folder (normalized; absolute
    /// when the `use` names an absolute path).
    in_project: PathBuf,
    /// The `use` string that names it (`None` for the root).
    used_at: Option<crate::source::Span>,
}

/// Reads a file through the loader, unless it is a used file outside the
/// project's folder and the folders it allows: the text, or the code to
/// report and why.
fn read_used(
    path: &Path,
    pending: &Pending,
    loader: &dyn Loader,
    options: &Options,
) -> Result<String, (&'static str, String)> {
    if pending.used_at.is_some()
        && let Some(reason) = outside_project(&pending.in_project, options)
    {
        return Err((codes::USE_OUTSIDE_PROJECT, reason.to_string()));
    }
    // `use "."` normalizes to nothing; the loader is asked for the folder itself.
    let read = if path.as_os_str().is_empty() {
        loader.read(Path::new("."))
    } else {
        loader.read(path)
    };
    read.map_err(|error| {
        let code = if OutsideProject::is(&error) {
            codes::USE_OUTSIDE_PROJECT
        } else {
            codes::UNREADABLE_USE
        };
        (code, error.to_string())
    })
}

/// Gives the file's `param`s the defaults the options set for them.
fn set_defaults(file: &mut ast::File, params: &[(String, crate::project::ParamValue)]) {
    use crate::project::ParamValue;
    if params.is_empty() {
        return;
    }
    for item in &mut file.items {
        if let ast::Item::Param(param) = item
            && let Some((_, value)) = params.iter().find(|(name, _)| *name == param.name.text)
        {
            // The value has no place in the wiring; it stands at the name it sets.
            let span = param.name.span;
            param.default = Some(match value {
                ParamValue::Text(text) => ast::Value::String(ast::Text {
                    text: text.clone(),
                    span,
                }),
                ParamValue::Number(literal) => ast::Value::Number(ast::Number {
                    literal: literal.clone(),
                    value: literal.parse().unwrap_or_default(),
                    span,
                }),
                ParamValue::Bool(flag) => ast::Value::Bool(*flag, span),
            });
        }
    }
}

/// Loads the catalogue embedded in the binary.
#[must_use]
pub fn embedded_catalogue() -> (Catalogue, Vec<Diagnostic>, SourceSet) {
    let mut sources = SourceSet::new();
    let (catalogue, diagnostics) =
        Catalogue::load(&crate::catalogue::embedded_files(), &mut sources);
    (catalogue, diagnostics, sources)
}

/// Removes `.` and resolvable `..` components, so one file reached by two
/// spellings (`sub/t.wire`, `sub/../sub/t.wire`) is read once.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut normalized = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(
                    normalized.components().next_back(),
                    Some(Component::Normal(_))
                ) {
                    normalized.pop();
                } else {
                    normalized.push("..");
                }
            }
            other => normalized.push(other),
        }
    }
    normalized
}
