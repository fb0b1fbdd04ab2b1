//! Every grant record of every every-edge fixture and example, evaluated in
//! process (tests/support/iam.rs) the way CI's independent simulator
//! (ci/grant-sim/simulate.mjs, `@cloud-copilot/iam-simulate`) evaluates it:
//! the legitimate request (the record's principal, or for an identity grant
//! its role, doing each action on the record's resource with `aws:SourceAccount`
//! and `aws:SourceArn`) must be allowed, and three strangers denied unless the
//! record says why AWS offers nothing narrower (`unscoped`): S1 another source
//! in this account, S2 a source in another account, S3 another target.
//!
//! The outcome table is tests/fixtures/emit/grant-outcomes.txt, which CI's
//! simulator must reproduce line for line; the records failing today are
//! tests/fixtures/emit/grant-failures.txt, and a failure not listed there fails
//! this test (both written with `WIREC_BLESS=1`). `WIREC_GRANT_DUMP=DIR` also
//! writes each file's template and manifest to DIR, for running the simulator
//! by hand.

use crate::support;
use crate::support::iam::{self, ACCOUNT, Call, OTHER_ACCOUNT, REGION, Template};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const OUTCOMES: &str = "tests/fixtures/emit/grant-outcomes.txt";
const FAILURES: &str = "tests/fixtures/emit/grant-failures.txt";

/// What a record's requests are checked against.
enum Policies {
    /// A resource policy (a permission, a queue/topic/bucket/logs/key policy, a trust).
    Resource(Value),
    /// A role's identity policies; `managed` when it also has an AWS managed
    /// policy, which cannot be evaluated offline; `key` the policy of the
    /// template's KMS key the grant names, which KMS reads too.
    Identity {
        documents: Vec<Value>,
        managed: bool,
        key: Option<Value>,
    },
}

fn policies_of(template: &Template<'_>, record: &Value) -> Policies {
    let holder = record["holder"].as_str().unwrap_or_default();
    let property = |name: &str| {
        template
            .property(holder, name)
            .cloned()
            .unwrap_or(Value::Null)
    };
    match record["form"].as_str().unwrap_or_default() {
        "lambda-permission" => Policies::Resource(lambda_permission(template, holder)),
        "logs-resource-policy" => Policies::Resource(
            serde_json::from_str(&template.resolve(&property("PolicyDocument")))
                .unwrap_or(Value::Null),
        ),
        "key-policy" => Policies::Resource(property("KeyPolicy")),
        "trust" => Policies::Resource(property("AssumeRolePolicyDocument")),
        "identity" => {
            let mut policies =
                identity_policies(template, record["role"].as_str().unwrap_or_default());
            if let Policies::Identity { key, .. } = &mut policies {
                *key = key_of(template, &record["resource"])
                    .and_then(|id| template.property(id, "KeyPolicy"))
                    .cloned();
            }
            policies
        }
        _ => Policies::Resource(property("PolicyDocument")),
    }
}

/// A Lambda permission as the one resource-policy statement it adds.
fn lambda_permission(template: &Template<'_>, holder: &str) -> Value {
    let property = |name: &str| {
        template
            .property(holder, name)
            .map(|value| template.resolve(value))
    };
    let mut function = property("FunctionName").unwrap_or_default();
    if !function.starts_with("arn:") {
        function = format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{function}");
    }
    let principal = property("Principal").unwrap_or_default();
    let principal = if principal.ends_with(".amazonaws.com") {
        json!({ "Service": principal })
    } else {
        json!({ "AWS": principal })
    };
    let mut statement = json!({
        "Effect": "Allow",
        "Principal": principal,
        "Action": property("Action"),
        "Resource": [function.clone(), format!("{function}:*")],
    });
    let mut condition = serde_json::Map::new();
    if let Some(arn) = property("SourceArn") {
        condition.insert("ArnLike".into(), json!({ "aws:SourceArn": arn }));
    }
    if let Some(account) = property("SourceAccount") {
        condition.insert(
            "StringEquals".into(),
            json!({ "aws:SourceAccount": account }),
        );
    }
    if !condition.is_empty() {
        statement["Condition"] = Value::Object(condition);
    }
    json!({ "Statement": [statement] })
}

/// The logical id of the template's KMS key that `resource` names.
fn key_of<'v>(template: &Template<'_>, resource: &'v Value) -> Option<&'v str> {
    let id = resource["Ref"]
        .as_str()
        .or_else(|| resource["Fn::GetAtt"][0].as_str())?;
    (template.kind(id) == "AWS::KMS::Key").then_some(id)
}

/// A role's inline policies and the template's policies attached to it.
fn identity_policies(template: &Template<'_>, role: &str) -> Policies {
    // A grant held in a managed policy whose role is outside the template
    // (an instance's own role): the policy is what the role gets from wirec.
    if template.kind(role) == "AWS::IAM::ManagedPolicy" {
        return Policies::Identity {
            documents: template
                .property(role, "PolicyDocument")
                .cloned()
                .into_iter()
                .collect(),
            managed: false,
            key: None,
        };
    }
    let mut documents: Vec<Value> = template
        .property(role, "Policies")
        .and_then(Value::as_array)
        .map(|policies| {
            policies
                .iter()
                .map(|policy| policy["PolicyDocument"].clone())
                .collect()
        })
        .unwrap_or_default();
    let managed_arns = template
        .property(role, "ManagedPolicyArns")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (id, resource) in template.resources {
        if !matches!(
            resource["Type"].as_str(),
            Some("AWS::IAM::ManagedPolicy" | "AWS::IAM::Policy")
        ) {
            continue;
        }
        let attached = resource["Properties"]["Roles"]
            .as_array()
            .is_some_and(|roles| roles.iter().any(|value| value["Ref"] == role));
        let named = managed_arns.iter().any(|arn| arn["Ref"] == id.as_str());
        if attached || named {
            documents.push(resource["Properties"]["PolicyDocument"].clone());
        }
    }
    let managed = managed_arns.iter().any(|arn| {
        let in_template = arn["Ref"]
            .as_str()
            .is_some_and(|id| !template.kind(id).is_empty());
        !in_template && template.resolve(arn).contains(":iam::aws:policy/")
    });
    Policies::Identity {
        documents,
        managed,
        key: None,
    }
}

/// Whether the request is allowed: by the resource policy for a service
/// principal or a trust, by the identity policies for a role.
fn allows(template: &Template<'_>, policies: &Policies, call: &Call<'_>) -> bool {
    match policies {
        Policies::Resource(document) => iam::document_allows(template, document, call, true),
        Policies::Identity { documents, key, .. } => {
            // KMS also reads the key's policy: it must admit the role, or
            // the account (which delegates to the role's own policies).
            let root = format!("arn:aws:iam::{ACCOUNT}:root");
            let as_account = Call {
                principal: &root,
                ..*call
            };
            let key_admits = key.as_ref().is_none_or(|document| {
                iam::document_allows(template, document, call, true)
                    || iam::document_allows(template, document, &as_account, true)
            });
            key_admits
                && documents
                    .iter()
                    .any(|document| iam::document_allows(template, document, call, false))
        }
    }
}

/// One kind of request over every action: (all allowed, any allowed).
fn outcome(
    template: &Template<'_>,
    policies: &Policies,
    record: &Value,
    principal: &str,
    resource: &str,
    source: (Option<&str>, &str),
) -> (bool, bool) {
    let (source_arn, account) = source;
    let trust = record["form"] == "trust";
    // The external ID the principal sends (the record's, when it has one).
    // One that is the sender's account (Firehose's) is the stranger's own
    // account; a constant (Beanstalk's) anyone sends, strangers too.
    let external_id = (!record["external_id"].is_null())
        .then(|| template.resolve(&record["external_id"]))
        .map(|id| {
            if id == ACCOUNT {
                account.to_string()
            } else {
                id
            }
        });
    let context = |key: &str| match key {
        "aws:sourceaccount" => Some(account.to_string()),
        "aws:sourcearn" => source_arn.map(str::to_string),
        "sts:externalid" => external_id.clone(),
        // AWS's log-delivering services write objects with the canned ACL
        // bucket-owner-full-control, which bucket policies require of them.
        "s3:x-amz-acl" => Some("bucket-owner-full-control".to_string()),
        _ => None,
    };
    let actions: Vec<&str> = if trust {
        vec!["sts:AssumeRole"]
    } else {
        record["actions"]
            .as_array()
            .map(|actions| actions.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    };
    let results: Vec<bool> = actions
        .iter()
        .map(|action| {
            let call = Call {
                principal,
                action,
                resource,
                context: &context,
            };
            allows(template, policies, &call)
        })
        .collect();
    (
        !results.is_empty() && results.iter().all(|allowed| *allowed),
        results.iter().any(|allowed| *allowed),
    )
}

/// A record's outcome line, and its failures (empty when it passes).
fn evaluate(template: &Template<'_>, file: &str, record: &Value) -> (String, Vec<String>) {
    let form = record["form"].as_str().unwrap_or_default();
    let holder = record["holder"].as_str().unwrap_or_default();
    let policies = policies_of(template, record);
    let principal = if form == "identity" {
        template.attribute(record["role"].as_str().unwrap_or_default(), "Arn")
    } else {
        template.resolve(&record["principal"])
    };
    let resource = if form == "trust" {
        template.attribute(holder, "Arn")
    } else {
        template.resolve(&record["resource"])
    };
    // An action that names no resource is requested on `*` itself, and no
    // other target exists to try; elsewhere a `*` in an ARN is some name.
    let everything = resource == "*";
    let resource = if everything {
        resource
    } else {
        resource.replace('*', "x")
    };
    let source_arn =
        (!record["source_arn"].is_null()).then(|| template.resolve(&record["source_arn"]));
    let source = source_arn.as_deref();
    let check = |resource: &str, source: (Option<&str>, &str)| {
        outcome(template, &policies, record, &principal, resource, source)
    };
    let legit = check(&resource, (source, ACCOUNT)).0;
    let s1 = (form != "identity")
        .then_some(source)
        .flatten()
        .map(|arn| check(&resource, (Some(&iam::stranger(arn)), ACCOUNT)).1);
    let s2 = (form != "identity").then(|| {
        let arn = source.map(|arn| iam::in_account(arn, OTHER_ACCOUNT));
        check(&resource, (arn.as_deref(), OTHER_ACCOUNT)).1
    });
    // A key policy governs its own key only (its `Resource` is `*`).
    let s3 = (form != "trust" && form != "key-policy" && !everything)
        .then(|| check(&iam::stranger(&resource), (source, ACCOUNT)).1);
    let word = |allowed: Option<bool>| match allowed {
        None => "-",
        Some(true) => "allow",
        Some(false) => "deny",
    };
    let actions: Vec<&str> = record["actions"]
        .as_array()
        .map(|actions| actions.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let line = format!(
        "{file}:{} {form} {holder} {} legit={} s1={} s2={} s3={}",
        record["line"],
        actions.join(","),
        word(Some(legit)),
        word(s1),
        word(s2),
        word(s3)
    );
    let mut failures = Vec::new();
    if !legit {
        failures.push(match policies {
            Policies::Identity { managed: true, .. } => {
                "legit denied (managed policy, not evaluated)".to_string()
            }
            _ => "legit denied".to_string(),
        });
    }
    if record["unscoped"].is_null() {
        if everything {
            failures.push("granted on `*` without `unscoped` saying why".to_string());
        }
        for (name, allowed) in [("s1", s1), ("s2", s2), ("s3", s3)] {
            if allowed == Some(true) {
                failures.push(format!("{name} allowed"));
            }
        }
    }
    (line, failures)
}

/// The every-edge fixtures and the examples CI builds (all but `mistakes.wire`).
fn sources() -> Vec<PathBuf> {
    let mut sources = support::every_edge_fixtures();
    sources.extend(
        support::examples()
            .into_iter()
            .filter(|path| !path.ends_with("mistakes.wire")),
    );
    sources
}

/// Each source's manifest and template: `(path, manifest, template)`.
fn compiled() -> Vec<(String, Value, Value)> {
    let catalogue = support::catalogue();
    sources()
        .iter()
        .map(|path| {
            let compilation = support::compile_file(path, &catalogue);
            let plan = compilation.plan(&catalogue).unwrap_or_else(|| {
                panic!(
                    "{} compiles: {}",
                    path.display(),
                    support::rendered(&compilation)
                )
            });
            let name = path.to_string_lossy().into_owned();
            let manifest = wirec::emit::grants::manifest(&plan, &compilation.sources, &name);
            let template = wirec::emit::cloudformation::template(&plan, &compilation.sources);
            (name, manifest, template)
        })
        .collect()
}

/// `text` with a header, compared with (or, with `WIREC_BLESS`, written to) `path`.
fn check_generated(path: &str, header: &str, lines: &[String]) -> Result<(), String> {
    let text = format!("{header}\n{}\n", lines.join("\n"));
    if std::env::var_os("WIREC_BLESS").is_some() {
        std::fs::write(path, &text).unwrap();
        return Ok(());
    }
    let current = std::fs::read_to_string(path).unwrap_or_default();
    if current == text {
        return Ok(());
    }
    let old: Vec<&str> = current
        .lines()
        .filter(|line| !line.starts_with('#'))
        .collect();
    let new: Vec<&str> = text.lines().filter(|line| !line.starts_with('#')).collect();
    let mut diff: Vec<String> = old
        .iter()
        .filter(|line| !new.contains(line))
        .map(|line| format!("- {line}"))
        .collect();
    diff.extend(
        new.iter()
            .filter(|line| !old.contains(line))
            .map(|line| format!("+ {line}")),
    );
    Err(format!(
        "{path} is stale (run `WIREC_BLESS=1 cargo test --test integration grant_records` and read the diff):\n{}",
        diff.join("\n")
    ))
}

#[test]
fn every_grant_record_admits_its_sender_and_no_stranger() {
    let dump = std::env::var_os("WIREC_GRANT_DUMP").map(PathBuf::from);
    let mut table = Vec::new();
    let mut failing = Vec::new();
    for (name, manifest, template_json) in compiled() {
        if let Some(dump) = &dump {
            let stem = Path::new(&name)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            std::fs::create_dir_all(dump).unwrap();
            std::fs::write(
                dump.join(format!("{stem}.template.json")),
                template_json.to_string(),
            )
            .unwrap();
            std::fs::write(
                dump.join(format!("{stem}.grants.json")),
                manifest.to_string(),
            )
            .unwrap();
        }
        let template = Template::of(&template_json);
        for record in manifest["grants"].as_array().unwrap() {
            let (line, failures) = evaluate(&template, &name, record);
            if !failures.is_empty() {
                failing.push((line.clone(), failures));
            }
            table.push(line);
        }
    }
    assert!(
        table.len() > 100,
        "the fixtures hold grants: {}",
        table.len()
    );
    table.sort();
    failing.sort();
    let known = std::fs::read_to_string(FAILURES).unwrap_or_default();
    let new: Vec<String> = failing
        .iter()
        .filter(|(line, _)| !known.lines().any(|known| known == line))
        .map(|(line, failures)| format!("{line}: {}", failures.join("; ")))
        .collect();
    let outcomes = check_generated(
        OUTCOMES,
        "# Generated by tests/grant_records.rs (WIREC_BLESS=1): each grant record's requests, \
         evaluated in process; CI's IAM simulator (ci/grant-sim) must reproduce it line for line.",
        &table,
    );
    // The simulator's refusals (a field `refused`: an action on a resource of
    // no type it takes) are copied from CI's output; this test cannot see them
    // and keeps them.
    let mut failing_lines: Vec<String> = failing.iter().map(|(line, _)| line.clone()).collect();
    failing_lines.extend(
        known
            .lines()
            .filter(|line| !line.starts_with('#') && line.contains("=refused"))
            .map(str::to_string),
    );
    failing_lines.sort();
    let allowed = check_generated(
        FAILURES,
        "# Generated by tests/grant_records.rs (WIREC_BLESS=1): the grant records that fail today \
         (a legitimate request denied, or a stranger allowed without `unscoped`; lines with `refused` \
         are CI's simulator's, copied from its output, and kept); empty it as grants are fixed.",
        &failing_lines,
    );
    assert!(
        new.is_empty() || std::env::var_os("WIREC_BLESS").is_some(),
        "grant records fail that tests/fixtures/emit/grant-failures.txt does not list:\n{}",
        new.join("\n")
    );
    outcomes.unwrap();
    allowed.unwrap();
}

/// A trust carries the external ID its principal file names (Firehose: the
/// account; Elastic Beanstalk: its constant), and no other record has one.
#[test]
fn a_trust_carries_the_external_id_its_principal_sends() {
    let mut seen = Vec::new();
    for (_, manifest, _) in compiled() {
        for record in manifest["grants"].as_array().unwrap() {
            let expected = match (record["form"].as_str(), record["principal"].as_str()) {
                (Some("trust"), Some("firehose.amazonaws.com")) => {
                    json!({ "Fn::Sub": "${AWS::AccountId}" })
                }
                (Some("trust"), Some("elasticbeanstalk.amazonaws.com")) => {
                    json!("elasticbeanstalk")
                }
                _ => Value::Null,
            };
            if !expected.is_null() {
                seen.push(expected.to_string());
            }
            assert_eq!(record["external_id"], expected, "{record}");
        }
    }
    // Both kinds occur in the fixtures, so the test holds something.
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 2, "{seen:?}");
}
