//! `wirec fmt`: the canonical layout is idempotent, keeps the meaning (the same
//! template, or the same diagnostics) and every comment in order; checked over
//! the examples, the every-edge fixture and a few hundred generated layouts.

use crate::support::format_oracle::{anchors, comments_of};
use crate::support::{self, wirec_in};
use wirec::catalogue::Catalogue;
use wirec::format::format;

// ---------------------------------------------------------------- oracles

/// What a text means: its diagnostic codes, and its CloudFormation template
/// without what names source lines (resources' `Metadata`, parameters'
/// `Description`), if it compiles.
fn meaning(text: &str, catalogue: &Catalogue) -> (Vec<String>, Option<serde_json::Value>) {
    let compilation = support::compile_text("main.wire", text, catalogue);
    let mut codes: Vec<String> = compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.clone())
        .collect();
    codes.sort();
    let template = compilation.cloudformation(catalogue).map(|mut template| {
        for (section, key) in [("Resources", "Metadata"), ("Parameters", "Description")] {
            if let Some(entries) = template
                .get_mut(section)
                .and_then(serde_json::Value::as_object_mut)
            {
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

/// The syntax tree without its spans (`Span { .. }` removed from its debug form).
fn shape(text: &str) -> String {
    let tree = wirec::syntax::parse(wirec::source::FileId::NONE, text).expect("parses");
    let debug = format!("{:?}", tree.items);
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(start) = rest.find("Span {") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').expect("a span closes") + start + 1;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Formats `text` and checks every property of the layout; returns the output.
fn check_formatting(name: &str, text: &str, catalogue: &Catalogue) -> String {
    let once = format(text).unwrap_or_else(|error| panic!("{name}: {error:?}\n{text}"));
    let twice = format(&once).unwrap_or_else(|error| panic!("{name}: {error:?}\n{once}"));
    assert_eq!(
        once, twice,
        "{name}: not idempotent\n--- input\n{text}\n--- once\n{once}"
    );
    assert_eq!(
        comments_of(text),
        comments_of(&once),
        "{name}: comments lost or reordered\n--- input\n{text}\n--- output\n{once}"
    );
    for (index, (before, after)) in anchors(text).iter().zip(anchors(&once)).enumerate() {
        assert!(
            after.0 == before.0 || (!before.1 && after.0 < before.0),
            "{name}: comment {index} moved from after {} tokens to after {}\n--- input\n{text}\n--- output\n{once}",
            before.0,
            after.0
        );
    }
    assert_eq!(
        shape(text),
        shape(&once),
        "{name}: tree changed\n--- input\n{text}\n--- output\n{once}"
    );
    assert_eq!(
        meaning(text, catalogue),
        meaning(&once, catalogue),
        "{name}: meaning changed\n--- input\n{text}\n--- output\n{once}"
    );
    if !once.is_empty() {
        assert!(
            once.ends_with('\n') && !once.ends_with("\n\n"),
            "{name}: end"
        );
        assert!(!once.starts_with('\n'), "{name}: leading blank line");
    }
    assert!(!once.contains("\n\n\n"), "{name}: two blank lines\n{once}");
    for line in once.lines() {
        assert_eq!(
            line,
            line.trim_end(),
            "{name}: trailing white space\n{once}"
        );
    }
    once
}

// ---------------------------------------------------------------- corpus

fn corpus() -> Vec<(String, String)> {
    let mut files: Vec<_> = support::examples();
    files.push("examples/rule-pack/alerts.wire".into());
    files.extend(support::every_edge_fixtures());
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            (path.display().to_string(), text)
        })
        .collect()
}

#[test]
fn the_examples_and_the_fixture_format_idempotently_keeping_meaning_and_comments() {
    let catalogue = support::catalogue();
    for (name, text) in corpus() {
        check_formatting(&name, &text, &catalogue);
    }
}

#[test]
fn the_examples_are_formatted() {
    let mut files = support::examples();
    files.push("examples/rule-pack/alerts.wire".into());
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let formatted = format(&text).expect("parses");
        assert_eq!(
            text,
            formatted,
            "{} is not formatted: run `wirec fmt {}`",
            path.display(),
            path.display()
        );
    }
}

/// The fixture is generated by tests/coverage.rs, which writes it through
/// `wirec::format::format`.
#[test]
fn the_every_edge_fixture_is_formatted() {
    for path in support::every_edge_fixtures() {
        let text = std::fs::read_to_string(&path).expect("readable");
        assert_eq!(text, format(&text).expect("parses"), "{}", path.display());
    }
}

// ---------------------------------------------------------------- layout

/// One case a line: the input and the formatted output.
const CASES: &[(&str, &str, &str)] = &[
    (
        "spacing",
        "\n\n  sns   alerts{display-name=\"Ops\",subscribe email \"a@b.c\"}\nregion us-east-1\nparam  retention=14   secret\nuse   \"other.wire\"\ncodecommit repo->trigger on push,create main->lambda hook\n\n\n\nsqs q { }\n\n",
        "sns alerts { display-name = \"Ops\", subscribe email \"a@b.c\" }\nregion \"us-east-1\"\nparam retention = 14 secret\nuse \"other.wire\"\ncodecommit repo -> trigger on push, create main -> lambda hook\n\nsqs q {}\n",
    ),
    (
        "strings",
        "sns a { display-name = \"tab\there \\q \\\\ \\\"x\\\" #1\" } # real\n",
        "sns a { display-name = \"tab\\there q \\\\ \\\"x\\\" #1\" } # real\n",
    ),
    (
        "chain_split",
        "codecommit repo # source\n# the trigger\n-> trigger on push main ->   # arrow\n lambda hook\n",
        "codecommit repo # source\n  # the trigger\n  -> trigger on push main # arrow\n  -> lambda hook\n",
    ),
    (
        "continuation_backslash",
        "s3 uploads -> notify on object-created \\\n    prefix \"in/\" -> sqs ingest\n",
        "s3 uploads\n  -> notify on object-created prefix \"in/\"\n  -> sqs ingest\n",
    ),
    (
        "block_rejoins_chain",
        "alarm cpu {   # open\n  metric = \"AWS/EC2 CPUUtilization\", above = 80\n\n\n  # last\n} -> sns alerts   # after\n",
        "alarm cpu { # open\n  metric = \"AWS/EC2 CPUUtilization\"\n  above = 80\n\n  # last\n} -> sns alerts # after\n",
    ),
    (
        "block_in_a_broken_chain",
        "sqs jobs\n  -> lambda worker { timeout = 30,\n  memory = 512 }\n  -> sqs done\n",
        "sqs jobs\n  -> lambda worker {\n    timeout = 30\n    memory = 512\n  }\n  -> sqs done\n",
    ),
    (
        "comment_inside_a_map_value",
        "s3 b {\n  tags = {\n    team = \"data\" # owner\n    env = \"dev\"\n  } # tags\n}\n",
        "s3 b {\n  # owner\n  tags = { team = \"data\", env = \"dev\" } # tags\n}\n",
    ),
    (
        "long_chain",
        "alarm alarm-events-stepfunctions { metric = \"AWS/EC2 CPUUtilization\", above = 80 } -> events -> stepfunctions machine\n",
        "alarm alarm-events-stepfunctions { metric = \"AWS/EC2 CPUUtilization\", above = 80 }\n  -> events\n  -> stepfunctions machine\n",
    ),
    (
        "long_block",
        "lambda a-function-with-a-long-name { runtime = \"python3.12\", handler = \"index.handler\", timeout = 30 }\n",
        "lambda a-function-with-a-long-name {\n  runtime = \"python3.12\"\n  handler = \"index.handler\"\n  timeout = 30\n}\n",
    ),
    (
        "only_comments",
        "\n  # one   \n\n\n\t# two\n",
        "# one\n\n# two\n",
    ),
    (
        "comment_ending_in_spaces",
        "sqs a # spaces   \n-> lambda b # more  \t\n",
        "sqs a # spaces\n  -> lambda b # more\n",
    ),
    (
        "digits_before_an_arrow",
        "sqs 5->lambda b\ndynamodb t -> stream batch 100->\n  # why\n  lambda c\nsqs 6 -> lambda d\n",
        "sqs 5 -> lambda b\ndynamodb t\n  -> stream batch 100\n  # why\n  -> lambda c\nsqs 6 -> lambda d\n",
    ),
    (
        "references",
        "sqs jobs\nparameter /app/config { value = \"{}\" }\nlambda api {environment={JOBS=jobs.url,C = /app/config.name,  L=\"jobs.url\"},tags={q=jobs.arn}}\n",
        "sqs jobs\nparameter /app/config { value = \"{}\" }\nlambda api {\n  environment = { JOBS = jobs.url, C = /app/config.name, L = \"jobs.url\" }\n  tags = { q = jobs.arn }\n}\n",
    ),
    ("empty", "\n\n   \n", ""),
    (
        // Found by fuzzing: the trailing comment of a lone `,` jumped ahead of
        // the comment above it.
        "comment_after_a_lone_comma",
        "sns r {\n  # a\n  , # b\n}\n",
        "sns r {\n  # a\n  # b\n}\n",
    ),
];

#[test]
fn inputs_take_the_canonical_layout() {
    let catalogue = support::catalogue();
    for (name, input, expected) in CASES {
        let output = check_formatting(name, input, &catalogue);
        assert_eq!(&output, expected, "{name}");
    }
}

#[test]
fn formatted_files_match_their_snapshots() {
    let inputs = [
        (
            "messy",
            "# CI wiring\n\n\nregion us-east-1\nparam   environment=\"dev\"   # the stage\n\n\nsns ops-alerts{display-name=\"Ops #1\",subscribe email \"ops@example.com\"}\ncodecommit app-repo   # repository\n\n  # triggers\n  ->trigger on push,create main,develop data \"ci\" -> lambda build-notifier{runtime=\"python3.12\",handler=\"index.handler\",timeout=30,tags={team=\"ci\",env=environment}}\n\n\n# alarms\nalarm web-cpu { metric = \"AWS/EC2 CPUUtilization\" ,above=80\n, for = \"3x5m\" # three periods\n}->sns ops-alerts\n# end\n",
        ),
        (
            "blocks",
            "lambda importer {\n\n  runtime = \"python3.12\"   # runtime\n\n\n  # the entry point\n  handler = \"importer.handler\", timeout = 60\n  memory = 512\n\n}\ns3 uploads { versioning = true, tags = { team = \"data\", env = \"dev\" } } -> notify on object-created prefix \"incoming/\" suffix \".csv\" -> sqs ingest -> lambda importer\n",
        ),
    ];
    for (name, input) in inputs {
        let output = check_formatting(name, input, &support::catalogue());
        insta::with_settings!({ snapshot_suffix => name, omit_expression => true, description => input }, {
            insta::assert_snapshot!("formatted", output);
        });
    }
}

/// The example in docs/language.md, "Formatting": its `text` block formats to its `wire` block.
#[test]
fn the_documented_example_is_what_fmt_writes() {
    let language = std::fs::read_to_string("docs/language.md").expect("readable");
    let section = &language[language
        .find("\n## Formatting")
        .expect("a Formatting section")..];
    let block = |fence: &str| {
        let start = section.find(fence).expect("a fenced block") + fence.len();
        let end = start + section[start..].find("```").expect("a closing fence");
        section[start..end].to_string()
    };
    let before = block("```text\n");
    let after = block("```wire\n");
    assert_eq!(format(&before).expect("parses"), after);
    check_formatting("docs/language.md", &before, &support::catalogue());
}

#[test]
fn a_syntax_error_is_the_parsers_diagnostic() {
    for text in ["s3 uploads -> notify ->\n", "lambda fn { timeout = }\n"] {
        let error = format(text).expect_err("does not parse");
        assert_eq!(error.code, "E001");
    }
}

// ---------------------------------------------------------------- generated

/// xorshift64*: a deterministic stream, so a failing case can be replayed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % bound as u64).unwrap()
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'list, T>(&mut self, items: &'list [T]) -> &'list T {
        &items[self.below(items.len())]
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Arrow,
    Break,
    Open,
    Close,
    Punct(char),
}

fn tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            ' ' | '\t' => {}
            '\n' => tokens.push(Token::Break),
            '{' => tokens.push(Token::Open),
            '}' => tokens.push(Token::Close),
            '[' | ']' | ',' | '=' => tokens.push(Token::Punct(character)),
            '-' if characters.peek() == Some(&'>') => {
                characters.next();
                tokens.push(Token::Arrow);
            }
            '"' => {
                let mut string = String::from('"');
                while let Some(inner) = characters.next() {
                    string.push(inner);
                    if inner == '\\' {
                        string.extend(characters.next());
                    } else if inner == '"' {
                        break;
                    }
                }
                tokens.push(Token::Word(string));
            }
            _ => {
                let mut word = String::from(character);
                while let Some(&next) = characters.peek() {
                    if " \t\n{}[],=\"".contains(next)
                        || (next == '-' && text_after_is_arrow(&characters))
                    {
                        break;
                    }
                    word.push(next);
                    characters.next();
                }
                tokens.push(Token::Word(word));
            }
        }
    }
    tokens
}

fn text_after_is_arrow(characters: &std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    let mut ahead = characters.clone();
    ahead.next() == Some('-') && ahead.next() == Some('>')
}

/// The statements of a formatted file (comment and blank lines dropped) in
/// units: an every-edge line that completes a Firehose stream joins the unit
/// of its edge, so that most generated files compile.
fn units(text: &str) -> Vec<Vec<String>> {
    let mut units: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let continues = line.starts_with(' ') || line.starts_with('}');
        let completes = line.starts_with("firehose firehose-from-");
        if continues && let Some(last) = units.last_mut().and_then(|unit| unit.last_mut()) {
            last.push('\n');
            last.push_str(line);
        } else if completes && let Some(unit) = units.last_mut() {
            unit.push(line.to_string());
        } else {
            units.push(vec![line.to_string()]);
        }
    }
    units
}

/// Statements with `#` inside strings, which must not be taken for comments,
/// and with a word of digits that the generator may write right before `->`.
const EXTRAS: &[&str] = &[
    "dynamodb digits-table -> stream batch 100 -> lambda digits-fn",
    "codecommit hash-repo { description = \"issue #42: \\\"quoted\\\" # not a comment\" }",
    "sns hash-topic { display-name = \"Ops #1\" } -> email \"ops+#1@example.com\"",
    "schedule hash-schedule \"rate(1 day)\" { description = \"tab\\there # no\" } -> lambda hash-fn",
    "param hash-param = \"a#b\"",
    "param hash-secret secret",
];

const COMMENT_TEXTS: &[&str] = &[
    "note",
    "say \"hi\" # twice",
    "a \\ backslash",
    "é → ✓",
    "trailing spaces   ",
    "\ttabbed",
    "{ not = a block }",
    "-> not an arrow",
];

struct Generator<'corpus> {
    random: Random,
    pool: &'corpus [Vec<String>],
    /// The comments written, in order.
    comments: Vec<String>,
}

impl Generator<'_> {
    fn space(&mut self) -> String {
        let count = 1 + self.random.below(3);
        (0..count)
            .map(|_| if self.random.chance(20) { '\t' } else { ' ' })
            .collect()
    }

    fn indent(&mut self) -> String {
        " ".repeat(self.random.below(6))
    }

    fn comment(&mut self) -> String {
        let text = format!(
            "# c{} {}",
            self.comments.len(),
            self.random.pick(COMMENT_TEXTS)
        );
        self.comments.push(text.trim_end().to_string());
        text
    }

    /// A line break, perhaps after a trailing comment and before own-line
    /// comments and blank lines.
    fn line_break(&mut self, blank_lines: bool) -> String {
        let mut out = String::new();
        if self.random.chance(25) {
            out += &self.space();
            out += &self.comment();
        }
        out.push('\n');
        while self.random.chance(25) {
            if blank_lines && self.random.chance(50) {
                out += &" ".repeat(self.random.below(2));
                out.push('\n');
            } else {
                out += &self.indent();
                out += &self.comment();
                out.push('\n');
            }
        }
        out += &self.indent();
        out
    }

    /// Tokens with random spaces, `\` continuations where allowed, and maps
    /// written across lines with comments inside when allowed.
    fn words(&mut self, tokens: &[Token], across_lines: bool, continuations: bool) -> String {
        let mut out = String::new();
        let mut index = 0;
        while index < tokens.len() {
            if index > 0 {
                if continuations && self.random.chance(5) {
                    out += " \\\n";
                    out += &self.indent();
                } else {
                    out += &self.space();
                }
            }
            match &tokens[index] {
                Token::Open if across_lines && self.random.chance(30) => {
                    // A map value, one property a line.
                    let end = matching(tokens, index);
                    out.push('{');
                    for property in split_entries(&tokens[index + 1..end]) {
                        out += &self.line_break(false);
                        out += &self.words(property, false, false);
                    }
                    out += &self.line_break(false);
                    out.push('}');
                    index = end;
                }
                token => out += &render(token),
            }
            index += 1;
        }
        out
    }

    fn block(&mut self, entries: &[&[Token]]) -> String {
        let mut out = String::from("{");
        if self.random.chance(50) {
            for (index, entry) in entries.iter().enumerate() {
                out += if index == 0 { " " } else { ", " };
                out += &self.words(entry, false, false);
            }
            out += " }";
            return out;
        }
        for (index, entry) in entries.iter().enumerate() {
            if index > 0 && self.random.chance(20) {
                out += ",";
                out += &self.space();
            } else {
                if index > 0 && self.random.chance(20) {
                    out.push(',');
                }
                out += &self.line_break(true);
            }
            out += &self.words(entry, true, false);
        }
        out += &self.line_break(true);
        out.push('}');
        out
    }

    fn segment(&mut self, tokens: &[Token]) -> String {
        let Some(open) = tokens.iter().position(|token| *token == Token::Open) else {
            return self.words(tokens, true, true);
        };
        let close = matching(tokens, open);
        let entries = split_entries(&tokens[open + 1..close]);
        let mut out = self.words(&tokens[..open], true, true);
        out += &self.space();
        out += &self.block(&entries);
        out += &self.words(&tokens[close + 1..], true, true);
        out
    }

    fn arrow(&mut self) -> String {
        match self.random.below(4) {
            0 => format!("{}->{}", self.line_break(true), self.space()),
            1 => format!("{}->{}", self.space(), self.line_break(true)),
            2 => "->".to_string(),
            _ => format!("{}->{}", self.space(), self.space()),
        }
    }

    fn statement(&mut self, text: &str) -> String {
        let tokens: Vec<Token> = tokens(text);
        let first = tokens.first().cloned();
        if matches!(&first, Some(Token::Word(word)) if ["param", "use", "region"].contains(&word.as_str()))
        {
            return self.words(&tokens, false, true);
        }
        // Line breaks outside blocks only continue a chain.
        let mut segments: Vec<Vec<Token>> = vec![Vec::new()];
        let mut depth = 0;
        for token in tokens {
            match token {
                Token::Arrow if depth == 0 => segments.push(Vec::new()),
                Token::Break if depth == 0 => {}
                token => {
                    if token == Token::Open {
                        depth += 1;
                    } else if token == Token::Close {
                        depth -= 1;
                    }
                    segments.last_mut().unwrap().push(token);
                }
            }
        }
        let mut out = String::new();
        for (index, segment) in segments.iter().enumerate() {
            if index > 0 {
                out += &self.arrow();
            }
            out += &self.segment(segment);
        }
        out
    }

    fn file(&mut self) -> String {
        let mut out = String::new();
        if self.random.chance(30) {
            out += &self.line_break(true);
        }
        let count = 2 + self.random.below(8);
        for index in 0..count {
            let unit = if self.random.chance(15) {
                vec![self.random.pick(EXTRAS).to_string()]
            } else {
                self.random.pick(self.pool).clone()
            };
            for (position, statement) in unit.iter().enumerate() {
                if index > 0 || position > 0 {
                    out += &self.line_break(true);
                    if self.random.chance(30) {
                        out.push('\n');
                    }
                }
                out += &self.statement(statement);
            }
        }
        if self.random.chance(70) {
            out += &self.line_break(true);
        }
        out
    }
}

fn render(token: &Token) -> String {
    match token {
        Token::Word(word) => word.clone(),
        Token::Arrow => "->".to_string(),
        Token::Break => "\n".to_string(),
        Token::Open => "{".to_string(),
        Token::Close => "}".to_string(),
        Token::Punct(punct) => punct.to_string(),
    }
}

/// The index of the brace that closes the one at `open`.
fn matching(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0;
    for (index, token) in tokens.iter().enumerate().skip(open) {
        match token {
            Token::Open => depth += 1,
            Token::Close => {
                depth -= 1;
                if depth == 0 {
                    return index;
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces in {tokens:?}")
}

/// Entries between braces, split at commas and line breaks outside nested brackets.
fn split_entries(tokens: &[Token]) -> Vec<&[Token]> {
    let mut entries = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (index, token) in tokens.iter().enumerate() {
        match token {
            Token::Open | Token::Punct('[') => depth += 1,
            Token::Close | Token::Punct(']') => depth -= 1,
            Token::Punct(',') | Token::Break if depth == 0 => {
                if index > start {
                    entries.push(&tokens[start..index]);
                }
                start = index + 1;
            }
            _ => {}
        }
    }
    if tokens.len() > start {
        entries.push(&tokens[start..]);
    }
    entries
}

#[test]
fn generated_layouts_format_idempotently_keeping_meaning_and_comments() {
    let catalogue = support::catalogue();
    let pool: Vec<Vec<String>> = corpus()
        .iter()
        .filter(|(name, _)| !name.ends_with("mistakes.wire"))
        .flat_map(|(_, text)| units(text))
        .collect();
    let mut compiled = 0;
    for seed in 1..=300_u64 {
        let mut generator = Generator {
            random: Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            pool: &pool,
            comments: Vec::new(),
        };
        let text = generator.file();
        let name = format!("seed {seed}");
        assert_eq!(
            comments_of(&text),
            generator.comments,
            "{name}: the generator's own comments\n{text}"
        );
        check_formatting(&name, &text, &catalogue);
        if meaning(&text, &catalogue).1.is_some() {
            compiled += 1;
        }
    }
    eprintln!("generated files that compile: {compiled} of 300");
    // Most cases compile, so templates are compared, not only diagnostics.
    assert!(
        compiled > 150,
        "only {compiled} of 300 generated files compile"
    );
}

// ---------------------------------------------------------------- command line

#[test]
fn fmt_rewrites_files_and_check_lists_them() {
    let folder = tempfile::tempdir().unwrap();
    let messy = "sqs   jobs->lambda worker # the worker\n";
    let tidy = "sqs jobs -> lambda worker # the worker\n";
    std::fs::write(folder.path().join("messy.wire"), messy).unwrap();
    std::fs::write(folder.path().join("tidy.wire"), tidy).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let permissions = std::fs::Permissions::from_mode(0o640);
        std::fs::set_permissions(folder.path().join("messy.wire"), permissions).unwrap();
    }

    let output = wirec_in(
        folder.path(),
        &["fmt", "--check", "tidy.wire", "messy.wire"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "messy.wire\n");
    let read = |name: &str| std::fs::read_to_string(folder.path().join(name)).unwrap();
    assert_eq!(read("messy.wire"), messy, "--check writes nothing");

    let output = wirec_in(folder.path(), &["fmt", "tidy.wire", "messy.wire"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(read("messy.wire"), tidy);
    assert_eq!(read("tidy.wire"), tidy);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(folder.path().join("messy.wire"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640, "the rewrite keeps the permissions");
    }
    let left: Vec<_> = std::fs::read_dir(folder.path()).unwrap().collect();
    assert_eq!(left.len(), 2, "no temporary file is left behind");

    let output = wirec_in(
        folder.path(),
        &["fmt", "--check", "tidy.wire", "messy.wire"],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
}

#[test]
fn fmt_reports_syntax_errors_with_one_and_unreadable_files_with_two() {
    let folder = tempfile::tempdir().unwrap();
    let broken = "lambda fn { timeout = }\n";
    std::fs::write(folder.path().join("broken.wire"), broken).unwrap();
    let output = wirec_in(folder.path(), &["fmt", "broken.wire"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("E001") && stderr.contains("broken.wire:1:"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(folder.path().join("broken.wire")).unwrap(),
        broken
    );

    let output = wirec_in(
        folder.path(),
        &["fmt", "--check", "missing.wire", "broken.wire"],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot read missing.wire"), "{stderr}");
}
