//! What the source's code does to the target (`reads`, `writes`, `calls`):
//! the target's `access` statements for that channel, on that resource only,
//! in a policy of the source's own, and (for functions) the target's name,
//! ARN and URL as environment variables.
//!
//! The statements go into one managed policy per source (`{From}AccessPolicy`),
//! attached to the source's role, not into the role's inline policy: a role
//! that named a function or state machine with a role of its own would close
//! a cycle whenever the two call each other (function, role, target, its role,
//! function). A source whose role wirec does not know (an existing function,
//! an instance with its own `instance-profile`) gets the policy unattached,
//! with its ARN as an output, for the user to attach.

use crate::catalogue::{AccessAttribute, AccessScope, AccessSpec, Catalogue};
use crate::model::{Edge, Model, ResourceId};
use crate::plan::build::{Cx, Handle};
use crate::plan::expr::{PARTITION, list, sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::iam::{objects, statement_strings};
use crate::plan::keys::key_arn;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::roles::identity_record;
use crate::plan::services::sqs;
use crate::plan::{Expr, Fields, Kind, map};
use crate::source::Span;

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let Some(access) = cx
        .catalogue
        .service(&cx.target_service)
        .and_then(|spec| spec.access.as_ref())
    else {
        return;
    };
    let statements = access
        .grants
        .get(&cx.edge.channel)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut granted = Vec::with_capacity(statements.len());
    let target = cx.model.resource(cx.edge.to);
    for statement in statements {
        // An existing target's settings are unknown: it gets every statement.
        if let Some(test) = &statement.when
            && target.existing.is_none()
            && !crate::check::property_holds(cx.catalogue, target, test)
        {
            continue;
        }
        let resources: Vec<Expr> = statement
            .on
            .iter()
            .filter_map(|scope| scope_arn(cx, *scope))
            .collect();
        if !resources.is_empty() {
            granted.push(statement_strings(&statement.actions, resources));
        }
    }
    let policy = access_policy(cx, out);
    for statement in granted {
        hold(
            out,
            &policy,
            cx.source.role.as_deref(),
            cx.origin,
            statement,
        );
    }
    if cx.environment.gives(cx.edge.id) {
        environment(cx, out, access);
    } else if let Some(left_out) = cx
        .environment
        .left_out
        .iter()
        .find(|left_out| left_out.edge == cx.edge.id)
        && let Some(function) = out.resource_mut(&cx.source_logical)
    {
        let names: Vec<String> = variables(cx, access)
            .into_iter()
            .map(|(variable, _)| format!("`{variable}`"))
            .collect();
        function.notes.push(format!(
            "no {} for `{}`: it waits for this function already ({}), and each would have to exist first (W122)",
            names.join(", "),
            cx.model.resource(cx.edge.to).name,
            left_out.chain(cx.model)
        ));
    }
}

/// Adds `statement` (an IAM statement: `Action`, `Resource`) to what `holder`
/// holds (a role's inline policy, or a managed policy attached to `role`),
/// once, and records each of its resources as what `role` may do there. A
/// statement on `*` (actions that take no resource) is recorded with why; a
/// policy attached to no role wirec knows is not recorded, as no request can
/// use it until the user attaches it.
pub(in crate::plan) fn hold(
    out: &mut Glue,
    holder: &str,
    role: Option<&str>,
    origin: Span,
    statement: Expr,
) {
    let held = out.roles.of(holder.to_string());
    if held.contains(&statement) {
        return;
    }
    let granted = match (role, &statement) {
        (Some(role), Expr::Map(fields)) => granted(fields).map(|granted| (role, granted)),
        _ => None,
    };
    held.push(statement);
    let Some((role, (actions, resources))) = granted else {
        return;
    };
    for resource in resources {
        let mut record = identity_record(holder, role, origin, &actions, resource);
        if matches!(&record.resource, Expr::Text(any) if any == "*") {
            record.unscoped = Some(format!(
                "{} take no resource type (Service Authorization Reference, Actions, resources, and condition keys for AWS services: the action's Resource types column is empty, https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html, read 2026-12), so the statement names `*`",
                actions.join(", ")
            ));
        }
        out.record(record);
    }
}

/// A statement's actions and resources.
fn granted(statement: &Fields) -> Option<(Vec<String>, Vec<Expr>)> {
    let actions: Vec<String> = match statement.get("Action")? {
        Expr::List(items) => items
            .iter()
            .filter_map(|item| match item {
                Expr::Text(action) => Some(action.to_string()),
                _ => None,
            })
            .collect(),
        Expr::Text(action) => vec![action.to_string()],
        _ => return None,
    };
    let resources = match statement.get("Resource")? {
        Expr::List(items) => items.clone(),
        resource => vec![resource.clone()],
    };
    Some((actions, resources))
}

/// The source's access policy, made on its first access edge.
fn access_policy(cx: &EdgeCx<'_>, out: &mut Glue) -> String {
    let policy = format!("{}AccessPolicy", cx.from);
    if out.index.contains_key(&policy) {
        return policy;
    }
    let source = cx.model.resource(cx.edge.from);
    let mut properties = Fields::new();
    properties.insert(
        "Description",
        text(format!(
            "What the code of {} `{}` reads, writes and calls (wirec)",
            source.service,
            sub_literal(&source.name)
        )),
    );
    if let Some(role) = &cx.source.role {
        properties.insert("Roles", list(vec![Expr::Ref(role.clone())]));
        if !cx.source_logical.is_empty() {
            out.access_policies
                .push((cx.source_logical.clone(), policy.clone()));
        }
    }
    let resource = out.add(
        policy.clone(),
        Kind::ManagedPolicy,
        cx.edge.channel_span,
        properties,
    );
    resource.notes.push(if cx.source.role.is_some() {
        "attached to the source's role; a policy of its own, so that two resources that call each other make no cycle".to_string()
    } else {
        "wirec does not know the role this code runs as: attach this policy to it (its ARN is an output)".to_string()
    });
    policy
}

/// The ARN a statement names for `scope` of the edge's target; `None` when
/// the target has no such thing (an unencrypted queue has no key).
pub(super) fn scope_arn(cx: &EdgeCx<'_>, scope: AccessScope) -> Option<Expr> {
    scope_arn_of(cx, cx.edge.to, scope)
}

/// The ARN a statement names for `scope` of the resource `to`.
pub(in crate::plan) fn scope_arn_of(
    cx: &Cx<'_>,
    to: ResourceId,
    scope: AccessScope,
) -> Option<Expr> {
    let target = cx.handle(to);
    Some(match scope {
        AccessScope::Arn => target.arn.clone(),
        AccessScope::Objects | AccessScope::Children => objects(&beneath(&target.arn, ""), None),
        AccessScope::Indexes => beneath(&target.arn, "/index/*"),
        AccessScope::Executions => executions(target),
        AccessScope::Key => key_arn(cx, to)?,
    })
}

/// `arn` followed by `tail`, as a `Sub` when the ARN is an attribute.
fn beneath(arn: &Expr, tail: &str) -> Expr {
    match arn {
        Expr::Attr(logical, attribute) => Expr::Sub(format!("${{{logical}.{attribute}}}{tail}")),
        Expr::Ref(logical) => Expr::Sub(format!("${{{logical}}}{tail}")),
        Expr::Sub(template) => Expr::Sub(format!("{template}{tail}")),
        Expr::Text(arn) => Expr::Sub(format!("{}{tail}", sub_literal(arn))),
        other => other.clone(),
    }
}

/// The executions of a state machine: `...:execution:NAME:*`.
fn executions(machine: &Handle) -> Expr {
    let name = match &machine.name {
        Expr::Attr(logical, attribute) => format!("${{{logical}.{attribute}}}"),
        Expr::Ref(logical) => format!("${{{logical}}}"),
        Expr::Text(name) => sub_literal(name).into_owned(),
        Expr::Sub(name) => name.clone(),
        _ => "*".to_string(),
    };
    sub(format!(
        "arn:{PARTITION}:states:${{AWS::Region}}:${{AWS::AccountId}}:execution:{name}:*"
    ))
}

/// Whether `edge` gives its source the target's name, ARN and URL as
/// environment variables: see [`crate::check::Environment`], which decides
/// for the whole model at once (prefer it when asking about many edges).
#[must_use]
pub fn gives_environment(model: &Model, catalogue: &Catalogue, edge: &Edge) -> bool {
    crate::check::Environment::of(model, catalogue).gives(edge.id)
}

/// Adds the target's variables to the source's `Environment.Variables`.
fn environment(cx: &EdgeCx<'_>, out: &mut Glue, access: &AccessSpec) {
    let variables = variables(cx, access);
    let Some(function) = out.resource_mut(&cx.source_logical) else {
        return;
    };
    let environment = function.properties.entry_or_insert_with("Environment", || {
        map([("Variables", Expr::Map(Fields::new()))])
    });
    let Expr::Map(environment) = environment else {
        return;
    };
    let Expr::Map(values) =
        environment.entry_or_insert_with("Variables", || Expr::Map(Fields::new()))
    else {
        return;
    };
    for (variable, value) in variables {
        values.insert(variable, value);
    }
}

/// The target's variables and their values.
fn variables(cx: &EdgeCx<'_>, access: &AccessSpec) -> Vec<(String, Expr)> {
    let name = &cx.model.resource(cx.edge.to).name;
    access
        .variables
        .iter()
        .map(|attribute| {
            let value = match attribute {
                AccessAttribute::Name => cx.target.name.clone(),
                AccessAttribute::Arn => cx.target.arn.clone(),
                AccessAttribute::Url => sqs::url(cx.target),
            };
            (access.variable(name, *attribute), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::plan::test_support::plan_of;
    use crate::plan::{Expr, Kind, Plan, Resource};

    fn resource<'p>(plan: &'p Plan, id: &str) -> &'p Resource {
        let found = plan.resources.iter().find(|resource| resource.id == id);
        assert!(found.is_some(), "no {id} in {plan:#?}");
        found.unwrap()
    }

    fn policy_text(plan: &Plan, id: &str) -> String {
        format!("{:?}", resource(plan, id).properties.get("PolicyDocument"))
    }

    #[test]
    fn a_write_grants_the_items_of_that_table_in_the_functions_role() {
        let plan = plan_of("lambda api -> writes -> dynamodb orders\n");
        let policy = resource(&plan, "ApiAccessPolicy");
        assert_eq!(policy.kind, Kind::ManagedPolicy);
        assert_eq!(
            policy.properties.get("Roles"),
            Some(&Expr::List(vec![Expr::Ref("ApiFunctionRole".to_string())]))
        );
        let document = policy_text(&plan, "ApiAccessPolicy");
        assert!(document.contains("dynamodb:PutItem"), "{document}");
        assert!(!document.contains("dynamodb:GetItem"), "{document}");
        assert!(document.contains("OrdersTable"), "{document}");
    }

    #[test]
    fn a_read_of_a_table_covers_its_indexes_and_a_bucket_its_objects() {
        let plan =
            plan_of("lambda api -> reads -> dynamodb orders\nlambda api -> reads -> s3 media\n");
        let document = policy_text(&plan, "ApiAccessPolicy");
        assert!(
            document.contains("${OrdersTable.Arn}/index/*"),
            "{document}"
        );
        assert!(document.contains("s3:ListBucket"), "{document}");
        assert!(document.contains("}/*"), "{document}");
    }

    #[test]
    fn a_function_gets_its_targets_as_environment_variables_unless_env_false() {
        let plan = plan_of(
            "lambda api -> writes -> sqs jobs\nlambda api -> writes env false -> sns alerts\n",
        );
        let function = format!(
            "{:?}",
            resource(&plan, "ApiFunction").properties.get("Environment")
        );
        assert!(function.contains("JOBS_QUEUE_URL"), "{function}");
        assert!(function.contains("JOBS_QUEUE_ARN"), "{function}");
        assert!(!function.contains("ALERTS_TOPIC"), "{function}");
    }

    #[test]
    fn an_encrypted_queue_adds_its_key() {
        let plan = plan_of("sqs jobs { kms-key = \"create\" }\nlambda api -> writes -> sqs jobs\n");
        let document = policy_text(&plan, "ApiAccessPolicy");
        assert!(document.contains("kms:GenerateDataKey"), "{document}");
        assert!(document.contains("JobsQueueKey"), "{document}");
    }

    #[test]
    fn of_two_functions_that_call_each_other_only_the_first_names_the_other() {
        let plan = plan_of("lambda a -> calls -> lambda b\nlambda b -> calls -> lambda a\n");
        let first = format!(
            "{:?}",
            resource(&plan, "AFunction").properties.get("Environment")
        );
        assert!(first.contains("B_FUNCTION_ARN"), "{first}");
        assert!(
            !resource(&plan, "BFunction")
                .properties
                .contains_key("Environment")
        );
        assert!(policy_text(&plan, "BAccessPolicy").contains("AFunction"));
    }
}
