//! The language server's reader: framed JSON-RPC messages
//! (`Content-Length: N\r\n\r\n` then N bytes) read from a byte stream the way
//! `wirec lsp`'s reader thread reads stdin (src/lsp/server.rs,
//! `read_messages`): a malformed message is skipped, the end of input or any
//! other error ends the loop. Nothing may panic, the loop must end, and no
//! single allocation may exceed `ALLOCATION_BUDGET`: a header must not make the
//! server reserve memory the stream does not hold (libFuzzer's
//! `-malloc_limit_mb` needs a sanitizer; this check works without one).
//!
//! TODO(#12, lead): when src/lsp/framing.rs lands, make `read_one` call its
//! bounded frame reader instead of `lsp_server::Message::read`, so this target
//! tests the function the server runs.

#![no_main]

use libfuzzer_sys::fuzz_target;
use lsp_server::Message;
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead, ErrorKind, Write as _};

/// The largest single allocation allowed while reading at most 4 kB of input
/// (`-max_len`): far above any frame the input can hold, far below what a
/// hostile `Content-Length` asks for.
const ALLOCATION_BUDGET: usize = 128 << 20;

/// The system allocator, refusing (by aborting, which libFuzzer reports as a
/// crash) any allocation over the budget.
struct Budgeted;

// SAFETY: every call is forwarded unchanged to the system allocator; the only
// addition is an abort before an oversized request.
unsafe impl GlobalAlloc for Budgeted {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        refuse_oversized(layout.size());
        // SAFETY: the caller upholds `alloc`'s contract, passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        refuse_oversized(layout.size());
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        refuse_oversized(new_size);
        // SAFETY: as for `alloc`.
        unsafe { System.realloc(pointer, layout, new_size) }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(pointer, layout) }
    }
}

fn refuse_oversized(size: usize) {
    if size > ALLOCATION_BUDGET {
        // No formatting here: it could allocate inside the allocator.
        let _ = std::io::stderr().write_all(
            b"lsp_frames: an allocation over the budget (a frame length taken on trust)\n",
        );
        std::process::abort();
    }
}

#[global_allocator]
static ALLOCATOR: Budgeted = Budgeted;

/// One message from the stream, as the server reads it today.
fn read_one(input: &mut impl BufRead) -> std::io::Result<Option<Message>> {
    Message::read(input)
}

fuzz_target!(|data: &[u8]| {
    let mut input: &[u8] = data;
    // Each turn of the loop either ends it or consumes at least one byte.
    for _ in 0..=data.len() {
        let before = input.len();
        match read_one(&mut input) {
            Ok(Some(message)) => round_trip(&message),
            Err(error) if error.kind() == ErrorKind::InvalidData => {
                assert!(
                    input.len() < before,
                    "a malformed message consumed no input"
                );
            }
            // The end of the input, or an error that ends the server's reader.
            Ok(None) | Err(_) => return,
        }
    }
    panic!("the reader did not reach the end of {} bytes", data.len());
});

/// A message the server accepted, written back as the server writes its own,
/// reads back as the same message.
fn round_trip(message: &Message) {
    let mut framed = Vec::new();
    if message.write(&mut framed).is_err() {
        return;
    }
    let again = match read_one(&mut framed.as_slice()) {
        Ok(Some(again)) => again,
        other => panic!("a written message does not read back: {other:?}"),
    };
    let (Ok(before), Ok(after)) = (serde_json::to_value(message), serde_json::to_value(&again))
    else {
        return;
    };
    assert!(
        before == after,
        "a message changed on the way back: {before} -> {after}"
    );
}
