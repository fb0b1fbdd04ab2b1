//! Amazon Kinesis Data Streams: a stream.

use crate::plan::build::Handle;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    match cx.property(id, "shards") {
        Some(shards) => {
            properties.insert("ShardCount", shards);
            properties.insert(
                "StreamModeDetails",
                map([("StreamMode", text("PROVISIONED"))]),
            );
        }
        None => {
            properties.insert(
                "StreamModeDetails",
                map([("StreamMode", text("ON_DEMAND"))]),
            );
        }
    }
    if let Some(hours) = cx.property(id, "retention-hours") {
        properties.insert("RetentionPeriodHours", hours);
    }
    properties.insert(
        "StreamEncryption",
        map([
            ("EncryptionType", text("KMS")),
            ("KeyId", text("alias/aws/kinesis")),
        ]),
    );
    Handle::created(logical, Expr::arn(logical), Expr::Ref(logical.clone()))
}
