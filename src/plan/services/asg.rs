//! Amazon EC2 Auto Scaling: a group with its launch template.

use crate::plan::build::Handle;
use crate::plan::expr::{list, text};
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, Kind, map};

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let name = cx.physical_name();
    properties.insert("AutoScalingGroupName", text(name.clone()));
    let template = cx.text_property(id, "launch-template").unwrap_or_default();
    let key = if template.starts_with("lt-") {
        "LaunchTemplateId"
    } else {
        "LaunchTemplateName"
    };
    let version = match cx.property(id, "launch-template-version") {
        Some(Expr::Number(version)) => version,
        _ => "1".to_string(),
    };
    properties.insert(
        "LaunchTemplate",
        map([(key, text(template)), ("Version", text(version))]),
    );
    // CloudFormation takes the sizes as strings.
    let size = |value: Option<Expr>, default: &str| match value {
        Some(Expr::Number(number)) => text(number),
        _ => text(default.to_string()),
    };
    let min = cx.property(id, "min");
    let minimum = match &min {
        Some(Expr::Number(number)) => number.parse::<u64>().unwrap_or(1),
        _ => 1,
    };
    properties.insert("MinSize", size(min, "1"));
    properties.insert(
        "MaxSize",
        size(cx.property(id, "max"), &minimum.max(1).to_string()),
    );
    if let Some(Expr::Number(desired)) = cx.property(id, "desired") {
        properties.insert("DesiredCapacity", text(desired));
    }
    match cx.property(id, "subnets") {
        Some(subnets) => properties.insert("VPCZoneIdentifier", subnets),
        // The default VPC's subnets, one per Availability Zone.
        None => properties.insert("AvailabilityZones", Expr::AvailabilityZones),
    }
    // A group's tags say whether instances get them too.
    if let Some(Expr::Map(tags)) = cx.property(id, "tags") {
        let tags = tags
            .iter()
            .map(|(key, value)| {
                map([
                    ("Key", text(key.to_string())),
                    ("PropagateAtLaunch", Expr::Bool(true)),
                    ("Value", value.clone()),
                ])
            })
            .collect();
        properties.insert("Tags", list(tags));
    }
    target_tracking(cx, out);
    // A group's ARN holds an id that only AWS knows: its name stands in.
    Handle::created(
        logical,
        Expr::Ref(logical.clone()),
        Expr::Ref(logical.clone()),
    )
}

/// The properties that ask for target tracking, with AWS's predefined metric
/// for each and the word of the policy's logical id. `ALBRequestCountPerTarget`
/// is left out: it needs the label of a target group attached to the group,
/// which wirec does not create.
const TARGET_TRACKING: [(&str, &str, &str); 3] = [
    ("target-cpu", "ASGAverageCPUUtilization", "Cpu"),
    ("target-network-in", "ASGAverageNetworkIn", "NetworkIn"),
    ("target-network-out", "ASGAverageNetworkOut", "NetworkOut"),
];

/// A `TargetTrackingScaling` policy per target the declaration sets; AWS
/// creates and manages the policy's alarms.
fn target_tracking(cx: &Creation<'_>, out: &mut Glue) {
    let id = cx.id;
    let disable_scale_in = cx.property(id, "disable-scale-in");
    for (property, metric, word) in TARGET_TRACKING {
        let Some(target) = cx.property(id, property) else {
            continue;
        };
        let mut configuration = Fields::new();
        configuration.insert(
            "PredefinedMetricSpecification",
            map([("PredefinedMetricType", text(metric))]),
        );
        configuration.insert("TargetValue", target);
        if let Some(disable) = &disable_scale_in {
            configuration.insert("DisableScaleIn", disable.clone());
        }
        let mut policy = Fields::new();
        policy.insert("AutoScalingGroupName", Expr::Ref(cx.logical.clone()));
        policy.insert("PolicyType", text("TargetTrackingScaling"));
        policy.insert("TargetTrackingConfiguration", Expr::Map(configuration));
        let logical = out.unique_id(format!("{}{word}TrackingPolicy", cx.pascal(id)));
        out.add(logical, Kind::ScalingPolicy, cx.origin, policy);
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::test_support::plan_of;
    use crate::plan::{Expr, Kind};

    #[test]
    fn each_target_is_a_target_tracking_policy_of_the_group() {
        let plan = plan_of(
            "asg g { launch-template = \"sample\", target-cpu = 50, target-network-in = 1000, disable-scale-in = true }\n",
        );
        let metrics: Vec<&Expr> = plan
            .resources
            .iter()
            .filter(|resource| resource.kind == Kind::ScalingPolicy)
            .filter_map(
                |policy| match policy.properties.get("TargetTrackingConfiguration") {
                    Some(Expr::Map(configuration)) => {
                        assert_eq!(configuration.get("DisableScaleIn"), Some(&Expr::Bool(true)));
                        match configuration.get("PredefinedMetricSpecification") {
                            Some(Expr::Map(metric)) => metric.get("PredefinedMetricType"),
                            _ => None,
                        }
                    }
                    _ => None,
                },
            )
            .collect();
        let text = crate::plan::expr::text;
        assert_eq!(
            metrics,
            [
                &text("ASGAverageCPUUtilization"),
                &text("ASGAverageNetworkIn")
            ]
        );
    }
}
