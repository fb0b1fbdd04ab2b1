//! Amazon Data Firehose: a delivery stream and its role.

use crate::plan::build::Handle;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::roles::{ServiceRole, service_role};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let resource = cx.resource;
    let logical = &cx.logical;
    let origin = cx.origin;
    let role = format!("{logical}Role");
    // Firehose sends `sts:ExternalId` = the account (its principal file).
    service_role(
        cx,
        out,
        &ServiceRole {
            id: &role,
            origin,
            principal: "firehose.amazonaws.com",
            source_arn: None,
        },
        Vec::new(),
    );
    properties.insert("DeliveryStreamType", text("DirectPut"));
    // API Gateway logs only to streams named `amazon-apigateway-...`; a
    // given name is held to that by `check`.
    if cx.given_name().is_none()
        && cx
            .model
            .incoming(id)
            .iter()
            .any(|edge| edge.channel == "access-logs")
    {
        let mut name = format!("amazon-apigateway-{}", resource.name);
        name.truncate(64);
        properties.insert("DeliveryStreamName", text(name));
    }
    Handle {
        logical: Some(logical.clone()),
        arn: Expr::arn(logical),
        name: Expr::Ref(logical.clone()),
        role: Some(role),
    }
}
