//! Pictures of the wiring (`wirec graph`): the resolved model as a graph with
//! one cluster per service, edges labelled by channel (and the events the
//! wiring chose), and the resources and edges that diagnostics point at
//! highlighted (errors red, warnings orange).
//!
//! [`Part::new`] turns one compilation's model and diagnostics into a small
//! drawing model; [`dot`], [`mermaid`] and [`svg`] render a list of parts (one
//! per root file). The SVG renderer lays the graph out itself
//! ([`layout`]), so no Graphviz is needed.
//! **Invariant:** pure and deterministic: the same model gives the same bytes.

pub mod layout;
mod render;

pub use render::{dot, mermaid, svg};

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Model;
use crate::source::{FileId, Span};

/// How a resource or an edge is highlighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mark {
    /// A warning points at it (orange).
    Warning,
    /// An error points at it (red).
    Error,
}

impl Mark {
    fn of(severity: Severity) -> Mark {
        match severity {
            Severity::Warning => Mark::Warning,
            Severity::Error => Mark::Error,
        }
    }

    /// `error` or `warning`: the class name used by every renderer.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Warning => "warning",
            Mark::Error => "error",
        }
    }
}

/// What the diagnostics say about one resource or edge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlight {
    /// The worst severity pointing at it, if any.
    pub mark: Option<Mark>,
    /// The codes pointing at it, sorted and without repeats.
    pub codes: Vec<String>,
}

impl Highlight {
    fn add(&mut self, severity: Severity, code: &str) {
        let mark = Mark::of(severity);
        self.mark = Some(self.mark.map_or(mark, |old| old.max(mark)));
        if let Err(index) = self
            .codes
            .binary_search_by(|known| known.as_str().cmp(code))
        {
            self.codes.insert(index, code.to_string());
        }
    }
}

/// A resource in the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Service keyword (`sns`).
    pub service: String,
    /// The resource's name (`ops-alerts`).
    pub name: String,
    /// Index of its cluster in [`Part::clusters`].
    pub cluster: usize,
    /// Whether it exists outside the template (`= existing "arn"`): drawn dashed.
    pub existing: bool,
    /// What the diagnostics say about it.
    pub highlight: Highlight,
}

/// A service's resources, drawn as one box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// Service keyword, the cluster's title.
    pub service: String,
    /// Indexes into [`Part::nodes`], in source order.
    pub nodes: Vec<usize>,
}

/// An edge in the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Index of the sending node.
    pub from: usize,
    /// Index of the receiving node.
    pub to: usize,
    /// The channel's name (`trigger`).
    pub channel: String,
    /// The events the wiring chose (empty: the channel's defaults).
    pub events: Vec<String>,
    /// What the diagnostics say about the edge itself (its channel).
    pub highlight: Highlight,
}

impl Link {
    /// The label's lines: the channel, then the chosen events if any.
    #[must_use]
    pub fn label_lines(&self) -> Vec<String> {
        let mut lines = vec![self.channel.clone()];
        if !self.events.is_empty() {
            lines.push(self.events.join(", "));
        }
        lines
    }
}

/// The picture of one root file and the files it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The caption: the root file's name.
    pub title: String,
    /// One per service, in order of the service's first resource.
    pub clusters: Vec<Cluster>,
    /// Resources in source order.
    pub nodes: Vec<Node>,
    /// Edges in source order.
    pub links: Vec<Link>,
    /// Diagnostics that point at nothing drawn (an undeclared name, a file).
    pub unplaced: usize,
}

impl Part {
    /// The picture of `model`, with `diagnostics` (those of the same
    /// compilation) marking the resources and edges their labels point at.
    ///
    /// A resource is marked when a label overlaps its first use, its
    /// declaration, or any edge end that names it; an edge is marked when a
    /// label overlaps its written channel clause (the channel word up to the
    /// target, with its events and options).
    #[must_use]
    pub fn new(title: impl Into<String>, model: &Model, diagnostics: &[Diagnostic]) -> Part {
        let mut clusters: Vec<Cluster> = Vec::new();
        let mut nodes = Vec::with_capacity(model.resources.len());
        for (index, resource) in model.resources.iter().enumerate() {
            let cluster = if let Some(cluster) = clusters
                .iter()
                .position(|cluster| cluster.service == resource.service)
            {
                cluster
            } else {
                clusters.push(Cluster {
                    service: resource.service.clone(),
                    nodes: Vec::new(),
                });
                clusters.len() - 1
            };
            if let Some(cluster) = clusters.get_mut(cluster) {
                cluster.nodes.push(index);
            }
            nodes.push(Node {
                service: resource.service.clone(),
                name: resource.name.clone(),
                cluster,
                existing: resource.existing.is_some(),
                highlight: Highlight::default(),
            });
        }
        let mut links: Vec<Link> = model
            .edges
            .iter()
            .map(|edge| Link {
                from: edge.from.0 as usize,
                to: edge.to.0 as usize,
                channel: edge.channel.clone(),
                events: edge.events.iter().map(|event| event.text.clone()).collect(),
                highlight: Highlight::default(),
            })
            .collect();

        let labels = Labels::new(diagnostics);
        let mut placed = vec![false; diagnostics.len()];
        let mut mark_node = |node: usize, span: Span, placed: &mut Vec<bool>| {
            for index in labels.overlapping(span) {
                if let (Some(diagnostic), Some(target)) =
                    (diagnostics.get(index), nodes.get_mut(node))
                {
                    target.highlight.add(diagnostic.severity, &diagnostic.code);
                    if let Some(flag) = placed.get_mut(index) {
                        *flag = true;
                    }
                }
            }
        };
        for (index, resource) in model.resources.iter().enumerate() {
            mark_node(index, resource.name_span, &mut placed);
            mark_node(index, resource.span, &mut placed);
            if let Some(declared) = resource.declared_at {
                mark_node(index, declared, &mut placed);
            }
        }
        for edge in &model.edges {
            mark_node(edge.from.0 as usize, edge.source_span, &mut placed);
            mark_node(edge.to.0 as usize, edge.target_span, &mut placed);
        }
        for (link, edge) in links.iter_mut().zip(&model.edges) {
            // An implicit channel's span is its target's; only a written
            // channel clause (the word, its events and options) is the edge's own.
            if edge.implicit {
                continue;
            }
            let clause = Span {
                end: edge.channel_span.end.max(edge.target_span.start),
                ..edge.channel_span
            };
            let clause = if clause.file == edge.target_span.file {
                clause
            } else {
                edge.channel_span
            };
            for index in labels.overlapping(clause) {
                if let Some(diagnostic) = diagnostics.get(index) {
                    link.highlight.add(diagnostic.severity, &diagnostic.code);
                    if let Some(flag) = placed.get_mut(index) {
                        *flag = true;
                    }
                }
            }
        }
        Part {
            title: title.into(),
            clusters,
            nodes,
            links,
            unplaced: placed.iter().filter(|placed| !**placed).count(),
        }
    }

    /// How many nodes carry each mark: (errors, warnings).
    #[must_use]
    pub fn marked(&self) -> (usize, usize) {
        let count = |mark: Mark| {
            self.nodes
                .iter()
                .filter(|node| node.highlight.mark == Some(mark))
                .count()
        };
        (count(Mark::Error), count(Mark::Warning))
    }
}

/// Every label span of a list of diagnostics, sorted for overlap queries.
struct Labels {
    /// (file, start, end, index of the diagnostic), sorted.
    spans: Vec<(FileId, u32, u32, usize)>,
    /// The longest label, which bounds how far before a span a label can start.
    longest: u32,
}

impl Labels {
    fn new(diagnostics: &[Diagnostic]) -> Labels {
        let mut spans: Vec<(FileId, u32, u32, usize)> = diagnostics
            .iter()
            .enumerate()
            .flat_map(|(index, diagnostic)| {
                std::iter::once(&diagnostic.primary)
                    .chain(&diagnostic.secondary)
                    .filter(|label| label.span.file != FileId::NONE)
                    .map(move |label| (label.span.file, label.span.start, label.span.end, index))
            })
            .collect();
        spans.sort_unstable();
        spans.dedup();
        let longest = spans
            .iter()
            .map(|(_, start, end, _)| end.saturating_sub(*start))
            .max()
            .unwrap_or(0);
        Labels { spans, longest }
    }

    /// Indexes of the diagnostics with a label that overlaps `span` (an empty
    /// label overlaps a span that contains its position, and the other way round).
    fn overlapping(&self, span: Span) -> Vec<usize> {
        if span.file == FileId::NONE {
            return Vec::new();
        }
        let low = (span.file, span.start.saturating_sub(self.longest), 0, 0);
        let first = self.spans.partition_point(|entry| *entry < low);
        let mut found: Vec<usize> = self.spans[first..]
            .iter()
            .take_while(|(file, start, _, _)| *file == span.file && *start <= span.end)
            .filter(|(_, start, end, _)| {
                let (start, end) = (*start, *end);
                if start == end || span.start == span.end {
                    start <= span.end && span.start <= end
                } else {
                    start < span.end && span.start < end
                }
            })
            .map(|(_, _, _, index)| *index)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}
