//! EventBridge schedule expressions: `rate(VALUE UNIT)` and six-field `cron(...)`.

/// `Err(reason)` when the expression is not one EventBridge accepts.
pub(super) fn validate(expression: &str) -> Result<(), String> {
    let expression = expression.trim();
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
    Err("write `rate(VALUE UNIT)` or `cron(MIN HOUR DAY MONTH WEEKDAY YEAR)`".to_string())
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
    use super::validate;

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
