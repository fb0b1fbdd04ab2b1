//! A deployment group's trigger configurations.

use crate::plan::expr::{text, texts};
use crate::plan::glue::Glue;
use crate::plan::keys::{KEY_SENDER_ACTIONS, key_for_role};
use crate::plan::mechanisms::{EdgeCx, event_values};
use crate::plan::roles::allow;
use crate::plan::{Expr, Fields};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let source_logical = &cx.source_logical;
    // CodeDeploy publishes with the group's service role: an identity grant,
    // which no other service can use.
    if let Some(role) = &cx.source.role {
        allow(
            out,
            role,
            cx.origin,
            &["sns:Publish".to_string()],
            vec![cx.target.arn.clone()],
        );
        key_for_role(cx, out, role, cx.edge.to, &KEY_SENDER_ACTIONS);
    }
    let mut trigger = Fields::new();
    trigger.insert("TriggerName", text(cx.edge_name(cx.edge)));
    trigger.insert("TriggerTargetArn", cx.target.arn.clone());
    trigger.insert("TriggerEvents", texts(&event_values(cx.edge, cx.channel)));
    out.push_list(source_logical, "TriggerConfigurations", Expr::Map(trigger));
}

#[cfg(test)]
mod tests {
    use crate::plan::GrantForm;
    use crate::plan::test_support::plan_of;

    #[test]
    fn the_service_roles_publish_is_recorded() {
        let plan = plan_of("codedeploy app -> trigger -> sns deploys\n");
        let publish = plan.grants.iter().find(|grant| {
            grant.form == GrantForm::Identity && grant.actions == ["sns:Publish".to_string()]
        });
        assert!(
            publish.is_some_and(|grant| grant.role.as_deref() == Some(grant.holder.as_str())
                && format!("{:?}", grant.resource).contains("DeploysTopic")),
            "{:?}",
            plan.grants
        );
    }
}
