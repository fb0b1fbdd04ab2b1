//! wirec compiles a small wiring language for AWS integrations into checked,
//! deployable infrastructure templates.
//!
//! The pipeline runs one way: source text → [`syntax`] (pest) → [`ast`] →
//! [`model`] (resolved against the [`catalogue`], a petgraph graph) → [`check`]
//! → [`plan`] (backend-neutral resources and glue) → [`emit`] (CloudFormation).
//! Every stage below the CLI is pure: it reads no files and prints nothing, and
//! reports user mistakes as [`diagnostics::Diagnostic`] values.

pub mod ast;
pub mod cli;
mod compile;
pub mod emit;
pub mod diagnostics;
pub mod source;
pub mod syntax;
pub mod catalogue;
pub mod model;
pub mod suggest;
pub mod check;
pub mod plan;

pub use compile::{Compilation, Loader, compile, embedded_catalogue};
