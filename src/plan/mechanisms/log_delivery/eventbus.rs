//! An event bus's logs: the bus's `LogConfig` names the level, and vended-log
//! delivery sends each log type that level produces.

use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::mechanisms::event_values;
use crate::plan::mechanisms::log_delivery::{Delivery, vended};
use crate::plan::{Expr, Fields};

/// The bus's levels, least detailed first; each logs its own records and
/// those of every level before it.
const LEVELS: [&str; 3] = ["ERROR", "INFO", "TRACE"];

pub(super) fn glue(d: &Delivery<'_>, out: &mut Glue) {
    let log_types = event_values(d.cx.edge, d.cx.channel);
    // The level is the most detailed one any `logs` edge of the bus chooses,
    // as it applies to every destination of the bus.
    let chosen = LEVELS
        .iter()
        .rposition(|level| {
            log_types
                .iter()
                .any(|log_type| *log_type == format!("{level}_LOGS"))
        })
        .unwrap_or(0);
    let full =
        d.cx.edge
            .options
            .get("detail")
            .is_some_and(|detail| detail.joined() == "full");
    let (before, full_before) = out
        .resource_mut(&d.cx.source_logical)
        .and_then(|resource| resource.properties.get("LogConfig"))
        .map_or((0, false), |config| {
            let text_of = |key: &str| match config {
                Expr::Map(fields) => match fields.get(key) {
                    Some(Expr::Text(value)) => Some(value.to_string()),
                    _ => None,
                },
                _ => None,
            };
            let level = text_of("Level")
                .and_then(|level| LEVELS.iter().position(|known| *known == level))
                .unwrap_or(0);
            (level, text_of("IncludeDetail").as_deref() == Some("FULL"))
        });
    let mut config = Fields::new();
    let level = LEVELS.get(chosen.max(before)).copied().unwrap_or("ERROR");
    config.insert("Level", text(level));
    if full || full_before {
        config.insert("IncludeDetail", text("FULL"));
    }
    d.set(out, "LogConfig", Expr::Map(config));
    vended::glue(d, out);
}
