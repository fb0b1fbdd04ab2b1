//! wirec's one integration-test binary: each module tests one boundary.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "in tests a failed expectation is the test failing, with its message"
)]

mod artifacts;
mod cli;
mod coverage;
mod cycles;
mod diagnostics;
mod emit;
mod format;
mod formats;
mod glue;
mod grant_records;
mod graph;
mod hostile_io;
mod hostile_output;
mod hostile_parse;
mod lsp;
mod machine_output;
mod project;
mod references;
mod support;
mod syntax;
mod terraform;
mod tidy;
