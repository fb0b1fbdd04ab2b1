//! S3 event notifications: entries in the bucket's `NotificationConfiguration`,
//! and the target's grant that the bucket waits for.

use crate::plan::expr::{list, text};
use crate::plan::glue::Glue;
use crate::plan::mechanisms::{EdgeCx, event_values};
use crate::plan::{Expr, Fields, Kind, map};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let source_logical = &cx.source_logical;
    let Some(dependency) = cx.admit_source(out) else {
        return;
    };
    let (list_key, target_key) = match cx.target_kind {
        Some(Kind::Queue) => ("QueueConfigurations", "Queue"),
        Some(Kind::Topic) => ("TopicConfigurations", "Topic"),
        _ => ("LambdaConfigurations", "Function"),
    };
    let mut rules = Vec::new();
    for key in ["prefix", "suffix"] {
        if let Some(value) = cx.edge.options.get(key) {
            rules.push(map([("Name", text(key)), ("Value", text(value.joined()))]));
        }
    }
    for event in event_values(cx.edge, cx.channel) {
        let mut entry = Fields::new();
        entry.insert("Event", text(event));
        entry.insert(target_key.to_string(), cx.target.arn.clone());
        if !rules.is_empty() {
            entry.insert(
                "Filter",
                map([("S3Key", map([("Rules", list(rules.clone()))]))]),
            );
        }
        out.push_list(
            source_logical,
            &format!("NotificationConfiguration.{list_key}"),
            Expr::Map(entry),
        );
    }
    out.depend(source_logical, dependency);
}

#[cfg(test)]
mod tests {
    use crate::plan::Expr;
    use crate::plan::test_support::{plan_of, resource};

    /// The lists of the bucket `up`'s notification configuration.
    fn lists(wiring: &'static str) -> Vec<String> {
        let plan = plan_of(wiring);
        match resource(&plan, "UpBucket")
            .properties
            .get("NotificationConfiguration")
        {
            Some(Expr::Map(lists)) => lists.iter().map(|(key, _)| key.to_string()).collect(),
            other => panic!("no notification configuration: {other:?}"),
        }
    }

    #[test]
    fn each_kind_of_target_fills_its_own_list() {
        assert_eq!(lists("s3 up -> notify -> sqs q\n"), ["QueueConfigurations"]);
        assert_eq!(lists("s3 up -> notify -> sns t\n"), ["TopicConfigurations"]);
        assert_eq!(
            lists("s3 up -> notify -> lambda f\n"),
            ["LambdaConfigurations"]
        );
    }

    #[test]
    fn the_bucket_waits_for_the_queue_policy_that_admits_it() {
        let plan = plan_of("s3 up -> notify -> sqs q\n");
        assert!(
            resource(&plan, "UpBucket")
                .depends_on
                .contains("QQueuePolicy")
        );
    }
}
