//! HTTP API routes (`route "METHOD /path"`), held to what API Gateway takes
//! as a route key: `$default`, or a method and a path of `/`-separated
//! segments, each literal text or a `{parameter}`, the last one perhaps
//! greedy (`{proxy+}`) (E412, at the character where it breaks); and one
//! route per key on an API (E413).

use std::collections::HashSet;

use crate::catalogue::{Catalogue, Mechanism, codes};
use crate::check::formats::range_span;
use crate::diagnostics::Diagnostic;
use crate::model::{Model, ResourceId};
use crate::source::SourceSet;

/// The methods a route key may name (`ANY` is every method).
const METHODS: [&str; 8] = [
    "ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT",
];

/// E412 and E413 for every route of every HTTP API.
pub(super) fn check(
    model: &Model,
    catalogue: &Catalogue,
    sources: &SourceSet,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut seen: HashSet<(ResourceId, &str)> = HashSet::new();
    for (edge, _, channel) in super::described_edges(model, catalogue) {
        if channel.mechanism != Mechanism::HttpRoute {
            continue;
        }
        let Some([key]) = edge.options.get("key").map(|value| value.values.as_slice()) else {
            continue;
        };
        if let Err((range, problem)) = problem(&key.text) {
            diagnostics.push(catalogue.report(
                codes::INVALID_ROUTE_KEY,
                range_span(key, sources, range),
                &[("key", &key.text), ("problem", &problem)],
            ));
            continue;
        }
        if !seen.insert((edge.from, key.text.as_str())) {
            diagnostics.push(catalogue.report(
                codes::DUPLICATE_ROUTE_KEY,
                key.span,
                &[
                    ("key", &key.text),
                    ("name", &model.resource(edge.from).name),
                ],
            ));
        }
    }
}

/// What is wrong with a route key, and the bytes where it goes wrong.
fn problem(key: &str) -> Result<(), (std::ops::Range<usize>, String)> {
    if key == "$default" {
        return Ok(());
    }
    let Some((method, path)) = key.split_once(' ') else {
        return Err((
            0..key.len(),
            "a route key is `METHOD /path` or `$default`".to_string(),
        ));
    };
    if !METHODS.contains(&method) {
        return Err((
            0..method.len(),
            format!(
                "`{method}` is not a method: use one of {}",
                METHODS.join(", ")
            ),
        ));
    }
    let start = method.len() + 1;
    if !path.starts_with('/') {
        return Err((start..start + 1, "the path starts with `/`".to_string()));
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    let mut offset = start + 1;
    let last = segments.len() - 1;
    for (index, segment) in segments.iter().enumerate() {
        let at = |from: usize, to: usize| offset + from..offset + to;
        if segment.is_empty() {
            // `/` alone is the root path; elsewhere a segment has a name.
            if segments.len() > 1 {
                return Err((
                    offset.saturating_sub(1)..offset,
                    "a path has no empty segment (`//` or a final `/`)".to_string(),
                ));
            }
        } else if let Some(inner) = segment.strip_prefix('{') {
            let Some(name) = inner.strip_suffix('}') else {
                return Err((
                    at(0, segment.len()),
                    "a `{` segment ends with `}` and holds only a parameter's name".to_string(),
                ));
            };
            let (name, greedy) = match name.strip_suffix('+') {
                Some(name) => (name, true),
                None => (name, false),
            };
            if greedy && index != last {
                return Err((
                    at(0, segment.len()),
                    "a greedy parameter (`{name+}`) is the path's last segment".to_string(),
                ));
            }
            if let Some(bad) = name.find(|character: char| {
                !(character.is_ascii_alphanumeric() || character == '_' || character == '-')
            }) {
                return Err((
                    at(1 + bad, 2 + bad),
                    "a parameter's name has letters, digits, `_` and `-` only".to_string(),
                ));
            }
            if name.is_empty() {
                return Err((at(0, segment.len()), "a parameter has a name".to_string()));
            }
        } else if let Some(bad) = segment.find(|character: char| {
            !(character.is_ascii_alphanumeric() || "-._~:@!&'()*,;=".contains(character))
        }) {
            return Err((
                at(bad, bad + 1),
                format!(
                    "`{}` cannot be in a path segment; a parameter is a whole segment, `{{name}}`",
                    &segment[bad..=bad]
                ),
            ));
        }
        offset += segment.len() + 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn keys_api_gateway_takes_pass() {
        for key in [
            "$default",
            "GET /",
            "POST /orders",
            "ANY /pets/{id}/toys",
            "GET /files/{proxy+}",
        ] {
            assert_eq!(problem(key), Ok(()), "{key}");
        }
    }

    #[test]
    fn a_broken_key_is_placed_where_it_breaks() {
        let at = |key: &str| problem(key).err().map(|(range, _)| range);
        assert_eq!(at("FETCH /orders"), Some(0..5));
        assert_eq!(at("POST orders"), Some(5..6));
        assert_eq!(at("GET /a/b{id}"), Some(8..9));
        assert_eq!(at("GET /{proxy+}/x"), Some(5..13));
        assert_eq!(at("GET /{i d}"), Some(7..8));
        assert_eq!(at("POST"), Some(0..4));
    }
}
