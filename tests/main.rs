//! wirec's one integration-test binary: each module tests one boundary.

mod cli;
mod diagnostics;
mod emit;
mod support;
mod syntax;
mod tidy;
