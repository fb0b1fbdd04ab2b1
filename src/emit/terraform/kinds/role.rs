//! A role, and its inline and managed policies as resources of their own; what
//! waits for the role waits for them (see `finish`).

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, _, own) = draft;
    let role = json!(format!("${{aws_iam_role.{own}.name}}"));
    let mut policies = Vec::new();
    for policy in items(props.get("Policies")) {
        let mut split = Map::new();
        split.insert("role".into(), role.clone());
        r.set(&mut split, "name", field(policy, "PolicyName"));
        if let Some(document) = field(policy, "PolicyDocument") {
            let document = r.document(document);
            split.insert("policy".into(), document);
        }
        let split_name = r.split_name("aws_iam_role_policy", own.to_string());
        policies.push(format!("aws_iam_role_policy.{split_name}"));
        r.split_off(resource, "aws_iam_role_policy", split_name, split);
    }
    for arn in items(props.get("ManagedPolicyArns")) {
        let mut split = Map::new();
        split.insert("role".into(), role.clone());
        let value = r.value(arn);
        split.insert("policy_arn".into(), value);
        let split_name = r.split_name("aws_iam_role_policy_attachment", own.to_string());
        policies.push(format!("aws_iam_role_policy_attachment.{split_name}"));
        r.split_off(
            resource,
            "aws_iam_role_policy_attachment",
            split_name,
            split,
        );
    }
    if !policies.is_empty() {
        r.role_policies.insert(own.to_string(), policies);
    }
}
