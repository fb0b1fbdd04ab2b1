//! Channel options that are credentials (an API destination's `key`,
//! `password`, `client-secret`): the value is written into the template, so
//! it must name a `secret` parameter without a default (E379), never be a
//! literal.

use crate::catalogue::{Catalogue, codes};
use crate::diagnostics::Diagnostic;
use crate::model::Model;

/// E379 for every credential option that is not a secret parameter.
pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for (edge, _, channel) in super::described_edges(model, catalogue) {
        for (option, spec) in &channel.options {
            if !spec.credential {
                continue;
            }
            let Some(value) = edge.options.get(option) else {
                continue;
            };
            let Some(reason) = readable(model, &value.joined()) else {
                continue;
            };
            diagnostics.push(catalogue.report(
                codes::CREDENTIAL_OPTION_NOT_SECRET,
                value.span,
                &[
                    ("option", option),
                    ("target", &model.resource(edge.to).name),
                    ("reason", &reason),
                ],
            ));
        }
    }
}

/// Why `written` would be readable in the template or the stack; `None`
/// for a `secret` parameter without a default.
fn readable(model: &Model, written: &str) -> Option<String> {
    let Some(param) = model.params.iter().find(|param| param.name.text == written) else {
        return Some(
            "no parameter has this name: the value would be written into the template".to_string(),
        );
    };
    if !param.secret {
        Some(format!(
            "the parameter `{written}` is not `secret`: the console and the API show its value"
        ))
    } else if param.default.is_some() {
        Some(format!(
            "the default of the parameter `{written}` is written into the template"
        ))
    } else {
        None
    }
}
