//! CodeStar notification rules.

use crate::plan::expr::{list, text, texts};
use crate::plan::glue::Glue;
use crate::plan::mechanisms::{EdgeCx, event_values};
use crate::plan::{Fields, Kind, map};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (from, to) = (&cx.from, &cx.to);
    let Some(dependency) = cx.admit_source(out) else {
        return;
    };
    let id = out.unique_id(format!("{from}NotificationsTo{to}"));
    let mut name = cx.edge_name(cx.edge);
    name.truncate(64);
    let detail = cx
        .edge
        .options
        .get("detail")
        .map_or("FULL".to_string(), |detail| {
            detail.joined().to_ascii_uppercase()
        });
    let mut properties = Fields::new();
    properties.insert("Name", text(name));
    properties.insert("DetailType", text(detail));
    properties.insert("EventTypeIds", texts(&event_values(cx.edge, cx.channel)));
    properties.insert("Resource", cx.source.arn.clone());
    let target_type = if cx.target_kind == Some(Kind::ChatChannel) {
        "AWSChatbotSlack"
    } else {
        "SNS"
    };
    properties.insert(
        "Targets",
        list(vec![map([
            ("TargetType", text(target_type)),
            ("TargetAddress", cx.target.arn.clone()),
        ])]),
    );
    out.add(id.clone(), Kind::NotificationRule, cx.origin, properties);
    out.depend(&id, dependency);
    out.depend(&id, cx.source.logical.clone());
}
