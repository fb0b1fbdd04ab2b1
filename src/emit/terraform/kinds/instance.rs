//! An EC2 instance: CloudFormation's `{{resolve:ssm:P}}` image is EC2's own `resolve:ssm:P`.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(_, props, body, _) = draft;
    // CloudFormation's `{{resolve:ssm:P}}` is EC2's own `resolve:ssm:P`.
    if let Some(image) = props.get("ImageId") {
        let image = match text_of(Some(image)) {
            Some(reference) if reference.starts_with("{{resolve:ssm:") => {
                json!(reference.trim_start_matches("{{").trim_end_matches("}}"))
            }
            _ => r.value(image),
        };
        body.insert("ami".into(), image);
    }
}
