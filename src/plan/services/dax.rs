//! Amazon DynamoDB Accelerator: a cluster, its role and its subnet group.

use crate::plan::build::Handle;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::names::physical;
use crate::plan::roles::{ServiceRole, service_role};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let resource = cx.resource;
    let logical = &cx.logical;
    let origin = cx.origin;
    let max = cx.max;
    let lowercase = cx.lowercase;
    let name = cx
        .given_name()
        .unwrap_or_else(|| physical(&resource.name, max, lowercase));
    let role = format!("{logical}Role");
    // The cluster's role reads the tables it caches; none is wired
    // here, so it starts without permissions (said in Metadata).
    service_role(
        cx,
        out,
        &ServiceRole {
            id: &role,
            origin,
            principal: "dax.amazonaws.com",
            source_arn: None,
        },
        Vec::new(),
    );
    if let Some(resource) = out.resource_mut(&role) {
        resource.notes.push(
            "DAX reads tables with this role: grant it the DynamoDB actions on the tables it caches".to_string(),
        );
    }
    properties.insert("ClusterName", text(name.clone()));
    properties.insert("IAMRoleARN", Expr::arn(&role));
    properties.insert(
        "NodeType",
        cx.property(id, "node-type")
            .unwrap_or_else(|| text("dax.t3.small")),
    );
    properties.insert(
        "ReplicationFactor",
        cx.property(id, "nodes")
            .unwrap_or_else(|| Expr::Number("3".into())),
    );
    if let Some(Expr::Bool(encrypted)) = cx.property(id, "encryption") {
        properties.insert(
            "SSESpecification",
            map([("SSEEnabled", Expr::Bool(encrypted))]),
        );
    }
    cx.copy_properties(
        id,
        properties,
        &[("maintenance-window", "PreferredMaintenanceWindow")],
    );
    Handle {
        logical: Some(logical.clone()),
        arn: Expr::arn(logical),
        name: text(name),
        role: Some(role),
    }
}
