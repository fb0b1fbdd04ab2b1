//! AWS Elastic Beanstalk: an application, its environment and their roles.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::names::physical;
use crate::plan::roles::{ServiceRole, allow, allow_within, service_role};
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
    let application_name = physical(&application, 100, false);
    let environment_arn = sub(format!(
        "arn:{PARTITION}:elasticbeanstalk:${{AWS::Region}}:${{AWS::AccountId}}:environment/{}/{}",
        sub_literal(&application_name),
        sub_literal(&name)
    ));
    let service_role = format!("{logical}ServiceRole");
    health_role(cx, out, &service_role, &name, environment_arn.clone());
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
        arn: environment_arn,
        name: text(name),
        role: Some(instance_role),
    }
}

/// The service role Elastic Beanstalk assumes to manage the environment,
/// trusted as its principal file says (the external ID AWS documents), with
/// what enhanced health reporting uses of AWS's managed
/// AWSElasticBeanstalkEnhancedHealth, scoped where the action takes a resource.
fn health_role(cx: &Creation<'_>, out: &mut Glue, role: &str, environment: &str, arn: Expr) {
    let origin = cx.origin;
    service_role(
        cx,
        out,
        &ServiceRole {
            id: role,
            origin,
            principal: "elasticbeanstalk.amazonaws.com",
            source_arn: Some(arn),
        },
        Vec::new(),
    );
    let strings = |actions: &[&str]| actions.iter().map(ToString::to_string).collect::<Vec<_>>();
    let in_account = |rest: &str| sub(format!("arn:{PARTITION}:{rest}"));
    allow(
        out,
        role,
        origin,
        &strings(&[
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeNotificationConfigurations",
            "autoscaling:DescribeScalingActivities",
            "ec2:DescribeAddresses",
            "ec2:DescribeInstanceStatus",
            "ec2:DescribeInstances",
            "ec2:DescribeSecurityGroups",
            "elasticloadbalancing:DescribeInstanceHealth",
            "elasticloadbalancing:DescribeLoadBalancers",
            "elasticloadbalancing:DescribeTargetHealth",
        ]),
        vec![text("*")],
    );
    allow_within(
        out,
        role,
        origin,
        &strings(&["ec2:AssociateAddress", "ec2:GetConsoleOutput"]),
        vec![
            in_account("ec2:${AWS::Region}:${AWS::AccountId}:instance/*"),
            in_account("ec2:${AWS::Region}:${AWS::AccountId}:elastic-ip/*"),
        ],
        MADE_BY_BEANSTALK,
    );
    allow_within(
        out,
        role,
        origin,
        &strings(&["sqs:GetQueueAttributes", "sqs:GetQueueUrl"]),
        vec![in_account("sqs:${AWS::Region}:${AWS::AccountId}:*")],
        MADE_BY_BEANSTALK,
    );
    let groups = format!(
        "logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/elasticbeanstalk/{}/*",
        sub_literal(environment)
    );
    allow_within(
        out,
        role,
        origin,
        &strings(&[
            "logs:CreateLogStream",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents",
        ]),
        vec![
            in_account(&groups),
            in_account(&format!("{groups}:log-stream:*")),
        ],
        "the environment's log groups are made and named by Elastic Beanstalk under `/aws/elasticbeanstalk/ENVIRONMENT/` (AWS Elastic Beanstalk Developer Guide, Using Elastic Beanstalk with Amazon CloudWatch Logs: https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.cloudwatchlogs.html, read 2026-12)",
    );
    if let Some(resource) = out.resource_mut(role) {
        resource.notes.push("what enhanced health reporting uses of AWS's managed AWSElasticBeanstalkEnhancedHealth: the Describe actions take only `*` (Service Authorization Reference); instances, Elastic IPs and queues are the account's in this Region (Elastic Beanstalk names them); the environment's own log groups; sns:Publish is left out, wirec sets no environment notification topic".to_string());
    }
}

/// Why enhanced health's instance, Elastic IP and queue grants name a pattern.
const MADE_BY_BEANSTALK: &str = "Elastic Beanstalk launches the environment's instances, Elastic IPs and worker queues itself, after the template, so their ARNs cannot be named in it: the account's in this Region, narrower than AWS's AWSElasticBeanstalkEnhancedHealth, which grants these on `*` (AWS Managed Policy Reference Guide, AWSElasticBeanstalkEnhancedHealth: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSElasticBeanstalkEnhancedHealth.html, read 2026-12)";

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
