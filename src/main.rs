//! The `wirec` binary: everything happens in `wirec::cli`.

/// mimalloc: glibc's allocator spent a fifth of a large build in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    wirec::cli::main()
}
