//! Turns pest pairs into AST nodes. Pairs never leave this file.

use super::Rule;
use crate::ast::{
    Argument, Block, Chain, Clause, Entry, Item, List, Number, Param, Property, Reference, Region,
    Segment, Tail, Text, Use, Value,
};
use crate::source::{FileId, Span};
use pest::iterators::Pair;

fn span_of(file: FileId, pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    Span::new(file, span.start(), span.end())
}

fn text_of(file: FileId, pair: &Pair<'_, Rule>) -> Text {
    Text {
        text: pair.as_str().to_string(),
        span: span_of(file, pair),
    }
}

/// The top-level items of a `file` pair.
pub(super) fn items(file: FileId, file_pair: Pair<'_, Rule>) -> Vec<Item> {
    file_pair
        .into_inner()
        .filter_map(|pair| match pair.as_rule() {
            Rule::use_stmt => use_stmt(file, pair).map(Item::Use),
            Rule::param_stmt => param_stmt(file, pair).map(Item::Param),
            Rule::region_stmt => region_stmt(file, pair).map(Item::Region),
            Rule::chain => Some(Item::Chain(chain(file, pair))),
            _ => None,
        })
        .collect()
}

fn use_stmt(file: FileId, pair: Pair<'_, Rule>) -> Option<Use> {
    let span = span_of(file, &pair);
    let path = pair
        .into_inner()
        .find(|inner| inner.as_rule() == Rule::string)?;
    Some(Use {
        path: string(file, path),
        span,
    })
}

fn param_stmt(file: FileId, pair: Pair<'_, Rule>) -> Option<Param> {
    let span = span_of(file, &pair);
    let mut name = None;
    let mut default = None;
    let mut secret = false;
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::kw_param => {}
            Rule::kw_secret => secret = true,
            Rule::word if name.is_none() => name = Some(text_of(file, &inner)),
            _ => default = value(file, inner),
        }
    }
    Some(Param {
        name: name?,
        default,
        secret,
        span,
    })
}

fn region_stmt(file: FileId, pair: Pair<'_, Rule>) -> Option<Region> {
    let span = span_of(file, &pair);
    let name = pair.into_inner().find_map(|inner| match inner.as_rule() {
        Rule::string => Some(string(file, inner)),
        Rule::word => Some(text_of(file, &inner)),
        _ => None,
    })?;
    Some(Region { name, span })
}

fn chain(file: FileId, pair: Pair<'_, Rule>) -> Chain {
    let span = span_of(file, &pair);
    let segments = pair
        .into_inner()
        .filter(|inner| inner.as_rule() == Rule::segment)
        .filter_map(|inner| segment(file, inner))
        .collect();
    Chain { segments, span }
}

fn segment(file: FileId, pair: Pair<'_, Rule>) -> Option<Segment> {
    let span = span_of(file, &pair);
    let mut inner = pair.into_inner();
    let head = text_of(file, &inner.next()?);
    let mut arguments = Vec::new();
    let mut tail = None;
    for part in inner {
        match part.as_rule() {
            Rule::block => tail = Some(Tail::Block(block(file, part))),
            Rule::existing => {
                let arn = part
                    .into_inner()
                    .find(|item| item.as_rule() == Rule::string)?;
                tail = Some(Tail::Existing(string(file, arn)));
            }
            _ => arguments.extend(argument(file, part)),
        }
    }
    Some(Segment {
        head,
        arguments,
        tail,
        span,
    })
}

fn argument(file: FileId, pair: Pair<'_, Rule>) -> Option<Argument> {
    Some(match pair.as_rule() {
        Rule::word => Argument::Word(text_of(file, &pair)),
        Rule::string => Argument::String(string(file, pair)),
        Rule::number => Argument::Number(number(file, &pair)),
        Rule::list => Argument::List(list(file, pair)),
        Rule::comma => Argument::Comma(span_of(file, &pair)),
        _ => return None,
    })
}

fn block(file: FileId, pair: Pair<'_, Rule>) -> Block {
    let span = span_of(file, &pair);
    let entries = pair
        .into_inner()
        .filter_map(|inner| match inner.as_rule() {
            Rule::property => property(file, inner).map(Entry::Property),
            Rule::clause => clause(file, inner).map(Entry::Clause),
            _ => None,
        })
        .collect();
    Block { entries, span }
}

fn property(file: FileId, pair: Pair<'_, Rule>) -> Option<Property> {
    let span = span_of(file, &pair);
    let mut inner = pair.into_inner();
    let key = text_of(file, &inner.next()?);
    let value = value(file, inner.next()?)?;
    Some(Property { key, value, span })
}

fn clause(file: FileId, pair: Pair<'_, Rule>) -> Option<Clause> {
    let span = span_of(file, &pair);
    let mut inner = pair.into_inner();
    let head = text_of(file, &inner.next()?);
    let arguments = inner.filter_map(|part| argument(file, part)).collect();
    Some(Clause {
        head,
        arguments,
        span,
    })
}

fn value(file: FileId, pair: Pair<'_, Rule>) -> Option<Value> {
    Some(match pair.as_rule() {
        Rule::string => Value::String(string(file, pair)),
        Rule::number => Value::Number(number(file, &pair)),
        Rule::boolean => Value::Bool(pair.as_str() == "true", span_of(file, &pair)),
        Rule::list => Value::List(list(file, pair)),
        Rule::map => {
            let span = span_of(file, &pair);
            let properties = pair
                .into_inner()
                .filter_map(|inner| property(file, inner))
                .collect();
            Value::Map(properties, span)
        }
        Rule::word => Value::Word(text_of(file, &pair)),
        Rule::reference => {
            let span = span_of(file, &pair);
            let mut inner = pair.into_inner();
            let name = text_of(file, &inner.next()?);
            let attribute = text_of(file, &inner.next()?);
            Value::Reference(Reference {
                name,
                attribute,
                span,
            })
        }
        _ => return None,
    })
}

fn list(file: FileId, pair: Pair<'_, Rule>) -> List {
    let span = span_of(file, &pair);
    let items = pair
        .into_inner()
        .filter_map(|inner| value(file, inner))
        .collect();
    List { items, span }
}

fn number(file: FileId, pair: &Pair<'_, Rule>) -> Number {
    let literal = pair.as_str().to_string();
    let value = literal.parse::<f64>().unwrap_or(0.0);
    Number {
        literal,
        value,
        span: span_of(file, pair),
    }
}

fn string(file: FileId, pair: Pair<'_, Rule>) -> Text {
    let span = span_of(file, &pair);
    let raw = pair
        .into_inner()
        .find(|inner| inner.as_rule() == Rule::string_body)
        .map_or("", |body| body.as_str());
    Text {
        text: unescape(raw),
        span,
    }
}

/// A string's text: `\n` and `\t` are a line break and a tab, a backslash
/// before any other character stands for it, and a backslash before a CRLF
/// line break stands for a line break (`\n`), as before an LF one, so a
/// string means the same whichever line endings its file has.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(character) = chars.next() {
        if character == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('\r') if chars.next_if_eq(&'\n').is_some() => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(character);
        }
    }
    out
}
