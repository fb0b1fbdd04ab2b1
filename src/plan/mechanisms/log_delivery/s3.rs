//! A bucket's server access logs into another bucket.

use crate::catalogue::Condition;
use crate::plan::expr::{sub, text};
use crate::plan::glue::Glue;
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::mechanisms::log_delivery::buckets::access_log_bucket_policy;
use crate::plan::{Expr, Fields};

pub(super) fn glue(d: &Delivery<'_>, out: &mut Glue) {
    let (source_logical, conditions) = (&d.cx.source_logical, &d.cx.conditions);
    let principal = d.cx.principal.clone();
    let prefix = &d.prefix;
    let Some(principal) = principal else { return };
    let mut equals = Vec::new();
    if conditions.contains(&Condition::SourceAccount) {
        equals.push(("aws:SourceAccount", sub("${AWS::AccountId}")));
    }
    let policy = access_log_bucket_policy(
        d.cx,
        out,
        principal,
        prefix.as_deref(),
        d.cx.source.arn.clone(),
        &equals,
    );
    let mut logging = Fields::new();
    logging.insert("DestinationBucketName", d.cx.target.name.clone());
    if let Some(prefix) = prefix {
        logging.insert("LogFilePrefix", text(prefix.clone()));
    }
    d.set(out, "LoggingConfiguration", Expr::Map(logging));
    out.depend(source_logical, Some(policy));
}
