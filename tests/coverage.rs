//! Every edge the catalogue allows compiles and renders;
//! `tests/fixtures/emit/every-edge-N.wire` hold them all (for cfn-lint,
//! tf-validate, the IAM audit and the deploy test in `.ci/run`) and must match the
//! catalogue. Regenerate them with `WIREC_BLESS=1 cargo test`.

use crate::support;
use std::fmt::Write as _;
use wirec::catalogue::schema::ValueKind;
use wirec::catalogue::{Catalogue, NameKind};
use wirec::emit::cloudformation::Format;

/// A fake ARN of an existing `service` resource named `name`.
fn existing_arn(catalogue: &Catalogue, service: &str, name: &str) -> String {
    let template = catalogue
        .service(service)
        .and_then(|spec| spec.arn.clone())
        .unwrap_or_else(|| match service {
            "alb" => "arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/app/{physical}/50dc6c495c0c9188".to_string(),
            "ec2" => "arn:{partition}:ec2:{region}:{account}:instance/i-0123456789abcdef0".to_string(),
            "vpc" => "arn:{partition}:ec2:{region}:{account}:vpc/vpc-0123456789abcdef0".to_string(),
            "route53" => "arn:{partition}:route53:::hostedzone/Z0123456789ABCDEFGHIJ".to_string(),
            "cloudfront" => "arn:{partition}:cloudfront::{account}:distribution/E1ABCDEFGHIJKL".to_string(),
            other => panic!("no fake ARN for {other}"),
        });
    template
        .replace("{partition}", "aws")
        .replace("{region}", "us-east-1")
        .replace("{account}", "123456789012")
        .replace("{physical}", name)
        .replace('*', "0")
}

/// A declaration of `service` named `name` with every required property set
/// to a sample value, as a user who wants it created would write it.
fn declared(catalogue: &Catalogue, service: &str, name: &str) -> String {
    let Some(spec) = catalogue.service(service) else {
        return format!("{service} {name}");
    };
    // Properties that some channels need although the service does not.
    let needed: &[&str] = match service {
        "beanstalk" => &["tier"],
        "config" => &["rule"],
        _ => &[],
    };
    let properties: Vec<String> = spec
        .properties
        .iter()
        .filter(|(key, property)| property.required || needed.contains(&key.as_str()))
        .map(|(key, property)| {
            let value = match property.kind {
                ValueKind::Integer | ValueKind::Number => {
                    format!("{}", property.min.unwrap_or(1.0))
                }
                ValueKind::Bool | ValueKind::Flag => "true".to_string(),
                ValueKind::Timestamp => "\"2026-01-01T00:00:00Z\"".to_string(),
                ValueKind::Word if key == "tier" => "worker".to_string(),
                ValueKind::Word => property.values.first().cloned().unwrap_or_default(),
                ValueKind::StringList if key == "subnets" => {
                    "[\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\"]".to_string()
                }
                ValueKind::StringList => "[\"a\", \"b\"]".to_string(),
                ValueKind::Map => "{ }".to_string(),
                // Elastic Beanstalk checks the name against its platforms.
                ValueKind::String if key == "platform" => {
                    "\"64bit Amazon Linux 2023 v4.3.0 running Python 3.12\"".to_string()
                }
                // A schedule expression is held to its forms.
                ValueKind::String if property.schedule.is_some() => "\"rate(1 day)\"".to_string(),
                ValueKind::String => "\"sample\"".to_string(),
                // Only channel options name declarations (the catalogue refuses it here).
                ValueKind::Resource => String::new(),
            };
            format!("{key} = {value}")
        })
        .collect();
    if properties.is_empty() {
        format!("{service} {name}")
    } else {
        format!("{service} {name} {{ {} }}", properties.join(", "))
    }
}

/// [`endpoint`], but a declaration to create where the backends do not create it.
fn created_endpoint(catalogue: &Catalogue, service: &str, name: &str) -> String {
    if wirec::plan::creates(service) || ["redshift", "splunk", "chatbot"].contains(&service) {
        endpoint(catalogue, service, name)
    } else {
        declared(catalogue, service, name)
    }
}

/// A declaration of `service` named `name` that compiles on its own: created
/// where the backends create the service, otherwise an existing resource.
fn endpoint(catalogue: &Catalogue, service: &str, name: &str) -> String {
    let created = wirec::plan::creates(service);
    match service {
        "parameter" => format!("parameter {name} {{ value = \"on\" }}"),
        "ssm" => format!(
            "ssm {name} {{ content = \"schemaVersion: '0.3'\\nmainSteps:\\n  - name: wait\\n    action: aws:sleep\\n    inputs:\\n      Duration: PT1M\\n\" }}"
        ),
        "config" => format!("config {name} {{ rule = \"S3_BUCKET_VERSIONING_ENABLED\" }}"),
        "cloudformation" => format!(
            "cloudformation {name} {{ template-url = \"https://s3.us-east-1.amazonaws.com/example-templates/child.template.json\" }}"
        ),
        "flink" => format!("flink {name} {{ code = \"s3://example-artifacts/{name}.jar\" }}"),
        // A hosted zone's name is its domain.
        "route53" => format!("route53 {name}.example.com"),
        // Delivery settings rather than resources: they have no ARN to refer to.
        // Credentials come from Secrets Manager, never the wiring.
        "redshift" => format!(
            "redshift {name} {{ jdbc-url = \"jdbc:redshift://example.c1abc2def3.us-east-1.redshift.amazonaws.com:5439/dev\", table = \"events\", secret = \"arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbCdEf\" }}"
        ),
        "splunk" => format!(
            "splunk {name} {{ endpoint = \"https://splunk.example.com:8088\", secret = \"arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbCdEf\" }}"
        ),
        "chatbot" => {
            format!("chatbot {name} {{ workspace = \"T0123456789\", channel = \"C0123456789\" }}")
        }
        // A pipeline created here needs an action stage; a target is existing.
        _ if !created || service == "codepipeline" => format!(
            "{service} {name} = existing \"{}\"",
            existing_arn(catalogue, service, name)
        ),
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
                declared(catalogue, other, name)
            } else {
                other.to_string()
            }
        }
    }
}

/// Allowed edges per fixture part: each part is one stack, and CloudFormation
/// takes at most 500 resources and 200 outputs in one.
const EDGES_PER_PART: usize = 50;

/// One chain per allowed (source, channel, target) that the backends render,
/// plus what each needs to be complete, split into parts of [`EDGES_PER_PART`];
/// and the allowed edges they do not render, each with its chain.
/// Every rendered edge as a wiring of its own (`service -> channel -> target`,
/// the wiring), in the every-edge fixture's order; and the parts of that
/// fixture, how many edges it has, and the edges the backends do not render.
fn every_edge(catalogue: &Catalogue) -> (Vec<String>, usize, Vec<(String, String)>) {
    let (units, not_rendered) = edge_units(catalogue);
    let count = units.len();
    let parts = units
        .chunks(EDGES_PER_PART)
        .map(|chunk| {
            let text = format!(
                "# Generated from the catalogue by tests/coverage.rs: one chain per allowed edge.\n{}",
                chunk.iter().map(|(_, unit)| unit.as_str()).collect::<String>()
            );
            // The fixture is kept in `wirec fmt`'s layout like every other wiring file.
            wirec::format::format(&text).expect("the generated fixture parses")
        })
        .collect();
    (parts, count, not_rendered)
}

/// Each rendered edge with the wiring that shows it, and the edges not rendered.
type Units = (Vec<(String, String)>, Vec<(String, String)>);

fn edge_units(catalogue: &Catalogue) -> Units {
    let mut units = Vec::new();
    let mut not_rendered = Vec::new();
    let mut services: Vec<_> = catalogue.services().collect();
    services.sort_by(|left, right| left.service.cmp(&right.service));
    for spec in services {
        // A retired service's every declaration is an error (its own rule), so
        // its edges cannot be wired at all: `retired_services_are_refused`.
        if spec.deprecated.is_some() {
            continue;
        }
        for (channel_name, channel) in &spec.channels {
            for target in &channel.reaches {
                // One per account and Region (a GuardDuty detector): every edge
                // comes from the one declaration.
                let source_name = if spec
                    .one_per_region
                    .as_ref()
                    .is_some_and(|single| single.unless_property.is_none())
                {
                    format!("{}-one", spec.service)
                } else {
                    format!("{}-{channel_name}-{target}", spec.service)
                };
                let target_name = format!("{target}-from-{}-{channel_name}", spec.service);
                let events = if channel.default_events.is_empty() {
                    channel
                        .events
                        .first()
                        .map_or(String::new(), |event| format!(" on {}", event.name))
                } else {
                    String::new()
                };
                let rendered = wirec::plan::renders(channel, channel_name, &spec.service, target);
                // An edge that is not rendered is written as a user would write it to
                // have everything created, so that only the backends can refuse it.
                let (source, target_text) = if rendered {
                    // A pipeline's actions are in its definition: it is created here.
                    let source = if spec.service == "codepipeline" && channel_name == "invoke" {
                        declared(catalogue, &spec.service, &source_name)
                    } else {
                        endpoint(catalogue, &spec.service, &source_name)
                    };
                    (source, endpoint(catalogue, target, &target_name))
                } else {
                    // AWS Config's delivery channel belongs to the recorder: a
                    // declaration without `rule`.
                    let source = if spec.service == "config"
                        && ["deliver", "notify"].contains(&channel_name.as_str())
                    {
                        format!("config {source_name}")
                    } else {
                        created_endpoint(catalogue, &spec.service, &source_name)
                    };
                    (source, created_endpoint(catalogue, target, &target_name))
                };
                // What a chain must say beyond its events to be complete.
                let options = match (
                    spec.service.as_str(),
                    channel_name.as_str(),
                    target.as_str(),
                ) {
                    ("alarm", _, "asg") => " adjust 2",
                    ("alarm", _, "ec2") => " do stop",
                    // Every option that tunes an event source mapping, once per source.
                    ("sqs", "poll", "lambda") => {
                        r#" batch 100 window 1 report-failures max-concurrency 5 filter "{\"body\": {\"kind\": [\"order\"]}}""#
                    }
                    ("kinesis", "poll", "lambda") => {
                        r#" batch 500 window 2 starting-position at-timestamp from "2026-01-01T00:00:00Z" bisect retries 3 max-age 3600 parallelization 2 tumbling-window 60 report-failures filter "{\"data\": {\"kind\": [\"click\"]}}" "{\"partitionKey\": [\"a\"]}""#
                    }
                    ("dynamodb", "stream", "lambda") => {
                        r#" batch 50 window 1 start trim-horizon bisect retries 5 max-age 60 parallelization 1 tumbling-window 0 report-failures filter "{\"eventName\": [\"INSERT\"]}""#
                    }
                    ("codepipeline", "invoke", "stepfunctions") => {
                        r#" execution-prefix "release" parameters "{\"suite\": \"smoke\"}""#
                    }
                    ("dynamodb", "changes", "kinesis") => " precision microsecond",
                    // A remediation passes the bucket to an AWS-owned runbook,
                    // which runs as a role that may do what it does.
                    ("config", "remediate", _) => {
                        " parameter \"BucketName\" allows \"s3:GetBucketVersioning s3:PutBucketVersioning\" resources \"arn:aws:s3:::*\""
                    }
                    // Every option a pipe's source takes, once per source.
                    ("sqs", "poll", "pipe") => {
                        r#" batch 10 window 1 filter "{\"body\": {\"kind\": [\"order\"]}}""#
                    }
                    // A pipe's batch is at most its SQS target's 10 (E491).
                    ("kinesis", "poll", "pipe") => {
                        " batch 10 window 1 starting-position trim-horizon bisect retries 3 max-age 3600 parallelization 2 on-failure pipe-dead-letters"
                    }
                    ("dynamodb", "stream", "pipe") => {
                        " batch 10 window 1 start trim-horizon on-failure pipe-dead-letter-topic"
                    }
                    ("pipe", "target", "lambda" | "stepfunctions") => " invocation fire-and-forget",
                    ("pipe", "target", "sqs") => r#" input-template "{\"id\": \"<$.messageId>\"}""#,
                    ("pipe", "target", "kinesis") => r#" partition-key "$.messageId""#,
                    // A REST API method with a path parameter, and the SQL a cluster runs.
                    ("events", "target", "apigateway") => {
                        r#" method PUT path "/orders/*" path-values "$.detail.id""#
                    }
                    ("events" | "schedule", "target", "redshift") => {
                        r#" sql "CALL refresh_sales()" statement-name "refresh" with-event true"#
                    }
                    _ => "",
                };
                // An API destination's connection takes its credentials from
                // a secret parameter (E378, E379): one of each kind of auth.
                let (options, target_text) = match (
                    spec.service.as_str(),
                    channel_name.as_str(),
                    target.as_str(),
                ) {
                    ("events", "target", "https") => (
                        format!(
                            "{options} method PUT rate 10 key-name \"x-hook-key\" key {source_name}-key"
                        ),
                        format!("param {source_name}-key secret\n{target_text}"),
                    ),
                    ("pipe", "target", "https") => (
                        format!(
                            "{options} auth basic username \"wirec\" password {source_name}-password"
                        ),
                        format!("param {source_name}-password secret\n{target_text}"),
                    ),
                    ("pipe", "enrich", "https") => (
                        format!(
                            "{options} auth oauth client-id \"wirec\" client-secret {source_name}-secret token-url \"https://auth.example.com/token\" token-method GET"
                        ),
                        format!("param {source_name}-secret secret\n{target_text}"),
                    ),
                    _ => (options.to_string(), target_text),
                };
                let target_text = if (
                    spec.service.as_str(),
                    channel_name.as_str(),
                    target.as_str(),
                ) == ("pipe", "enrich", "stepfunctions")
                {
                    // Pipes enriches with Express state machines only (E483).
                    format!("stepfunctions {target_name} {{ type = express }}")
                } else if (spec.service.as_str(), channel_name.as_str()) == ("config", "remediate")
                {
                    format!(
                        "ssm {target_name} = existing \"arn:aws:ssm:us-east-1::document/AWS-ConfigureS3BucketVersioning\""
                    )
                } else {
                    target_text
                };
                // Declarations an endpoint needs first (its parameters) go before the chain.
                let (before, target_text) = match target_text.rsplit_once('\n') {
                    Some((before, last)) => (format!("{before}\n"), last.to_string()),
                    None => (String::new(), target_text),
                };
                // A node between one source and one target (a pipe) gets a
                // queue on the side the edge leaves open.
                let between = |service: &str| {
                    catalogue
                        .service(service)
                        .is_some_and(|spec| spec.between.is_some())
                };
                let feed = if between(&spec.service) {
                    format!("sqs {source_name}-in -> ")
                } else {
                    String::new()
                };
                let drain = if between(target) {
                    format!(" -> sqs {target_name}-out")
                } else {
                    String::new()
                };
                let mut unit = format!(
                    "{before}{feed}{source} -> {channel_name}{events}{options} -> {target_text}{drain}\n"
                );
                // The dead-letter queue and topic that the stream sources of pipes name.
                if options.contains("on-failure pipe-dead-letters") {
                    unit.push_str("sqs pipe-dead-letters\n");
                }
                if options.contains("on-failure pipe-dead-letter-topic") {
                    unit.push_str("sns pipe-dead-letter-topic\n");
                }
                if between(&spec.service) && !channel.implicit {
                    let _ = writeln!(unit, "{source_name} -> sqs {source_name}-out");
                }
                // AWS Config's one recorder per account and Region: its two
                // delivery-channel edges are one chain pair, from one recorder.
                if rendered && spec.service == "config" {
                    match channel_name.as_str() {
                        "deliver" => {
                            unit = format!(
                                "config config-recorder -> deliver -> {target_text}\nconfig-recorder -> notify -> sns sns-from-config-notify\n"
                            );
                        }
                        "notify" => unit = String::new(),
                        _ => {}
                    }
                }
                // The destinations AWS requires of a source created here come along.
                // (Not for an edge written elsewhere, nor for a declaration
                // whose `unless_property` makes it something else.)
                let created_source = !source.contains("= existing") && !unit.is_empty();
                for requirement in spec.requires.iter().filter(|_| created_source) {
                    // A conditional requirement (an Express machine's logs) does
                    // not hold of a declaration with only required properties.
                    let exempt = requirement.when.is_some()
                        || requirement
                            .unless_property
                            .as_ref()
                            .is_some_and(|property| source.contains(&format!("{property} =")));
                    // A requirement of any target of a channel (a schedule's one
                    // target) is met by the edge itself.
                    let Some(required) = requirement.named_target() else {
                        continue;
                    };
                    if !exempt
                        && (requirement.channel != *channel_name
                            || requirement
                                .target
                                .as_ref()
                                .is_some_and(|only| only != target))
                    {
                        let _ = writeln!(
                            unit,
                            "{} {source_name} -> {} -> {required} {source_name}-{required}",
                            spec.service, requirement.channel,
                        );
                    }
                }
                // A Firehose stream needs a destination of its own.
                if target == "firehose" {
                    let _ = writeln!(unit, "firehose {target_name} -> s3 {target_name}-archive");
                }
                // A stream's transform and error logs are settings of its destination.
                if spec.service == "firehose" && !channel.implicit {
                    let _ = writeln!(unit, "firehose {source_name} -> s3 {source_name}-archive");
                }
                if rendered {
                    units.push((format!("{}-{channel_name}-{target}", spec.service), unit));
                } else {
                    not_rendered.push((
                        format!("{} -> {channel_name} -> {target}", spec.service),
                        unit,
                    ));
                }
            }
        }
    }
    (units, not_rendered)
}

/// One snapshot per edge, both backends side by side, so that a change to one
/// edge's glue shows as that edge's diff (the every-edge parts hold 50 each).
/// AWS Config's recorder edges `deliver` and `notify` share one wiring.
#[test]
fn every_edge_alone_renders_as_its_snapshot() {
    let catalogue = support::catalogue();
    let (units, _) = edge_units(&catalogue);
    for (edge, unit) in units.iter().filter(|(_, unit)| !unit.is_empty()) {
        let compilation = support::compile_text(&format!("{edge}.wire"), unit, &catalogue);
        assert!(
            !compilation.has_errors(),
            "{edge}: {}",
            support::rendered(&compilation)
        );
        let template = support::template(&compilation, &catalogue, Format::Json);
        let terraform = compilation.terraform_text(&catalogue).expect("no errors");
        insta::with_settings!({
            omit_expression => true,
            description => unit.clone(),
            snapshot_path => "snapshots/edges",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(
                edge.clone(),
                format!("{template}\n-------- terraform --------\n{terraform}")
            );
        });
    }
}

#[test]
fn every_allowed_edge_compiles_renders_and_is_in_the_fixture() {
    let catalogue = support::catalogue();
    let (parts, count, not_rendered) = every_edge(&catalogue);
    eprintln!(
        "allowed edges rendered: {count}; refused by `check` whatever the wiring: {}",
        not_rendered.len()
    );
    assert!(count > 200, "the catalogue allows only {count} edges");
    let bless = std::env::var_os("WIREC_BLESS").is_some();
    if bless {
        for stale in support::every_edge_fixtures() {
            std::fs::remove_file(stale).unwrap();
        }
    }
    for (index, text) in parts.iter().enumerate() {
        let path = support::every_edge_fixture(index + 1);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let compilation = support::compile_text(&name, text, &catalogue);
        // Warnings are allowed: some edges are worth a warning by themselves
        // (W326: lifecycle hooks hold instances; AWS recommends EventBridge).
        assert!(
            !compilation.has_errors(),
            "{}",
            support::rendered(&compilation)
        );
        let template = support::template(&compilation, &catalogue, Format::Json);
        insta::with_settings!({ omit_expression => true, description => path.display().to_string(), snapshot_suffix => format!("{}", index + 1) }, {
            insta::assert_snapshot!("every_edge_template", template);
        });
        if bless {
            std::fs::write(&path, text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            &committed,
            text,
            "{} is stale: run `WIREC_BLESS=1 cargo test`",
            path.display()
        );
    }
    assert_eq!(
        support::every_edge_fixtures().len(),
        parts.len(),
        "a stale every-edge part is left over: run `WIREC_BLESS=1 cargo test`"
    );
}

/// The catalogue's edges that `check` refuses whatever the wiring says, one a
/// line with the rules that refuse them. Some channels exist only to explain
/// why nothing of the kind is possible (Inspector Classic's SNS, retired;
/// Trusted Advisor's email): every edge through them is an error of its own.
/// The list may only change together with this file (`WIREC_BLESS=1 cargo test`).
const REFUSED: &str = "tests/fixtures/emit/refused-edges.txt";

/// Every edge that `check` accepts has a rendering in both backends: an edge
/// the backends do not render fails here, and so would have to be refused by a
/// rule instead (no silent skips, and never an E801 for an allowed edge).
#[test]
fn every_edge_that_check_accepts_is_rendered_and_the_rest_are_refused() {
    let catalogue = support::catalogue();
    let (_, _, not_rendered) = every_edge(&catalogue);
    let mut listed = String::new();
    let mut failures = Vec::new();
    for (edge, chain) in &not_rendered {
        let compilation = support::compile_text("edge.wire", chain, &catalogue);
        if compilation.has_errors() {
            let mut codes: Vec<&str> = compilation
                .diagnostics
                .iter()
                .map(|diagnostic| diagnostic.code.as_str())
                .collect();
            codes.dedup();
            let _ = writeln!(listed, "{edge}  (always refused by {})", codes.join(", "));
            continue;
        }
        // Whatever happens, a build never writes a partial template.
        let stopped = compilation
            .backend_diagnostics(&catalogue)
            .iter()
            .any(|diagnostic| diagnostic.code == "E801")
            && compilation.plan(&catalogue).is_none();
        failures.push(format!(
            "{edge}: `check` accepts it but the backends do not render it (the build {})",
            if stopped {
                "stops with E801"
            } else {
                "does not stop: a partial template"
            }
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    if std::env::var_os("WIREC_BLESS").is_some() {
        std::fs::write(REFUSED, &listed).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(REFUSED).unwrap_or_default(),
        listed,
        "{REFUSED} is stale: run `WIREC_BLESS=1 cargo test`"
    );
}

/// A retired service's edges are in the catalogue (for its explanation) but
/// every declaration of the service is an error of its own.
#[test]
fn retired_services_are_refused() {
    let catalogue = support::catalogue();
    let mut retired = 0;
    for spec in catalogue.services() {
        let Some(deprecation) = &spec.deprecated else {
            continue;
        };
        for (channel_name, channel) in &spec.channels {
            for target in &channel.reaches {
                retired += 1;
                let text = format!(
                    "{} old -> {channel_name} -> {}\n",
                    spec.service,
                    endpoint(&catalogue, target, "new")
                );
                let compilation = support::compile_text("retired.wire", &text, &catalogue);
                assert!(
                    compilation
                        .diagnostics
                        .iter()
                        .any(|diagnostic| diagnostic.code == deprecation.rule),
                    "{text}: expected {}\n{}",
                    deprecation.rule,
                    support::rendered(&compilation)
                );
            }
        }
    }
    assert!(retired > 0, "no retired service to check");
}

/// What `wirec build` does with a service, for the language reference: its
/// section's row and its line in the summary table. Generated from the
/// backends' coverage, so docs/language.md cannot drift from it.
fn build_support(
    catalogue: &Catalogue,
    service: &str,
    unrendered: &[(String, String)],
) -> (String, &'static str) {
    let Some(spec) = catalogue.service(service) else {
        return ("yes".to_string(), "yes");
    };
    if let Some(deprecation) = &spec.deprecated {
        return (
            format!(
                "no: `wirec check` already rejects every declaration ({})",
                deprecation.rule
            ),
            "no",
        );
    }
    // (channel, target) pairs of this service that the backends do not render.
    let missing: Vec<(&str, &str)> = unrendered
        .iter()
        .filter_map(|(edge, _)| {
            let mut parts = edge.split(" -> ");
            let (source, channel, target) = (parts.next()?, parts.next()?, parts.next()?);
            (source == service).then_some((channel, target))
        })
        .collect();
    let mut except = Vec::new();
    let mut channels: Vec<&String> = spec.channels.keys().collect();
    channels.sort();
    for channel in channels {
        let targets: Vec<&str> = missing
            .iter()
            .filter(|(name, _)| name == channel)
            .map(|(_, target)| *target)
            .collect();
        if targets.is_empty() {
            continue;
        }
        if targets.len() == spec.channels[channel].reaches.len() {
            except.push(format!("`{channel}`"));
        } else {
            let targets: Vec<String> = targets.iter().map(|target| format!("`{target}`")).collect();
            except.push(format!("`{channel}` to {}", targets.join(", ")));
        }
    }
    let created = wirec::plan::creates(service);
    match (created, except.is_empty()) {
        (true, true) => ("yes".to_string(), "yes"),
        (true, false) => (
            format!("yes, except (E801): {}", except.join("; ")),
            "partly",
        ),
        (false, true) => (
            "existing ones (`= existing \"ARN\"`); creating one stops with E801".to_string(),
            "partly",
        ),
        (false, false) => (
            format!(
                "existing ones (`= existing \"ARN\"`); creating one stops with E801, and so do (E801): {}",
                except.join("; ")
            ),
            "partly",
        ),
    }
}

const LANGUAGE: &str = "docs/language.md";

#[test]
fn the_language_reference_says_what_builds() {
    let catalogue = support::catalogue();
    let (_, _, not_rendered) = every_edge(&catalogue);
    // Edges that `check` refuses anyway are not a backend's gap.
    let unrendered: Vec<(String, String)> = not_rendered
        .into_iter()
        .filter(|(_, chain)| !support::compile_text("edge.wire", chain, &catalogue).has_errors())
        .collect();
    let text = std::fs::read_to_string(LANGUAGE).unwrap();
    let mut out = String::with_capacity(text.len());
    let mut section: Option<String> = None;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("### `")
            && let Some((service, _)) = rest.split_once('`')
        {
            section = catalogue.service(service).map(|_| service.to_string());
        }
        if let Some(service) = &section
            && line.starts_with("| `wirec build` |")
        {
            let (row, _) = build_support(&catalogue, service, &unrendered);
            let _ = writeln!(out, "| `wirec build` | {row} |");
            continue;
        }
        // The summary table: `| [`svc`](#anchor) | Title | support |`.
        if let Some(rest) = line.strip_prefix("| [`")
            && let Some((service, _)) = rest.split_once('`')
            && catalogue.service(service).is_some()
            && let Some((head, _)) = line.trim_end().trim_end_matches('|').rsplit_once('|')
        {
            let (_, summary) = build_support(&catalogue, service, &unrendered);
            let _ = writeln!(out, "{head}| {summary} |");
            continue;
        }
        out.push_str(line);
    }
    if std::env::var_os("WIREC_BLESS").is_some() {
        std::fs::write(LANGUAGE, &out).unwrap();
    }
    assert!(
        text == out,
        "{LANGUAGE} says something else about `wirec build` than the backends do: run `WIREC_BLESS=1 cargo test`"
    );
}
