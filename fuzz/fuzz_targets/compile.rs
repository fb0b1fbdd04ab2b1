//! Bytes → text → `wirec::compile` over an in-memory project (`#@ NAME` lines
//! start more files; a `use` resolves only among them) → every output the CLI
//! can make (diagnostics for people, JSON Lines, SARIF, graphs, CloudFormation
//! JSON and YAML, Terraform JSON), checked by `wirec_fuzz::check_outputs`, then
//! compiled again on a thread with a small stack: the outputs must be byte for
//! byte the same. The CLI compiles on the main thread or on a pool of worker
//! threads (`wirec check a.wire b.wire`), whose stacks differ; what an input
//! means must not depend on which, and a small stack shows such a dependence
//! (the parser's depth guard, unbounded recursion) with inputs of a few kB.

#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use wirec_fuzz::{Memory, check_outputs, compile, mutate, outputs, skipped};

/// A stack smaller than any wirec runs on (the main thread's 8 MiB, worker
/// threads' 2 MiB), still ample for an ordinary file.
const WORKER_STACK: usize = 256 << 10;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let files = Memory::split(text);
    let first = outputs(&compile(&files));
    check_outputs(&first);
    if skipped("determinism") {
        return;
    }
    let second = std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .stack_size(WORKER_STACK)
            .spawn_scoped(scope, || outputs(&compile(&files)));
        match worker.map(std::thread::ScopedJoinHandle::join) {
            Ok(Ok(second)) => second,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(error) => panic!("cannot start a worker thread: {error}"),
        }
    });
    assert!(
        first == second,
        "compiling the same input again, on a worker thread, gave different outputs"
    );
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    mutate(data, size, max_size, seed)
});
