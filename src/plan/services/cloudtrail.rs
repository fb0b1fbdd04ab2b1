//! AWS CloudTrail: a trail.

use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, list, sub, text};
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let name = cx.physical_name();
    properties.insert("TrailName", text(name.clone()));
    properties.insert("IsLogging", Expr::Bool(true));
    cx.copy_properties(
        id,
        properties,
        &[
            ("multi-region", "IsMultiRegionTrail"),
            ("global-events", "IncludeGlobalServiceEvents"),
            ("validation", "EnableLogFileValidation"),
            ("prefix", "S3KeyPrefix"),
        ],
    );
    if let Some(selectors) = advanced_event_selectors(cx) {
        properties.insert("AdvancedEventSelectors", selectors);
    }
    Handle::created(
        logical,
        sub(format!(
            "arn:{PARTITION}:cloudtrail:${{AWS::Region}}:${{AWS::AccountId}}:trail/{name}"
        )),
        text(name),
    )
}

/// The trail's advanced event selectors when it records S3 data events
/// (`s3-data-events`, `s3-data-bucket`): one for the management events a
/// trail records by default, which a trail with advanced selectors records
/// only when a selector names them, and one for the S3 object-level calls.
/// AWS recommends advanced selectors (basic ones cannot filter on the call or
/// log the newer resource types) and a trail takes one kind, not both
/// (CloudTrail User Guide, Logging data events).
fn advanced_event_selectors(cx: &Creation<'_>) -> Option<Expr> {
    let bucket = cx.model.property_target(cx.id, "s3-data-bucket");
    let read_write = cx.text_property(cx.id, "s3-data-events");
    if bucket.is_none() && read_write.is_none() {
        return None;
    }
    let equals = |field: &'static str, value: &'static str| {
        map([("Field", text(field)), ("Equals", list(vec![text(value)]))])
    };
    let mut fields = vec![
        equals("eventCategory", "Data"),
        equals("resources.type", "AWS::S3::Object"),
    ];
    match read_write.as_deref() {
        Some("read") => fields.push(equals("readOnly", "true")),
        Some("write") => fields.push(equals("readOnly", "false")),
        _ => {}
    }
    if let Some(bucket) = bucket {
        // The bucket's objects: its ARN and a slash, as CloudTrail matches them.
        let objects = match &cx.handle(bucket.to).arn {
            Expr::Sub(arn) => sub(format!("{arn}/")),
            Expr::Text(arn) => text(format!("{arn}/")),
            other => other.clone(),
        };
        fields.push(map([
            ("Field", text("resources.ARN")),
            ("StartsWith", list(vec![objects])),
        ]));
    }
    Some(list(vec![
        map([
            ("Name", text("Management events")),
            (
                "FieldSelectors",
                list(vec![equals("eventCategory", "Management")]),
            ),
        ]),
        map([
            ("Name", text("S3 data events")),
            ("FieldSelectors", list(fields)),
        ]),
    ]))
}
