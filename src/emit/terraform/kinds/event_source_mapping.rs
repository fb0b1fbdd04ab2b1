//! A Lambda event source mapping: its filter patterns as `filter_criteria`'s
//! `filter` blocks, and its starting time as RFC 3339 text, where
//! CloudFormation takes seconds since 1970.

use super::prelude::*;
use crate::model::values::rfc3339;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    if let Some(criteria) = props.get("FilterCriteria") {
        let filters: Vec<Value> = items(field(criteria, "Filters"))
            .iter()
            .filter_map(|filter| field(filter, "Pattern"))
            .map(|pattern| json!({ "pattern": r.value(pattern) }))
            .collect();
        body.insert("filter_criteria".into(), json!([{ "filter": filters }]));
    }
    if let Some(Expr::Number(seconds)) = props.get("StartingPositionTimestamp")
        && let Ok(seconds) = seconds.parse::<i64>()
    {
        body.insert(
            "starting_position_timestamp".into(),
            Value::String(rfc3339(seconds)),
        );
    }
}
