//! Service-level SNS notification settings (Elastic Beanstalk, Auto Scaling,
//! DAX, CloudFormation stacks and Service Catalog products); the others are
//! delivered like logs.

use crate::plan::build::Builder;
use crate::plan::expr::texts;
use crate::plan::iam::statement;
use crate::plan::keys::KEY_SENDER_ACTIONS;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::services::beanstalk::option_setting;
use crate::plan::{Expr, Fields, Kind};

pub(super) fn glue(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    if cx.source_kind == Some(Kind::BeanstalkEnvironment) {
        beanstalk(b, cx);
    } else if cx.source_kind == Some(Kind::AutoScalingGroup) {
        group(b, cx);
    } else if cx.source_kind == Some(Kind::DaxCluster) {
        dax(b, cx);
    } else if matches!(cx.source_kind, Some(Kind::Stack | Kind::ProvisionedProduct)) {
        stack(b, cx);
    } else {
        super::log_delivery::glue(b, cx);
    }
}

fn beanstalk(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    let EdgeCx {
        edge,
        ref source,
        ref target,
        ..
    } = *cx;
    let (Some(environment), Some(role)) = (&source.logical, &source.role) else {
        return;
    };
    let service_role = role.replace("InstanceRole", "ServiceRole");
    b.out.push_list(
        environment,
        "OptionSettings",
        option_setting(
            "aws:elasticbeanstalk:sns:topics",
            "Notification Topic ARN",
            target.arn.clone(),
        ),
    );
    b.out
        .roles
        .of(service_role.clone())
        .push(statement(&["sns:Publish"], vec![target.arn.clone()]));
    b.key_for_role(&service_role, edge.to, &KEY_SENDER_ACTIONS);
}

fn group(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    let EdgeCx {
        edge,
        channel,
        ref target,
        ref source_logical,
        ..
    } = *cx;
    // The group's service-linked role publishes: no topic policy.
    let mut entry = Fields::new();
    entry.insert("TopicARN", target.arn.clone());
    entry.insert(
        "NotificationTypes",
        texts(&Builder::event_values(edge, channel)),
    );
    b.out.push_list(
        source_logical,
        "NotificationConfigurations",
        Expr::Map(entry),
    );
}

fn dax(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    let EdgeCx {
        ref target,
        ref source_logical,
        ..
    } = *cx;
    // DAX publishes cluster events to a topic of its own account.
    if let Some(cluster) = b.out.resource_mut(source_logical) {
        cluster
            .properties
            .insert("NotificationTopicARN", target.arn.clone());
    }
}

fn stack(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    let EdgeCx {
        ref target,
        ref source_logical,
        ..
    } = *cx;
    // CloudFormation publishes (for a provisioned product too) with the
    // permissions of whoever runs the stack operation: no topic policy.
    let key = if cx.source_kind == Some(Kind::ProvisionedProduct) {
        "NotificationArns"
    } else {
        "NotificationARNs"
    };
    b.out.push_list(source_logical, key, target.arn.clone());
}
