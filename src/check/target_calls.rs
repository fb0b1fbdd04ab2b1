//! Rule targets called through an edge-scoped role (catalogue
//! `receive.call`): a REST API method's `path-values` fill its path's `*`
//! segments one for one (E375), and a Redshift cluster's `jdbc-url` names
//! the provisioned cluster and database the Data API runs on (E376).

use crate::ast;
use crate::catalogue::{Catalogue, Mechanism, TargetCall, codes};
use crate::diagnostics::Diagnostic;
use crate::model::Model;
use crate::plan::target_call::{cluster_endpoint, path_wildcards};

/// E375 and E376 for every edge into a rule target with a `call`.
pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for (edge, _, channel) in super::described_edges(model, catalogue) {
        if channel.mechanism != Mechanism::RuleTarget {
            continue;
        }
        let target = model.resource(edge.to);
        let call = catalogue
            .service(&target.service)
            .and_then(|spec| spec.receive.as_ref())
            .and_then(|receive| receive.call);
        match call {
            Some(TargetCall::HttpParameters) => {
                let path = edge
                    .options
                    .get("path")
                    .map(crate::model::OptionValue::joined);
                let wildcards = path.as_deref().map_or(0, path_wildcards);
                let values = edge.options.get("path-values");
                let given = values.map_or(0, |values| values.values.len());
                if given != wildcards {
                    let span = values
                        .or_else(|| edge.options.get("path"))
                        .map_or(edge.channel_span, |option| option.span);
                    diagnostics.push(
                        catalogue
                            .report(
                                codes::PATH_VALUES_COUNT,
                                span,
                                &[
                                    ("path", path.as_deref().unwrap_or("/")),
                                    ("wildcards", &wildcards.to_string()),
                                    ("given", &given.to_string()),
                                ],
                            )
                            .with_label(edge.channel_span, "this rule target"),
                    );
                }
            }
            Some(TargetCall::RedshiftData) => {
                let Some(url) = target.properties.get("jdbc-url") else {
                    continue;
                };
                let readable = match &url.value {
                    ast::Value::String(text) => cluster_endpoint(&text.text).is_some(),
                    _ => false,
                };
                if !readable {
                    diagnostics.push(
                        catalogue
                            .report(
                                codes::REDSHIFT_DATA_URL,
                                url.value.span(),
                                &[("name", &target.name)],
                            )
                            .with_label(edge.channel_span, "this rule target"),
                    );
                }
            }
            None => {}
        }
    }
}
