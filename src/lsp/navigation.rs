//! Navigation: go to a resource's (or parameter's) definition, find every
//! segment that names it across the files the document `use`s (and the open
//! files that use it), and list a document's resources as symbols.

use super::scan::{self, Occurrence};
use super::{Session, View, convert};
use crate::catalogue::{Catalogue, NameKind};
use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams,
    GotoDefinitionResponse, Location, ReferenceParams, SymbolKind,
};
use std::collections::HashSet;

/// Where the name under the cursor is declared.
#[allow(
    clippy::needless_pass_by_value,
    reason = "every handler takes its parameters by value, as the dispatcher decodes them"
)]
pub(super) fn definition(
    session: &mut Session,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let position = params.text_document_position_params;
    let view = session.view(&position.text_document.uri)?;
    let occurrence = at(&view, view.offset(position.position))?;
    declaration(&view, &occurrence).map(GotoDefinitionResponse::Scalar)
}

/// Every place that names the resource (or parameter) under the cursor.
#[allow(
    clippy::needless_pass_by_value,
    reason = "every handler takes its parameters by value, as the dispatcher decodes them"
)]
pub(super) fn references(session: &mut Session, params: ReferenceParams) -> Option<Vec<Location>> {
    // Files that use this one are searched too, so their analyses must be current.
    session.analyze_all();
    let position = params.text_document_position;
    let view = session.view(&position.text_document.uri)?;
    let occurrence = at(&view, view.offset(position.position))?;
    let declared = declaration(&view, &occurrence);
    let mut found = Vec::new();
    for (path, text) in view.files() {
        let Some(uri) = convert::path_to_uri(&path) else {
            continue;
        };
        let tokens = scan::tokens(text);
        let outline = scan::outline(&tokens);
        let index = convert::LineIndex::new(text);
        for other in scan::occurrences(text, &outline, view.catalogue, &view.names) {
            if other.key != occurrence.key {
                continue;
            }
            let location = Location {
                uri: uri.clone(),
                range: index.range(text, other.start, other.end),
            };
            if !params.context.include_declaration && declared.as_ref() == Some(&location) {
                continue;
            }
            found.push(location);
        }
    }
    found.sort_by(|left, right| {
        (
            left.uri.as_str(),
            left.range.start.line,
            left.range.start.character,
        )
            .cmp(&(
                right.uri.as_str(),
                right.range.start.line,
                right.range.start.character,
            ))
    });
    found.dedup();
    Some(found)
}

/// One symbol per resource declared in the document, its kind by service.
#[allow(
    clippy::needless_pass_by_value,
    reason = "every handler takes its parameters by value, as the dispatcher decodes them"
)]
pub(super) fn symbols(
    session: &mut Session,
    params: DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let view = session.view(&params.text_document.uri)?;
    let mut seen = HashSet::new();
    let mut symbols = Vec::new();
    for occurrence in scan::occurrences(view.text, &view.outline, view.catalogue, &view.names) {
        let Some(service) = occurrence.service.as_deref() else {
            continue;
        };
        if !occurrence.declaration || !seen.insert(occurrence.key.clone()) {
            continue;
        }
        let spec = view.catalogue.service(service);
        #[allow(
            deprecated,
            reason = "`deprecated` is a required field of the protocol type"
        )]
        symbols.push(DocumentSymbol {
            name: occurrence.name.clone(),
            detail: Some(spec.map_or_else(
                || service.to_string(),
                |spec| format!("{service}: {}", spec.title),
            )),
            kind: kind(view.catalogue, service),
            tags: None,
            deprecated: None,
            range: view.range(occurrence.segment.0, occurrence.segment.1),
            selection_range: view.range(occurrence.start, occurrence.end),
            children: None,
        });
    }
    Some(DocumentSymbolResponse::Nested(symbols))
}

/// The occurrence of a name at `offset` in the document.
fn at(view: &View<'_>, offset: usize) -> Option<Occurrence> {
    scan::occurrences(view.text, &view.outline, view.catalogue, &view.names)
        .into_iter()
        .find(|occurrence| occurrence.start <= offset && offset <= occurrence.end)
}

/// Where a name is declared: the model's first `service name` segment (or
/// `param`), else the first declaring occurrence in the known files.
fn declaration(view: &View<'_>, occurrence: &Occurrence) -> Option<Location> {
    let ranges = view.ranges();
    let model = &view.analysis.compilation.model;
    let span = match occurrence.service.as_deref() {
        None => model
            .params
            .iter()
            .find(|param| param.name.text == occurrence.name)
            .map(|param| param.name.span),
        Some(service) => model
            .resources
            .iter()
            .find(|resource| {
                !resource.derived_name
                    && resource.name == occurrence.name
                    && (resource.service == service
                        || view
                            .catalogue
                            .service(service)
                            .is_some_and(|spec| spec.name != NameKind::Address))
            })
            .map(|resource| resource.name_span),
    };
    if let Some(span) = span
        && let Some(uri) = ranges.uri(span)
    {
        return Some(Location {
            uri,
            range: ranges.range(span),
        });
    }
    for (path, text) in view.files() {
        let tokens = scan::tokens(text);
        let outline = scan::outline(&tokens);
        let declared = scan::occurrences(text, &outline, view.catalogue, &view.names)
            .into_iter()
            .find(|other| other.key == occurrence.key && other.declaration);
        if let Some(declared) = declared {
            let index = convert::LineIndex::new(text);
            return Some(Location {
                uri: convert::path_to_uri(&path)?,
                range: index.range(text, declared.start, declared.end),
            });
        }
    }
    None
}

/// A symbol kind by what the service is: functions and workflows, queues,
/// topics and streams (events), stores, addresses, everything else a module.
fn kind(catalogue: &Catalogue, service: &str) -> SymbolKind {
    if catalogue
        .service(service)
        .is_some_and(|spec| spec.name == NameKind::Address)
    {
        return SymbolKind::STRING;
    }
    match service {
        "lambda" | "stepfunctions" | "codebuild" | "codepipeline" | "flink" => SymbolKind::FUNCTION,
        "sqs" | "sns" | "kinesis" | "firehose" | "events" | "schedule" => SymbolKind::EVENT,
        "s3" | "dynamodb" | "loggroup" | "opensearch" | "redshift" | "parameter" => {
            SymbolKind::STRUCT
        }
        "alarm" => SymbolKind::OPERATOR,
        _ => SymbolKind::MODULE,
    }
}
