//! A CodePipeline action of category Invoke: the AWS Lambda invoke action
//! (provider `Lambda`) or the AWS Step Functions invoke action (provider
//! `StepFunctions`), decided by the target's kind.

use crate::catalogue::AccessScope;
use crate::plan::expr::{list, text};
use crate::plan::glue::Glue;
use crate::plan::iam::statement;
use crate::plan::mechanisms::EdgeCx;
use crate::plan::mechanisms::code_access::{hold, scope_arn};
use crate::plan::names::physical;
use crate::plan::{Expr, Fields, Kind, map};

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (Some(pipeline), Some(pipeline_role)) = (cx.source.logical.clone(), cx.source.role.clone())
    else {
        return;
    };
    let (provider, configuration) = if cx.target_kind == Some(Kind::StateMachine) {
        state_machine_action(cx, out, &pipeline_role)
    } else {
        function_action(cx, out, &pipeline_role)
    };
    let stage = cx
        .edge
        .options
        .get("stage")
        .map_or("Invoke".to_string(), crate::model::OptionValue::joined);
    let action = map([
        (
            "ActionTypeId",
            map([
                ("Category", text("Invoke")),
                ("Owner", text("AWS")),
                ("Provider", text(provider)),
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

/// The Step Functions invoke action: the pipeline's role starts and
/// describes the state machine and describes its executions, as the action
/// reference's service role permissions list.
fn state_machine_action(
    cx: &EdgeCx<'_>,
    out: &mut Glue,
    pipeline_role: &str,
) -> (&'static str, Fields) {
    hold(
        out,
        pipeline_role,
        Some(pipeline_role),
        cx.origin,
        statement(
            &["states:DescribeStateMachine", "states:StartExecution"],
            vec![cx.target.arn.clone()],
        ),
    );
    if let Some(executions) = scope_arn(cx, AccessScope::Executions) {
        hold(
            out,
            pipeline_role,
            Some(pipeline_role),
            cx.origin,
            statement(&["states:DescribeExecution"], vec![executions]),
        );
    }
    let mut configuration = Fields::new();
    configuration.insert("StateMachineArn", cx.target.arn.clone());
    if let Some(prefix) = cx.edge.options.get("execution-prefix") {
        configuration.insert("ExecutionNamePrefix", text(prefix.joined()));
    }
    if let Some(input) = cx.edge.options.get("parameters") {
        configuration.insert("InputType", text("Literal"));
        configuration.insert("Input", text(input.joined()));
    }
    ("StepFunctions", configuration)
}

/// The Lambda invoke action: the pipeline's role invokes the function, and
/// the function's role reports the job's result.
fn function_action(cx: &EdgeCx<'_>, out: &mut Glue, pipeline_role: &str) -> (&'static str, Fields) {
    hold(
        out,
        pipeline_role,
        Some(pipeline_role),
        cx.origin,
        statement(&["lambda:InvokeFunction"], vec![cx.target.arn.clone()]),
    );
    // The function reports the job's result, which takes no resource.
    if let Some(function_role) = &cx.target.role {
        hold(
            out,
            function_role,
            Some(function_role),
            cx.origin,
            statement(
                &[
                    "codepipeline:PutJobFailureResult",
                    "codepipeline:PutJobSuccessResult",
                ],
                vec![text("*")],
            ),
        );
        if let Some(function) = &cx.target.logical
            && let Some(resource) = out.resource_mut(function)
        {
            let note = "codepipeline:PutJobSuccessResult and PutJobFailureResult take no resource, so the function's role has them on `*`".to_string();
            if !resource.notes.contains(&note) {
                resource.notes.push(note);
            }
        }
    }
    let mut configuration = Fields::new();
    configuration.insert("FunctionName", cx.target.name.clone());
    if let Some(parameters) = cx.edge.options.get("parameters") {
        configuration.insert("UserParameters", text(parameters.joined()));
    }
    ("Lambda", configuration)
}

#[cfg(test)]
mod tests {
    use crate::plan::Kind;
    use crate::plan::test_support::{plan_of, resource};

    #[test]
    fn a_state_machine_gets_the_step_functions_invoke_action_and_its_grants() {
        let plan = plan_of(
            "codepipeline release { source = codecommit, location = \"app\" } -> invoke execution-prefix \"rel\" parameters \"{}\" -> stepfunctions checks\n",
        );
        let stages = format!(
            "{:?}",
            resource(&plan, "ReleasePipeline").properties.get("Stages")
        );
        for expected in [
            "\"StepFunctions\"",
            "StateMachineArn",
            "ExecutionNamePrefix",
            "\"Literal\"",
        ] {
            assert!(stages.contains(expected), "{expected} not in {stages}");
        }
        assert!(!stages.contains("FunctionName"));
        let roles = format!(
            "{:?}",
            plan.resources
                .iter()
                .filter(|resource| resource.kind == Kind::Role)
                .collect::<Vec<_>>()
        );
        for action in [
            "states:StartExecution",
            "states:DescribeStateMachine",
            "states:DescribeExecution",
            ":execution:",
        ] {
            assert!(roles.contains(action), "{action} not granted: {roles}");
        }
        assert!(!roles.contains("lambda:InvokeFunction"));
    }
}
