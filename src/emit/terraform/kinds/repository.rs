//! A CodeCommit repository, and its triggers as `aws_codecommit_trigger`.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, _, own) = draft;
    let triggers = items(props.get("Triggers"));
    if triggers.is_empty() {
        return;
    }
    let mut blocks = Vec::new();
    for trigger in triggers {
        let mut block = Map::new();
        r.rename_into(
            &mut block,
            trigger,
            &[
                ("Name", "name"),
                ("DestinationArn", "destination_arn"),
                ("Events", "events"),
                ("Branches", "branches"),
                ("CustomData", "custom_data"),
            ],
        );
        blocks.push(Value::Object(block));
    }
    let mut split = Map::new();
    split.insert(
        "repository_name".into(),
        json!(format!(
            "${{aws_codecommit_repository.{own}.repository_name}}"
        )),
    );
    split.insert("trigger".into(), Value::Array(blocks));
    let comment = r.comment(
        resource,
        &["aws_codecommit_trigger replaces every trigger of the repository, including ones made outside Terraform: keep all of them here"],
    );
    let block = r.add("aws_codecommit_trigger", own.to_string(), split, comment);
    block.after_ids.extend(resource.depends_on.iter().cloned());
}
