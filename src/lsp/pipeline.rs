//! The compiler's pipeline for the language server: the stages of
//! [`crate::compile_with`] (read and parse every `use`d file, lower, check,
//! apply severity overrides, sort), with one difference: each file is parsed
//! statement by statement through a cache, so a keystroke re-parses only the
//! statement it touched.
//!
//! Parsing is most of a compilation's time (pest reads a 5,000-line file in
//! about 25 ms), while lowering and checking are a few milliseconds. The text
//! is cut where the grammar ends a statement (`scan::statement_ends`), each
//! piece is parsed on its own and its spans are moved to where the piece
//! stands, which yields the same tree as parsing the whole file. A file with a
//! syntax error is parsed whole, so its one `E001` is exactly the compiler's;
//! the nesting limit (`E002`) is checked on the whole text first.
//! Tests hold this module's result equal to `compile_with`'s.

use super::scan;
use crate::ast::{self, Argument, Entry, Item, Tail, Value};
use crate::catalogue::Catalogue;
use crate::compile::{Compilation, Loader, Options};
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, SourceSet, Span};
use crate::syntax;
use std::collections::HashMap;
use std::path::Path;

/// Parsed statements by (file, text), with spans relative to the text's start;
/// `None` for text that does not parse on its own.
#[derive(Debug, Default)]
pub(crate) struct ParseCache {
    entries: HashMap<FileId, HashMap<String, Option<Vec<Item>>>>,
    /// Keys used by the latest compilation, to drop the rest when the cache grows.
    used: usize,
}

impl ParseCache {
    /// Parses `text` as `file`: piece by piece through the cache, or whole when
    /// a piece does not parse.
    fn parse(&mut self, file: FileId, text: &str) -> Result<ast::File, Box<Diagnostic>> {
        // Each piece is checked as it is parsed, but the depth of the whole
        // text is what `syntax::parse` reports, wherever the pieces are cut.
        syntax::check_nesting(file, text)?;
        let tokens = scan::tokens(text);
        let mut items = Vec::new();
        let mut start = 0;
        for end in scan::statement_ends(&tokens)
            .into_iter()
            .chain([text.len()])
        {
            if end <= start {
                continue;
            }
            let Some(piece) = text.get(start..end) else {
                return syntax::parse(file, text);
            };
            self.used += 1;
            let pieces = self.entries.entry(file).or_default();
            if !pieces.contains_key(piece) {
                let parsed = syntax::parse(file, piece).ok().map(|parsed| parsed.items);
                pieces.insert(piece.to_string(), parsed);
            }
            let Some(Some(parsed)) = pieces.get(piece) else {
                return syntax::parse(file, text);
            };
            let delta = u32::try_from(start).unwrap_or(u32::MAX);
            items.extend(parsed.iter().cloned().map(|mut item| {
                shift_item(&mut item, delta);
                item
            }));
            start = end;
        }
        Ok(ast::File { file, items })
    }

    /// Ends one compilation: when the cache holds far more pieces than the
    /// compilation used, keeps only the pieces of its files.
    fn finish(&mut self, sources: &SourceSet) {
        let held: usize = self.entries.values().map(HashMap::len).sum();
        if held > 4 * self.used + 1024 {
            let mut kept: HashMap<FileId, HashMap<String, Option<Vec<Item>>>> = HashMap::new();
            for (file, source) in sources.iter() {
                let Some(mut pieces) = self.entries.remove(&file) else {
                    continue;
                };
                let tokens = scan::tokens(&source.text);
                let mut start = 0;
                let mut keep = HashMap::new();
                for end in scan::statement_ends(&tokens)
                    .into_iter()
                    .chain([source.text.len()])
                {
                    if let Some(piece) = source.text.get(start..end)
                        && let Some((key, parsed)) = pieces.remove_entry(piece)
                    {
                        keep.insert(key, parsed);
                    }
                    start = end;
                }
                kept.insert(file, keep);
            }
            self.entries = kept;
        }
        self.used = 0;
    }
}

/// [`crate::compile_with`], with cached parsing.
pub(crate) fn compile(
    root: &Path,
    loader: &dyn Loader,
    catalogue: &Catalogue,
    options: &Options,
    cache: &mut ParseCache,
) -> Compilation {
    let compilation =
        crate::compile::compile_parsing(root, loader, catalogue, options, &mut |file, text| {
            cache.parse(file, text)
        });
    cache.finish(&compilation.sources);
    compilation
}

fn shift(span: &mut Span, delta: u32) {
    span.start = span.start.saturating_add(delta);
    span.end = span.end.saturating_add(delta);
}

fn shift_text(text: &mut ast::Text, delta: u32) {
    shift(&mut text.span, delta);
}

fn shift_item(item: &mut Item, delta: u32) {
    match item {
        Item::Use(used) => {
            shift_text(&mut used.path, delta);
            shift(&mut used.span, delta);
        }
        Item::Param(param) => {
            shift_text(&mut param.name, delta);
            if let Some(value) = &mut param.default {
                shift_value(value, delta);
            }
            shift(&mut param.span, delta);
        }
        Item::Region(region) => {
            shift_text(&mut region.name, delta);
            shift(&mut region.span, delta);
        }
        Item::Chain(chain) => {
            for segment in &mut chain.segments {
                shift_text(&mut segment.head, delta);
                for argument in &mut segment.arguments {
                    shift_argument(argument, delta);
                }
                match &mut segment.tail {
                    Some(Tail::Block(block)) => shift_block(block, delta),
                    Some(Tail::Existing(text)) => shift_text(text, delta),
                    None => {}
                }
                shift(&mut segment.span, delta);
            }
            shift(&mut chain.span, delta);
        }
    }
}

fn shift_argument(argument: &mut Argument, delta: u32) {
    match argument {
        Argument::Word(text) | Argument::String(text) => shift_text(text, delta),
        Argument::Number(number) => shift(&mut number.span, delta),
        Argument::List(list) => shift_list(list, delta),
        Argument::Comma(span) => shift(span, delta),
    }
}

fn shift_list(list: &mut ast::List, delta: u32) {
    for value in &mut list.items {
        shift_value(value, delta);
    }
    shift(&mut list.span, delta);
}

fn shift_block(block: &mut ast::Block, delta: u32) {
    for entry in &mut block.entries {
        match entry {
            Entry::Property(property) => shift_property(property, delta),
            Entry::Clause(clause) => {
                shift_text(&mut clause.head, delta);
                for argument in &mut clause.arguments {
                    shift_argument(argument, delta);
                }
                shift(&mut clause.span, delta);
            }
        }
    }
    shift(&mut block.span, delta);
}

fn shift_property(property: &mut ast::Property, delta: u32) {
    shift_text(&mut property.key, delta);
    shift_value(&mut property.value, delta);
    shift(&mut property.span, delta);
}

fn shift_value(value: &mut Value, delta: u32) {
    match value {
        Value::String(text) | Value::Word(text) => shift_text(text, delta),
        Value::Number(number) => shift(&mut number.span, delta),
        Value::Bool(_, span) => shift(span, delta),
        Value::List(list) => shift_list(list, delta),
        Value::Reference(reference) => {
            shift_text(&mut reference.name, delta);
            shift_text(&mut reference.attribute, delta);
            shift(&mut reference.span, delta);
        }
        Value::Map(properties, span) => {
            for property in properties {
                shift_property(property, delta);
            }
            shift(span, delta);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn examples() -> Vec<(PathBuf, String)> {
        let mut found = Vec::new();
        for folder in ["examples", "examples/rule-pack", "tests/fixtures/emit"] {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path
                    .extension()
                    .is_some_and(|extension| extension == "wire")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    found.push((path, text));
                }
            }
        }
        found.sort();
        found
    }

    /// Every prefix of every example, and every line of the big fixture and of
    /// the language reference's blocks, parses to the same tree (or the same
    /// error) piece by piece as whole.
    #[test]
    fn piecewise_parsing_matches_whole_file_parsing() {
        let mut texts: Vec<(String, bool)> = examples()
            .into_iter()
            .map(|(path, text)| (text, path.starts_with("examples")))
            .collect();
        let reference = std::fs::read_to_string("docs/language.md").unwrap();
        texts.extend(reference.split("```").skip(1).step_by(2).map(|block| {
            let code = block
                .strip_prefix("wire\n")
                .or_else(|| block.strip_prefix("text\n"))
                .unwrap_or(block);
            (code.to_string(), false)
        }));
        let file = FileId(0);
        let mut cache = ParseCache::default();
        for (text, every_character) in &texts {
            let mut ends: Vec<usize> = if *every_character {
                text.char_indices().map(|(index, _)| index).collect()
            } else {
                text.match_indices('\n').map(|(index, _)| index).collect()
            };
            ends.push(text.len());
            for end in ends {
                let prefix = &text[..end];
                let whole = syntax::parse(file, prefix);
                let pieces = cache.parse(file, prefix);
                assert_eq!(pieces, whole, "prefix:\n{prefix}");
            }
        }
    }

    /// Text that the scanner, which cuts the pieces, and the grammar could
    /// read differently: a byte order mark, a string continued after CRLF
    /// with `#` and brackets in it, nesting past the limit (also after a
    /// comment ended by a lone CR, which the scanner does not end there).
    #[test]
    fn piecewise_parsing_matches_whole_file_parsing_on_hostile_text() {
        let limit = crate::syntax::MAX_NESTING;
        let too_deep = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let texts = [
            "\u{feff}sns a\nsqs b -> lambda f\n".to_string(),
            "sns a { display-name = \"x\\\r\n# y {[\" }\r\nsqs b\r\n".to_string(),
            format!(
                "sqs b\nsns a {{ tags = {{ a = {} }} }}\n",
                too_deep(limit - 2)
            ),
            format!(
                "sqs b\nsns a {{ tags = {{ a = {} }} }}\n",
                too_deep(limit - 1)
            ),
            format!("sqs b # x\r{}\nsqs c\n", too_deep(limit + 1)),
        ];
        let file = FileId(0);
        let mut cache = ParseCache::default();
        for text in &texts {
            assert_eq!(
                cache.parse(file, text),
                syntax::parse(file, text),
                "{text:?}"
            );
        }
        let codes: Vec<Option<String>> = texts
            .iter()
            .map(|text| syntax::parse(file, text).err().map(|error| error.code))
            .collect();
        let e002 = Some("E002".to_string());
        assert_eq!(codes, [None, None, None, e002.clone(), e002]);
    }

    #[test]
    fn the_pipeline_reports_what_compile_with_reports() {
        struct Disk;
        impl Loader for Disk {
            fn read(&self, path: &Path) -> std::io::Result<String> {
                std::fs::read_to_string(path)
            }
        }
        let (catalogue, _, _) = crate::embedded_catalogue();
        let mut cache = ParseCache::default();
        for (path, _) in examples() {
            let options = Options::default();
            let expected = crate::compile_with(&path, &Disk, &catalogue, &options);
            for _ in 0..2 {
                let found = compile(&path, &Disk, &catalogue, &options, &mut cache);
                assert_eq!(
                    found.diagnostics,
                    expected.diagnostics,
                    "{}",
                    path.display()
                );
                assert_eq!(found.model.resources.len(), expected.model.resources.len());
                assert_eq!(found.model.edges.len(), expected.model.edges.len());
            }
        }
    }
}
