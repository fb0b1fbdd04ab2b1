//! Parsing: source text → [`ast::File`], or one syntax diagnostic.
//!
//! This is the only module that names pest. A file with a syntax error yields
//! exactly one diagnostic (pest stops at the first error) and no tree: `E001`,
//! or `E002` when brackets nest deeper than [`MAX_NESTING`], which is checked
//! before pest reads the text.

mod errors;
mod lower;
mod nesting;

pub use nesting::MAX_NESTING;

use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::source::FileId;
use pest::Parser as _;

mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/wirec.pest"]
    pub(super) struct WireParser;
}

use grammar::{Rule, WireParser};

/// The nesting check that [`parse`] makes first: `E002` at the first bracket
/// that opens a level deeper than [`MAX_NESTING`]. For callers that parse a
/// text in pieces and must report what parsing it whole would.
pub fn check_nesting(file: FileId, text: &str) -> Result<(), Box<Diagnostic>> {
    nesting::check(file, text)
}

/// Parses one file. On a syntax error returns the diagnostic that says what was
/// expected, in the user's words. A UTF-8 byte order mark at the start is read
/// as nothing; spans count it, so they stay offsets into `text`.
pub fn parse(file: FileId, text: &str) -> Result<ast::File, Box<Diagnostic>> {
    nesting::check(file, text)?;
    match WireParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let items = match pairs.next() {
                Some(file_pair) => lower::items(file, file_pair),
                None => Vec::new(),
            };
            Ok(ast::File { file, items })
        }
        Err(error) => Err(Box::new(errors::to_diagnostic(file, text, &error))),
    }
}
