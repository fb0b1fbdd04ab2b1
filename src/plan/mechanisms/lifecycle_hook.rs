//! An Auto Scaling lifecycle hook's notification target.

use crate::model::Edge;
use crate::plan::build::{Cx, Handle};
use crate::plan::expr::{PARTITION, sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::keys::{KEY_SENDER_ACTIONS, key_for_role};
use crate::plan::mechanisms::{EdgeCx, event_values};
use crate::plan::roles::{ServiceRole, allow, service_role};
use crate::plan::{Expr, Fields, Kind};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (from, to) = (&cx.from, &cx.to);
    let role = format!("{from}To{to}Role");
    let actions: &[&str] = if cx.target_kind == Some(Kind::Queue) {
        &["sqs:GetQueueUrl", "sqs:SendMessage"]
    } else {
        &["sns:Publish"]
    };
    service_role(
        cx,
        out,
        &ServiceRole {
            id: &role,
            origin: cx.origin,
            principal: "autoscaling.amazonaws.com",
            source_arn: group_arn(out, cx.source),
        },
        Vec::new(),
    );
    let actions: Vec<String> = actions.iter().map(ToString::to_string).collect();
    allow(out, &role, cx.origin, &actions, vec![cx.target.arn.clone()]);
    key_for_role(cx, out, &role, cx.edge.to, &KEY_SENDER_ACTIONS);
    for transition in event_values(cx.edge, cx.channel) {
        let mut properties = Fields::new();
        properties.insert("NotificationTargetARN", cx.target.arn.clone());
        properties.insert("RoleARN", Expr::arn(&role));
        let hook = lifecycle_hook(cx, out, cx.edge, cx.source, &transition, properties);
        out.depend(&hook, Some(role.clone()));
    }
}

/// The ARN Auto Scaling sends as `aws:SourceArn` for `group`, from its name:
/// `autoScalingGroup:UUID:autoScalingGroupName/NAME`, the UUID AWS's (any).
/// `None` when the name is not literal text.
fn group_arn(out: &Glue, group: &Handle) -> Option<Expr> {
    let name = match &group.logical {
        Some(logical) => out
            .index
            .get(logical)
            .and_then(|&index| out.resources.get(index))
            .and_then(|resource| resource.properties.get("AutoScalingGroupName"))
            .cloned(),
        None => Some(group.name.clone()),
    };
    let Some(Expr::Text(name)) = name else {
        return None;
    };
    Some(sub(format!(
        "arn:{PARTITION}:autoscaling:${{AWS::Region}}:${{AWS::AccountId}}:autoScalingGroup:*:autoScalingGroupName/{}",
        sub_literal(&name)
    )))
}

pub(in crate::plan) fn lifecycle_hook(
    cx: &Cx<'_>,
    out: &mut Glue,
    edge: &Edge,
    group: &Handle,
    transition: &str,
    mut properties: Fields,
) -> String {
    let from = cx.pascal(edge.from);
    let suffix = if transition.ends_with("LAUNCHING") {
        "Launching"
    } else {
        "Terminating"
    };
    let base = format!("{from}{suffix}Hook");
    let without_target = properties.is_empty();
    properties.insert("LifecycleTransition", text(transition.to_string()));
    if let Some(heartbeat) = edge.options.get("heartbeat") {
        properties.insert("HeartbeatTimeout", Expr::Number(heartbeat.joined()));
    }
    if let Some(result) = edge.options.get("default-result") {
        properties.insert("DefaultResult", text(result.joined().to_ascii_uppercase()));
    }
    if let Some(metadata) = edge.options.get("metadata") {
        properties.insert("NotificationMetadata", text(metadata.joined()));
    }
    // A group created here gets its hooks at creation, so that its first
    // instances wait too; an existing group gets a hook resource.
    if let Some(logical) = &group.logical {
        let hooks = out.lists.items(logical, "LifecycleHookSpecificationList");
        let existing = hooks.len();
        let same = |hook: &Expr| {
            without_target
                && matches!(hook, Expr::Map(fields) if fields.get("LifecycleTransition") == properties.get("LifecycleTransition") && !fields.contains_key("NotificationTargetARN"))
        };
        if hooks.iter().any(same) {
            return logical.clone();
        }
        let mut name = format!(
            "{}-{}",
            cx.model.resource(edge.from).name,
            suffix.to_ascii_lowercase()
        );
        if existing > 0 {
            name = format!("{name}-{}", existing + 1);
        }
        name.truncate(255);
        properties.insert("LifecycleHookName", text(name));
        out.push_list(
            logical,
            "LifecycleHookSpecificationList",
            Expr::Map(properties),
        );
        return logical.clone();
    }
    if without_target && out.index.contains_key(&base) {
        return base;
    }
    let id = out.unique_id(base);
    properties.insert("AutoScalingGroupName", group.name.clone());
    out.add(
        id.clone(),
        Kind::LifecycleHook,
        edge.target_span,
        properties,
    );
    id
}

#[cfg(test)]
mod tests {
    use crate::plan::Kind;
    use crate::plan::test_support::plan_of;

    /// The actions the hook's role gets on its target.
    fn actions(target: &'static str) -> String {
        let wiring = match target {
            "sqs" => "asg g { launch-template = \"sample\" } -> hook on launching -> sqs q\n",
            _ => "asg g { launch-template = \"sample\" } -> hook on launching -> sns q\n",
        };
        let plan = plan_of(wiring);
        let role = plan
            .resources
            .iter()
            .find(|resource| resource.kind == Kind::Role);
        assert!(role.is_some(), "no role in {plan:#?}");
        format!("{:?}", role.unwrap().properties)
    }

    #[test]
    fn a_queue_target_is_sent_to_and_a_topic_published_to() {
        assert!(actions("sqs").contains("sqs:SendMessage"));
        assert!(actions("sns").contains("sns:Publish"));
        assert!(!actions("sns").contains("sqs:"));
    }
}
