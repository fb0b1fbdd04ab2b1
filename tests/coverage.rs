//! Every edge the catalogue allows compiles and renders; `tests/fixtures/emit/every-edge.wire`
//! holds them all (for cfn-lint in `.ci/run`) and must match the catalogue.
//! Regenerate it with `WIREC_BLESS=1 cargo test`.

use crate::support;
use std::fmt::Write as _;
use wirec::catalogue::{Catalogue, NameKind};
use wirec::emit::cloudformation::Format;

const FIXTURE: &str = "tests/fixtures/emit/every-edge.wire";

/// A declaration of `service` named `name` that compiles on its own.
fn endpoint(catalogue: &Catalogue, service: &str, name: &str) -> String {
    match service {
        "alarm" => format!("alarm {name} {{ metric = \"AWS/EC2 CPUUtilization\", above = 80 }}"),
        "events" => format!("events {name} on aws.ec2 \"EC2 Instance State-change Notification\""),
        "schedule" => format!("schedule {name} \"rate(1 day)\""),
        "email" => "email \"ops@example.com\"".to_string(),
        "https" => "https \"https://hooks.example.com/aws\"".to_string(),
        "sms" => "sms \"+15555550100\"".to_string(),
        other => {
            let named = catalogue
                .service(other)
                .is_some_and(|spec| spec.name != NameKind::Address);
            if named {
                format!("{other} {name}")
            } else {
                other.to_string()
            }
        }
    }
}

/// One chain per allowed (source, channel, target) that the backend renders,
/// plus what each needs to be complete; and the allowed edges it does not render.
fn every_edge(catalogue: &Catalogue) -> (String, usize, Vec<String>) {
    let mut text = String::from(
        "# Generated from the catalogue by tests/coverage.rs: one chain per allowed edge.\n",
    );
    let mut count = 0;
    let mut not_rendered = Vec::new();
    let mut services: Vec<_> = catalogue.services().collect();
    services.sort_by(|left, right| left.service.cmp(&right.service));
    for spec in services {
        for (channel_name, channel) in &spec.channels {
            for target in &channel.reaches {
                if !wirec::plan::renders(channel.mechanism, &spec.service, target) {
                    not_rendered.push(format!("{} -> {channel_name} -> {target}", spec.service));
                    continue;
                }
                count += 1;
                let source_name = format!("{}-{channel_name}-{target}", spec.service);
                let target_name = format!("{target}-from-{}-{channel_name}", spec.service);
                let events = if channel.default_events.is_empty() {
                    channel
                        .events
                        .first()
                        .map_or(String::new(), |event| format!(" on {}", event.name))
                } else {
                    String::new()
                };
                let source = endpoint(catalogue, &spec.service, &source_name);
                let target_text = endpoint(catalogue, target, &target_name);
                let _ = writeln!(text, "{source} -> {channel_name}{events} -> {target_text}");
                // A Firehose stream needs a destination of its own.
                if target == "firehose" {
                    let _ = writeln!(text, "firehose {target_name} -> s3 {target_name}-archive");
                }
            }
        }
    }
    // The fixture is kept in `wirec fmt`'s layout like every other wiring file.
    let text = wirec::format::format(&text).expect("the generated fixture parses");
    (text, count, not_rendered)
}

#[test]
fn every_allowed_edge_compiles_renders_and_is_in_the_fixture() {
    let catalogue = support::catalogue();
    let (text, count, not_rendered) = every_edge(&catalogue);
    eprintln!(
        "allowed edges rendered: {count}; allowed but not rendered yet: {}",
        not_rendered.len()
    );
    assert!(count > 50, "the catalogue allows only {count} edges");
    let compilation = support::compile_text("every-edge.wire", &text, &catalogue);
    assert!(
        compilation.diagnostics.is_empty(),
        "{}",
        support::rendered(&compilation)
    );
    let template = support::template(&compilation, &catalogue, Format::Json);
    assert!(template.contains("AWS::Lambda::Permission"));
    insta::with_settings!({ omit_expression => true, description => FIXTURE }, {
        insta::assert_snapshot!("every_edge_template", template);
    });
    if std::env::var_os("WIREC_BLESS").is_some() {
        std::fs::create_dir_all("tests/fixtures/emit").unwrap();
        std::fs::write(FIXTURE, &text).unwrap();
    }
    let committed = std::fs::read_to_string(FIXTURE).unwrap_or_default();
    assert_eq!(
        committed, text,
        "{FIXTURE} is stale: run `WIREC_BLESS=1 cargo test`"
    );
}
