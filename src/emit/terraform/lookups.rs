//! Existing resources as data sources: looked up in the Region their ARN
//! names, from the account that owns them, so that a wrong ARN fails at plan time.

use super::expr::{literal, quoted};
use super::{Renderer, name};
use crate::plan::logical_id;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// How the configuration refers to an existing resource.
pub(super) struct Lookup {
    pub(super) data_type: &'static str,
    pub(super) name: String,
    pub(super) body: Map<String, Value>,
    pub(super) used: bool,
    /// The locals that stand for it: local name → the value they fall back to.
    pub(super) locals: BTreeMap<String, (String, &'static str)>,
}

impl Renderer<'_> {
    /// Data sources for existing resources whose ARN names a Region: looked up
    /// there, so a wrong ARN fails at plan time rather than half-way through apply.
    pub(super) fn lookups(&mut self) {
        for existing in &self.context.existing {
            let Some((kind, key)) = existing
                .kind
                .and_then(|kind| Some((kind, kind.spec().lookup.as_deref()?)))
            else {
                continue;
            };
            let data_type = kind.terraform_type();
            let parts: Vec<&str> = existing.arn.splitn(6, ':').collect();
            let [_, _, _, region, account, resource] = parts.as_slice() else {
                continue;
            };
            // A qualified or nested ARN (an alias, a stream of a table) is not what a
            // lookup by name returns; keep it literal.
            if region.is_empty() || account.is_empty() || resource.split([':', '/']).count() > 2 {
                continue;
            }
            let lookup_name = resource
                .split([':', '/'])
                .nth(1)
                .unwrap_or(resource)
                .to_string();
            let mut body = Map::new();
            // Looked up only from the account that owns it: from another
            // account, the ARN is used as written (`text` falls back to it).
            self.needs.insert("aws_caller_identity");
            body.insert(
                "count".into(),
                json!(format!(
                    "${{data.aws_caller_identity.current.account_id == {} ? 1 : 0}}",
                    quoted(account)
                )),
            );
            body.insert(key.into(), json!(literal(&lookup_name)));
            body.insert("region".into(), json!(literal(region)));
            body.insert(
                "lifecycle".into(),
                json!({
                    "postcondition": [{
                        "condition": format!("${{self.arn == {}}}", quoted(&existing.arn)),
                        "error_message": format!(
                            "The existing {} `{}` must be {}.",
                            existing.service, existing.name, literal(&existing.arn)
                        ),
                    }]
                }),
            );
            body.insert(
                "//".into(),
                json!(format!(
                    "from {}; existing: looked up so that a wrong ARN fails at plan time",
                    self.location(existing.origin)
                )),
            );
            let index = self.lookups.len();
            self.existing.insert(existing.arn.clone(), (index, "arn"));
            if let Some(form) = &kind.spec().url_form {
                let values = [
                    ("region", *region),
                    ("account", *account),
                    ("name", &lookup_name),
                ];
                self.existing.insert(fill(form, &values), (index, "url"));
            }
            self.lookups.push(Lookup {
                data_type,
                name: name(&logical_id(&existing.name, "")),
                body,
                used: false,
                locals: BTreeMap::new(),
            });
        }
    }
}

/// `form` with each `{key}` replaced by its value, in one pass (a value is never
/// read again as a placeholder).
fn fill(form: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(form.len() + 32);
    let mut rest = form;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let value = after.find('}').and_then(|end| {
            let key = &after[..end];
            values
                .iter()
                .find(|(name, _)| *name == key)
                .map(|(_, value)| (*value, end))
        });
        if let Some((value, end)) = value {
            out.push_str(value);
            rest = &after[end + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fill_replaces_known_placeholders_once_and_keeps_the_rest() {
        let values = [("region", "{name}"), ("name", "q")];
        assert_eq!(
            fill("a/{region}/{name}/{other}/{", &values),
            "a/{name}/q/{other}/{"
        );
    }
}
