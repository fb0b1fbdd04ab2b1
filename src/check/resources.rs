//! Per-resource checks that need more than one property at a time: an alarm's
//! threshold and window, an EventBridge rule's pattern, a function's code location.

use crate::ast;
use crate::catalogue::declaration_checks::{DeclarationCheck, RequiredNames};
use crate::catalogue::{Catalogue, codes};
use crate::diagnostics::Diagnostic;
use crate::model::{Model, Resource};

pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for resource in &model.resources {
        if resource.existing.is_some() {
            continue;
        }
        // The physical name derived from the wiring's name: a service that
        // wants a longer one (an Elastic Beanstalk environment: 4) would
        // refuse the stack. A given `name` is held to the rules by E135.
        if let Some(naming) = catalogue
            .service(&resource.service)
            .and_then(|spec| spec.physical_name.as_ref())
            && naming.derived.is_some()
            && !resource.properties.contains_key("name")
            && resource.name.chars().count() < naming.min_length
        {
            diagnostics.push(catalogue.report(
                codes::NAME_TOO_SHORT,
                resource.name_span,
                &[
                    ("service", &resource.service),
                    ("name", &resource.name),
                    ("min", &naming.min_length.to_string()),
                ],
            ));
        }
        let Some(spec) = catalogue.service(&resource.service) else {
            continue;
        };
        for check in &spec.checks {
            check_of(*check)(resource, catalogue, diagnostics);
        }
        for required in &spec.required_properties {
            required_names(model, catalogue, resource, required, diagnostics);
        }
    }
}

/// The function of each whole-declaration check a service names.
fn check_of(check: DeclarationCheck) -> fn(&Resource, &Catalogue, &mut Vec<Diagnostic>) {
    match check {
        DeclarationCheck::Alarm => alarm,
        DeclarationCheck::EventRule => rule,
        DeclarationCheck::Function => function,
    }
}

/// E111 for each name of the first group when the declaration says no group
/// in full: a name is said by setting the property or, for a channel of its
/// service, by an edge through it.
fn required_names(
    model: &Model,
    catalogue: &Catalogue,
    resource: &Resource,
    required: &RequiredNames,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if required
        .when
        .as_ref()
        .is_some_and(|test| !super::facts::property_holds(catalogue, resource, test))
    {
        return;
    }
    let outgoing = model.outgoing(resource.id);
    let said = |name: &String| {
        resource.properties.contains_key(name) || outgoing.iter().any(|edge| &edge.channel == name)
    };
    if required.one_of.iter().any(|group| group.iter().all(said)) {
        return;
    }
    for name in required.one_of.first().into_iter().flatten() {
        if !said(name) {
            diagnostics.push(
                catalogue
                    .report(
                        codes::MISSING_PROPERTY,
                        resource.name_span,
                        &[
                            ("service", &resource.service),
                            ("name", &resource.name),
                            ("property", name),
                        ],
                    )
                    .with_help(required.help.replace("{property}", name)),
            );
        }
    }
}

fn string_property<'r>(
    resource: &'r Resource,
    key: &str,
) -> Option<(&'r str, crate::source::Span)> {
    match &resource.properties.get(key)?.value {
        ast::Value::String(text) => Some((text.text.as_str(), text.span)),
        _ => None,
    }
}

fn invalid(
    catalogue: &Catalogue,
    span: crate::source::Span,
    option: &str,
    expected: &str,
    found: &str,
) -> Diagnostic {
    catalogue.report(
        codes::INVALID_VALUE,
        span,
        &[("option", option), ("expected", expected), ("found", found)],
    )
}

fn alarm(resource: &Resource, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    if !resource.properties.contains_key("above") && !resource.properties.contains_key("below") {
        diagnostics.push(catalogue.report(
            codes::MISSING_PROPERTY,
            resource.name_span,
            &[
                ("service", "alarm"),
                ("name", &resource.name),
                ("property", "above` or `below"),
            ],
        ));
    }
    if let Some((metric, span)) = string_property(resource, "metric") {
        if let Some((namespace, name)) = metric.trim().split_once(' ') {
            if let Some(diagnostic) =
                metric_diagnostic(resource, namespace, name.trim(), span, catalogue)
            {
                diagnostics.push(diagnostic);
            }
        } else {
            let found = format!("\"{metric}\"");
            diagnostics.push(invalid(
                catalogue,
                span,
                "metric",
                "`NAMESPACE METRIC`, e.g. \"AWS/EC2 CPUUtilization\"",
                &found,
            ));
        }
    }
    if let Some((window, span)) = string_property(resource, "for")
        && crate::model::parse_window(window)
            .is_none_or(|(periods, seconds)| periods == 0 || seconds == 0)
    {
        let found = format!("\"{window}\"");
        diagnostics.push(invalid(
            catalogue,
            span,
            "for",
            "`PERIODSxLENGTH` with a unit s, m or h, e.g. \"3x5m\"",
            &found,
        ));
    }
}

/// An alarm's metric checked against the metrics AWS documents for its
/// namespace: one only the CloudWatch agent publishes (W317), one the
/// namespace does not publish (W328, with the closest name), or an `AWS/`
/// namespace one typo away from a known one (W328). Namespaces the catalogue
/// does not list are not checked.
fn metric_diagnostic(
    resource: &Resource,
    namespace: &str,
    name: &str,
    span: crate::source::Span,
    catalogue: &Catalogue,
) -> Option<Diagnostic> {
    let metric = format!("{namespace} {name}");
    let Some(spec) = catalogue.metric_namespace(namespace) else {
        let known: Vec<&str> = catalogue
            .metric_namespaces()
            .map(|spec| spec.namespace.as_str())
            .collect();
        // Only a near miss of a long name: AWS has many short namespaces one
        // letter apart (`AWS/ECS`, `AWS/EC2`, `AWS/EBS`).
        let near = known
            .iter()
            .find(|known| {
                known.eq_ignore_ascii_case(namespace)
                    || known.len() >= "AWS/".len() + 6
                        && strsim::damerau_levenshtein(known, namespace) <= 1
            })
            .copied()
            .filter(|_| {
                namespace
                    .get(.."AWS/".len())
                    .is_some_and(|prefix| prefix.eq_ignore_ascii_case("AWS/"))
            })?;
        let reason = format!("AWS has no namespace `{namespace}`");
        return Some(
            catalogue
                .report(
                    codes::UNKNOWN_METRIC,
                    span,
                    &[
                        ("source", &resource.name),
                        ("metric", &metric),
                        ("reason", &reason),
                    ],
                )
                .with_help(format!("did you mean `{near}`?"))
                .with_suggestion(metric_fix(span, &format!("{near} {name}"))),
        );
    };
    if spec
        .metrics
        .binary_search_by(|known| known.as_str().cmp(name))
        .is_ok()
    {
        return missing_dimension(resource, spec, &metric, span, catalogue);
    }
    if spec.agent_metrics.iter().any(|agent| agent == name) {
        return Some(catalogue.report(
            codes::METRIC_NEEDS_AGENT,
            span,
            &[("source", &resource.name)],
        ));
    }
    let reason = format!(
        "not among the {} metrics AWS documents for `{namespace}`",
        spec.metrics.len()
    );
    let diagnostic = catalogue.report(
        codes::UNKNOWN_METRIC,
        span,
        &[
            ("source", &resource.name),
            ("metric", &metric),
            ("reason", &reason),
        ],
    );
    let near = spec
        .metrics
        .iter()
        .find(|known| known.eq_ignore_ascii_case(name))
        .map(String::as_str)
        .or_else(|| crate::suggest::closest(name, spec.metrics.iter().map(String::as_str)));
    if let Some(near) = near {
        return Some(
            diagnostic
                .with_help(format!("did you mean `{near}`?"))
                .with_suggestion(metric_fix(span, &format!("{namespace} {near}"))),
        );
    }
    // The right name in the wrong namespace (`AWS/Lambda ApproximateAgeOfOldestMessage`).
    let elsewhere: Vec<&str> = catalogue
        .metric_namespaces()
        .filter(|other| {
            other
                .metrics
                .binary_search_by(|known| known.as_str().cmp(name))
                .is_ok()
        })
        .map(|other| other.namespace.as_str())
        .collect();
    Some(match elsewhere.as_slice() {
        [] => diagnostic,
        [other] => diagnostic
            .with_help(format!("`{name}` is a metric of `{other}`"))
            .with_suggestion(metric_fix(span, &format!("{other} {name}"))),
        several => {
            let listed: Vec<String> = several.iter().map(|other| format!("`{other}`")).collect();
            diagnostic.with_help(format!(
                "`{name}` is a metric of {}: pick the service the alarm is about",
                listed.join(", ")
            ))
        }
    })
}

/// W329: a metric its namespace publishes only per resource (an SQS queue, a
/// stream), on an alarm whose `dimensions` name none of them: it sees no data.
fn missing_dimension(
    resource: &Resource,
    spec: &crate::catalogue::MetricNamespaceSpec,
    metric: &str,
    span: crate::source::Span,
    catalogue: &Catalogue,
) -> Option<Diagnostic> {
    if spec.requires_dimension.is_empty() {
        return None;
    }
    let set: Vec<&str> = match resource
        .properties
        .get("dimensions")
        .map(|property| &property.value)
    {
        Some(ast::Value::Map(entries, _)) => entries
            .iter()
            .map(|entry| entry.key.text.as_str())
            .collect(),
        _ => Vec::new(),
    };
    if spec
        .requires_dimension
        .iter()
        .any(|dimension| set.contains(&dimension.as_str()))
    {
        return None;
    }
    let wanted: Vec<String> = spec
        .requires_dimension
        .iter()
        .map(|dimension| format!("`{dimension}`"))
        .collect();
    let wanted = wanted.join(" or ");
    let mut diagnostic = catalogue.report(
        codes::METRIC_WITHOUT_DIMENSION,
        span,
        &[
            ("source", &resource.name),
            ("metric", metric),
            ("dimension", &wanted),
            (
                "first",
                spec.requires_dimension.first().map_or("", String::as_str),
            ),
        ],
    );
    if let Some(source) = &spec.dimension_source {
        diagnostic = diagnostic.with_note(source.clone());
    }
    Some(diagnostic)
}

/// Rewriting the `metric` string (its span includes the quotes).
fn metric_fix(span: crate::source::Span, metric: &str) -> crate::diagnostics::Suggestion {
    crate::diagnostics::Suggestion {
        title: format!("watch `{metric}`"),
        edits: vec![crate::diagnostics::Edit {
            span,
            replacement: format!("\"{metric}\""),
        }],
    }
}

fn rule(resource: &Resource, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    let pattern = string_property(resource, "pattern");
    if let Some((text, span)) = pattern
        && !serde_json::from_str::<serde_json::Value>(text).is_ok_and(|json| json.is_object())
    {
        diagnostics.push(invalid(
            catalogue,
            span,
            "pattern",
            "an event pattern as a JSON object",
            "text that is not a JSON object",
        ));
    }
    match resource.options.get("on") {
        None if pattern.is_none() => diagnostics.push(catalogue.report(
            codes::MISSING_PROPERTY,
            resource.name_span,
            &[
                ("service", "events"),
                ("name", &resource.name),
                ("property", "on` or `pattern"),
            ],
        )),
        Some(on)
            if on
                .values
                .first()
                .is_some_and(|word| word.text == "cloudtrail")
                && on.values.len() > 2
                && !matches!(
                    resource
                        .properties
                        .get("read-only-events")
                        .map(|property| &property.value),
                    Some(ast::Value::Bool(true, _))
                ) =>
        {
            for api in &on.values[2..] {
                if ["Get", "List", "Describe", "Head"]
                    .iter()
                    .any(|prefix| api.text.starts_with(prefix))
                {
                    diagnostics.push(catalogue.report(
                        codes::READ_ONLY_EVENT,
                        api.span,
                        &[("api", &api.text)],
                    ));
                }
            }
        }
        Some(on)
            if on
                .values
                .first()
                .is_some_and(|word| word.text == "cloudtrail")
                && on.values.len() < 2 =>
        {
            diagnostics.push(invalid(
                catalogue,
                on.span,
                "on",
                "`cloudtrail SERVICE [API ...]`, e.g. `cloudtrail ec2 CreateImage`",
                "no service",
            ));
        }
        _ => {}
    }
}

fn function(resource: &Resource, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    // A path is the loader's to check (E126); an S3 location must name an object.
    if let Some((code, span)) = string_property(resource, "code")
        && (code.trim().is_empty()
            || code.strip_prefix("s3://").is_some_and(|rest| {
                !rest
                    .split_once('/')
                    .is_some_and(|(bucket, key)| !bucket.is_empty() && !key.is_empty())
            }))
    {
        let found = format!("\"{code}\"");
        diagnostics.push(invalid(
            catalogue,
            span,
            "code",
            "a folder or `.zip` in the project, or an S3 location `s3://BUCKET/KEY.zip`",
            &found,
        ));
    }
    if let Some(property) = resource.properties.get("layers")
        && let ast::Value::List(list) = &property.value
    {
        for item in &list.items {
            if let ast::Value::String(arn) = item
                && !is_layer_version_arn(&arn.text)
            {
                diagnostics.push(invalid(
                    catalogue,
                    arn.span,
                    "layers",
                    "a layer version ARN `arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION`",
                    &format!("\"{}\"", arn.text),
                ));
            }
        }
    }
}

/// `arn:PARTITION:lambda:REGION:ACCOUNT:layer:NAME:VERSION` (Lambda API
/// Reference, CreateFunction `Layers`: a layer version ARN; a layer name is
/// letters, digits, `-` and `_`, at most 140 characters).
fn is_layer_version_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    let [
        "arn",
        partition,
        "lambda",
        region,
        account,
        "layer",
        name,
        version,
    ] = parts.as_slice()
    else {
        return false;
    };
    partition.starts_with("aws")
        && !region.is_empty()
        && region
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        && account.len() == 12
        && account.bytes().all(|byte| byte.is_ascii_digit())
        && !name.is_empty()
        && name.len() <= 140
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
        && !version.is_empty()
        && version.bytes().all(|byte| byte.is_ascii_digit())
}
