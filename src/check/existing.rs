//! The ARNs of `existing` resources (E118).
//!
//! An existing resource's ARN lands in policies, conditions and targets, and in
//! Terraform in the expressions that look the resource up, so it is held to the
//! ARN format and to the service's own ARN (`ServiceSpec::arn`) before anything
//! is generated: the text that reaches the output is then only what an ARN can be.

use crate::catalogue::{Catalogue, codes};
use crate::diagnostics::Diagnostic;
use crate::model::Model;
use crate::plan::Kind;

/// Partitions AWS has (`arn:PARTITION:...`).
const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// Longer ARNs than this are refused (IAM accepts resource ARNs up to 2048 characters).
const MAX_ARN: usize = 2048;

/// Reports every existing resource whose ARN is not one of its service, and
/// each event bus in an account that may be another's that something sends to.
pub(super) fn check(model: &Model, catalogue: &Catalogue, diagnostics: &mut Vec<Diagnostic>) {
    for resource in &model.resources {
        let Some(arn) = &resource.existing else {
            continue;
        };
        let spec = catalogue.service(&resource.service);
        let form = spec.and_then(|spec| spec.arn.as_deref());
        let checked = validate(&arn.text, form);
        if checked.is_ok() {
            foreign_bus(model, catalogue, resource, diagnostics);
        }
        if let Err(reason) = checked {
            let title = spec.map_or(resource.service.as_str(), |spec| spec.title.as_str());
            let shown_form = form.map_or_else(
                || "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE".to_string(),
                |form| {
                    form.replace("{partition}", "aws")
                        .replace("{region}", "REGION")
                        .replace("{account}", "ACCOUNT")
                        .replace("{physical}", "NAME")
                },
            );
            diagnostics.push(catalogue.report(
                codes::INVALID_EXISTING_ARN,
                arn.span,
                &[
                    ("arn", &arn.text),
                    ("service", title),
                    ("reason", &reason),
                    ("form", &shown_form),
                ],
            ));
        }
    }
}

/// W492 for an existing event bus whose ARN names an account (the stack's
/// own is known only when it is deployed) when an edge or an option sends to
/// it: that bus's own policy must admit the sender, which wirec cannot write.
fn foreign_bus(
    model: &Model,
    catalogue: &Catalogue,
    bus: &crate::model::Resource,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (Some(account), Some(arn)) = (bus.existing_account(), bus.existing.as_ref()) else {
        return;
    };
    let is_bus = catalogue.service(&bus.service).is_some_and(|spec| {
        Kind::of_declaration(&spec.resource, |key| bus.properties.contains_key(key))
            == Some(Kind::EventBus)
    });
    let sent_to = model.edges.iter().any(|edge| edge.to == bus.id)
        || model.option_targets.iter().any(|named| named.to == bus.id);
    if !is_bus || !sent_to {
        return;
    }
    let name = arn.text.rsplit('/').next().unwrap_or(&arn.text);
    let statement = format!(
        "`{{\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"ROLE_ARN\"}},\"Action\":\"events:PutEvents\",\"Resource\":\"{}\"}}`",
        arn.text
    );
    diagnostics.push(catalogue.report(
        codes::FOREIGN_EVENT_BUS,
        arn.span,
        &[
            ("name", &bus.name),
            ("account", account),
            ("bus", name),
            ("statement", &statement),
        ],
    ));
}

/// Whether `arn` is an ARN and, when the service's ARN `form` is known
/// (`arn:{partition}:sqs:{region}:{account}:{physical}`), one of that form.
fn validate(arn: &str, form: Option<&str>) -> Result<(), String> {
    if arn.len() > MAX_ARN {
        return Err(format!("it is longer than {MAX_ARN} characters"));
    }
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts.as_slice() else {
        return Err("an ARN has six parts: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`".into());
    };
    if *prefix != "arn" {
        return Err("an ARN starts with `arn:`".into());
    }
    if !PARTITIONS.contains(partition) {
        return Err(format!(
            "`{partition}` is not a partition (one of {})",
            PARTITIONS.join(", ")
        ));
    }
    if !region.is_empty() && !is_region(region) {
        return Err(format!("`{region}` is not a Region such as `us-east-1`"));
    }
    let is_account = account.len() == 12 && account.bytes().all(|byte| byte.is_ascii_digit());
    if !account.is_empty() && !is_account {
        return Err(format!("`{account}` is not a 12-digit account ID"));
    }
    if let Some(bad) = resource
        .chars()
        .find(|character| !is_resource_character(*character))
    {
        return Err(format!("the resource part may not contain {bad:?}"));
    }
    if resource.is_empty() {
        return Err("the resource part is empty".into());
    }
    let Some(form) = form else {
        return Ok(());
    };
    let form_parts: Vec<&str> = form.splitn(6, ':').collect();
    let [_, _, form_service, form_region, form_account, form_resource] = form_parts.as_slice()
    else {
        return Ok(());
    };
    if service != form_service {
        return Err(format!("its service is `{service}`, not `{form_service}`"));
    }
    if form_region.is_empty() != region.is_empty() {
        return Err(if region.is_empty() {
            "it names no Region".into()
        } else {
            "this service's ARNs name no Region".into()
        });
    }
    // AWS's own resources (its Automation runbooks) have ARNs with no account.
    if form_account.is_empty() && !account.is_empty() {
        return Err("this service's ARNs name no account".into());
    }
    let fixed = form_resource.split(['{', '*']).next().unwrap_or_default();
    if !resource.starts_with(fixed) || resource.len() == fixed.len() {
        return Err(
            format!("the resource part should be `{form_resource}`").replace("{physical}", "NAME")
        );
    }
    Ok(())
}

/// `us-east-1`, `us-gov-west-1`, `eu-isoe-west-1`: two letters, words, a number.
fn is_region(region: &str) -> bool {
    let words: Vec<&str> = region.split('-').collect();
    let [first, middle @ .., last] = words.as_slice() else {
        return false;
    };
    first.len() == 2
        && first.bytes().all(|byte| byte.is_ascii_lowercase())
        && !middle.is_empty()
        && middle
            .iter()
            .all(|word| !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_lowercase()))
        && !last.is_empty()
        && last.len() <= 2
        && last.bytes().all(|byte| byte.is_ascii_digit())
}

/// What the resource part of the ARNs of wirec's services is made of.
fn is_resource_character(character: char) -> bool {
    character.is_ascii_alphanumeric() || "_+=,.@:/*#-".contains(character)
}

#[cfg(test)]
mod tests {
    use super::validate;

    const SQS: &str = "arn:{partition}:sqs:{region}:{account}:{physical}";
    const S3: &str = "arn:{partition}:s3:::{physical}";
    const LAMBDA: &str = "arn:{partition}:lambda:{region}:{account}:function:{physical}";

    #[test]
    fn arns_of_the_service_pass() {
        for (arn, form) in [
            ("arn:aws:sqs:us-east-1:123456789012:jobs", SQS),
            (
                "arn:aws-us-gov:sqs:us-gov-west-1:123456789012:jobs.fifo",
                SQS,
            ),
            ("arn:aws:s3:::my-bucket", S3),
            (
                "arn:aws:lambda:eu-west-1:123456789012:function:f:live",
                LAMBDA,
            ),
            (
                "arn:aws-cn:lambda:cn-north-1:123456789012:function:f",
                LAMBDA,
            ),
        ] {
            assert_eq!(validate(arn, Some(form)), Ok(()), "{arn}");
        }
    }

    #[test]
    fn injections_and_malformed_arns_are_refused() {
        for (arn, form) in [
            ("arn:aws:sns:us-east-1:123456789012:x${path.cwd}", SQS),
            ("arn:aws:sqs:us-east-1:123456789012:x\" || true || \"", SQS),
            (
                "arn:aws:sqs:us-east-1:123456789012:x%{if true}y%{endif}",
                SQS,
            ),
            ("arn:aws:sqs:us-east-1:1234:jobs", SQS),
            ("arn:aws:sqs:us-east-1${x}:123456789012:jobs", SQS),
            ("arn:aws:sqs:useast1:123456789012:jobs", SQS),
            ("arn:aws:sns:us-east-1:123456789012:jobs", SQS),
            ("arn:evil:sqs:us-east-1:123456789012:jobs", SQS),
            ("arn:aws:sqs:us-east-1:123456789012", SQS),
            ("arn:aws:s3:us-east-1::bucket", S3),
            ("arn:aws:lambda:us-east-1:123456789012:layer:x", LAMBDA),
            ("arn:aws:lambda:us-east-1:123456789012:function:", LAMBDA),
            ("arn:aws:sqs:us-east-1:123456789012:a\nb", SQS),
        ] {
            assert!(validate(arn, Some(form)).is_err(), "{arn:?} passed");
        }
    }
}
