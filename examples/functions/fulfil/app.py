"""Fulfils queued orders: marks each order in the table as fulfilled."""

import json
import os

import boto3


def handler(event, context, dynamodb=None):
    dynamodb = dynamodb or boto3.client("dynamodb")
    for record in event.get("Records", []):
        order_id = json.loads(record["body"])["orderId"]
        dynamodb.update_item(
            TableName=os.environ["ORDERS_TABLE_NAME"],
            Key={"orderId": {"S": order_id}},
            UpdateExpression="SET #status = :fulfilled",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":fulfilled": {"S": "fulfilled"}},
        )
    return {"fulfilled": len(event.get("Records", []))}
