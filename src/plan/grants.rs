//! Receive-side grants: how a target admits a sender, by the catalogue's `Grant`
//! (Lambda permission, merged resource policy, role, logs resource policy).

use crate::catalogue::{Condition, Grant};
use crate::model::{Edge, ResourceId};
use crate::plan::build::{Cx, Handle};
use crate::plan::expr::{PARTITION, sub, sub_literal, text, texts};
use crate::plan::glue::Glue;
use crate::plan::keys::key_statement;
use crate::plan::roles::{self, allow};
use crate::plan::services::{role_scope, sqs};
use crate::plan::{Expr, Fields, GrantForm, GrantRecord, Kind, map};
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
            // The key statement holds the sender to what the target's policy
            // does, and says why where that is nothing.
            let why = condition.is_empty().then_some(sender.unscoped).flatten();
            key_statement(cx, out, to_resource, from, &principal, &condition, why);
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
        Grant::LogsResourcePolicy => Some(logs_grant(out, target, sender, &to)),
    }
}

/// The account's logs resource policy lets the sender write to the log
/// group `target`: EventBridge creates a stream, then puts events into it.
/// It sends `aws:SourceArn` (the rule) with `PutLogEvents` only, so that
/// statement holds it to the channel's conditions, and the one for
/// `CreateLogStream` (one per log group) holds it to none: its record says
/// why (the channel's `unscoped`). Both principals EventBridge documents for
/// a log-group target are admitted (`delivery.logs` delivers for it).
fn logs_grant(out: &mut Glue, target: &Handle, sender: &Sender<'_>, to: &str) -> String {
    const HOLDER: &str = "EventsToLogsResourcePolicy";
    let name = match &target.name {
        Expr::Text(name) => sub_literal(name).into_owned(),
        _ => String::new(),
    };
    // TODO(B): log_group_resources
    let group =
        format!("arn:{PARTITION}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{name}");
    let streams = format!("{group}:log-stream:*");
    let principals = "{\"Service\":[\"events.amazonaws.com\",\"delivery.logs.amazonaws.com\"]}";
    out.logs_policy.add(format!(
        "{{\"Sid\":\"CreateStreamsIn{to}\",\"Effect\":\"Allow\",\"Principal\":{principals},\"Action\":\"logs:CreateLogStream\",\"Resource\":[\"{group}\",\"{streams}\"]}}"
    ));
    let mut held = Vec::new();
    let mut condition = Vec::new();
    if sender.conditions.contains(&Condition::SourceArn)
        && let Some(arn) = in_sub(&sender.source_arn)
    {
        condition.push(format!("\"ArnEquals\":{{\"aws:SourceArn\":\"{arn}\"}}"));
        held.push(Condition::SourceArn);
    }
    if sender.conditions.contains(&Condition::SourceAccount) {
        condition
            .push("\"StringEquals\":{\"aws:SourceAccount\":\"${AWS::AccountId}\"}".to_string());
        held.push(Condition::SourceAccount);
    }
    let condition = if condition.is_empty() {
        String::new()
    } else {
        format!(",\"Condition\":{{{}}}", condition.join(","))
    };
    out.logs_policy.add(format!(
        "{{\"Sid\":\"From{}To{to}\",\"Effect\":\"Allow\",\"Principal\":{principals},\"Action\":\"logs:PutLogEvents\",\"Resource\":[\"{group}\",\"{streams}\"]{condition}}}",
        sender.from
    ));
    let record =
        |action: &str, resource: &str, conditions: Vec<Condition>, unscoped: Option<&str>| {
            GrantRecord {
                origin: sender.origin,
                form: GrantForm::LogsResourcePolicy,
                holder: HOLDER.to_string(),
                principal: Some(sender.principal.clone()),
                role: None,
                actions: vec![action.to_string()],
                resource: sub(resource.to_string()),
                source_arn: Some(sender.source_arn.clone()),
                conditions,
                unscoped: unscoped.map(str::to_string),
                external_id: None,
            }
        };
    out.record(record(
        "logs:CreateLogStream",
        &streams,
        Vec::new(),
        sender.unscoped,
    ));
    out.record(record("logs:PutLogEvents", &streams, held, None));
    HOLDER.to_string()
}

/// `expr` as text inside a `Fn::Sub` string (`${Logical.Arn}` for an
/// attribute), `None` when it has no such form.
fn in_sub(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Attr(logical, attribute) => Some(format!("${{{logical}.{attribute}}}")),
        Expr::Sub(text) => Some(text.clone()),
        Expr::Text(text) => Some(sub_literal(text).into_owned()),
        _ => None,
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
    sender_role(cx, out, &id, sender, Vec::new());
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

/// Makes the role `id` that the sender's principal assumes, with
/// `statements`, trusted as narrowly as the principal allows, and records
/// the trust. A principal with a file in `stdlib/principals/` is held to the
/// keys it sends (`aws:SourceArn` where the sender's ARN can be written
/// without waiting for the sender, see [`arn_by_name`]); one without keeps
/// the channel's account condition.
pub(in crate::plan) fn sender_role(
    cx: &Cx<'_>,
    out: &mut Glue,
    id: &str,
    sender: &Sender<'_>,
    statements: Vec<Expr>,
) {
    // The principal as its file names it (`logs.{region}.amazonaws.com`).
    let written = match &sender.principal {
        Expr::Text(principal) => Some(principal.to_string()),
        Expr::Sub(principal) => Some(principal.replace("${AWS::Region}", "{region}")),
        _ => None,
    };
    let filed = written.and_then(|principal| {
        cx.catalogue
            .principal(&principal)
            .map(|spec| (principal, spec))
    });
    let sent_by_rule = matches!(&sender.source_arn, Expr::Attr(logical, "Arn")
        if out.resource_mut(logical).is_some_and(|resource| resource.kind == Kind::Rule));
    let (condition, held, unscoped, external_id) = if let Some((principal, spec)) = filed {
        let arn = arn_by_name(out, &sender.source_arn);
        let trust = roles::trust(cx, &principal, arn.as_ref());
        let unpinned = sent_by_rule
            && arn.is_none()
            && spec.assume_role.conditions.contains(&Condition::SourceArn);
        let unscoped = if unpinned {
            Some(UNNAMED_SENDER.to_string())
        } else {
            trust.unscoped
        };
        (trust.condition, trust.held, unscoped, trust.external_id)
    } else {
        let source_account = sender.conditions.contains(&Condition::SourceAccount);
        let condition = source_account.then(|| {
            map([(
                "StringEquals",
                map([("aws:SourceAccount", sub("${AWS::AccountId}"))]),
            )])
        });
        let held = if source_account {
            vec![Condition::SourceAccount]
        } else {
            Vec::new()
        };
        (condition, held, sender.unscoped.map(str::to_string), None)
    };
    out.record(GrantRecord {
        origin: sender.origin,
        form: GrantForm::Trust,
        holder: id.to_string(),
        principal: Some(sender.principal.clone()),
        role: None,
        actions: vec!["sts:AssumeRole".to_string()],
        resource: Expr::Attr(id.to_string(), "Arn"),
        source_arn: Some(sender.source_arn.clone()),
        conditions: held,
        unscoped,
        external_id,
    });
    out.role(
        id,
        sender.origin,
        sender.principal.clone(),
        condition,
        statements,
    );
}

/// Why a role's trust does not pin `aws:SourceArn` to a sender that is a
/// rule without a given name.
const UNNAMED_SENDER: &str = "the sender (an EventBridge rule without `name`) is named by CloudFormation when it is created, and it refers to this role, so the role's trust cannot name its ARN without a cycle: it holds the account only (aws:SourceAccount); give the rule a `name` to pin aws:SourceArn";

/// The ARN of the sender whose ARN is `arn` (`GetAtt Rule.Arn`), written from
/// its physical name so that a role the sender refers to can name it without
/// a cycle: an EventBridge rule with a given name, on the default bus or on
/// a bus of this template (`rule/BUS/NAME`); `None` for any other sender.
fn arn_by_name(out: &mut Glue, arn: &Expr) -> Option<Expr> {
    let Expr::Attr(logical, "Arn") = arn else {
        return None;
    };
    let rule = out.resource_mut(logical)?;
    if rule.kind != Kind::Rule {
        return None;
    }
    let Some(Expr::Text(name)) = rule.properties.get("Name") else {
        return None;
    };
    let bus = match rule.properties.get("EventBusName") {
        None => String::new(),
        Some(Expr::Ref(bus)) => format!("${{{bus}}}/"),
        Some(_) => return None,
    };
    Some(sub(format!(
        "arn:{PARTITION}:events:${{AWS::Region}}:${{AWS::AccountId}}:rule/{bus}{}",
        sub_literal(name)
    )))
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

#[cfg(test)]
mod tests {
    use crate::catalogue::Condition;
    use crate::plan::test_support::plan_of;
    use crate::plan::{GrantForm, GrantRecord};

    fn records(grants: &[GrantRecord], form: GrantForm) -> Vec<&GrantRecord> {
        grants.iter().filter(|record| record.form == form).collect()
    }

    #[test]
    fn a_log_group_target_holds_put_log_events_to_the_rule_and_says_why_streams_are_not() {
        let plan = plan_of("schedule tick \"rate(1 hour)\" -> target -> loggroup ticks\n");
        let logs = records(&plan.grants, GrantForm::LogsResourcePolicy);
        let action = |name: &str| {
            logs.iter()
                .find(|record| record.actions == [name.to_string()])
                .copied()
        };
        let put = action("logs:PutLogEvents").expect("a PutLogEvents record");
        assert_eq!(put.conditions, vec![Condition::SourceArn]);
        assert!(put.unscoped.is_none());
        let create = action("logs:CreateLogStream").expect("a CreateLogStream record");
        assert!(create.conditions.is_empty());
        assert!(
            create
                .unscoped
                .as_deref()
                .is_some_and(|why| why.contains("PutLogEvents only")),
            "{create:?}"
        );
    }

    #[test]
    fn a_target_role_of_a_named_rule_trusts_that_rule_and_of_another_the_account() {
        let plan = plan_of(
            "schedule tick \"rate(1 hour)\" { name = \"tick\" } -> target -> kinesis ticks\nschedule tock \"rate(1 hour)\" -> target -> kinesis tocks\n",
        );
        let trusts = records(&plan.grants, GrantForm::Trust);
        let trust_of = |holder: &str| {
            trusts
                .iter()
                .find(|record| record.holder.starts_with(holder))
                .copied()
                .expect("a trust record")
        };
        let named = trust_of("Tick");
        assert_eq!(
            named.conditions,
            vec![Condition::SourceAccount, Condition::SourceArn]
        );
        assert!(named.unscoped.is_none());
        let unnamed = trust_of("Tock");
        assert_eq!(unnamed.conditions, vec![Condition::SourceAccount]);
        assert!(
            unnamed
                .unscoped
                .as_deref()
                .is_some_and(|why| why.contains("`name`"))
        );
    }
}
