//! Receive-side grants: how a target admits a sender, by the catalogue's `Grant`
//! (Lambda permission, merged resource policy, role, logs resource policy).

use crate::catalogue::{Condition, Grant};
use crate::model::{Edge, ResourceId};
use crate::plan::build::{Cx, Handle};
use crate::plan::expr::{sub, text, texts};
use crate::plan::glue::Glue;
use crate::plan::keys::key_statement;
use crate::plan::roles::allow;
use crate::plan::services::{role_scope, sqs};
use crate::plan::{Cow, Expr, Fields, GrantForm, GrantRecord, Kind, map};
use crate::source::Span;

/// Who delivers, for a grant: the sender's logical name, the service
/// principal that delivers for it, the ARN its deliveries carry, and the
/// confused-deputy conditions the grant holds them to.
pub(in crate::plan) struct Sender<'a> {
    /// The sender's logical name (`Sid`s and ids are made from it).
    pub from: &'a str,
    /// The service principal that delivers.
    pub principal: Expr,
    /// The ARN that `aws:SourceArn` is held to.
    pub source_arn: Expr,
    /// Which conditions the grant carries.
    pub conditions: &'a [Condition],
    /// Why the grant is no narrower than `conditions` (the channel's `unscoped`).
    pub unscoped: Option<&'a str>,
    /// The source text the grant comes from.
    pub origin: Span,
}

/// Lets `sender` deliver to the resource `to` (an edge's target, or the
/// dead-letter queue an edge's option names); returns the resource that must
/// exist before the sender is configured.
pub(in crate::plan) fn grant(
    cx: &Cx<'_>,
    out: &mut Glue,
    to_resource: ResourceId,
    sender: &Sender<'_>,
) -> Option<String> {
    let Sender {
        from,
        principal,
        source_arn,
        conditions,
        origin,
        ..
    } = sender;
    let (from, principal, source_arn, origin) =
        (*from, principal.clone(), source_arn.clone(), *origin);
    let target = cx.handle(to_resource);
    let target_service = cx.model.resource(to_resource).service.clone();
    let receive = cx
        .catalogue
        .service(&target_service)
        .and_then(|spec| spec.receive.clone())?;
    let to = cx.pascal(to_resource);
    let source_account = conditions.contains(&Condition::SourceAccount);
    let source_arn_condition = conditions.contains(&Condition::SourceArn);
    let record =
        |form, holder: &str, actions: Vec<String>, resource: Expr, held: Vec<Condition>| {
            GrantRecord {
                origin,
                form,
                holder: holder.to_string(),
                principal: Some(sender.principal.clone()),
                role: None,
                actions,
                resource,
                source_arn: Some(sender.source_arn.clone()),
                conditions: held,
                unscoped: sender.unscoped.map(str::to_string),
                external_id: None,
            }
        };
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
            out.record(record(
                GrantForm::LambdaPermission,
                &id,
                vec!["lambda:InvokeFunction".to_string()],
                target.arn.clone(),
                conditions.to_vec(),
            ));
            out.add(id.clone(), Kind::Permission, origin, properties);
            Some(id)
        }
        Grant::ResourcePolicy => {
            // A queue's policy names it by URL, a topic's by ARN.
            let (kind, key, target_expr) = if cx.kind_of(to_resource) == Some(Kind::Queue) {
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
            key_statement(cx, out, to_resource, from, &principal, &condition);
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
            out.record(record(
                GrantForm::ResourcePolicy,
                &id,
                receive.actions.clone(),
                target.arn.clone(),
                conditions.to_vec(),
            ));
            Some(id)
        }
        Grant::Role => Some(role_grant(
            cx,
            out,
            to_resource,
            sender,
            &receive.actions,
            receive.call.is_some(),
        )),
        Grant::LogsResourcePolicy => {
            let name = match &target.name {
                Expr::Text(name) => name.clone(),
                _ => Cow::Borrowed(""),
            };
            let statement = format!(
                "{{\"Sid\":\"From{from}To{to}\",\"Effect\":\"Allow\",\"Principal\":{{\"Service\":[\"events.amazonaws.com\",\"delivery.logs.amazonaws.com\"]}},\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{name}:*\"}}"
            );
            out.logs_policy.add(statement);
            out.record(record(
                GrantForm::LogsResourcePolicy,
                "EventsToLogsResourcePolicy",
                vec![
                    "logs:CreateLogStream".to_string(),
                    "logs:PutLogEvents".to_string(),
                ],
                target.arn.clone(),
                Vec::new(),
            ));
            Some("EventsToLogsResourcePolicy".to_string())
        }
    }
}

/// A role that the sender's principal assumes to deliver to `to_resource`:
/// trusted from this account where the channel says so, allowed `actions` on
/// the target (unless the target is called through an edge-scoped role,
/// `call`, whose statements the rule target writes); returns its logical id.
fn role_grant(
    cx: &Cx<'_>,
    out: &mut Glue,
    to_resource: ResourceId,
    sender: &Sender<'_>,
    actions: &[String],
    called: bool,
) -> String {
    let to = cx.pascal(to_resource);
    let id = format!("{}To{to}Role", sender.from);
    if out.index.contains_key(&id) {
        return id;
    }
    let source_account = sender.conditions.contains(&Condition::SourceAccount);
    let trust = source_account.then(|| {
        map([(
            "StringEquals",
            map([("aws:SourceAccount", sub("${AWS::AccountId}"))]),
        )])
    });
    out.record(GrantRecord {
        origin: sender.origin,
        form: GrantForm::Trust,
        holder: id.clone(),
        principal: Some(sender.principal.clone()),
        role: None,
        actions: vec!["sts:AssumeRole".to_string()],
        resource: Expr::Attr(id.clone(), "Arn"),
        source_arn: Some(sender.source_arn.clone()),
        conditions: if source_account {
            vec![Condition::SourceAccount]
        } else {
            Vec::new()
        },
        unscoped: sender.unscoped.map(str::to_string),
        external_id: None,
    });
    out.role(
        &id,
        sender.origin,
        sender.principal.clone(),
        trust,
        Vec::new(),
    );
    if !called {
        let target = cx.handle(to_resource);
        allow(
            out,
            &id,
            sender.origin,
            actions,
            role_scope(cx.kind_of(to_resource), target),
        );
    }
    foreign_bus_statement(cx, out, to_resource, &id);
    id
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

/// A role that sends to an existing event bus whose ARN names an account
/// (maybe another than the stack's, which only deployment knows): that bus's
/// own policy must admit the role, which wirec cannot write. The statement it
/// needs becomes an output (CloudFormation `Outputs`, Terraform `output`,
/// where `describe-stacks` and `terraform output` show it with the role's ARN
/// filled in) and a note on the role (Metadata, the Terraform comment); W492
/// says so when the wiring is checked.
fn foreign_bus_statement(cx: &Cx<'_>, out: &mut Glue, to_resource: ResourceId, role: &str) {
    let bus = cx.model.resource(to_resource);
    if cx.kind_of(to_resource) != Some(Kind::EventBus) {
        return;
    }
    let (Some(account), Some(arn)) = (bus.existing_account(), bus.existing.as_ref()) else {
        return;
    };
    let output = format!("{role}BusPolicyStatement");
    if out.outputs.iter().any(|existing| existing.id == output) {
        return;
    }
    // The ARN is held to the ARN format (E118); `${` is escaped all the same.
    let resource = serde_json::Value::String(arn.text.clone())
        .to_string()
        .replace("${", "${!");
    let statement = format!(
        "{{\"Sid\":\"Allow{role}\",\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"${{{role}.Arn}}\"}},\"Action\":\"events:PutEvents\",\"Resource\":{resource}}}"
    );
    out.outputs.push(crate::plan::Output {
        id: output.clone(),
        description: format!(
            "Statement for the policy of event bus `{}` (account {account}, unless it is this stack's) so that it admits {role}",
            bus.name
        ),
        value: sub(statement),
    });
    if let Some(resource) = out.resource_mut(role) {
        resource.notes.push(format!(
            "event bus {} names account {account}: unless that is this stack's account, its own policy must allow events:PutEvents to this role (the statement is the output {output}); wirec cannot write another account's policy",
            arn.text
        ));
    }
}
