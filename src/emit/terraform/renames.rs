//! What a kind's spec (`stdlib/backends/kinds.yaml`) says, written without
//! code of the kind's own: renamed arguments, documents and nested blocks.

use super::{Props, Renderer, field, items};
use crate::plan::{Expr, Resource};
use serde_json::{Map, Value};

impl Renderer<'_> {
    /// Writes what the kind's spec renames: a generated name, each property
    /// that is set as the argument of the same meaning (a one-item list as its
    /// item, an object's fields as its own), documents as JSON strings and
    /// objects as nested blocks.
    pub(super) fn spec_arguments(
        &mut self,
        resource: &Resource,
        props: &mut Props<'_>,
        body: &mut Map<String, Value>,
    ) {
        let spec = resource.kind.spec();
        if let Some(generated) = &spec.generated_name {
            let given = generated
                .property
                .as_deref()
                .and_then(|property| props.get(property));
            let name = match given {
                Some(given) => self.value(given),
                None => self.generated_name(&resource.id, generated.max),
            };
            body.insert(generated.argument.clone(), name);
        }
        for (key, argument) in &spec.renames {
            let value = props.get(key);
            self.set(body, argument, value);
        }
        for (key, argument) in &spec.first_of {
            let first = items(props.get(key)).first();
            self.set(body, argument, first);
        }
        for (key, fields) in &spec.flatten {
            if let Some(source) = props.get(key) {
                for (field_key, argument) in fields {
                    self.set(body, argument, field(source, field_key));
                }
            }
        }
        for (key, argument) in &spec.documents {
            if let Some(document) = props.get(key) {
                let document = self.document(document);
                body.insert(argument.clone(), document);
            }
        }
        for (key, block) in &spec.blocks {
            self.spec_block(body, block, props.get(key));
        }
        for key in &spec.ignored {
            let _ = props.get(key);
        }
    }

    pub(super) fn set(&mut self, body: &mut Map<String, Value>, key: &str, expr: Option<&Expr>) {
        if let Some(expr) = expr {
            let value = self.value(expr);
            body.insert(key.to_string(), value);
        }
    }

    /// The `fields` of a CloudFormation object (key, Terraform argument), as
    /// one Terraform block's arguments.
    pub(super) fn renamed(&mut self, source: &Expr, fields: &[(&str, &str)]) -> Value {
        let mut block = Map::new();
        self.rename_into(&mut block, source, fields);
        Value::Object(block)
    }

    /// Writes the `fields` of a CloudFormation object (key, Terraform argument)
    /// that are set into `block`.
    pub(super) fn rename_into(
        &mut self,
        block: &mut Map<String, Value>,
        source: &Expr,
        fields: &[(&str, &str)],
    ) {
        for (key, argument) in fields {
            self.set(block, argument, field(source, key));
        }
    }

    /// The nested block (or, `repeated`, blocks) that `spec` makes of an
    /// object property (a list of them), fields renamed and object fields
    /// nested as the spec's own blocks (the catalogue's table is finite, so
    /// the recursion is as deep as `kinds.yaml` nests, never as input does).
    fn spec_block(
        &mut self,
        body: &mut Map<String, Value>,
        spec: &crate::catalogue::backend_kinds::BlockSpec,
        source: Option<&Expr>,
    ) {
        let sources: Vec<&Expr> = if spec.repeated {
            items(source).iter().collect()
        } else {
            source.into_iter().collect()
        };
        let mut blocks = Vec::with_capacity(sources.len());
        for source in sources {
            let mut block = Map::new();
            for (key, argument) in &spec.renames {
                self.set(&mut block, argument, field(source, key));
            }
            for (key, nested) in &spec.blocks {
                self.spec_block(&mut block, nested, field(source, key));
            }
            blocks.push(Value::Object(block));
        }
        if !blocks.is_empty() {
            body.insert(spec.argument.clone(), Value::Array(blocks));
        }
    }

    /// A nested block (`[{...}]` in JSON) from a map property, fields renamed.
    pub(super) fn block(
        &mut self,
        body: &mut Map<String, Value>,
        argument: &str,
        source: Option<&Expr>,
        fields: &[(&str, &str)],
    ) {
        let Some(source) = source else { return };
        let block = self.renamed(source, fields);
        body.insert(argument.into(), Value::Array(vec![block]));
    }

    /// A list of CloudFormation objects as Terraform's repeated nested blocks,
    /// one per item, fields renamed; nothing when the list is empty.
    pub(super) fn blocks(
        &mut self,
        body: &mut Map<String, Value>,
        name: &str,
        list: Option<&Expr>,
        fields: &[(&str, &str)],
    ) {
        let blocks: Vec<Value> = items(list)
            .iter()
            .map(|item| self.renamed(item, fields))
            .collect();
        if !blocks.is_empty() {
            body.insert(name.into(), Value::Array(blocks));
        }
    }
}
