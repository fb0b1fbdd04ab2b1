//! `wirec fmt`: formatting is idempotent and keeps the tokens, every comment
//! in order, and the meaning (the same diagnostic codes and, when the wiring
//! compiles, the same template but for the source lines it names) — the
//! properties tests/format.rs checks over fixed inputs.

#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use wirec::format::format;
use wirec_fuzz::{Memory, ROOT, catalogue, compile, mutate};

// The oracle tests/format.rs uses, in one home.
#[path = "../../tests/support/format_oracle.rs"]
mod format_oracle;
use format_oracle::{anchors, comments_of};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(once) = format(text) else {
        return;
    };
    let twice = match format(&once) {
        Ok(twice) => twice,
        Err(error) => panic!("the formatted text does not parse: {error:?}\n--- once\n{once}"),
    };
    assert!(
        once == twice,
        "not idempotent\n--- once\n{once}\n--- twice\n{twice}"
    );
    assert!(
        comments_of(text) == comments_of(&once),
        "comments lost or reordered\n--- output\n{once}"
    );
    for (index, (before, after)) in anchors(text).iter().zip(anchors(&once)).enumerate() {
        assert!(
            after.0 == before.0 || (!before.1 && after.0 < before.0),
            "comment {index} moved from after {} tokens to after {}\n--- output\n{once}",
            before.0,
            after.0
        );
    }
    assert!(
        shape(text) == shape(&once),
        "the tree changed\n--- output\n{once}"
    );
    assert!(
        meaning(text) == meaning(&once),
        "the meaning changed\n--- output\n{once}"
    );
    if !once.is_empty() {
        assert!(
            once.ends_with('\n') && !once.ends_with("\n\n"),
            "the end\n{once}"
        );
        assert!(!once.starts_with('\n'), "a leading blank line\n{once}");
    }
    assert!(!once.contains("\n\n\n"), "two blank lines\n{once}");
    assert!(
        once.lines().all(|line| line == line.trim_end()),
        "trailing white space\n{once}"
    );
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    mutate(data, size, max_size, seed)
});

/// The syntax tree without its spans.
fn shape(text: &str) -> Option<String> {
    let tree = wirec::syntax::parse(wirec::source::FileId::NONE, text).ok()?;
    let debug = format!("{:?}", tree.items);
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(start) = rest.find("Span {") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |end| start + end + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    Some(out)
}

/// The diagnostic codes of a text and its template without what names source
/// lines (resources' `Metadata`, parameters' `Description`).
fn meaning(text: &str) -> (Vec<String>, Option<Value>) {
    let files = Memory(HashMap::from([(PathBuf::from(ROOT), text.to_string())]));
    let compilation = compile(&files);
    let mut codes: Vec<String> = compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.clone())
        .collect();
    codes.sort();
    let template = compilation.cloudformation(catalogue()).map(|mut template| {
        for (section, key) in [("Resources", "Metadata"), ("Parameters", "Description")] {
            if let Some(entries) = template.get_mut(section).and_then(Value::as_object_mut) {
                for entry in entries.values_mut() {
                    if let Some(entry) = entry.as_object_mut() {
                        entry.remove(key);
                    }
                }
            }
        }
        template
    });
    (codes, template)
}
