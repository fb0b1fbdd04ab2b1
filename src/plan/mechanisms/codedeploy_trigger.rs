//! A deployment group's trigger configurations.

use crate::plan::build::Builder;
use crate::plan::expr::{text, texts};
use crate::plan::iam::statement;
use crate::plan::keys::KEY_SENDER_ACTIONS;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields};

pub(super) fn glue(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    let EdgeCx {
        edge,
        channel,
        ref source,
        ref target,
        ref source_logical,
        ..
    } = *cx;
    if let Some(role) = &source.role {
        b.out
            .roles
            .of(role.clone())
            .push(statement(&["sns:Publish"], vec![target.arn.clone()]));
        b.key_for_role(role, edge.to, &KEY_SENDER_ACTIONS);
    }
    let mut trigger = Fields::new();
    trigger.insert("TriggerName", text(b.cx.edge_name(edge)));
    trigger.insert("TriggerTargetArn", target.arn.clone());
    trigger.insert(
        "TriggerEvents",
        texts(&Builder::event_values(edge, channel)),
    );
    b.out
        .push_list(source_logical, "TriggerConfigurations", Expr::Map(trigger));
}
