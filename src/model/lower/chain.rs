//! Chains: `source -> channel target -> ...`, each link an edge between two
//! endpoints through one of the source's channels.

use super::{Endpoint, Lowering, PendingChannel};
use crate::ast::{self, Argument, Segment};
use crate::catalogue::{NameKind, ServiceSpec, codes};
use crate::model::options;
use crate::model::{Edge, EdgeId};
use crate::suggest;

impl Lowering<'_> {
    pub(super) fn chain(&mut self, chain: &ast::Chain) {
        let mut source: Option<Endpoint> = None;
        let mut pending: Option<PendingChannel> = None;
        for (index, segment) in chain.segments.iter().enumerate() {
            if let Some(from) = source {
                let service = self.model.resource(from.id).service.clone();
                let Some(spec) = self.catalogue.service(&service) else {
                    return;
                };
                if spec.channels.contains_key(&segment.head.text) {
                    if let Some(previous) = &pending {
                        let diagnostic = self
                            .catalogue
                            .report(
                                codes::CHANNEL_WITHOUT_SOURCE,
                                segment.head.span,
                                &[("channel", &segment.head.text)],
                            )
                            .with_label(previous.span, "the previous channel");
                        self.diagnostics.push(diagnostic);
                        return;
                    }
                    pending = Some(self.channel(spec, segment));
                    if index + 1 == chain.segments.len() {
                        self.report(
                            codes::DANGLING_CHANNEL,
                            segment.span,
                            &[("channel", &segment.head.text)],
                        );
                    }
                    continue;
                }
                if self.unknown_channel(spec, segment) {
                    return;
                }
                let Some(to) = self.endpoint(segment) else {
                    return;
                };
                if spec.name == NameKind::Address {
                    let name = self.model.resource(from.id).name.clone();
                    self.report(codes::ADDRESS_AS_SOURCE, from.span, &[("name", &name)]);
                    return;
                }
                let channel = match pending.take() {
                    Some(channel) => channel,
                    None => match self.implicit_channel(spec, from, segment) {
                        Some(channel) => channel,
                        None => return,
                    },
                };
                self.model.add_edge(Edge {
                    id: EdgeId(0),
                    from: from.id,
                    to: to.id,
                    channel: channel.name,
                    channel_span: channel.span,
                    implicit: channel.implicit,
                    target_span: to.span,
                    events: channel.parsed.events,
                    branches: channel.parsed.branches,
                    options: channel.parsed.options,
                    source_span: from.span,
                });
                source = Some(to);
            } else {
                match self.first_endpoint(segment) {
                    Some(endpoint) => source = Some(endpoint),
                    None => return,
                }
            }
        }
    }

    /// The chain's first segment: a resource, not a channel with no source.
    fn first_endpoint(&mut self, segment: &Segment) -> Option<Endpoint> {
        if self.catalogue.service(&segment.head.text).is_none()
            && !self.names.contains_key(&segment.head.text)
            && self
                .catalogue
                .services()
                .any(|service| service.channels.contains_key(&segment.head.text))
        {
            self.report(
                codes::CHANNEL_WITHOUT_SOURCE,
                segment.head.span,
                &[("channel", &segment.head.text)],
            );
            return None;
        }
        self.endpoint(segment)
    }

    /// Reports a word after a source that is neither a service nor a name but
    /// reads as a channel (of any service, or close to one of the source's);
    /// true when it did.
    fn unknown_channel(&mut self, spec: &ServiceSpec, segment: &Segment) -> bool {
        if self.catalogue.service(&segment.head.text).is_none()
            && !self.names.contains_key(&segment.head.text)
        {
            let channels: Vec<&str> = spec.channels.keys().map(String::as_str).collect();
            let is_some_channel = self
                .catalogue
                .services()
                .any(|service| service.channels.contains_key(&segment.head.text));
            if is_some_channel
                || suggest::closest(&segment.head.text, channels.iter().copied()).is_some()
            {
                let hint = suggest::hint(&segment.head.text, &channels, "its channels are");
                self.report_replacing(
                    codes::UNKNOWN_CHANNEL,
                    segment.head.span,
                    &[
                        ("channel", &segment.head.text),
                        ("service", &spec.service),
                        ("hint", &hint),
                    ],
                    &segment.head.text,
                    &channels,
                );
                return true;
            }
        }
        false
    }

    /// The source's implicit channel, for a target written with no channel;
    /// a source without one reports the missing channel.
    fn implicit_channel(
        &mut self,
        spec: &ServiceSpec,
        from: Endpoint,
        segment: &Segment,
    ) -> Option<PendingChannel> {
        if let Some((name, _)) = spec.channels.iter().find(|(_, channel)| channel.implicit) {
            return Some(PendingChannel {
                name: name.clone(),
                span: segment.span,
                implicit: true,
                parsed: options::Parsed::default(),
            });
        }
        let names: Vec<&str> = spec.channels.keys().map(String::as_str).collect();
        let hint = if names.is_empty() {
            format!(
                "`{}` sends nothing by itself: it can only be a target.",
                spec.service
            )
        } else {
            format!(
                "name one of its channels: {}.",
                names
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let target_text = match segment.arguments.first() {
            Some(Argument::Word(name) | Argument::String(name)) => {
                format!("{} {}", segment.head.text, name.text)
            }
            _ => segment.head.text.clone(),
        };
        let diagnostic = self
            .catalogue
            .report(
                codes::MISSING_CHANNEL,
                segment.span,
                &[
                    ("service", &spec.service),
                    ("target", &target_text),
                    ("hint", &hint),
                ],
            )
            .with_label(from.span, "this source");
        self.diagnostics.push(diagnostic);
        None
    }
}
