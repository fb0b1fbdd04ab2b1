//! wirec compiles a small wiring language for AWS integrations into checked,
//! deployable infrastructure templates.
//!
//! The pipeline runs one way: source text → [`syntax`] (pest) → [`ast`] →
//! [`model`] (resolved against the [`catalogue`], a petgraph graph) → [`check`]
//! → [`plan`] (backend-neutral resources and glue) → [`emit`] (CloudFormation).
//! Every stage below the CLI is pure: it reads no files and prints nothing, and
//! reports user mistakes as [`diagnostics::Diagnostic`] values.

pub mod artifact;
pub mod ast;
pub mod catalogue;
pub mod check;
pub mod cli;
mod compile;
pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod graph;
pub mod lsp;
pub mod model;
pub mod plan;
pub mod project;
pub mod report;
pub mod source;
pub mod suggest;
pub mod syntax;

pub use compile::{Compilation, Loader, Options, compile, compile_with, embedded_catalogue};
