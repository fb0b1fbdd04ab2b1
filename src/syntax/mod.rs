//! Parsing: source text → [`ast::File`], or one syntax diagnostic.
//!
//! This is the only module that names pest. A file with a syntax error yields
//! exactly one diagnostic (pest stops at the first error) and no tree.

mod errors;
mod lower;

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

/// Parses one file. On a syntax error returns the diagnostic that says what was
/// expected, in the user's words.
pub fn parse(file: FileId, text: &str) -> Result<ast::File, Box<Diagnostic>> {
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
