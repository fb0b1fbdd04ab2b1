//! Amazon Data Firehose: a delivery stream and its role.

use crate::plan::build::Handle;
use crate::plan::expr::{sub, text};
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let resource = cx.resource;
    let logical = &cx.logical;
    let origin = cx.origin;
    let role = format!("{logical}Role");
    let trust = map([(
        "StringEquals",
        map([("sts:ExternalId", sub("${AWS::AccountId}"))]),
    )]);
    out.role(
        &role,
        origin,
        text("firehose.amazonaws.com"),
        Some(trust),
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
