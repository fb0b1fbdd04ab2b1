//! Emitted templates: a snapshot per example and format, and byte-for-byte determinism.

use crate::support;
use wirec::emit::cloudformation::Format;

#[test]
fn every_example_template_matches_its_snapshot() {
    let catalogue = support::catalogue();
    for path in support::examples() {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if stem == "mistakes" {
            continue;
        }
        let compilation = support::compile_file(&path, &catalogue);
        for format in [Format::Json, Format::Yaml] {
            let text = support::template(&compilation, &catalogue, format);
            insta::with_settings!({ snapshot_suffix => format!("{stem}.{}", format.extension()), omit_expression => true, description => path.display().to_string() }, {
                insta::assert_snapshot!("template", text);
            });
        }
    }
}

/// The backend-neutral plan of every example, so that a change in what the plan
/// holds shows even where both renderers happen to write the same text.
#[test]
fn every_example_plan_matches_its_snapshot() {
    let catalogue = support::catalogue();
    for path in support::examples() {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if stem == "mistakes" {
            continue;
        }
        let compilation = support::compile_file(&path, &catalogue);
        let mut plan = compilation.plan(&catalogue).expect("no errors");
        // What the grants admit is shown by `explain --grant`, snapshotted apart.
        plan.grants.clear();
        insta::with_settings!({ snapshot_suffix => stem, omit_expression => true, description => path.display().to_string() }, {
            insta::assert_snapshot!("plan", format!("{plan:#?}"));
        });
    }
}

#[test]
fn building_twice_gives_identical_bytes() {
    let catalogue = support::catalogue();
    for path in support::examples() {
        if path.file_stem().unwrap() == "mistakes" {
            continue;
        }
        let first = support::template(
            &support::compile_file(&path, &catalogue),
            &catalogue,
            Format::Json,
        );
        let second = support::template(
            &support::compile_file(&path, &catalogue),
            &catalogue,
            Format::Json,
        );
        assert_eq!(first, second, "{} is not deterministic", path.display());
    }
}

#[test]
fn an_unrelated_edit_keeps_other_logical_ids() {
    let catalogue = support::catalogue();
    let before = support::compile_text("a.wire", "sqs jobs -> lambda worker\n", &catalogue);
    let after = support::compile_text(
        "a.wire",
        "s3 extra -> notify -> sns other\nsqs jobs -> lambda worker\n",
        &catalogue,
    );
    let ids = |compilation: &wirec::Compilation| -> Vec<String> {
        let value = compilation.cloudformation(&catalogue).unwrap();
        value["Resources"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let before_ids = ids(&before);
    let after_ids = ids(&after);
    for id in &before_ids {
        assert!(
            after_ids.contains(id),
            "logical id {id} changed after an unrelated edit"
        );
    }
}

#[test]
fn bucket_notifications_wait_for_their_policies_without_a_cycle() {
    let catalogue = support::catalogue();
    let compilation =
        support::compile_text("a.wire", "s3 uploads -> notify -> sqs jobs\n", &catalogue);
    let value = compilation.cloudformation(&catalogue).unwrap();
    let bucket = &value["Resources"]["UploadsBucket"];
    assert_eq!(bucket["DependsOn"], serde_json::json!(["JobsQueuePolicy"]));
    let policy = serde_json::to_string(&value["Resources"]["JobsQueuePolicy"]).unwrap();
    // The policy names the bucket by its literal ARN, never by a reference to it.
    assert!(!policy.contains("UploadsBucket"), "{policy}");
    assert!(
        policy.contains("arn:${AWS::Partition}:s3:::uploads-${AWS::AccountId}-${AWS::Region}"),
        "{policy}"
    );
}

#[test]
fn the_direct_json_writer_agrees_with_serde_json() {
    let catalogue = support::catalogue();
    for path in support::examples() {
        if path.file_stem().unwrap() == "mistakes" {
            continue;
        }
        let compilation = support::compile_file(&path, &catalogue);
        assert_eq!(
            support::template(&compilation, &catalogue, Format::Json),
            support::template_through_serde(&compilation, &catalogue),
            "{}",
            path.display()
        );
    }
}

#[test]
fn an_existing_topic_still_gets_its_subscriptions_and_queue_policy() {
    let catalogue = support::catalogue();
    let text = "sns legacy = existing \"arn:aws:sns:us-east-1:123456789012:legacy\"\nlegacy -> sqs fresh\n";
    let value = support::compile_text("a.wire", text, &catalogue)
        .cloudformation(&catalogue)
        .unwrap();
    let subscription = &value["Resources"]["LegacyToFreshSubscription"]["Properties"];
    assert_eq!(
        subscription["TopicArn"],
        "arn:aws:sns:us-east-1:123456789012:legacy"
    );
    let statement =
        &value["Resources"]["FreshQueuePolicy"]["Properties"]["PolicyDocument"]["Statement"][0];
    assert_eq!(
        statement["Condition"]["ArnLike"]["aws:SourceArn"],
        "arn:aws:sns:us-east-1:123456789012:legacy"
    );
}

#[test]
fn events_on_different_fields_are_alternatives_not_a_narrowing() {
    let catalogue = support::catalogue();
    let text = "codecommit r -> events on push, delete -> lambda f\n";
    let value = support::compile_text("a.wire", text, &catalogue)
        .cloudformation(&catalogue)
        .unwrap();
    let pattern = &value["Resources"]["RPushDeleteToFRule"]["Properties"]["EventPattern"];
    assert_eq!(
        pattern["$or"].as_array().map(Vec::len),
        Some(2),
        "{pattern}"
    );
}

#[test]
fn edges_between_the_same_pair_through_different_channels_keep_their_own_glue() {
    let catalogue = support::catalogue();
    let text = "s3 b -> notify on object-created -> lambda g\ns3 b -> events on object-deleted -> lambda g\n";
    let value = support::compile_text("a.wire", text, &catalogue)
        .cloudformation(&catalogue)
        .unwrap();
    let resources = value["Resources"].as_object().unwrap();
    assert_eq!(
        resources["GPermissionFromB"]["Properties"]["Principal"],
        "s3.amazonaws.com"
    );
    assert_eq!(
        resources["GPermissionFromBObjectDeletedRule"]["Properties"]["Principal"],
        "events.amazonaws.com"
    );
}

/// A group that wirec creates gets its lifecycle hooks at creation (its first
/// instances wait too), in both backends; an existing group gets a hook of its
/// own. Rules on lifecycle actions add the hook they need.
#[test]
fn lifecycle_hooks_come_with_the_group_or_on_their_own() {
    let catalogue = support::catalogue();
    let text = "asg web { launch-template = \"lt-0abc1234def567890\" } -> events on launch-lifecycle -> lambda bootstrap\n\
                asg web -> hook on terminating heartbeat 300 -> sqs drain\n\
                asg old = existing \"arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0:autoScalingGroupName/old\"\n\
                old -> events on terminate-lifecycle -> lambda bootstrap\n";
    let compilation = support::compile_text("hooks.wire", text, &catalogue);
    let template = compilation.cloudformation(&catalogue).unwrap();
    let resources = &template["Resources"];
    let hooks = resources["WebAutoScalingGroup"]["Properties"]["LifecycleHookSpecificationList"]
        .as_array()
        .unwrap();
    let transitions: Vec<&str> = hooks
        .iter()
        .map(|hook| hook["LifecycleTransition"].as_str().unwrap())
        .collect();
    assert_eq!(
        transitions,
        [
            "autoscaling:EC2_INSTANCE_LAUNCHING",
            "autoscaling:EC2_INSTANCE_TERMINATING"
        ]
    );
    assert_eq!(hooks[1]["HeartbeatTimeout"], 300);
    assert!(hooks[1]["RoleARN"].is_object() && hooks[1]["NotificationTargetARN"].is_object());
    assert!(
        hooks[0].get("RoleARN").is_none(),
        "EventBridge needs no role"
    );
    let existing = &resources["OldTerminatingHook"];
    assert_eq!(existing["Type"], "AWS::AutoScaling::LifecycleHook");
    assert_eq!(existing["Properties"]["AutoScalingGroupName"], "old");
    let terraform: serde_json::Value =
        serde_json::from_str(&compilation.terraform_text(&catalogue).unwrap()).unwrap();
    let group = &terraform["resource"]["aws_autoscaling_group"]["web_auto_scaling_group"];
    assert_eq!(group["initial_lifecycle_hook"].as_array().unwrap().len(), 2);
    assert!(
        terraform["resource"]["aws_autoscaling_lifecycle_hook"]["old_terminating_hook"].is_object()
    );
}

/// The raw blocks reach their own backend as written, and only it; their keys
/// are checked against each backend's schema for the resource type.
#[test]
fn raw_blocks_reach_their_own_backend_only() {
    let catalogue = support::catalogue();
    let text = "sqs jobs { cloudformation = { ReceiveMessageWaitTimeSeconds = 20 }, terraform = { receive_wait_time_seconds = 20 } }\n";
    let compilation = support::compile_text("raw.wire", text, &catalogue);
    let template = compilation.cloudformation(&catalogue).unwrap();
    let queue = &template["Resources"]["JobsQueue"]["Properties"];
    assert_eq!(queue["ReceiveMessageWaitTimeSeconds"], 20);
    assert!(queue.get("receive_wait_time_seconds").is_none());
    let terraform = compilation.terraform_text(&catalogue).unwrap();
    let configuration: serde_json::Value = serde_json::from_str(&terraform).unwrap();
    let queue = &configuration["resource"]["aws_sqs_queue"]["jobs_queue"];
    assert_eq!(queue["receive_wait_time_seconds"], 20);
    assert!(!terraform.contains("ReceiveMessageWaitTimeSeconds"));
    assert!(!terraform.contains("not rendered for Terraform"));

    let misspelt = "sqs jobs { terraform = { receive_wait_time = 20 } }\n";
    let compilation = support::compile_text("raw.wire", misspelt, &catalogue);
    let codes: Vec<&str> = compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.as_str())
        .collect();
    assert_eq!(codes, ["E112"]);
    assert!(
        support::rendered(&compilation).contains("receive_wait_time_seconds"),
        "{}",
        support::rendered(&compilation)
    );
}

/// The kind of the resource each declaration creates follows from its
/// service's `resource:` types in the catalogue (`Kind::of_declaration`), as
/// the plan decides it: every created declaration of the every-edge parts has
/// a plan resource of that kind under its logical id.
#[test]
fn a_declarations_kind_follows_from_its_catalogue_types() {
    let catalogue = support::catalogue();
    let mut checked = std::collections::BTreeSet::new();
    for path in support::every_edge_fixtures() {
        let compilation = support::compile_file(&path, &catalogue);
        let plan = compilation.plan(&catalogue).unwrap();
        for resource in &compilation.model.resources {
            let Some(spec) = catalogue.service(&resource.service) else {
                continue;
            };
            let has = |key: &str| resource.properties.contains_key(key);
            let Some(kind) = wirec::plan::Kind::of_declaration(&spec.resource, has) else {
                continue;
            };
            if resource.existing.is_some() || !wirec::plan::creates(&resource.service) {
                continue;
            }
            let id = wirec::plan::logical_id(&resource.name, &spec.logical_suffix);
            assert!(
                plan.resources
                    .iter()
                    .any(|planned| planned.id == id && planned.kind == kind),
                "{} {}: no {kind:?} {id} in the plan",
                resource.service,
                resource.name
            );
            checked.insert(format!("{kind:?}"));
        }
    }
    assert!(checked.len() > 25, "{checked:?}");
    assert!(checked.contains("ConfigRecorder") && checked.contains("ConfigRule"));
}

/// AWS Config without `rule` is the configuration recorder: its raw blocks are
/// held to the recorder's types, not the rule's (a recorder's `RecordingMode`
/// was refused with E112, and a rule's `MaximumExecutionFrequency` let through
/// into the recorder).
#[test]
fn a_config_recorders_raw_blocks_are_held_to_the_recorders_types() {
    let catalogue = support::catalogue();
    let codes = |text: &str| support::codes(text, &catalogue);
    let recorder = "config recorder { cloudformation = { RecordingMode = { RecordingFrequency = \"DAILY\" } }, terraform = { recording_mode = { recording_frequency = \"DAILY\" } } } -> deliver -> s3 history\n";
    assert_eq!(codes(recorder), Vec::<String>::new());
    let compilation = support::compile_text("recorder.wire", recorder, &catalogue);
    let template = compilation.cloudformation(&catalogue).unwrap();
    let resources = template["Resources"].as_object().unwrap();
    let recorder_resource = resources
        .values()
        .find(|resource| resource["Type"] == "AWS::Config::ConfigurationRecorder")
        .unwrap();
    assert_eq!(
        recorder_resource["Properties"]["RecordingMode"]["RecordingFrequency"],
        "DAILY"
    );
    let rule_only = "config recorder { cloudformation = { MaximumExecutionFrequency = \"One_Hour\" } } -> deliver -> s3 history\n";
    assert_eq!(codes(rule_only), ["E112"]);
    let rule_only = "config recorder { terraform = { maximum_execution_frequency = \"One_Hour\" } } -> deliver -> s3 history\n";
    assert_eq!(codes(rule_only), ["E112"]);
    // A rule is still held to the rule's types.
    let rule = "config rule { rule = \"S3_BUCKET_VERSIONING_ENABLED\", cloudformation = { MaximumExecutionFrequency = \"One_Hour\" } }\n";
    assert_eq!(codes(rule), Vec::<String>::new());
    let rule = "config rule { rule = \"S3_BUCKET_VERSIONING_ENABLED\", cloudformation = { RecordingMode = {} } }\n";
    assert_eq!(codes(rule), ["E112"]);
}

/// A bare word that is one of a word property's values is that text, not a
/// parameter (`statistic = Maximum` was once rendered as `{"Ref": "Maximum"}`).
#[test]
fn word_properties_are_their_values() {
    let catalogue = support::catalogue();
    let text = "alarm a { metric = \"AWS/EC2 CPUUtilization\", above = 80, statistic = Maximum, missing-data = breaching } -> sns t\n\
                dynamodb d { key = \"id\", key-type = number } -> stream -> lambda f\n";
    let compilation = support::compile_text("words.wire", text, &catalogue);
    let template = compilation.cloudformation(&catalogue).unwrap();
    let alarm = &template["Resources"]["AAlarm"]["Properties"];
    assert_eq!(alarm["Statistic"], "Maximum");
    assert_eq!(alarm["TreatMissingData"], "breaching");
    let table = &template["Resources"]["DTable"]["Properties"];
    assert_eq!(table["AttributeDefinitions"][0]["AttributeType"], "N");
}

/// The user data of an instance from wirec's default image installs rsyslog
/// only when a `logs` edge ships a file that rsyslog writes (Amazon Linux 2023
/// logs to the journal alone); an instance from another image gets none.
#[test]
fn instance_user_data_installs_rsyslog_for_syslog_files_only() {
    let catalogue = support::catalogue();
    let text = "ec2 bastion { agent = true } -> logs \"/var/log/secure\" -> loggroup auth\n\
                ec2 app { agent = true } -> logs \"/var/log/app/*.log\" -> loggroup app-logs\n\
                ec2 plain { agent = true } -> logs -> loggroup system\n\
                ec2 custom { agent = true, ami = \"ami-0abc1234def567890\" } -> logs -> loggroup custom-logs\n";
    let compilation = support::compile_text("agent.wire", text, &catalogue);
    let template = compilation.cloudformation(&catalogue).unwrap();
    let user_data = |logical: &str| {
        template["Resources"][logical]["Properties"]["UserData"]["Fn::Base64"]
            .as_str()
            .map(str::to_string)
    };
    let bastion = user_data("BastionInstance").unwrap();
    let rsyslog = bastion.find("dnf install -y rsyslog").unwrap();
    let agent = bastion
        .find("dnf install -y amazon-cloudwatch-agent")
        .unwrap();
    assert!(
        rsyslog < agent,
        "rsyslog runs before the agent reads its files"
    );
    assert!(bastion.contains("systemctl enable --now rsyslog"));
    // The default file is /var/log/messages, which rsyslog writes too.
    assert!(user_data("PlainInstance").unwrap().contains("rsyslog"));
    let app = user_data("AppInstance").unwrap();
    assert!(!app.contains("rsyslog") && app.contains("amazon-cloudwatch-agent"));
    assert_eq!(user_data("CustomInstance"), None);
    let terraform: serde_json::Value =
        serde_json::from_str(&compilation.terraform_text(&catalogue).unwrap()).unwrap();
    let instance = &terraform["resource"]["aws_instance"]["bastion_instance"];
    assert!(instance["user_data"].as_str().unwrap().contains("rsyslog"));
}

/// A remediation with an AWS-owned runbook and no `allows` runs as a role with
/// the permissions AWS documents for the runbook, said in Metadata; `allows`
/// replaces them.
#[test]
fn an_aws_owned_runbook_gets_its_documented_permissions() {
    let catalogue = support::catalogue();
    let text = "config pitr { rule = \"DYNAMODB_PITR_ENABLED\" } -> remediate parameter \"TableName\" -> ssm enable-pitr = existing \"arn:aws:ssm:us-east-1::document/AWSConfigRemediation-EnablePITRForDynamoDbTable\"\n";
    let spec = catalogue
        .runbook("AWSConfigRemediation-EnablePITRForDynamoDbTable")
        .unwrap();
    assert!(!spec.permissions.is_empty());
    let compilation = support::compile_text("pitr.wire", text, &catalogue);
    let template = compilation.cloudformation(&catalogue).unwrap();
    let role = &template["Resources"]["PitrRemediationRole"];
    let statements = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap();
    let mut actions: Vec<String> = statements
        .iter()
        .flat_map(|statement| statement["Action"].as_array().unwrap().clone())
        .map(|action| action.as_str().unwrap().to_string())
        .collect();
    actions.sort();
    let mut documented = spec.permissions.clone();
    documented.sort();
    assert_eq!(actions, documented);
    // Each on what it acts on: the table updates on the account's tables.
    let update = statements
        .iter()
        .find(|statement| {
            statement["Action"]
                .as_array()
                .unwrap()
                .contains(&serde_json::json!("dynamodb:UpdateContinuousBackups"))
        })
        .unwrap();
    assert_eq!(
        update["Resource"]["Fn::Sub"],
        "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*"
    );
    assert!(
        statements
            .iter()
            .all(|statement| statement["Resource"] != "*")
    );
    let notes = role["Metadata"]["wirec"]["notes"].to_string();
    assert!(notes.contains("as AWS documents them"), "{notes}");

    let chosen = text.replace(
        "-> remediate parameter",
        "-> remediate allows \"dynamodb:UpdateContinuousBackups\" parameter",
    );
    let compilation = support::compile_text("pitr.wire", &chosen, &catalogue);
    let template = compilation.cloudformation(&catalogue).unwrap();
    let statement = &template["Resources"]["PitrRemediationRole"]["Properties"]["Policies"][0]["PolicyDocument"]
        ["Statement"][0];
    assert_eq!(
        statement["Action"],
        serde_json::json!(["dynamodb:UpdateContinuousBackups"])
    );
}

/// The rule's `remediation-parameters` become the remediation's static values,
/// in both backends; a list gives a parameter several values.
#[test]
fn remediation_parameters_are_static_values() {
    let catalogue = support::catalogue();
    let text = "config logging { rule = \"S3_BUCKET_LOGGING_ENABLED\", remediation-parameters = { TargetBucket = \"access-logs\", GrantedPermission = \"FULL_CONTROL\", GranteeType = \"Group\", TargetPrefix = [\"logs/\"] } }\n\
                logging -> remediate parameter \"BucketName\" allows \"s3:PutBucketLogging\" -> ssm log-it = existing \"arn:aws:ssm:us-east-1::document/AWS-ConfigureS3BucketLogging\"\n";
    let compilation = support::compile_text("static.wire", text, &catalogue);
    assert!(
        compilation.diagnostics.is_empty(),
        "{}",
        support::rendered(&compilation)
    );
    let template = compilation.cloudformation(&catalogue).unwrap();
    let parameters = &template["Resources"]["LoggingRemediation"]["Properties"]["Parameters"];
    assert_eq!(
        parameters["TargetBucket"],
        serde_json::json!({ "StaticValue": { "Values": ["access-logs"] } })
    );
    assert_eq!(
        parameters["BucketName"],
        serde_json::json!({ "ResourceValue": { "Value": "RESOURCE_ID" } })
    );
    let rule = &template["Resources"]["LoggingConfig"]["Properties"];
    assert!(
        rule.get("remediation-parameters").is_none() && rule.get("RemediationParameters").is_none()
    );
    let terraform: serde_json::Value =
        serde_json::from_str(&compilation.terraform_text(&catalogue).unwrap()).unwrap();
    let blocks = terraform["resource"]["aws_config_remediation_configuration"]["logging_remediation"]
        ["parameter"]
        .as_array()
        .unwrap();
    let target = blocks
        .iter()
        .find(|block| block["name"] == "TargetBucket")
        .unwrap();
    assert_eq!(target["static_value"], "access-logs");
}
