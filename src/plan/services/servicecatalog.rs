//! AWS Service Catalog: a provisioned product.

use crate::plan::build::Handle;
use crate::plan::expr::{list, text};
use crate::plan::glue::Glue;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, map};

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let name = cx.physical_name();
    properties.insert("ProvisionedProductName", text(name.clone()));
    if let Some(Expr::Text(product)) = cx.property(id, "product") {
        let key = if product.starts_with("prod-") {
            "ProductId"
        } else {
            "ProductName"
        };
        properties.insert(key, text(product));
    }
    cx.copy_properties(
        id,
        properties,
        &[
            ("version", "ProvisioningArtifactName"),
            ("path", "PathName"),
        ],
    );
    if let Some(Expr::Map(parameters)) = cx.property(id, "parameters") {
        let parameters = parameters
            .into_iter()
            .map(|(key, value)| map([("Key", text(key)), ("Value", value)]))
            .collect();
        properties.insert("ProvisioningParameters", list(parameters));
    }
    Handle::created(logical, Expr::Ref(logical.clone()), text(name))
}
