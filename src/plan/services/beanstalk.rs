//! AWS Elastic Beanstalk: an application, its environment and their roles.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, list, sub, text};
use crate::plan::glue::Glue;
use crate::plan::names::physical;
use crate::plan::services::Creation;
use crate::plan::services::ec2::instance_profile;
use crate::plan::{Expr, Fields, Kind, logical_id, map};

/// An Elastic Beanstalk environment, its application (shared by the
/// environments that name it), the instance profile its instances run
/// with and its service role; edges add option settings and grants.
pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let Creation { id, origin, .. } = *cx;
    let logical = cx.logical.as_str();
    let name = cx.physical_name();
    let application = cx
        .text_property(id, "application")
        .unwrap_or_else(|| name.clone());
    let application_id = logical_id(&application, "Application");
    if !out.index.contains_key(&application_id) {
        out.add(
            application_id.clone(),
            Kind::BeanstalkApplication,
            origin,
            Fields::from_iter([("ApplicationName", text(physical(&application, 100, false)))]),
        );
    }
    let worker = matches!(cx.property(id, "tier"), Some(Expr::Text(tier)) if tier == "worker");
    properties.insert("ApplicationName", Expr::Ref(application_id));
    properties.insert("EnvironmentName", text(name.clone()));
    if let Some(platform) = cx.property(id, "platform") {
        properties.insert("SolutionStackName", platform);
    }
    properties.insert(
        "Tier",
        if worker {
            map([("Name", text("Worker")), ("Type", text("SQS/HTTP"))])
        } else {
            map([("Name", text("WebServer")), ("Type", text("Standard"))])
        },
    );
    // The instances' role: what the edges grant (the worker queue), nothing more.
    let instance_role = format!("{logical}InstanceRole");
    let profile = instance_profile(cx, out, logical, &instance_role, origin);
    if let Some(resource) = out.resource_mut(&instance_role) {
        resource.notes.push("the environment's instances run with this role, which has only what the wiring needs: add what the application itself calls (Elastic Beanstalk's own `aws-elasticbeanstalk-ec2-role` has `AWSElasticBeanstalkWebTier` for log rotation to S3 and X-Ray)".to_string());
    }
    // The service role Elastic Beanstalk assumes to manage the environment,
    // trusted as AWS documents it (`sts:ExternalId` `elasticbeanstalk`), with
    // the managed policy of enhanced health reporting.
    let service_role = format!("{logical}ServiceRole");
    out.role(
        &service_role,
        origin,
        text("elasticbeanstalk.amazonaws.com"),
        Some(map([(
            "StringEquals",
            map([("sts:ExternalId", text("elasticbeanstalk"))]),
        )])),
        Vec::new(),
    );
    if let Some(resource) = out.resource_mut(&service_role) {
        resource.properties.insert(
            "ManagedPolicyArns",
            list(vec![sub(format!(
                "arn:{PARTITION}:iam::aws:policy/service-role/AWSElasticBeanstalkEnhancedHealth"
            ))]),
        );
    }
    for setting in [
        option_setting(
            "aws:autoscaling:launchconfiguration",
            "IamInstanceProfile",
            Expr::Ref(profile),
        ),
        option_setting(
            "aws:elasticbeanstalk:environment",
            "ServiceRole",
            Expr::arn(&service_role),
        ),
    ] {
        out.push_list(logical, "OptionSettings", setting);
    }
    Handle {
        logical: Some(logical.to_string()),
        arn: sub(format!(
            "arn:{PARTITION}:elasticbeanstalk:${{AWS::Region}}:${{AWS::AccountId}}:environment/{}/{name}",
            physical(&application, 100, false)
        )),
        name: text(name),
        role: Some(instance_role),
    }
}

/// One entry of an Elastic Beanstalk environment's `OptionSettings`.
pub(in crate::plan) fn option_setting(
    namespace: &'static str,
    option: &'static str,
    value: Expr,
) -> Expr {
    map([
        ("Namespace", text(namespace)),
        ("OptionName", text(option)),
        ("Value", value),
    ])
}
