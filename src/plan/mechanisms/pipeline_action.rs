//! A CodePipeline action that invokes a Lambda function.

use crate::plan::expr::{list, text};
use crate::plan::glue::Glue;
use crate::plan::iam::statement;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::names::physical;
use crate::plan::{Expr, Fields, map};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (Some(pipeline), Some(pipeline_role)) = (cx.source.logical.clone(), cx.source.role.clone())
    else {
        return;
    };
    out.roles.of(pipeline_role.clone()).push(statement(
        &["lambda:InvokeFunction"],
        vec![cx.target.arn.clone()],
    ));
    // The function reports the job's result, which takes no resource.
    if let Some(function_role) = &cx.target.role {
        out.roles.of(function_role.clone()).push(statement(
            &[
                "codepipeline:PutJobFailureResult",
                "codepipeline:PutJobSuccessResult",
            ],
            vec![text("*")],
        ));
        if let Some(function) = &cx.target.logical
            && let Some(resource) = out.resource_mut(function)
        {
            let note = "codepipeline:PutJobSuccessResult and PutJobFailureResult take no resource, so the function's role has them on `*`".to_string();
            if !resource.notes.contains(&note) {
                resource.notes.push(note);
            }
        }
    }
    let stage = cx
        .edge
        .options
        .get("stage")
        .map_or("Invoke".to_string(), crate::model::OptionValue::joined);
    let mut configuration = Fields::new();
    configuration.insert("FunctionName", cx.target.name.clone());
    if let Some(parameters) = cx.edge.options.get("parameters") {
        configuration.insert("UserParameters", text(parameters.joined()));
    }
    let action = map([
        (
            "ActionTypeId",
            map([
                ("Category", text("Invoke")),
                ("Owner", text("AWS")),
                ("Provider", text("Lambda")),
                ("Version", text("1")),
            ]),
        ),
        ("Configuration", Expr::Map(configuration)),
        (
            "InputArtifacts",
            list(vec![map([("Name", text("SourceOutput"))])]),
        ),
        (
            "Name",
            text(physical(&cx.model.resource(cx.edge.to).name, 100, false)),
        ),
    ]);
    out.stages
        .entry(pipeline.clone())
        .or_default()
        .entry(stage)
        .or_default()
        .push(action);
    out.depend(&pipeline, Some(pipeline_role));
}
