//! Scaling policies an alarm action creates, held to what AWS's
//! `PutScalingPolicy` accepts: a step list (an option with the catalogue's
//! `steps` facet) read around the alarm's literal threshold, its intervals
//! contiguous and covering the breach from the threshold (E460–E462), an
//! exact capacity that is not negative (E463), and a minimum adjustment only
//! for a percentage (E466).

use crate::ast;
use crate::catalogue::{Catalogue, ChannelSpec, StepThreshold, codes};
use crate::diagnostics::Diagnostic;
use crate::model::steps::{self, Decimal, Step};
use crate::model::{Edge, Model, Resource};

/// The channel options that say how a scaling policy counts (`alarm.yaml`'s `action`).
const ADJUSTMENT_TYPE: &str = "adjustment-type";
const ADJUST: &str = "adjust";
const MIN_ADJUSTMENT: &str = "min-adjustment";
/// The `adjustment-type` words of `ExactCapacity` and `PercentChangeInCapacity`.
const EXACT: &str = "exact";
const PERCENT: &str = "percent";

pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for (edge, source, channel) in super::described_edges(model, catalogue) {
        for (name, spec) in &channel.options {
            if let (Some(threshold), Some(option)) = (&spec.steps, edge.options.get(name)) {
                steps_around_threshold(source, name, option, threshold, catalogue, diagnostics);
            }
        }
        adjustments(source, edge, channel, catalogue, diagnostics);
    }
}

/// Which side of its threshold the source alarms on, and the threshold.
enum Breach {
    Above(Decimal),
    Below(Decimal),
}

fn steps_around_threshold(
    source: &Resource,
    name: &str,
    option: &crate::model::OptionValue,
    threshold: &StepThreshold,
    catalogue: &Catalogue,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let list = match steps::parse(&option.values) {
        Ok(list) => list,
        Err(span) => {
            diagnostics.push(catalogue.report(
                codes::INVALID_VALUE,
                span,
                &[
                    ("option", name),
                    (
                        "expected",
                        "`LOW..HIGH:` followed by a whole number, e.g. `[70..85: +1, 85..: +2]`",
                    ),
                    ("found", "something else"),
                ],
            ));
            return;
        }
    };
    let (property, above) = match (
        source.properties.get(&threshold.above),
        source.properties.get(&threshold.below),
    ) {
        (Some(value), _) => (value, true),
        (None, Some(value)) => (value, false),
        // No threshold at all is reported by the source's own check.
        (None, None) => return,
    };
    let breach = match &property.value {
        ast::Value::Number(number) => Decimal::parse(&number.literal),
        _ => None,
    }
    .map(|value| {
        if above {
            Breach::Above(value)
        } else {
            Breach::Below(value)
        }
    });
    let Some(breach) = breach else {
        diagnostics.push(
            catalogue
                .report(
                    codes::STEP_THRESHOLD_NOT_LITERAL,
                    option.span,
                    &[("source", &source.name)],
                )
                .with_label(property.key_span, "this threshold"),
        );
        return;
    };
    if let Some(diagnostic) = intervals(&list, source, catalogue) {
        diagnostics.push(diagnostic);
        return;
    }
    if let Some(diagnostic) = breach_side(&list, &breach, option.span, source, catalogue) {
        diagnostics.push(diagnostic);
    }
}

/// Each interval non-empty and bounded on one side at least; in order, each
/// begins where the one before it ends (E461).
fn intervals(list: &[Step], source: &Resource, catalogue: &Catalogue) -> Option<Diagnostic> {
    let report = |step: &Step, problem: &str| {
        catalogue.report(
            codes::STEP_INTERVALS,
            step.span,
            &[("source", &source.name), ("problem", problem)],
        )
    };
    for step in list {
        match (step.lower, step.upper) {
            (None, None) => return Some(report(step, "has a step open at both ends")),
            (Some(lower), Some(upper)) if lower >= upper => {
                return Some(report(
                    step,
                    "has a step whose upper bound is not above its lower bound",
                ));
            }
            _ => {}
        }
    }
    let mut sorted: Vec<&Step> = list.iter().collect();
    sorted.sort_by_key(|step| step.lower);
    for pair in sorted.windows(2) {
        let [before, after] = pair else { continue };
        let problem = match (before.upper, after.lower) {
            (Some(upper), Some(lower)) if upper < lower => format!(
                "leave a gap from {} to {}",
                upper.literal(),
                lower.literal()
            ),
            (Some(upper), Some(lower)) if upper == lower => continue,
            _ => "overlap".to_string(),
        };
        return Some(report(after, &problem).with_label(before.span, "next to this step"));
    }
    None
}

/// The steps, contiguous once sorted, start at the threshold and reach the
/// open end on the side the alarm breaches (E462).
fn breach_side(
    list: &[Step],
    breach: &Breach,
    span: crate::source::Span,
    source: &Resource,
    catalogue: &Catalogue,
) -> Option<Diagnostic> {
    let lowest = list.iter().min_by_key(|step| step.lower)?;
    let highest = list.iter().max_by_key(|step| step.lower)?;
    let (side, threshold, expected, wrong) = match *breach {
        Breach::Above(threshold) => (
            "above",
            threshold,
            "start at the threshold and go up with no upper bound (`85..:`)",
            if lowest.lower == Some(threshold) {
                highest.upper.is_some().then_some(highest)
            } else {
                Some(lowest)
            },
        ),
        Breach::Below(threshold) => (
            "below",
            threshold,
            "end at the threshold and go down with no lower bound (`..30:`)",
            if highest.upper == Some(threshold) {
                lowest.lower.is_some().then_some(lowest)
            } else {
                Some(highest)
            },
        ),
    };
    let step = wrong?;
    Some(
        catalogue
            .report(
                codes::STEP_BREACH_SIDE,
                step.span,
                &[
                    ("source", &source.name),
                    ("side", side),
                    ("threshold", &threshold.literal()),
                    ("expected", expected),
                ],
            )
            .with_label(span, "these steps"),
    )
}

/// An exact capacity is not negative (E463); a minimum adjustment is for a
/// percentage (E466).
fn adjustments(
    source: &Resource,
    edge: &Edge,
    channel: &ChannelSpec,
    catalogue: &Catalogue,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let kind = edge
        .options
        .get(ADJUSTMENT_TYPE)
        .map(crate::model::OptionValue::joined);
    if kind.as_deref() == Some(EXACT) {
        let mut changes: Vec<(i64, crate::source::Span)> = Vec::new();
        if let Some(adjust) = edge.options.get(ADJUST)
            && let Ok(value) = adjust.joined().parse::<i64>()
        {
            changes.push((value, adjust.span));
        }
        let step_lists = channel
            .options
            .iter()
            .filter(|(_, spec)| spec.steps.is_some())
            .filter_map(|(name, _)| edge.options.get(name));
        for option in step_lists {
            if let Ok(list) = steps::parse(&option.values) {
                changes.extend(list.iter().map(|step| (step.adjustment, step.span)));
            }
        }
        if let Some((_, span)) = changes.iter().find(|(value, _)| *value < 0) {
            diagnostics.push(catalogue.report(
                codes::EXACT_CAPACITY_NEGATIVE,
                *span,
                &[("source", &source.name)],
            ));
        }
    }
    if let Some(minimum) = edge.options.get(MIN_ADJUSTMENT)
        && kind.as_deref() != Some(PERCENT)
    {
        diagnostics.push(catalogue.report(
            codes::MIN_ADJUSTMENT_WITHOUT_PERCENT,
            minimum.span,
            &[("source", &source.name)],
        ));
    }
}
