//! AWS Config's delivery channel.

use crate::plan::Kind;
use crate::plan::expr::{sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::iam::{objects, statement};
use crate::plan::mechanisms::EdgeCx;

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (Some(role), Some(recorder)) = (cx.source.role.clone(), cx.source.logical.clone()) else {
        return;
    };
    let channel_id = format!("{recorder}DeliveryChannel");
    let prefix = cx
        .edge
        .options
        .get("prefix")
        .map(crate::model::OptionValue::joined);
    let statements = if cx.target_kind == Some(Kind::Bucket) {
        // Config writes with the recorder's role under AWSLogs/ACCOUNT/Config/.
        let logs = match &prefix {
            Some(prefix) => {
                format!("{}/AWSLogs/${{AWS::AccountId}}/Config", sub_literal(prefix))
            }
            None => "AWSLogs/${AWS::AccountId}/Config".to_string(),
        };
        if let Some(resource) = out.resource_mut(&channel_id) {
            resource
                .properties
                .insert("S3BucketName", cx.target.name.clone());
            if let Some(prefix) = &prefix {
                resource
                    .properties
                    .insert("S3KeyPrefix", text(prefix.clone()));
            }
        }
        vec![
            statement(
                &["s3:GetBucketAcl", "s3:ListBucket"],
                vec![cx.target.arn.clone()],
            ),
            statement(
                &["s3:PutObject"],
                vec![objects(&cx.target.arn, Some(&logs))],
            ),
        ]
    } else {
        if let Some(resource) = out.resource_mut(&channel_id) {
            resource
                .properties
                .insert("SnsTopicARN", cx.target.arn.clone());
        }
        vec![statement(&["sns:Publish"], vec![cx.target.arn.clone()])]
    };
    out.roles.of(role.clone()).extend(statements);
    // Config checks its access when the channel is created.
    out.depend(&channel_id, Some(role));
    out.depend(&channel_id, cx.target.logical.clone());
}
