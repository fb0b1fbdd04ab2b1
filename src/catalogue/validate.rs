//! The catalogue's own consistency: every rule a service file names exists,
//! every channel reaches known services, and the facets that go together do.

use super::schema::{self, ChannelSpec, Mechanism, ServiceSpec, SeveritySpec, ValueKind};
use super::{Catalogue, codes};

impl Catalogue {
    /// Cross-file consistency: codes, slugs, severities, references between entries.
    pub(super) fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        self.validate_rule_codes(&mut problems);
        self.validate_metric_namespaces(&mut problems);
        self.validate_runbooks(&mut problems);
        self.validate_rule_slugs(&mut problems);
        for (name, service) in &self.services {
            for (channel_name, channel) in &service.channels {
                self.validate_channel(name, channel_name, channel, &mut problems);
            }
            self.validate_service(name, service, &mut problems);
        }
        problems
    }

    /// Every code is `E` or `W`, as its severity, and three digits.
    fn validate_rule_codes(&self, problems: &mut Vec<String>) {
        for (code, rule) in &self.rules {
            let letter_ok = match rule.severity {
                SeveritySpec::Error => code.starts_with('E'),
                SeveritySpec::Warning => code.starts_with('W'),
            };
            let shape_ok = code.len() == 4
                && code[1..]
                    .chars()
                    .all(|character| character.is_ascii_digit());
            if !letter_ok || !shape_ok {
                problems.push(format!("rule `{code}`: a code is `E` (error) or `W` (warning) and three digits, matching its severity"));
            }
        }
    }

    /// Metric namespaces: sorted, non-empty metrics; a dimension source where one is required.
    fn validate_metric_namespaces(&self, problems: &mut Vec<String>) {
        for (name, namespace) in &self.metric_namespaces {
            let sorted = namespace.metrics.windows(2).all(|pair| pair[0] < pair[1]);
            if namespace.metrics.is_empty() || !sorted {
                problems.push(format!(
                    "metric namespace `{name}`: `metrics` must be sorted, without repeats, and not empty"
                ));
            }
            if !namespace.requires_dimension.is_empty() && namespace.dimension_source.is_none() {
                problems.push(format!(
                    "metric namespace `{name}`: `requires_dimension` needs a `dimension_source`"
                ));
            }
            for agent_metric in &namespace.agent_metrics {
                if namespace.metrics.binary_search(agent_metric).is_ok() {
                    problems.push(format!("metric namespace `{name}`: `{agent_metric}` is both published and agent-only"));
                }
            }
        }
    }

    /// A service's metrics are in a namespace the catalogue lists, and each
    /// is among that namespace's metrics.
    fn validate_service_metrics(
        &self,
        name: &str,
        metrics: &schema::ServiceMetrics,
        problems: &mut Vec<String>,
    ) {
        let Some(namespace) = self.metric_namespaces.get(&metrics.namespace) else {
            problems.push(format!(
                "service `{name}`: `metrics` names namespace `{}`, which stdlib/metrics/ does not list",
                metrics.namespace
            ));
            return;
        };
        if metrics.names.is_empty() {
            problems.push(format!("service `{name}`: `metrics.names` is empty"));
        }
        for metric in &metrics.names {
            if namespace.metrics.binary_search(metric).is_err() {
                problems.push(format!(
                    "service `{name}`: metric `{metric}` is not among the metrics of `{}`",
                    metrics.namespace
                ));
            }
        }
    }

    /// A runbook scopes only actions among its permissions.
    fn validate_runbooks(&self, problems: &mut Vec<String>) {
        for (name, runbook) in &self.runbooks {
            for action in runbook.scopes.keys() {
                if !runbook.permissions.contains(action) {
                    problems.push(format!(
                        "runbook `{name}`: `scopes` names `{action}`, which is not among its `permissions`"
                    ));
                }
            }
        }
    }

    /// Slugs are unique, and every built-in rule has its file.
    fn validate_rule_slugs(&self, problems: &mut Vec<String>) {
        let mut seen_slugs = schema::Map::default();
        for (code, rule) in &self.rules {
            if let Some(other) = seen_slugs.insert(rule.slug.clone(), code.clone()) {
                problems.push(format!(
                    "rules `{other}` and `{code}` share the slug `{}`",
                    rule.slug
                ));
            }
        }
        for code in codes::BUILT_IN.iter().copied() {
            if !self.rules.contains_key(code) {
                problems.push(format!("the built-in rule `{code}` has no rule file"));
            }
        }
    }

    /// A channel names known services and rules, and its own events and options.
    fn validate_channel(
        &self,
        name: &str,
        channel_name: &str,
        channel: &ChannelSpec,
        problems: &mut Vec<String>,
    ) {
        for target in &channel.reaches {
            if !self.services.contains_key(target) {
                problems.push(format!(
                    "service `{name}`, channel `{channel_name}`: reaches unknown service `{target}`"
                ));
            }
        }
        if let Some(unreachable) = &channel.unreachable {
            if !self.rules.contains_key(&unreachable.rule) {
                problems.push(format!(
                    "service `{name}`, channel `{channel_name}`: unknown rule `{}`",
                    unreachable.rule
                ));
            }
            if let Some(via) = &unreachable.via
                && !self.services.contains_key(via)
            {
                problems.push(format!("service `{name}`, channel `{channel_name}`: `via` names unknown service `{via}`"));
            }
        }
        let channel_rules = channel.region.iter().map(|region| &region.rule).chain(
            channel
                .deprecated
                .iter()
                .map(|deprecation| &deprecation.rule),
        );
        for rule in channel_rules {
            if !self.rules.contains_key(rule) {
                problems.push(format!(
                    "service `{name}`, channel `{channel_name}`: names unknown rule `{rule}`"
                ));
            }
        }
        for limit in &channel.limits {
            if !self.rules.contains_key(&limit.rule) {
                problems.push(format!(
                    "service `{name}`, channel `{channel_name}`: limit names unknown rule `{}`",
                    limit.rule
                ));
            }
            match &limit.quota_code {
                Some(code) if !schema::is_quota_code(code) => problems.push(format!(
                    "service `{name}`, channel `{channel_name}`: limit `{}` has quota code `{code}`, not `L-` and eight upper-case hex digits",
                    limit.rule
                )),
                None if limit.adjustable && !limit.source.contains("no quota code found") => problems.push(format!(
                    "service `{name}`, channel `{channel_name}`: adjustable limit `{}` needs a `quota_code`, or \"no quota code found\" in its source",
                    limit.rule
                )),
                _ => {}
            }
        }
        for event in &channel.default_events {
            if !channel.events.iter().any(|known| &known.name == event) {
                problems.push(format!("service `{name}`, channel `{channel_name}`: default event `{event}` is not among its events"));
            }
        }
        if let Some(positional) = &channel.positional
            && !channel.options.contains_key(positional)
        {
            problems.push(format!("service `{name}`, channel `{channel_name}`: positional option `{positional}` is not among its options"));
        }
        if channel.mechanism == Mechanism::CodeAccess {
            self.validate_access(name, channel_name, channel, problems);
        }
        for (option, spec) in &channel.options {
            let names_resource = spec.kind == ValueKind::Resource;
            if names_resource == spec.services.is_empty() {
                problems.push(format!("service `{name}`, channel `{channel_name}`: option `{option}` lists `services` exactly when it is `kind: resource`"));
            }
            for service in &spec.services {
                if !self.services.contains_key(service) {
                    problems.push(format!("service `{name}`, channel `{channel_name}`: option `{option}` names unknown service `{service}`"));
                }
            }
            let rules = spec
                .matches_source
                .iter()
                .map(|matches| &matches.rule)
                .chain(spec.refuses.iter().map(|refuses| &refuses.rule))
                .chain(spec.same_region.iter().map(|same| &same.rule));
            for rule in rules.filter(|rule| !self.rules.contains_key(*rule)) {
                problems.push(format!("service `{name}`, channel `{channel_name}`: option `{option}` names unknown rule `{rule}`"));
            }
        }
    }

    /// A property may name a declaration (`events { bus = orders }`),
    /// resolved like a channel option's (`model::lower::option_targets`).
    fn validate_property_targets(
        &self,
        name: &str,
        service: &ServiceSpec,
        problems: &mut Vec<String>,
    ) {
        for (property, spec) in &service.properties {
            if (spec.kind == ValueKind::Resource) == spec.services.is_empty() {
                problems.push(format!(
                "service `{name}`: property `{property}` lists `services` exactly when it is `kind: resource`"
            ));
            }
            for target in spec
                .services
                .iter()
                .filter(|target| !self.services.contains_key(*target))
            {
                problems.push(format!(
                    "service `{name}`: property `{property}` names unknown service `{target}`"
                ));
            }
            if let Some(call) = &spec.api_call {
                for rule in [
                    &call.form_rule,
                    &call.read_only_rule,
                    &call.any_resource_rule,
                ] {
                    if !self.rules.contains_key(rule) {
                        problems.push(format!(
                            "service `{name}`: property `{property}` names unknown rule `{rule}`"
                        ));
                    }
                }
                if !service.properties.contains_key(&call.scope) {
                    problems.push(format!(
                        "service `{name}`: property `{property}` scopes its call by unknown property `{}`",
                        call.scope
                    ));
                }
            }
            if let Some(with) = spec
                .only_with
                .as_ref()
                .filter(|with| !service.properties.contains_key(&with.property))
            {
                problems.push(format!(
                    "service `{name}`: property `{property}` is taken only with unknown property `{}`",
                    with.property
                ));
            }
        }
    }

    /// Every target of an access channel says what that access grants on it.
    fn validate_access(
        &self,
        name: &str,
        channel_name: &str,
        channel: &ChannelSpec,
        problems: &mut Vec<String>,
    ) {
        for target in &channel.reaches {
            let Some(spec) = self.services.get(target) else {
                continue;
            };
            let statements = spec
                .access
                .as_ref()
                .and_then(|access| access.grants.get(channel_name));
            match statements {
                None => problems.push(format!(
                    "service `{name}`, channel `{channel_name}`: reaches `{target}`, whose `access` has no `{channel_name}` grants"
                )),
                Some(statements)
                    if statements.is_empty()
                        || statements
                            .iter()
                            .any(|statement| statement.actions.is_empty() || statement.on.is_empty()) =>
                {
                    problems.push(format!(
                        "service `{target}`: access `{channel_name}` needs statements, each with `actions` and `on`"
                    ));
                }
                Some(_) => {}
            }
        }
    }

    /// A service's constraints, requirements, deprecation and implicit channel.
    fn validate_service(&self, name: &str, service: &ServiceSpec, problems: &mut Vec<String>) {
        if let Some(metrics) = &service.metrics {
            self.validate_service_metrics(name, metrics, problems);
        }
        // `name` is the physical name: it needs the property that carries it.
        let carried = service
            .physical_name
            .as_ref()
            .is_some_and(|naming| naming.property.is_some());
        if service.properties.contains_key("name") != carried {
            problems.push(format!(
                "service `{name}`: a `name` property and `physical_name.property` go together"
            ));
        }
        if let Some(access) = &service.access {
            if access.sources.is_empty() {
                problems.push(format!("service `{name}`: `access` names no `sources`"));
            }
            if access.noun.is_empty()
                || !access
                    .noun
                    .bytes()
                    .all(|byte| byte.is_ascii_uppercase() || byte == b'_')
            {
                problems.push(format!(
                    "service `{name}`: the access noun `{}` is not UPPER_SNAKE",
                    access.noun
                ));
            }
        }
        for constraint in service.constraints.iter().chain(
            service
                .channels
                .values()
                .flat_map(|channel| channel.constraints.iter()),
        ) {
            if !self.rules.contains_key(&constraint.rule) {
                problems.push(format!(
                    "service `{name}`: a constraint names unknown rule `{}`",
                    constraint.rule
                ));
            }
            if constraint.when.is_empty()
                || constraint
                    .when
                    .iter()
                    .any(|condition| condition.tests() != 1)
            {
                problems.push(format!(
                    "service `{name}`: each condition of the constraint for `{}` must set exactly one test",
                    constraint.rule
                ));
            }
        }
        for (option, spec) in &service.options {
            if spec.kind == ValueKind::Resource || !spec.services.is_empty() {
                problems.push(format!(
                    "service `{name}`: option `{option}` names a declaration, which only a channel option or a property may"
                ));
            }
        }
        self.validate_property_targets(name, service, problems);
        for (property, spec) in &service.properties {
            let refused_rules = spec.json.iter().flat_map(|json| &json.refused);
            for refused in refused_rules.filter(|refused| !self.rules.contains_key(&refused.rule)) {
                problems.push(format!(
                    "service `{name}`: `{property}` refuses values under unknown rule `{}`",
                    refused.rule
                ));
            }
            if let Some(placeholders) = &spec.placeholders
                && service
                    .properties
                    .get(&placeholders.from)
                    .is_none_or(|from| from.kind != ValueKind::Map)
            {
                problems.push(format!(
                    "service `{name}`: the placeholders of `{property}` come from `{}`, which is not a map property",
                    placeholders.from
                ));
            }
        }
        for (attribute, spec) in &service.attributes {
            let needs_attribute = spec.from == schema::AttributeSource::Attribute;
            if needs_attribute != spec.attribute.is_some() {
                problems.push(format!(
                    "service `{name}`: attribute `{attribute}` needs `attribute:` exactly when it is `from: attribute`"
                ));
            }
            if let Some(channel) = &spec.requires_channel
                && !service.channels.contains_key(channel)
            {
                problems.push(format!(
                    "service `{name}`: attribute `{attribute}` requires unknown channel `{channel}`"
                ));
            }
        }
        self.validate_service_rules(name, service, problems);
        validate_required_properties(name, service, problems);
        if service
            .channels
            .values()
            .filter(|channel| channel.implicit)
            .count()
            > 1
        {
            problems.push(format!(
                "service `{name}` has more than one implicit channel"
            ));
        }
    }

    /// The rules a service's whole-declaration facts name (between,
    /// one-per-Region, requirements, deprecation) exist, and each requirement's
    /// edge is one its channels allow.
    fn validate_service_rules(
        &self,
        name: &str,
        service: &ServiceSpec,
        problems: &mut Vec<String>,
    ) {
        if let Some(between) = &service.between {
            for rule in [&between.missing, &between.sources] {
                if !self.rules.contains_key(rule) {
                    problems.push(format!(
                        "service `{name}`: between names unknown rule `{rule}`"
                    ));
                }
            }
        }
        if let Some(single) = &service.one_per_region
            && !self.rules.contains_key(&single.rule)
        {
            problems.push(format!(
                "service `{name}`: one_per_region names unknown rule `{}`",
                single.rule
            ));
        }
        for requirement in &service.requires {
            if !self.rules.contains_key(&requirement.rule) {
                problems.push(format!(
                    "service `{name}`: a requirement names unknown rule `{}`",
                    requirement.rule
                ));
            }
            if requirement.target.is_some() && requirement.suggest.is_some() {
                problems.push(format!(
                    "service `{name}`: a requirement of `{}` sets both `target` (the only one that meets it) and `suggest` (for a requirement of any target)",
                    requirement.channel
                ));
            }
            if !service
                .channels
                .get(&requirement.channel)
                .is_some_and(|channel| {
                    requirement.named_target().is_none_or(|target| {
                        channel.reaches.iter().any(|reached| reached == target)
                    })
                })
            {
                problems.push(format!(
                    "service `{name}`: it requires `{} -> {}`, which its channels do not allow",
                    requirement.channel,
                    requirement.named_target().unwrap_or("any")
                ));
            }
        }
        if let Some(deprecation) = &service.deprecated
            && !self.rules.contains_key(&deprecation.rule)
        {
            problems.push(format!(
                "service `{name}`: deprecation names unknown rule `{}`",
                deprecation.rule
            ));
        }
    }
}

/// Each name a service's `required_properties` lists is one of its properties
/// or channels, in groups that are not empty, and its test reads a property.
fn validate_required_properties(name: &str, service: &ServiceSpec, problems: &mut Vec<String>) {
    for required in &service.required_properties {
        if required.one_of.is_empty() || required.one_of.iter().any(Vec::is_empty) {
            problems.push(format!(
                "service `{name}`: `required_properties` has an empty group"
            ));
        }
        let unknown = required.one_of.iter().flatten().find(|property| {
            !service.properties.contains_key(*property) && !service.channels.contains_key(*property)
        });
        if let Some(unknown) = unknown {
            problems.push(format!(
                "service `{name}`: `required_properties` names `{unknown}`, neither a property nor a channel of it"
            ));
        }
        if let Some(test) = &required.when
            && !service.properties.contains_key(&test.property)
        {
            problems.push(format!(
                "service `{name}`: `required_properties` tests unknown property `{}`",
                test.property
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Catalogue, embedded_files};
    use crate::source::SourceSet;

    /// The problems (E901 messages) of the embedded catalogue with one edit
    /// to one service file.
    fn problems_with(service: &str, from: &str, to: &str) -> Vec<String> {
        let files: Vec<(String, String)> = embedded_files()
            .into_iter()
            .map(|(path, text)| {
                if path.ends_with(&format!("services/{service}.yaml")) {
                    assert!(text.contains(from), "the edit applies");
                    let edited = text.replace(from, to);
                    (path, edited)
                } else {
                    (path, text)
                }
            })
            .collect();
        let (_, diagnostics) = Catalogue::load(&files, &mut SourceSet::default());
        diagnostics
            .iter()
            .map(|diagnostic| diagnostic.message.clone())
            .collect()
    }

    #[test]
    fn a_requirement_names_a_target_or_suggests_one_never_both() {
        let both = problems_with(
            "codepipeline",
            "{ channel: invoke, suggest: lambda,",
            "{ channel: invoke, target: lambda, suggest: lambda,",
        );
        assert!(
            both.iter()
                .any(|problem| problem.contains("sets both `target`")),
            "{both:?}"
        );
        let old_form = problems_with(
            "codepipeline",
            "{ channel: invoke, suggest: lambda,",
            "{ channel: invoke, target: lambda, any_target: true,",
        );
        assert!(
            old_form
                .iter()
                .any(|problem| problem.contains("any_target")),
            "{old_form:?}"
        );
    }

    #[test]
    fn required_properties_name_properties_or_channels_of_the_service() {
        let unknown = problems_with("redshift", "[[username, password],", "[[user, password],");
        assert!(
            unknown
                .iter()
                .any(|problem| problem.contains("names `user`, neither a property nor a channel")),
            "{unknown:?}"
        );
    }
}
