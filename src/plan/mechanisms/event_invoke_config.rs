//! A function's asynchronous invocation destinations (`on-success`,
//! `on-failure`): one `AWS::Lambda::EventInvokeConfig` per function, each
//! edge one entry of its `DestinationConfig`, and what Lambda needs on the
//! destination, as the function's role, in a managed policy of its own.
//!
//! The policy is its own resource, attached to the role, rather than a
//! statement of the role: a function whose destination is itself, or two
//! functions that are each other's destination, would close a cycle through
//! their roles. The configuration waits for the policy, since Lambda checks
//! the role when the configuration is written.

use crate::plan::destinations::grant_destination;
use crate::plan::expr::{list, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::{Expr, Fields, Kind, logical_id, map};

/// The version an unqualified configuration applies to.
const LATEST: &str = "$LATEST";

/// Each option of a destination edge and the configuration's property it sets.
const OPTIONS: [(&str, &str); 2] = [
    ("retries", "MaximumRetryAttempts"),
    ("max-age", "MaximumEventAgeInSeconds"),
];

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let id = format!("{}InvokeConfig", cx.from);
    // `on-success` → `OnSuccess`, the destination's key in `DestinationConfig`.
    let side = logical_id(&cx.edge.channel, "");
    let destination = map([("Destination", cx.target.arn.clone())]);
    let policy = destination_policy(cx, out);
    if out.resource_mut(&id).is_none() {
        let mut properties = Fields::new();
        properties.insert("FunctionName", cx.source.name.clone());
        properties.insert("Qualifier", text(LATEST));
        properties.insert("DestinationConfig", Expr::Map(Fields::new()));
        out.add(id.clone(), Kind::EventInvokeConfig, cx.origin, properties);
    }
    if let Some(config) = out.resource_mut(&id) {
        if let Expr::Map(destinations) = config
            .properties
            .entry_or_insert_with("DestinationConfig", || Expr::Map(Fields::new()))
        {
            destinations.insert(side, destination);
        }
        for (option, property) in OPTIONS {
            if let Some(value) = cx.edge.options.get(option) {
                config
                    .properties
                    .insert(property, Expr::Number(value.joined()));
            }
        }
    }
    out.depend(&id, policy);
}

/// The function's destination policy with what Lambda needs on this edge's
/// target (its service's `destination` table in the catalogue); `None`
/// when the function runs as a role wirec does not know.
fn destination_policy(cx: &EdgeCx<'_>, out: &mut Glue) -> Option<String> {
    let role = cx.source.role.clone()?;
    let policy = format!("{}DestinationPolicy", cx.from);
    if !out.index.contains_key(&policy) {
        let source = cx.model.resource(cx.edge.from);
        let mut properties = Fields::new();
        properties.insert(
            "Description",
            text(format!(
                "What Lambda sends to the destinations of function `{}` as its role (wirec)",
                sub_literal(&source.name)
            )),
        );
        properties.insert("Roles", list(vec![Expr::Ref(role.clone())]));
        out.add(
            policy.clone(),
            Kind::ManagedPolicy,
            cx.edge.channel_span,
            properties,
        )
        .notes
        .push("attached to the function's role; a policy of its own, so that functions that are each other's destinations make no cycle".to_string());
    }
    grant_destination(cx, out, &policy, &role, cx.origin, cx.edge.to);
    Some(policy)
}

#[cfg(test)]
mod tests {
    use crate::plan::test_support::{plan_of, resource};
    use crate::plan::{Expr, Kind, map};

    #[test]
    fn both_destinations_share_one_configuration() {
        let plan = plan_of(
            "lambda worker -> on-failure retries 1 -> sqs worker-failures\nlambda worker -> on-success max-age 600 -> sns done\n",
        );
        let configs: Vec<_> = plan
            .resources
            .iter()
            .filter(|resource| resource.kind == Kind::EventInvokeConfig)
            .collect();
        assert_eq!(configs.len(), 1);
        let config = resource(&plan, "WorkerInvokeConfig");
        assert_eq!(
            config.properties.get("DestinationConfig"),
            Some(&map([
                (
                    "OnFailure",
                    map([("Destination", Expr::arn("WorkerFailuresQueue"))])
                ),
                (
                    "OnSuccess",
                    map([("Destination", Expr::Ref("DoneTopic".to_string()))])
                ),
            ]))
        );
        assert_eq!(
            config.properties.get("MaximumRetryAttempts"),
            Some(&Expr::Number("1".to_string()))
        );
        assert_eq!(
            config.properties.get("MaximumEventAgeInSeconds"),
            Some(&Expr::Number("600".to_string()))
        );
        assert!(config.depends_on.contains("WorkerDestinationPolicy"));
    }

    #[test]
    fn a_function_may_be_its_own_destination() {
        let plan = plan_of("lambda worker -> on-failure -> lambda worker\n");
        assert!(
            !resource(&plan, "WorkerFunctionRole")
                .depends_on
                .contains("WorkerFunction")
        );
        assert_eq!(
            resource(&plan, "WorkerDestinationPolicy").kind,
            Kind::ManagedPolicy
        );
    }
}
