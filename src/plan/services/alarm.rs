//! Amazon CloudWatch alarms.

use crate::model::ResourceId;
use crate::plan::build::{Cx, Handle};
use crate::plan::expr::{list, text};
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Cow, Expr, Fields, map};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    alarm(cx, id, properties);
    Handle::created(logical, Expr::arn(logical), Expr::Ref(logical.clone()))
}

pub(in crate::plan) fn alarm(cx: &Cx<'_>, id: ResourceId, properties: &mut Fields) {
    let metric = match cx.property(id, "metric") {
        Some(Expr::Text(metric)) => metric,
        _ => Cow::Borrowed(""),
    };
    let (namespace, metric_name) = metric.split_once(' ').unwrap_or(("", metric.as_ref()));
    properties.insert("Namespace", text(namespace.to_string()));
    properties.insert("MetricName", text(metric_name.trim().to_string()));
    let (operator, threshold) = match (cx.property(id, "above"), cx.property(id, "below")) {
        (Some(above), _) => ("GreaterThanThreshold", above),
        (None, Some(below)) => ("LessThanThreshold", below),
        (None, None) => ("GreaterThanThreshold", Expr::Number("0".into())),
    };
    properties.insert("ComparisonOperator", text(operator));
    properties.insert("Threshold", threshold);
    let (periods, seconds) = match cx.property(id, "for") {
        Some(Expr::Text(window)) => crate::model::parse_window(&window).unwrap_or((1, 300)),
        _ => (1, 300),
    };
    properties.insert("EvaluationPeriods", Expr::Number(periods.to_string()));
    properties.insert("Period", Expr::Number(seconds.to_string()));
    properties.insert(
        "Statistic",
        cx.property(id, "statistic")
            .unwrap_or_else(|| text("Average")),
    );
    if let Some(Expr::Map(dimensions)) = cx.property(id, "dimensions") {
        let dimensions = dimensions
            .into_iter()
            .map(|(name, value)| map([("Name", text(name)), ("Value", value)]))
            .collect();
        properties.insert("Dimensions", list(dimensions));
    }
    if let Some(missing) = cx.property(id, "missing-data") {
        properties.insert("TreatMissingData", missing);
    }
    if let Some(description) = cx.property(id, "description") {
        properties.insert("AlarmDescription", description);
    }
}
