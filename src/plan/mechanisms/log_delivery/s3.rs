//! A bucket's server access logs into another bucket.

use crate::catalogue::Condition;
use crate::plan::build::Builder;
use crate::plan::expr::{sub, text};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::{Expr, Fields};

pub(super) fn glue(b: &mut Builder<'_>, d: &Delivery<'_>) {
    let EdgeCx {
        edge,
        ref source,
        ref target,
        ref source_logical,
        ref conditions,
        ..
    } = *d.cx;
    let principal = d.cx.principal.clone();
    let prefix = &d.prefix;
    let Some(principal) = principal else { return };
    let mut equals = Vec::new();
    if conditions.contains(&Condition::SourceAccount) {
        equals.push(("aws:SourceAccount", sub("${AWS::AccountId}")));
    }
    let policy = b.access_log_bucket_policy(
        edge,
        principal,
        target,
        prefix.as_deref(),
        source.arn.clone(),
        &equals,
    );
    let mut logging = Fields::new();
    logging.insert("DestinationBucketName", target.name.clone());
    if let Some(prefix) = prefix {
        logging.insert("LogFilePrefix", text(prefix.clone()));
    }
    d.set(b, "LoggingConfiguration", Expr::Map(logging));
    b.out.depend(source_logical, Some(policy));
}
