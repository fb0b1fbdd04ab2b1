//! AWS Config's delivery channel, and the recorder status that starts the recorder
//! (`aws_config_configuration_recorder_status`): CloudFormation starts it once its channel exists.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, _, _body, own) = draft;
    // CloudFormation starts the recorder once its channel exists;
    // Terraform has a resource for that.
    // The channel waits for the recorder and may wait for its bucket or
    // topic too: the recorder is the dependency of that kind.
    if let Some(Expr::Ref(recorder)) = resource
        .depends_on
        .iter()
        .find(|id| r.kinds.get(id.as_str()) == Some(&Kind::ConfigRecorder))
        .map(|recorder| Expr::Ref(recorder.clone()))
    {
        let mut status = Map::new();
        status.insert(
            "name".into(),
            json!(format!(
                "${{aws_config_configuration_recorder.{}.name}}",
                name(&recorder)
            )),
        );
        status.insert("is_enabled".into(), json!(true));
        let block = r.split_off(
            resource,
            "aws_config_configuration_recorder_status",
            own.to_string(),
            status,
        );
        block.after_ids.insert(resource.id.clone());
    }
}
