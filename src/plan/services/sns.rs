//! Amazon SNS: a topic, encrypted as `kms-key` says.

use crate::plan::build::Handle;
use crate::plan::expr::sub;
use crate::plan::glue::Glue;
use crate::plan::keys::encryption;
use crate::plan::names::physical;
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields};

/// The longest stack name CloudFormation accepts, which a derived FIFO
/// topic name begins with.
const STACK_NAME_MAX: usize = 128;

pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let id = cx.id;
    let logical = &cx.logical;
    cx.copy_properties(
        id,
        properties,
        &[("fifo", "FifoTopic"), ("display-name", "DisplayName")],
    );
    encryption(cx, out, id, logical, properties);
    // A FIFO topic's name must end with `.fifo` (SNS API Reference,
    // CreateTopic, Name), and CloudFormation documents only a generated
    // unique ID for a topic without `TopicName`: a derived name
    // `STACK-NAME.fifo` is valid and unique per stack in both backends.
    if cx.given_name().is_none() && matches!(properties.get("FifoTopic"), Some(Expr::Bool(true))) {
        let room = cx.max - STACK_NAME_MAX - 1 - ".fifo".len();
        let name = physical(&cx.resource.name, room, false);
        properties.insert("TopicName", sub(format!("${{AWS::StackName}}-{name}.fifo")));
    }
    Handle::created(
        logical,
        Expr::Ref(logical.clone()),
        Expr::Attr(logical.clone(), "TopicName"),
    )
}

#[cfg(test)]
mod tests {
    use crate::plan::Kind;
    use crate::plan::expr::{sub, text};
    use crate::plan::test_support::{first_of_kind, plan_of};

    #[test]
    fn a_fifo_topic_without_a_name_gets_one_ending_in_fifo_and_others_none() {
        let fifo = plan_of("sns orders { fifo = true } -> sqs audit\n");
        assert_eq!(
            first_of_kind(&fifo, Kind::Topic)
                .properties
                .get("TopicName"),
            Some(&sub("${AWS::StackName}-orders.fifo"))
        );
        let named = plan_of("sns orders { fifo = true, name = \"acme.fifo\" } -> sqs audit\n");
        assert_eq!(
            first_of_kind(&named, Kind::Topic)
                .properties
                .get("TopicName"),
            Some(&text("acme.fifo"))
        );
        let standard = plan_of("sns orders -> sqs audit\n");
        assert!(
            !first_of_kind(&standard, Kind::Topic)
                .properties
                .contains_key("TopicName")
        );
    }
}
