//! An alarm's actions: a group's scaling policy, an EC2 action, or a notification.

use crate::model::steps::{self, Decimal};
use crate::plan::expr::{PARTITION, list, sub, text};
use crate::plan::glue::Glue;
use crate::plan::mechanisms::{EdgeCx, event_values};
use crate::plan::{Expr, Fields, Kind, map};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    if cx.target_kind == Some(Kind::AutoScalingGroup) {
        scaling_policy(cx, out);
    } else if cx.target_kind == Some(Kind::Instance) {
        instance_action(cx, out);
    } else {
        action(cx, out);
    }
}

fn scaling_policy(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (source_logical, from, to) = (&cx.source_logical, &cx.from, &cx.to);
    // The alarm acts through a simple or step scaling policy of the group.
    let id = out.unique_id(format!("{to}ScalingPolicyFrom{from}"));
    let option = |name: &str| cx.edge.options.get(name);
    let adjustment = match option("adjustment-type")
        .map(crate::model::OptionValue::joined)
        .as_deref()
    {
        Some("exact") => "ExactCapacity",
        Some("percent") => "PercentChangeInCapacity",
        _ => "ChangeInCapacity",
    };
    let mut properties = Fields::new();
    properties.insert("AutoScalingGroupName", cx.target.name.clone());
    properties.insert("AdjustmentType", text(adjustment));
    if let Some(steps) = step_adjustments(cx) {
        properties.insert("PolicyType", text("StepScaling"));
        properties.insert("StepAdjustments", list(steps));
        if let Some(warmup) = option("warmup") {
            properties.insert("EstimatedInstanceWarmup", Expr::Number(warmup.joined()));
        }
        if let Some(aggregation) = option("aggregation") {
            properties.insert("MetricAggregationType", text(aggregation.joined()));
        }
    } else {
        properties.insert("PolicyType", text("SimpleScaling"));
        properties.insert(
            "ScalingAdjustment",
            Expr::Number(
                option("adjust").map_or("1".to_string(), crate::model::OptionValue::joined),
            ),
        );
        if let Some(cooldown) = option("cooldown") {
            properties.insert("Cooldown", text(cooldown.joined()));
        }
    }
    if let Some(minimum) = option("min-adjustment") {
        properties.insert("MinAdjustmentMagnitude", Expr::Number(minimum.joined()));
    }
    out.add(id.clone(), Kind::ScalingPolicy, cx.origin, properties);
    for key in event_values(cx.edge, cx.channel) {
        out.push_list(source_logical, &key, Expr::arn(&id));
    }
}

/// The edge's step list (the option with the catalogue's `steps` facet) as
/// `StepAdjustments`: each bound an offset from the alarm's threshold, which
/// `check` held literal (E460); `None` without a step list.
fn step_adjustments(cx: &EdgeCx<'_>) -> Option<Vec<Expr>> {
    let (facet, option) = cx
        .channel
        .options
        .iter()
        .find_map(|(name, spec)| Some((spec.steps.as_ref()?, cx.edge.options.get(name)?)))?;
    let threshold = match cx
        .property(cx.edge.from, &facet.above)
        .or_else(|| cx.property(cx.edge.from, &facet.below))
    {
        Some(Expr::Number(literal)) => Decimal::parse(&literal)?,
        _ => return None,
    };
    let offset =
        |bound: Option<Decimal>| bound.map(|bound| Expr::Number(bound.minus(threshold).literal()));
    let steps = steps::parse(&option.values).ok()?;
    Some(
        steps
            .iter()
            .map(|step| {
                let mut fields = Fields::new();
                if let Some(lower) = offset(step.lower) {
                    fields.insert("MetricIntervalLowerBound", lower);
                }
                if let Some(upper) = offset(step.upper) {
                    fields.insert("MetricIntervalUpperBound", upper);
                }
                fields.insert(
                    "ScalingAdjustment",
                    Expr::Number(step.adjustment.to_string()),
                );
                Expr::Map(fields)
            })
            .collect(),
    )
}

fn instance_action(cx: &EdgeCx<'_>, out: &mut Glue) {
    let source_logical = &cx.source_logical;
    // CloudWatch's EC2 action acts on the instance of the alarm's
    // `InstanceId` dimension; it needs no grant of ours.
    let action = cx
        .edge
        .options
        .get("do")
        .map_or("stop".to_string(), crate::model::OptionValue::joined);
    let arn = sub(format!(
        "arn:{PARTITION}:automate:${{AWS::Region}}:ec2:{action}"
    ));
    for key in event_values(cx.edge, cx.channel) {
        out.push_list(source_logical, &key, arn.clone());
    }
    if let Some(alarm) = out.resource_mut(source_logical) {
        let dimension = map([
            ("Name", text("InstanceId")),
            ("Value", cx.target.name.clone()),
        ]);
        match alarm
            .properties
            .entry_or_insert_with("Dimensions", || list(Vec::new()))
        {
            // Several actions (`on alarm`, `on ok`) on one instance name it once.
            Expr::List(dimensions) if dimensions.contains(&dimension) => {}
            Expr::List(dimensions) => dimensions.push(dimension),
            other => *other = list(vec![dimension]),
        }
    }
}

fn action(cx: &EdgeCx<'_>, out: &mut Glue) {
    let source_logical = &cx.source_logical;
    let Some(dependency) = cx.admit_source(out) else {
        return;
    };
    for key in event_values(cx.edge, cx.channel) {
        out.push_list(source_logical, &key, cx.target.arn.clone());
    }
    let _ = dependency;
}

#[cfg(test)]
mod tests {
    use crate::plan::test_support::plan_of;
    use crate::plan::{Expr, Kind};

    #[test]
    fn steps_are_offsets_from_the_threshold_on_its_breach_side() {
        let plan = plan_of(
            "alarm a { metric = \"AWS/EC2 CPUUtilization\", below = 40.5 } -> action step [..30: -2, 30..40.5: -1] -> asg g { launch-template = \"sample\" }\n",
        );
        let policy = plan
            .resources
            .iter()
            .find(|resource| resource.kind == Kind::ScalingPolicy);
        let steps = policy.and_then(|policy| policy.properties.get("StepAdjustments"));
        let Some(Expr::List(steps)) = steps else {
            panic!("no step adjustments: {policy:?}");
        };
        let bounds: Vec<(Option<&Expr>, Option<&Expr>)> = steps
            .iter()
            .map(|step| match step {
                Expr::Map(fields) => (
                    fields.get("MetricIntervalLowerBound"),
                    fields.get("MetricIntervalUpperBound"),
                ),
                _ => (None, None),
            })
            .collect();
        let number = |literal: &str| Expr::Number(literal.to_string());
        assert_eq!(
            bounds,
            [
                (None, Some(&number("-10.5"))),
                (Some(&number("-10.5")), Some(&number("0"))),
            ]
        );
        assert_eq!(
            policy.and_then(|policy| policy.properties.get("PolicyType")),
            Some(&crate::plan::expr::text("StepScaling"))
        );
    }

    #[test]
    fn a_group_target_gets_a_scaling_policy_and_a_topic_none() {
        let group = plan_of(
            "alarm a { metric = \"AWS/EC2 CPUUtilization\", above = 80 } -> action adjust 2 -> asg g { launch-template = \"sample\" }\n",
        );
        assert!(
            group
                .resources
                .iter()
                .any(|resource| resource.kind == Kind::ScalingPolicy)
        );
        let topic = plan_of(
            "alarm a { metric = \"AWS/EC2 CPUUtilization\", above = 80 } -> action -> sns t\n",
        );
        assert!(
            topic
                .resources
                .iter()
                .all(|resource| resource.kind != Kind::ScalingPolicy)
        );
    }
}
