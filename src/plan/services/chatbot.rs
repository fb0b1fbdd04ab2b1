//! AWS Chatbot: a Slack channel configuration and its role.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, list, sub, text};
use crate::plan::glue::Glue;
use crate::plan::roles::{ServiceRole, service_role};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let origin = cx.origin;
    let name = cx.physical_name();
    let role = format!("{logical}Role");
    // The channel role: notifications need no permission; commands
    // typed in the channel are limited by the guardrails.
    service_role(
        cx,
        out,
        &ServiceRole {
            id: &role,
            origin,
            principal: "chatbot.amazonaws.com",
            source_arn: None,
        },
        Vec::new(),
    );
    properties.insert("ConfigurationName", text(name.clone()));
    properties.insert("IamRoleArn", Expr::arn(&role));
    cx.copy_properties(
        id,
        properties,
        &[
            ("workspace", "SlackWorkspaceId"),
            ("channel", "SlackChannelId"),
            ("logging-level", "LoggingLevel"),
            ("user-role-required", "UserRoleRequired"),
        ],
    );
    // CloudFormation's default guardrail is AdministratorAccess.
    properties.insert(
        "GuardrailPolicies",
        cx.property(id, "guardrails").unwrap_or_else(|| {
            list(vec![sub(format!(
                "arn:{PARTITION}:iam::aws:policy/ReadOnlyAccess"
            ))])
        }),
    );
    Handle {
        logical: Some(logical.clone()),
        arn: Expr::Ref(logical.clone()),
        name: text(name),
        role: Some(role),
    }
}
