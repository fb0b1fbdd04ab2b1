//! An AWS Config rule's automatic remediation by an Automation runbook.

use crate::model::Edge;
use crate::plan::build::{Cx, Handle};
use crate::plan::expr::{PARTITION, list, static_text, sub, text};
use crate::plan::glue::Glue;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::roles::{ServiceRole, allow, allow_within, service_role};
use crate::plan::{Expr, Fields, Kind, map};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    remediation(cx, out, cx.edge, cx.source, cx.target);
}

/// A Config rule's automatic remediation: AWS Config starts the runbook for
/// each non-compliant resource, and Systems Manager runs it as a role of
/// ours (`AutomationAssumeRole`) that may do what the `allows` option names.
pub(in crate::plan) fn remediation(
    cx: &Cx<'_>,
    out: &mut Glue,
    edge: &Edge,
    config_rule: &Handle,
    document: &Handle,
) {
    let from = cx.pascal(edge.from);
    let id = format!("{from}Remediation");
    let role = format!("{id}Role");
    let option = |key: &str| edge.options.get(key).map(crate::model::OptionValue::joined);
    // Without `allows`, an AWS-owned runbook gets the permissions AWS lists for it.
    let owned = cx
        .model
        .resource(edge.to)
        .existing
        .as_ref()
        .and_then(|arn| cx.catalogue.runbook_of_arn(&arn.text));
    let documented = option("allows").is_none().then_some(owned).flatten();
    let actions: Vec<String> = match documented {
        Some(spec) => spec.permissions.clone(),
        None => option("allows")
            .unwrap_or_default()
            .split([' ', ','])
            .filter(|action| !action.is_empty())
            .map(str::to_string)
            .collect(),
    };
    // `resources` narrows what `allows` names; documented permissions carry
    // their own scopes (check refuses `resources` beside them, E107).
    let scope = option("resources")
        .filter(|_| documented.is_none())
        .unwrap_or_else(|| "*".to_string());
    // `resources` narrows the actions of the service its ARN names; the
    // others (a runbook's own `ssm:` calls, say) cannot act on that ARN and
    // stay on `*`.
    let scoped_service = scope.split(':').nth(2).filter(|_| scope != "*");
    let (narrowed, elsewhere): (Vec<String>, Vec<String>) =
        actions.iter().cloned().partition(|action| {
            scoped_service.is_some_and(|service| action.split(':').next() == Some(service))
        });
    let mut statements = Vec::new();
    if let Some(spec) = documented {
        // Each documented permission on the resources it acts on in this
        // account and Region; those that take none on `*`.
        let mut by_scope: Vec<(&[String], Vec<String>)> = Vec::new();
        for action in &actions {
            let scope: &[String] = spec.scopes.get(action).map_or(&[], Vec::as_slice);
            match by_scope.iter_mut().find(|(known, _)| *known == scope) {
                Some((_, grouped)) => grouped.push(action.clone()),
                None => by_scope.push((scope, vec![action.clone()])),
            }
        }
        for (scope, grouped) in by_scope {
            let resources = if scope.is_empty() {
                vec![text("*")]
            } else {
                scope.iter().map(|pattern| sub(pattern.clone())).collect()
            };
            statements.push((grouped, resources));
        }
    } else {
        if !narrowed.is_empty() {
            statements.push((narrowed, vec![text(scope.clone())]));
        }
        if !elsewhere.is_empty() {
            statements.push((elsewhere.clone(), vec![text("*")]));
        }
    }
    // Systems Manager sends the automation execution's ARN, whose ID is made
    // when the execution starts: any execution in this account (principal file).
    service_role(
        cx,
        out,
        &ServiceRole {
            id: &role,
            origin: edge.target_span,
            principal: "ssm.amazonaws.com",
            source_arn: Some(sub(format!(
                "arn:{PARTITION}:ssm:*:${{AWS::AccountId}}:automation-execution/*"
            ))),
        },
        Vec::new(),
    );
    grant_statements(out, &role, edge.target_span, statements);
    if let Some(resource) = out.resource_mut(&role)
        && let Some(spec) = documented
    {
        resource.notes.push(format!(
            "the runbook's permissions as AWS documents them ({}), each on the resources it acts on in this account and Region, or on `*` when it takes none; set the edge's `allows` to choose others",
            spec.source
        ));
    }
    if let Some(resource) = out.resource_mut(&role)
        && documented.is_none()
    {
        resource.notes.push(if actions.is_empty() {
            "the runbook runs as this role, which has no permissions yet: name the actions it performs with the edge's `allows` option".to_string()
        } else if scope == "*" {
            "the runbook acts on whichever resource the rule finds non-compliant, so its actions are on `*` (narrow them with the edge's `resources` option)".to_string()
        } else if elsewhere.is_empty() {
            format!("the runbook's actions are on `{scope}` (the edge's `resources` option)")
        } else {
            format!(
                "the runbook's actions on its service are on `{scope}` (the edge's `resources` option); {} cannot act on that ARN and are on `*`",
                elsewhere.join(", ")
            )
        });
    }
    let parameters = remediation_parameters(cx, edge, &role);
    let mut properties = Fields::new();
    properties.insert(
        "ConfigRuleName",
        config_rule.logical.as_ref().map_or_else(
            || config_rule.name.clone(),
            |logical| Expr::Ref(logical.clone()),
        ),
    );
    properties.insert("TargetType", text("SSM_DOCUMENT"));
    properties.insert("TargetId", document.name.clone());
    properties.insert("Parameters", Expr::Map(parameters));
    let automatic = !matches!(option("automatic").as_deref(), Some("false"));
    properties.insert("Automatic", Expr::Bool(automatic));
    if automatic {
        properties.insert(
            "MaximumAutomaticAttempts",
            Expr::Number(option("attempts").unwrap_or_else(|| "5".to_string())),
        );
        properties.insert(
            "RetryAttemptSeconds",
            Expr::Number(option("retry-seconds").unwrap_or_else(|| "60".to_string())),
        );
    }
    // The rule's one resource type, where it names one, is the remediated type.
    if let Some(Expr::List(types)) = cx.property(edge.from, "resource-types")
        && let [only] = types.as_slice()
    {
        properties.insert("ResourceType", only.clone());
    }
    out.add(id.clone(), Kind::Remediation, edge.target_span, properties);
    out.depend(&id, document.logical.clone());
}

/// The runbook's parameters: the role it runs as, the non-compliant
/// resource's id in the edge's `parameter`, and the rule's fixed values.
fn remediation_parameters(cx: &Cx<'_>, edge: &Edge, role: &str) -> Fields {
    let mut parameters = Fields::new();
    parameters.insert(
        "AutomationAssumeRole",
        map([(
            "StaticValue",
            map([("Values", list(vec![Expr::arn(role)]))]),
        )]),
    );
    if let Some(parameter) = edge
        .options
        .get("parameter")
        .map(crate::model::OptionValue::joined)
    {
        parameters.insert(
            parameter,
            map([("ResourceValue", map([("Value", text("RESOURCE_ID"))]))]),
        );
    }
    // The rule's fixed values for the runbook's other parameters; AWS
    // Config passes every static value as text.
    if let Some(Expr::Map(fixed)) = cx.property(edge.from, "remediation-parameters") {
        for (name, value) in fixed.iter() {
            let values = match value {
                Expr::List(items) => items.iter().map(static_text).collect(),
                other => vec![static_text(other)],
            };
            parameters.insert(
                name.to_string(),
                map([("StaticValue", map([("Values", list(values))]))]),
            );
        }
    }
    parameters
}

/// Grants the runbook's statements to its role: a statement on `*` as it is
/// (its actions name no resource), one on patterns with the reason. The
/// runbook acts on whichever resource Config finds noncompliant, named only
/// when the remediation runs: its kind in this account and Region.
fn grant_statements(
    out: &mut Glue,
    role: &str,
    origin: crate::source::Span,
    statements: Vec<(Vec<String>, Vec<Expr>)>,
) {
    let why = "the runbook acts on the noncompliant resource AWS Config passes it when the remediation runs, so the grant names every resource of that kind in this account and Region (AWS Config Developer Guide, Remediating Noncompliant Resources with AWS Config Rules: https://docs.aws.amazon.com/config/latest/developerguide/remediation.html, read 2026-12)";
    for (actions, resources) in statements {
        let patterned = resources
            .iter()
            .any(|resource| !matches!(resource, Expr::Text(text) if text == "*"));
        if patterned {
            allow_within(out, role, origin, &actions, resources, why);
        } else {
            allow(out, role, origin, &actions, resources);
        }
    }
}
