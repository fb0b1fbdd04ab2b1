//! AWS CodeCommit: a repository.

use crate::plan::Fields;
use crate::plan::build::Handle;
use crate::plan::expr::{PARTITION, sub, text};
use crate::plan::glue::Glue;
use crate::plan::services::Creation;

pub(super) fn create(cx: &Creation<'_>, _out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    let name = cx.physical_name();
    properties.insert("RepositoryName", text(name.clone()));
    if let Some(description) = cx.property(id, "description") {
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
