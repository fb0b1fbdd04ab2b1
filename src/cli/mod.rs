//! The command line: argument parsing, file IO, rendering and exit codes.
//! This is the IO edge; the compiler itself lives below it.
//!
//! Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or IO
//! problem. A panic (101) is always a bug.

pub mod code;
mod commands;
mod drift;
pub mod files;
mod grants;
mod graph;
mod messages;
mod parallel;
mod project;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// No errors.
pub const EXIT_OK: u8 = 0;
/// The wiring has errors.
pub const EXIT_ERRORS: u8 = 1;
/// Bad usage, or a file could not be read or written.
pub const EXIT_USAGE: u8 = 2;

const EXAMPLES: &str = "Examples:
  wirec check examples/cicd-notifications.wire
  wirec build examples/s3-ingest.wire -o out/
  wirec build examples/*.wire -o out/ --format yaml
  wirec build examples/s3-ingest.wire -o out/ --target terraform
  wirec init my-wiring && cd my-wiring && wirec build
  wirec build --env prod --check
  wirec check examples/mistakes.wire --message-format sarif > wirec.sarif
  wirec graph examples/cicd-notifications.wire -o wiring.svg
  wirec explain E301
  wirec explain --grant examples/s3-ingest.wire:24
  wirec rules --format json";

const EXPLAIN_EXAMPLES: &str = "Examples:
  wirec explain E301
  wirec explain codedeploy-trigger-target
  wirec explain --grant examples/s3-ingest.wire       # every grant, by line
  wirec explain --grant examples/s3-ingest.wire:24    # the grants of line 24
  wirec explain --grant examples/s3-ingest.wire --format json

With --grant the file must compile without errors (else its diagnostics are
printed and the exit code is 1); a line with no grant lists the lines that have one.";

/// wirec compiles AWS wiring (`codecommit repo -> trigger -> lambda fn`) into
/// checked CloudFormation with all the glue.
#[derive(Debug, Parser)]
#[command(name = "wirec", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Use the catalogue in this folder instead of the embedded one (development).
    #[arg(long, global = true, value_name = "DIR")]
    pub stdlib: Option<PathBuf>,
    /// The project file (default: the nearest `wire.toml` in the current folder or a parent).
    #[arg(long, global = true, value_name = "FILE")]
    pub project: Option<PathBuf>,
    /// Report this warning (code or slug) as an error; `warnings` for all. Repeatable.
    #[arg(long, global = true, value_name = "CODE")]
    pub deny: Vec<String>,
    /// Do not report this warning (code or slug); errors cannot be allowed. Repeatable.
    #[arg(long, global = true, value_name = "CODE")]
    pub allow: Vec<String>,
    /// The target region; overrides a `region` statement in the wiring.
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// How many root files `check` and `build` compile at once (default: one per core).
    #[arg(short = 'j', long, global = true, value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
    /// Colour: auto (terminals only, honours NO_COLOR), always or never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// How `check` and `build` report diagnostics: human (stderr), json (JSON Lines on stdout) or sarif (a SARIF 2.1.0 log on stdout); see docs/machine-output.md.
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Human output renders at most this many diagnostics, then says how many more there are; 0 renders all. The exit code counts every one.
    #[arg(long, global = true, value_name = "N", default_value_t = 100)]
    pub max_diagnostics: usize,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Colour choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Only on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Diagnostic formats for `--message-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// Rendered for people, on stderr.
    Human,
    /// One JSON object per diagnostic and line, on stdout.
    Json,
    /// One SARIF 2.1.0 log, on stdout (for code scanning).
    Sarif,
}

/// Picture formats for `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (`dot -Tpng` draws it).
    Dot,
    /// A Mermaid flowchart (GitHub draws it in Markdown).
    Mermaid,
    /// A standalone SVG picture, laid out by wirec itself.
    Svg,
}

/// Template formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    /// CloudFormation JSON.
    Json,
    /// CloudFormation YAML.
    Yaml,
}

/// Output forms of `explain --grant`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GrantFormat {
    /// Grouped by line, one block per statement, for people (the default).
    Text,
    /// The grant manifest (`{"files": [{"path", "grants": [...]}]}`), for tools.
    Json,
}

/// Backends for `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// A CloudFormation template: `<stem>.template.json` (or `.yaml`).
    Cloudformation,
    /// A Terraform JSON configuration: `<stem>.tf.json`.
    Terraform,
    /// Both.
    All,
}

/// Listing formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One line per rule.
    Text,
    /// A JSON array.
    Json,
    /// The Markdown reference (`docs/diagnostics.md`).
    Markdown,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check wiring files and report problems; writes nothing.
    #[command(after_help = "Example:\n  wirec check examples/stream-processing.wire")]
    Check {
        /// Root wiring files (each with the files it `use`s); default: the project's `sources`.
        files: Vec<PathBuf>,
        /// The project environment whose region and parameter values to check with.
        #[arg(long, value_name = "NAME")]
        env: Option<String>,
    },
    /// Check and write one CloudFormation template (or Terraform configuration) per root file.
    #[command(
        after_help = "Examples:\n  wirec build examples/s3-ingest.wire -o out/ --format yaml\n  wirec build examples/s3-ingest.wire -o out/s3-ingest --target terraform\n  wirec build                      # the sources of wire.toml (docs/projects.md)\n  wirec build --env prod --check   # are the committed prod templates current?"
    )]
    Build {
        /// Root wiring files (each with the files it `use`s); default: the project's `sources`.
        files: Vec<PathBuf>,
        /// Output folder (created if missing); default: the project's `output`.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Template format (CloudFormation only; Terraform is always JSON) [default: the project's, or json].
        #[arg(long, value_enum)]
        format: Option<TemplateFormat>,
        /// What to write: a CloudFormation template, a Terraform configuration, or both [default: the project's, or cloudformation].
        #[arg(long, value_enum)]
        target: Option<Target>,
        /// The project environment (`[env.NAME]` in wire.toml): its parameter values, region and output folder.
        #[arg(long, value_name = "NAME")]
        env: Option<String>,
        /// Write nothing; list the generated files that differ from what the sources produce, and exit with 1 if any do.
        #[arg(long)]
        check: bool,
        /// Like --check, and print a unified diff of each file that would change.
        #[arg(long)]
        diff: bool,
    },
    /// Create a project: wire.toml, an example wiring/main.wire and a README.md; never overwrites a file.
    #[command(after_help = "Example:\n  wirec init my-wiring && cd my-wiring && wirec build")]
    Init {
        /// The project folder (created if missing) [default: the current folder].
        dir: Option<PathBuf>,
    },
    /// Draw the wiring: resources grouped by service, edges labelled by channel, problems marked.
    #[command(
        after_help = "Examples:\n  wirec graph examples/cicd-notifications.wire -o wiring.svg\n  wirec graph examples/mistakes.wire --format mermaid\n  wirec graph examples/s3-ingest.wire | dot -Tpng -o wiring.png\n\nThe picture is drawn even when the wiring has errors, as long as every file parses; resources that errors point at are red, warnings orange."
    )]
    Graph {
        /// Root wiring files (each with the files it `use`s); several make one picture.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Picture format [default: from the output's extension (.svg, .mmd, .dot), else dot].
        #[arg(long, value_enum)]
        format: Option<GraphFormat>,
        /// Write the picture to this file instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the long explanation of a diagnostic code (or slug), or with --grant what each grant of a wiring admits.
    #[command(
        after_help = EXPLAIN_EXAMPLES,
        override_usage = "wirec explain <CODE>\n       wirec explain --grant <FILE[:LINE]>... [--format <FORMAT>]"
    )]
    Explain {
        /// A code such as E301, or a slug.
        #[arg(required_unless_present = "grant", conflicts_with = "grant")]
        code: Option<String>,
        /// Instead of a code: the grants a wiring file makes (each statement, who it admits, under which condition); with `:LINE` only those of that line. Repeatable.
        #[arg(long, value_name = "FILE[:LINE]")]
        grant: Vec<String>,
        /// The form of --grant's output: text for people, or the JSON manifest for tools (docs/machine-output.md).
        #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "code")]
        format: Option<GrantFormat>,
    },
    /// List every diagnostic code.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Rewrite wiring files in the canonical layout (docs/language.md, "Formatting").
    #[command(
        after_help = "Examples:\n  wirec fmt examples/*.wire\n  wirec fmt --check examples/*.wire"
    )]
    Fmt {
        /// Wiring files to format in place (each file alone; `use` is not followed).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write nothing; list the files that would change and exit with 1 if any would.
        #[arg(long)]
        check: bool,
    },
    /// Run the language server on stdin and stdout (for editors; see docs/editors.md).
    #[command(
        after_help = "Example (Neovim):\n  vim.lsp.start({ name = 'wirec', cmd = { 'wirec', 'lsp' } })"
    )]
    Lsp,
}

/// Parses arguments and runs; the binary's whole `main`.
#[must_use]
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            });
        }
    };
    ExitCode::from(commands::run(&cli))
}
