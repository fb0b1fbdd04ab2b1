//! AWS Config's delivery channel.

use crate::plan::Kind;
use crate::plan::expr::{sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::iam::objects;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::roles::allow;

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
            (
                vec!["s3:GetBucketAcl".to_string(), "s3:ListBucket".to_string()],
                cx.target.arn.clone(),
            ),
            (
                vec!["s3:PutObject".to_string()],
                objects(&cx.target.arn, Some(&logs)),
            ),
        ]
    } else {
        if let Some(resource) = out.resource_mut(&channel_id) {
            resource
                .properties
                .insert("SnsTopicARN", cx.target.arn.clone());
        }
        vec![(vec!["sns:Publish".to_string()], cx.target.arn.clone())]
    };
    // Config delivers with the recorder's role (an identity grant); each
    // statement is recorded.
    for (actions, resource) in statements {
        allow(out, &role, cx.origin, &actions, vec![resource]);
    }
    // Config checks its access when the channel is created.
    out.depend(&channel_id, Some(role));
    out.depend(&channel_id, cx.target.logical.clone());
}

#[cfg(test)]
mod tests {
    use crate::plan::test_support::plan_of;
    use crate::plan::{Expr, GrantForm};

    #[test]
    fn each_statement_of_the_recorders_role_is_recorded() {
        let plan = plan_of("config rec -> deliver -> s3 history\nrec -> notify -> sns changes\n");
        let recorded: Vec<(Vec<&str>, &Expr)> = plan
            .grants
            .iter()
            .filter(|grant| grant.form == GrantForm::Identity)
            .map(|grant| {
                assert_eq!(grant.role.as_deref(), Some(grant.holder.as_str()));
                assert!(grant.holder.starts_with("Rec"), "{}", grant.holder);
                (
                    grant.actions.iter().map(String::as_str).collect(),
                    &grant.resource,
                )
            })
            .collect();
        let actions: Vec<&Vec<&str>> = recorded.iter().map(|(actions, _)| actions).collect();
        assert!(
            actions.contains(&&vec!["s3:GetBucketAcl", "s3:ListBucket"]),
            "{recorded:?}"
        );
        assert!(actions.contains(&&vec!["s3:PutObject"]), "{recorded:?}");
        assert!(actions.contains(&&vec!["sns:Publish"]), "{recorded:?}");
        let put = recorded
            .iter()
            .find(|(actions, _)| actions == &vec!["s3:PutObject"])
            .map(|(_, resource)| format!("{resource:?}"));
        assert!(
            put.is_some_and(|resource| resource.contains("AWSLogs/${AWS::AccountId}/Config")),
            "the object grant names Config's path"
        );
    }
}
