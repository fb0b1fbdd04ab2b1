//! A queue's dead-letter queue: the source queue's `RedrivePolicy`, and the
//! source in the dead-letter queue's `RedriveAllowPolicy` when it lists its
//! sources. SQS moves the messages itself, so nothing is granted.

use crate::plan::expr::{PARTITION, sub, sub_literal};
use crate::plan::glue::Glue;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::services::sqs;
use crate::plan::{Expr, map};

/// SQS's `maxReceiveCount` when a redrive policy leaves it out.
const DEFAULT_MAX_RECEIVE_COUNT: &str = "10";

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let after = cx.edge.options.get("after").map_or_else(
        || DEFAULT_MAX_RECEIVE_COUNT.to_string(),
        crate::model::OptionValue::joined,
    );
    let policy = map([
        ("deadLetterTargetArn", cx.target.arn.clone()),
        ("maxReceiveCount", Expr::Number(after)),
    ]);
    let source_name = out.resource_mut(&cx.source_logical).and_then(|queue| {
        queue.properties.insert("RedrivePolicy", policy);
        match queue.properties.get("QueueName") {
            Some(Expr::Text(name)) => Some(name.to_string()),
            _ => None,
        }
    });
    if let (Some(target_logical), Some(name)) = (&cx.target.logical, source_name)
        && sqs::lists_sources(cx, cx.edge.to)
    {
        // By name, not by reference: the source refers to this queue already.
        out.push_list(
            target_logical,
            "RedriveAllowPolicy.sourceQueueArns",
            sub(format!(
                "arn:{PARTITION}:sqs:${{AWS::Region}}:${{AWS::AccountId}}:{}",
                sub_literal(&name)
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::test_support::{plan_of, resource};
    use crate::plan::{Expr, map};

    #[test]
    fn the_source_gets_a_redrive_policy_with_its_receive_count() {
        let plan = plan_of("sqs jobs -> dead-letter after 5 -> sqs jobs-dlq\n");
        assert_eq!(
            resource(&plan, "JobsQueue").properties.get("RedrivePolicy"),
            Some(&map([
                ("deadLetterTargetArn", Expr::arn("JobsDlqQueue")),
                ("maxReceiveCount", Expr::Number("5".to_string())),
            ]))
        );
        assert!(
            !resource(&plan, "JobsDlqQueue")
                .properties
                .contains_key("RedriveAllowPolicy")
        );
    }

    #[test]
    fn a_queue_that_lists_its_sources_names_them_by_arn() {
        let plan = plan_of(
            "sqs dlq { redrive-allow = by-queue }\nsqs a -> dead-letter -> dlq\nsqs b -> dead-letter -> dlq\n",
        );
        let Some(Expr::Map(allow)) = resource(&plan, "DlqQueue")
            .properties
            .get("RedriveAllowPolicy")
            .cloned()
        else {
            panic!("no RedriveAllowPolicy");
        };
        assert_eq!(allow.get("redrivePermission"), Some(&Expr::text("byQueue")));
        assert_eq!(
            allow.get("sourceQueueArns"),
            Some(&Expr::List(vec![
                Expr::Sub(
                    "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:a".to_string()
                ),
                Expr::Sub(
                    "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:b".to_string()
                ),
            ]))
        );
        assert_eq!(
            resource(&plan, "AQueue").properties.get("QueueName"),
            Some(&Expr::text("a"))
        );
    }
}
