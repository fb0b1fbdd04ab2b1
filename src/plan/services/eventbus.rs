//! Amazon EventBridge: a custom event bus, and its archive.

use crate::ast;
use crate::plan::Kind;
use crate::plan::build::Handle;
use crate::plan::expr::{json_plain, text};
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

/// The longest archive name (botocore events/2015-10-07 `ArchiveName`).
const MAX_ARCHIVE_NAME: usize = 48;

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let logical = &cx.logical;
    let name = cx.physical_name();
    // Both backends require the name: it is how rules and senders name the bus.
    properties.insert("Name", text(name.clone()));
    if let Some(description) = cx.property(cx.id, "description") {
        properties.insert("Description", description);
    }
    archive(cx, out, &name);
    Handle::created(logical, Expr::arn(logical), Expr::Ref(logical.clone()))
}

/// `archive = DAYS` and `archive-pattern = "{...}"`: an archive of the bus's
/// events, named after the bus so that a replay can name it
/// (`arn:...:archive/NAME`). Bus names use only characters archive names
/// take, so the first 48 of them are a valid archive name.
fn archive(cx: &Creation<'_>, out: &mut Glue, bus_name: &str) {
    let retention = cx.property(cx.id, "archive");
    let pattern =
        cx.resource
            .properties
            .get("archive-pattern")
            .and_then(|property| match &property.value {
                ast::Value::String(text) => {
                    serde_json::from_str::<serde_json::Value>(&text.text).ok()
                }
                _ => None,
            });
    if retention.is_none() && pattern.is_none() {
        return;
    }
    let mut name: String = bus_name.chars().take(MAX_ARCHIVE_NAME).collect();
    name.shrink_to_fit();
    let mut properties = Fields::new();
    properties.insert("ArchiveName", text(name));
    properties.insert("SourceArn", Expr::arn(&cx.logical));
    if let Some(days) = retention {
        properties.insert("RetentionDays", days);
    }
    if let Some(pattern) = pattern {
        properties.insert("EventPattern", json_plain(&pattern));
    }
    out.add(
        format!("{}Archive", cx.logical),
        Kind::Archive,
        cx.origin,
        properties,
    );
}
