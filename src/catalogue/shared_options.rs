//! Options that every channel of some mechanisms takes (an EventBridge rule
//! target's `input`, `group-id`, `retries`, ...), written once in a
//! `shared/*.yaml` file and merged into those channels' `options` when the
//! catalogue loads, so that fifteen service files do not repeat them.

use super::schema::{Constraint, Map, Mechanism, OnlyWith, PropertySpec, ServiceSpec};
use serde::Deserialize;

/// One `shared/*.yaml` file: options every channel of its mechanisms takes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedOptionsSpec {
    /// The set's name (`rule-target`); a later file with the same name replaces it.
    pub shared_options: String,
    /// The mechanisms whose every channel takes these options.
    pub mechanisms: Vec<Mechanism>,
    /// Mechanisms whose every channel takes only some of the options, by
    /// mechanism: the option names it takes (an EventBridge Scheduler target
    /// has a dead-letter queue and retries, but no input path or template).
    #[serde(default)]
    pub partly: std::collections::HashMap<Mechanism, Vec<String>>,
    /// One paragraph on what the options set.
    #[serde(default)]
    pub summary: Option<String>,
    /// The options, as a channel's `options` would list them.
    pub options: Map<PropertySpec>,
    /// Services that take some of the options as declaration properties, by
    /// service (a schedule that calls an API itself has no `->` edge to
    /// carry its dead-letter queue and retries).
    #[serde(default)]
    pub as_properties: Map<AsProperties>,
    /// Facts every such edge is held to, as a channel's `constraints`.
    #[serde(default)]
    pub constraints: Vec<Constraint>,
    /// Where the facts come from.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// Some shared options as one service's declaration properties.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsProperties {
    /// The option names the service takes as properties.
    pub options: Vec<String>,
    /// The property they need beside them (E106 otherwise).
    pub only_with: OnlyWith,
}

/// Adds each set's options to every channel of its mechanisms, and to the
/// properties of the services that take them as properties; a channel or
/// service that defines one of them itself is a problem (two specs for one
/// word would disagree sooner or later).
pub(super) fn merge(sets: &Map<SharedOptionsSpec>, services: &mut Map<ServiceSpec>) -> Vec<String> {
    let mut problems = Vec::new();
    for set in sets.values() {
        for (service_name, taken) in &set.as_properties {
            let Some(service) = services.get_mut(service_name) else {
                problems.push(format!(
                    "the shared options `{}` give properties to unknown service `{service_name}`",
                    set.shared_options
                ));
                continue;
            };
            for option in &taken.options {
                let Some(spec) = set.options.get(option) else {
                    problems.push(format!(
                        "the shared options `{}` have no option `{option}` to give `{service_name}`",
                        set.shared_options
                    ));
                    continue;
                };
                if service.properties.contains_key(option) {
                    problems.push(format!(
                        "service `{service_name}` defines property `{option}`, which the shared options `{}` give it; remove it from the service",
                        set.shared_options
                    ));
                    continue;
                }
                let mut spec = spec.clone();
                spec.only_with = Some(taken.only_with.clone());
                service.properties.insert(option.clone(), spec);
            }
        }
    }
    for (service_name, service) in services.iter_mut() {
        for (channel_name, channel) in &mut service.channels {
            for set in sets.values() {
                let partly = set.partly.get(&channel.mechanism);
                if !set.mechanisms.contains(&channel.mechanism) && partly.is_none() {
                    continue;
                }
                for (option, spec) in &set.options {
                    if partly.is_some_and(|taken| !taken.contains(option)) {
                        continue;
                    }
                    if channel.options.contains_key(option) {
                        problems.push(format!(
                            "the `{channel_name}` channel of `{service_name}` defines option `{option}`, which the shared options `{}` give every channel of its mechanisms; remove it from the channel",
                            set.shared_options
                        ));
                    } else {
                        channel.options.insert(option.clone(), spec.clone());
                    }
                }
                channel.constraints.extend(set.constraints.iter().cloned());
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use crate::catalogue::Catalogue;
    use crate::source::SourceSet;

    fn load(extra: &[(&str, &str)]) -> (Catalogue, Vec<String>) {
        let mut files = crate::catalogue::embedded_files();
        for (path, text) in extra {
            files.push(((*path).to_string(), (*text).to_string()));
        }
        let mut sources = SourceSet::default();
        let (catalogue, diagnostics) = Catalogue::load(&files, &mut sources);
        let messages = diagnostics.into_iter().map(|d| d.message).collect();
        (catalogue, messages)
    }

    #[test]
    fn every_rule_target_channel_takes_the_shared_options() {
        let (catalogue, problems) = load(&[]);
        assert!(problems.is_empty(), "{problems:?}");
        for (service, channel) in [
            ("schedule", "target"),
            ("codecommit", "events"),
            ("s3", "events"),
        ] {
            let spec = catalogue.channel(service, channel);
            assert!(
                spec.is_some_and(|spec| spec.options.contains_key("input")
                    && spec.options.contains_key("group-id")),
                "{service} {channel}"
            );
        }
        let notify = catalogue.channel("s3", "notify");
        assert!(notify.is_some_and(|spec| !spec.options.contains_key("input")));
    }

    #[test]
    fn a_channel_that_defines_a_shared_option_itself_is_refused() {
        let mut sources = SourceSet::default();
        let files = crate::catalogue::embedded_files();
        let (_, clean) = Catalogue::load(&files, &mut sources);
        assert!(clean.is_empty());
        let schedule = files
            .iter()
            .find(|(path, _)| path == "services/schedule.yaml")
            .map(|(_, text)| {
                text.replace(
                    "    mechanism: rule-target\n",
                    "    mechanism: rule-target\n    options:\n      input: { kind: string }\n",
                )
            })
            .unwrap_or_default();
        let (_, problems) = load(&[("services/zz-schedule.yaml", &schedule)]);
        assert!(
            problems
                .iter()
                .any(|problem| problem.contains("defines option `input`")),
            "{problems:?}"
        );
    }
}
