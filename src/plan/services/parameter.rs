//! AWS Systems Manager Parameter Store: a parameter.

use crate::plan::Fields;
use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, sub, text};
use crate::plan::glue::Glue;
use crate::plan::names::physical_path;
use crate::plan::services::Creation;

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let resource = cx.resource;
    let logical = &cx.logical;
    let max = cx.max;
    let name = cx
        .given_name()
        .unwrap_or_else(|| physical_path(&resource.name, max));
    let arn = sub(format!(
        "arn:{PARTITION}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/{}",
        name.trim_start_matches('/')
    ));
    // Without a value, the wiring names a parameter kept outside the stack
    // (configuration set by hand or by another stack): wirec creates none.
    if cx.property(id, "value").is_none() {
        return Handle {
            logical: None,
            arn,
            name: text(name),
            role: None,
        };
    }
    properties.insert("Name", text(name.clone()));
    properties.insert(
        "Type",
        cx.property(id, "type").unwrap_or_else(|| text("String")),
    );
    cx.copy_properties(
        id,
        properties,
        &[
            ("value", "Value"),
            ("description", "Description"),
            ("tier", "Tier"),
        ],
    );
    // A parameter's tags are a map, not a list of pairs.
    if let Some(tags) = cx.property(id, "tags") {
        properties.insert("Tags", tags);
    }
    Handle::created(logical, arn, text(name))
}
