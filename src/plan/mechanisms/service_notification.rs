//! Service-level SNS notification settings (Elastic Beanstalk, Auto Scaling,
//! DAX, CloudFormation stacks and Service Catalog products); the others are
//! delivered like logs.

use crate::plan::expr::texts;
use crate::plan::glue::Glue;
use crate::plan::keys::{KEY_SENDER_ACTIONS, key_for_role};
use crate::plan::mechanisms::{EdgeCx, event_values};
use crate::plan::roles::allow;
use crate::plan::services::beanstalk::option_setting;
use crate::plan::{Expr, Fields, Kind};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    if cx.source_kind == Some(Kind::BeanstalkEnvironment) {
        beanstalk(cx, out);
    } else if cx.source_kind == Some(Kind::AutoScalingGroup) {
        group(cx, out);
    } else if cx.source_kind == Some(Kind::DaxCluster) {
        dax(cx, out);
    } else if matches!(cx.source_kind, Some(Kind::Stack | Kind::ProvisionedProduct)) {
        stack(cx, out);
    } else {
        super::log_delivery::glue(cx, out);
    }
}

fn beanstalk(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (Some(environment), Some(role)) = (&cx.source.logical, &cx.source.role) else {
        return;
    };
    let service_role = role.replace("InstanceRole", "ServiceRole");
    out.push_list(
        environment,
        "OptionSettings",
        option_setting(
            "aws:elasticbeanstalk:sns:topics",
            "Notification Topic ARN",
            cx.target.arn.clone(),
        ),
    );
    allow(
        out,
        &service_role,
        cx.origin,
        &["sns:Publish".to_string()],
        vec![cx.target.arn.clone()],
    );
    key_for_role(cx, out, &service_role, cx.edge.to, &KEY_SENDER_ACTIONS);
}

fn group(cx: &EdgeCx<'_>, out: &mut Glue) {
    let source_logical = &cx.source_logical;
    // The group's service-linked role publishes: no topic policy.
    let mut entry = Fields::new();
    entry.insert("TopicARN", cx.target.arn.clone());
    entry.insert(
        "NotificationTypes",
        texts(&event_values(cx.edge, cx.channel)),
    );
    out.push_list(
        source_logical,
        "NotificationConfigurations",
        Expr::Map(entry),
    );
}

fn dax(cx: &EdgeCx<'_>, out: &mut Glue) {
    let source_logical = &cx.source_logical;
    // DAX publishes cluster events to a topic of its own account.
    if let Some(cluster) = out.resource_mut(source_logical) {
        cluster
            .properties
            .insert("NotificationTopicARN", cx.target.arn.clone());
    }
}

fn stack(cx: &EdgeCx<'_>, out: &mut Glue) {
    let source_logical = &cx.source_logical;
    // CloudFormation publishes (for a provisioned product too) with the
    // permissions of whoever runs the stack operation: no topic policy.
    let key = if cx.source_kind == Some(Kind::ProvisionedProduct) {
        "NotificationArns"
    } else {
        "NotificationARNs"
    };
    out.push_list(source_logical, key, cx.target.arn.clone());
}
