//! `textDocument/hover`: what the word under the cursor is in the catalogue (a
//! service with its channels, a channel with its events and targets, an event,
//! an option, a property, a resource, a reference `NAME.attribute`) and, on a
//! diagnostic's range, the rule's explanation.

use super::scan::{self, Kind, Role, Segment, Token};
use super::{Session, View, convert, references};
use crate::catalogue::{Catalogue, ChannelSpec, PropertySpec, RuleSpec, ServiceSpec};
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};
use std::fmt::Write as _;

/// The hover for a position: the word's meaning and the rules of the
/// diagnostics there, separated by rules.
#[allow(
    clippy::needless_pass_by_value,
    reason = "every handler takes its parameters by value, as the dispatcher decodes them"
)]
pub(super) fn hover(session: &mut Session, params: HoverParams) -> Option<Hover> {
    let position = params.text_document_position_params;
    let view = session.view(&position.text_document.uri)?;
    let offset = view.offset(position.position);
    let mut sections = Vec::new();
    let mut range = None;
    if let Some((token, section)) = word(&view, offset) {
        sections.push(section);
        range = Some(view.range(token.start, token.end));
    }
    let mut shown: Vec<&str> = Vec::new();
    for diagnostic in &view.analysis.compilation.diagnostics {
        let span = diagnostic.primary.span;
        let covers = span.file == view.analysis.root
            && (span.start as usize) <= offset
            && (offset < span.end as usize || (span.is_empty() && offset == span.start as usize));
        if !covers || shown.contains(&diagnostic.code.as_str()) {
            continue;
        }
        shown.push(&diagnostic.code);
        if let Some(rule) = view.catalogue.rule(&diagnostic.code) {
            sections.push(rule_section(rule, &view));
            range.get_or_insert_with(|| view.ranges().range(span));
        }
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range,
    })
}

/// The word at `offset` and what it means, if it means something.
fn word(view: &View<'_>, offset: usize) -> Option<(Token, String)> {
    let token = view
        .tokens
        .iter()
        .copied()
        .find(|token| matches!(token.kind, Kind::Word | Kind::Str) && token.touches(offset))?;
    let text = view.text;
    let catalogue = view.catalogue;
    if token.kind == Kind::Word
        && view
            .tokens
            .iter()
            .position(|candidate| *candidate == token)
            .is_some_and(|index| references::in_value_position(&view.tokens, index, text))
        && let Some(section) = references::section(view, token.text(text))
    {
        return Some((token, section));
    }
    for statement in &view.outline.statements {
        if statement.keyword(text).is_some() {
            continue;
        }
        let roles = scan::roles(&statement.segments, text, catalogue, &view.names);
        for (segment, role) in statement.segments.iter().zip(roles) {
            if token.end < segment.start || token.start > segment.end {
                continue;
            }
            if let Some(section) = in_segment(view, segment, role, token) {
                return Some((token, section));
            }
        }
    }
    None
}

fn in_segment(view: &View<'_>, segment: &Segment, role: Role<'_>, token: Token) -> Option<String> {
    let text = view.text;
    let catalogue = view.catalogue;
    let word = token.text(text);
    if segment.head == Some(token) {
        return match role {
            Role::Service(spec) => Some(service(spec, catalogue)),
            Role::Channel(source, name, channel) => {
                Some(channel_section(source, name, channel, catalogue))
            }
            Role::Name(Some(spec)) => Some(resource(word, spec)),
            Role::Name(None) | Role::Unknown => None,
        };
    }
    if segment.arguments.contains(&token) {
        return match role {
            Role::Channel(_, name, channel) => {
                if let Some(event) = channel.events.iter().find(|event| event.name == word) {
                    Some(
                        format!(
                            "**{word}**: an event of the `{name}` channel\n\n{}",
                            event.doc
                        )
                        .trim_end()
                        .to_string(),
                    )
                } else {
                    channel
                        .options
                        .get(word)
                        .map(|option| property(word, option, "option"))
                }
            }
            Role::Service(spec) => {
                if scan::declared_name(spec, segment, text) == Some(token) {
                    Some(resource(&token.value(text), spec))
                } else {
                    spec.options
                        .get(word)
                        .map(|option| property(word, option, "option"))
                }
            }
            Role::Name(_) | Role::Unknown => None,
        };
    }
    if !segment.block.contains(&token) {
        return None;
    }
    let (Role::Service(owner) | Role::Name(Some(owner))) = role else {
        return None;
    };
    for entry in scan::entries(&segment.block) {
        let Some(position) = entry.iter().position(|candidate| *candidate == token) else {
            continue;
        };
        let first = entry.first()?.text(text);
        let is_property = entry.get(1).is_some_and(|next| next.kind == Kind::Equals);
        return match position {
            0 if is_property => owner
                .properties
                .get(word)
                .map(|spec| property(word, spec, "property")),
            0 => owner
                .channels
                .get_key_value(word)
                .map(|(name, channel)| channel_section(owner, name, channel, catalogue)),
            1 if !is_property && owner.channels.contains_key(first) => {
                catalogue.service(word).map(|spec| service(spec, catalogue))
            }
            _ => None,
        };
    }
    None
}

/// A service: its title and summary, and each channel with what it reaches.
fn service(spec: &ServiceSpec, catalogue: &Catalogue) -> String {
    let mut out = format!("**{}**: {}", spec.service, spec.title);
    if !spec.summary.is_empty() {
        let _ = write!(out, "\n\n{}", spec.summary.trim());
    }
    if spec.channels.is_empty() {
        out.push_str("\n\nIt sends nothing by itself: it can only be a target.");
    } else {
        out.push_str("\n\nChannels:\n");
        for (name, channel) in &spec.channels {
            let implicit = if channel.implicit { " (implicit)" } else { "" };
            let _ = writeln!(
                out,
                "- `{name}`{implicit}: {} → {}",
                channel.title,
                reaches(channel, catalogue)
            );
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// A channel: its title and summary, its events and the services it reaches.
fn channel_section(
    source: &ServiceSpec,
    name: &str,
    channel: &ChannelSpec,
    catalogue: &Catalogue,
) -> String {
    let mut out = format!(
        "**{name}**: {}, a channel of `{}` ({})",
        channel.title, source.service, source.title
    );
    if !channel.summary.is_empty() {
        let _ = write!(out, "\n\n{}", channel.summary.trim());
    }
    if !channel.events.is_empty() {
        out.push_str("\n\nEvents (`on ...`):\n");
        for event in &channel.events {
            let default = if channel.default_events.contains(&event.name) {
                " (default)"
            } else {
                ""
            };
            let _ = write!(out, "- `{}`{default}", event.name);
            if !event.doc.is_empty() {
                let _ = write!(out, ": {}", event.doc);
            }
            out.push('\n');
        }
    }
    out.truncate(out.trim_end().len());
    let _ = write!(out, "\n\nReaches: {}", reaches(channel, catalogue));
    if !channel.options.is_empty() {
        let options: Vec<String> = channel
            .options
            .keys()
            .map(|option| format!("`{option}`"))
            .collect();
        let _ = write!(out, "\n\nOptions: {}", options.join(", "));
    }
    out
}

fn reaches(channel: &ChannelSpec, catalogue: &Catalogue) -> String {
    if channel.reaches.is_empty() {
        return "nothing".to_string();
    }
    channel
        .reaches
        .iter()
        .map(|target| match catalogue.service(target) {
            Some(spec) => format!("`{target}` ({})", spec.title),
            None => format!("`{target}`"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn resource(name: &str, spec: &ServiceSpec) -> String {
    format!("**{name}**: {} (`{}`)", spec.title, spec.service)
}

fn property(name: &str, spec: &PropertySpec, what: &str) -> String {
    let mut out = format!("**{name}** ({what})");
    if !spec.doc.is_empty() {
        let _ = write!(out, ": {}", spec.doc);
    }
    if !spec.values.is_empty() {
        let values: Vec<String> = spec
            .values
            .iter()
            .map(|value| format!("`{value}`"))
            .collect();
        let _ = write!(out, "\n\nOne of {}.", values.join(", "));
    }
    out
}

/// A rule's summary and explanation, with a link to its section of the reference.
fn rule_section(rule: &RuleSpec, view: &View<'_>) -> String {
    let severity = match rule.severity {
        crate::catalogue::SeveritySpec::Error => "error",
        crate::catalogue::SeveritySpec::Warning => "warning",
    };
    let mut out = format!(
        "**{}** `{}` ({severity}): {}\n\n{}",
        rule.code,
        rule.slug,
        rule.summary.trim(),
        rule.explanation.trim()
    );
    if let Some(link) = convert::rule_link(&rule.code, view.documented) {
        let _ = write!(
            out,
            "\n\n[{} in the diagnostics reference]({})",
            rule.code,
            link.as_str()
        );
    }
    out
}
