//! EventBridge schedule expressions: `rate(VALUE UNIT)` and six-field
//! `cron(...)`, and for EventBridge Scheduler also one-time `at(...)` and the
//! time zone a schedule is read in, for properties whose catalogue spec has a
//! `schedule` facet (E205, E472).

use crate::ast;
use crate::catalogue::{Catalogue, codes};
use crate::diagnostics::Diagnostic;
use crate::model::Model;

/// E205 and E472 for every property with a `schedule` facet.
pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for (_, _, spec, value) in super::described_properties(model, catalogue) {
        let (Some(facet), ast::Value::String(text)) = (spec.schedule, &value.value) else {
            continue;
        };
        if facet.time_zone {
            if let Err(reason) = time_zone(&text.text) {
                diagnostics.push(catalogue.report(
                    codes::SCHEDULE_TIME_ZONE,
                    text.span,
                    &[("zone", &text.text), ("reason", &reason)],
                ));
            }
        } else if let Err(reason) = expression(&text.text, facet.one_time) {
            diagnostics.push(catalogue.report(
                codes::INVALID_SCHEDULE,
                text.span,
                &[("expression", &text.text), ("reason", &reason)],
            ));
        }
    }
}

/// E205 for every resource option with a `schedule` facet (`schedule NAME
/// "rate(1 day)"`): its words joined are the expression, and a `required` one
/// left out is reported at the declaration's name.
pub(super) fn options(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for resource in &model.resources {
        let Some(service) = catalogue.service(&resource.service) else {
            continue;
        };
        for (name, spec) in &service.options {
            let Some(facet) = spec.schedule else {
                continue;
            };
            let Some(option) = resource.options.get(name) else {
                if spec.required {
                    diagnostics.push(catalogue.report(
                        codes::INVALID_SCHEDULE,
                        resource.name_span,
                        &[
                            ("expression", ""),
                            (
                                "reason",
                                "a schedule needs an expression such as \"rate(5 minutes)\" after its name",
                            ),
                        ],
                    ));
                }
                continue;
            };
            let text = option.joined();
            if let Err(reason) = expression(&text, facet.one_time) {
                diagnostics.push(catalogue.report(
                    codes::INVALID_SCHEDULE,
                    option.span,
                    &[("expression", &text), ("reason", &reason)],
                ));
            }
        }
    }
}

/// `Err(reason)` when the expression is not one EventBridge (with
/// `one_time`, EventBridge Scheduler) accepts.
fn expression(expression: &str, one_time: bool) -> Result<(), String> {
    let expression = expression.trim();
    if one_time
        && let Some(inner) = expression
            .strip_prefix("at(")
            .and_then(|rest| rest.strip_suffix(')'))
    {
        return at(inner);
    }
    if let Some(inner) = expression
        .strip_prefix("rate(")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        return rate(inner);
    }
    if let Some(inner) = expression
        .strip_prefix("cron(")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        return cron(inner);
    }
    if one_time {
        return Err(
            "write `rate(VALUE UNIT)`, `cron(MIN HOUR DAY MONTH WEEKDAY YEAR)` or `at(yyyy-mm-ddThh:mm:ss)`"
                .to_string(),
        );
    }
    Err("write `rate(VALUE UNIT)` or `cron(MIN HOUR DAY MONTH WEEKDAY YEAR)`".to_string())
}

/// A one-time schedule's time, `yyyy-mm-ddThh:mm:ss` (read in the schedule's
/// time zone, so without an offset or `Z`).
fn at(inner: &str) -> Result<(), String> {
    const SHAPE: &str = "dddd-dd-ddTdd:dd:dd";
    let broken = inner
        .chars()
        .zip(SHAPE.chars())
        .position(|(given, wanted)| match wanted {
            'd' => !given.is_ascii_digit(),
            _ => given != wanted,
        });
    match broken {
        Some(at) => Err(format!(
            "a one-time schedule is `at(yyyy-mm-ddThh:mm:ss)`; character {} of `{inner}` does not fit",
            at + 1
        )),
        None if inner.chars().count() != SHAPE.len() => Err(format!(
            "a one-time schedule is `at(yyyy-mm-ddThh:mm:ss)` ({} characters, without an offset or `Z`: the time zone is `timezone`), not `{inner}`",
            SHAPE.len()
        )),
        None => Ok(()),
    }
}

/// The longest time zone name Scheduler takes (botocore
/// `ScheduleExpressionTimezone`).
const MAX_TIME_ZONE: usize = 50;

/// `Err(reason)` unless `zone` has the shape of an IANA time zone name:
/// `UTC`, or up to three `/`-separated parts (`America/Argentina/Salta`),
/// each a letter and then letters, digits, `_`, `-` or `+`.
fn time_zone(zone: &str) -> Result<(), String> {
    if zone.len() > MAX_TIME_ZONE {
        return Err(format!("at most {MAX_TIME_ZONE} characters"));
    }
    let parts: Vec<&str> = zone.split('/').collect();
    if parts.len() > 3 {
        return Err("an IANA name has at most three parts (`America/Argentina/Salta`)".to_string());
    }
    for part in parts {
        let mut characters = part.chars();
        match characters.next() {
            Some(first) if first.is_ascii_alphabetic() => {}
            _ => {
                return Err(format!(
                    "each part of an IANA name (`Europe/Berlin`) starts with a letter; `{part}` does not (write a place, not an offset)"
                ));
            }
        }
        if let Some(other) = characters.find(|c| !(c.is_ascii_alphanumeric() || "_-+".contains(*c)))
        {
            return Err(format!(
                "`{other}` is not in an IANA name (`America/New_York`: letters, digits, `_`, `-`, `+`, parts joined by `/`)"
            ));
        }
    }
    Ok(())
}

fn rate(inner: &str) -> Result<(), String> {
    let parts: Vec<&str> = inner.split_whitespace().collect();
    let [value, unit] = parts.as_slice() else {
        return Err("a rate is a whole number and a unit, e.g. `rate(5 minutes)`".to_string());
    };
    let value: u64 = value
        .parse()
        .map_err(|_| format!("`{value}` is not a positive whole number"))?;
    if value == 0 {
        return Err("the rate must be at least 1".to_string());
    }
    let singular = ["minute", "hour", "day"];
    let plural = ["minutes", "hours", "days"];
    if value == 1 && !singular.contains(unit) {
        return Err(format!(
            "with 1 the unit is singular (`minute`, `hour`, `day`), not `{unit}`"
        ));
    }
    if value > 1 && !plural.contains(unit) {
        return Err(format!(
            "with {value} the unit is plural (`minutes`, `hours`, `days`), not `{unit}`"
        ));
    }
    Ok(())
}

fn cron(inner: &str) -> Result<(), String> {
    let fields: Vec<&str> = inner.split_whitespace().collect();
    if fields.len() != 6 {
        return Err(format!(
            "a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), not {}",
            fields.len()
        ));
    }
    let allowed = |field: &str, extra: &str| {
        field.chars().all(|character| {
            character.is_ascii_alphanumeric()
                || ",-*/".contains(character)
                || extra.contains(character)
        })
    };
    let names = [
        "minutes",
        "hours",
        "day-of-month",
        "month",
        "day-of-week",
        "year",
    ];
    let extras = ["", "", "?LW", "", "?L#", ""];
    for ((field, name), extra) in fields.iter().zip(names).zip(extras) {
        if !allowed(field, extra) {
            return Err(format!(
                "the {name} field `{field}` has a character EventBridge does not accept there"
            ));
        }
    }
    let (day_of_month, day_of_week) = (fields[2], fields[4]);
    if (day_of_month == "?") == (day_of_week == "?") {
        return Err("exactly one of day-of-month and day-of-week must be `?`".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{expression, time_zone};

    /// A rule's expression: EventBridge's forms without the one-time `at(...)`.
    fn validate(text: &str) -> Result<(), String> {
        expression(text, false)
    }

    #[test]
    fn scheduler_takes_one_time_expressions_and_rules_do_not() {
        assert!(expression("at(2026-12-24T18:00:00)", true).is_ok());
        assert!(expression("cron(0 3 * * ? *)", true).is_ok());
        assert!(validate("at(2026-12-24T18:00:00)").is_err());
        let broken = expression("at(2026-12-24 18:00:00)", true).unwrap_err();
        assert!(broken.contains("character 11"), "{broken}");
        assert!(expression("at(2026-12-24T18:00:00Z)", true).is_err());
        assert!(expression("at(2026-12-24T18:00)", true).is_err());
    }

    #[test]
    fn time_zones_have_the_shape_of_iana_names() {
        for zone in [
            "Europe/Berlin",
            "UTC",
            "America/Argentina/Salta",
            "Etc/GMT+5",
        ] {
            assert!(time_zone(zone).is_ok(), "{zone}");
        }
        for zone in ["Europe Berlin", "+01:00", "", "Europe/", "a/b/c/d"] {
            assert!(time_zone(zone).is_err(), "{zone}");
        }
    }

    #[test]
    fn valid_expressions_pass() {
        assert!(validate("rate(1 day)").is_ok());
        assert!(validate("rate(5 minutes)").is_ok());
        assert!(validate("cron(0 3 * * ? *)").is_ok());
        assert!(validate("cron(0/15 * ? * MON-FRI *)").is_ok());
    }

    #[test]
    fn invalid_expressions_fail() {
        assert!(validate("rate(1 days)").is_err());
        assert!(validate("rate(5 minute)").is_err());
        assert!(validate("cron(0 3 * * *)").is_err());
        assert!(validate("cron(0 3 * * * *)").is_err());
        assert!(validate("every day").is_err());
    }
}
