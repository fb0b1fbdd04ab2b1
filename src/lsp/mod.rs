//! The language server: `wirec lsp` speaks the Language Server Protocol over
//! stdio, so editors show the checker's diagnostics as you type, with hover,
//! completion, navigation and quick fixes drawn from the same catalogue.
//!
//! One [`Session`] holds the open documents. A change only stores the new text
//! and marks the document stale; diagnostics are computed (by the stages of
//! [`crate::compile_with`], the CLI's pipeline, with statement-level parse
//! caching: `pipeline`) once no message is waiting, so a burst of queued
//! changes compiles only the latest text. Requests see the text as of their
//! place in the stream: a stale document is compiled before a request on it is
//! answered.
//!
//! Nothing but protocol messages is written to stdout; logs go to stderr.
//! Handlers live one family per file: `convert` (positions, URIs,
//! diagnostics), `hover`, `completion`, `navigation` (definition, references,
//! symbols), `actions` (quick fixes, formatting); `server` is the stdio loop
//! and `scan` reads text that may not parse; `framing` cuts the input stream
//! into messages.
//!
//! Files that are not open are read the CLI's way (`cli::files`): within the
//! project's folder, regular files of at most 16 MiB.

mod actions;
mod completion;
mod convert;
pub mod framing;
mod hover;
mod navigation;
mod pipeline;
mod references;
mod scan;

#[allow(
    clippy::print_stderr,
    reason = "stderr is the language server's log; stdout carries only the protocol"
)]
mod server;

pub use convert::{DIAGNOSTICS_DOCS, LineIndex};
pub use server::run;

use crate::catalogue::Catalogue;
use crate::cli::files::{Fence, Reach};
use crate::compile::{Compilation, Loader, Options};
use crate::source::FileId;
use lsp_types::{PublishDiagnosticsParams, TextDocumentContentChangeEvent, Uri};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One open document.
#[derive(Debug)]
struct Document {
    path: PathBuf,
    version: i32,
    text: String,
    /// The compiler's view of `text`; `None` when the text changed since.
    analysis: Option<Analysis>,
    /// Whether the diagnostics of this text were handed out.
    published: bool,
    /// Names declared in the files this one `use`s, as of the last text that
    /// parsed (while a line is unfinished the `use`s are not followed).
    elsewhere: scan::Names,
}

/// The compiler's view of one version of a document.
#[derive(Debug)]
pub(crate) struct Analysis {
    /// The whole compilation: every file read, the model, the diagnostics.
    pub(crate) compilation: Compilation,
    /// The document's id in `compilation.sources`.
    pub(crate) root: FileId,
    /// Line starts of the document's text.
    pub(crate) index: LineIndex,
}

/// The open documents and what the compiler made of them.
#[derive(Debug)]
pub struct Session {
    catalogue: Catalogue,
    options: Options,
    documented: HashSet<String>,
    documents: HashMap<Uri, Document>,
    parses: pipeline::ParseCache,
    /// Where the files that documents `use` may be (the project's folder).
    reach: Reach,
}

/// Reads open documents from memory and everything else from disk, within
/// the fence of the document being compiled (`use "/dev/stdin"` would read
/// the protocol's own input).
struct Overlay<'a> {
    documents: &'a HashMap<Uri, Document>,
    fence: Fence,
}

impl Loader for Overlay<'_> {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        let path = convert::normalize(path);
        match self
            .documents
            .values()
            .find(|document| document.path == path)
        {
            Some(document) => Ok(document.text.clone()),
            None => self.fence.read(&path),
        }
    }

    /// Checks the code without reading it: the server never packages or writes zips.
    fn package(&self, path: &Path) -> std::io::Result<crate::artifact::Package> {
        crate::cli::code::package(&self.fence, &convert::normalize(path), false)
    }
}

impl Session {
    /// A session that checks with `catalogue` and `options` (the CLI's global
    /// flags and project file).
    #[must_use]
    pub fn new(catalogue: Catalogue, options: Options) -> Session {
        Session {
            catalogue,
            options,
            documented: convert::documented_codes(),
            documents: HashMap::new(),
            parses: pipeline::ParseCache::default(),
            reach: Reach::default(),
        }
    }

    /// The session with `use` confined to a project's reach instead of each
    /// document's own folder.
    #[must_use]
    pub fn within(self, reach: Reach) -> Session {
        Session { reach, ..self }
    }

    /// `textDocument/didOpen`.
    pub fn open(&mut self, uri: Uri, version: i32, text: String) {
        let path = convert::uri_to_path(&uri);
        self.documents.insert(
            uri,
            Document {
                path: path.clone(),
                version,
                text,
                analysis: None,
                published: false,
                elsewhere: scan::Names::default(),
            },
        );
        self.invalidate(&path);
    }

    /// `textDocument/didChange`: applies the changes in order (whole texts, or
    /// ranges for clients that send them anyway) and marks the document stale.
    /// Returns false for a document that is not open.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> bool {
        let Some(document) = self.documents.get_mut(uri) else {
            return false;
        };
        for change in changes {
            match change.range {
                None => document.text = change.text,
                Some(range) => {
                    let index = LineIndex::new(&document.text);
                    let start = index.offset(&document.text, range.start);
                    let end = index.offset(&document.text, range.end).max(start);
                    document.text.replace_range(start..end, &change.text);
                }
            }
        }
        document.version = version;
        let path = document.path.clone();
        self.invalidate(&path);
        true
    }

    /// `textDocument/didClose`.
    pub fn close(&mut self, uri: &Uri) {
        if let Some(document) = self.documents.remove(uri) {
            self.invalidate(&document.path);
        }
    }

    /// Whether the document is open.
    #[must_use]
    pub fn is_open(&self, uri: &Uri) -> bool {
        self.documents.contains_key(uri)
    }

    /// The diagnostics to publish for a document, compiling it first if its
    /// text changed; `None` when it is not open.
    pub fn diagnostics(&mut self, uri: &Uri) -> Option<PublishDiagnosticsParams> {
        self.analyze(uri)?;
        if let Some(document) = self.documents.get_mut(uri) {
            document.published = true;
        }
        let document = self.documents.get(uri)?;
        let analysis = document.analysis.as_ref()?;
        let ranges = convert::Ranges {
            sources: &analysis.compilation.sources,
            root: analysis.root,
            root_index: &analysis.index,
        };
        let diagnostics = analysis
            .compilation
            .diagnostics
            .iter()
            .filter(|diagnostic| {
                let file = diagnostic.primary.span.file;
                file == analysis.root || file == FileId::NONE
            })
            .map(|diagnostic| convert::diagnostic(diagnostic, &ranges, &self.documented))
            .collect();
        Some(PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: Some(document.version),
        })
    }

    /// Marks stale the document at `path` and every document whose
    /// compilation read it (through `use`).
    fn invalidate(&mut self, path: &Path) {
        for document in self.documents.values_mut() {
            let reads = document
                .analysis
                .as_ref()
                .is_some_and(|analysis| analysis.compilation.sources.find(path).is_some());
            if document.path == path || reads {
                document.analysis = None;
                document.published = false;
            }
        }
    }

    /// The open documents whose current diagnostics were not handed out yet.
    #[must_use]
    pub fn unpublished(&self) -> Vec<Uri> {
        let mut uris: Vec<Uri> = self
            .documents
            .iter()
            .filter(|(_, document)| !document.published)
            .map(|(uri, _)| uri.clone())
            .collect();
        uris.sort();
        uris
    }

    /// Compiles every stale document (before a search across files).
    pub fn analyze_all(&mut self) {
        let stale: Vec<Uri> = self
            .documents
            .iter()
            .filter(|(_, document)| document.analysis.is_none())
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in stale {
            self.analyze(&uri);
        }
    }

    /// Compiles the document if its analysis is stale.
    fn analyze(&mut self, uri: &Uri) -> Option<()> {
        let document = self.documents.get(uri)?;
        if document.analysis.is_some() {
            return Some(());
        }
        let path = document.path.clone();
        let fence = self.reach.fence(&path);
        let options = fence.options(&self.options);
        let loader = Overlay {
            documents: &self.documents,
            fence,
        };
        // A compiler bug must not take the editor's server down with it.
        let parses = &mut self.parses;
        let compilation = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pipeline::compile(&path, &loader, &self.catalogue, &options, parses)
        }))
        .unwrap_or_else(|_| Compilation {
            sources: crate::source::SourceSet::new(),
            model: crate::model::Model::default(),
            diagnostics: Vec::new(),
        });
        let root = compilation.sources.find(&path).unwrap_or(FileId::NONE);
        let document = self.documents.get_mut(uri)?;
        let root_parsed = !compilation.diagnostics.iter().any(|diagnostic| {
            diagnostic.primary.span.file == root
                && crate::catalogue::codes::UNPARSED.contains(&diagnostic.code.as_str())
        });
        if root_parsed {
            let mut elsewhere = scan::Names::default();
            for (file, source) in compilation.sources.iter() {
                if file != root {
                    let outline = scan::outline(&scan::tokens(&source.text));
                    elsewhere.add(&source.text, &outline, &self.catalogue);
                }
            }
            document.elsewhere = elsewhere;
        }
        document.analysis = Some(Analysis {
            index: LineIndex::new(&document.text),
            compilation,
            root,
        });
        Some(())
    }

    /// A read-only view of an up-to-date document for the request handlers.
    fn view(&mut self, uri: &Uri) -> Option<View<'_>> {
        self.analyze(uri)?;
        let document = self.documents.get(uri)?;
        let analysis = document.analysis.as_ref()?;
        let tokens = scan::tokens(&document.text);
        let outline = scan::outline(&tokens);
        let mut names = scan::Names::default();
        names.add(&document.text, &outline, &self.catalogue);
        for (name, service) in &document.elsewhere.resources {
            names
                .resources
                .entry(name.clone())
                .or_insert_with(|| service.clone());
        }
        names
            .params
            .extend(document.elsewhere.params.iter().cloned());
        Some(View {
            text: &document.text,
            analysis,
            catalogue: &self.catalogue,
            documented: &self.documented,
            tokens,
            outline,
            names,
            documents: &self.documents,
        })
    }
}

/// An up-to-date document, read for one request.
pub(crate) struct View<'a> {
    /// Its text.
    pub(crate) text: &'a str,
    /// What the compiler made of it.
    pub(crate) analysis: &'a Analysis,
    /// The catalogue.
    pub(crate) catalogue: &'a Catalogue,
    /// Codes that `docs/diagnostics.md` documents.
    pub(crate) documented: &'a HashSet<String>,
    /// Its tokens.
    pub(crate) tokens: Vec<scan::Token>,
    /// Its statements.
    pub(crate) outline: scan::Outline,
    /// Names declared in it and in the files it uses.
    pub(crate) names: scan::Names,
    /// Every open document (for references from files that use this one).
    documents: &'a HashMap<Uri, Document>,
}

impl View<'_> {
    /// The byte offset of a protocol position.
    pub(crate) fn offset(&self, position: lsp_types::Position) -> usize {
        self.analysis.index.offset(self.text, position)
    }

    /// The protocol range of a byte range of this document.
    pub(crate) fn range(&self, start: usize, end: usize) -> lsp_types::Range {
        self.analysis.index.range(self.text, start, end)
    }

    /// Range conversion for spans in any file of the compilation.
    pub(crate) fn ranges(&self) -> convert::Ranges<'_> {
        convert::Ranges {
            sources: &self.analysis.compilation.sources,
            root: self.analysis.root,
            root_index: &self.analysis.index,
        }
    }

    /// Every wiring file known to the open documents' compilations, each once,
    /// as (path, text): this document's, the files it uses, and the files of
    /// other open documents (which may use this one).
    pub(crate) fn files(&self) -> Vec<(PathBuf, &str)> {
        let mut seen: HashSet<PathBuf> = HashSet::new();
        let mut found = Vec::new();
        let mine = std::iter::once(self.analysis);
        let others = self
            .documents
            .values()
            .filter_map(|document| document.analysis.as_ref());
        for analysis in mine.chain(others) {
            for (_, source) in analysis.compilation.sources.iter() {
                if seen.insert(source.path.clone()) {
                    found.push((source.path.clone(), source.text.as_str()));
                }
            }
        }
        found
    }
}
