//! An Elastic Beanstalk worker environment's queue.

use crate::plan::Expr;
use crate::plan::expr::{PARTITION, sub};
use crate::plan::glue::Glue;
use crate::plan::iam::statement;
use crate::plan::keys::{KEY_SENDER_ACTIONS, key_for_role};
use crate::plan::mechanisms::EdgeCx;
use crate::plan::mechanisms::code_access::hold;
use crate::plan::services::beanstalk::option_setting;
use crate::plan::services::sqs;

pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    let (Some(environment), Some(role)) = (cx.source.logical.clone(), cx.source.role.clone())
    else {
        return;
    };
    let url = sqs::url(cx.target);
    out.push_list(
        &environment,
        "OptionSettings",
        option_setting("aws:elasticbeanstalk:sqsd", "WorkerQueueURL", url),
    );
    // The daemon reads, deletes and extends messages; with `cron.yaml`
    // the leader also sends the scheduled jobs to the queue and keeps
    // its leadership in a DynamoDB table Elastic Beanstalk creates.
    let periodic = matches!(
        cx.property(cx.edge.from, "periodic-tasks"),
        Some(Expr::Bool(true))
    );
    let mut actions = vec![
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:ReceiveMessage",
    ];
    if periodic {
        actions.push("sqs:SendMessage");
    }
    let mut statements = vec![statement(&actions, vec![cx.target.arn.clone()])];
    if periodic {
        statements.push(statement(
            &[
                "dynamodb:BatchGetItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:DeleteItem",
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:Query",
                "dynamodb:Scan",
                "dynamodb:UpdateItem",
            ],
            vec![sub(format!(
                "arn:{PARTITION}:dynamodb:${{AWS::Region}}:${{AWS::AccountId}}:table/*-stack-AWSEBWorkerCronLeaderRegistry*"
            ))],
        ));
        if let Some(resource) = out.resource_mut(&role) {
            resource.notes.push("the worker's leader election table is created by Elastic Beanstalk with a generated name, so the DynamoDB actions are on its name pattern (`*-stack-AWSEBWorkerCronLeaderRegistry*`)".to_string());
        }
    }
    for statement in statements {
        hold(out, &role, Some(&role), cx.origin, statement);
    }
    let key_actions: &[&str] = if periodic {
        &KEY_SENDER_ACTIONS
    } else {
        &["kms:Decrypt"]
    };
    key_for_role(cx, out, &role, cx.edge.to, key_actions);
    out.depend(&environment, cx.target.logical.clone());
}
