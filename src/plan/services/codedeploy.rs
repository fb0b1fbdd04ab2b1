//! AWS CodeDeploy: an application, a deployment group and its role.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, list, sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::roles::{ServiceRole, allow, service_role};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, Kind, logical_id, map};

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let resource = cx.resource;
    let logical = &cx.logical;
    let origin = cx.origin;
    let name = cx.physical_name();
    let application = logical_id(&resource.name, "Application");
    let mut application_properties = Fields::new();
    application_properties.insert("ApplicationName", text(name.clone()));
    application_properties.insert("ComputePlatform", text("Server"));
    out.add(
        application.clone(),
        Kind::CodeDeployApplication,
        origin,
        application_properties,
    );
    let role = format!("{logical}Role");
    // A given name may hold `${`, which the `Fn::Sub` must keep.
    let literal = sub_literal(&name);
    // The group's ARN from its name: CodeDeploy sends it as `aws:SourceArn`.
    let group_arn = sub(format!(
        "arn:{PARTITION}:codedeploy:${{AWS::Region}}:${{AWS::AccountId}}:deploymentgroup:{literal}/{literal}"
    ));
    service_role(
        cx,
        out,
        &ServiceRole {
            id: &role,
            origin,
            principal: "codedeploy.amazonaws.com",
            source_arn: Some(group_arn.clone()),
        },
        Vec::new(),
    );
    // Of AWSCodeDeployRole, what an in-place deployment to instances found
    // by tag uses; these actions take no resource but `*`. Alarms and
    // triggers add theirs (deployment_alarm, codedeploy_trigger).
    allow(
        out,
        &role,
        origin,
        &[
            "ec2:DescribeInstances".to_string(),
            "ec2:DescribeInstanceStatus".to_string(),
            "tag:GetResources".to_string(),
        ],
        vec![text("*")],
    );
    if let Some(role_resource) = out.resource_mut(&role) {
        role_resource.notes.push("CodeDeploy finds the group's instances by tag with ec2:DescribeInstances, ec2:DescribeInstanceStatus and tag:GetResources, which take only `*` (Service Authorization Reference); the rest of AWS's managed AWSCodeDeployRole (Auto Scaling, load balancers) is for groups wirec does not make".to_string());
    }
    properties.insert("ApplicationName", Expr::Ref(application));
    properties.insert("DeploymentGroupName", text(name.clone()));
    properties.insert("ServiceRoleArn", Expr::arn(&role));
    if let Some(Expr::Map(tags)) = cx.property(id, "ec2-tags") {
        let filters = tags
            .into_iter()
            .map(|(key, value)| {
                map([
                    ("Key", text(key)),
                    ("Type", text("KEY_AND_VALUE")),
                    ("Value", value),
                ])
            })
            .collect();
        properties.insert("Ec2TagFilters", list(filters));
    }
    Handle {
        logical: Some(logical.clone()),
        arn: group_arn,
        name: text(name),
        role: Some(role),
    }
}
