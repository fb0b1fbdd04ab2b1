//! Receive-side grants: how a target admits a sender, by the catalogue's `Grant`
//! (Lambda permission, merged resource policy, role, logs resource policy).

use crate::catalogue::{Condition, Grant};
use crate::model::Edge;
use crate::plan::build::{Cx, Handle};
use crate::plan::expr::{sub, text, texts};
use crate::plan::glue::Glue;
use crate::plan::iam::statement_strings;
use crate::plan::keys::key_statement;
use crate::plan::services::{role_scope, sqs};
use crate::plan::{Cow, Expr, Fields, Kind, map};
use crate::source::Span;

/// Lets `principal` deliver from `source_arn` to the edge's target; returns
/// the resource that must exist before the sender is configured.
#[allow(
    clippy::too_many_arguments,
    reason = "the read-only context and the glue beside what one grant needs"
)]
pub(super) fn grant(
    cx: &Cx<'_>,
    out: &mut Glue,
    edge: &Edge,
    from: &str,
    principal: Expr,
    source_arn: Expr,
    conditions: &[Condition],
    origin: Span,
) -> Option<String> {
    let target = cx.handle(edge.to);
    let target_service = cx.model.resource(edge.to).service.clone();
    let receive = cx
        .catalogue
        .service(&target_service)
        .and_then(|spec| spec.receive.clone())?;
    let to = cx.pascal(edge.to);
    let source_account = conditions.contains(&Condition::SourceAccount);
    let source_arn_condition = conditions.contains(&Condition::SourceArn);
    match receive.grant {
        Grant::None => None,
        Grant::LambdaPermission => {
            let id = format!("{to}PermissionFrom{from}");
            if out.index.contains_key(&id) {
                return Some(id);
            }
            let mut properties = Fields::new();
            properties.insert("Action", text("lambda:InvokeFunction"));
            properties.insert("FunctionName", target.arn.clone());
            properties.insert("Principal", principal);
            if source_arn_condition {
                properties.insert("SourceArn", source_arn);
            }
            if source_account {
                properties.insert("SourceAccount", sub("${AWS::AccountId}"));
            }
            out.add(id.clone(), Kind::Permission, origin, properties);
            Some(id)
        }
        Grant::ResourcePolicy => {
            // A queue's policy names it by URL, a topic's by ARN.
            let (kind, key, target_expr) = if cx.kind_of(edge.to) == Some(Kind::Queue) {
                (Kind::QueuePolicy, "Queue", sqs::url(target))
            } else {
                (Kind::TopicPolicy, "Topic", target.arn.clone())
            };
            let id = format!("{to}{key}Policy");
            let mut condition = Fields::new();
            if source_arn_condition {
                condition.insert("ArnLike", map([("aws:SourceArn", source_arn)]));
            }
            if source_account {
                condition.insert(
                    "StringEquals",
                    map([("aws:SourceAccount", sub("${AWS::AccountId}"))]),
                );
            }
            key_statement(cx, out, edge, from, &principal, &condition);
            let mut statement = Fields::new();
            statement.insert("Sid", text(format!("From{from}")));
            statement.insert("Effect", text("Allow"));
            statement.insert("Principal", map([("Service", principal)]));
            statement.insert("Action", texts(&receive.actions));
            statement.insert("Resource", target.arn.clone());
            if !condition.is_empty() {
                statement.insert("Condition", Expr::Map(condition));
            }
            out.policies
                .admit(&id, kind, target_expr, origin, Expr::Map(statement));
            Some(id)
        }
        Grant::Role => {
            let id = format!("{from}To{to}Role");
            if out.index.contains_key(&id) {
                return Some(id);
            }
            let trust = source_account.then(|| {
                map([(
                    "StringEquals",
                    map([("aws:SourceAccount", sub("${AWS::AccountId}"))]),
                )])
            });
            let resources = role_scope(cx.kind_of(edge.to), target);
            out.role(
                &id,
                origin,
                principal,
                trust,
                vec![statement_strings(&receive.actions, resources)],
            );
            Some(id)
        }
        Grant::LogsResourcePolicy => {
            let name = match &target.name {
                Expr::Text(name) => name.clone(),
                _ => Cow::Borrowed(""),
            };
            let statement = format!(
                "{{\"Sid\":\"From{from}To{to}\",\"Effect\":\"Allow\",\"Principal\":{{\"Service\":[\"events.amazonaws.com\",\"delivery.logs.amazonaws.com\"]}},\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{name}:*\"}}"
            );
            out.logs_policy.add(statement);
            Some("EventsToLogsResourcePolicy".to_string())
        }
    }
}

/// Adds statements to the target bucket's one policy; returns its logical id.
pub(super) fn bucket_policy(
    cx: &Cx<'_>,
    out: &mut Glue,
    edge: &Edge,
    bucket: &Handle,
    statements: Vec<Expr>,
) -> String {
    let id = format!("{}BucketPolicy", cx.pascal(edge.to));
    let target = match &bucket.logical {
        Some(logical) => Expr::Ref(logical.clone()),
        None => bucket.name.clone(),
    };
    let origin = edge.target_span;
    out.policies
        .admit_all(&id, Kind::BucketPolicy, target, origin, statements);
    id
}
