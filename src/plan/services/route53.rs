//! Amazon Route 53: a hosted zone.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, list, sub, tag_list, text};
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let resource = cx.resource;
    let logical = &cx.logical;
    properties.insert("Name", text(resource.name.clone()));
    if let Some(comment) = cx.property(id, "comment") {
        properties.insert("HostedZoneConfig", map([("Comment", comment)]));
    }
    if let Some(Expr::List(vpcs)) = cx.property(id, "vpcs") {
        let vpcs = vpcs
            .into_iter()
            .map(|vpc| map([("VPCId", vpc), ("VPCRegion", sub("${AWS::Region}"))]))
            .collect();
        properties.insert("VPCs", list(vpcs));
    }
    if let Some(tags) = cx.property(id, "tags") {
        properties.insert("HostedZoneTags", tag_list(&tags));
    }
    Handle::created(
        logical,
        sub(format!(
            "arn:{PARTITION}:route53:::hostedzone/${{{logical}}}"
        )),
        text(resource.name.clone()),
    )
}
