//! A Firehose stream's destination: an S3 bucket (the stream's extended S3
//! destination), or OpenSearch, Splunk, Redshift and an HTTPS endpoint with
//! their backup bucket.

use crate::catalogue::NameKind;
use crate::model::{Edge, OptionValue};
use crate::plan::build::{Cx, Handle, public_access_blocked};
use crate::plan::expr::{PARTITION, sub, text};
use crate::plan::glue::Glue;
use crate::plan::iam::{objects, statement, statement_strings};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::mechanisms::code_access::hold;
use crate::plan::mechanisms::firehose_processing::{
    destination_settings, error_log_stream, processor_access, with_settings,
};
use crate::plan::names::physical;
use crate::plan::{Expr, Fields, Kind, map};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    match cx.target_kind {
        Some(Kind::Bucket) => into_bucket(cx, out),
        // `transform` and `errors`: settings of the destination that the
        // `deliver` edge writes (`destination_settings`).
        Some(Kind::Function) => processor_access(cx, out),
        Some(Kind::LogGroup) => error_log_stream(cx, out),
        // An address (`https "..."`) is the endpoint Firehose posts to.
        _ if cx
            .catalogue
            .service(&cx.target_service)
            .is_some_and(|spec| spec.name == NameKind::Address) =>
        {
            http_endpoint(cx, out);
        }
        _ => into_service(cx, out),
    }
}

/// A Firehose stream's HTTP endpoint destination: the address is its URL;
/// what the endpoint does not accept (or everything, `backup all`) goes to
/// the backup bucket. The endpoint itself is granted nothing.
fn http_endpoint(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (Some(stream), Some(role)) = (cx.source.logical.clone(), cx.source.role.clone()) else {
        return;
    };
    let s3 = backup_bucket(cx, out, cx.edge, &role, &stream);
    let option = |key: &str| cx.edge.options.get(key).map(OptionValue::joined);
    let mut endpoint = Fields::new();
    endpoint.insert("Url", text(cx.model.resource(cx.edge.to).name.clone()));
    if let Some(name) = option("endpoint-name") {
        endpoint.insert("Name", text(name));
    }
    let mut destination = Fields::new();
    destination.insert("EndpointConfiguration", Expr::Map(endpoint));
    // Firehose takes both hints or neither: a left-out one is its default.
    let seconds = cx.property(cx.edge.from, "buffer-seconds");
    let megabytes = cx.property(cx.edge.from, "buffer-mb");
    if seconds.is_some() || megabytes.is_some() {
        destination.insert(
            "BufferingHints",
            map([
                (
                    "IntervalInSeconds",
                    seconds.unwrap_or(Expr::Number("300".into())),
                ),
                ("SizeInMBs", megabytes.unwrap_or(Expr::Number("5".into()))),
            ]),
        );
    }
    let encoding = match option("encoding").as_deref() {
        Some("gzip") => "GZIP",
        _ => "NONE",
    };
    destination.insert(
        "RequestConfiguration",
        map([("ContentEncoding", text(encoding))]),
    );
    if let Some(seconds) = option("retry-seconds") {
        destination.insert(
            "RetryOptions",
            map([("DurationInSeconds", Expr::Number(seconds))]),
        );
    }
    destination.insert("RoleARN", Expr::arn(&role));
    let backup = match option("backup").as_deref() {
        Some("all") => "AllData",
        _ => "FailedDataOnly",
    };
    destination.insert("S3BackupMode", text(backup));
    destination.insert("S3Configuration", s3);
    let destination = with_settings(cx, cx.edge.from, Expr::Map(destination));
    if let Some(resource) = out.resource_mut(&stream) {
        resource
            .properties
            .insert("HttpEndpointDestinationConfiguration", destination);
        // Firehose checks its role when the stream is created.
        resource.depends_on.insert(role);
    }
}

fn into_service(cx: &EdgeCx<'_>, out: &mut Glue) {
    firehose_destination(cx, out, cx.edge, cx.source, cx.target);
}

fn into_bucket(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (source_logical, target_service) = (&cx.source_logical, &cx.target_service);
    let Some(role) = cx.source.role.clone() else {
        return;
    };
    let bucket_objects = match &cx.target.arn {
        Expr::Sub(arn) => Expr::Sub(format!("{arn}/*")),
        Expr::Text(arn) => Expr::Text(format!("{arn}/*").into()),
        other => other.clone(),
    };
    let actions = cx
        .catalogue
        .service(target_service)
        .and_then(|spec| spec.receive.as_ref())
        .map(|receive| receive.actions.clone())
        .unwrap_or_default();
    hold(
        out,
        &role,
        Some(&role),
        cx.origin,
        statement_strings(&actions, vec![cx.target.arn.clone(), bucket_objects]),
    );
    let mut destination = Fields::new();
    destination.insert("BucketARN", cx.target.arn.clone());
    destination.insert("RoleARN", Expr::arn(&role));
    if let Some(prefix) = cx.property(cx.edge.from, "prefix") {
        destination.insert("Prefix", prefix);
    }
    let seconds = cx.property(cx.edge.from, "buffer-seconds");
    let megabytes = cx.property(cx.edge.from, "buffer-mb");
    if seconds.is_some() || megabytes.is_some() {
        let mut hints = Fields::new();
        if let Some(seconds) = seconds {
            hints.insert("IntervalInSeconds", seconds);
        }
        if let Some(megabytes) = megabytes {
            hints.insert("SizeInMBs", megabytes);
        }
        destination.insert("BufferingHints", Expr::Map(hints));
    }
    if let Some(Expr::Text(compression)) = cx.property(cx.edge.from, "compression") {
        let format = match compression.as_ref() {
            "gzip" => "GZIP",
            "zip" => "ZIP",
            "snappy" => "Snappy",
            "hadoop-snappy" => "HADOOP_SNAPPY",
            _ => "UNCOMPRESSED",
        };
        destination.insert("CompressionFormat", text(format));
    }
    destination_settings(cx, cx.edge.from, &mut destination);
    if let Some(stream) = out.resource_mut(source_logical) {
        stream
            .properties
            .insert("ExtendedS3DestinationConfiguration", Expr::Map(destination));
        // Firehose checks its role when the stream is created.
        stream.depends_on.insert(role);
    }
}

/// A Firehose stream's OpenSearch, Splunk or Redshift destination, with the
/// S3 bucket every such destination needs (OpenSearch and Splunk back up
/// what they reject there; Redshift loads from it), and the stream role's
/// grants on both.
pub(in crate::plan) fn firehose_destination(
    cx: &Cx<'_>,
    out: &mut Glue,
    edge: &Edge,
    source: &Handle,
    target: &Handle,
) {
    let (Some(stream), Some(role)) = (source.logical.clone(), source.role.clone()) else {
        return;
    };
    let target_service = cx.model.resource(edge.to).service.clone();
    let s3 = backup_bucket(cx, out, edge, &role, &stream);
    let property = |key: &str| cx.property(edge.to, key);
    let (key, destination) = match target_service.as_str() {
        "opensearch" => {
            let actions = cx
                .catalogue
                .service("opensearch")
                .and_then(|spec| spec.receive.as_ref())
                .map(|receive| receive.actions.clone())
                .unwrap_or_default();
            // The domain itself (describe) and its paths (HTTP posts).
            hold(
                out,
                &role,
                Some(&role),
                edge.target_span,
                statement_strings(
                    &actions,
                    vec![target.arn.clone(), objects(&target.arn, None)],
                ),
            );
            let index = edge.options.get("index").map_or_else(
                || cx.model.resource(edge.from).name.clone(),
                crate::model::OptionValue::joined,
            );
            hold(
                out,
                &role,
                Some(&role),
                edge.target_span,
                statement(&["es:ESHttpGet"], domain_reads(&target.arn, &index)),
            );
            let rotation = match edge
                .options
                .get("rotation")
                .map(crate::model::OptionValue::joined)
                .as_deref()
            {
                Some("hour") => "OneHour",
                Some("day") => "OneDay",
                Some("week") => "OneWeek",
                Some("month") => "OneMonth",
                _ => "NoRotation",
            };
            (
                "AmazonopensearchserviceDestinationConfiguration",
                map([
                    ("DomainARN", target.arn.clone()),
                    ("IndexName", text(index)),
                    ("IndexRotationPeriod", text(rotation)),
                    ("RoleARN", Expr::arn(&role)),
                    ("S3BackupMode", text("FailedDocumentsOnly")),
                    ("S3Configuration", s3),
                ]),
            )
        }
        "splunk" => {
            let mut splunk = Fields::new();
            if let Some(endpoint) = property("endpoint") {
                splunk.insert("HECEndpoint", endpoint);
            }
            let kind = match property("endpoint-type") {
                Some(Expr::Text(kind)) if kind == "event" => "Event",
                _ => "Raw",
            };
            splunk.insert("HECEndpointType", text(kind));
            if let Some(secret) = property("secret") {
                splunk.insert(
                    "SecretsManagerConfiguration",
                    secret_configuration(cx, out, &role, secret),
                );
            } else if let Some(token) = property("token") {
                splunk.insert("HECToken", token);
            }
            if let Some(timeout) = property("ack-timeout") {
                splunk.insert("HECAcknowledgmentTimeoutInSeconds", timeout);
            }
            splunk.insert("S3BackupMode", text("FailedEventsOnly"));
            splunk.insert("S3Configuration", s3);
            ("SplunkDestinationConfiguration", Expr::Map(splunk))
        }
        _ => {
            let mut copy = Fields::new();
            if let Some(table) = property("table") {
                copy.insert("DataTableName", table);
            }
            if let Some(columns) = property("columns") {
                copy.insert("DataTableColumns", columns);
            }
            if let Some(options) = property("copy-options") {
                copy.insert("CopyOptions", options);
            }
            let mut redshift = Fields::new();
            if let Some(url) = property("jdbc-url") {
                redshift.insert("ClusterJDBCURL", url);
            }
            redshift.insert("CopyCommand", Expr::Map(copy));
            if let Some(secret) = property("secret") {
                redshift.insert(
                    "SecretsManagerConfiguration",
                    secret_configuration(cx, out, &role, secret),
                );
            } else {
                for (key, field) in [("username", "Username"), ("password", "Password")] {
                    if let Some(value) = property(key) {
                        redshift.insert(field, value);
                    }
                }
            }
            redshift.insert("RoleARN", Expr::arn(&role));
            redshift.insert("S3Configuration", s3);
            ("RedshiftDestinationConfiguration", Expr::Map(redshift))
        }
    };
    let destination = with_settings(cx, edge.from, destination);
    if let Some(resource) = out.resource_mut(&stream) {
        resource.properties.insert(key, destination);
        // Firehose checks its role when the stream is created.
        resource.depends_on.insert(role);
    }
}

/// The paths of an OpenSearch domain that Firehose reads (`es:ESHttpGet`)
/// before it delivers to `index`: the list of the Firehose Developer Guide,
/// "Grant Firehose access to a public OpenSearch Service destination"
/// (read 2026-12). Its `INDEX*/_mapping/TYPE` is for a type name, which
/// wirec never sets (OpenSearch 7 and later have none): any type, `*`.
fn domain_reads(domain: &Expr, index: &str) -> Vec<Expr> {
    let index = crate::plan::expr::sub_literal(index);
    [
        "_all/_settings".to_string(),
        "_cluster/stats".to_string(),
        format!("{index}*/_mapping/*"),
        "_nodes".to_string(),
        "_nodes/stats".to_string(),
        "_nodes/*/stats".to_string(),
        "_stats".to_string(),
        format!("{index}*/_stats"),
        String::new(),
    ]
    .iter()
    .map(|path| beneath_domain(domain, path))
    .collect()
}

/// `domain/PATH`, as a `Sub` of the domain's ARN.
fn beneath_domain(domain: &Expr, path: &str) -> Expr {
    match domain {
        Expr::Attr(logical, attribute) => sub(format!("${{{logical}.{attribute}}}/{path}")),
        Expr::Sub(arn) => sub(format!("{arn}/{path}")),
        // An existing domain's ARN, held to the ARN format (E118): text.
        Expr::Text(arn) => text(format!("{arn}/{path}")),
        other => other.clone(),
    }
}

/// The bucket a destination other than S3 backs up to (Redshift loads from
/// it), named from the stream like every bucket wirec names, with the stream
/// role's S3 grants on it; returns the destination's `S3Configuration`.
fn backup_bucket(cx: &Cx<'_>, out: &mut Glue, edge: &Edge, role: &str, stream: &str) -> Expr {
    let origin = edge.target_span;
    // The bucket, named from the stream like every bucket wirec names.
    let bucket_id = format!("{stream}BackupBucket");
    let bucket_name = format!(
        "{}-${{AWS::AccountId}}-${{AWS::Region}}",
        physical(
            &format!("{}-backup", cx.model.resource(edge.from).name),
            37,
            true
        )
    );
    let bucket_arn = sub(format!("arn:{PARTITION}:s3:::{bucket_name}"));
    let mut bucket = Fields::new();
    bucket.insert("BucketName", sub(bucket_name));
    bucket.insert("PublicAccessBlockConfiguration", public_access_blocked());
    out.add(bucket_id, Kind::Bucket, origin, bucket);
    let s3_actions = cx
        .catalogue
        .service("s3")
        .and_then(|spec| spec.receive.as_ref())
        .map(|receive| receive.actions.clone())
        .unwrap_or_default();
    hold(
        out,
        role,
        Some(role),
        origin,
        statement_strings(
            &s3_actions,
            vec![bucket_arn.clone(), objects(&bucket_arn, None)],
        ),
    );
    map([("BucketARN", bucket_arn), ("RoleARN", Expr::arn(role))])
}

/// Firehose reads a destination's credentials from a Secrets Manager
/// secret with its own role, which may read that secret only.
pub(in crate::plan) fn secret_configuration(
    _cx: &Cx<'_>,
    out: &mut Glue,
    role: &str,
    secret: Expr,
) -> Expr {
    let origin = out.resource_mut(role).map(|resource| resource.origin);
    let read = statement(&["secretsmanager:GetSecretValue"], vec![secret.clone()]);
    match origin {
        Some(origin) => hold(out, role, Some(role), origin, read),
        None => out.roles.of(role.to_string()).push(read),
    }
    map([
        ("Enabled", Expr::Bool(true)),
        ("RoleARN", Expr::arn(role)),
        ("SecretARN", secret),
    ])
}

#[cfg(test)]
mod tests {
    use crate::plan::test_support::plan_of;
    use crate::plan::{Expr, GrantForm};

    #[test]
    fn an_opensearch_destination_reads_the_paths_aws_lists_and_each_is_recorded() {
        let plan = plan_of(
            "firehose logs -> deliver -> opensearch search = existing \"arn:aws:es:us-east-1:123456789012:domain/search\"\n",
        );
        let reads: Vec<&Expr> = plan
            .grants
            .iter()
            .filter(|record| {
                record.form == GrantForm::Identity && record.actions == ["es:ESHttpGet".to_string()]
            })
            .map(|record| &record.resource)
            .collect();
        let domain = "arn:aws:es:us-east-1:123456789012:domain/search";
        for path in [
            "_cluster/stats",
            "logs*/_mapping/*",
            "_nodes/*/stats",
            "logs*/_stats",
            "",
        ] {
            let arn = Expr::text(format!("{domain}/{path}"));
            assert!(reads.contains(&&arn), "{path}: {reads:?}");
        }
        assert_eq!(reads.len(), 9);
        // Every statement of the stream's role is recorded: the backup bucket too.
        assert!(
            plan.grants
                .iter()
                .any(|record| record.form == GrantForm::Identity
                    && record.actions.iter().any(|action| action == "s3:PutObject"))
        );
    }
}
