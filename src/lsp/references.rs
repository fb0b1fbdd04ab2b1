//! References `NAME.attribute` in the editor: the attributes a declared name
//! offers (completion after `NAME.`) and what one reads and renders to
//! (hover), from the catalogue's `attributes` and the compiled model.

use super::View;
use super::scan::{Kind, Token};
use crate::catalogue::{AttributeSource, AttributeSpec, ServiceSpec};
use crate::model::Resource;
use std::fmt::Write as _;

/// A declared name before a dot and what stands after it (`jobs.ur` →
/// `jobs`, `ur`); the name is everything before the last dot, as the grammar
/// reads it.
pub(super) fn split(word: &str) -> Option<(&str, &str)> {
    word.rsplit_once('.').filter(|(name, _)| !name.is_empty())
}

/// Whether the token at `index` stands where a value does: after `=`, or as an
/// item of a list.
pub(super) fn in_value_position(tokens: &[Token], index: usize, text: &str) -> bool {
    let Some(previous) = index.checked_sub(1).and_then(|at| tokens.get(at)) else {
        return false;
    };
    match previous.kind {
        Kind::Equals => true,
        Kind::Open | Kind::Comma | Kind::Newline => {
            // The innermost bracket still open before the token is a list's.
            let mut depth = 0usize;
            for token in tokens.iter().take(index).rev() {
                match token.kind {
                    Kind::Close => depth += 1,
                    Kind::Open if depth > 0 => depth -= 1,
                    Kind::Open => return token.text(text) == "[",
                    _ => {}
                }
            }
            false
        }
        _ => false,
    }
}

/// The declared resource a name refers to: its service, and the model's
/// resource when the document compiled far enough to have it.
fn declared<'a>(view: &'a View<'_>, name: &str) -> Option<(&'a ServiceSpec, Option<&'a Resource>)> {
    let service = view.names.resources.get(name)?;
    let spec = view.catalogue.service(service)?;
    let model = &view.analysis.compilation.model;
    let resource = model
        .named(name)
        .map(|id| model.resource(id))
        .filter(|resource| &resource.service == service);
    Some((spec, resource))
}

/// The attributes `name` has, in catalogue order: a `requires_channel` one
/// only with its edge, and for an existing resource only what its ARN gives.
pub(super) fn attributes<'a>(
    view: &'a View<'_>,
    name: &str,
) -> Vec<(&'a String, &'a AttributeSpec)> {
    let Some((spec, resource)) = declared(view, name) else {
        return Vec::new();
    };
    spec.attributes
        .iter()
        .filter(|(_, attribute)| available(view, resource, attribute))
        .collect()
}

fn available(view: &View<'_>, resource: Option<&Resource>, attribute: &AttributeSpec) -> bool {
    let existing = resource.is_some_and(|resource| resource.existing.is_some());
    if existing {
        return attribute.existing.is_some()
            || matches!(attribute.from, AttributeSource::Arn | AttributeSource::Name);
    }
    match &attribute.requires_channel {
        None => true,
        Some(channel) => resource.is_some_and(|resource| {
            view.analysis
                .compilation
                .model
                .outgoing(resource.id)
                .iter()
                .any(|edge| &edge.channel == channel)
        }),
    }
}

/// The hover of a reference: the attribute's doc and what the template holds
/// for it.
pub(super) fn section(view: &View<'_>, word: &str) -> Option<String> {
    let (name, attribute) = split(word)?;
    let (spec, resource) = declared(view, name)?;
    let found = spec.attributes.get(attribute)?;
    let mut out = format!(
        "**{name}.{attribute}**: {}\n\nAn attribute of `{name}` ({}); a reference, never a grant.",
        found.doc, spec.title
    );
    let logical = crate::plan::logical_id(name, &spec.logical_suffix);
    let existing = resource.and_then(|resource| resource.existing.as_ref());
    let renders = match (existing, found.from, &found.existing) {
        (Some(arn), _, Some(template)) => {
            format!("the text `{}`", crate::plan::from_arn(template, &arn.text))
        }
        (Some(arn), AttributeSource::Arn, None) => format!("the text `{}`", arn.text),
        (Some(arn), AttributeSource::Name, None) => {
            format!("the text `{}`", crate::plan::from_arn("{name}", &arn.text))
        }
        (Some(_), _, None) => "nothing: an existing resource's ARN does not give it (E133)".into(),
        (None, AttributeSource::Ref, _) => {
            format!(
                "CloudFormation `{{ \"Ref\": \"{logical}\" }}`, and the matching attribute in Terraform"
            )
        }
        (None, AttributeSource::Attribute, _) => {
            let attribute = found.attribute.as_deref().unwrap_or("Arn");
            format!(
                "CloudFormation `{{ \"Fn::GetAtt\": [\"{logical}\", \"{attribute}\"] }}`, Terraform `{}`",
                snake_case(attribute)
            )
        }
        (None, AttributeSource::Arn | AttributeSource::Name, _) => {
            let what = if found.from == AttributeSource::Arn {
                "ARN"
            } else {
                "name"
            };
            if found.literal {
                format!(
                    "the {what} by which wirec names `{logical}`, written as text (it orders nothing)"
                )
            } else {
                format!("the {what} by which wirec names `{logical}` in its policies")
            }
        }
    };
    let _ = write!(out, "\n\nRenders to {renders}.");
    Some(out)
}

/// `StreamArn` → `stream_arn`, as Terraform names CloudFormation's attributes.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (index, character) in name.chars().enumerate() {
        if character.is_ascii_uppercase() {
            if index > 0 {
                out.push('_');
            }
            out.push(character.to_ascii_lowercase());
        } else {
            out.push(character);
        }
    }
    out
}
