//! Amazon DynamoDB: a table, with a stream when an edge reads one.

use crate::plan::build::Handle;
use crate::plan::expr::{attribute_type, list, text};
use crate::plan::glue::Glue;
use crate::plan::services::{Creation, Reader};
use crate::plan::{Expr, Fields, map};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let key = cx.property(id, "key").unwrap_or_else(|| text("id"));
    let key_type = attribute_type(cx.property(id, "key-type"));
    let mut definitions = vec![map([
        ("AttributeName", key.clone()),
        ("AttributeType", key_type),
    ])];
    let mut schema = vec![map([("AttributeName", key), ("KeyType", text("HASH"))])];
    if let Some(sort) = cx.property(id, "sort-key") {
        definitions.push(map([
            ("AttributeName", sort.clone()),
            (
                "AttributeType",
                attribute_type(cx.property(id, "sort-key-type")),
            ),
        ]));
        schema.push(map([("AttributeName", sort), ("KeyType", text("RANGE"))]));
    }
    properties.insert("BillingMode", text("PAY_PER_REQUEST"));
    properties.insert("AttributeDefinitions", list(definitions));
    properties.insert("KeySchema", list(schema));
    let stream = cx
        .model
        .outgoing(id)
        .into_iter()
        .find(|edge| edge.channel == "stream")
        .map(|edge| {
            edge.options
                .get("view")
                .map_or("new-and-old".to_string(), crate::model::OptionValue::joined)
        });
    if let Some(view) = stream {
        let view = match view.as_str() {
            "keys-only" => "KEYS_ONLY",
            "new" => "NEW_IMAGE",
            "old" => "OLD_IMAGE",
            _ => "NEW_AND_OLD_IMAGES",
        };
        properties.insert("StreamSpecification", map([("StreamViewType", text(view))]));
    }
    Handle::created(logical, Expr::arn(logical), Expr::Ref(logical.clone()))
}

/// A table's stream: readers read it by its ARN and act on all its streams.
pub(super) fn reader(table: &str) -> Reader {
    Reader {
        read_arn: Expr::Attr(table.to_string(), "StreamArn"),
        read_scope: Expr::Sub(format!("${{{table}.Arn}}/stream/*")),
        starting_position: true,
    }
}
