#!/usr/bin/env python3
"""Deploy every example's template to moto's CloudFormation and check each
resource through its own service's API.

    python3 ci/deploy_test.py OUT/json/*.json [--yaml OUT/yaml/*.yaml]

A moto server is started on 127.0.0.1 on a free port, each template is created
as a stack with boto3 (dummy credentials, us-east-1), the stack must reach
CREATE_COMPLETE, and every resource it holds must then be found through its
service (sqs get_queue_attributes, sns get_topic_attributes, lambda
get_function, ...), with the literal properties of the template where moto
keeps them (a queue's VisibilityTimeout, a function's Runtime, a rule's
targets...). The server is stopped by its pid at the end. Each YAML template
given must load to exactly the same template as the JSON one of the same name,
so one deployment covers both.

What this does NOT prove, so that nobody reads more into a green run:
- moto does not enforce IAM or resource policies, and this test sends no event
  through any edge: a topic policy, a Lambda permission or a role's policy is
  only shown to be accepted and stored, never to let the traffic through.
  ci/iam_audit.py reviews the documents; only a real account proves delivery.
- moto's CloudFormation cannot create some resource types at all
  (MOTO_CANNOT_CREATE). They are taken out of the copy that is deployed, each
  printed with the reason; references to them from the resources that stay are
  replaced by the value CloudFormation would give (ci/cfn_template.py), also
  printed.
- moto creates some types but ignores some of their properties
  (MOTO_IGNORES): those are listed and not checked.
"""

import argparse
import ast
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cfn_template import REGION, TYPES, Resolver, load_template

# Resource types that moto's CloudFormation (moto 5.2.5) cannot create: it has
# no CloudFormation model for them, skips them with a warning, and fails the
# whole stack on the first Fn::GetAtt or output that names one.
MOTO_CANNOT_CREATE = {
    "AWS::CloudWatch::Alarm": "moto's CloudFormation has no model for CloudWatch alarms",
    "AWS::ApiGateway::Account": "moto's CloudFormation has no model for API Gateway's account settings",
    "AWS::ApiGateway::Stage": "moto's CloudFormation has no model for API Gateway stages",
    "AWS::ApiGatewayV2::Api": "moto's CloudFormation has no model for API Gateway HTTP APIs",
    "AWS::ApiGatewayV2::Integration": "moto's CloudFormation has no model for HTTP API integrations",
    "AWS::ApiGatewayV2::Route": "moto's CloudFormation has no model for HTTP API routes",
    "AWS::ApiGatewayV2::Stage": "moto's CloudFormation has no model for HTTP API stages",
    "AWS::AutoScaling::ScalingPolicy": "moto's CloudFormation has no model for scaling policies",
    "AWS::Chatbot::SlackChannelConfiguration": "moto has no Amazon Q Developer in chat applications (Chatbot)",
    "AWS::CloudTrail::Trail": "moto's CloudFormation has no model for CloudTrail trails",
    "AWS::Scheduler::Schedule": "moto's CloudFormation has no model for EventBridge Scheduler schedules",
    "AWS::Events::Connection": "moto's CloudFormation has no model for EventBridge connections",
    "AWS::Events::ApiDestination": "moto's CloudFormation has no model for EventBridge API destinations",
    "AWS::Scheduler::ScheduleGroup": "moto's CloudFormation has no model for EventBridge Scheduler schedule groups",
    "AWS::CodeBuild::Project": "moto's CloudFormation has no model for CodeBuild projects",
    "AWS::CodeCommit::Repository": "moto's CloudFormation has no model for CodeCommit repositories",
    "AWS::Pipes::Pipe": "moto's CloudFormation has no model for EventBridge Pipes",
    "AWS::Config::ConfigurationRecorder": "moto's CloudFormation has no model for Config recorders",
    "AWS::Config::DeliveryChannel": "moto's CloudFormation has no model for Config delivery channels",
    "AWS::Config::ConfigRule": "moto's CloudFormation has no model for Config rules",
    "AWS::Config::RemediationConfiguration": "moto's CloudFormation has no model for Config remediation configurations",
    "AWS::Lambda::EventInvokeConfig": "moto's CloudFormation has no model for a function's event invoke configuration",
    "AWS::ElasticBeanstalk::Application": "moto's CloudFormation has no model for Elastic Beanstalk applications",
    "AWS::ElasticBeanstalk::Environment": "moto's CloudFormation has no model for Elastic Beanstalk environments",
    "AWS::DAX::Cluster": "moto's CloudFormation has no model for DAX clusters",
    "AWS::GuardDuty::Detector": "moto's CloudFormation has no model for GuardDuty detectors",
    "AWS::GuardDuty::PublishingDestination": "moto's CloudFormation has no model for GuardDuty publishing destinations",
    "AWS::CodeDeploy::Application": "moto's CloudFormation has no model for CodeDeploy",
    "AWS::CodeDeploy::DeploymentGroup": "moto's CloudFormation has no model for CodeDeploy",
    "AWS::CodePipeline::Pipeline": "moto's CloudFormation has no model for pipelines",
    "AWS::CodeStarNotifications::NotificationRule": "moto has no CodeStar Notifications at all",
    "AWS::KinesisAnalyticsV2::Application": "moto's CloudFormation has no model for Managed Service for Apache Flink",
    "AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption": "moto's CloudFormation has no model for Flink logging options",
    "AWS::KinesisFirehose::DeliveryStream": "moto's CloudFormation has no model for Firehose delivery streams",
    "AWS::Logs::Delivery": "moto's CloudFormation has no model for vended-log deliveries",
    "AWS::Logs::DeliveryDestination": "moto's CloudFormation has no model for vended-log delivery destinations",
    "AWS::Logs::DeliverySource": "moto's CloudFormation has no model for vended-log delivery sources",
    "AWS::Logs::LogStream": "moto's CloudFormation has no model for log streams",
    "AWS::Logs::SubscriptionFilter": "moto's CloudFormation has no model for subscription filters",
    "AWS::ServiceCatalog::CloudFormationProvisionedProduct": "moto's CloudFormation has no model for provisioned products",
    "AWS::SNS::Subscription": "moto's CloudFormation has no model for SNS subscriptions (only a topic's inline "
    "Subscription list)",
    "AWS::S3::BucketPolicy": "moto's CloudFormation has no model for bucket policies",
    "AWS::SNS::TopicPolicy": "moto's CloudFormation has no model for topic policies",
    "AWS::SQS::QueuePolicy": "moto's CloudFormation has no model for queue policies",
}

# Properties that moto's CloudFormation handler of a type it does create
# ignores (read from moto 5.2.5's create_from_cloudformation_json): they cannot
# be checked here.
MOTO_IGNORES = {
    "AWS::CloudFormation::Stack": {
        "NotificationARNs": "moto's CloudFormation does not pass a nested stack's NotificationARNs on",
    },
    "AWS::Route53::HostedZone": {
        "QueryLoggingConfig": "moto's CloudFormation does not create a zone's query logging configuration",
    },
    "AWS::AutoScaling::AutoScalingGroup": {
        "LifecycleHookSpecificationList": "moto's CloudFormation does not create a group's lifecycle hooks",
        "NotificationConfigurations": "moto does not implement DescribeNotificationConfigurations",
    },
    "AWS::S3::Bucket": {
        "NotificationConfiguration": "moto applies only BucketName, BucketEncryption and Tags",
        "PublicAccessBlockConfiguration": "moto applies only BucketName, BucketEncryption and Tags",
        "VersioningConfiguration": "moto applies only BucketName, BucketEncryption and Tags",
    },
    "AWS::Lambda::Function": {
        "LoggingConfig": "moto does not read LoggingConfig",
    },
    "AWS::Kinesis::Stream": {
        "StreamModeDetails": "moto applies only Name, ShardCount, RetentionPeriodHours and Tags",
        "StreamEncryption": "moto applies only Name, ShardCount, RetentionPeriodHours and Tags",
    },
    "AWS::StepFunctions::StateMachine": {
        "StateMachineType": "moto applies only StateMachineName, DefinitionString, RoleArn and Tags",
    },
    "AWS::IAM::Role": {
        "ManagedPolicyArns": "moto does not attach ManagedPolicyArns",
    },
}

# Where moto's Fn::GetAtt differs from CloudFormation's (TYPES has
# CloudFormation's): the expected values are computed as moto gives them.
MOTO_ATTRIBUTES = {
    # CloudFormation's log group Arn ends in ":*"; moto's does not.
    ("AWS::Logs::LogGroup", "Arn"): "arn:{partition}:logs:{region}:{account}:log-group:{name}",
    # A key has no name: its ARN ends in the key id moto gave it.
    ("AWS::KMS::Key", "Arn"): "arn:{partition}:kms:{region}:{account}:key/{name}",
}

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": REGION}


class Failure(Exception):
    pass


# --- the moto server ---------------------------------------------------------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_moto(log_path):
    binary = Path(sys.executable).parent / "moto_server"
    command = [str(binary) if binary.exists() else "moto_server", "-H", "127.0.0.1"]
    for _ in range(3):
        port = free_port()
        with open(log_path, "w") as log:  # the server keeps its own copy of the descriptor
            process = subprocess.Popen(
                command + ["-p", str(port)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        endpoint = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2):
                    return process, endpoint
            except OSError:
                time.sleep(0.3)
        stop_moto(process)
    raise Failure(f"moto_server did not start; see {log_path}")


def stop_moto(process):
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


def reset_moto(endpoint):
    request = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=30):
        pass


# --- the copy that moto can deploy --------------------------------------------


def check_moto_support(templates):
    """MOTO_CANNOT_CREATE must be exactly the types of these templates that
    moto's CloudFormation has no model for, so the list stays true."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from moto.cloudformation.parsing import get_model_map

        models = get_model_map()
    used = {resource["Type"] for template in templates for resource in template["Resources"].values()}
    problems = []
    for kind in sorted(used):
        if kind in MOTO_CANNOT_CREATE and kind in models:
            problems.append(f"moto's CloudFormation can create {kind} now: take it out of MOTO_CANNOT_CREATE")
        if kind not in MOTO_CANNOT_CREATE and kind not in models:
            problems.append(f"moto's CloudFormation cannot create {kind}: add it to MOTO_CANNOT_CREATE with why")
    if problems:
        raise Failure("; ".join(problems))


def moto_copy(template):
    """The template without the resources moto cannot create; references to
    them replaced by their CloudFormation values. Returns (copy, notes)."""
    copy = json.loads(json.dumps(template))
    resources = copy["Resources"]
    removed = {name: resource["Type"] for name, resource in resources.items() if resource["Type"] in MOTO_CANNOT_CREATE}
    notes = []
    for kind in sorted(set(removed.values())):
        names = sorted(name for name, k in removed.items() if k == kind)
        notes.append(f"removed {len(names)} {kind} ({MOTO_CANNOT_CREATE[kind]}): {', '.join(names)}")
    resolver = Resolver(template)
    buses = {name for name, resource in resources.items() if resource["Type"] == "AWS::Events::EventBus"}
    bus_users = {}

    def value_of(node):
        return resolver.resolve(node)

    def substitute(node, owner, path):
        if isinstance(node, list):
            return [substitute(item, owner, f"{path}/{index}") for index, item in enumerate(node)]
        if not isinstance(node, dict):
            return node
        # moto resolves a Ref to an event bus into its model object, not the
        # bus's name, and then fails on it (PutRule, a function's environment):
        # the copy names the bus itself.
        if set(node) == {"Ref"} and node["Ref"] in buses:
            # The name alone would lose the Ref's ordering: the owner waits.
            bus_users.setdefault(owner, set()).add(node["Ref"])
            value = value_of(node)
            notes.append(f"  {owner}{path}: Ref {node['Ref']} -> {value} (moto fails on a Ref to a bus)")
            return value
        if set(node) == {"Ref"} and node["Ref"] in removed:
            value = value_of(node)
            notes.append(f"  {owner}{path}: Ref {node['Ref']} -> {value}")
            return value
        if set(node) == {"Fn::GetAtt"}:
            target = node["Fn::GetAtt"]
            target = target.split(".", 1) if isinstance(target, str) else target
            if target[0] in removed:
                value = value_of(node)
                notes.append(f"  {owner}{path}: Fn::GetAtt {'.'.join(target)} -> {value}")
                return value
        if set(node) == {"Fn::Sub"}:
            text, variables = (node["Fn::Sub"], {}) if isinstance(node["Fn::Sub"], str) else node["Fn::Sub"]
            for name in removed:
                for token in (
                    f"${{{name}}}",
                    *[f"${{{name}.{a}}}" for a in TYPES.get(removed[name], {}).get("attrs", {})],
                ):
                    if token in text:
                        inner = token[2:-1]
                        value = resolver.get_att(*inner.split(".", 1)) if "." in inner else resolver.ref(inner)
                        notes.append(f"  {owner}{path}: ${{{inner}}} in Fn::Sub -> {value}")
                        text = text.replace(token, value)
            return {"Fn::Sub": text if not variables else [text, substitute(variables, owner, path)]}
        return {key: substitute(value, owner, f"{path}/{key}") for key, value in node.items()}

    for name in removed:
        del resources[name]
    for name, resource in resources.items():
        depends = resource.get("DependsOn")
        if depends is not None:
            depends = [depends] if isinstance(depends, str) else depends
            kept = [d for d in depends if d not in removed]
            if len(kept) != len(depends):
                notes.append(f"  {name}/DependsOn: dropped {sorted(set(depends) - set(kept))}")
            if kept:
                resource["DependsOn"] = kept
            else:
                del resource["DependsOn"]
        if "Properties" in resource:
            resource["Properties"] = substitute(resource["Properties"], name, "")
        # moto keeps a key policy given as an object as that object, and then
        # fails every DescribeKey that parses it: it gets the JSON text instead.
        if resource["Type"] == "AWS::KMS::Key" and isinstance(resource["Properties"].get("KeyPolicy"), dict):
            resource["Properties"]["KeyPolicy"] = json.dumps(resolver.resolve(resource["Properties"]["KeyPolicy"]))
            notes.append(f"  {name}/KeyPolicy: given to moto as JSON text (moto fails on a policy object)")
        # moto's archive hands EventPattern to json.loads, so an object (what
        # CloudFormation's schema says it is) fails: it gets the JSON text.
        if resource["Type"] == "AWS::Events::Archive" and isinstance(resource["Properties"].get("EventPattern"), dict):
            resource["Properties"]["EventPattern"] = json.dumps(resolver.resolve(resource["Properties"]["EventPattern"]))
            notes.append(f"  {name}/EventPattern: given to moto as JSON text (moto fails on a pattern object)")
    for owner, used in bus_users.items():
        if owner in resources:
            depends = resources[owner].get("DependsOn", [])
            depends = [depends] if isinstance(depends, str) else depends
            resources[owner]["DependsOn"] = sorted(set(depends) | used)
    outputs = copy.get("Outputs", {})
    for name in list(outputs):
        if any(f'"{r}"' in json.dumps(outputs[name]) or f"${{{r}" in json.dumps(outputs[name]) for r in removed):
            del outputs[name]
            notes.append(f"  output {name} dropped: it names a removed resource")
    return copy, removed, notes


# --- checks through each service's API ---------------------------------------


class DeployedResolver(Resolver):
    """Resolves the deployed copy's intrinsics with moto's physical ids."""

    def __init__(self, template, physical_ids):
        super().__init__(template)
        self.physical_ids = physical_ids
        self.known = {}  # (logical id, attribute) -> value read from moto

    def physical_name(self, logical_id):
        physical = self.physical_ids[logical_id]
        kind = self.resources[logical_id]["Type"]
        if kind == "AWS::SQS::Queue":
            return physical.rsplit("/", 1)[1]
        if kind in ("AWS::SNS::Topic",):
            return physical.rsplit(":", 1)[1]
        if kind == "AWS::StepFunctions::StateMachine":
            return physical.rsplit(":", 1)[1]
        if kind == "AWS::Events::EventBus":
            # moto's physical id for a bus is not its name; wirec always writes the name.
            return self.resources[logical_id]["Properties"]["Name"]
        if kind == "AWS::Events::Archive" and not physical:
            # moto reports no physical id for an archive; wirec always writes its name.
            return self.resources[logical_id]["Properties"]["ArchiveName"]
        return physical

    def ref(self, name):
        # An instance's Ref is the id EC2 gave it, which no template can predict.
        if self.resources.get(name, {}).get("Type") == "AWS::EC2::Instance" and name in self.physical_ids:
            return self.physical_ids[name]
        return super().ref(name)

    def get_att(self, logical_id, attribute):
        if (logical_id, attribute) in self.known:
            return self.known[(logical_id, attribute)]
        kind = self.resources.get(logical_id, {}).get("Type")
        if (kind, attribute) in MOTO_ATTRIBUTES:
            return self._format(logical_id, MOTO_ATTRIBUTES[(kind, attribute)])
        return super().get_att(logical_id, attribute)


class Checker:
    def __init__(self, endpoint, template, physical_ids):
        import boto3

        self.template = template
        self.physical = physical_ids
        self.resolver = DeployedResolver(template, physical_ids)
        self.session = boto3.session.Session(**CREDENTIALS)
        self.endpoint = endpoint
        self.clients = {}
        self.checks = 0
        self.ignored = []
        for logical_id, resource in template["Resources"].items():
            if resource["Type"] == "AWS::DynamoDB::Table":
                # A table's StreamArn ends in the stream's creation time.
                table = self.client("dynamodb").describe_table(TableName=physical_ids[logical_id])["Table"]
                if "LatestStreamArn" in table:
                    self.resolver.known[(logical_id, "StreamArn")] = table["LatestStreamArn"]

    def client(self, service):
        if service not in self.clients:
            self.clients[service] = self.session.client(service, endpoint_url=self.endpoint)
        return self.clients[service]

    def expect(self, logical_id, what, expected, actual):
        self.checks += 1
        if expected != actual:
            raise Failure(f"{logical_id}: {what}: expected {expected!r}, moto has {actual!r}")

    def props(self, logical_id):
        """The resource's properties less those moto ignores (listed)."""
        resource = self.template["Resources"][logical_id]
        properties = dict(resource.get("Properties", {}))
        for name, why in MOTO_IGNORES.get(resource["Type"], {}).items():
            if name in properties:
                self.ignored.append((resource["Type"], name, why))
                del properties[name]
        return properties

    def value(self, node):
        return self.resolver.resolve(node)

    def arn(self, logical_id):
        return self.resolver.get_att(logical_id, "Arn")

    def check(self, logical_id):
        kind = self.template["Resources"][logical_id]["Type"]
        method = getattr(self, "check_" + kind.replace("AWS::", "").replace("::", "_"), None)
        if method is None:
            raise Failure(f"{logical_id}: no check for {kind} in ci/deploy_test.py; add one")
        method(logical_id, self.props(logical_id), self.physical[logical_id])

    # One method per resource type wirec writes.

    def check_SQS_Queue(self, logical_id, props, url):
        sqs = self.client("sqs")
        name = url.rsplit("/", 1)[1]
        # moto answers with its own host in the URL: compare ACCOUNT/NAME.
        self.expect(
            logical_id,
            "get_queue_url",
            url.split("/", 3)[3],
            sqs.get_queue_url(QueueName=name)["QueueUrl"].split("/", 3)[3],
        )
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.expect(logical_id, "QueueArn", self.arn(logical_id), attributes["QueueArn"])
        if "VisibilityTimeout" in props:
            self.expect(
                logical_id, "VisibilityTimeout", str(props["VisibilityTimeout"]), attributes["VisibilityTimeout"]
            )

    def check_SNS_Topic(self, logical_id, props, arn):
        attributes = self.client("sns").get_topic_attributes(TopicArn=arn)["Attributes"]
        self.expect(logical_id, "TopicArn", arn, attributes["TopicArn"])
        if "DisplayName" in props:
            self.expect(logical_id, "DisplayName", props["DisplayName"], attributes.get("DisplayName"))

    def check_Lambda_Function(self, logical_id, props, name):
        configuration = self.client("lambda").get_function(FunctionName=name)["Configuration"]
        self.expect(logical_id, "FunctionArn", self.arn(logical_id), configuration["FunctionArn"])
        self.expect(logical_id, "Role", self.value(props["Role"]), configuration["Role"])
        for key in ("Runtime", "Handler", "Timeout", "MemorySize"):
            if key in props:
                self.expect(logical_id, key, props[key], configuration[key])

    def check_Lambda_Permission(self, logical_id, props, _physical):
        function = self.value(props["FunctionName"])
        policy = json.loads(self.client("lambda").get_policy(FunctionName=function)["Policy"])
        principal = self.value(props["Principal"])
        source_arn = self.value(props.get("SourceArn"))
        matching = [
            statement
            for statement in policy["Statement"]
            if statement.get("Principal", {}).get("Service") == principal
            and (source_arn is None or json.dumps(source_arn) in json.dumps(statement.get("Condition", {})))
        ]
        self.expect(logical_id, f"a statement for {principal} in the function's policy", True, bool(matching))

    def check_Lambda_EventSourceMapping(self, logical_id, props, uuid):
        mapping = self.client("lambda").get_event_source_mapping(UUID=uuid)
        self.expect(logical_id, "EventSourceArn", self.value(props["EventSourceArn"]), mapping["EventSourceArn"])
        function = self.value(props["FunctionName"])
        self.expect(logical_id, "function", function, mapping["FunctionArn"].rsplit(":", 1)[-1])
        for key in ("BatchSize", "StartingPosition"):
            if key in props:
                self.expect(logical_id, key, props[key], mapping.get(key))

    def check_S3_Bucket(self, logical_id, props, name):
        s3 = self.client("s3")
        s3.head_bucket(Bucket=name)
        self.checks += 1
        if "BucketName" in props:
            self.expect(logical_id, "BucketName", self.value(props["BucketName"]), name)
        if "Tags" in props:
            tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=name)["TagSet"]}
            self.expect(logical_id, "Tags", {t["Key"]: self.value(t["Value"]) for t in props["Tags"]}, tags)

    def check_DynamoDB_Table(self, logical_id, props, name):
        table = self.client("dynamodb").describe_table(TableName=name)["Table"]
        self.expect(logical_id, "KeySchema", props["KeySchema"], table["KeySchema"])
        if "BillingMode" in props:
            self.expect(
                logical_id, "BillingMode", props["BillingMode"], table.get("BillingModeSummary", {}).get("BillingMode")
            )
        if "StreamSpecification" in props:
            self.expect(
                logical_id,
                "StreamViewType",
                props["StreamSpecification"]["StreamViewType"],
                table.get("StreamSpecification", {}).get("StreamViewType"),
            )
            self.expect(logical_id, "a stream", True, bool(table.get("LatestStreamArn")))

    def check_Kinesis_Stream(self, logical_id, props, name):
        summary = self.client("kinesis").describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        self.expect(logical_id, "StreamARN", self.arn(logical_id), summary["StreamARN"])
        if "RetentionPeriodHours" in props:
            self.expect(
                logical_id, "RetentionPeriodHours", props["RetentionPeriodHours"], summary["RetentionPeriodHours"]
            )

    def check_Logs_LogGroup(self, logical_id, props, name):
        groups = self.client("logs").describe_log_groups(logGroupNamePrefix=name)["logGroups"]
        group = next((g for g in groups if g["logGroupName"] == name), None)
        self.expect(logical_id, "log group exists", True, group is not None)
        if "RetentionInDays" in props:
            self.expect(logical_id, "RetentionInDays", props["RetentionInDays"], group.get("retentionInDays"))

    def check_Logs_ResourcePolicy(self, logical_id, props, name):
        policies = self.client("logs").describe_resource_policies()["resourcePolicies"]
        policy = next((p for p in policies if p["policyName"] == name), None)
        self.expect(logical_id, "resource policy exists", True, policy is not None)
        self.expect(
            logical_id,
            "policyDocument",
            json.loads(self.value(props["PolicyDocument"])),
            json.loads(policy["policyDocument"]),
        )

    def check_Events_EventBus(self, logical_id, props, name):
        # moto reports no physical id for a bus: wirec always writes its name.
        bus = self.client("events").describe_event_bus(Name=name or self.value(props["Name"]))
        self.expect(logical_id, "Arn", self.arn(logical_id), bus["Arn"])

    def check_Events_Archive(self, logical_id, props, name):
        archive = self.client("events").describe_archive(ArchiveName=name or props["ArchiveName"])
        self.expect(logical_id, "Arn", self.arn(logical_id), archive["ArchiveArn"])
        self.expect(logical_id, "EventSourceArn", self.value(props["SourceArn"]), archive["EventSourceArn"])
        self.expect(logical_id, "RetentionDays", props.get("RetentionDays", 0), archive.get("RetentionDays", 0))
        if "EventPattern" in props:
            pattern = self.value(props["EventPattern"])
            pattern = json.loads(pattern) if isinstance(pattern, str) else pattern
            self.expect(logical_id, "EventPattern", pattern, json.loads(archive["EventPattern"]))

    def check_Events_Rule(self, logical_id, props, name):
        events = self.client("events")
        # A rule on a custom bus is found on that bus only.
        bus = {"EventBusName": self.value(props["EventBusName"])} if "EventBusName" in props else {}
        rule = events.describe_rule(Name=name, **bus)
        self.expect(logical_id, "Arn", self.arn(logical_id), rule["Arn"])
        self.expect(logical_id, "State", props.get("State", "ENABLED"), rule["State"])
        if "ScheduleExpression" in props:
            self.expect(logical_id, "ScheduleExpression", props["ScheduleExpression"], rule["ScheduleExpression"])
        if "EventPattern" in props:
            self.expect(logical_id, "EventPattern", self.value(props["EventPattern"]), json.loads(rule["EventPattern"]))
        targets = {t["Id"]: t for t in events.list_targets_by_rule(Rule=name, **bus)["Targets"]}
        for target in props.get("Targets", []):
            deployed = targets.get(target["Id"])
            self.expect(logical_id, f"target {target['Id']}", True, deployed is not None)
            self.expect(logical_id, f"target {target['Id']} Arn", self.value(target["Arn"]), deployed["Arn"])
            if "RoleArn" in target:
                self.expect(
                    logical_id, f"target {target['Id']} RoleArn", self.value(target["RoleArn"]), deployed.get("RoleArn")
                )

    def check_AutoScaling_AutoScalingGroup(self, logical_id, props, name):
        groups = self.client("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=[name])
        self.expect(logical_id, "exists", 1, len(groups["AutoScalingGroups"]))
        group = groups["AutoScalingGroups"][0]
        self.expect(logical_id, "MinSize", int(props["MinSize"]), group["MinSize"])
        self.expect(logical_id, "MaxSize", int(props["MaxSize"]), group["MaxSize"])
        hooks = self.client("autoscaling").describe_lifecycle_hooks(AutoScalingGroupName=name)["LifecycleHooks"]
        for hook in props.get("LifecycleHookSpecificationList", []):
            deployed = [h for h in hooks if h["LifecycleHookName"] == hook["LifecycleHookName"]]
            self.expect(logical_id, f"hook {hook['LifecycleHookName']}", True, bool(deployed))
            if deployed:
                self.expect(
                    logical_id,
                    f"hook {hook['LifecycleHookName']} transition",
                    hook["LifecycleTransition"],
                    deployed[0]["LifecycleTransition"],
                )

    def check_KMS_Key(self, logical_id, props, key_id):
        kms = self.client("kms")
        metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
        self.expect(logical_id, "Description", props.get("Description", ""), metadata.get("Description"))
        policy = json.loads(kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"])
        expected = self.value(props["KeyPolicy"])
        if isinstance(expected, str):  # the text moto was given (see moto_copy)
            expected = json.loads(expected)
        self.expect(logical_id, "KeyPolicy", expected, policy)
        if props.get("EnableKeyRotation"):
            rotation = kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"]
            self.expect(logical_id, "EnableKeyRotation", True, rotation)

    def check_Route53_HostedZone(self, logical_id, props, zone_id):
        zone = self.client("route53").get_hosted_zone(Id=zone_id)["HostedZone"]
        self.expect(logical_id, "Name", props["Name"].rstrip("."), zone["Name"].rstrip("."))

    def check_CloudFormation_Stack(self, logical_id, props, stack_id):
        stack = self.client("cloudformation").describe_stacks(StackName=stack_id)["Stacks"][0]
        self.expect(logical_id, "status", "CREATE_COMPLETE", stack["StackStatus"])

    def check_ElasticLoadBalancingV2_LoadBalancer(self, logical_id, props, arn):
        balancers = self.client("elbv2").describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"]
        self.expect(logical_id, "exists", 1, len(balancers))
        balancer = balancers[0]
        self.expect(logical_id, "Type", props.get("Type", "application"), balancer["Type"])
        if "Scheme" in props:
            self.expect(logical_id, "Scheme", props["Scheme"], balancer["Scheme"])
        self.expect(
            logical_id,
            "Subnets",
            sorted(self.value(props["Subnets"])),
            sorted(zone["SubnetId"] for zone in balancer["AvailabilityZones"]),
        )

    def check_EC2_FlowLog(self, logical_id, props, flow_log_id):
        logs = self.client("ec2").describe_flow_logs(FlowLogIds=[flow_log_id])["FlowLogs"]
        self.expect(logical_id, "exists", True, len(logs) == 1)
        deployed = logs[0]
        self.expect(logical_id, "ResourceId", self.value(props["ResourceId"]), deployed["ResourceId"])
        self.expect(logical_id, "TrafficType", props["TrafficType"], deployed["TrafficType"])
        self.expect(logical_id, "LogDestinationType", props["LogDestinationType"], deployed["LogDestinationType"])
        if "LogDestination" in props:
            self.expect(logical_id, "LogDestination", self.value(props["LogDestination"]), deployed.get("LogDestination"))

    def check_SSM_Document(self, logical_id, props, name):
        ssm = self.client("ssm")
        document = ssm.get_document(Name=name)
        self.expect(logical_id, "DocumentType", props["DocumentType"], document["DocumentType"])
        self.expect(logical_id, "DocumentFormat", props.get("DocumentFormat", "JSON"), document["DocumentFormat"])
        content = props["Content"]
        if isinstance(content, dict):
            # moto keeps a Content object as Python's repr of it, where CloudFormation sends JSON.
            deployed = document["Content"]
            try:
                deployed = json.loads(deployed)
            except ValueError:
                deployed = ast.literal_eval(deployed)
            self.expect(logical_id, "Content", content, deployed)
        else:
            self.expect(logical_id, "Content", content, document["Content"])

    def check_SSM_Parameter(self, logical_id, props, name):
        parameter = self.client("ssm").get_parameter(Name=name)["Parameter"]
        self.expect(logical_id, "Type", props["Type"], parameter["Type"])
        self.expect(logical_id, "Value", self.value(props["Value"]), parameter["Value"])

    def check_IAM_Role(self, logical_id, props, name):
        iam = self.client("iam")
        role = iam.get_role(RoleName=name)["Role"]
        self.expect(logical_id, "Arn", self.arn(logical_id), role["Arn"])
        self.expect(
            logical_id,
            "AssumeRolePolicyDocument",
            self.value(props["AssumeRolePolicyDocument"]),
            _document(role["AssumeRolePolicyDocument"]),
        )
        for policy in props.get("Policies", []):
            document = iam.get_role_policy(RoleName=name, PolicyName=policy["PolicyName"])["PolicyDocument"]
            self.expect(
                logical_id, f"policy {policy['PolicyName']}", self.value(policy["PolicyDocument"]), _document(document)
            )
        if "ManagedPolicyArns" in props:
            attached = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
            self.expect(
                logical_id,
                "ManagedPolicyArns",
                sorted(self.value(props["ManagedPolicyArns"])),
                sorted(p["PolicyArn"] for p in attached),
            )

    def check_IAM_ManagedPolicy(self, logical_id, props, arn):
        iam = self.client("iam")
        policy = iam.get_policy(PolicyArn=arn)["Policy"]
        version = iam.get_policy_version(PolicyArn=arn, VersionId=policy["DefaultVersionId"])["PolicyVersion"]
        self.expect(logical_id, "PolicyDocument", self.value(props["PolicyDocument"]), _document(version["Document"]))
        attached = iam.list_entities_for_policy(PolicyArn=arn)["PolicyRoles"]
        self.expect(
            logical_id,
            "Roles",
            sorted(self.value(props.get("Roles", []))),
            sorted(role["RoleName"] for role in attached),
        )

    def check_IAM_InstanceProfile(self, logical_id, props, name):
        profile = self.client("iam").get_instance_profile(InstanceProfileName=name)["InstanceProfile"]
        self.expect(
            logical_id,
            "Roles",
            sorted(self.value(props["Roles"])),
            sorted(role["RoleName"] for role in profile["Roles"]),
        )

    def check_EC2_Instance(self, logical_id, props, instance_id):
        reservations = self.client("ec2").describe_instances(InstanceIds=[instance_id])["Reservations"]
        instance = reservations[0]["Instances"][0]
        self.expect(logical_id, "InstanceType", props["InstanceType"], instance["InstanceType"])
        tags = {tag["Key"]: tag["Value"] for tag in instance.get("Tags", [])}
        for tag in props.get("Tags", []):
            self.expect(logical_id, f"tag {tag['Key']}", self.value(tag["Value"]), tags.get(tag["Key"]))
        if "IamInstanceProfile" in props:
            profile = instance.get("IamInstanceProfile", {}).get("Arn", "")
            self.expect(
                logical_id,
                "IamInstanceProfile",
                True,
                profile.endswith("/" + self.value(props["IamInstanceProfile"])),
            )

    def check_StepFunctions_StateMachine(self, logical_id, props, arn):
        machine = self.client("stepfunctions").describe_state_machine(stateMachineArn=arn)
        self.expect(logical_id, "roleArn", self.value(props["RoleArn"]), machine["roleArn"])
        if "DefinitionString" in props:
            self.expect(
                logical_id,
                "definition",
                json.loads(self.value(props["DefinitionString"])),
                json.loads(machine["definition"]),
            )


def _document(document):
    if isinstance(document, str):
        from urllib.parse import unquote

        text = unquote(document)
        try:
            document = json.loads(text)
        except json.JSONDecodeError:
            # moto 5.2.5 stores a role's inline policy created by CloudFormation
            # as a Python dict and answers get_role_policy with its repr.
            import ast

            document = ast.literal_eval(text)
    return document


# --- one template ---------------------------------------------------------------


def existing_resources(endpoint, copy, notes):
    """What a wiring refers to as existing must exist before the stack, as in a
    real account: each VPC id and launch template (by name or id) that the copy
    names is created in moto first, and the copy rewritten to moto's ids (noted)."""
    import re

    import boto3

    ec2 = boto3.client("ec2", endpoint_url=endpoint, **CREDENTIALS)
    text = json.dumps(copy)
    for vpc_id in sorted(set(re.findall(r"vpc-[0-9a-f]{17}", text))):
        created = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        notes.append(f"existing VPC {vpc_id} created in moto first as {created}")
        text = text.replace(vpc_id, created)
    subnets = sorted(set(re.findall(r"subnet-[0-9a-f]{17}", text)))
    if subnets:
        vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
        for index, subnet_id in enumerate(subnets):
            created = ec2.create_subnet(
                VpcId=vpc, CidrBlock=f"10.1.{index}.0/24", AvailabilityZone=f"{REGION}{'abcdef'[index % 6]}"
            )["Subnet"]["SubnetId"]
            notes.append(f"existing subnet {subnet_id} created in moto first as {created}")
            text = text.replace(subnet_id, created)
    copy = json.loads(text)
    # A nested stack's template must be where its TemplateURL says.
    s3 = boto3.client("s3", endpoint_url=endpoint, **CREDENTIALS)
    for resource in copy["Resources"].values():
        url = resource.get("Properties", {}).get("TemplateURL")
        match = re.fullmatch(r"https://s3\.[a-z0-9-]+\.amazonaws\.com/([^/]+)/(.+)", url or "")
        if resource["Type"] == "AWS::CloudFormation::Stack" and match:
            bucket, key = match.groups()
            try:
                s3.create_bucket(Bucket=bucket)
            except Exception:  # created for an earlier stack of this template
                pass
            child = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}
            s3.put_object(Bucket=bucket, Key=key, Body=json.dumps(child).encode())
            notes.append(f"existing nested template s3://{bucket}/{key} created in moto first")
    data = {"ImageId": "ami-12c6146b", "InstanceType": "t3.micro"}
    for resource in copy["Resources"].values():
        template = resource.get("Properties", {}).get("LaunchTemplate")
        if not isinstance(template, dict):
            continue
        if isinstance(template.get("LaunchTemplateName"), str):
            name = template["LaunchTemplateName"]
            try:
                ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData=data)
                notes.append(f"existing launch template {name} created in moto first")
            except Exception:  # created for an earlier group of this template
                pass
        elif isinstance(template.get("LaunchTemplateId"), str):
            wanted = template["LaunchTemplateId"]
            created = ec2.create_launch_template(
                LaunchTemplateName=f"existing-{wanted}", LaunchTemplateData=data
            )["LaunchTemplate"]["LaunchTemplateId"]
            notes.append(f"existing launch template {wanted} created in moto first as {created}")
            template["LaunchTemplateId"] = created
    # A policy attached to a role by name (an Auto Scaling group's instance role).
    iam = boto3.client("iam", endpoint_url=endpoint, **CREDENTIALS)
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
    for resource in copy["Resources"].values():
        if resource["Type"] != "AWS::IAM::ManagedPolicy":
            continue
        for role in resource.get("Properties", {}).get("Roles", []):
            if isinstance(role, str):
                try:
                    iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(trust))
                    notes.append(f"existing role {role} created in moto first")
                except Exception:  # created for an earlier policy of this template
                    pass
    return copy


def upload_artifacts(endpoint, path, template):
    """The functions' zips that `wirec build` wrote (the manifest
    `artifacts/STEM.manifest.json` lists them) uploaded to a bucket, as
    docs/backends.md says to deploy; the stack's parameters that name it."""
    import boto3

    if "ArtifactBucket" not in template.get("Parameters", {}):
        return []
    s3 = boto3.client("s3", endpoint_url=endpoint, **CREDENTIALS)
    bucket = "wirec-artifacts-deploy-test"
    s3.create_bucket(Bucket=bucket)
    folder = Path(path).parent / "artifacts"
    manifest = folder / (Path(path).name.split(".")[0] + ".manifest.json")
    for artifact in json.loads(manifest.read_text())["artifacts"]:
        s3.upload_file(str(folder / artifact["file"]), bucket, artifact["s3Key"])
    return [{"ParameterKey": "ArtifactBucket", "ParameterValue": bucket}]


def secret_values(template):
    """A value for each `secret` parameter without a default (an API
    destination's key or password), which the deployer gives at deploy time."""
    return [
        {"ParameterKey": key, "ParameterValue": "deploy-test-secret"}
        for key, spec in template.get("Parameters", {}).items()
        if spec.get("NoEcho") and "Default" not in spec
    ]


def deploy(endpoint, path, template):
    import boto3

    reset_moto(endpoint)
    copy, removed, notes = moto_copy(template)
    copy = existing_resources(endpoint, copy, notes)
    cloudformation = boto3.client("cloudformation", endpoint_url=endpoint, **CREDENTIALS)
    # Short: moto names a resource STACK-LOGICALID-SUFFIX without clipping it to
    # the service's limit as CloudFormation does (state machines take 80).
    name = "w-%08x" % zlib.crc32(Path(path).name.split(".")[0].encode())
    cloudformation.create_stack(
        StackName=name,
        TemplateBody=json.dumps(copy),
        Parameters=upload_artifacts(endpoint, path, template) + secret_values(template),
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
    )
    deadline = time.monotonic() + 300
    while True:
        stack = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
        if not stack["StackStatus"].endswith("_IN_PROGRESS") or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    if stack["StackStatus"] != "CREATE_COMPLETE":
        events = cloudformation.describe_stack_events(StackName=name)["StackEvents"]
        reasons = [
            f"{e['LogicalResourceId']}: {e.get('ResourceStatusReason')}"
            for e in events
            if e.get("ResourceStatusReason")
        ]
        raise Failure(f"{path}: stack {stack['StackStatus']}: {stack.get('StackStatusReason')} {reasons[:10]}")

    summaries = []
    paginator = cloudformation.get_paginator("list_stack_resources")
    for page in paginator.paginate(StackName=name):
        summaries.extend(page["StackResourceSummaries"])
    listed = {s["LogicalResourceId"]: s for s in summaries}
    expected = set(copy["Resources"])
    if set(listed) != expected:
        raise Failure(f"{path}: the stack lists {sorted(set(listed) ^ expected)} unlike the template")
    not_complete = [n for n, s in listed.items() if s["ResourceStatus"] != "CREATE_COMPLETE"]
    if not_complete:
        raise Failure(f"{path}: not CREATE_COMPLETE: {not_complete}")

    physical = {n: s["PhysicalResourceId"] for n, s in listed.items()}
    checker = Checker(endpoint, copy, physical)
    for logical_id in sorted(copy["Resources"]):
        checker.check(logical_id)
    return dict(
        total=len(template["Resources"]),
        removed=removed,
        deployed=len(copy["Resources"]),
        checks=checker.checks,
        notes=notes,
        ignored=checker.ignored,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("templates", nargs="+", help="JSON templates")
    parser.add_argument("--yaml", nargs="*", default=[], help="YAML templates, each the twin of a JSON one")
    parser.add_argument("--verbose", action="store_true", help="print every replaced reference")
    args = parser.parse_args()

    templates = {path: load_template(path) for path in args.templates}
    by_stem = {Path(path).name.split(".")[0]: template for path, template in templates.items()}
    for path in args.yaml:
        stem = Path(path).name.split(".")[0]
        if by_stem.get(stem) != load_template(path):
            print(f"deploy_test: {path} does not load to the same template as its JSON twin")
            return 1
    if args.yaml:
        print(f"{len(args.yaml)} YAML templates load to the same templates as their JSON twins")

    try:
        check_moto_support(templates.values())
    except Failure as failure:
        print(f"deploy_test: {failure}")
        return 1

    log = Path(tempfile.gettempdir()) / f"wirec-moto-{os.getpid()}.log"
    try:
        process, endpoint = start_moto(log)
    except Failure as failure:
        print(f"deploy_test: {failure}")
        return 1
    print(f"moto_server pid {process.pid} on {endpoint}")
    failures = []
    all_removed = {}
    try:
        for path, template in templates.items():
            try:
                result = deploy(endpoint, path, template)
            except Failure as failure:
                failures.append(str(failure))
                print(f"FAIL {failure}")
                continue
            except Exception as error:  # a boto3/moto error: report it with the template
                if os.environ.get("DEPLOY_TEST_TRACEBACK"):
                    raise
                failures.append(f"{path}: {type(error).__name__}: {error}")
                print(f"FAIL {path}: {type(error).__name__}: {error}")
                continue
            for kind in result["removed"].values():
                all_removed[kind] = all_removed.get(kind, 0) + 1
            print(
                f"{Path(path).name}: CREATE_COMPLETE; {result['deployed']} of {result['total']} resources deployed "
                f"and found through their APIs ({result['checks']} checks); {len(result['removed'])} not "
                "creatable by moto"
            )
            for note in result["notes"]:
                if args.verbose or not note.startswith("  "):
                    print(f"  {note}")
            replaced = sum(1 for note in result["notes"] if note.startswith("  "))
            if replaced and not args.verbose:
                print(
                    f"  ({replaced} references to removed resources replaced by their CloudFormation values or dropped; "
                    "--verbose lists them)"
                )
            ignored = {}
            for kind, name, why in result["ignored"]:
                ignored.setdefault((kind, name, why), 0)
                ignored[(kind, name, why)] += 1
            for (kind, name, why), count in sorted(ignored.items()):
                print(f"  not checked: {kind} {name} x{count} ({why})")
    finally:
        stop_moto(process)
        print(f"moto_server pid {process.pid} stopped")

    if all_removed:
        print(
            "types moto could not create (removed from the deployed copies): "
            + ", ".join(f"{kind} x{count}" for kind, count in sorted(all_removed.items()))
        )
    print("not proven here: that any edge delivers (moto neither enforces policies nor is sent any event)")
    if failures:
        print(f"deploy_test: {len(failures)} of {len(templates)} templates failed (moto's log: {log})")
        print(f"deploy: {len(templates) - len(failures)} passed, {len(failures)} failed")
        return 1
    log.unlink(missing_ok=True)
    print(f"deploy: {len(templates)} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
