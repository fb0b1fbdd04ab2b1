//! Every rule's example trips that rule (and only errors of that rule), its fix
//! passes cleanly, and the rendered diagnostics are snapshotted with their source.

use crate::support;

#[test]
fn every_rule_example_trips_its_rule_and_every_fix_is_clean() {
    let catalogue = support::catalogue();
    let mut failures = Vec::new();
    for rule in catalogue.rules() {
        let (Some(example), Some(fix)) = (&rule.example, &rule.fix) else {
            continue;
        };
        // E201 is the fallback for channels that name no rule of their own; the
        // stdlib names one everywhere, so it is exercised with a rule pack below.
        // E801 comes from the backend at build time; it has its own test below.
        // E802 and W803 are about a whole template's size: tested below on big wirings.
        if ["E201", "E801", "E802", "W803"].contains(&rule.code.as_str()) {
            continue;
        }
        let compilation =
            support::compile_text(&format!("{}.wire", rule.code), example, &catalogue);
        let codes: Vec<&str> = compilation
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code.as_str())
            .collect();
        if !codes.contains(&rule.code.as_str()) {
            failures.push(format!(
                "{}: example reports {codes:?}\n{}",
                rule.code,
                support::rendered(&compilation)
            ));
        } else if codes.iter().any(|code| *code != rule.code) {
            failures.push(format!(
                "{}: example also reports {codes:?}\n{}",
                rule.code,
                support::rendered(&compilation)
            ));
        }
        insta::with_settings!({ snapshot_suffix => rule.code.clone(), omit_expression => true, description => example.clone() }, {
            insta::assert_snapshot!("rule_example", support::rendered(&compilation));
        });
        let fixed = support::compile_text(&format!("{}-fix.wire", rule.code), fix, &catalogue);
        if !fixed.diagnostics.is_empty() {
            failures.push(format!(
                "{}: fix is not clean\n{}",
                rule.code,
                support::rendered(&fixed)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_mistakes_example_shows_every_diagnostic() {
    let catalogue = support::catalogue();
    let compilation =
        support::compile_file(std::path::Path::new("examples/mistakes.wire"), &catalogue);
    assert!(compilation.has_errors());
    insta::with_settings!({ omit_expression => true, description => "examples/mistakes.wire" }, {
        insta::assert_snapshot!("mistakes", support::rendered(&compilation));
    });
}

#[test]
fn an_unreachable_target_carries_a_machine_applicable_hop() {
    let catalogue = support::catalogue();
    let text = "codedeploy web -> trigger -> lambda notifier\n";
    let compilation = support::compile_text("a.wire", text, &catalogue);
    let suggestion = compilation.diagnostics[0]
        .suggestions
        .first()
        .cloned()
        .expect("a suggestion");
    let edit = &suggestion.edits[0];
    let mut fixed = text.to_string();
    fixed.replace_range(
        edit.span.start as usize..edit.span.end as usize,
        &edit.replacement,
    );
    assert_eq!(
        fixed,
        "codedeploy web -> trigger -> sns web-trigger -> lambda notifier\n"
    );
    assert!(
        support::compile_text("b.wire", &fixed, &catalogue)
            .diagnostics
            .is_empty()
    );
}

#[test]
fn the_generic_unreachable_rule_applies_when_a_channel_names_none() {
    let mut files = wirec::catalogue::embedded_files();
    for (path, text) in &mut files {
        if path == "services/alarm.yaml" {
            *text = text.replace("    unreachable: { rule: E309 }\n", "");
        }
    }
    let mut sources = wirec::source::SourceSet::new();
    let (catalogue, problems) = wirec::catalogue::Catalogue::load(&files, &mut sources);
    assert!(problems.is_empty(), "{problems:?}");
    let rule = catalogue.rule("E201").unwrap();
    let compilation =
        support::compile_text("E201.wire", rule.example.as_deref().unwrap(), &catalogue);
    let codes: Vec<&str> = compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.as_str())
        .collect();
    assert_eq!(codes, ["E201"], "{}", support::rendered(&compilation));
    insta::with_settings!({ omit_expression => true, description => rule.example.clone().unwrap() }, {
        insta::assert_snapshot!("rule_example_generic_unreachable", support::rendered(&compilation));
    });
}

/// Wirings that once compiled silently into wrong templates, with the codes they
/// must report now.
const REGRESSIONS: &[(&str, &str, &[&str])] = &[
    (
        "option values are checked",
        "sqs q -> poll batch abc -> lambda f\n",
        &["E107"],
    ),
    (
        "positional values are checked",
        "dynamodb t -> stream sideways -> lambda f\n",
        &["E107"],
    ),
    (
        "parameters inside maps must exist",
        "sns alerts { tags = { env = nosuchparam } }\n",
        &["E105"],
    ),
    (
        "a channel without defaults needs on",
        "codecommit r -> notify -> sns t\n",
        &["E107"],
    ),
    (
        "on needs an event",
        "codecommit r -> trigger on -> lambda f\n",
        &["E107"],
    ),
    (
        "a rule needs something to match",
        "events nothing -> sns t\n",
        &["E111"],
    ),
    (
        "a raw pattern must be JSON",
        "events bad { pattern = \"{not json\" } -> sns t\n",
        &["E107"],
    ),
    (
        "an alarm needs a metric",
        "alarm a { above = 1 } -> sns t\n",
        &["E111"],
    ),
    (
        "an alarm needs a threshold",
        "alarm a { metric = \"AWS/EC2 CPUUtilization\" } -> sns t\n",
        &["E111"],
    ),
    (
        "an alarm window must parse",
        "alarm a { metric = \"AWS/EC2 CPUUtilization\", above = 1, for = \"often\" } -> sns t\n",
        &["E107"],
    ),
    (
        "wirec-read properties take no parameters",
        "param p = \"python3.12\"\nlambda f { runtime = p }\n",
        &["E107"],
    ),
    (
        "a second destination is an error",
        "firehose f -> s3 a\nfirehose f -> s3 b\n",
        &["E406"],
    ),
    (
        "a kinesis-fed stream takes no puts",
        "kinesis k -> firehose f\nsns t -> firehose f\nfirehose f -> s3 b\n",
        &["E407"],
    ),
    (
        "a trigger branch is a name",
        "codecommit r -> trigger on push release/* -> lambda f\n",
        &["E311"],
    ),
    (
        "all stands alone",
        "codecommit r -> trigger on all, push -> lambda f\n",
        &["E312"],
    ),
    (
        "a mapping is one per pair",
        "sqs q -> lambda f\nsqs q -> lambda f\n",
        &["E207"],
    ),
    (
        "an existing bucket keeps its notifications",
        "s3 b = existing \"arn:aws:s3:::b\"\nb -> notify -> sqs q\n",
        &["E208"],
    ),
    (
        "an existing table keeps its stream",
        "dynamodb t = existing \"arn:aws:dynamodb:us-east-1:123456789012:table/t\"\nt -> stream -> lambda f\n",
        &["E208"],
    ),
    (
        "a policy on an existing queue is replaced",
        "sqs q = existing \"arn:aws:sqs:us-east-1:123456789012:q\"\ns3 b -> notify -> q\n",
        &["W409"],
    ),
    (
        "one region per wiring",
        "region \"us-east-1\"\nregion \"eu-west-1\"\n",
        &["E104"],
    ),
    ("a region name has a shape", "region \"mars\"\n", &["E107"]),
    (
        "a function's layers are layer version ARNs, at most 5",
        "lambda f { layers = [\"arn:aws:lambda:us-east-1:123456789012:layer:deps\"] }\nlambda g { layers = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"] }\nlambda h { layers = [\"arn:aws:lambda:us-east-1:123456789012:layer:deps:3\"], log-retention = 10 }\n",
        // g: six items, each not an ARN either.
        &[
            "E107", "E107", "E107", "E107", "E107", "E107", "E107", "E107", "E107",
        ],
    ),
    (
        "an S3 code location names an object",
        "lambda f { code = \"s3://bucket-without-key\" }\n",
        &["E107"],
    ),
    (
        "a plus sign is no number for a template",
        "sqs q -> poll batch +5 -> lambda f\n",
        &["E107"],
    ),
    (
        "a step list is intervals and changes",
        "asg g { launch-template = \"t\", max = 4 }\nalarm a { metric = \"AWS/EC2 CPUUtilization\", above = 70 } -> action step [70..85 +1] -> asg g\n",
        &["E107"],
    ),
    (
        "scaling steps may not overlap",
        "asg g { launch-template = \"t\", max = 4 }\nalarm a { metric = \"AWS/EC2 CPUUtilization\", above = 70 } -> action step [70..90: +1, 85..: +2] -> asg g\n",
        &["E461"],
    ),
    (
        "a scaling step has a bound",
        "asg g { launch-template = \"t\", max = 4 }\nalarm a { metric = \"AWS/EC2 CPUUtilization\", above = 70 } -> action step [..: +1] -> asg g\n",
        &["E461"],
    ),
    (
        "a scaling step is not empty",
        "asg g { launch-template = \"t\", max = 4 }\nalarm a { metric = \"AWS/EC2 CPUUtilization\", above = 70 } -> action step [70..70: +1, 70..: +2] -> asg g\n",
        &["E461"],
    ),
    (
        "steps above a threshold reach up without end",
        "asg g { launch-template = \"t\", max = 4 }\nalarm a { metric = \"AWS/EC2 CPUUtilization\", above = 70 } -> action step [70..85: +1, 85..95: +2] -> asg g\n",
        &["E462"],
    ),
    (
        "steps below a threshold end at it",
        "asg g { launch-template = \"t\", max = 4 }\nalarm a { metric = \"AWS/EC2 CPUUtilization\", below = 30 } -> action step [..15: -2, 15..25: -1] -> asg g\n",
        &["E462"],
    ),
    (
        "steps below a threshold reach down without end",
        "asg g { launch-template = \"t\", max = 4 }\nalarm a { metric = \"AWS/EC2 CPUUtilization\", below = 30 } -> action step [10..20: -2, 20..30: -1] -> asg g\n",
        &["E462"],
    ),
    (
        "steps above a threshold do not lie below it",
        "asg g { launch-template = \"t\", max = 4 }\nalarm a { metric = \"AWS/EC2 CPUUtilization\", above = 70 } -> action step [60..85: +1, 85..: +2] -> asg g\n",
        &["E462"],
    ),
    (
        "an exact step capacity is not negative",
        "asg g { launch-template = \"t\", max = 4 }\nalarm a { metric = \"AWS/EC2 CPUUtilization\", below = 30 } -> action step [..30: -1] adjustment-type exact -> asg g\n",
        &["E463"],
    ),
    (
        "a step policy has no cooldown",
        "asg g { launch-template = \"t\", max = 4 }\nalarm a { metric = \"AWS/EC2 CPUUtilization\", above = 70 } -> action step [70..: +1] cooldown 60 -> asg g\n",
        &["E465"],
    ),
    (
        "a simple policy has no warmup",
        "asg g { launch-template = \"t\", max = 4 }\nalarm a { metric = \"AWS/EC2 CPUUtilization\", above = 70 } -> action adjust 1 warmup 60 -> asg g\n",
        &["E465"],
    ),
    (
        "steps mean nothing to a topic",
        "alarm a { metric = \"AWS/EC2 CPUUtilization\", above = 70 } -> action step [70..: +1] -> sns t\n",
        &["E388"],
    ),
    (
        "a rule target's dead-letter queue in another Region",
        "region \"us-east-1\"\nsqs far = existing \"arn:aws:sqs:eu-west-1:111122223333:far\"\nschedule nightly \"cron(0 3 * * ? *)\" -> target dead-letter far -> lambda report\n",
        &["E474", "W409"],
    ),
    (
        "a schedule's dead-letter queue and retries as properties beside a `->` target",
        "sqs dlq\nscheduler tick { at = \"rate(5 minutes)\", dead-letter = dlq, retries = 2 } -> sqs jobs\n",
        &["E106", "E106"],
    ),
    (
        "a universal target's dead-letter queue that is FIFO, or in another Region",
        "region \"us-east-1\"\nsqs fifo-dlq { fifo = true }\nsqs far = existing \"arn:aws:sqs:eu-west-1:111122223333:far\"\nscheduler a { at = \"rate(5 minutes)\", call = \"ec2:stopInstances\", on = [\"arn:aws:ec2:us-east-1:111122223333:instance/i-1\"], dead-letter = fifo-dlq }\nscheduler b { at = \"rate(5 minutes)\", call = \"ec2:stopInstances\", on = [\"arn:aws:ec2:us-east-1:111122223333:instance/i-1\"], dead-letter = far }\n",
        &["E447", "E474"],
    ),
    (
        "a schedule group named default, and a schedule's group that names a queue or nothing",
        "schedule-group default\nsqs q\nscheduler a { at = \"rate(1 hour)\", group = q } -> sqs jobs\nscheduler b { at = \"rate(1 hour)\", group = nothing } -> sqs jobs\n",
        &["E135", "E150", "E105"],
    ),
];

#[test]
fn wirings_that_used_to_compile_wrongly_are_reported() {
    let catalogue = support::catalogue();
    for (name, text, expected) in REGRESSIONS {
        let compilation = support::compile_text("a.wire", text, &catalogue);
        let codes: Vec<&str> = compilation
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code.as_str())
            .collect();
        assert_eq!(
            &codes,
            expected,
            "{name}:\n{}",
            support::rendered(&compilation)
        );
    }
}

#[test]
fn fixed_wirings_compile_cleanly() {
    let catalogue = support::catalogue();
    for text in [
        // A clause followed by a comma and a property in one block.
        "sns t { subscribe email \"a@b.c\", display-name = \"x\" }\n",
        // A named rule referenced by bare name before its declaration.
        "spot -> lambda g\nevents spot on aws.ec2 \"EC2 Spot Instance Interruption Warning\"\n",
        // Edges out of an existing topic.
        "sns legacy = existing \"arn:aws:sns:us-east-1:123456789012:legacy\"\nlegacy -> sqs fresh\n",
        // A schedule's dead-letter queue in another account of its Region, and
        // an existing queue as its target: both sent to as its role, so no
        // policy is replaced (W409) and no Region is refused (E474).
        "region \"us-east-1\"\nsqs dlq = existing \"arn:aws:sqs:us-east-1:444455556666:dlq\"\nsqs jobs = existing \"arn:aws:sqs:us-east-1:444455556666:jobs\"\nscheduler tick { at = \"rate(5 minutes)\" } -> target dead-letter dlq -> jobs\n",
        // Without a `region`, an existing queue's Region cannot be compared.
        "sqs dlq = existing \"arn:aws:sqs:eu-west-1:444455556666:dlq\"\nscheduler tick { at = \"rate(5 minutes)\" } -> target dead-letter dlq -> lambda report\n",
        // A declared schedule group by its bare name, an existing one by its quoted name.
        "schedule-group nightly\nscheduler a { at = \"rate(1 hour)\", group = nightly } -> sqs jobs\nscheduler b { at = \"rate(1 hour)\", group = \"ops\" } -> sqs jobs\n",
        // A universal target's dead-letter queue and retries, as properties.
        "sqs dlq\nscheduler tick { at = \"rate(5 minutes)\", call = \"ec2:stopInstances\", on = [\"arn:aws:ec2:us-east-1:111122223333:instance/i-1\"], dead-letter = dlq, retries = 2, max-age = 3600 }\n",
    ] {
        let compilation = support::compile_text("a.wire", text, &catalogue);
        assert!(
            compilation.diagnostics.is_empty(),
            "{text}\n{}",
            support::rendered(&compilation)
        );
    }
}

#[test]
fn a_build_of_wiring_the_backend_cannot_render_stops_with_e801() {
    // A rule pack adds a service the backend knows nothing about.
    let mut files = wirec::catalogue::embedded_files();
    files.push((
        "services/widget.yaml".to_string(),
        "service: widget\ntitle: Example widget\nlogical_suffix: Widget\nchannels:\n  ping:\n    title: ping\n    implicit: true\n    mechanism: service-notification\n    reaches: [sns]\n".to_string(),
    ));
    let mut sources = wirec::source::SourceSet::new();
    let (catalogue, problems) = wirec::catalogue::Catalogue::load(&files, &mut sources);
    assert!(problems.is_empty(), "{problems:?}");
    let compilation = support::compile_text("a.wire", "widget w -> sns alerts\n", &catalogue);
    assert!(
        compilation.diagnostics.is_empty(),
        "{}",
        support::rendered(&compilation)
    );
    let unsupported = compilation.backend_diagnostics(&catalogue);
    let codes: Vec<&str> = unsupported
        .iter()
        .map(|diagnostic| diagnostic.code.as_str())
        .collect();
    assert_eq!(codes, ["E801", "E801"]);
    assert!(compilation.plan(&catalogue).is_none());
    let rendered = wirec::diagnostics::render(
        &unsupported,
        &compilation.sources,
        wirec::diagnostics::RenderOptions::default(),
    );
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!("backend_unsupported", rendered);
    });
}

#[test]
fn did_you_mean_comes_with_a_machine_applicable_replacement() {
    let catalogue = support::catalogue();
    for (text, fixed) in [
        ("lamda worker\n", "lambda worker\n"),
        (
            "s3 uploads -> notfy -> sqs jobs\n",
            "s3 uploads -> notify -> sqs jobs\n",
        ),
        (
            "s3 uploads -> notify on object-craeted -> sqs jobs\n",
            "s3 uploads -> notify on object-created -> sqs jobs\n",
        ),
        (
            "s3 uploads -> notify sufix \".csv\" -> sqs jobs\n",
            "s3 uploads -> notify suffix \".csv\" -> sqs jobs\n",
        ),
        (
            "sns alerts\ncodedeploy web -> trigger -> alrets\n",
            "sns alerts\ncodedeploy web -> trigger -> alerts\n",
        ),
        (
            "alarm errors { metric = \"AWS/Lambda Erors\", above = 0 } -> sns ops\n",
            "alarm errors { metric = \"AWS/Lambda Errors\", above = 0 } -> sns ops\n",
        ),
        (
            "alarm age { metric = \"AWS/SQS approximateAgeOfOldestMessage\", above = 600, dimensions = { QueueName = \"jobs\" } } -> sns ops\n",
            "alarm age { metric = \"AWS/SQS ApproximateAgeOfOldestMessage\", above = 600, dimensions = { QueueName = \"jobs\" } } -> sns ops\n",
        ),
        (
            "alarm age { metric = \"AWS/Lambda ApproximateAgeOfOldestMessage\", above = 600, dimensions = { QueueName = \"jobs\" } } -> sns ops\n",
            "alarm age { metric = \"AWS/SQS ApproximateAgeOfOldestMessage\", above = 600, dimensions = { QueueName = \"jobs\" } } -> sns ops\n",
        ),
        (
            "alarm throttles { metric = \"AWS/DynamoDb ThrottledRequests\", above = 0 } -> sns ops\n",
            "alarm throttles { metric = \"AWS/DynamoDB ThrottledRequests\", above = 0 } -> sns ops\n",
        ),
    ] {
        let compilation = support::compile_text("a.wire", text, &catalogue);
        let suggestion = compilation
            .diagnostics
            .iter()
            .find_map(|diagnostic| diagnostic.suggestions.first())
            .unwrap_or_else(|| panic!("no suggestion for {text:?}"));
        let mut applied = text.to_string();
        for edit in suggestion.edits.iter().rev() {
            applied.replace_range(
                edit.span.start as usize..edit.span.end as usize,
                &edit.replacement,
            );
        }
        assert_eq!(applied, fixed);
        assert!(
            support::compile_text("b.wire", &applied, &catalogue)
                .diagnostics
                .is_empty(),
            "{applied}"
        );
    }
}

#[test]
fn templates_over_cloudformation_quotas_are_refused_and_big_ones_need_s3() {
    use std::fmt::Write as _;
    use wirec::emit::cloudformation::{self, Format};
    let catalogue = support::catalogue();
    let codes = |pairs: usize| -> Vec<String> {
        let mut text = String::new();
        for index in 0..pairs {
            let _ = writeln!(text, "sqs jobs-{index} -> lambda worker-{index}");
        }
        let compilation = support::compile_text("big.wire", &text, &catalogue);
        assert!(
            compilation.diagnostics.is_empty(),
            "{}",
            support::rendered(&compilation)
        );
        let plan = compilation.plan(&catalogue).unwrap();
        let bytes = cloudformation::render_text(&plan, &compilation.sources, Format::Json).len();
        cloudformation::quota_diagnostics(&plan, bytes, &catalogue)
            .into_iter()
            .map(|diagnostic| diagnostic.message)
            .collect()
    };
    // Two pairs fit inline.
    assert!(codes(2).is_empty());
    // Thirty pairs: 150 resources and 120 outputs (each ARN, a function's name, a queue's URL) fit, but not in 51,200 bytes inline.
    let medium = codes(30);
    assert_eq!(medium.len(), 1, "{medium:?}");
    assert!(medium[0].contains("must be uploaded to S3"), "{medium:?}");
    // Two hundred pairs: 1,000 resources and 800 outputs.
    let big = codes(200);
    assert!(
        big.iter().any(|message| message.contains("1000 resources")),
        "{big:?}"
    );
    assert!(
        big.iter().any(|message| message.contains("800 outputs")),
        "{big:?}"
    );
}

/// Alarm metrics are checked against what AWS documents for the namespaces the
/// catalogue lists (W328), agent-only EC2 metrics are W317, and namespaces it
/// does not list are left alone.
#[test]
fn alarm_metrics_are_checked_against_their_namespace() {
    let catalogue = support::catalogue();
    // Dimensions that every per-resource namespace here accepts (W329 is below).
    let codes = |metric: &str| -> Vec<String> {
        let text = format!(
            "alarm a {{ metric = \"{metric}\", above = 1, dimensions = {{ QueueName = \"q\", StreamName = \"s\", AutoScalingGroupName = \"g\", LoadBalancer = \"app/web/1\" }} }} -> sns ops\n"
        );
        support::compile_text("metric.wire", &text, &catalogue)
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code.clone())
            .collect()
    };
    // The facts' own names (rules.md #33, #48) and common ones are published.
    for metric in [
        "AWS/DynamoDB SystemErrors",
        "AWS/DynamoDB ThrottledRequests",
        "AWS/DynamoDB ConsumedReadCapacityUnits",
        "AWS/DynamoDB ConsumedWriteCapacityUnits",
        "AWS/DynamoDB TimeToLiveDeletedItemCount",
        "AWS/AutoScaling GroupInServiceInstances",
        "AWS/ApplicationELB HTTPCode_Target_5XX_Count",
        "AWS/ApplicationELB TargetResponseTime",
        "AWS/RDS FreeStorageSpace",
        "AWS/RDS CPUUtilization",
        "AWS/EC2 CPUUtilization",
        "AWS/EC2 StatusCheckFailed_System",
        "AWS/Lambda Errors",
        "AWS/SQS ApproximateNumberOfMessagesVisible",
        "AWS/SNS NumberOfNotificationsFailed",
        "AWS/States ExecutionsFailed",
        "AWS/Kinesis GetRecords.IteratorAgeMilliseconds",
        "AWS/Firehose DeliveryToS3.Success",
        "AWS/ApiGateway 5XXError",
    ] {
        assert_eq!(codes(metric), Vec::<String>::new(), "{metric}");
    }
    for (metric, code) in [
        ("AWS/DynamoDB ConsumedReadCapacity", "W328"),
        ("AWS/Lambda FunctionErrors", "W328"),
        ("AWS/Dynamodb SystemErrors", "W328"),
        ("AWS/DynamoBD SystemErrors", "W328"),
        ("aws/sqs NumberOfMessagesSent", "W328"),
        ("AWS/EC2 MemoryUtilization", "W317"),
        ("AWS/EC2 mem_used_percent", "W317"),
    ] {
        assert_eq!(codes(metric), [code], "{metric}");
    }
    // Not listed: custom namespaces, the agent's, other AWS services'.
    for metric in [
        "Shop OrdersFailed",
        "CWAgent mem_used_percent",
        "AWS/ECS CPUUtilization",
        "AWS/EBS VolumeReadOps",
        "AWS/SES Send",
    ] {
        assert_eq!(codes(metric), Vec::<String>::new(), "{metric}");
    }
    // Published only per queue, stream, group or load balancer: W329 without it.
    let bare = |metric: &str, dimensions: &str| -> Vec<String> {
        let text =
            format!("alarm a {{ metric = \"{metric}\", above = 1{dimensions} }} -> sns ops\n");
        support::compile_text("metric.wire", &text, &catalogue)
            .diagnostics
            .iter()
            .map(|diagnostic| format!("{} {}", diagnostic.code, diagnostic.message))
            .collect()
    };
    assert_eq!(
        bare("AWS/SQS ApproximateAgeOfOldestMessage", ""),
        ["W329 alarm `a` watches `AWS/SQS ApproximateAgeOfOldestMessage` without `QueueName`"]
    );
    assert_eq!(
        bare(
            "AWS/ApplicationELB RequestCountPerTarget",
            ", dimensions = { AvailabilityZone = \"us-east-1a\" }"
        ),
        [
            "W329 alarm `a` watches `AWS/ApplicationELB RequestCountPerTarget` without `LoadBalancer` or `TargetGroup`"
        ]
    );
    assert!(
        bare(
            "AWS/ApplicationELB RequestCountPerTarget",
            ", dimensions = { TargetGroup = \"targetgroup/web/1\" }"
        )
        .is_empty()
    );
    // Lambda and EC2 also publish account-wide aggregates.
    assert!(bare("AWS/Lambda Throttles", "").is_empty());
    assert!(bare("AWS/EC2 CPUUtilization", "").is_empty());
    // The reason names the namespace and how many metrics it has.
    let text = "alarm a { metric = \"AWS/SQS NumberOfMessages\", above = 1 } -> sns ops\n";
    let rendered = support::rendered(&support::compile_text("metric.wire", text, &catalogue));
    assert!(
        rendered.contains("metrics AWS documents for `AWS/SQS`"),
        "{rendered}"
    );
}

/// A credential property (a Redshift password, a Splunk token) is W114 when
/// its value would be readable: written as text, a parameter that is not
/// `secret`, or a secret parameter's default; a secret parameter without a
/// default, or a Secrets Manager secret instead, is clean.
#[test]
fn credentials_must_not_be_readable_in_the_template() {
    let catalogue = support::catalogue();
    let splunk = |params: &str, token: &str| {
        let text = format!(
            "{params}firehose to-siem -> splunk siem {{ endpoint = \"https://hec.example.com:443\", {token} }}\n"
        );
        let compilation = support::compile_text("credential.wire", &text, &catalogue);
        let labels: Vec<String> = compilation
            .diagnostics
            .iter()
            .map(|diagnostic| format!("{} {}", diagnostic.code, diagnostic.primary.text))
            .collect();
        labels
    };
    assert_eq!(
        splunk("", "token = \"3f1a2b3c\""),
        ["W114 written into the template as it is"]
    );
    assert_eq!(
        splunk("param hec\n", "token = hec"),
        ["W114 the parameter `hec` is not `secret`: the console and the API show its value"]
    );
    assert_eq!(
        splunk("param hec = \"3f1a2b3c\" secret\n", "token = hec"),
        ["W114 the default of the parameter `hec` is written into the template"]
    );
    assert!(splunk("param hec secret\n", "token = hec").is_empty());
    assert!(
        splunk(
            "",
            "secret = \"arn:aws:secretsmanager:us-east-1:123456789012:secret:hec-AbCdEf\""
        )
        .is_empty()
    );
    let text = "firehose loads -> redshift dw { jdbc-url = \"jdbc:redshift://dw.abc.us-east-1.redshift.amazonaws.com:5439/db\", table = \"events\", username = \"loader\", password = \"hunter2\" }\n";
    let compilation = support::compile_text("redshift.wire", text, &catalogue);
    let codes: Vec<&str> = compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.as_str())
        .collect();
    assert_eq!(codes, ["W114"]);
}

/// An AWS-owned runbook in the catalogue is held to its documented parameters
/// (E369), like one created here; a runbook the catalogue does not know is
/// not, but a remediation that names no `allows` for it is W370.
#[test]
fn aws_owned_runbooks_are_checked_against_their_documented_parameters() {
    let catalogue = support::catalogue();
    let codes = |text: &str| -> Vec<String> {
        support::compile_text("runbook.wire", text, &catalogue)
            .diagnostics
            .iter()
            .map(|diagnostic| format!("{} {}", diagnostic.code, diagnostic.message))
            .collect()
    };
    let owned = "arn:aws:ssm:us-east-1::document/AWSConfigRemediation-EnablePITRForDynamoDbTable";
    let right = format!(
        "config pitr {{ rule = \"DYNAMODB_PITR_ENABLED\" }} -> remediate parameter \"TableName\" -> ssm enable-pitr = existing \"{owned}\"\n"
    );
    assert_eq!(codes(&right), Vec::<String>::new());
    let wrong = right.replace("\"TableName\"", "\"Table\"");
    assert_eq!(
        codes(&wrong),
        [
            "E369 runbook `enable-pitr` declares no parameter `Table`, which AWS Config passes",
            "E369 runbook `enable-pitr` requires `TableName` (it has no default), which AWS Config does not pass",
        ]
    );
    let rendered = support::rendered(&support::compile_text("runbook.wire", &wrong, &catalogue));
    assert!(
        rendered.contains("its parameters as AWS documents them"),
        "{rendered}"
    );
    // Parameters besides the resource's ID come from the rule's `remediation-parameters`.
    let logging = "config logging { rule = \"S3_BUCKET_LOGGING_ENABLED\" } -> remediate parameter \"BucketName\" allows \"s3:PutBucketLogging\" -> ssm log-it = existing \"arn:aws:ssm:us-east-1::document/AWS-ConfigureS3BucketLogging\"\n";
    let missing: Vec<String> = codes(logging)
        .into_iter()
        .filter(|message| message.starts_with("E369"))
        .collect();
    assert_eq!(missing.len(), 3, "{missing:?}");
    let given = logging.replace(
        "rule = \"S3_BUCKET_LOGGING_ENABLED\" }",
        "rule = \"S3_BUCKET_LOGGING_ENABLED\", remediation-parameters = { TargetBucket = \"access-logs\", GrantedPermission = \"FULL_CONTROL\", GranteeType = \"Group\" } }",
    );
    assert_eq!(codes(&given), Vec::<String>::new());
    let misspelt = given.replace("GranteeType", "GrantType");
    assert_eq!(
        codes(&misspelt),
        [
            "E369 runbook `log-it` declares no parameter `GrantType`, which AWS Config passes",
            "E369 runbook `log-it` requires `GranteeType` (it has no default), which AWS Config does not pass",
        ]
    );
    let unused = "config logging { rule = \"S3_BUCKET_LOGGING_ENABLED\", remediation-parameters = { TargetBucket = \"access-logs\" } }\n";
    assert_eq!(
        codes(unused),
        [
            "W211 the `remediation-parameters` of the Config rule `logging` is declared but never used"
        ]
    );
    // Not in the catalogue: parameters unchecked, and no permissions without `allows`.
    let unknown = wrong.replace(
        "AWSConfigRemediation-EnablePITRForDynamoDbTable",
        "MyOwnRunbook",
    );
    assert_eq!(
        codes(&unknown),
        ["W370 the remediation of `pitr` runs `enable-pitr` as a role with no permissions"]
    );
}

/// `resources` narrows the actions `allows` names; with an AWS-owned runbook's
/// documented permissions (some account-level, taking no resource) it is E107.
#[test]
fn resources_without_allows_is_refused_for_documented_permissions() {
    let catalogue = support::catalogue();
    let text = "config public-buckets { rule = \"S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED\" } -> remediate parameter \"BucketName\" resources \"arn:aws:s3:::*\" -> ssm block = existing \"arn:aws:ssm:us-east-1::document/AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock\"\n";
    let compilation = support::compile_text("resources.wire", text, &catalogue);
    let codes: Vec<&str> = compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.as_str())
        .collect();
    assert_eq!(codes, ["E107"], "{}", support::rendered(&compilation));
    let with_allows = text.replace(
        "resources \"",
        "allows \"s3:PutBucketPublicAccessBlock\" resources \"",
    );
    assert!(
        support::compile_text("resources.wire", &with_allows, &catalogue)
            .diagnostics
            .is_empty()
    );
}

/// Physical names: each rule refuses what it should (E135 to E137, and
/// E106 with its reason for a service that takes no name), and accepts the
/// mended wiring.
#[test]
fn physical_names_are_held_to_their_services_rules() {
    let catalogue = support::catalogue();
    let refused: &[(&str, &str, &str)] = &[
        (
            "s3 b { name = \"xn--acme\" }\n",
            "E135",
            "begins with `xn--`",
        ),
        (
            "s3 b { name = \"acme-s3alias\" }\n",
            "E135",
            "ends with `-s3alias`",
        ),
        ("s3 b { name = \"acme..b\" }\n", "E135", "contains `..`"),
        ("s3 b { name = \"10.0.0.1\" }\n", "E135", "IP address"),
        ("s3 b { name = \"ab\" }\n", "E135", "3 to 63"),
        (
            "sqs q { name = \"jobs\", fifo = true }\n",
            "E135",
            "does not end with `.fifo`",
        ),
        (
            "sqs q { name = \"jobs.fifo\" }\n",
            "E135",
            "ends with `.fifo`",
        ),
        (
            "sns t { name = \"alerts.fifo\" }\n",
            "E135",
            "ends with `.fifo`",
        ),
        ("lambda f { name = \"acme.api\" }\n", "E135", "contains '.'"),
        ("dynamodb t { name = \"ab\" }\n", "E135", "3 to 255"),
        (
            "stepfunctions s { name = \"a:b\" }\n",
            "E135",
            "contains ':'",
        ),
        (
            "parameter p { name = \"app/config\", value = \"x\" }\n",
            "E135",
            "begin with one",
        ),
        (
            "parameter p { name = \"/aws/x\", value = \"x\" }\n",
            "E135",
            "begins with `/aws`",
        ),
        (
            "loggroup g { name = \"aws/x\" }\n",
            "E135",
            "begins with `aws/`",
        ),
        ("kinesis k { name = \"a b\" }\n", "E135", "contains ' '"),
        (
            "s3 a { name = \"acme\" }\ns3 b { name = \"acme\" }\n",
            "E136",
            "like `a`",
        ),
        // A given name equal to another declaration's derived one.
        (
            "loggroup audit\nloggroup other { name = \"audit\" }\n",
            "E136",
            "like `audit`",
        ),
        // `events` and `schedule` are both rules on the default bus.
        (
            "events r on aws.ec2 \"EC2 Spot Instance Interruption Warning\" { name = \"nightly\" } -> lambda f\nschedule s \"rate(1 day)\" { name = \"nightly\" } -> lambda f\n",
            "E136",
            "like `r`",
        ),
        (
            "s3 b { cloudformation = { BucketName = \"acme\" } } -> notify -> sqs q\n",
            "E137",
            "BucketName",
        ),
        (
            "sqs q { terraform = { name = \"acme\" } }\n",
            "E137",
            "`name` in the `terraform` block",
        ),
        (
            "lambda f { terraform = { function_name = \"acme\" } }\n",
            "E137",
            "function_name",
        ),
        ("guardduty d { name = \"x\" }\n", "E106", "cannot be named"),
        // A hosted zone's name is its domain, the declaration's name.
        (
            "route53 example.com { name = \"x\" }\n",
            "E106",
            "takes no other physical name",
        ),
        (
            "alarm a { name = \"\", metric = \"Errors\", below = 1 }\n",
            "E135",
            "1 to 255",
        ),
        (
            "codebuild b { name = \"-build\" }\n",
            "E135",
            "must begin with",
        ),
        ("codebuild b { name = \"b\" }\n", "E135", "2 to 150"),
        (
            "asg g { name = \"fleet:1\", launch-template = \"lt-0123456789abcdef0\" }\n",
            "E135",
            "contains ':'",
        ),
        (
            "alb lb { name = \"internal-web\", subnets = [\"subnet-1\", \"subnet-2\"] }\n",
            "E135",
            "begins with `internal-`",
        ),
        (
            "alb lb { name = \"web-\", subnets = [\"subnet-1\", \"subnet-2\"] }\n",
            "E135",
            "must begin and end",
        ),
        (
            "alb lb { name = \"acme-front-door-load-balancer-one\", subnets = [\"subnet-1\", \"subnet-2\"] }\n",
            "E135",
            "1 to 32",
        ),
        (
            "codepipeline p { name = \"acme ship\", source = codecommit, location = \"app\" } -> invoke -> lambda f\n",
            "E135",
            "contains ' '",
        ),
        ("codedeploy d { name = \"\" }\n", "E135", "1 to 100"),
        (
            "config r { name = \"\", rule = \"S3_BUCKET_PUBLIC_READ_PROHIBITED\" }\n",
            "E135",
            "1 to 128",
        ),
        (
            "cloudtrail t { name = \"acme--trail\" } -> logs -> s3 b\n",
            "E135",
            "contains `--`",
        ),
        (
            "cloudtrail t { name = \"10.0.0.1\" } -> logs -> s3 b\n",
            "E135",
            "IP address",
        ),
        (
            "cloudtrail t { name = \"ab\" } -> logs -> s3 b\n",
            "E135",
            "3 to 128",
        ),
        (
            "flink a { name = \"acme clicks\", code = \"s3://acme/app.jar\" }\n",
            "E135",
            "contains ' '",
        ),
        (
            "ssm r { name = \"AWSSupport-Fix\", content = \"{}\" }\n",
            "E135",
            "begins with `aws`",
        ),
        (
            "ssm r { name = \"ab\", content = \"{}\" }\n",
            "E135",
            "3 to 128",
        ),
        (
            "chatbot c { name = \"ops.chat\", workspace = \"T0123456789\", channel = \"C0123456789\" }\n",
            "E135",
            "contains '.'",
        ),
        (
            "servicecatalog p { name = \"_web\", product = \"web\" }\n",
            "E135",
            "must begin with",
        ),
        (
            "dax c { name = \"1cache\" }\n",
            "E135",
            "must begin with one of `a-z`",
        ),
        (
            "dax c { name = \"acme--cache\" }\n",
            "E135",
            "contains `--`",
        ),
        ("dax c { name = \"Cache\" }\n", "E135", "upper-case"),
        (
            "codebuild a { name = \"acme-build\" }\ncodebuild b { name = \"acme-build\" }\n",
            "E136",
            "like `a`",
        ),
        // A given name equal to another project's derived one.
        (
            "codebuild build\ncodebuild other { name = \"build\" }\n",
            "E136",
            "like `build`",
        ),
        (
            "alb lb { subnets = [\"subnet-1\", \"subnet-2\"], cloudformation = { Name = \"acme\" } }\n",
            "E137",
            "`Name` in the `cloudformation` block",
        ),
        (
            "alarm a { metric = \"Errors\", below = 1, terraform = { alarm_name = \"acme\" } }\n",
            "E137",
            "alarm_name",
        ),
        (
            "apigateway api -> access-logs -> firehose logs { name = \"logs\" } -> s3 b\n",
            "E323",
            "`logs`",
        ),
    ];
    for (text, code, words) in refused {
        let compilation = support::compile_text("a.wire", text, &catalogue);
        let rendered = support::rendered(&compilation);
        assert!(
            compilation
                .diagnostics
                .iter()
                .any(|diagnostic| diagnostic.code == *code),
            "{text}: no {code}\n{rendered}"
        );
        assert!(
            rendered.contains(words),
            "{text}: no {words:?} in\n{rendered}"
        );
    }
    for text in [
        "s3 b { name = \"acme-uploads.2024\" } -> notify -> sqs q { name = \"acme-jobs\" }\n",
        "sqs q { name = \"jobs.fifo\", fifo = true }\nsns t { name = \"jobs\" }\n",
        "parameter p { name = \"/app/config\", value = \"x\" }\n",
        "loggroup g { name = \"/aws/lambda/acme#1\" }\n",
        "dynamodb t { name = \"acme.orders_v2\" }\n",
        "s3 a { name = \"acme-a\" }\ns3 b { name = \"acme-b\" }\n",
        "alarm a { name = \"Acme: API errors > 1 (p\u{e9}ages)\", metric = \"AWS/Lambda Errors\", above = 1 }\n",
        "codebuild b { name = \"Acme_build-2\" }\n",
        "asg g { name = \"acme/web-fleet@1\", launch-template = \"lt-0123456789abcdef0\" }\n",
        "alb lb { name = \"acme-front-2\", subnets = [\"subnet-1\", \"subnet-2\"] }\n",
        "codepipeline p { name = \"acme.ship@v2\", source = codecommit, location = \"app\" } -> invoke -> lambda f\n",
        "codedeploy d { name = \"Acme web (blue)\" }\n",
        "config r { name = \"acme s3 public read\", rule = \"S3_BUCKET_PUBLIC_READ_PROHIBITED\" }\nconfig recorder { name = \"acme-recorder\" } -> deliver -> s3 b\n",
        "cloudtrail t { name = \"Acme.org_trail-1\" } -> logs -> s3 b\n",
        "flink a { name = \"acme.clicks_v2\", code = \"s3://acme/app.jar\" }\n",
        "ssm r { name = \"Acme-FixBucket\", content = \"{}\" }\n",
        "chatbot c { name = \"acme_ops-chat\", workspace = \"T0123456789\", channel = \"C0123456789\" }\n",
        "servicecatalog p { name = \"acme.web-1\", product = \"web\" }\n",
        "dax c { name = \"acme-cache-1\" }\n",
    ] {
        let compilation = support::compile_text("a.wire", text, &catalogue);
        assert!(
            compilation.diagnostics.is_empty(),
            "{text}\n{}",
            support::rendered(&compilation)
        );
    }
}

#[test]
fn a_raw_key_an_edge_fills_is_e468_in_either_backend_and_other_raw_keys_are_kept() {
    let catalogue = support::catalogue();
    let codes = |text: &str| support::codes(text, &catalogue);
    assert_eq!(
        codes(
            "firehose f { terraform = { extended_s3_configuration = { bucket_arn = \"x\" } } } -> s3 b\n"
        ),
        ["E468"]
    );
    assert_eq!(
        codes(
            "codecommit r { cloudformation = { Triggers = [] } } -> trigger on push main -> sns t\n"
        ),
        ["E468"]
    );
    // Without the edge, the raw key is the resource's own business.
    assert!(codes("codecommit r { cloudformation = { Triggers = [] } }\n").is_empty());
    assert!(
        codes("sqs q { cloudformation = { ReceiveMessageWaitTimeSeconds = 20 } } -> lambda f\n")
            .is_empty()
    );
}

/// W417: an alarm whose dimensions name a declaration is held to the metrics
/// that declaration's service publishes (an HTTP API's `5xx`, a REST API
/// stage's `5XXError`, both in `AWS/ApiGateway`), with its name as the fix;
/// W418: a route that waits less than its function may run.
#[test]
fn alarms_are_held_to_their_watched_apis_metrics_and_routes_to_their_functions_timeouts() {
    let catalogue = support::catalogue();
    let compile = |text: &str| support::compile_text("watched.wire", text, &catalogue);
    let codes = |text: &str| support::codes(text, &catalogue);
    let http = |metric: &str| {
        format!(
            "http-api shop -> route \"POST /orders\" -> lambda api\nsns ops\nalarm errors {{ metric = \"AWS/ApiGateway {metric}\", dimensions = {{ ApiId = shop.id }}, above = 1 }} -> sns ops\n"
        )
    };
    let rest = |metric: &str| {
        format!(
            "apigateway prod {{ api = \"a1b2c3d4e5\", deployment = \"d1e2f3\" }}\nprod -> access-logs -> loggroup api-access\nsns ops\nalarm errors {{ metric = \"AWS/ApiGateway {metric}\", dimensions = {{ ApiName = \"shop\", Stage = prod.name }}, above = 1 }} -> sns ops\n"
        )
    };
    for published in ["5xx", "4xx", "Count", "DataProcessed"] {
        assert_eq!(codes(&http(published)), Vec::<String>::new(), "{published}");
    }
    for published in ["5XXError", "CacheHitCount", "Latency"] {
        assert_eq!(codes(&rest(published)), Vec::<String>::new(), "{published}");
    }
    for (text, fixed) in [
        (http("5XXError"), "\"AWS/ApiGateway 5xx\""),
        (http("4XXError"), "\"AWS/ApiGateway 4xx\""),
        (rest("5xx"), "\"AWS/ApiGateway 5XXError\""),
    ] {
        let compilation = compile(&text);
        let codes: Vec<&str> = compilation
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code.as_str())
            .collect();
        assert_eq!(codes, ["W417"], "{text}");
        let diagnostic = &compilation.diagnostics[0];
        let suggestion = diagnostic.suggestions.first().expect("a fix");
        assert_eq!(suggestion.edits[0].replacement, fixed, "{text}");
        // At the metric.
        let at = text.find("\"AWS/ApiGateway").expect("the metric");
        assert_eq!(diagnostic.primary.span.start as usize, at, "{text}");
    }
    // A WebSocket API's metric is no HTTP API's either.
    assert_eq!(codes(&http("ConnectCount")), ["W417"]);
    // Dimensions given as text name no declaration: only the namespace is checked.
    assert_eq!(
        codes(
            "sns ops\nalarm errors { metric = \"AWS/ApiGateway 5XXError\", dimensions = { ApiId = \"abc123\" }, above = 1 } -> sns ops\n"
        ),
        Vec::<String>::new()
    );
    // The stage's name renders in both backends.
    let compilation = compile(&rest("5XXError"));
    let template: serde_json::Value = serde_json::from_str(&support::template(
        &compilation,
        &catalogue,
        wirec::emit::cloudformation::Format::Json,
    ))
    .expect("json");
    assert_eq!(
        template["Resources"]["ErrorsAlarm"]["Properties"]["Dimensions"][1],
        serde_json::json!({ "Name": "Stage", "Value": { "Ref": "ProdStage" } })
    );
    let terraform = compilation.terraform_text(&catalogue).expect("terraform");
    assert!(
        terraform.contains("\"Stage\": \"${aws_api_gateway_stage.prod_stage.stage_name}\""),
        "{terraform}"
    );

    let route = |function: &str, option: &str| {
        format!("{function}\nhttp-api shop -> route \"POST /orders\"{option} -> lambda api\n")
    };
    assert_eq!(codes(&route("lambda api { timeout = 60 }", "")), ["W418"]);
    assert_eq!(
        codes(&route("lambda api { timeout = 20 }", " timeout 10000")),
        ["W418"]
    );
    // Up to the route's wait, and the default 3 seconds, are fine.
    assert_eq!(
        codes(&route("lambda api { timeout = 30 }", "")),
        Vec::<String>::new()
    );
    assert_eq!(
        codes(&route("lambda api { timeout = 10 }", " timeout 10000")),
        Vec::<String>::new()
    );
    assert_eq!(
        codes(&route("lambda api", " timeout 3000")),
        Vec::<String>::new()
    );
    assert_eq!(codes(&route("lambda api", " timeout 2000")), ["W418"]);
    // An existing function's timeout is unknown.
    assert_eq!(
        codes(&route(
            "lambda api = existing \"arn:aws:lambda:us-east-1:123456789012:function:api\"",
            " timeout 2000"
        )),
        Vec::<String>::new()
    );
    let compilation = compile(&route("lambda api { timeout = 60 }", ""));
    assert!(
        compilation.diagnostics[0]
            .message
            .contains("waits 30000 ms for `api`, which may run for 60000 ms"),
        "{}",
        compilation.diagnostics[0].message
    );
}

#[test]
fn a_rules_bus_of_another_service_is_e150_whose_help_declares_a_bus() {
    let catalogue = support::catalogue();
    let text = "sqs orders\nevents big-orders { bus = orders, pattern = \"{\\\"source\\\": [\\\"shop\\\"]}\" } -> lambda fulfil\n";
    let compilation = support::compile_text("a.wire", text, &catalogue);
    let e150 = compilation
        .diagnostics
        .iter()
        .find(|diagnostic| diagnostic.code == "E150")
        .unwrap_or_else(|| panic!("no E150:\n{}", support::rendered(&compilation)));
    let help = e150.help.as_deref().unwrap_or_default();
    assert!(help.contains("`eventbus orders-bus`"), "{help}");
    assert!(!help.contains("sqs"), "{help}");
}

#[test]
fn a_bus_in_an_account_named_by_its_arn_is_w492_only_when_something_sends_to_it() {
    let catalogue = support::catalogue();
    let codes = |text: &str| support::codes(text, &catalogue);
    let audit =
        "eventbus audit = existing \"arn:aws:events:us-east-1:444455556666:event-bus/audit\"\n";
    assert_eq!(
        codes(&format!("eventbus orders -> forward -> audit\n{audit}")),
        ["W492"]
    );
    assert_eq!(
        codes(&format!(
            "schedule hourly \"rate(1 hour)\" -> audit\n{audit}"
        )),
        ["W492"]
    );
    // A bus this stack creates, or one that nothing sends to, needs no statement.
    assert!(codes("eventbus orders -> forward -> eventbus audit\n").is_empty());
    assert!(!codes(audit).contains(&"W492".to_string()));
    // An archive keeps events at least 0 days (0: forever); its pattern is JSON.
    assert_eq!(codes("eventbus orders { archive = -1 }\n"), ["E107"]);
    assert_eq!(
        codes("eventbus orders { archive = 7, archive-pattern = \"{source\" }\n"),
        ["E124"]
    );
    assert_eq!(
        codes("eventbus orders -> forward pattern \"[1\" -> eventbus audit\n"),
        ["E124"]
    );
}

#[test]
fn a_rule_on_s3_data_events_needs_a_trail_that_records_their_kind_w478() {
    let catalogue = support::catalogue();
    let rule = "events uploaded on cloudtrail s3 PutObject CopyObject -> sns alerts\n";
    for (trail, expected) in [
        // Management events only: object-level calls never reach EventBridge.
        ("cloudtrail audit -> logs -> s3 audit-logs\n", &["W478"][..]),
        // Reads only: the rule's calls are writes.
        (
            "cloudtrail audit { s3-data-events = read } -> logs -> s3 audit-logs\n",
            &["W478"],
        ),
        (
            "cloudtrail audit { s3-data-events = write } -> logs -> s3 audit-logs\n",
            &[],
        ),
        (
            "cloudtrail audit { s3-data-events = all } -> logs -> s3 audit-logs\n",
            &[],
        ),
        // One bucket, every kind of call: the rule fires for that bucket.
        (
            "s3 uploads\ncloudtrail audit { s3-data-bucket = uploads } -> logs -> s3 audit-logs\n",
            &[],
        ),
        // An existing trail's selectors are unknown: it may record them.
        (
            "cloudtrail org = existing \"arn:aws:cloudtrail:us-east-1:111122223333:trail/org\"\n",
            &[],
        ),
        // No trail at all is W469, not both.
        ("", &["W469"]),
    ] {
        let text = format!("{trail}{rule}");
        let compilation = support::compile_text("a.wire", &text, &catalogue);
        let codes: Vec<&str> = compilation
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code.as_str())
            // An unused existing trail is W211 besides.
            .filter(|code| ["W469", "W478"].contains(code))
            .collect();
        assert_eq!(
            codes,
            expected,
            "{text}\n{}",
            support::rendered(&compilation)
        );
    }
    // A management-event call on S3 (CreateBucket) needs no data events.
    let compilation = support::compile_text(
        "a.wire",
        "cloudtrail audit -> logs -> s3 audit-logs\nevents made on cloudtrail s3 CreateBucket -> sns alerts\n",
        &catalogue,
    );
    assert!(
        compilation.diagnostics.is_empty(),
        "{}",
        support::rendered(&compilation)
    );
}

#[test]
fn a_fifo_target_without_a_group_is_worded_for_its_sender() {
    let catalogue = support::catalogue();
    let queue = "sqs orders { fifo = true content-dedup = true }\n";
    for (sender, expected) in [
        (
            "scheduler nightly { at = \"rate(1 day)\" } -> sqs orders\n",
            ("EventBridge Scheduler cannot send", "this schedule target"),
        ),
        (
            "schedule nightly \"rate(1 day)\" -> target -> sqs orders\n",
            ("EventBridge cannot send", "this rule target"),
        ),
    ] {
        let compilation = support::compile_text("a.wire", &format!("{queue}{sender}"), &catalogue);
        let found: Vec<_> = compilation
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.code == "E444")
            .collect();
        assert_eq!(found.len(), 1, "{}", support::rendered(&compilation));
        assert!(
            found[0].message.starts_with(expected.0) && found[0].primary.text.ends_with(expected.1),
            "{}",
            support::rendered(&compilation)
        );
    }
}

/// E103: a clause of many unknown events reports each distinct word once,
/// lists the channel's events at the first only, and stops at ten, so that
/// a line of unknown words cannot render megabytes of diagnostics (the fuzz
/// reproducer `compile/one-clause-many-unknown-events.wire`).
#[test]
fn a_clause_of_many_unknown_events_reports_each_word_once_and_at_most_ten() {
    let catalogue = support::catalogue();
    let e103 = |text: &str| -> Vec<String> {
        support::compile_text("a.wire", text, &catalogue)
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.code == "E103")
            .map(|diagnostic| diagnostic.help.clone().unwrap_or_default())
            .collect()
    };
    let rule = "config r { rule = \"S3_BUCKET_VERSIONING_ENABLED\" }\n  -> events on ";
    let repeated = e103(&format!("{rule}{} -> lambda f\n", ["zz"; 500].join(" ")));
    assert_eq!(repeated.len(), 1, "{repeated:?}");
    assert!(repeated[0].contains("`compliance-change`"), "{repeated:?}");

    let words: Vec<String> = (0..40).map(|index| format!("q{index}x")).collect();
    let distinct = e103(&format!("{rule}{} -> lambda f\n", words.join(" ")));
    assert_eq!(distinct.len(), 10, "{distinct:?}");
    assert!(distinct[0].contains("`compliance-change`"), "{distinct:?}");
    assert!(
        distinct[1..]
            .iter()
            .all(|help| !help.contains("`compliance-change`")),
        "{distinct:?}"
    );
    assert!(
        distinct[9].contains("not reported until these are fixed"),
        "{distinct:?}"
    );

    let crash = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/artifacts-found/compile/one-clause-many-unknown-events.wire"),
    )
    .unwrap();
    assert!(e103(&crash).len() <= 10);
}
