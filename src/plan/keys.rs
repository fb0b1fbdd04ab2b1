//! KMS keys: the keys wirec creates for encrypted queues and topics, and the key
//! statements every edge into an encrypted target adds.

use crate::catalogue::Condition;
use crate::model::{KeySetting, ResourceId};
use crate::plan::build::Cx;
use crate::plan::expr::{PARTITION, sub, text, texts};
use crate::plan::glue::Glue;
use crate::plan::iam::statement;
use crate::plan::mechanisms::code_access::hold;
use crate::plan::{Expr, Fields, GrantForm, GrantRecord, Kind, logical_id, map};
use crate::source::Span;

/// What the account may do with a key wirec creates: administer it (including
/// `kms:PutKeyPolicy`, which CloudFormation's lockout check requires) and use
/// it through IAM policies, such as a reader's role.
pub(super) const KEY_ACCOUNT_ACTIONS: [&str; 18] = [
    "kms:CancelKeyDeletion",
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
];

/// What a sender needs of the key of an encrypted queue or topic.
pub(super) const KEY_SENDER_ACTIONS: [&str; 2] = ["kms:Decrypt", "kms:GenerateDataKey"];

/// A queue's or topic's KMS encryption (`kms-key`): the key to use, and
/// for `create` a customer managed key whose policy lets this account
/// administer it and use it through IAM; senders are added per edge.
pub(super) fn encryption(
    cx: &Cx<'_>,
    out: &mut Glue,
    id: ResourceId,
    logical: &str,
    properties: &mut Fields,
) {
    let resource = cx.model.resource(id);
    let Some(setting) = resource.key_setting() else {
        return;
    };
    let key = match setting {
        KeySetting::Create => {
            let key = format!("{logical}Key");
            let description = format!("Encrypts {} `{}` (wirec)", resource.service, resource.name);
            create_key(out, &key, description, resource.span);
            Expr::Ref(key)
        }
        KeySetting::AwsManaged(key) | KeySetting::Existing(key) => text(key),
    };
    properties.insert("KmsMasterKeyId", key);
}

/// A customer managed key, rotated yearly, whose policy lets this account
/// administer it and use it through IAM; what a service may do with it is
/// added to its `KeyPolicy.Statement` list per edge.
pub(super) fn create_key(out: &mut Glue, key: &str, description: String, origin: Span) {
    let mut key_properties = Fields::new();
    key_properties.insert("Description", text(description));
    key_properties.insert("EnableKeyRotation", Expr::Bool(true));
    key_properties.insert("KeyPolicy", map([("Version", text("2012-10-17"))]));
    let administer = map([
        ("Sid", text("AccountAdministersAndDelegatesToIam")),
        ("Effect", text("Allow")),
        (
            "Principal",
            map([(
                "AWS",
                sub(format!("arn:{PARTITION}:iam::${{AWS::AccountId}}:root")),
            )]),
        ),
        ("Action", texts(&KEY_ACCOUNT_ACTIONS.map(str::to_string))),
        ("Resource", text("*")),
    ]);
    let created = out.add(key.to_string(), Kind::Key, origin, key_properties);
    created
        .notes
        .push("in a key policy, Resource `*` is the key itself".to_string());
    out.push_list(key, "KeyPolicy.Statement", administer);
}

/// The ARN of the KMS key of a queue or topic, for IAM statements: the key
/// wirec creates, or an existing key given by ARN.
pub(super) fn key_arn(cx: &Cx<'_>, id: ResourceId) -> Option<Expr> {
    let resource = cx.model.resource(id);
    match resource.key_setting()? {
        KeySetting::Create => {
            let spec = cx.catalogue.service(&resource.service)?;
            Some(Expr::arn(&format!(
                "{}Key",
                logical_id(&resource.name, &spec.logical_suffix)
            )))
        }
        KeySetting::Existing(key) if key.starts_with("arn:") && key.contains(":key/") => {
            Some(text(key))
        }
        KeySetting::Existing(_) | KeySetting::AwsManaged(_) => None,
    }
}

/// Lets a service principal use the key of the edge's target (when wirec
/// creates it) as the resource policy lets it send: same conditions, and
/// `unscoped` (why they are none) for its record.
pub(super) fn key_statement(
    cx: &Cx<'_>,
    out: &mut Glue,
    to: ResourceId,
    from: &str,
    principal: &Expr,
    condition: &Fields,
    unscoped: Option<&str>,
) {
    let target = cx.model.resource(to);
    if target.key_setting() != Some(KeySetting::Create) {
        return;
    }
    let Some(spec) = cx.catalogue.service(&target.service) else {
        return;
    };
    let key = format!("{}Key", logical_id(&target.name, &spec.logical_suffix));
    // A sender created here refers to the target (an alarm's actions, a
    // rule's targets), and the target to its key: naming the sender in the
    // key policy would close a cycle. The key policy names the sender's
    // kind in this account; the resource policy still names the sender,
    // and a delivery needs both.
    let mut widened = false;
    let sent = condition.clone();
    let condition: Fields = condition
        .iter()
        .map(|(operator, keys)| {
            let keys = match keys {
                Expr::Map(keys) => Expr::Map(
                    keys.iter()
                        .map(|(name, value)| match account_pattern(cx, out, value) {
                            Some(pattern) => {
                                widened = true;
                                (name.to_string(), pattern)
                            }
                            None => (name.to_string(), value.clone()),
                        })
                        .collect(),
                ),
                other => other.clone(),
            };
            (operator.to_string(), keys)
        })
        .collect();
    let mut statement = Fields::new();
    statement.insert("Sid", text(format!("From{from}")));
    statement.insert("Effect", text("Allow"));
    statement.insert("Principal", map([("Service", principal.clone())]));
    statement.insert("Action", texts(&KEY_SENDER_ACTIONS.map(str::to_string)));
    statement.insert("Resource", text("*"));
    if !condition.is_empty() {
        statement.insert("Condition", Expr::Map(condition));
    }
    if widened && let Some(resource) = out.resource_mut(&key) {
        let note = "senders created in this template are named by kind and account in the key policy (naming them would make a cycle: key, sender, target); the resource policy names each sender".to_string();
        if !resource.notes.contains(&note) {
            resource.notes.push(note);
        }
    }
    let statement = Expr::Map(statement);
    let statements = out.lists.items_mut(&key, "KeyPolicy.Statement");
    if !statements.contains(&statement) {
        statements.push(statement);
    }
    if let Some(origin) = out.resource_mut(&key).map(|resource| resource.origin) {
        out.record(key_record(
            &key, origin, principal, &sent, widened, unscoped,
        ));
    }
}

/// The record of a sender's key-policy statement: the key, as the sender's
/// request names it, and the conditions the statement holds it to.
fn key_record(
    key: &str,
    origin: Span,
    principal: &Expr,
    condition: &Fields,
    widened: bool,
    unscoped: Option<&str>,
) -> GrantRecord {
    let held = |operator: &str, name: &str| match condition.get(operator) {
        Some(Expr::Map(keys)) => keys.get(name).cloned(),
        _ => None,
    };
    let source_arn = held("ArnLike", "aws:SourceArn");
    let mut conditions = Vec::new();
    if source_arn.is_some() {
        conditions.push(Condition::SourceArn);
    }
    if held("StringEquals", "aws:SourceAccount").is_some() {
        conditions.push(Condition::SourceAccount);
    }
    GrantRecord {
        origin,
        form: GrantForm::KeyPolicy,
        holder: key.to_string(),
        principal: Some(principal.clone()),
        role: None,
        actions: KEY_SENDER_ACTIONS.map(str::to_string).to_vec(),
        resource: Expr::arn(key),
        source_arn,
        conditions,
        unscoped: if widened {
            Some("the key policy names the sender's kind in this account, not the sender: the sender refers to its target and the target to its key, so naming the sender would make a cycle (key, sender, target); the target's resource policy names the sender, and a delivery needs both".to_string())
        } else {
            unscoped.map(str::to_string)
        },
        external_id: None,
    }
}

/// For the ARN of an alarm or a rule of this template (which refer to their
/// targets), the ARNs of its kind in this account and Region.
pub(super) fn account_pattern(_cx: &Cx<'_>, out: &Glue, value: &Expr) -> Option<Expr> {
    let (Expr::Ref(id) | Expr::Attr(id, _)) = value else {
        return None;
    };
    let kind = out
        .index
        .get(id)
        .map(|position| out.resources[*position].kind)?;
    let pattern = match kind {
        Kind::Alarm => "cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*",
        Kind::Rule => "events:${AWS::Region}:${AWS::AccountId}:rule/*",
        _ => return None,
    };
    Some(sub(format!("arn:{PARTITION}:{pattern}")))
}

/// Lets a role use the key of `target` to send to it or read from it.
pub(super) fn key_for_role(
    cx: &Cx<'_>,
    out: &mut Glue,
    role: &str,
    target: ResourceId,
    actions: &[&str],
) {
    if let Some(key) = key_arn(cx, target) {
        match out.resource_mut(role).map(|resource| resource.origin) {
            Some(origin) => hold(out, role, Some(role), origin, statement(actions, vec![key])),
            None => out
                .roles
                .of(role.to_string())
                .push(statement(actions, vec![key])),
        }
    }
}
