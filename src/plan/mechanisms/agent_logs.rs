//! The CloudWatch agent shipping files of instances, groups and deployment groups.

use crate::model::Edge;
use crate::plan::build::{Cx, Handle};
use crate::plan::expr::{PARTITION, list, sub, text};
use crate::plan::glue::Glue;
use crate::plan::iam::{allow_logs, statement};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::names::physical;
use crate::plan::roles::identity_record;
use crate::plan::{Expr, Fields, Kind};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    agent_logs(cx, out, cx.edge, cx.source, cx.target);
}

/// The parameter the CloudWatch agent of `source` reads its configuration
/// from (the agent's `ssm:` configurations start with `AmazonCloudWatch-`).
pub(in crate::plan) fn agent_parameter(source: &str) -> String {
    format!("AmazonCloudWatch-{}", physical(source, 200, false))
}

/// The file (or glob) that a `logs` edge of an instance, a group or a
/// deployment group ships: the edge's `file`, or the source's usual log.
pub(in crate::plan) fn agent_log_file(edge: &Edge, source: Option<Kind>) -> String {
    // CodeDeploy's own log is what a deployment group's logs are about.
    let default_file = if source == Some(Kind::DeploymentGroup) {
        "/opt/codedeploy-agent/deployment-root/deployment-logs/codedeploy-agent-deployments.log"
    } else {
        "/var/log/messages"
    };
    edge.options.get("file").map_or_else(
        || default_file.to_string(),
        crate::model::OptionValue::joined,
    )
}

/// Whether rsyslog writes `file` (with its default configuration). Amazon
/// Linux 2023 logs to the journal and installs no rsyslog, so these files
/// exist there only once rsyslog is installed.
pub(in crate::plan) fn written_by_rsyslog(file: &str) -> bool {
    [
        "/var/log/messages",
        "/var/log/secure",
        "/var/log/maillog",
        "/var/log/cron",
        "/var/log/spooler",
        "/var/log/boot.log",
    ]
    .iter()
    .any(|syslog_file| file.starts_with(syslog_file))
}

/// Log files that the CloudWatch agent on an instance (or on a group's
/// instances) ships to a log group: an entry in the agent's configuration,
/// kept in the parameter it reads (`AmazonCloudWatch-NAME`), and the grants
/// it needs, in the instance's role when wirec creates it and otherwise in
/// a policy of their own (attached to the group's `instance-role`).
pub(in crate::plan) fn agent_logs(
    cx: &Cx<'_>,
    out: &mut Glue,
    edge: &Edge,
    source: &Handle,
    group: &Handle,
) {
    let from = cx.pascal(edge.from);
    let source_name = cx.model.resource(edge.from).name.clone();
    let parameter_name = agent_parameter(&source_name);
    let parameter_id = format!("{from}AgentConfiguration");
    let source_kind = cx.kind_of(edge.from);
    let file = agent_log_file(edge, source_kind);
    let group_name = match &group.name {
        Expr::Text(name) => name.to_string(),
        _ => String::new(),
    };
    out.agent_files
        .entry(parameter_id.clone())
        .or_insert_with(|| (parameter_name.clone(), edge.target_span, Vec::new()))
        .2
        .push(serde_json::json!({
            "file_path": file,
            "log_group_name": group_name,
            "log_stream_name": "{instance_id}",
        }));
    let parameter = sub(format!(
        "arn:{PARTITION}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/{parameter_name}"
    ));
    // Only an instance's own role is the instances' role (a deployment
    // group's role is CodeDeploy's service role).
    let instance_role = source
        .role
        .as_ref()
        .filter(|_| source_kind == Some(Kind::Instance));
    let holder = if let Some(role) = instance_role {
        role.clone()
    } else {
        let policy = format!("{from}AgentPolicy");
        if !out.index.contains_key(&policy) {
            let mut properties = Fields::new();
            properties.insert(
                "Description",
                text(format!(
                    "What the CloudWatch agent on {} `{source_name}` needs to ship its logs (wirec)",
                    cx.model.resource(edge.from).service
                )),
            );
            if let Some(role) = cx.property(edge.from, "instance-role") {
                properties.insert("Roles", list(vec![role]));
            }
            let resource = out.add(
                policy.clone(),
                Kind::ManagedPolicy,
                edge.target_span,
                properties,
            );
            resource.notes.push(if resource.properties.contains_key("Roles") {
                "attached to the instances' role (`instance-role`), which their instance profile must hold".to_string()
            } else {
                "wirec does not know the instances' role: attach this policy to it (its ARN is an output), or name it with `instance-role`".to_string()
            });
        }
        policy
    };
    // The agent describes the group's streams, makes its instance's stream
    // and writes to it.
    allow_logs(
        out,
        &holder,
        &holder,
        edge.target_span,
        &[
            "logs:CreateLogStream",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents",
        ],
        group,
    );
    let read_configuration = statement(&["ssm:GetParameter"], vec![parameter.clone()]);
    let held = out.roles.of(holder.clone());
    // One configuration parameter, however many files.
    if !held.contains(&read_configuration) {
        held.push(read_configuration);
        out.record(identity_record(
            &holder,
            &holder,
            edge.target_span,
            &["ssm:GetParameter".to_string()],
            parameter,
        ));
    }
    // The agent reads its configuration and writes to the group at boot.
    if let Some(logical) = &source.logical {
        out.depend(logical, Some(parameter_id));
        out.depend(logical, group.logical.clone());
    }
}
