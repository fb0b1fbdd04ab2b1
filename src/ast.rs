//! The typed syntax tree, with spans. Data only: no pest, no catalogue, no semantics.
//!
//! The tree mirrors the grammar: a file is a list of items; a chain is a list of
//! segments; whether a segment is a resource or a channel is decided later by
//! `model`, against the catalogue.

use crate::source::{FileId, Span};

/// One parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// Which file this is.
    pub file: FileId,
    /// Top-level items in source order.
    pub items: Vec<Item>,
}

/// A top-level statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `use "path"`.
    Use(Use),
    /// `param NAME [= default] [secret]`.
    Param(Param),
    /// `region "name"`.
    Region(Region),
    /// `a -> b -> c`, or a lone declaration.
    Chain(Chain),
}

/// `use "path"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Use {
    /// The quoted path.
    pub path: Text,
    /// The whole statement.
    pub span: Span,
}

/// `param NAME [= default] [secret]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The parameter's name.
    pub name: Text,
    /// Its default value.
    pub default: Option<Value>,
    /// Whether the value must not be echoed (CloudFormation `NoEcho`).
    pub secret: bool,
    /// The whole statement.
    pub span: Span,
}

/// `region "name"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// The region's name.
    pub name: Text,
    /// The whole statement.
    pub span: Span,
}

/// Segments joined by `->`.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// At least one segment.
    pub segments: Vec<Segment>,
    /// The whole chain.
    pub span: Span,
}

/// A head word, its arguments, and an optional block or `existing` reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The first word (a service, a channel, or a declared name).
    pub head: Text,
    /// Everything after the head, in order.
    pub arguments: Vec<Argument>,
    /// `{ ... }` or `= existing "arn"`.
    pub tail: Option<Tail>,
    /// The whole segment.
    pub span: Span,
}

/// A word with its span; also used for decoded string contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The text (for strings: decoded, without quotes).
    pub text: String,
    /// Where it stands (for strings: including the quotes).
    pub span: Span,
}

/// One argument of a segment or clause.
#[derive(Debug, Clone, PartialEq)]
pub enum Argument {
    /// A bare word.
    Word(Text),
    /// A quoted string.
    String(Text),
    /// A number.
    Number(Number),
    /// `[a, b]`.
    List(List),
    /// A separating comma.
    Comma(Span),
}

impl Argument {
    /// Where the argument stands.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Argument::Word(text) | Argument::String(text) => text.span,
            Argument::Number(number) => number.span,
            Argument::List(list) => list.span,
            Argument::Comma(span) => *span,
        }
    }
}

/// A number literal, kept as written so output reproduces it exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// The literal as written.
    pub literal: String,
    /// Its value.
    pub value: f64,
    /// Where it stands.
    pub span: Span,
}

/// `[value, ...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// The items.
    pub items: Vec<Value>,
    /// Including the brackets.
    pub span: Span,
}

/// What may follow a segment's arguments.
#[derive(Debug, Clone, PartialEq)]
pub enum Tail {
    /// `{ ... }`.
    Block(Block),
    /// `= existing "arn"`.
    Existing(Text),
}

/// `{ entries }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Properties and clauses in source order.
    pub entries: Vec<Entry>,
    /// Including the braces.
    pub span: Span,
}

/// One entry of a block.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// `key = value`.
    Property(Property),
    /// `subscribe email "ops@example.com"`.
    Clause(Clause),
}

/// `key = value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// The key.
    pub key: Text,
    /// The value.
    pub value: Value,
    /// The whole entry.
    pub span: Span,
}

/// A nested statement inside a block.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// Its first word.
    pub head: Text,
    /// The rest.
    pub arguments: Vec<Argument>,
    /// The whole clause.
    pub span: Span,
}

/// A property value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `"text"`.
    String(Text),
    /// `42`.
    Number(Number),
    /// `true` / `false`.
    Bool(bool, Span),
    /// `[a, b]`.
    List(List),
    /// `{ k = v }`.
    Map(Vec<Property>, Span),
    /// A bare word: a parameter reference.
    Word(Text),
    /// `NAME.attribute`: an attribute of a declared resource.
    Reference(Reference),
}

/// `NAME.attribute` as a value (`jobs.url`, `orders.stream-arn`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The declared name before the last dot.
    pub name: Text,
    /// The attribute after it.
    pub attribute: Text,
    /// The whole reference.
    pub span: Span,
}

impl Reference {
    /// The reference as written (`jobs.url`).
    #[must_use]
    pub fn written(&self) -> String {
        format!("{}.{}", self.name.text, self.attribute.text)
    }
}

impl Value {
    /// Where the value stands.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Value::String(text) | Value::Word(text) => text.span,
            Value::Number(number) => number.span,
            Value::Bool(_, span) | Value::Map(_, span) => *span,
            Value::List(list) => list.span,
            Value::Reference(reference) => reference.span,
        }
    }
}
