//! The canonical layout of wiring source, for `wirec fmt` (described under
//! "Formatting" in docs/language.md).
//!
//! The text is parsed into the [`ast`](crate::ast) and printed again from it, so
//! the tokens, and with them the meaning, cannot change. The grammar drops
//! comments, so they are recovered from the source text (a `#` outside a
//! string) and put back: a comment that ends a line of code stays at the end
//! of the output line that holds the code before it, and a comment on a line
//! of its own stays before the line that follows it. A comment inside
//! something printed on one line (a list or map value written across lines)
//! moves to its own line before that line. Whether a chain or a block was
//! written across lines, and where blank lines were, is read from the source
//! text through the spans.

use crate::ast::{Argument, Block, Chain, Entry, Item, Property, Segment, Tail, Value};
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, Span};

/// The column limit for a chain on one line and an inline block.
const WIDTH: usize = 100;

/// Spaces per level of indentation.
const INDENT: usize = 2;

/// Formats one file in the canonical layout.
///
/// Returns the syntax diagnostic (E001, or E002 for nesting too deep) when the
/// text does not parse; its spans belong to the first file of a fresh
/// [`SourceSet`](crate::source::SourceSet), so a caller that adds the text to a
/// new set can render it. Formatting is
/// idempotent and keeps every comment, in order. A byte order mark is dropped:
/// the canonical layout is plain UTF-8.
pub fn format(text: &str) -> Result<String, Box<Diagnostic>> {
    let file = crate::syntax::parse(FileId(0), text)?;
    let comments = scan_comments(text);
    let source = Source {
        text,
        comments: &comments,
    };
    let mut lines = Vec::new();
    for item in &file.items {
        layout_item(source, item, &mut lines);
    }
    Ok(print(text, &lines, &comments))
}

// ---------------------------------------------------------------- lines

/// What an output line is, which decides its blank lines and the indentation
/// of the comments before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The first line of a top-level statement.
    Statement,
    /// `-> segment` on a line of its own.
    Continuation,
    /// One entry of a block written one entry a line.
    Entry,
    /// The closing brace of such a block, and what follows it on the line.
    Close,
}

/// One output line without its comments.
#[derive(Debug)]
struct Line {
    indent: usize,
    text: String,
    /// The source offsets of the first and past the last token it prints.
    start: usize,
    end: usize,
    kind: Kind,
    /// It ends with the `{` of a block written one entry a line.
    opens: bool,
}

impl Line {
    fn new(indent: usize, text: String, (start, end): (usize, usize), kind: Kind) -> Line {
        Line {
            indent,
            text,
            start,
            end,
            kind,
            opens: false,
        }
    }

    fn width(&self) -> usize {
        self.indent + self.text.chars().count()
    }
}

/// The source text with its comments.
#[derive(Clone, Copy)]
struct Source<'text> {
    text: &'text str,
    comments: &'text [Comment<'text>],
}

impl Source<'_> {
    /// A span's offsets, its end moved back over the white space, line
    /// continuations and comments that the parser counts into a node that
    /// ends with optional parts (a segment, a clause, a parameter).
    fn range(self, span: Span) -> (usize, usize) {
        let start = span.start as usize;
        let bytes = self.text.as_bytes();
        let mut end = span.end as usize;
        while end > start {
            // A comment first: it may end with white space of its own.
            if let Ok(found) = self
                .comments
                .binary_search_by_key(&end, |comment| comment.end)
                && self.comments[found].start >= start
            {
                end = self.comments[found].start;
            } else if let Some(b' ' | b'\t' | b'\n' | b'\r' | b'\\') = bytes.get(end - 1) {
                end -= 1;
            } else {
                break;
            }
        }
        (start, end)
    }
}

fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or("")
}

fn has_line_break(text: &str, start: usize, end: usize) -> bool {
    slice(text, start, end).contains(['\n', '\r'])
}

fn layout_item(source: Source<'_>, item: &Item, lines: &mut Vec<Line>) {
    match item {
        Item::Use(statement) => lines.push(Line::new(
            0,
            format!("use {}", quote(&statement.path.text)),
            source.range(statement.span),
            Kind::Statement,
        )),
        Item::Param(param) => {
            let mut line = format!("param {}", param.name.text);
            if let Some(default) = &param.default {
                line.push_str(" = ");
                push_value(&mut line, default);
            }
            if param.secret {
                line.push_str(" secret");
            }
            lines.push(Line::new(
                0,
                line,
                source.range(param.span),
                Kind::Statement,
            ));
        }
        Item::Region(region) => lines.push(Line::new(
            0,
            format!("region {}", quote(&region.name.text)),
            source.range(region.span),
            Kind::Statement,
        )),
        Item::Chain(chain) => layout_chain(source, chain, lines),
    }
}

/// A block stays on one line if it was written on one line (an empty block
/// with no comment inside counts as written so).
fn written_inline(text: &str, block: &Block) -> bool {
    let (start, end) = (block.span.start as usize, block.span.end as usize);
    !has_line_break(text, start, end)
        || (block.entries.is_empty() && !slice(text, start, end).contains('#'))
}

/// True when the chain has a line break outside its blocks: around an arrow,
/// in a list, or after a `\`.
fn written_across_lines(source: Source<'_>, chain: &Chain) -> bool {
    let (mut from, chain_end) = source.range(chain.span);
    for segment in &chain.segments {
        if let Some(Tail::Block(block)) = &segment.tail {
            if has_line_break(source.text, from, block.span.start as usize) {
                return true;
            }
            from = block.span.end as usize;
        }
    }
    has_line_break(source.text, from, chain_end)
}

fn layout_chain(source: Source<'_>, chain: &Chain, lines: &mut Vec<Line>) {
    let text = source.text;
    if chain.segments.len() > 1 && !written_across_lines(source, chain) {
        let one_line = chain_on_one_line(source, chain);
        if one_line
            .iter()
            .all(|line| line.kind == Kind::Entry || line.width() <= WIDTH)
        {
            lines.extend(one_line);
            return;
        }
    }
    let mut previous: Option<&Segment> = None;
    for segment in &chain.segments {
        let (indent, kind, mut head) = match previous {
            None => (0, Kind::Statement, String::new()),

            Some(_) => (INDENT, Kind::Continuation, "-> ".to_string()),
        };
        previous = Some(segment);
        push_segment_words(&mut head, segment);
        let whole = source.range(segment.span);
        match &segment.tail {
            None => lines.push(Line::new(indent, head, whole, kind)),
            Some(Tail::Existing(arn)) => {
                head.push_str(" = existing ");
                head.push_str(&quote(&arn.text));
                lines.push(Line::new(indent, head, whole, kind));
            }
            Some(Tail::Block(block)) => {
                let line = Line::new(
                    indent,
                    format!("{head} {}", inline_block(block)),
                    whole,
                    kind,
                );
                if written_inline(text, block) && line.width() <= WIDTH {
                    lines.push(line);
                } else {
                    let mut open = Line::new(
                        indent,
                        head + " {",
                        (whole.0, block.span.start as usize + 1),
                        kind,
                    );
                    open.opens = true;
                    lines.push(open);
                    push_entries(source, block, indent + INDENT, lines);
                    lines.push(Line::new(
                        indent,
                        "}".to_string(),
                        (
                            (block.span.end as usize).saturating_sub(1),
                            block.span.end as usize,
                        ),
                        Kind::Close,
                    ));
                }
            }
        }
    }
}

/// The chain with its segments on one line; blocks written across lines stay
/// so, and the chain goes on after their closing brace.
fn chain_on_one_line(source: Source<'_>, chain: &Chain) -> Vec<Line> {
    let whole = source.range(chain.span);
    let mut lines = Vec::new();
    let mut current = Line::new(0, String::new(), whole, Kind::Statement);
    for (index, segment) in chain.segments.iter().enumerate() {
        if index > 0 {
            current.text.push_str(" -> ");
        }
        push_segment_words(&mut current.text, segment);
        match &segment.tail {
            None => {}
            Some(Tail::Existing(arn)) => {
                current.text.push_str(" = existing ");
                current.text.push_str(&quote(&arn.text));
            }
            Some(Tail::Block(block)) if written_inline(source.text, block) => {
                current.text.push(' ');
                current.text.push_str(&inline_block(block));
            }
            Some(Tail::Block(block)) => {
                current.text.push_str(" {");
                current.end = block.span.start as usize + 1;
                current.opens = true;
                lines.push(current);
                push_entries(source, block, INDENT, &mut lines);
                current = Line::new(
                    0,
                    "}".to_string(),
                    ((block.span.end as usize).saturating_sub(1), whole.1),
                    Kind::Close,
                );
            }
        }
    }
    lines.push(current);
    lines
}

fn push_entries(source: Source<'_>, block: &Block, indent: usize, lines: &mut Vec<Line>) {
    for entry in &block.entries {
        let (text, span) = match entry {
            Entry::Property(property) => {
                let mut text = String::new();
                push_property(&mut text, property);
                (text, property.span)
            }
            Entry::Clause(clause) => {
                let mut text = clause.head.text.clone();
                push_arguments(&mut text, &clause.arguments);
                (text, clause.span)
            }
        };
        lines.push(Line::new(indent, text, source.range(span), Kind::Entry));
    }
}

// ---------------------------------------------------------------- tokens

fn push_segment_words(out: &mut String, segment: &Segment) {
    out.push_str(&segment.head.text);
    push_arguments(out, &segment.arguments);
}

/// Arguments after a head word: one space before each, none before a comma.
fn push_arguments(out: &mut String, arguments: &[Argument]) {
    for argument in arguments {
        if let Argument::Comma(_) = argument {
            out.push(',');
            continue;
        }
        out.push(' ');
        match argument {
            Argument::Word(word) => out.push_str(&word.text),
            Argument::String(string) => out.push_str(&quote(&string.text)),
            Argument::Number(number) => out.push_str(&number.literal),
            Argument::List(list) => push_list(out, &list.items),
            Argument::Comma(_) => {}
        }
    }
}

fn inline_block(block: &Block) -> String {
    if block.entries.is_empty() {
        return "{}".to_string();
    }
    let mut out = "{ ".to_string();
    for (index, entry) in block.entries.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        match entry {
            Entry::Property(property) => push_property(&mut out, property),
            Entry::Clause(clause) => {
                out.push_str(&clause.head.text);
                push_arguments(&mut out, &clause.arguments);
            }
        }
    }
    out.push_str(" }");
    out
}

fn push_property(out: &mut String, property: &Property) {
    out.push_str(&property.key.text);
    out.push_str(" = ");
    push_value(out, &property.value);
}

fn push_value(out: &mut String, value: &Value) {
    match value {
        Value::String(string) => out.push_str(&quote(&string.text)),
        Value::Number(number) => out.push_str(&number.literal),
        Value::Bool(true, _) => out.push_str("true"),
        Value::Bool(false, _) => out.push_str("false"),
        Value::List(list) => push_list(out, &list.items),
        Value::Map(properties, _) if properties.is_empty() => out.push_str("{}"),
        Value::Map(properties, _) => {
            out.push_str("{ ");
            for (index, property) in properties.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                push_property(out, property);
            }
            out.push_str(" }");
        }
        Value::Word(word) => out.push_str(&word.text),
        Value::Reference(reference) => out.push_str(&reference.written()),
    }
}

fn push_list(out: &mut String, items: &[Value]) {
    out.push('[');
    let mut after_label = false;
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            // A word ending in `:` labels the item after it, as a step's
            // interval does its change (`[70..85: +1, 85..: +2]`).
            out.push_str(if after_label { " " } else { ", " });
        }
        push_value(out, item);
        after_label = matches!(item, Value::Word(word) if word.text.ends_with(':'));
    }
    out.push(']');
}

/// A string in double quotes with the escapes the grammar reads back to the
/// same text. A carriage return has no letter escape; a backslash before it
/// stands for it.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\\r"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------- comments

/// A `#` comment of the source.
#[derive(Debug)]
struct Comment<'text> {
    start: usize,
    end: usize,
    /// Without trailing white space.
    text: &'text str,
    /// Nothing but white space before it on its line.
    own_line: bool,
}

/// Every comment of a text that parsed: a `#` outside a string up to the end
/// of its line. Strings are `"..."` where a backslash escapes any character
/// (and a CRLF line break).
fn scan_comments(text: &str) -> Vec<Comment<'_>> {
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut code_on_line = false;
    // A byte order mark is no code on the first line.
    let mut index = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'"' => {
                code_on_line = true;
                index += 1;
                while let Some(&inner) = bytes.get(index) {
                    match inner {
                        // A backslash escapes a CRLF line break as a whole.
                        b'\\' if bytes.get(index + 1..index + 3) == Some(b"\r\n") => index += 3,
                        b'\\' => index += 2,
                        b'"' => {
                            index += 1;
                            break;
                        }
                        b'\n' | b'\r' => break,
                        _ => index += 1,
                    }
                }
            }
            b'#' => {
                let start = index;
                while bytes.get(index).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    index += 1;
                }
                comments.push(Comment {
                    start,
                    end: index,
                    text: slice(text, start, index).trim_end(),
                    own_line: !code_on_line,
                });
            }
            b'\n' | b'\r' => {
                code_on_line = false;
                index += 1;
            }
            b' ' | b'\t' => index += 1,
            _ => {
                code_on_line = true;
                index += 1;
            }
        }
    }
    comments
}

/// True when `text` holds a line with nothing but white space between two
/// line breaks.
fn has_blank_line(text: &str) -> bool {
    let mut breaks = 0;
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\n' => breaks += 1,
            '\r' => {
                characters.next_if_eq(&'\n');
                breaks += 1;
            }
            ' ' | '\t' => {}
            _ => breaks = 0,
        }
        if breaks >= 2 {
            return true;
        }
    }
    false
}

/// Where each comment goes: on its own line before an output line (or at the
/// end, in slot `lines.len()`), or at the end of an output line.
struct Placement {
    before: Vec<Vec<usize>>,
    trailing: Vec<Option<usize>>,
}

fn place(lines: &[Line], comments: &[Comment<'_>]) -> Placement {
    let mut placement = Placement {
        before: (0..=lines.len()).map(|_| Vec::new()).collect(),
        trailing: vec![None; lines.len()],
    };
    // The number of lines that start before the comment; comments come in order.
    let mut passed = 0;
    for (index, comment) in comments.iter().enumerate() {
        while lines
            .get(passed)
            .is_some_and(|line| line.start < comment.start)
        {
            passed += 1;
        }
        let Some(last) = passed.checked_sub(1) else {
            placement.before[0].push(index);
            continue;
        };
        if comment.start < lines[last].end {
            // Inside what the line prints on one line: on its own line before it.
            placement.before[last].push(index);
        } else if !comment.own_line
            && placement.trailing[last].is_none()
            // An earlier comment already stands after the line (a line the
            // formatter joined, such as a lone `,`): this one follows it.
            && placement.before[passed].is_empty()
        {
            placement.trailing[last] = Some(index);
        } else {
            placement.before[passed].push(index);
        }
    }
    placement
}

/// Joins lines and comments with the indentation and blank lines of the layout.
fn print(text: &str, lines: &[Line], comments: &[Comment<'_>]) -> String {
    let placement = place(lines, comments);
    let mut printer = Printer {
        text,
        out: String::with_capacity(text.len() + text.len() / 8),
        previous_end: None,
        previous_opens: false,
    };
    for (slot, waiting) in placement.before.iter().enumerate() {
        let next = lines.get(slot);
        let (indent, blank_allowed) = match next {
            None => (0, true),
            Some(line) => match line.kind {
                Kind::Statement | Kind::Entry => (line.indent, true),
                Kind::Close => (line.indent + INDENT, true),
                Kind::Continuation => (line.indent, false),
            },
        };
        for &index in waiting {
            let comment = &comments[index];
            // A comment moved out of its line counts as standing where the line starts.
            let (start, end) = match next {
                Some(line) if comment.start > line.start => (line.start, line.start),
                _ => (comment.start, comment.end),
            };
            printer.emit(indent, comment.text, (start, end), blank_allowed);
            printer.previous_opens = false;
            printer.out.push('\n');
        }
        let Some(line) = next else { continue };
        let blank_allowed = matches!(line.kind, Kind::Statement | Kind::Entry);
        printer.emit(
            line.indent,
            &line.text,
            (line.start, line.end),
            blank_allowed,
        );
        if let Some(index) = placement.trailing[slot] {
            let comment = &comments[index];
            printer.out.push(' ');
            printer.out.push_str(comment.text);
            printer.previous_end = Some(comment.end);
        }
        printer.previous_opens = line.opens;
        printer.out.push('\n');
    }
    printer.out
}

struct Printer<'text> {
    text: &'text str,
    out: String,
    /// The source offset past the last thing printed.
    previous_end: Option<usize>,
    /// The last line printed opens a block (no blank line after it).
    previous_opens: bool,
}

impl Printer<'_> {
    /// Starts a line (without its line break), after a blank line if the
    /// source had one here and the layout allows one.
    fn emit(&mut self, indent: usize, content: &str, (start, end): (usize, usize), blank: bool) {
        if let Some(previous) = self.previous_end
            && blank
            && !self.previous_opens
            && start > previous
            && has_blank_line(slice(self.text, previous, start))
        {
            self.out.push('\n');
        }
        for _ in 0..indent {
            self.out.push(' ');
        }
        self.out.push_str(content);
        self.previous_end = Some(self.previous_end.map_or(end, |previous| previous.max(end)));
    }
}
