//! Repository invariants that keep the docs and the code honest.

use crate::support;
use std::path::Path;

fn rust_files(folder: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn every_source_module_starts_with_a_module_doc() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("//!"),
            "{} does not start with a `//!` module doc",
            file.display()
        );
    }
}

#[test]
fn architecture_names_every_top_level_module() {
    let architecture = std::fs::read_to_string("ARCHITECTURE.md").unwrap();
    for entry in std::fs::read_dir("src").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if name == "lib" || name == "main" {
            continue;
        }
        assert!(
            architecture.contains(&format!("### `{name}`")),
            "ARCHITECTURE.md has no `### \\`{name}\\`` section"
        );
    }
}

#[test]
fn every_rule_has_an_example_a_fix_and_a_source_unless_it_is_internal() {
    let catalogue = support::catalogue();
    for rule in catalogue.rules() {
        assert!(
            !rule.source.trim().is_empty(),
            "{} has no source",
            rule.code
        );
        if rule.code != "E901" {
            assert!(
                rule.example.is_some() && rule.fix.is_some(),
                "{} lacks an example or a fix",
                rule.code
            );
        }
    }
}

#[test]
fn wire_code_blocks_in_docs_compile_cleanly() {
    let catalogue = support::catalogue();
    let mut documents = vec![std::path::PathBuf::from("README.md")];
    for entry in std::fs::read_dir("docs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|extension| extension == "md") {
            documents.push(path);
        }
    }
    for document in documents {
        let text = std::fs::read_to_string(&document).unwrap();
        let mut inside = false;
        let mut block = String::new();
        for line in text.lines() {
            if inside && line.trim_start().starts_with("```") {
                let compilation = support::compile_text("block.wire", &block, &catalogue);
                // W492 asks the owner of another account's bus to act, and
                // says what to add: the issue's lines that forward to such a
                // bus (README, language reference) are right to show it.
                assert!(
                    compilation
                        .diagnostics
                        .iter()
                        .all(|diagnostic| diagnostic.code == "W492"),
                    "a wire block in {} does not compile:\n{block}\n{}",
                    document.display(),
                    support::rendered(&compilation)
                );
                inside = false;
                block.clear();
            } else if inside {
                block.push_str(line);
                block.push('\n');
            } else if line.trim_start() == "```wire" {
                inside = true;
            }
        }
    }
}

#[test]
fn no_debugging_leftovers_in_sources() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in ["dbg!(", "todo!(", "unimplemented!("] {
            assert!(
                !text.contains(forbidden),
                "{} contains {forbidden}",
                file.display()
            );
        }
    }
}

#[test]
fn the_diagnostic_pasted_in_the_readme_is_what_the_tool_prints() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("```text\n  × [E301]")
        .expect("the README shows the E301 diagnostic")
        + "```text\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let pasted = &readme[start..end];
    let catalogue = support::catalogue();
    let compilation = support::compile_file(Path::new("examples/mistakes.wire"), &catalogue);
    let rendered = support::rendered(&compilation);
    assert!(
        rendered.contains(pasted),
        "README.md's pasted diagnostic is stale; the tool prints:\n{rendered}"
    );
}

#[test]
fn the_diagnostics_reference_is_generated_from_the_rules() {
    let generated = wirec::catalogue::reference(&support::catalogue());
    if std::env::var_os("WIREC_BLESS").is_some() {
        std::fs::write("docs/diagnostics.md", &generated).unwrap();
    }
    let committed = std::fs::read_to_string("docs/diagnostics.md").unwrap_or_default();
    assert!(
        committed == generated,
        "docs/diagnostics.md is stale: run `WIREC_BLESS=1 cargo test`"
    );
}

/// docs/backends.md's table of kinds is generated from stdlib/backends/kinds.yaml.
#[test]
fn the_backends_kind_table_is_generated_from_the_data() {
    const START: &str = "<!-- kinds: generated from stdlib/backends/kinds.yaml; WIREC_BLESS=1 cargo test rewrites it -->\n";
    const END: &str = "<!-- end of kinds -->\n";
    let committed = std::fs::read_to_string("docs/backends.md").unwrap();
    let (Some(start), Some(end)) = (committed.find(START), committed.find(END)) else {
        panic!("docs/backends.md has no generated kinds table between its markers");
    };
    let generated = wirec::catalogue::backend_kinds::reference_rows();
    let expected = format!(
        "{}{START}{generated}{}",
        &committed[..start],
        &committed[end..]
    );
    if std::env::var_os("WIREC_BLESS").is_some() {
        std::fs::write("docs/backends.md", &expected).unwrap();
    }
    assert!(
        committed == expected,
        "docs/backends.md's kinds table is stale: run `WIREC_BLESS=1 cargo test`"
    );
}

#[test]
fn rule_files_are_named_by_code_and_slug_and_codes_are_unique() {
    let mut seen = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir("stdlib/rules").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let field = |name: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(&format!("{name}: ")))
                .map_or_else(
                    || panic!("{} has no `{name}`", path.display()),
                    |value| value.trim().trim_matches('"').to_string(),
                )
        };
        let (code, slug) = (field("code"), field("slug"));
        let expected = format!("{code}-{slug}.yaml");
        assert_eq!(
            path.file_name().unwrap().to_string_lossy(),
            expected,
            "rule files are named CODE-slug.yaml"
        );
        // A number is one code whatever its letter: E401 and W401 cannot both exist.
        let number = code[1..].to_string();
        if let Some(other) = seen.insert(number, code.clone()) {
            panic!("{code} reuses the number of {other}");
        }
    }
}

#[test]
fn every_fact_is_accounted_for() {
    let facts = std::fs::read_to_string("docs/facts.md").unwrap();
    let catalogue = support::catalogue();
    let mut numbers = Vec::new();
    for line in facts.lines().filter(|line| {
        line.starts_with("| ")
            && line
                .chars()
                .nth(2)
                .is_some_and(|character| character.is_ascii_digit())
    }) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        numbers.push(cells[1].parse::<u32>().unwrap());
        for word in cells[4].split(|character: char| !character.is_ascii_alphanumeric()) {
            let is_code = word.len() == 4
                && (word.starts_with('E') || word.starts_with('W'))
                && word[1..]
                    .chars()
                    .all(|character| character.is_ascii_digit());
            // E323 is named as reserved, not as an existing rule.
            if is_code && word != "E323" {
                assert!(
                    catalogue.rule(word).is_some(),
                    "docs/facts.md names {word}, which is not a rule"
                );
            }
        }
    }
    assert_eq!(
        numbers,
        (1..=78).collect::<Vec<_>>(),
        "docs/facts.md must list facts 1 to 78 in order"
    );
}
