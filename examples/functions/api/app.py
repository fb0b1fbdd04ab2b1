"""The orders API: stores an order, prices it, queues its fulfilment, starts
its checkout and announces large orders.

Every name it needs reaches it as an environment variable that wirec sets from
the wiring (docs/language.md, "What code calls"); nothing here names a resource.
"""

import json
import os
import uuid

import boto3


def _clients():
    return {
        name: boto3.client(name)
        for name in ("dynamodb", "lambda", "s3", "sns", "sqs", "ssm", "stepfunctions")
    }


def handler(event, context, clients=None):
    clients = clients or _clients()
    order = json.loads(event.get("body") or "{}")
    order_id = order.get("id") or str(uuid.uuid4())
    config = json.loads(
        clients["ssm"].get_parameter(Name=os.environ["APP_CONFIG_PARAMETER_NAME"])["Parameter"]["Value"]
    )
    priced = clients["lambda"].invoke(
        FunctionName=os.environ["PRICING_FUNCTION_NAME"],
        Payload=json.dumps({"items": order.get("items", [])}).encode(),
    )
    total = json.loads(priced["Payload"].read())["total"]
    clients["dynamodb"].put_item(
        TableName=os.environ["ORDERS_TABLE_NAME"],
        Item={
            "orderId": {"S": order_id},
            "total": {"N": str(total)},
            "currency": {"S": config["currency"]},
        },
    )
    clients["sqs"].send_message(
        QueueUrl=os.environ["JOBS_QUEUE_URL"],
        MessageBody=json.dumps({"orderId": order_id}),
    )
    clients["stepfunctions"].start_execution(
        stateMachineArn=os.environ["CHECKOUT_STATE_MACHINE_ARN"],
        input=json.dumps({"orderId": order_id, "total": total}),
    )
    if total >= config.get("alert_above", 1000):
        clients["sns"].publish(
            TopicArn=os.environ["ALERTS_TOPIC_ARN"],
            Subject="Large order",
            Message=json.dumps({"orderId": order_id, "total": total}),
        )
    return {"statusCode": 201, "body": json.dumps({"orderId": order_id, "total": total})}
