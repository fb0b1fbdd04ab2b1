//! References `NAME.attribute` in property values: what each reads (from the
//! referenced declaration's [`Handle`] and its service's `attributes` in the
//! catalogue), and the order in which declarations are created so that a
//! referenced one's handle exists first.
//!
//! A reference is a `Ref`, `Fn::GetAtt` or literal, never a grant; the
//! backends derive the ordering from it (a literal, as a bucket's name, needs
//! none, which is how a function can name the bucket that notifies it).

use crate::ast;
use crate::catalogue::AttributeSource;
use crate::model::{Model, ResourceId};
use crate::plan::Expr;
use crate::plan::build::Cx;
use crate::plan::expr::{sub, text};

impl Cx<'_> {
    /// What a reference reads; `check` let through only references that resolve.
    pub(super) fn reference(&self, reference: &ast::Reference) -> Expr {
        let Some(id) = self.model.named(&reference.name.text) else {
            return text("");
        };
        let resource = self.model.resource(id);
        let Some(spec) = self
            .catalogue
            .service(&resource.service)
            .and_then(|service| service.attributes.get(&reference.attribute.text))
        else {
            return text("");
        };
        let handle = self.handle(id);
        if let (Some(existing), Some(template)) = (&resource.existing, &spec.existing) {
            return text(from_arn(template, &existing.text));
        }
        match (spec.from, &handle.logical) {
            (AttributeSource::Name, _) => handle.name.clone(),
            (AttributeSource::Ref, Some(logical)) => Expr::Ref(logical.clone()),
            (AttributeSource::Attribute, Some(logical)) => sub(format!(
                "${{{logical}.{}}}",
                spec.attribute.as_deref().unwrap_or("Arn")
            )),
            // Existing resources without a template were refused (E133).
            (AttributeSource::Arn, _)
            | (AttributeSource::Ref | AttributeSource::Attribute, None) => handle.arn.clone(),
        }
    }
}

/// An existing resource's attribute written from its ARN's parts
/// (`{partition}`, `{region}`, `{account}`, `{name}`, `{path}`).
#[must_use]
pub fn from_arn(template: &str, arn: &str) -> String {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let part = |index: usize| parts.get(index).copied().unwrap_or_default();
    let resource = part(5);
    let name = resource.rsplit([':', '/']).next().unwrap_or_default();
    let path = resource.split_once('/').map_or("", |(_, path)| path);
    template
        .replace("{partition}", part(1))
        .replace("{region}", part(3))
        .replace("{account}", part(4))
        .replace("{name}", name)
        .replace("{path}", path)
}

/// The order in which declarations are created: source order, except that a
/// declaration comes after those its properties refer to (`check` refused
/// circles, E134; one left here is broken at the declaration met again).
pub(super) fn creation_order(model: &Model) -> Vec<ResourceId> {
    let count = model.resources.len();
    if model.references.is_empty() && model.property_targets.is_empty() {
        return model.resources.iter().map(|resource| resource.id).collect();
    }
    let mut referred: Vec<Vec<ResourceId>> = vec![Vec::new(); count];
    // A property that names a declaration (`bus = orders`) reads its handle too.
    let pairs = model
        .references
        .iter()
        .map(|reference| (reference.from, reference.to))
        .chain(
            model
                .property_targets
                .iter()
                .map(|named| (named.from, named.to)),
        );
    for (from, to) in pairs {
        if let Some(list) = referred.get_mut(from.0 as usize) {
            list.push(to);
        }
    }
    // 0: not met, 1: being placed, 2: placed.
    let mut state = vec![0u8; count];
    let mut order = Vec::with_capacity(count);
    for resource in &model.resources {
        // A work list of (declaration, next reference to follow).
        let mut stack = vec![(resource.id, 0usize)];
        while let Some((id, next)) = stack.pop() {
            let index = id.0 as usize;
            if next == 0 {
                if state[index] != 0 {
                    continue;
                }
                state[index] = 1;
            }
            if let Some(&to) = referred[index].get(next) {
                stack.push((id, next + 1));
                if state[to.0 as usize] == 0 {
                    stack.push((to, 0));
                }
            } else {
                state[index] = 2;
                order.push(id);
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn existing_attributes_are_written_from_the_arn() {
        let queue = "arn:aws:sqs:eu-west-1:123456789012:jobs";
        assert_eq!(
            from_arn("https://sqs.{region}.amazonaws.com/{account}/{name}", queue),
            "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"
        );
        let parameter = "arn:aws:ssm:eu-west-1:123456789012:parameter/app/config";
        assert_eq!(from_arn("/{path}", parameter), "/app/config");
    }
}
