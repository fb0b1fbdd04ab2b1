//! An Auto Scaling group: sizes as numbers, tags as `tag` blocks, and its notification
//! configurations as `aws_autoscaling_notification` resources of their own.

use super::prelude::*;

pub(super) fn render(r: &mut Renderer<'_>, draft: Draft<'_, '_>) {
    let Draft(resource, props, body, own) = draft;
    for (key, argument) in [
        ("MinSize", "min_size"),
        ("MaxSize", "max_size"),
        ("DesiredCapacity", "desired_capacity"),
    ] {
        if let Some(size) = props.get(key) {
            let size = r.number_value(size);
            body.insert(argument.into(), size);
        }
    }
    // The group's own `tags` map is not its tags: `tag` blocks are.
    body.remove("tags");
    let tags: Vec<Value> = items(resource.properties.get("Tags"))
        .iter()
        .map(|tag| {
            let mut block = Map::new();
            r.set(&mut block, "key", field(tag, "Key"));
            r.set(&mut block, "value", field(tag, "Value"));
            r.set(
                &mut block,
                "propagate_at_launch",
                field(tag, "PropagateAtLaunch"),
            );
            Value::Object(block)
        })
        .collect();
    if !tags.is_empty() {
        body.insert("tag".into(), Value::Array(tags));
    }
    for (index, entry) in items(props.get("NotificationConfigurations"))
        .iter()
        .enumerate()
    {
        let mut split = Map::new();
        split.insert(
            "group_names".into(),
            json!([format!("${{aws_autoscaling_group.{own}.name}}")]),
        );
        r.set(&mut split, "topic_arn", field(entry, "TopicARN"));
        r.set(
            &mut split,
            "notifications",
            field(entry, "NotificationTypes"),
        );
        let name = if index == 0 {
            own.to_string()
        } else {
            format!("{own}_{}", index + 1)
        };
        r.split_off(resource, "aws_autoscaling_notification", name, split);
    }
}
