//! A forgiving reading of a wiring file for editor features: tokens, statements,
//! segments and what each segment's head word is (a service, a channel, a
//! declared name), for text that may not parse.
//!
//! The compiler's parser stops at the first syntax error and yields no tree,
//! but completion happens exactly while a line is unfinished, so the editor
//! features read the text with this scanner, which mirrors the grammar's
//! tokens (`grammar/wirec.pest`) and never fails. Which word is what is decided
//! against the catalogue the same way `model::lower` decides it.

use crate::catalogue::{Catalogue, ChannelSpec, NameKind, ServiceSpec};
use std::collections::{HashMap, HashSet};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A bare word (also numbers).
    Word,
    /// A double-quoted string (possibly unterminated).
    Str,
    /// `->`.
    Arrow,
    /// `,`.
    Comma,
    /// `=`.
    Equals,
    /// `{` or `[`.
    Open,
    /// `}` or `]`.
    Close,
    /// A line break that is not escaped.
    Newline,
}

/// One token: its kind and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) kind: Kind,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Token {
    /// The token's text.
    pub(crate) fn text(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// A word's text, or a string's decoded contents.
    pub(crate) fn value(self, text: &str) -> String {
        let raw = self.text(text);
        if self.kind != Kind::Str {
            return raw.to_string();
        }
        let inner = raw.strip_prefix('"').unwrap_or(raw);
        let inner = inner.strip_suffix('"').unwrap_or(inner);
        let mut out = String::with_capacity(inner.len());
        let mut characters = inner.chars().peekable();
        while let Some(character) = characters.next() {
            if character == '\\' {
                match characters.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    // As in the grammar: before CRLF as before LF, a line break.
                    Some('\r') if characters.next_if_eq(&'\n').is_some() => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(character);
            }
        }
        out
    }

    /// Whether `offset` is inside the token or at its end.
    pub(crate) fn touches(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
}

fn word_start(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"_*/.$+".contains(&byte)
}

fn word_rest(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"_*/.:@$?+".contains(&byte)
}

/// Splits `text` into tokens; comments, blanks and unknown characters are skipped.
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut index = 0;
    let push = |found: &mut Vec<Token>, kind, start, end| found.push(Token { kind, start, end });
    while index < bytes.len() {
        let byte = bytes[index];
        let next = bytes.get(index + 1).copied();
        match byte {
            b' ' | b'\t' | b'\r' => index += 1,
            b'\\' if next == Some(b'\n') => index += 2,
            b'\\' if next == Some(b'\r') && bytes.get(index + 2) == Some(&b'\n') => index += 3,
            b'#' => {
                while index < bytes.len() && bytes[index] != b'\n' {
                    index += 1;
                }
            }
            b'\n' => {
                push(&mut found, Kind::Newline, index, index + 1);
                index += 1;
            }
            b'"' => {
                let mut end = index + 1;
                while end < bytes.len() {
                    match bytes[end] {
                        b'\n' => break,
                        b'"' => {
                            end += 1;
                            break;
                        }
                        b'\\' if bytes.get(end + 1..end + 3) == Some(b"\r\n") => end += 3,
                        b'\\' => {
                            let escaped = text
                                .get(end + 1..)
                                .and_then(|rest| rest.chars().next())
                                .map_or(0, char::len_utf8);
                            end += 1 + escaped;
                        }
                        _ => end += 1,
                    }
                }
                let end = end.min(bytes.len());
                push(&mut found, Kind::Str, index, end);
                index = end;
            }
            b'-' if next == Some(b'>') => {
                push(&mut found, Kind::Arrow, index, index + 2);
                index += 2;
            }
            b',' | b'=' | b'{' | b'[' | b'}' | b']' => {
                let kind = match byte {
                    b',' => Kind::Comma,
                    b'=' => Kind::Equals,
                    b'{' | b'[' => Kind::Open,
                    _ => Kind::Close,
                };
                push(&mut found, kind, index, index + 1);
                index += 1;
            }
            _ if word_start(byte) || (byte == b'-' && next.is_some_and(|n| n.is_ascii_digit())) => {
                let mut end = index + 1;
                while end < bytes.len() {
                    let current = bytes[end];
                    if word_rest(current) || (current == b'-' && bytes.get(end + 1) != Some(&b'>'))
                    {
                        end += 1;
                    } else {
                        break;
                    }
                }
                push(&mut found, Kind::Word, index, end);
                index = end;
            }
            _ => {
                let width = text
                    .get(index..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(1, char::len_utf8);
                index += width;
            }
        }
    }
    found
}

/// One segment of a chain: a head, its arguments, and a block.
#[derive(Debug, Clone, Default)]
pub(crate) struct Segment {
    /// The first token, when it is a word.
    pub(crate) head: Option<Token>,
    /// Words, strings and commas after the head, before a block or `=`.
    pub(crate) arguments: Vec<Token>,
    /// Everything between the block's braces (line breaks included).
    pub(crate) block: Vec<Token>,
    /// Whether a `{` opened a block.
    pub(crate) has_block: bool,
    /// First byte of the segment's first token (or where it would start).
    pub(crate) start: usize,
    /// End of its last token.
    pub(crate) end: usize,
}

/// One statement: a chain (or `use`, `param`, `region`, which are chains of one
/// segment here, recognised by their head word).
#[derive(Debug, Clone, Default)]
pub(crate) struct Statement {
    /// The segments, split at `->`.
    pub(crate) segments: Vec<Segment>,
}

impl Statement {
    /// The statement's keyword when it is `use`, `param` or `region`.
    pub(crate) fn keyword<'t>(&self, text: &'t str) -> Option<&'t str> {
        let head = self.segments.first()?.head?.text(text);
        matches!(head, "use" | "param" | "region").then_some(head)
    }
}

/// The statements of a token list, and the state at its end.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outline {
    /// Statements in order.
    pub(crate) statements: Vec<Statement>,
    /// Whether the last statement is still open at the end of the tokens (no
    /// line break ended it).
    pub(crate) open: bool,
    /// How many braces or brackets are open at the end.
    pub(crate) depth: usize,
}

/// Groups tokens into statements and segments, as the grammar does: a line
/// break ends a statement unless it is inside a block or next to an arrow.
pub(crate) fn outline(tokens: &[Token]) -> Outline {
    let mut statements = Vec::new();
    let mut statement = Statement::default();
    let mut segment = Segment::default();
    let mut started = false;
    let mut depth = 0usize;
    let mut last: Option<Kind> = None;
    let mut in_tail = false;
    let arrow_follows = arrow_follows(tokens);
    for (index, token) in tokens.iter().copied().enumerate() {
        if depth > 0 {
            match token.kind {
                Kind::Open => depth += 1,
                Kind::Close => depth -= 1,
                _ => {}
            }
            if depth > 0 {
                segment.block.push(token);
            }
            segment.end = token.end;
            last = Some(token.kind);
            continue;
        }
        match token.kind {
            Kind::Newline => {
                let next_is_arrow = arrow_follows.get(index).copied().unwrap_or(false);
                if last == Some(Kind::Arrow) || next_is_arrow || !started {
                    continue;
                }
                statement.segments.push(std::mem::take(&mut segment));
                statements.push(std::mem::take(&mut statement));
                started = false;
                in_tail = false;
                last = None;
                continue;
            }
            Kind::Arrow => {
                if !started {
                    segment.start = token.start;
                }
                statement.segments.push(std::mem::take(&mut segment));
                segment.start = token.end;
                segment.end = token.end;
                in_tail = false;
            }
            Kind::Open => {
                depth += 1;
                segment.has_block = true;
            }
            Kind::Close => {}
            Kind::Equals => in_tail = true,
            Kind::Word | Kind::Str | Kind::Comma => {
                if !in_tail {
                    if segment.head.is_none() && segment.arguments.is_empty() {
                        segment.start = token.start;
                        if token.kind == Kind::Word {
                            segment.head = Some(token);
                        } else {
                            segment.arguments.push(token);
                        }
                    } else {
                        segment.arguments.push(token);
                    }
                }
            }
        }
        started = true;
        segment.end = token.end;
        last = Some(token.kind);
    }
    let open = started || depth > 0;
    if open {
        statement.segments.push(segment);
        statements.push(statement);
    }
    Outline {
        statements,
        open,
        depth,
    }
}

/// For each token, whether the first token after it that is not a line break
/// is `->`: one pass from the end, so that a long run of blank lines is not
/// walked again from each of its line breaks.
fn arrow_follows(tokens: &[Token]) -> Vec<bool> {
    let mut follows = vec![false; tokens.len()];
    let mut next_is_arrow = false;
    for (index, token) in tokens.iter().enumerate().rev() {
        follows[index] = next_is_arrow;
        if token.kind != Kind::Newline {
            next_is_arrow = token.kind == Kind::Arrow;
        }
    }
    follows
}

/// The byte offsets just past each line break that ends a statement, as the
/// grammar ends them (not inside a block or list, not next to an arrow): the
/// text between two of them holds whole statements only.
pub(crate) fn statement_ends(tokens: &[Token]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut depth = 0usize;
    let mut last: Option<Kind> = None;
    let arrow_follows = arrow_follows(tokens);
    for (index, token) in tokens.iter().enumerate() {
        match token.kind {
            Kind::Open => depth += 1,
            Kind::Close => depth = depth.saturating_sub(1),
            Kind::Newline if depth == 0 => {
                let continues =
                    last == Some(Kind::Arrow) || arrow_follows.get(index).copied().unwrap_or(false);
                if last.is_some() && !continues {
                    ends.push(token.end);
                    last = None;
                }
                continue;
            }
            _ => {}
        }
        if token.kind != Kind::Newline {
            last = Some(token.kind);
        }
    }
    ends
}

/// Declared resource names (name → service) and parameter names.
#[derive(Debug, Clone, Default)]
pub(crate) struct Names {
    /// `sqs ingest` declares `ingest` as an `sqs`.
    pub(crate) resources: HashMap<String, String>,
    /// `param environment`.
    pub(crate) params: HashSet<String>,
}

impl Names {
    /// Adds the declarations in one file's outline (first declaration wins).
    pub(crate) fn add(&mut self, text: &str, outline: &Outline, catalogue: &Catalogue) {
        for statement in &outline.statements {
            if statement.keyword(text) == Some("param") {
                if let Some(name) = statement
                    .segments
                    .first()
                    .and_then(|segment| segment.arguments.first())
                    .filter(|token| token.kind == Kind::Word)
                {
                    self.params.insert(name.text(text).to_string());
                }
                continue;
            }
            for segment in &statement.segments {
                let Some(spec) = segment
                    .head
                    .and_then(|head| catalogue.service(head.text(text)))
                else {
                    continue;
                };
                if spec.name == NameKind::Address {
                    continue;
                }
                if let Some(name) = declared_name(spec, segment, text) {
                    self.resources
                        .entry(name.text(text).to_string())
                        .or_insert_with(|| spec.service.clone());
                }
            }
        }
    }
}

/// The token that names the resource in a `service name ...` segment.
pub(crate) fn declared_name(spec: &ServiceSpec, segment: &Segment, text: &str) -> Option<Token> {
    let first = segment.arguments.first().copied()?;
    match spec.name {
        NameKind::Required | NameKind::Address => {
            matches!(first.kind, Kind::Word | Kind::Str).then_some(first)
        }
        NameKind::Optional => (first.kind == Kind::Word
            && !spec.options.contains_key(first.text(text)))
        .then_some(first),
    }
}

/// What a segment's head word is.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Role<'c> {
    /// A service keyword: the segment declares or names a resource of it.
    Service(&'c ServiceSpec),
    /// A declared name standing alone.
    Name(Option<&'c ServiceSpec>),
    /// A channel of the previous resource's service.
    Channel(&'c ServiceSpec, &'c str, &'c ChannelSpec),
    /// Nothing known (or no head).
    Unknown,
}

/// The role of every segment of a chain, decided left to right the way
/// `model::lower` decides it.
pub(crate) fn roles<'c>(
    segments: &[Segment],
    text: &str,
    catalogue: &'c Catalogue,
    names: &Names,
) -> Vec<Role<'c>> {
    let mut source: Option<&'c ServiceSpec> = None;
    let mut found = Vec::with_capacity(segments.len());
    for segment in segments {
        let Some(head) = segment.head.map(|head| head.text(text)) else {
            found.push(Role::Unknown);
            source = None;
            continue;
        };
        if let Some((spec, (name, channel))) =
            source.and_then(|spec| Some((spec, spec.channels.get_key_value(head)?)))
        {
            found.push(Role::Channel(spec, name.as_str(), channel));
        } else if let Some(spec) = catalogue.service(head) {
            found.push(Role::Service(spec));
            source = Some(spec);
        } else if let Some(service) = names.resources.get(head) {
            let spec = catalogue.service(service);
            found.push(Role::Name(spec));
            source = spec;
        } else {
            found.push(Role::Unknown);
            source = None;
        }
    }
    found
}

/// One place that names a resource or a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Occurrence {
    /// The identity: the name, or `service:address` for addresses.
    pub(crate) key: String,
    /// The name as shown.
    pub(crate) name: String,
    /// The resource's service (`None` for parameters).
    pub(crate) service: Option<String>,
    /// The name's byte range (strings with their quotes).
    pub(crate) start: usize,
    /// End of the name.
    pub(crate) end: usize,
    /// Whether a service keyword (or `param`) stands before the name.
    pub(crate) declaration: bool,
    /// The whole segment (for document symbols).
    pub(crate) segment: (usize, usize),
}

/// Every place in one file that names a resource or a parameter.
pub(crate) fn occurrences(
    text: &str,
    outline: &Outline,
    catalogue: &Catalogue,
    names: &Names,
) -> Vec<Occurrence> {
    let mut found = Vec::new();
    for statement in &outline.statements {
        if let Some(keyword) = statement.keyword(text) {
            if keyword == "param"
                && let Some(segment) = statement.segments.first()
                && let Some(name) = segment.arguments.first().filter(|t| t.kind == Kind::Word)
            {
                found.push(Occurrence {
                    key: name.text(text).to_string(),
                    name: name.text(text).to_string(),
                    service: None,
                    start: name.start,
                    end: name.end,
                    declaration: true,
                    segment: (segment.start, segment.end),
                });
            }
            continue;
        }
        let roles = roles(&statement.segments, text, catalogue, names);
        for (segment, role) in statement.segments.iter().zip(roles) {
            let owner = match role {
                Role::Service(spec) => {
                    if let Some(name) = declared_name(spec, segment, text) {
                        found.push(resource_occurrence(spec, name, true, segment, text));
                    }
                    Some(spec)
                }
                Role::Name(spec) => {
                    if let (Some(head), Some(spec)) = (segment.head, spec) {
                        found.push(resource_occurrence(spec, head, false, segment, text));
                    }
                    spec
                }
                Role::Channel(..) | Role::Unknown => None,
            };
            block_occurrences(segment, owner, text, catalogue, names, &mut found);
        }
    }
    found
}

fn resource_occurrence(
    spec: &ServiceSpec,
    name: Token,
    declaration: bool,
    segment: &Segment,
    text: &str,
) -> Occurrence {
    let value = name.value(text);
    let key = if spec.name == NameKind::Address {
        format!("{}:{value}", spec.service)
    } else {
        value.clone()
    };
    Occurrence {
        key,
        name: value,
        service: Some(spec.service.clone()),
        start: name.start,
        end: name.end,
        declaration,
        segment: (segment.start, segment.end),
    }
}

/// Clause targets (`subscribe sqs audit`) and parameter references in a block.
fn block_occurrences(
    segment: &Segment,
    owner: Option<&ServiceSpec>,
    text: &str,
    catalogue: &Catalogue,
    names: &Names,
    found: &mut Vec<Occurrence>,
) {
    for entry in entries(&segment.block) {
        let mut words = entry.iter().copied();
        let Some(first) = words.next() else { continue };
        let is_property = entry.get(1).is_some_and(|token| token.kind == Kind::Equals);
        if !is_property
            && let Some(owner) = owner
            && owner.channels.contains_key(first.text(text))
            && let Some(target) = entry.get(1).filter(|token| token.kind == Kind::Word)
        {
            let clause = Segment {
                head: Some(*target),
                arguments: entry.get(2..).unwrap_or_default().to_vec(),
                start: target.start,
                end: entry.last().map_or(target.end, |last| last.end),
                ..Segment::default()
            };
            if let Some(spec) = catalogue.service(target.text(text)) {
                if let Some(name) = declared_name(spec, &clause, text) {
                    found.push(resource_occurrence(spec, name, true, &clause, text));
                }
            } else if let Some(spec) = names
                .resources
                .get(target.text(text))
                .and_then(|service| catalogue.service(service))
            {
                found.push(resource_occurrence(spec, *target, false, &clause, text));
            }
            continue;
        }
        for (index, token) in entry.iter().enumerate() {
            let is_key = entry
                .get(index + 1)
                .is_some_and(|next| next.kind == Kind::Equals);
            if token.kind == Kind::Word
                && index > 0
                && !is_key
                && names.params.contains(token.text(text))
            {
                found.push(Occurrence {
                    key: token.text(text).to_string(),
                    name: token.text(text).to_string(),
                    service: None,
                    start: token.start,
                    end: token.end,
                    declaration: false,
                    segment: (segment.start, segment.end),
                });
            }
        }
    }
}

/// A block's entries at its own level: tokens between line breaks and commas
/// (nested maps and lists stay inside their entry).
pub(crate) fn entries(block: &[Token]) -> Vec<&[Token]> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (index, token) in block.iter().enumerate() {
        match token.kind {
            Kind::Open => depth += 1,
            Kind::Close => depth = depth.saturating_sub(1),
            Kind::Newline | Kind::Comma if depth == 0 => {
                if index > start {
                    found.push(&block[start..index]);
                }
                start = index + 1;
            }
            _ => {}
        }
    }
    if block.len() > start {
        found.push(&block[start..]);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        tokens(text).iter().map(|token| token.kind).collect()
    }

    #[test]
    fn arrows_end_words_and_numbers_are_words() {
        use Kind::{Arrow, Word};
        assert_eq!(kinds("a->b -5 x-y"), [Word, Arrow, Word, Word, Word]);
    }

    #[test]
    fn a_chain_continues_on_lines_that_start_with_an_arrow() {
        let text = "codecommit r\n  -> trigger on push main\n\n  -> lambda f\nsqs q";
        let outline = outline(&tokens(text));
        assert_eq!(outline.statements.len(), 2);
        assert_eq!(outline.statements[0].segments.len(), 3);
        assert!(outline.open);
    }

    #[test]
    fn a_string_goes_on_after_a_backslash_and_a_crlf_as_after_an_lf() {
        let text = "x \"a\\\r\n# b\" y";
        let found = tokens(text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[1].kind, Kind::Str);
        assert_eq!(found[1].value(text), "a\n# b");
        let lf = text.replace("\r\n", "\n");
        assert_eq!(tokens(&lf)[1].value(&lf), "a\n# b");
    }

    #[test]
    fn long_runs_of_blank_lines_are_read_once() {
        let text = format!(
            "sqs a{}-> lambda f\nsqs b{}",
            "\n".repeat(200_000),
            "\n".repeat(200_000)
        );
        let tokens = tokens(&text);
        let second = text.find("sqs b").unwrap();
        assert_eq!(statement_ends(&tokens), [second, second + "sqs b\n".len()]);
        assert_eq!(outline(&tokens).statements.len(), 2);
    }

    #[test]
    fn unterminated_strings_and_blocks_do_not_fail() {
        let text = "sns a { x = \"→ 🎉\n y = [1, 2";
        let outline = outline(&tokens(text));
        assert_eq!(outline.depth, 2);
        assert_eq!(outline.statements.len(), 1);
    }
}
