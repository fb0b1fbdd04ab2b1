//! A managed policy, and its attachment to each role as `aws_iam_role_policy_attachment`.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, _, own) = draft;
    // Terraform attaches a policy to a role with a resource of its own.
    let mut attachments = Vec::new();
    for role in items(props.get("Roles")) {
        let mut attachment = Map::new();
        let role = r.value(role);
        attachment.insert("role".into(), role);
        attachment.insert(
            "policy_arn".into(),
            json!(format!("${{aws_iam_policy.{own}.arn}}")),
        );
        let split_name = r.split_name("aws_iam_role_policy_attachment", own.to_string());
        attachments.push(format!("aws_iam_role_policy_attachment.{split_name}"));
        r.split_off(
            resource,
            "aws_iam_role_policy_attachment",
            split_name,
            attachment,
        );
    }
    if !attachments.is_empty() {
        r.attachments.insert(own.to_string(), attachments);
    }
}
