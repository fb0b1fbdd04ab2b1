//! A hosted zone, and its query logging as `aws_route53_query_log`.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, body, own) = draft;
    if let Some(tags) = props.get("HostedZoneTags") {
        let tags = r.tags(tags);
        body.insert("tags".into(), tags);
    }
    if let Some(logging) = props.get("QueryLoggingConfig") {
        // Terraform names the log group without CloudFormation's `:*`.
        let group = match field(logging, "CloudWatchLogsLogGroupArn") {
            Some(Expr::Attr(id, _)) => {
                json!(format!("${{{}.arn}}", address(Kind::LogGroup, id)))
            }
            Some(other) => r.value(other),
            None => Value::Null,
        };
        let mut split = Map::new();
        split.insert(
            "zone_id".into(),
            json!(format!("${{aws_route53_zone.{own}.zone_id}}")),
        );
        split.insert("cloudwatch_log_group_arn".into(), group);
        let block = r.split_off(resource, "aws_route53_query_log", own.to_string(), split);
        // The logs resource policy must let Route 53 in first.
        block.after_ids.extend(resource.depends_on.iter().cloned());
    }
}
