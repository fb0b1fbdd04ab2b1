//! A deployment group's trigger configurations.

use crate::plan::expr::{text, texts};
use crate::plan::glue::Glue;
use crate::plan::iam::statement;
use crate::plan::keys::{KEY_SENDER_ACTIONS, key_for_role};
use crate::plan::mechanisms::{EdgeCx, event_values};
use crate::plan::{Expr, Fields};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let EdgeCx {
        edge,
        channel,
        source,
        target,
        ref source_logical,
        ..
    } = *cx;
    if let Some(role) = &source.role {
        out.roles
            .of(role.clone())
            .push(statement(&["sns:Publish"], vec![target.arn.clone()]));
        key_for_role(cx, out, role, edge.to, &KEY_SENDER_ACTIONS);
    }
    let mut trigger = Fields::new();
    trigger.insert("TriggerName", text(cx.edge_name(edge)));
    trigger.insert("TriggerTargetArn", target.arn.clone());
    trigger.insert("TriggerEvents", texts(&event_values(edge, channel)));
    out.push_list(source_logical, "TriggerConfigurations", Expr::Map(trigger));
}
