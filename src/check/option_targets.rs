//! Channel options that name a declaration (`subscribe dead-letter orders-dlq`):
//! the named resource is held to what the edge's target would be held to
//! when the channel's service delivers to it through its resource policy (an
//! existing queue's policy replaced: W409; a key that cannot admit the
//! service: E389, W410), and to the property it must share with the edge's
//! source (`matches_source`: a FIFO topic's dead-letter queue is FIFO).
//! Declaration properties that name one (a universal target's
//! `dead-letter`) are held to its Region and refusal too.

use super::edges::{existing_policy_replaced, key_admits_principal};
use crate::ast;
use crate::catalogue::{Catalogue, PropertySpec, SameRegion};
use crate::diagnostics::Diagnostic;
use crate::model::{Model, Resource};

pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    property_targets(model, catalogue, diagnostics);
    for named in &model.option_targets {
        let edge = &model.edges[named.edge.0 as usize];
        let source = model.resource(edge.from);
        let target = model.resource(named.to);
        let Some(channel) = catalogue.channel(&source.service, &edge.channel) else {
            continue;
        };
        key_admits_principal(named.span, channel, target, catalogue, diagnostics);
        existing_policy_replaced(named.span, channel, target, catalogue, diagnostics);
        let Some(spec) = channel.options.get(&named.option) else {
            continue;
        };
        let named_at = Named {
            option: &named.option,
            span: named.span,
            source,
            target,
        };
        region_and_refusal(model, catalogue, &named_at, spec, diagnostics);
        let Some(matches) = &spec.matches_source else {
            continue;
        };
        let (Some(theirs), Some(ours)) = (
            setting(catalogue, target, &matches.property),
            setting(catalogue, source, &matches.property),
        ) else {
            continue;
        };
        if theirs != ours {
            diagnostics.push(
                catalogue
                    .report(
                        &matches.rule,
                        named.span,
                        &[
                            ("option", &named.option),
                            ("name", &target.name),
                            ("source", &source.name),
                            ("property", &matches.property),
                            ("theirs", &theirs),
                            ("ours", &ours),
                        ],
                    )
                    .with_label(
                        source.name_span,
                        format!("`{}` is {} = {ours}", source.name, matches.property),
                    ),
            );
        }
    }
}

/// Where an option or property names a declaration, and whose it is.
struct Named<'a> {
    option: &'a str,
    span: crate::source::Span,
    source: &'a Resource,
    target: &'a Resource,
}

/// Declaration properties that name a declaration (a universal target's
/// `dead-letter`), held to their spec's Region and refusal as an option is.
fn property_targets(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for named in &model.property_targets {
        let source = model.resource(named.from);
        let Some(spec) = catalogue
            .service(&source.service)
            .and_then(|service| service.properties.get(&named.property))
        else {
            continue;
        };
        let named_at = Named {
            option: &named.property,
            span: named.span,
            source,
            target: model.resource(named.to),
        };
        region_and_refusal(model, catalogue, &named_at, spec, diagnostics);
    }
}

/// The named declaration in the source's Region (`same_region`) and without
/// the setting the spec refuses (`refuses`: a FIFO dead-letter queue).
fn region_and_refusal(
    model: &Model,
    catalogue: &Catalogue,
    named: &Named<'_>,
    spec: &PropertySpec,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let target = named.target;
    if let Some(same) = &spec.same_region {
        same_region(
            model,
            catalogue,
            named.span,
            named.source,
            target,
            same,
            diagnostics,
        );
    }
    if let Some(refuses) = &spec.refuses
        && super::facts::property_holds(catalogue, target, &refuses.when)
    {
        diagnostics.push(
            catalogue
                .report(
                    &refuses.rule,
                    named.span,
                    &[("option", named.option), ("name", &target.name)],
                )
                .with_label(
                    target.name_span,
                    format!(
                        "`{}` is {} = {}",
                        target.name,
                        refuses.when.property,
                        setting(catalogue, target, &refuses.when.property).unwrap_or_default()
                    ),
                ),
        );
    }
}

/// An `existing` declaration an option names whose ARN is in another Region
/// than the edge's source (its own ARN's Region, else the wiring's `region`);
/// when neither is known, the source is deployed wherever the template is and
/// nothing is reported.
fn same_region(
    model: &Model,
    catalogue: &Catalogue,
    span: crate::source::Span,
    source: &Resource,
    target: &Resource,
    same: &SameRegion,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let source_region = super::facts::arn_region(source)
        .or_else(|| model.region.as_ref().map(|region| region.text.as_str()));
    let (Some(theirs), Some(ours)) = (super::facts::arn_region(target), source_region) else {
        return;
    };
    if theirs != ours {
        diagnostics.push(
            catalogue
                .report(
                    &same.rule,
                    span,
                    &[
                        ("name", &target.name),
                        ("source", &source.name),
                        ("theirs", theirs),
                        ("ours", ours),
                    ],
                )
                .with_label(
                    target.name_span,
                    format!("`{}` is in {theirs}", target.name),
                )
                .with_note(format!("source: {}", same.source)),
        );
    }
}

/// What a resource's `property` is, as written or by its catalogue default;
/// `None` for an existing resource that does not say (its settings are unknown).
fn setting(catalogue: &Catalogue, resource: &Resource, property: &str) -> Option<String> {
    if let Some(written) = resource.properties.get(property) {
        return match &written.value {
            ast::Value::Bool(flag, _) => Some(flag.to_string()),
            ast::Value::Word(text) | ast::Value::String(text) => Some(text.text.clone()),
            ast::Value::Number(number) => Some(number.literal.clone()),
            _ => None,
        };
    }
    if resource.existing.is_some() {
        return None;
    }
    let default = catalogue
        .service(&resource.service)?
        .properties
        .get(property)?
        .default
        .clone()?;
    yaml_text(&default)
}

/// A catalogue value as the text `setting` gives.
fn yaml_text(value: &serde_yaml_ng::Value) -> Option<String> {
    match value {
        serde_yaml_ng::Value::Bool(flag) => Some(flag.to_string()),
        serde_yaml_ng::Value::Number(number) => Some(number.to_string()),
        serde_yaml_ng::Value::String(text) => Some(text.clone()),
        _ => None,
    }
}
