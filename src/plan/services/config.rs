//! AWS Config: a rule, or the recorder with its role.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, list, sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::roles::{ServiceRole, service_role};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, Kind, map};

/// A rule when the declaration names one, else the account's recorder.
pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    if cx.resource.properties.contains_key("rule") {
        rule(cx, out, properties)
    } else {
        recorder(cx, out, properties)
    }
}

fn rule(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let name = cx.physical_name();
    properties.insert("ConfigRuleName", text(name.clone()));
    let identifier = cx.property(id, "rule").unwrap_or_else(|| text(""));
    properties.insert(
        "Source",
        map([("Owner", text("AWS")), ("SourceIdentifier", identifier)]),
    );
    if let Some(Expr::Map(parameters)) = cx.property(id, "parameters") {
        properties.insert("InputParameters", Expr::Map(parameters));
    }
    if let Some(types) = cx.property(id, "resource-types") {
        properties.insert("Scope", map([("ComplianceResourceTypes", types)]));
    }
    if let Some(frequency) = cx.property(id, "frequency") {
        properties.insert("MaximumExecutionFrequency", frequency);
    }
    if let Some(description) = cx.property(id, "description") {
        properties.insert("Description", description);
    }
    Handle::created(logical, Expr::arn(logical), text(name))
}

/// AWS Config in the account and Region: the configuration recorder, with
/// a role of its own that Config assumes to record and to deliver, and the
/// one delivery channel, whose bucket and topic come from the edges.
fn recorder(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let Creation { id, origin, .. } = *cx;
    let logical = cx.logical.as_str();
    let name = cx.physical_name();
    let role = format!("{logical}Role");
    let recorder_arn = sub(format!(
        "arn:{PARTITION}:config:${{AWS::Region}}:${{AWS::AccountId}}:config-recorder/{}",
        sub_literal(&name)
    ));
    service_role(
        cx,
        out,
        &ServiceRole {
            id: &role,
            origin,
            principal: "config.amazonaws.com",
            source_arn: Some(recorder_arn.clone()),
        },
        Vec::new(),
    );
    if let Some(resource) = out.resource_mut(&role) {
        resource.properties.insert(
            "ManagedPolicyArns",
            list(vec![sub(format!(
                "arn:{PARTITION}:iam::aws:policy/service-role/AWS_ConfigRole"
            ))]),
        );
        resource.notes.push(
            "the recorder reads the configuration of every supported resource type (RecordingGroup AllSupported), whose read actions AWS keeps current in its managed AWS_ConfigRole: an inline policy would have to list every type and fall behind as types are added, so the managed policy stays (AWS Config Developer Guide, Permissions for the IAM role assigned to AWS Config)".to_string(),
        );
    }
    properties.insert("Name", text(name.clone()));
    properties.insert("RoleARN", Expr::arn(&role));
    properties.insert("RecordingGroup", map([("AllSupported", Expr::Bool(true))]));
    let channel = format!("{logical}DeliveryChannel");
    let mut channel_properties = Fields::new();
    channel_properties.insert("Name", text(name.clone()));
    if let Some(frequency) = cx.property(id, "frequency") {
        channel_properties.insert(
            "ConfigSnapshotDeliveryProperties",
            map([("DeliveryFrequency", frequency)]),
        );
    }
    let created = out.add(
        channel.clone(),
        Kind::ConfigDeliveryChannel,
        origin,
        channel_properties,
    );
    // The recorder must exist before its delivery channel.
    created.depends_on.insert(logical.to_string());
    created.notes.push(
        "one recorder and one delivery channel per account and Region: an account that has them refers to them with `= existing`".to_string(),
    );
    Handle {
        logical: Some(logical.to_string()),
        arn: recorder_arn,
        name: text(name),
        role: Some(role),
    }
}
