//! AWS CodeCommit: a repository.

use crate::plan::Fields;
use crate::plan::build::{Builder, Handle};
use crate::plan::expr::{PARTITION, sub, text};
use crate::plan::names::physical;
use crate::plan::services::Creation;

pub(super) fn create(b: &mut Builder<'_>, cx: &Creation<'_>, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let resource = cx.resource;
    let logical = &cx.logical;
    let max = cx.max;
    let name = physical(&resource.name, max, false);
    properties.insert("RepositoryName", text(name.clone()));
    if let Some(description) = b.property(id, "description") {
        properties.insert("RepositoryDescription", description);
    }
    Handle::created(
        logical,
        sub(format!(
            "arn:{PARTITION}:codecommit:${{AWS::Region}}:${{AWS::AccountId}}:{name}"
        )),
        text(name),
    )
}
