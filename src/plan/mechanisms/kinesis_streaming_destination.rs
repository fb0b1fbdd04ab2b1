//! A DynamoDB table's Kinesis streaming destination (Kinesis Data Streams for
//! DynamoDB): the table's `KinesisStreamSpecification`. DynamoDB writes with
//! its service-linked role (`AWSServiceRoleForDynamoDBKinesisDataStreamsReplication`),
//! so the stream admits nobody: nothing is granted.

use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let mut specification = Fields::new();
    specification.insert("StreamArn", cx.target.arn.clone());
    if let Some(precision) = cx.edge.options.get("precision") {
        specification.insert(
            "ApproximateCreationDateTimePrecision",
            text(precision.joined().to_ascii_uppercase()),
        );
    }
    if let Some(table) = out.resource_mut(&cx.source_logical) {
        table
            .properties
            .insert("KinesisStreamSpecification", Expr::Map(specification));
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::Kind;
    use crate::plan::test_support::{plan_of, resource};

    #[test]
    fn the_table_names_its_stream_and_nothing_is_granted() {
        let plan =
            plan_of("dynamodb carts -> changes precision microsecond -> kinesis cart-changes\n");
        let specification = format!(
            "{:?}",
            resource(&plan, "CartsTable")
                .properties
                .get("KinesisStreamSpecification")
        );
        assert!(
            specification.contains("CartChangesStream"),
            "{specification}"
        );
        assert!(specification.contains("\"MICROSECOND\""), "{specification}");
        assert!(
            plan.resources
                .iter()
                .all(|resource| resource.kind != Kind::Role),
            "DynamoDB writes with its service-linked role"
        );
    }
}
