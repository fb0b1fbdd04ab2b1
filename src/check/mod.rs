//! Checks on the resolved model: per edge (can this channel reach that target?),
//! per node (schedule expressions), and whole graph (count limits).
//!
//! **Invariant:** checks read the model and the catalogue only; they never
//! change the model and do no IO. Every message comes from a rule in the catalogue.

mod access;
mod api_calls;
mod between;
mod credential_options;
pub mod dependencies;
mod edges;
mod event_sources;
mod existing;
mod facts;
mod formats;
mod graph;
mod http_routes;
mod ids;
mod names;
mod only_with;
mod option_targets;
mod raw_blocks;
mod references;
mod resources;
mod rule_targets;
mod scaling;
mod schedule;
mod substitutions;
mod target_calls;
mod trails;
mod watched_metrics;

pub use dependencies::{Environment, LeftOut};
pub(crate) use facts::property_holds;

use crate::catalogue::{Catalogue, ChannelSpec, LimitScope, Mechanism, ServiceSpec, codes};
use crate::diagnostics::{Diagnostic, Edit, Suggestion};
use crate::model::{Edge, Model, Resource};
use rustc_hash::FxHashMap as HashMap;

/// Runs every check.
#[must_use]
pub fn check(
    model: &Model,
    catalogue: &Catalogue,
    sources: &crate::source::SourceSet,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    ids::check(model, catalogue, &mut diagnostics);
    existing::check(model, catalogue, &mut diagnostics);
    names::check(model, catalogue, &mut diagnostics);
    raw_blocks::check(model, catalogue, &mut diagnostics);
    trails::check(model, catalogue, &mut diagnostics);
    for edge in &model.edges {
        reachability(model, catalogue, sources, edge, &mut diagnostics);
    }
    limits(model, catalogue, &mut diagnostics);
    resources::check(model, catalogue, &mut diagnostics);
    watched_metrics::check(model, catalogue, &mut diagnostics);
    graph::check(model, catalogue, &mut diagnostics);
    references::check(model, catalogue, &mut diagnostics);
    substitutions::check(model, catalogue, sources, &mut diagnostics);
    facts::check(
        model,
        catalogue,
        model.region.as_ref().map(|region| region.text.as_str()),
        &mut diagnostics,
    );
    edges::check(model, catalogue, &mut diagnostics);
    between::check(model, catalogue, &mut diagnostics);
    option_targets::check(model, catalogue, &mut diagnostics);
    scaling::check(model, catalogue, &mut diagnostics);
    access::check(model, catalogue, &mut diagnostics);
    formats::check(model, catalogue, sources, &mut diagnostics);
    rule_targets::check(model, catalogue, sources, &mut diagnostics);
    target_calls::check(model, catalogue, &mut diagnostics);
    http_routes::check(model, catalogue, sources, &mut diagnostics);
    schedule::check(model, catalogue, &mut diagnostics);
    api_calls::check(model, catalogue, &mut diagnostics);
    only_with::check(model, catalogue, &mut diagnostics);
    event_sources::check(model, catalogue, &mut diagnostics);
    credential_options::check(model, catalogue, &mut diagnostics);
    edges::forbidden(model, catalogue, &mut diagnostics);
    schedule::options(model, catalogue, &mut diagnostics);
    diagnostics
}

/// Every edge with its source and its channel's catalogue entry (edges whose
/// channel the catalogue lacks were reported when the model was lowered).
fn described_edges<'a>(
    model: &'a Model,
    catalogue: &'a Catalogue,
) -> impl Iterator<
    Item = (
        &'a crate::model::Edge,
        &'a Resource,
        &'a crate::catalogue::ChannelSpec,
    ),
> {
    model.edges.iter().filter_map(move |edge| {
        let source = model.resource(edge.from);
        let channel = catalogue.channel(&source.service, &edge.channel)?;
        Some((edge, source, channel))
    })
}

/// Every property a declaration sets together with what its service's
/// catalogue entry says of it, for checks driven by a property's facets.
fn described_properties<'a>(
    model: &'a Model,
    catalogue: &'a Catalogue,
) -> impl Iterator<
    Item = (
        &'a Resource,
        &'a str,
        &'a crate::catalogue::PropertySpec,
        &'a crate::model::PropertyValue,
    ),
> {
    model.resources.iter().flat_map(move |resource| {
        catalogue
            .service(&resource.service)
            .into_iter()
            .flat_map(|service| &service.properties)
            .filter_map(move |(property, spec)| {
                let value = resource.properties.get(property)?;
                Some((resource, property.as_str(), spec, value))
            })
    })
}

/// A target outside what the channel reaches; the help shows the corrected chain.
fn reachability(
    model: &Model,
    catalogue: &Catalogue,
    sources: &crate::source::SourceSet,
    edge: &Edge,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let source = model.resource(edge.from);
    let target = model.resource(edge.to);
    let Some(source_spec) = catalogue.service(&source.service) else {
        return;
    };
    let Some(channel) = source_spec.channels.get(&edge.channel) else {
        return;
    };
    if channel
        .reaches
        .iter()
        .any(|service| service == &target.service)
    {
        return;
    }
    let target_title = article(catalogue, &target.service);
    let reachable = channel
        .reaches
        .iter()
        .map(|service| format!("`{service}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let source_text = format!("{} {}", source.service, source.name);
    let channel_text = written_channel(sources, edge);
    let target_text = sources.get(edge.target_span.file).map_or_else(
        || format!("{} {}", target.service, target.name),
        |file| file.slice(edge.target_span).to_string(),
    );
    let via = channel
        .unreachable
        .as_ref()
        .and_then(|unreachable| unreachable.via.clone());
    let (fix, suggestion) = match &via {
        Some(via) if hop_reaches(catalogue, via, &target.service) => {
            let hop_name = format!("{}-{}", source.name, edge.channel);
            let hop = format!("{via} {hop_name}");
            let fix = format!("{source_text}{channel_text} -> {hop} -> {target_text}");
            let suggestion = Suggestion {
                title: format!("insert `{hop}` between the {} and the target", edge.channel),
                edits: vec![Edit {
                    span: crate::source::Span {
                        file: edge.target_span.file,
                        start: edge.target_span.start,
                        end: edge.target_span.start,
                    },
                    replacement: format!("{hop} -> "),
                }],
            };
            (fix, Some(suggestion))
        }
        _ => (String::new(), None),
    };
    let code = channel
        .unreachable
        .as_ref()
        .map_or(codes::UNREACHABLE_TARGET, |unreachable| {
            unreachable.rule.as_str()
        });
    let source_title = format!("{} `{}`", source_spec.title, source.name);
    let diagnostic = catalogue.report(
        code,
        edge.target_span,
        &[
            ("source", &source_title),
            ("channel", &edge.channel),
            ("target", &target_title),
            ("reachable", &reachable),
            ("fix", &fix),
        ],
    );
    let mut diagnostic = diagnostic.with_channel_label(edge);
    if diagnostic.primary.text.is_empty() {
        diagnostic.primary.text = format!("{target_title} cannot receive this");
    }
    // Without a hop to insert, a rule whose help needs `{fix}` gets the generic
    // sentence; a rule with help of its own (the EventBridge form, say) keeps it.
    let help_needs_fix = catalogue
        .rule(code)
        .and_then(|rule| rule.help.as_deref())
        .is_none_or(|help| help.contains("{fix}"));
    if fix.is_empty() && help_needs_fix {
        diagnostic.help = Some(format!(
            "wire the `{}` channel to one of {reachable}.",
            edge.channel
        ));
    }
    if let Some(alternative) = channel
        .unreachable
        .as_ref()
        .and_then(|unreachable| unreachable.alternative.clone())
    {
        diagnostic = diagnostic.with_note(alternative);
    }
    if let Some(note) = other_channel_note(source_spec, channel, edge, source, target) {
        diagnostic = diagnostic.with_note(note);
    }
    if let Some(suggestion) = suggestion {
        diagnostic = diagnostic.with_suggestion(suggestion);
    }
    diagnostics.push(diagnostic);
}

/// The channel as written, options included (`-> trigger on deployment-failure`);
/// nothing for an implicit channel.
fn written_channel(sources: &crate::source::SourceSet, edge: &Edge) -> String {
    if edge.implicit {
        String::new()
    } else {
        let written = sources
            .get(edge.channel_span.file)
            .filter(|_| {
                edge.channel_span.file == edge.target_span.file
                    && edge.channel_span.start < edge.target_span.start
            })
            .and_then(|file| {
                file.text
                    .get(edge.channel_span.start as usize..edge.target_span.start as usize)
            })
            .map(|text| {
                text.trim_end()
                    .trim_end_matches("->")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            });
        format!(" -> {}", written.unwrap_or_else(|| edge.channel.clone()))
    }
}

/// Whether the implicit channel of the `via` service reaches the target's service.
fn hop_reaches(catalogue: &Catalogue, via: &str, target_service: &str) -> bool {
    catalogue
        .service(via)
        .and_then(|spec| spec.channels.values().find(|candidate| candidate.implicit))
        .is_some_and(|hop_channel| {
            hop_channel
                .reaches
                .iter()
                .any(|service| service == target_service)
        })
}

/// Another channel of the source may reach this target (an alarm stops a
/// deployment group with `stop`, not with an action): say which.
/// Unless the rule's own alternative already names that channel.
fn other_channel_note(
    source_spec: &ServiceSpec,
    channel: &ChannelSpec,
    edge: &Edge,
    source: &Resource,
    target: &Resource,
) -> Option<String> {
    let alternative = channel
        .unreachable
        .as_ref()
        .and_then(|unreachable| unreachable.alternative.as_deref())
        .unwrap_or_default();
    let mut others: Vec<&str> = source_spec
        .channels
        .iter()
        .filter(|(name, other)| {
            name.as_str() != edge.channel
                && other
                    .reaches
                    .iter()
                    .any(|service| service == &target.service)
                && !alternative.contains(&format!("-> {name} "))
                // What code does and what a service delivers are different
                // things: neither stands in for the other.
                && (other.mechanism == Mechanism::CodeAccess)
                    == (channel.mechanism == Mechanism::CodeAccess)
        })
        .map(|(name, _)| name.as_str())
        .collect();
    others.sort_unstable();
    others.first().map(|other| {
        format!(
            "`{other}` reaches {}: `{} {} -> {other} -> {}`",
            target.service, source.service, source.name, target.name
        )
    })
}

/// Points at the channel word of an edge; an implicit channel has no word of its
/// own (its span is the target's), so it gets no label.
trait ChannelLabel {
    fn with_channel_label(self, edge: &Edge) -> Self;
}

impl ChannelLabel for Diagnostic {
    fn with_channel_label(self, edge: &Edge) -> Diagnostic {
        if edge.implicit {
            self
        } else {
            self.with_label(edge.channel_span, format!("{} declared here", edge.channel))
        }
    }
}

/// "an Amazon SNS topic", "a CodeCommit ..." — the service title with its article.
fn article(catalogue: &Catalogue, service: &str) -> String {
    let title = catalogue
        .service(service)
        .map_or(service.to_string(), |spec| spec.title.clone());
    let vowel = title.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']);
    format!("{} {title}", if vowel { "an" } else { "a" })
}

/// Count limits from the catalogue: per source (stream readers, subscription
/// filters, triggers), per rule (targets), per target (a deployment group's
/// alarms: the edges of one source service's channel reaching it) and per
/// source and event (an alarm's actions of one state).
fn limits(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    // (counted resource, what is counted, source service, channel, event) → edges;
    // the event is empty unless the channel counts per event.
    let mut counts: HashMap<(u32, Counted, &str, &str, &str), Vec<&Edge>> = HashMap::default();
    // Few channels count per target or per event: only their edges are counted twice.
    let scoped = |scope: LimitScope| -> Vec<(&str, &str)> {
        catalogue
            .services()
            .flat_map(|spec| {
                spec.channels
                    .iter()
                    .filter(|(_, channel)| channel.limits.iter().any(|limit| limit.per == scope))
                    .map(|(name, _)| (spec.service.as_str(), name.as_str()))
            })
            .collect()
    };
    let per_target = scoped(LimitScope::Target);
    let per_event = scoped(LimitScope::SourceEvent);
    for edge in &model.edges {
        let service = model.resource(edge.from).service.as_str();
        let channel = edge.channel.as_str();
        counts
            .entry((edge.from.0, Counted::Source, service, channel, ""))
            .or_default()
            .push(edge);
        if per_target.contains(&(service, channel)) {
            counts
                .entry((edge.to.0, Counted::Target, service, channel, ""))
                .or_default()
                .push(edge);
        }
        if per_event.contains(&(service, channel)) {
            for event in edge_events(catalogue, service, edge) {
                counts
                    .entry((edge.from.0, Counted::SourceEvent, service, channel, event))
                    .or_default()
                    .push(edge);
            }
        }
    }
    let mut keys: Vec<&(u32, Counted, &str, &str, &str)> = counts.keys().collect();
    keys.sort_unstable();
    for key in keys {
        let &(_, counted_as, service, channel_name, event) = key;
        let edges = &counts[key];
        let Some(channel) = catalogue.channel(service, channel_name) else {
            continue;
        };
        let per_target = counted_as == Counted::Target;
        let counted = if per_target {
            model.resource(edges[0].to)
        } else {
            model.resource(edges[0].from)
        };
        for limit in &channel.limits {
            if Counted::of(limit.per) != counted_as
                || edges.len() <= limit.max
                || limit
                    .when_counted
                    .as_ref()
                    .is_some_and(|test| !facts::property_holds(catalogue, counted, test))
            {
                continue;
            }
            let over = edges[limit.max];
            let count = edges.len().to_string();
            let max = limit.max.to_string();
            let mut diagnostic = catalogue
                .report(
                    &limit.rule,
                    over.target_span,
                    &[
                        ("name", &counted.name),
                        ("count", &count),
                        ("max", &max),
                        ("event", event),
                    ],
                )
                .with_note(format!("limit source: {}", limit.source))
                .with_note(format!("this limit is {}", limit.quota_note()));
            if !per_target {
                diagnostic = diagnostic.with_label(
                    counted.name_span,
                    format!("`{}` declared here", counted.name),
                );
            }
            for earlier in &edges[..limit.max] {
                diagnostic = diagnostic.with_label(earlier.target_span, "counted here");
            }
            diagnostics.push(diagnostic);
        }
    }
}

/// What a count groups edges by: their source (and a rule's targets, which
/// leave it), their target, or their source and each event they name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Counted {
    Source,
    Target,
    SourceEvent,
}

impl Counted {
    fn of(scope: LimitScope) -> Counted {
        match scope {
            LimitScope::Source | LimitScope::Rule => Counted::Source,
            LimitScope::Target => Counted::Target,
            LimitScope::SourceEvent => Counted::SourceEvent,
        }
    }
}

/// The events an edge names, or its channel's default events when it names none.
fn edge_events<'a>(catalogue: &'a Catalogue, service: &str, edge: &'a Edge) -> Vec<&'a str> {
    if edge.events.is_empty() {
        catalogue
            .channel(service, &edge.channel)
            .map(|channel| channel.default_events.iter().map(String::as_str).collect())
            .unwrap_or_default()
    } else {
        let mut events: Vec<&str> = edge
            .events
            .iter()
            .map(|event| event.text.as_str())
            .collect();
        events.sort_unstable();
        events.dedup();
        events
    }
}
