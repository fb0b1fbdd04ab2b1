//! What the backends render: every declaration and every edge the catalogue
//! allows, but for the exceptions listed here with their reasons. A build of
//! wiring that uses one stops with `E801` instead of writing an incomplete
//! template.

use crate::catalogue::{Catalogue, ChannelSpec, codes, is_embedded_service};
use crate::diagnostics::Diagnostic;
use crate::model::Model;

/// Services of the catalogue whose declarations the backends do not create,
/// each with why: a wiring names them as `existing` resources.
const NOT_CREATED: &[(&str, &str)] = &[
    (
        "cloudfront",
        "a distribution needs its origins and behaviours, which the language does not describe; its logs are wired from an existing one",
    ),
    (
        "opensearch",
        "a domain's sizing, network and access policy are the user's; Firehose delivers to an existing one",
    ),
    (
        "opsworks",
        "OpsWorks Stacks reached end of life on 2024-05-26: every declaration is an error",
    ),
    (
        "vpc",
        "a network's subnets, routes and gateways are the user's; flow logs are wired from an existing one",
    ),
];

/// Channels of the catalogue through which the backends render no edge, each
/// with why (every other channel renders every target it `reaches`).
const NOT_RENDERED: &[(&str, &str, &str)] = &[
    (
        "inspector",
        "notify",
        "Inspector Classic's SNS notifications are retired: the channel exists so that check reports the EventBridge form",
    ),
    (
        "trustedadvisor",
        "notify",
        "Trusted Advisor publishes to no target directly: the channel exists so that check reports the EventBridge form",
    ),
];

/// Whether the backends render an edge through `channel` (the `word` of
/// `source`'s service) to `target`: every target the channel reaches, but for
/// the channels in `NOT_RENDERED`. Each mechanism renders every target the
/// stdlib lets its channels reach (the every-edge fixtures hold it to that);
/// a service a rule pack adds has no code in the backends.
#[must_use]
pub fn renders(channel: &ChannelSpec, word: &str, source: &str, target: &str) -> bool {
    is_embedded_service(source)
        && is_embedded_service(target)
        && channel.reaches.iter().any(|reached| reached == target)
        && !NOT_RENDERED
            .iter()
            .any(|(service, not_rendered, _)| *service == source && *not_rendered == word)
}

/// Whether the backends create a declared resource of `service`, or need
/// nothing created for it (an address, the account's own event source, a
/// database that a Firehose destination names); not for a service a rule pack
/// adds.
#[must_use]
pub fn creates(service: &str) -> bool {
    is_embedded_service(service)
        && !NOT_CREATED
            .iter()
            .any(|(not_created, _)| *not_created == service)
}

/// Every resource and edge of `model` that the backend cannot render yet.
#[must_use]
pub fn unsupported(model: &Model, catalogue: &Catalogue) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for resource in &model.resources {
        if resource.existing.is_none() && !creates(&resource.service) {
            let title = catalogue
                .service(&resource.service)
                .map_or(resource.service.clone(), |spec| spec.title.clone());
            diagnostics.push(catalogue.report(
                codes::BACKEND_UNSUPPORTED,
                resource.name_span,
                &[
                    ("what", &format!("{title} `{}`", resource.name)),
                    ("backend", "wirec's backends (CloudFormation, Terraform)"),
                ],
            ));
        }
    }
    for edge in &model.edges {
        let source = model.resource(edge.from);
        let target = model.resource(edge.to);
        let Some(channel) = catalogue.channel(&source.service, &edge.channel) else {
            continue;
        };
        if !renders(channel, &edge.channel, &source.service, &target.service) {
            diagnostics.push(catalogue.report(
                codes::BACKEND_UNSUPPORTED,
                edge.target_span,
                &[
                    (
                        "what",
                        &format!(
                            "`{} -> {} -> {}`",
                            source.service, edge.channel, target.service
                        ),
                    ),
                    ("backend", "wirec's backends (CloudFormation, Terraform)"),
                ],
            ));
        }
    }
    diagnostics
}
