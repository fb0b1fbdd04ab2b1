//! Amazon EC2: an instance, its role and its instance profile.

use crate::plan::build::{Cx, Handle};
use crate::plan::expr::{PARTITION, list, sub, text};
use crate::plan::glue::Glue;
use crate::plan::mechanisms::agent_logs::{agent_log_file, agent_parameter, written_by_rsyslog};
use crate::plan::roles::{ServiceRole, service_role};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, Kind, map};
use crate::source::Span;

/// An EC2 instance from wirec's default AMI (the latest Amazon Linux 2023)
/// or the one named, with an instance profile of wirec's unless one is
/// named. With `agent = true` on the default AMI, its user data installs
/// the CloudWatch agent and starts it with the configuration that the
/// instance's `logs` edges write (see `mechanisms::agent_logs`).
pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let Creation { id, origin, .. } = *cx;
    let logical = cx.logical.as_str();
    let name = cx.physical_name();
    let ami = cx.property(id, "ami");
    let default_ami = ami.is_none();
    properties.insert("ImageId", ami.unwrap_or_else(|| text(DEFAULT_AMI)));
    properties.insert(
        "InstanceType",
        cx.property(id, "instance-type")
            .unwrap_or_else(|| text("t3.micro")),
    );
    let role = if let Some(profile) = cx.property(id, "instance-profile") {
        properties.insert("IamInstanceProfile", profile);
        None
    } else {
        let role = format!("{logical}Role");
        let profile = instance_profile(cx, out, logical, &role, origin);
        properties.insert("IamInstanceProfile", Expr::Ref(profile));
        Some(role)
    };
    // The physical name is the `Name` tag, which the console shows.
    let mut tags = vec![map([("Key", text("Name")), ("Value", text(name.clone()))])];
    if let Some(Expr::Map(user_tags)) = cx.property(id, "tags") {
        for (key, value) in user_tags.iter().filter(|(key, _)| *key != "Name") {
            tags.push(map([
                ("Key", text(key.to_string())),
                ("Value", value.clone()),
            ]));
        }
    }
    properties.insert("Tags", list(tags));
    let agent = matches!(cx.property(id, "agent"), Some(Expr::Bool(true)));
    let log_files: Vec<String> = cx
        .model
        .outgoing(id)
        .iter()
        .filter(|edge| edge.channel == "logs")
        .map(|edge| agent_log_file(edge, Some(Kind::Instance)))
        .collect();
    if agent && !log_files.is_empty() && default_ami {
        // The default image has no rsyslog: without it the syslog files
        // the agent is told to ship are never written.
        let rsyslog = if log_files.iter().any(|file| written_by_rsyslog(file)) {
            "dnf install -y rsyslog\nsystemctl enable --now rsyslog\n"
        } else {
            ""
        };
        properties.insert(
            "UserData",
            Expr::Base64(Box::new(text(format!(
                "#!/bin/bash\nset -euo pipefail\n{rsyslog}dnf install -y amazon-cloudwatch-agent\n/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c ssm:{}\n",
                agent_parameter(&cx.model.resource(id).name)
            )))),
        );
    }
    Handle {
        logical: Some(logical.to_string()),
        arn: sub(format!(
            "arn:{PARTITION}:ec2:${{AWS::Region}}:${{AWS::AccountId}}:instance/${{{logical}}}"
        )),
        name: Expr::Ref(logical.to_string()),
        role,
    }
}

/// The image of an instance that names none: the latest Amazon Linux 2023, by
/// its public parameter (a CloudFormation dynamic reference; Terraform passes
/// `resolve:ssm:...`, which EC2 resolves at launch).
pub(in crate::plan) const DEFAULT_AMI: &str =
    "{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}";

/// A lifecycle hook of the edge's group for `transition` (with `properties`
/// for its notification target, if any); returns its logical id. One per
/// group and transition: a second edge that needs it shares it.
/// An instance role `role` (trusted by EC2, with only what edges grant it)
/// in an instance profile of its own; returns the profile's logical id.
pub(in crate::plan) fn instance_profile(
    cx: &Cx<'_>,
    out: &mut Glue,
    logical: &str,
    role: &str,
    origin: Span,
) -> String {
    // EC2 sends no source keys to an instance role (its principal file).
    service_role(
        cx,
        out,
        &ServiceRole {
            id: role,
            origin,
            principal: "ec2.amazonaws.com",
            source_arn: None,
        },
        Vec::new(),
    );
    let profile = format!("{logical}InstanceProfile");
    out.add(
        profile.clone(),
        Kind::InstanceProfile,
        origin,
        Fields::from_iter([("Roles", list(vec![Expr::Ref(role.to_string())]))]),
    );
    profile
}
