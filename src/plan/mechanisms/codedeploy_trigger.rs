//! A deployment group's trigger configurations.

use crate::plan::expr::{text, texts};
use crate::plan::glue::Glue;
use crate::plan::iam::statement;
use crate::plan::keys::{KEY_SENDER_ACTIONS, key_for_role};
use crate::plan::mechanisms::{EdgeCx, event_values};
use crate::plan::{Expr, Fields};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let source_logical = &cx.source_logical;
    if let Some(role) = &cx.source.role {
        out.roles
            .of(role.clone())
            .push(statement(&["sns:Publish"], vec![cx.target.arn.clone()]));
        key_for_role(cx, out, role, cx.edge.to, &KEY_SENDER_ACTIONS);
    }
    let mut trigger = Fields::new();
    trigger.insert("TriggerName", text(cx.edge_name(cx.edge)));
    trigger.insert("TriggerTargetArn", cx.target.arn.clone());
    trigger.insert("TriggerEvents", texts(&event_values(cx.edge, cx.channel)));
    out.push_list(source_logical, "TriggerConfigurations", Expr::Map(trigger));
}
