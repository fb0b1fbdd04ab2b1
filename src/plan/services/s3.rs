//! Amazon S3: a bucket with a literal name (policies build their ARNs from it,
//! which breaks the bucket ↔ policy cycle) that blocks public access.

use crate::plan::build::{Handle, public_access_blocked};
use crate::plan::expr::{PARTITION, sub, text};
use crate::plan::glue::Glue;
use crate::plan::names::physical;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let resource = cx.resource;
    let logical = &cx.logical;
    let max = cx.max;
    let lowercase = cx.lowercase;
    // A literal name breaks the bucket ↔ policy cycle: the policies'
    // `aws:SourceArn` is built from it instead of referencing the bucket.
    // Without a given name, the account and Region make the derived one
    // unique in the partition.
    // A given name is text (it passed the bucket rules, so holds no `${`);
    // a derived one names the account and Region.
    let (name, bucket_name) = if let Some(given) = cx.given_name() {
        (given.clone(), text(given))
    } else {
        let bucket = physical(&resource.name, max - 26, lowercase);
        let name = format!("{bucket}-${{AWS::AccountId}}-${{AWS::Region}}");
        (name.clone(), sub(name))
    };
    properties.insert("BucketName", bucket_name.clone());
    if let Some(Expr::Bool(true)) = cx.property(id, "versioning") {
        properties.insert(
            "VersioningConfiguration",
            map([("Status", text("Enabled"))]),
        );
    }
    properties.insert("PublicAccessBlockConfiguration", public_access_blocked());
    Handle::created(
        logical,
        sub(format!("arn:{PARTITION}:s3:::{name}")),
        bucket_name,
    )
}

/// A bucket and its objects: what a role that writes into it acts on.
pub(super) fn role_scope(bucket: &Handle) -> Vec<Expr> {
    let objects = match &bucket.arn {
        Expr::Sub(arn) => Expr::Sub(format!("{arn}/*")),
        other => other.clone(),
    };
    vec![bucket.arn.clone(), objects]
}
