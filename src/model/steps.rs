//! A step scaling list, `[70..85: +1, 85..: +2]`: intervals of the alarm's
//! metric, each with the capacity change AWS applies while the metric is in
//! it. `check` holds the intervals to AWS's rules and `plan` writes them as
//! offsets from the alarm's threshold; both read them through [`parse`].

use crate::ast::Text;
use crate::source::Span;

/// Decimal places a bound may have: AWS's bounds are doubles, and six places
/// keep every sum and difference exact in an `i128`.
const PLACES: u32 = 6;
const SCALE: i128 = 10_i128.pow(PLACES);
/// Whole digits a bound may have, so that a bound is a number a template holds exactly.
const WHOLE_DIGITS: usize = 15;

/// A decimal held exactly, in millionths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Decimal(i128);

impl Decimal {
    /// Reads `-`, at most 15 digits and at most six decimal places.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
        if whole.is_empty()
            || whole.len() > WHOLE_DIGITS
            || fraction.len() > PLACES as usize
            || (unsigned.contains('.') && fraction.is_empty())
            || !digits(whole)
            || !digits(fraction)
        {
            return None;
        }
        let whole: i128 = whole.parse().ok()?;
        let mut fraction_value: i128 = if fraction.is_empty() {
            0
        } else {
            fraction.parse().ok()?
        };
        for _ in fraction.len()..PLACES as usize {
            fraction_value *= 10;
        }
        let value = whole * SCALE + fraction_value;
        Some(Self(if negative { -value } else { value }))
    }

    /// `self - other`, exactly.
    pub(crate) fn minus(self, other: Self) -> Self {
        Self(self.0 - other.0)
    }

    /// The shortest literal that says it: `15`, `-10.5`.
    pub(crate) fn literal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let magnitude = self.0.unsigned_abs();
        let scale = SCALE.unsigned_abs();
        let (whole, fraction) = (magnitude / scale, magnitude % scale);
        if fraction == 0 {
            return format!("{sign}{whole}");
        }
        let places = format!("{fraction:0width$}", width = PLACES as usize);
        format!("{sign}{whole}.{}", places.trim_end_matches('0'))
    }
}

/// One step: the metric's interval (a bound left out is open) and the change.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    /// The lowest metric value of the interval; `None` is negative infinity.
    pub lower: Option<Decimal>,
    /// The highest metric value of the interval; `None` is positive infinity.
    pub upper: Option<Decimal>,
    /// The capacity change, as its adjustment type counts it.
    pub adjustment: i64,
    /// Where the interval and its change stand.
    pub span: Span,
}

/// The steps of a list, or the span of the first item that is not
/// `LOW..HIGH:` followed by a whole number (`+1`, `2`, `-1`).
pub(crate) fn parse(values: &[Text]) -> Result<Vec<Step>, Span> {
    let mut steps = Vec::new();
    let mut items = values.iter();
    while let Some(interval) = items.next() {
        let Some((lower, upper)) = interval
            .text
            .strip_suffix(':')
            .and_then(|range| range.split_once(".."))
        else {
            return Err(interval.span);
        };
        let bound = |text: &str| {
            if text.is_empty() {
                Ok(None)
            } else {
                Decimal::parse(text).map(Some).ok_or(interval.span)
            }
        };
        let (lower, upper) = (bound(lower)?, bound(upper)?);
        let Some(change) = items.next() else {
            return Err(interval.span);
        };
        let adjustment = adjustment(&change.text).ok_or(change.span)?;
        steps.push(Step {
            lower,
            upper,
            adjustment,
            span: interval.span.to(change.span),
        });
    }
    Ok(steps)
}

/// `+1`, `1` or `-1`, within the 32-bit integer AWS's `ScalingAdjustment` is.
fn adjustment(text: &str) -> Option<i64> {
    let signed = text.strip_prefix('+').unwrap_or(text);
    let digits = text
        .strip_prefix('+')
        .or_else(|| text.strip_prefix('-'))
        .unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let value: i32 = signed.parse().ok()?;
    Some(i64::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str) -> Text {
        Text {
            text: text.to_string(),
            span: Span::none(),
        }
    }

    #[test]
    fn decimals_are_exact_and_written_shortest() {
        let seventy = Decimal::parse("70").map(Decimal::literal);
        assert_eq!(seventy.as_deref(), Some("70"));
        let offset = Decimal::parse("70.1")
            .zip(Decimal::parse("70"))
            .map(|(a, b)| a.minus(b).literal());
        assert_eq!(offset.as_deref(), Some("0.1"));
        let negative = Decimal::parse("30")
            .zip(Decimal::parse("40.25"))
            .map(|(a, b)| a.minus(b).literal());
        assert_eq!(negative.as_deref(), Some("-10.25"));
        for bad in ["", "1.", ".5", "1e3", "+1", "1.2345678", "1234567890123456"] {
            assert!(Decimal::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_list_reads_as_intervals_with_changes() {
        let list: Vec<Text> = ["70..85:", "+1", "85..:", "+2", "..70:", "-1"]
            .into_iter()
            .map(text)
            .collect();
        let steps = parse(&list).unwrap_or_default();
        assert_eq!(steps.len(), 3);
        assert_eq!(steps[0].adjustment, 1);
        assert_eq!(steps[1].upper, None);
        assert_eq!(steps[2].lower, None);
        assert_eq!(steps[2].adjustment, -1);
        for bad in [
            vec!["70..85", "+1"],
            vec!["70..85:"],
            vec!["70-85:", "1"],
            vec!["70..85:", "one"],
            vec!["70..85:", "+-1"],
            vec!["70..85:", "99999999999"],
        ] {
            let list: Vec<Text> = bad.into_iter().map(text).collect();
            assert!(parse(&list).is_err());
        }
    }
}
