//! The language server's reader: framed JSON-RPC messages
//! (`Content-Length: N\r\n\r\n` then N bytes) read from a byte stream by
//! `wirec::lsp::framing::read_frame`, the function `wirec lsp`'s reader thread
//! runs, and decoded as lsp-server's `Message` as the server decodes them.
//! Nothing may panic, every frame must consume input and the loop must end,
//! and no single allocation may exceed `ALLOCATION_BUDGET`: a header must not
//! make the server reserve memory the stream does not hold (libFuzzer's
//! `-malloc_limit_mb` needs a sanitizer; this check works without one). A
//! message read is written back as the server writes its own and must read
//! back the same.

#![no_main]

use libfuzzer_sys::fuzz_target;
use lsp_server::Message;
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead, Write as _};
use wirec::lsp::framing::{FrameResult, MAX_FRAME_BYTES, read_frame};

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

/// One frame's body from the stream, as the server reads it; `None` at the end.
fn read_one(input: &mut impl BufRead) -> Option<Vec<u8>> {
    match read_frame(input, MAX_FRAME_BYTES) {
        FrameResult::Frame { body, .. } => Some(body),
        FrameResult::End { .. } | FrameResult::Failed(_) => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input: &[u8] = data;
    // Each turn of the loop either ends it or consumes at least one byte.
    for _ in 0..=data.len() {
        let before = input.len();
        let Some(body) = read_one(&mut input) else {
            return;
        };
        assert!(input.len() < before, "a frame consumed no input");
        if let Ok(message) = serde_json::from_slice::<Message>(&body) {
            round_trip(&message);
        }
    }
    panic!("the reader did not reach the end of {} bytes", data.len());
});

/// A message the server accepted, written back as the server writes its own,
/// reads back as the same message.
fn round_trip(message: &Message) {
    let mut framed = Vec::new();
    if message.clone().write(&mut framed).is_err() {
        return;
    }
    let again = read_one(&mut framed.as_slice())
        .and_then(|body| serde_json::from_slice::<Message>(&body).ok());
    let Some(again) = again else {
        panic!("a written message does not read back");
    };
    let (Ok(before), Ok(after)) = (serde_json::to_value(message), serde_json::to_value(&again))
    else {
        return;
    };
    // serde_json reads a float back only to within a unit in the last place
    // (without its `float_roundtrip` feature); the server never writes a
    // client's numbers back, so messages with floats are compared no further.
    if has_float(&before) {
        return;
    }
    assert!(
        before == after,
        "a message changed on the way back: {before} -> {after}"
    );
}

/// Whether a JSON value holds a number that is not an integer.
fn has_float(value: &serde_json::Value) -> bool {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            serde_json::Value::Number(number) if number.is_f64() => return true,
            serde_json::Value::Array(items) => pending.extend(items),
            serde_json::Value::Object(fields) => pending.extend(fields.values()),
            _ => {}
        }
    }
    false
}
