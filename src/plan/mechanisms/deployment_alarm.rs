//! Alarms that stop (and roll back) a CodeDeploy deployment.

use crate::plan::expr::{list, text};
use crate::plan::glue::Glue;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::roles::allow;
use crate::plan::{Expr, Fields, map};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    // The group reads its alarms by name with its service role.
    let Some(group) = cx.target.logical.clone() else {
        return;
    };
    if let Some(role) = &cx.target.role {
        allow(
            out,
            role,
            cx.origin,
            &["cloudwatch:DescribeAlarms".to_string()],
            vec![cx.source.arn.clone()],
        );
    }
    out.push_list(
        &group,
        "AlarmConfiguration.Alarms",
        map([("Name", cx.source.name.clone())]),
    );
    let rollback = !matches!(
        cx.edge
            .options
            .get("rollback")
            .map(crate::model::OptionValue::joined)
            .as_deref(),
        Some("false")
    );
    if let Some(resource) = out.resource_mut(&group) {
        if let Expr::Map(alarms) = resource
            .properties
            .entry_or_insert_with("AlarmConfiguration", || Expr::Map(Fields::new()))
        {
            alarms.insert("Enabled", Expr::Bool(true));
        }
        if rollback {
            resource.properties.insert(
                "AutoRollbackConfiguration",
                map([
                    ("Enabled", Expr::Bool(true)),
                    ("Events", list(vec![text("DEPLOYMENT_STOP_ON_ALARM")])),
                ]),
            );
        }
    }
    out.depend(&group, cx.source.logical.clone());
}
