//! Compiling many root files at once: a bounded pool of threads, results
//! handed back in input order (so output stays deterministic), and a progress
//! line on a terminal.

#![allow(
    clippy::print_stderr,
    reason = "the progress line is the CLI's to print"
)]

use std::io::{IsTerminal as _, Write as _};
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Runs `work` on every item, on at most `jobs` threads (default: as many as
/// the machine has cores), and calls `done` on this thread with each result in
/// input order, as soon as it and every result before it are ready.
pub(super) fn ordered<T: Sync, R: Send>(
    items: &[T],
    jobs: Option<NonZeroUsize>,
    verb: &str,
    work: impl Fn(&T) -> R + Sync,
    mut done: impl FnMut(R),
) {
    let threads = jobs
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get)
        .min(items.len());
    let mut progress = Progress::new(verb, items.len());
    if threads <= 1 {
        for (index, item) in items.iter().enumerate() {
            let result = work(item);
            progress.clear();
            done(result);
            progress.update(index + 1);
        }
        progress.clear();
        return;
    }
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else {
                        break;
                    };
                    if sender.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        // Only the workers hold senders now, so the loop ends when they do.
        drop(sender);
        let mut pending: Vec<Option<R>> =
            std::iter::repeat_with(|| None).take(items.len()).collect();
        let (mut arrived, mut flushed) = (0, 0);
        for (index, result) in receiver {
            arrived += 1;
            if let Some(slot) = pending.get_mut(index) {
                *slot = Some(result);
            }
            while let Some(result) = pending.get_mut(flushed).and_then(Option::take) {
                progress.clear();
                done(result);
                flushed += 1;
            }
            progress.update(arrived);
        }
        progress.clear();
    });
}

/// `[12/300] building` on stderr, redrawn in place; only on a terminal, never
/// under CI, and only once a build has run long enough to be worth watching.
struct Progress {
    enabled: bool,
    verb: String,
    total: usize,
    started: Instant,
    drawn: Option<Instant>,
    shown: bool,
}

impl Progress {
    fn new(verb: &str, total: usize) -> Progress {
        Progress {
            enabled: total > 1
                && std::io::stderr().is_terminal()
                && std::env::var_os("CI").is_none(),
            verb: verb.to_string(),
            total,
            started: Instant::now(),
            drawn: None,
            shown: false,
        }
    }

    /// `finished` items are done.
    fn update(&mut self, finished: usize) {
        // At most 20 redraws a second.
        let recent = self
            .drawn
            .is_some_and(|drawn| drawn.elapsed() < Duration::from_millis(50));
        if !self.enabled
            || recent
            || finished >= self.total
            || self.started.elapsed() < Duration::from_millis(300)
        {
            return;
        }
        self.drawn = Some(Instant::now());
        eprint!("\r\x1b[2K{} [{finished}/{}]", self.verb, self.total);
        let _ = std::io::stderr().flush();
        self.shown = true;
    }

    /// Removes the line before anything else is printed.
    fn clear(&mut self) {
        if self.shown {
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
            self.shown = false;
        }
    }
}
