//! `textDocument/completion`, following the catalogue: services (and declared
//! names) at the start of a chain; after `->` the channels the source offers,
//! or, after a channel, only the services it reaches and the names declared
//! with them; events after `on`; a channel's options; a block's properties and
//! clauses; after `NAME.` in a value, the attributes of the declared resource;
//! inside an alarm's `metric` string, the metrics AWS publishes.
//!
//! The text before the cursor is read with the forgiving scanner, since a line
//! being typed rarely parses.

use super::scan::{self, Kind, Role, Segment, Token};
use super::{Session, View, references};
use crate::catalogue::{ChannelSpec, PropertySpec, ServiceSpec, ValueKind};
use indexmap::IndexMap;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, Range, TextEdit,
};

/// The completions at a position.
#[allow(
    clippy::needless_pass_by_value,
    reason = "every handler takes its parameters by value, as the dispatcher decodes them"
)]
pub(super) fn completion(
    session: &mut Session,
    params: CompletionParams,
) -> Option<CompletionResponse> {
    let position = params.text_document_position;
    let view = session.view(&position.text_document.uri)?;
    let offset = view.offset(position.position);
    Some(CompletionResponse::Array(items(&view, offset)))
}

/// Candidates collected in order, each label once.
struct Items {
    found: IndexMap<String, CompletionItem>,
}

impl Items {
    fn add(&mut self, label: &str, kind: CompletionItemKind, detail: &str, documentation: &str) {
        if self.found.contains_key(label) {
            return;
        }
        self.found.insert(
            label.to_string(),
            CompletionItem {
                label: label.to_string(),
                kind: Some(kind),
                detail: (!detail.is_empty()).then(|| detail.to_string()),
                documentation: (!documentation.is_empty()).then(|| {
                    Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: documentation.trim().to_string(),
                    })
                }),
                ..CompletionItem::default()
            },
        );
    }

    fn service(&mut self, spec: &ServiceSpec) {
        self.add(
            &spec.service,
            CompletionItemKind::CLASS,
            &spec.title,
            &spec.summary,
        );
    }

    fn channel(&mut self, name: &str, channel: &ChannelSpec) {
        let detail = if channel.implicit {
            format!("{} (implicit)", channel.title)
        } else {
            channel.title.clone()
        };
        self.add(
            name,
            CompletionItemKind::FUNCTION,
            &detail,
            &channel.summary,
        );
    }

    fn option(&mut self, name: &str, spec: &PropertySpec) {
        self.add(name, CompletionItemKind::PROPERTY, "", &spec.doc);
    }
}

/// The completions at a byte offset, in the order they are offered.
pub(super) fn items(view: &View<'_>, offset: usize) -> Vec<CompletionItem> {
    if in_comment_or_string(view.text, offset) {
        return metric_items(view, offset);
    }
    // The word being typed is replaced; what stands before it is the context.
    let typing = view
        .tokens
        .iter()
        .find(|token| token.kind == Kind::Word && token.start < offset && offset <= token.end);
    let start = typing.map_or(offset, |token| token.start);
    if let Some(attributes) = typing.and_then(|token| attribute_items(view, *token, offset)) {
        return attributes;
    }
    let before: Vec<Token> = view
        .tokens
        .iter()
        .copied()
        .take_while(|token| token.start < start)
        .collect();
    let outline = scan::outline(&before);
    let mut items = Items {
        found: IndexMap::new(),
    };
    context(view, &outline, &mut items);
    let range = view.range(start, offset);
    items
        .found
        .into_values()
        .enumerate()
        .map(|(index, mut item)| {
            item.sort_text = Some(format!("{index:04}"));
            item.text_edit = Some(CompletionTextEdit::Edit(TextEdit {
                range: Range {
                    start: range.start,
                    end: range.end,
                },
                new_text: item.label.clone(),
            }));
            item
        })
        .collect()
}

fn context(view: &View<'_>, outline: &scan::Outline, items: &mut Items) {
    let text = view.text;
    let statement = match outline.statements.last() {
        Some(statement) if outline.open => statement,
        _ => return chain_start(view, items, true),
    };
    if statement.keyword(text).is_some() {
        return;
    }
    let segments = &statement.segments;
    let Some(current) = segments.last() else {
        return chain_start(view, items, true);
    };
    let roles = scan::roles(segments, text, view.catalogue, &view.names);
    let role = roles.last().copied().unwrap_or(Role::Unknown);
    if outline.depth > 0 {
        return block(view, current, role, outline.depth, items);
    }
    if current.head.is_none() && current.arguments.is_empty() {
        if segments.len() == 1 {
            return chain_start(view, items, true);
        }
        let previous = roles
            .len()
            .checked_sub(2)
            .and_then(|index| roles.get(index))
            .copied()
            .unwrap_or(Role::Unknown);
        return after_arrow(view, previous, items);
    }
    if current.has_block {
        return;
    }
    arguments(view, current, role, items);
}

/// At the start of a statement: keywords, services and declared names.
fn chain_start(view: &View<'_>, items: &mut Items, keywords: bool) {
    if keywords {
        for (keyword, detail) in [
            ("use", "read the wiring of another file"),
            ("param", "a deploy-time parameter"),
            ("region", "the region the wiring targets"),
        ] {
            items.add(keyword, CompletionItemKind::KEYWORD, detail, "");
        }
    }
    for spec in view.catalogue.services() {
        items.service(spec);
    }
    names(view, |_| true, items);
}

/// Names declared with a service that `keep` accepts, sorted.
fn names(view: &View<'_>, keep: impl Fn(&str) -> bool, items: &mut Items) {
    let mut declared: Vec<(&String, &String)> = view
        .names
        .resources
        .iter()
        .filter(|(_, service)| keep(service))
        .collect();
    declared.sort();
    for (name, service) in declared {
        let detail = match view.catalogue.service(service) {
            Some(spec) => format!("{service}: {}", spec.title),
            None => service.clone(),
        };
        items.add(name, CompletionItemKind::VARIABLE, &detail, "");
    }
}

/// After `->`: what the segment before the arrow allows.
fn after_arrow(view: &View<'_>, previous: Role<'_>, items: &mut Items) {
    match previous {
        Role::Channel(_, _, channel) => targets(view, channel, items),
        Role::Service(spec) | Role::Name(Some(spec)) => {
            for (name, channel) in &spec.channels {
                items.channel(name, channel);
            }
            if let Some(implicit) = spec.channels.values().find(|channel| channel.implicit) {
                targets(view, implicit, items);
            }
        }
        Role::Name(None) | Role::Unknown => chain_start(view, items, false),
    }
}

/// The services a channel reaches, and the names declared with them.
fn targets(view: &View<'_>, channel: &ChannelSpec, items: &mut Items) {
    for target in &channel.reaches {
        if let Some(spec) = view.catalogue.service(target) {
            items.service(spec);
        }
    }
    names(
        view,
        |service| channel.reaches.iter().any(|target| target == service),
        items,
    );
}

/// Inside a segment, after its head word.
fn arguments(view: &View<'_>, current: &Segment, role: Role<'_>, items: &mut Items) {
    let text = view.text;
    let words: Vec<&str> = current
        .arguments
        .iter()
        .filter(|token| token.kind == Kind::Word)
        .map(|token| token.text(text))
        .collect();
    let last = current.arguments.last().map(|token| token.text(text));
    match role {
        Role::Channel(_, _, channel) => {
            let keyword = current
                .arguments
                .iter()
                .rev()
                .map(|token| token.text(text))
                .find(|word| *word == "on" || channel.options.contains_key(*word));
            match keyword {
                Some(option) if last == Some(option) && option != "on" => {
                    if let Some(spec) = channel.options.get(option) {
                        values(spec, items);
                        // An option that names a declaration: those of the services it takes.
                        if spec.kind == ValueKind::Resource {
                            names(
                                view,
                                |service| spec.services.iter().any(|taken| taken == service),
                                items,
                            );
                        }
                    }
                }
                Some("on") if !channel.events.is_empty() => {
                    for event in &channel.events {
                        if !words.contains(&event.name.as_str()) {
                            items.add(
                                &event.name,
                                CompletionItemKind::ENUM_MEMBER,
                                "event",
                                &event.doc,
                            );
                        }
                    }
                }
                _ => {
                    if !channel.events.is_empty() && !words.contains(&"on") {
                        items.add(
                            "on",
                            CompletionItemKind::KEYWORD,
                            "the events to deliver",
                            "",
                        );
                    }
                    for (name, spec) in &channel.options {
                        if !words.contains(&name.as_str()) {
                            items.option(name, spec);
                        }
                    }
                    if let Some(spec) = channel
                        .positional
                        .as_ref()
                        .and_then(|positional| channel.options.get(positional))
                    {
                        values(spec, items);
                    }
                }
            }
        }
        Role::Service(spec) => {
            let named = scan::declared_name(spec, current, text).is_some();
            if current.arguments.is_empty() {
                // The name: one already declared with this service, or a new one.
                names(view, |service| service == spec.service, items);
            }
            let optional = spec.name == crate::catalogue::NameKind::Optional;
            if named || optional {
                if let Some(option) = last.and_then(|word| spec.options.get(word)) {
                    values(option, items);
                    return;
                }
                for (name, option) in &spec.options {
                    if !words.contains(&name.as_str()) {
                        items.option(name, option);
                    }
                }
            }
        }
        Role::Name(_) | Role::Unknown => {}
    }
}

/// After `NAME.` where a value stands: the attributes the declared resource
/// has, replacing what is typed after the dot.
fn attribute_items(view: &View<'_>, token: Token, offset: usize) -> Option<Vec<CompletionItem>> {
    let typed = view.text.get(token.start..offset)?;
    let (name, _) = references::split(typed)?;
    let index = view
        .tokens
        .iter()
        .position(|candidate| *candidate == token)?;
    if !references::in_value_position(&view.tokens, index, view.text) {
        return None;
    }
    let attributes = references::attributes(view, name);
    if attributes.is_empty() {
        return None;
    }
    let range = view.range(token.start + name.len() + 1, offset);
    let items = attributes
        .into_iter()
        .enumerate()
        .map(|(index, (attribute, spec))| CompletionItem {
            label: attribute.clone(),
            kind: Some(CompletionItemKind::FIELD),
            detail: Some(format!("{name}.{attribute}")),
            documentation: Some(Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: spec.doc.trim().to_string(),
            })),
            sort_text: Some(format!("{index:04}")),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range,
                new_text: attribute.clone(),
            })),
            ..CompletionItem::default()
        })
        .collect();
    Some(items)
}

/// The values a property or option takes, when they are a closed set.
fn values(spec: &PropertySpec, items: &mut Items) {
    if spec.kind == ValueKind::Bool {
        for value in ["true", "false"] {
            items.add(value, CompletionItemKind::VALUE, "", "");
        }
    }
    for value in &spec.values {
        items.add(value, CompletionItemKind::VALUE, "", &spec.doc);
    }
}

/// Inside a declaration block: properties and clauses, a property's values, a
/// clause's targets.
fn block(view: &View<'_>, current: &Segment, role: Role<'_>, depth: usize, items: &mut Items) {
    let (Role::Service(owner) | Role::Name(Some(owner))) = role else {
        return;
    };
    if depth > 1 {
        return;
    }
    let entry: &[Token] = match current
        .block
        .iter()
        .rposition(|token| matches!(token.kind, Kind::Newline | Kind::Comma | Kind::Open))
    {
        Some(index)
            if current
                .block
                .get(index)
                .is_some_and(|token| token.kind == Kind::Open) =>
        {
            return;
        }
        Some(index) => current.block.get(index + 1..).unwrap_or_default(),
        None => &current.block,
    };
    let text = view.text;
    match entry {
        [] => {
            let set: Vec<&str> = scan::entries(&current.block)
                .iter()
                .filter_map(|entry| entry.first().map(|token| token.text(text)))
                .collect();
            for (name, spec) in &owner.properties {
                if !set.contains(&name.as_str()) {
                    items.option(name, spec);
                }
            }
            for (name, channel) in &owner.channels {
                items.channel(name, channel);
            }
        }
        [key, equals] if equals.kind == Kind::Equals => {
            if let Some(spec) = owner.properties.get(key.text(text)) {
                values(spec, items);
            }
        }
        [channel] => {
            if let Some(channel) = owner.channels.get(channel.text(text)) {
                targets(view, channel, items);
            }
        }
        _ => {}
    }
}

/// Inside the string of a `metric = "..."` property (an alarm's): every metric
/// the catalogue lists, as `NAMESPACE METRIC`, replacing what is typed between
/// the opening quote and the cursor. Anywhere else in a string or comment:
/// nothing.
fn metric_items(view: &View<'_>, offset: usize) -> Vec<CompletionItem> {
    let text = view.text;
    let Some(index) = view
        .tokens
        .iter()
        .position(|token| token.kind == Kind::Str && token.start < offset && offset <= token.end)
    else {
        return Vec::new();
    };
    let (Some(key), Some(equals)) = (
        index.checked_sub(2).and_then(|at| view.tokens.get(at)),
        index.checked_sub(1).and_then(|at| view.tokens.get(at)),
    ) else {
        return Vec::new();
    };
    if equals.kind != Kind::Equals || key.text(text) != "metric" {
        return Vec::new();
    }
    // Whose property it is: the segment that the block belongs to.
    let before: Vec<Token> = view.tokens[..index - 2].to_vec();
    let outline = scan::outline(&before);
    let Some(statement) = outline.statements.last() else {
        return Vec::new();
    };
    let roles = scan::roles(&statement.segments, text, view.catalogue, &view.names);
    let Some(Role::Service(owner) | Role::Name(Some(owner))) = roles.last().copied() else {
        return Vec::new();
    };
    if outline.depth == 0 || !owner.properties.contains_key("metric") {
        return Vec::new();
    }
    let start = view.tokens[index].start + 1;
    let range = view.range(start, offset);
    let mut items = Vec::new();
    for namespace in view.catalogue.metric_namespaces() {
        for metric in &namespace.metrics {
            let label = format!("{} {metric}", namespace.namespace);
            items.push(CompletionItem {
                label: label.clone(),
                kind: Some(CompletionItemKind::VALUE),
                detail: Some(format!("published by AWS in {}", namespace.namespace)),
                sort_text: Some(format!("{:05}", items.len())),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: Range {
                        start: range.start,
                        end: range.end,
                    },
                    new_text: label,
                })),
                ..CompletionItem::default()
            });
        }
    }
    items
}

/// Whether `offset` is inside a comment or a string on its line.
fn in_comment_or_string(text: &str, offset: usize) -> bool {
    let offset = offset.min(text.len());
    let line_start = text
        .get(..offset)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |index| index + 1);
    let mut in_string = false;
    let mut escaped = false;
    for byte in text.as_bytes().get(line_start..offset).unwrap_or_default() {
        match byte {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'#' if !in_string => return true,
            _ => {}
        }
    }
    in_string
}
