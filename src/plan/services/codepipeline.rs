//! AWS CodePipeline: a pipeline, its role and its artifact bucket.

use crate::model::ResourceId;
use crate::plan::build::{Cx, Handle, public_access_blocked};
use crate::plan::expr::{PARTITION, list, sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::iam::objects;
use crate::plan::names::physical;
use crate::plan::roles::{ServiceRole, allow, service_role};
use crate::plan::services::Creation;
use crate::plan::{Expr, Fields, Kind, map};

/// A pipeline (type V2) with its artifact bucket, its service role and its
/// source stage; the stages after it come from `invoke` edges.
pub(super) fn create(cx: &Creation<'_>, out: &mut Glue, properties: &mut Fields) -> Handle {
    let Creation { id, origin, .. } = *cx;
    let logical = cx.logical.as_str();
    let name = cx.physical_name();
    let bucket = format!("{logical}ArtifactBucket");
    let bucket_name = format!(
        "{}-${{AWS::AccountId}}-${{AWS::Region}}",
        physical(&format!("{name}-artifacts"), 37, true)
    );
    let bucket_arn = sub(format!("arn:{PARTITION}:s3:::{bucket_name}"));
    let mut bucket_properties = Fields::new();
    bucket_properties.insert("BucketName", sub(bucket_name));
    bucket_properties.insert("PublicAccessBlockConfiguration", public_access_blocked());
    out.add(bucket.clone(), Kind::Bucket, origin, bucket_properties);
    let mut statements = vec![
        statement(
            &["s3:GetBucketLocation", "s3:GetBucketVersioning"],
            vec![bucket_arn.clone()],
        ),
        statement(
            &["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
            vec![objects(&bucket_arn, None)],
        ),
    ];
    let (provider, configuration) = source_action(cx, id, &mut statements);
    let role = format!("{logical}Role");
    let pipeline_arn = sub(format!(
        "arn:{PARTITION}:codepipeline:${{AWS::Region}}:${{AWS::AccountId}}:{}",
        sub_literal(&name)
    ));
    service_role(
        cx,
        out,
        &ServiceRole {
            id: &role,
            origin,
            principal: "codepipeline.amazonaws.com",
            source_arn: Some(pipeline_arn),
        },
        Vec::new(),
    );
    for (actions, resources) in statements {
        allow(out, &role, origin, &actions, resources);
    }
    let source_stage = map([
        (
            "Actions",
            list(vec![map([
                (
                    "ActionTypeId",
                    map([
                        ("Category", text("Source")),
                        ("Owner", text("AWS")),
                        ("Provider", text(provider)),
                        ("Version", text("1")),
                    ]),
                ),
                ("Configuration", configuration),
                ("Name", text("Source")),
                (
                    "OutputArtifacts",
                    list(vec![map([("Name", text("SourceOutput"))])]),
                ),
            ])]),
        ),
        ("Name", text("Source")),
    ]);
    out.push_list(logical, "Stages", source_stage);
    properties.insert("Name", text(name.clone()));
    properties.insert("PipelineType", text("V2"));
    properties.insert("RoleArn", Expr::arn(&role));
    properties.insert(
        "ArtifactStore",
        map([("Location", Expr::Ref(bucket)), ("Type", text("S3"))]),
    );
    Handle {
        logical: Some(logical.to_string()),
        arn: sub(format!(
            "arn:{PARTITION}:codepipeline:${{AWS::Region}}:${{AWS::AccountId}}:{name}"
        )),
        name: text(name),
        role: Some(role),
    }
}

/// A statement of the pipeline's role: `actions` on `resources`.
fn statement(actions: &[&str], resources: Vec<Expr>) -> (Vec<String>, Vec<Expr>) {
    (actions.iter().map(ToString::to_string).collect(), resources)
}

/// The source stage's action (provider and configuration), adding what
/// the pipeline's role needs on the source to `statements`. Source actions
/// do not poll: rules on the source's events start the pipeline.
fn source_action(
    cx: &Cx<'_>,
    id: ResourceId,
    statements: &mut Vec<(Vec<String>, Vec<Expr>)>,
) -> (&'static str, Expr) {
    let location = cx.text_property(id, "location").unwrap_or_default();
    let branch = cx
        .text_property(id, "branch")
        .unwrap_or_else(|| "main".to_string());
    let source = match cx.property(id, "source") {
        Some(Expr::Text(source)) => source.to_string(),
        Some(Expr::Param(source)) => source,
        _ => String::new(),
    };
    match source.to_ascii_lowercase().as_str() {
        "s3" => {
            let (source_bucket, key) = location.split_once('/').unwrap_or((&location, ""));
            let source_arn = format!("arn:{PARTITION}:s3:::{}", sub_literal(source_bucket));
            statements.push(statement(
                &["s3:GetBucketVersioning"],
                vec![sub(source_arn.clone())],
            ));
            statements.push(statement(
                &["s3:GetObject", "s3:GetObjectVersion"],
                vec![sub(format!("{source_arn}/{}", sub_literal(key)))],
            ));
            (
                "S3",
                map([
                    ("PollForSourceChanges", text("false")),
                    ("S3Bucket", text(source_bucket.to_string())),
                    ("S3ObjectKey", text(key.to_string())),
                ]),
            )
        }
        "ecr" => {
            statements.push(statement(
                &["ecr:DescribeImages"],
                vec![sub(format!(
                    "arn:{PARTITION}:ecr:${{AWS::Region}}:${{AWS::AccountId}}:repository/{location}"
                ))],
            ));
            (
                "ECR",
                map([
                    ("ImageTag", text("latest")),
                    ("RepositoryName", text(location)),
                ]),
            )
        }
        "connection" => {
            let connection = cx.property(id, "connection").unwrap_or_else(|| text(""));
            statements.push(statement(
                &[
                    "codeconnections:UseConnection",
                    "codestar-connections:UseConnection",
                ],
                vec![connection.clone()],
            ));
            (
                "CodeStarSourceConnection",
                map([
                    ("BranchName", text(branch)),
                    ("ConnectionArn", connection),
                    ("DetectChanges", text("false")),
                    ("FullRepositoryId", text(location)),
                ]),
            )
        }
        _ => {
            statements.push(statement(
                &[
                    "codecommit:CancelUploadArchive",
                    "codecommit:GetBranch",
                    "codecommit:GetCommit",
                    "codecommit:GetRepository",
                    "codecommit:GetUploadArchiveStatus",
                    "codecommit:UploadArchive",
                ],
                vec![sub(format!(
                    "arn:{PARTITION}:codecommit:${{AWS::Region}}:${{AWS::AccountId}}:{location}"
                ))],
            ));
            (
                "CodeCommit",
                map([
                    ("BranchName", text(branch)),
                    ("PollForSourceChanges", text("false")),
                    ("RepositoryName", text(location)),
                ]),
            )
        }
    }
}
