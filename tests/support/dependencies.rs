//! The dependency graph of an emitted template, read from the template alone:
//! CloudFormation's `Ref`, `Fn::GetAtt`, `Fn::Sub` `${X}` and `DependsOn`,
//! Terraform's `${type.name...}` and `depends_on`. Both tools refuse a
//! template whose graph has a circle; [`cloudformation_circle`] and
//! [`terraform_circle`] find one the way they would.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Resource → the resources it waits for.
pub(crate) type Graph = BTreeMap<String, BTreeSet<String>>;

/// The CloudFormation template's graph.
pub(crate) fn cloudformation_graph(template: &Value) -> Graph {
    let Some(resources) = template["Resources"].as_object() else {
        return Graph::new();
    };
    let mut graph = Graph::new();
    for (id, resource) in resources {
        let mut named = BTreeSet::new();
        cloudformation_names(&resource["Properties"], &mut named);
        match &resource["DependsOn"] {
            Value::String(other) => {
                named.insert(other.clone());
            }
            Value::Array(others) => {
                named.extend(
                    others
                        .iter()
                        .filter_map(|other| other.as_str().map(str::to_string)),
                );
            }
            _ => {}
        }
        named.retain(|other| resources.contains_key(other));
        graph.insert(id.clone(), named);
    }
    graph
}

fn cloudformation_names(value: &Value, named: &mut BTreeSet<String>) {
    match value {
        Value::Object(entries) => {
            for (key, inner) in entries {
                match (key.as_str(), inner) {
                    ("Ref", Value::String(id)) => {
                        named.insert(id.clone());
                    }
                    ("Fn::GetAtt", Value::Array(pair)) => {
                        if let Some(id) = pair.first().and_then(Value::as_str) {
                            named.insert(id.to_string());
                        }
                    }
                    ("Fn::GetAtt", Value::String(dotted)) => {
                        named.insert(dotted.split('.').next().unwrap().to_string());
                    }
                    ("Fn::Sub", Value::String(template)) => sub_names(template, named),
                    ("Fn::Sub", Value::Array(parts)) => {
                        // Local variables are not resources; a variable's value may name one.
                        let locals: BTreeSet<String> = parts
                            .get(1)
                            .and_then(Value::as_object)
                            .map(|locals| locals.keys().cloned().collect())
                            .unwrap_or_default();
                        let mut in_text = BTreeSet::new();
                        if let Some(template) = parts.first().and_then(Value::as_str) {
                            sub_names(template, &mut in_text);
                        }
                        named.extend(in_text.into_iter().filter(|name| !locals.contains(name)));
                        if let Some(values) = parts.get(1) {
                            cloudformation_names(values, named);
                        }
                    }
                    _ => cloudformation_names(inner, named),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                cloudformation_names(item, named);
            }
        }
        _ => {}
    }
}

/// `${X}` and `${X.Attr}` in a `Fn::Sub` text (not `${!X}`, which is literal).
fn sub_names(template: &str, named: &mut BTreeSet<String>) {
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return;
        };
        let placeholder = &after[..end];
        if !placeholder.starts_with('!') {
            named.insert(placeholder.split('.').next().unwrap().to_string());
        }
        rest = &after[end + 1..];
    }
}

/// The Terraform configuration's graph (`resource` blocks by address).
pub(crate) fn terraform_graph(configuration: &Value) -> Graph {
    let mut addresses = BTreeSet::new();
    let mut bodies = Vec::new();
    if let Some(types) = configuration["resource"].as_object() {
        for (kind, blocks) in types {
            for (name, body) in blocks.as_object().into_iter().flatten() {
                let address = format!("{kind}.{name}");
                addresses.insert(address.clone());
                bodies.push((address, body));
            }
        }
    }
    let mut graph = Graph::new();
    for (address, body) in bodies {
        let mut named = BTreeSet::new();
        let mut waits = Vec::new();
        if let Some(after) = body["depends_on"].as_array() {
            waits.extend(after.iter().filter_map(Value::as_str).map(str::to_string));
        }
        let mut without = body.clone();
        if let Some(object) = without.as_object_mut() {
            object.remove("depends_on");
        }
        let text = without.to_string();
        for other in &addresses {
            if text.contains(&format!("{other}.")) || waits.contains(other) {
                named.insert(other.clone());
            }
        }
        graph.insert(address, named);
    }
    graph
}

/// A circle of the graph (its members, in order), if it has one.
pub(crate) fn circle(graph: &Graph) -> Option<Vec<String>> {
    // 0: not met, 1: on the current path, 2: done. Iterative depth first.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    for start in graph.keys() {
        if state.get(start.as_str()).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut path: Vec<(&str, Vec<&str>)> = vec![(start.as_str(), next_of(graph, start))];
        state.insert(start.as_str(), 1);
        while let Some((node, pending)) = path.last_mut() {
            let node = *node;
            let Some(next) = pending.pop() else {
                state.insert(node, 2);
                path.pop();
                continue;
            };
            match state.get(next).copied().unwrap_or(0) {
                0 => {
                    state.insert(next, 1);
                    path.push((next, next_of(graph, next)));
                }
                1 => {
                    let from = path.iter().position(|(member, _)| *member == next).unwrap();
                    return Some(
                        path[from..]
                            .iter()
                            .map(|(member, _)| (*member).to_string())
                            .collect(),
                    );
                }
                _ => {}
            }
        }
    }
    None
}

fn next_of<'g>(graph: &'g Graph, node: &str) -> Vec<&'g str> {
    graph
        .get(node)
        .map(|next| next.iter().map(String::as_str).collect())
        .unwrap_or_default()
}

/// A circle in the CloudFormation template, if any.
pub(crate) fn cloudformation_circle(template: &Value) -> Option<Vec<String>> {
    circle(&cloudformation_graph(template))
}

/// A circle in the Terraform configuration, if any.
pub(crate) fn terraform_circle(configuration: &Value) -> Option<Vec<String>> {
    circle(&terraform_graph(configuration))
}

/// Whether `from` waits for `to`, directly or through others.
pub(crate) fn waits_for(graph: &Graph, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut work = vec![from];
    while let Some(node) = work.pop() {
        if node == to && node != from {
            return true;
        }
        if seen.insert(node) {
            work.extend(next_of(graph, node));
        }
    }
    false
}
