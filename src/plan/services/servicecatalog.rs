//! AWS Service Catalog: a provisioned product.

use crate::plan::build::{Builder, Handle};
use crate::plan::expr::{list, text};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

pub(super) fn create(b: &mut Builder<'_>, cx: &Creation<'_>, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let name = cx.physical_name();
    properties.insert("ProvisionedProductName", text(name.clone()));
    if let Some(Expr::Text(product)) = b.cx.property(id, "product") {
        let key = if product.starts_with("prod-") {
            "ProductId"
        } else {
            "ProductName"
        };
        properties.insert(key, text(product));
    }
    b.cx.copy_properties(
        id,
        properties,
        &[
            ("version", "ProvisioningArtifactName"),
            ("path", "PathName"),
        ],
    );
    if let Some(Expr::Map(parameters)) = b.cx.property(id, "parameters") {
        let parameters = parameters
            .into_iter()
            .map(|(key, value)| map([("Key", text(key)), ("Value", value)]))
            .collect();
        properties.insert("ProvisioningParameters", list(parameters));
    }
    Handle::created(logical, Expr::Ref(logical.clone()), text(name))
}
