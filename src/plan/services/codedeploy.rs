//! AWS CodeDeploy: an application, a deployment group and its role.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, list, sub, sub_literal, text};
use crate::plan::glue::Glue;
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
    out.role(
        &role,
        origin,
        text("codedeploy.amazonaws.com"),
        None,
        Vec::new(),
    );
    if let Some(role_resource) = out.resource_mut(&role) {
        role_resource.properties.insert(
            "ManagedPolicyArns",
            list(vec![sub(format!(
                "arn:{PARTITION}:iam::aws:policy/service-role/AWSCodeDeployRole"
            ))]),
        );
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
    // A given name may hold `${`, which the `Fn::Sub` must keep.
    let literal = sub_literal(&name);
    Handle {
        logical: Some(logical.clone()),
        arn: sub(format!(
            "arn:{PARTITION}:codedeploy:${{AWS::Region}}:${{AWS::AccountId}}:deploymentgroup:{literal}/{literal}"
        )),
        name: text(name),
        role: Some(role),
    }
}
