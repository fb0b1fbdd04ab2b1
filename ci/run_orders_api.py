"""Runs the code of examples/orders-api.wire as wirec packaged it, against
moto's services (in-process; moto cannot run Lambda code without Docker).

The example is built; each function's zip is unpacked and its handler
imported as Lambda's Python runtime would (the template's `Handler`). The
resources the code uses are created in moto, and each function runs with the
environment its template gives it, every `Ref`/`Fn::GetAtt`/`Fn::Sub`
resolved to the moto resource. So this proves, for this example, that the
variables the `reads`/`writes`/`calls` edges promise are the ones the code
reads, that they name the right resources, and that the packaged code runs:
the API stores and prices an order (through the pricing function, called as
`lambda:Invoke` would), queues it, starts its checkout and announces it; the
fulfilment function then marks the queued order fulfilled.

Usage: python ci/run_orders_api.py WIREC [WIREC ARGS...]
  e.g. target/ci-venv/bin/python ci/run_orders_api.py cargo run --locked --release --quiet --
"""

import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

EXAMPLE = "examples/orders-api.wire"
REGION = "us-east-1"
ACCOUNT = "123456789012"


class Failure(Exception):
    pass


def unpack(out, manifest, logical_id, handler):
    """The handler function of one function's zip, imported from its own folder."""
    (artifact,) = [a for a in manifest["artifacts"] if a["logicalId"] == logical_id]
    folder = Path(out) / "unpacked" / logical_id
    with zipfile.ZipFile(Path(out) / "artifacts" / artifact["file"]) as archive:
        archive.extractall(folder)
    module, name = handler.rsplit(".", 1)
    spec = importlib.util.spec_from_file_location(f"{logical_id}_{module}", folder / f"{module}.py")
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return getattr(loaded, name)


def create_resources(template, clients):
    """Each resource the functions' environments name, created in moto; the
    values `Ref` and `Fn::GetAtt` give for it."""
    values = {}
    for logical_id, resource in sorted(template["Resources"].items()):
        kind, props = resource["Type"], resource.get("Properties", {})
        if kind == "AWS::DynamoDB::Table":
            name = f"orders-api-{logical_id}"
            table = clients["dynamodb"].create_table(
                TableName=name,
                KeySchema=props["KeySchema"],
                AttributeDefinitions=props["AttributeDefinitions"],
                BillingMode="PAY_PER_REQUEST",
            )["TableDescription"]
            values[logical_id] = {"Ref": name, "Arn": table["TableArn"]}
        elif kind == "AWS::SQS::Queue":
            name = f"orders-api-{logical_id}"
            url = clients["sqs"].create_queue(QueueName=name)["QueueUrl"]
            arn = clients["sqs"].get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
            values[logical_id] = {"Ref": url, "Arn": arn["Attributes"]["QueueArn"], "QueueName": name}
        elif kind == "AWS::SNS::Topic":
            name = f"orders-api-{logical_id}"
            arn = clients["sns"].create_topic(Name=name)["TopicArn"]
            values[logical_id] = {"Ref": arn, "TopicName": name}
        elif kind == "AWS::StepFunctions::StateMachine":
            name = f"orders-api-{logical_id}"
            arn = clients["stepfunctions"].create_state_machine(
                name=name,
                definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}),
                roleArn=f"arn:aws:iam::{ACCOUNT}:role/checkout",
            )["stateMachineArn"]
            values[logical_id] = {"Ref": arn, "Name": name}
        elif kind == "AWS::SSM::Parameter":
            clients["ssm"].put_parameter(Name=props["Name"], Value=props["Value"], Type=props["Type"])
            values[logical_id] = {"Ref": props["Name"]}
        elif kind == "AWS::Lambda::Function":
            name = f"orders-api-{logical_id}"
            values[logical_id] = {"Ref": name, "Arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"}
        elif kind == "AWS::S3::Bucket":
            bucket = props["BucketName"]
            if isinstance(bucket, dict):
                bucket = resolve(bucket, values, template)
            clients["s3"].create_bucket(Bucket=bucket)
            values[logical_id] = {"Ref": bucket, "Arn": f"arn:aws:s3:::{bucket}"}
    return values


def resolve(node, values, template):
    """A template value with its intrinsic functions evaluated against moto."""
    if isinstance(node, str):
        return node
    if "Ref" in node:
        name = node["Ref"]
        if name in values:
            return values[name]["Ref"]
        parameter = template.get("Parameters", {}).get(name)
        if parameter is not None:
            return parameter["Default"]
        raise Failure(f"cannot resolve Ref {name}")
    if "Fn::GetAtt" in node:
        name, attribute = node["Fn::GetAtt"]
        return values[name][attribute]
    if "Fn::Sub" in node:
        pseudo = {"AWS::AccountId": ACCOUNT, "AWS::Region": REGION, "AWS::Partition": "aws"}

        def one(match):
            key = match.group(1)
            if key in pseudo:
                return pseudo[key]
            name, _, attribute = key.partition(".")
            return values[name][attribute or "Ref"]

        return re.sub(r"\$\{([^}!]+)\}", one, node["Fn::Sub"])
    raise Failure(f"cannot resolve {node}")


def environment(template, logical_id, values):
    variables = template["Resources"][logical_id]["Properties"]["Environment"]["Variables"]
    return {key: resolve(value, values, template) for key, value in variables.items()}


def names_read(handler_source):
    return set(re.findall(r'os\.environ\["([A-Z0-9_]+)"\]', handler_source))


class InvokeOnly:
    """The Lambda client the API's code gets: `invoke` runs the packaged
    function that the name resolves to, as Lambda would (moto cannot)."""

    def __init__(self, functions):
        self.functions = functions

    def invoke(self, FunctionName, Payload):  # noqa: N803 (boto3's names)
        if FunctionName not in self.functions:
            raise Failure(f"invoke of {FunctionName}, which the wiring does not grant")
        result = self.functions[FunctionName](json.loads(Payload), None)
        return {"StatusCode": 200, "Payload": io.BytesIO(json.dumps(result).encode())}


def run(wirec, out):
    subprocess.run([*wirec, "build", EXAMPLE, "-o", out], check=True, stdout=subprocess.DEVNULL)
    stem = Path(EXAMPLE).stem
    template = json.loads((Path(out) / f"{stem}.template.json").read_text())
    manifest = json.loads((Path(out) / "artifacts" / f"{stem}.manifest.json").read_text())
    functions = {
        logical_id: resource["Properties"]
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Lambda::Function"
    }
    handlers = {
        logical_id: unpack(out, manifest, logical_id, props["Handler"]) for logical_id, props in functions.items()
    }
    # What each function's code reads from its environment, the template gives it.
    for logical_id, props in functions.items():
        source = (Path(EXAMPLE).parent / next(
            a["source"] for a in manifest["artifacts"] if a["logicalId"] == logical_id
        ) / f"{props['Handler'].rsplit('.', 1)[0]}.py").read_text()
        missing = names_read(source) - set(props.get("Environment", {}).get("Variables", {}))
        if missing:
            raise Failure(f"{logical_id}'s code reads {sorted(missing)}, which its template does not set")

    import boto3
    from moto import mock_aws

    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION=REGION)
    with mock_aws():
        clients = {name: boto3.client(name, region_name=REGION) for name in ("dynamodb", "s3", "sns", "sqs", "ssm", "stepfunctions")}
        values = create_resources(template, clients)
        by_name = {values[logical_id]["Ref"]: handlers[logical_id] for logical_id in functions}
        clients["lambda"] = InvokeOnly(by_name)

        os.environ.update(environment(template, "ApiFunction", values))
        event = {"body": json.dumps({"id": "order-1", "items": [{"price": 600, "quantity": 2}]})}
        response = handlers["ApiFunction"](event, None, clients=clients)
        if response["statusCode"] != 201 or json.loads(response["body"])["total"] != 1200:
            raise Failure(f"the API answered {response}")
        table = os.environ["ORDERS_TABLE_NAME"]
        item = clients["dynamodb"].get_item(TableName=table, Key={"orderId": {"S": "order-1"}})["Item"]
        if item["total"] != {"N": "1200"} or item["currency"] != {"S": "EUR"}:
            raise Failure(f"the stored order is {item}")
        executions = clients["stepfunctions"].list_executions(stateMachineArn=os.environ["CHECKOUT_STATE_MACHINE_ARN"])
        if len(executions["executions"]) != 1:
            raise Failure(f"checkout executions: {executions['executions']}")
        messages = clients["sqs"].receive_message(QueueUrl=os.environ["JOBS_QUEUE_URL"], MaxNumberOfMessages=10)
        records = [{"body": message["Body"]} for message in messages.get("Messages", [])]
        if len(records) != 1:
            raise Failure(f"queued jobs: {records}")
        print("api: stored order-1 (total 1200 EUR, priced by the pricing function), queued it, started its checkout, announced it")

        for key in list(os.environ):
            if key.endswith(("_NAME", "_ARN", "_URL")):
                del os.environ[key]
        os.environ.update(environment(template, "FulfilFunction", values))
        result = handlers["FulfilFunction"]({"Records": records}, None, dynamodb=clients["dynamodb"])
        item = clients["dynamodb"].get_item(TableName=table, Key={"orderId": {"S": "order-1"}})["Item"]
        if result != {"fulfilled": 1} or item.get("status") != {"S": "fulfilled"}:
            raise Failure(f"fulfil returned {result}; the order is {item}")
        print("fulfil: marked order-1 fulfilled from the queued message")


def main():
    wirec = sys.argv[1:] or ["target/release/wirec"]
    with tempfile.TemporaryDirectory() as out:
        try:
            run(wirec, out)
        except Failure as failure:
            print(f"run_orders_api: {failure}")
            return 1
    print("run_orders_api: 2 functions run on moto, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
