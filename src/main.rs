//! The `wirec` binary: everything happens in `wirec::cli`.

fn main() -> std::process::ExitCode {
    wirec::cli::main()
}
