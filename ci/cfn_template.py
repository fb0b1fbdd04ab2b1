"""Shared helpers for the CI proofs on wirec's CloudFormation output.

- `load_template` reads a template written by `wirec build` (JSON or YAML).
- `Resolver` evaluates the intrinsic functions of a template (Ref, Fn::GetAtt,
  Fn::Sub, Fn::Join, ...) against a fixed fake environment (account
  123456789012, region us-east-1, partition aws), giving every resource the
  physical name and ARN that CloudFormation would give it. The IAM audit needs
  this because the auditors read ARNs, not intrinsic functions: parliament
  checks, for instance, that `sqs:SendMessage` is granted on an ARN of the form
  `arn:aws:sqs:REGION:ACCOUNT:NAME`, which it can only do on a resolved ARN.

Nothing here talks to AWS.
"""

import json
import re

import yaml

ACCOUNT = "123456789012"
REGION = "us-east-1"
PARTITION = "aws"
STACK_NAME = "wirec-audit"


class _CfnYamlLoader(yaml.SafeLoader):
    """A YAML loader for CloudFormation templates.

    CloudFormation reads `Version: 2012-10-17` as a string, whereas YAML 1.1's
    timestamp rule would make it a date, so that rule is dropped. The short
    forms of the intrinsic functions (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) are
    turned into their long forms, so both spellings load the same way.
    """


_CfnYamlLoader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _short_form(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if name == "Fn::GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_CfnYamlLoader.add_multi_constructor("!", _short_form)


def load_template(path):
    with open(path, encoding="utf-8") as handle:
        if str(path).endswith((".yaml", ".yml")):
            return yaml.load(handle, Loader=_CfnYamlLoader)  # a SafeLoader subclass
        return json.load(handle)


# For each resource type that an ARN or a name can be taken from: the property
# that names it (when the template sets one), what `Ref` returns, and the
# formats of its `Fn::GetAtt` attributes. Formats are taken from each type's
# "Return values" section in the CloudFormation reference; `{name}` is the
# physical name, `{id}` a generated identifier.
TYPES = {
    "AWS::ApiGateway::Account": {"name": None, "ref": "{id}", "attrs": {"Id": "{id}"}},
    "AWS::ApiGateway::Stage": {"name": "StageName", "ref": "{name}", "attrs": {}},
    "AWS::ApiGatewayV2::Api": {
        "name": "Name",
        "ref": "{id}",
        "attrs": {"ApiId": "{id}", "ApiEndpoint": "https://{id}.execute-api.{region}.amazonaws.com"},
    },
    "AWS::ApiGatewayV2::Integration": {"name": None, "ref": "{id}", "attrs": {"IntegrationId": "{id}"}},
    "AWS::ApiGatewayV2::Route": {"name": None, "ref": "{id}", "attrs": {"RouteId": "{id}"}},
    "AWS::ApiGatewayV2::Stage": {"name": "StageName", "ref": "{name}", "attrs": {}},
    "AWS::AutoScaling::AutoScalingGroup": {"name": "AutoScalingGroupName", "ref": "{name}", "attrs": {}},
    "AWS::AutoScaling::LifecycleHook": {"name": "LifecycleHookName", "ref": "{name}", "attrs": {}},
    "AWS::AutoScaling::ScalingPolicy": {
        "name": None,
        "ref": "arn:{partition}:autoscaling:{region}:{account}:scalingPolicy:{id}:autoScalingGroupName/group:policyName/{id}",
        "attrs": {
            "Arn": "arn:{partition}:autoscaling:{region}:{account}:scalingPolicy:{id}:autoScalingGroupName/group:policyName/{id}",
            "PolicyName": "{id}",
        },
    },
    "AWS::Chatbot::SlackChannelConfiguration": {
        "name": "ConfigurationName",
        "ref": "arn:{partition}:chatbot::{account}:chat-configuration/slack-channel/{name}",
        "attrs": {"Arn": "arn:{partition}:chatbot::{account}:chat-configuration/slack-channel/{name}"},
    },
    "AWS::CloudFormation::Stack": {
        "name": None,
        # Ref is the stack id (an ARN); the deployed copy has moto's.
        "ref": "{name}",
        "attrs": {},
    },
    "AWS::ServiceCatalog::CloudFormationProvisionedProduct": {
        "name": "ProvisionedProductName",
        "ref": "pp-{id}",
        "attrs": {"ProvisionedProductId": "pp-{id}"},
    },
    "AWS::Route53::HostedZone": {"name": None, "ref": "Z{id}", "attrs": {"Id": "Z{id}"}},
    "AWS::CloudTrail::Trail": {
        "name": "TrailName",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:cloudtrail:{region}:{account}:trail/{name}", "SnsTopicArn": ""},
    },
    "AWS::CloudWatch::Alarm": {
        "name": "AlarmName",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:cloudwatch:{region}:{account}:alarm:{name}"},
    },
    "AWS::CodeBuild::Project": {
        "name": "Name",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:codebuild:{region}:{account}:project/{name}"},
    },
    "AWS::Config::ConfigurationRecorder": {"name": "Name", "ref": "{name}", "attrs": {}},
    "AWS::Config::DeliveryChannel": {"name": "Name", "ref": "{name}", "attrs": {}},
    "AWS::Config::ConfigRule": {
        "name": "ConfigRuleName",
        "ref": "{name}",
        "attrs": {
            "Arn": "arn:{partition}:config:{region}:{account}:config-rule/config-rule-{id}",
            "ConfigRuleId": "config-rule-{id}",
        },
    },
    "AWS::GuardDuty::Detector": {"name": None, "ref": "{id}", "attrs": {"Id": "{id}"}},
    "AWS::SSM::Document": {"name": "Name", "ref": "{name}", "attrs": {}},
    "AWS::SSM::Parameter": {"name": "Name", "ref": "{name}", "attrs": {"Type": "String", "Value": "{id}"}},
    "AWS::CodeCommit::Repository": {
        "name": "RepositoryName",
        "ref": "{id}",
        "attrs": {
            "Arn": "arn:{partition}:codecommit:{region}:{account}:{name}",
            "Name": "{name}",
        },
    },
    "AWS::CodeDeploy::Application": {"name": "ApplicationName", "ref": "{name}", "attrs": {}},
    "AWS::CodeDeploy::DeploymentGroup": {"name": "DeploymentGroupName", "ref": "{name}", "attrs": {}},
    "AWS::CodePipeline::Pipeline": {"name": "Name", "ref": "{name}", "attrs": {"Version": "1"}},
    "AWS::CodeStarNotifications::NotificationRule": {
        "name": "Name",
        "ref": "arn:{partition}:codestar-notifications:{region}:{account}:notificationrule/{id}",
        "attrs": {"Arn": "arn:{partition}:codestar-notifications:{region}:{account}:notificationrule/{id}"},
    },
    "AWS::DAX::Cluster": {
        "name": "ClusterName",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:dax:{region}:{account}:cache/{name}"},
    },
    "AWS::DynamoDB::Table": {
        "name": "TableName",
        "ref": "{name}",
        "attrs": {
            "Arn": "arn:{partition}:dynamodb:{region}:{account}:table/{name}",
            "StreamArn": "arn:{partition}:dynamodb:{region}:{account}:table/{name}/stream/2024-01-01T00:00:00.000",
        },
    },
    "AWS::Events::EventBus": {
        "name": "Name",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:events:{region}:{account}:event-bus/{name}", "Name": "{name}"},
    },
    "AWS::Events::Archive": {
        "name": "ArchiveName",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:events:{region}:{account}:archive/{name}"},
    },
    "AWS::Events::Rule": {
        "name": "Name",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:events:{region}:{account}:rule/{bus}{name}"},
    },
    "AWS::IAM::Role": {
        "name": "RoleName",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:iam::{account}:role/{name}", "RoleId": "AROA{id}"},
    },
    "AWS::IAM::InstanceProfile": {
        "name": "InstanceProfileName",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:iam::{account}:instance-profile/{name}"},
    },
    "AWS::EC2::Instance": {
        "name": None,
        "ref": "i-{id}",
        "attrs": {"PrivateIp": "10.0.0.1", "AvailabilityZone": "{region}a"},
    },
    "AWS::ElasticBeanstalk::Application": {"name": "ApplicationName", "ref": "{name}", "attrs": {}},
    "AWS::ElasticBeanstalk::Environment": {
        "name": "EnvironmentName",
        "ref": "{name}",
        "attrs": {"EndpointURL": "{name}.{region}.elasticbeanstalk.com"},
    },
    "AWS::Config::RemediationConfiguration": {"name": None, "ref": "{id}", "attrs": {}},
    "AWS::IAM::ManagedPolicy": {
        "name": "ManagedPolicyName",
        "ref": "arn:{partition}:iam::{account}:policy/{name}",
        "attrs": {"PolicyArn": "arn:{partition}:iam::{account}:policy/{name}"},
    },
    "AWS::KMS::Key": {
        "name": None,
        "ref": "{id}",
        "attrs": {"Arn": "arn:{partition}:kms:{region}:{account}:key/{id}", "KeyId": "{id}"},
    },
    "AWS::Kinesis::Stream": {
        "name": "Name",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:kinesis:{region}:{account}:stream/{name}"},
    },
    "AWS::KinesisAnalyticsV2::Application": {"name": "ApplicationName", "ref": "{name}", "attrs": {}},
    "AWS::Logs::Delivery": {"name": None, "ref": "{id}", "attrs": {"DeliveryId": "{id}"}},
    "AWS::Logs::DeliveryDestination": {
        "name": "Name",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:logs:{region}:{account}:delivery-destination:{name}"},
    },
    "AWS::Logs::DeliverySource": {
        "name": "Name",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:logs:{region}:{account}:delivery-source:{name}"},
    },
    "AWS::Logs::LogStream": {"name": "LogStreamName", "ref": "{name}", "attrs": {}},
    "AWS::KinesisFirehose::DeliveryStream": {
        "name": "DeliveryStreamName",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:firehose:{region}:{account}:deliverystream/{name}"},
    },
    "AWS::Lambda::Function": {
        "name": "FunctionName",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:lambda:{region}:{account}:function:{name}"},
    },
    "AWS::Logs::LogGroup": {
        "name": "LogGroupName",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:logs:{region}:{account}:log-group:{name}:*"},
    },
    "AWS::S3::Bucket": {
        "name": "BucketName",
        "ref": "{name}",
        "attrs": {
            "Arn": "arn:{partition}:s3:::{name}",
            "DomainName": "{name}.s3.amazonaws.com",
            "RegionalDomainName": "{name}.s3.{region}.amazonaws.com",
        },
    },
    "AWS::SNS::Topic": {
        "name": "TopicName",
        "ref": "arn:{partition}:sns:{region}:{account}:{name}",
        "attrs": {"TopicArn": "arn:{partition}:sns:{region}:{account}:{name}", "TopicName": "{name}"},
    },
    "AWS::SQS::Queue": {
        "name": "QueueName",
        "ref": "https://sqs.{region}.amazonaws.com/{account}/{name}",
        "attrs": {
            "Arn": "arn:{partition}:sqs:{region}:{account}:{name}",
            "QueueName": "{name}",
            "QueueUrl": "https://sqs.{region}.amazonaws.com/{account}/{name}",
        },
    },
    "AWS::Scheduler::Schedule": {
        "name": "Name",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:scheduler:{region}:{account}:schedule/default/{name}"},
    },
    "AWS::Events::Connection": {
        "name": "Name",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:events:{region}:{account}:connection/{name}/00000000-0000-0000-0000-000000000000"},
    },
    "AWS::Events::ApiDestination": {
        "name": "Name",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:events:{region}:{account}:api-destination/{name}/00000000-0000-0000-0000-000000000000"},
    },
    "AWS::Scheduler::ScheduleGroup": {
        "name": "Name",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:scheduler:{region}:{account}:schedule-group/{name}"},
    },
    "AWS::Pipes::Pipe": {
        "name": "Name",
        "ref": "{name}",
        "attrs": {"Arn": "arn:{partition}:pipes:{region}:{account}:pipe/{name}"},
    },
    "AWS::StepFunctions::StateMachine": {
        "name": "StateMachineName",
        "ref": "arn:{partition}:states:{region}:{account}:stateMachine:{name}",
        "attrs": {
            "Arn": "arn:{partition}:states:{region}:{account}:stateMachine:{name}",
            "Name": "{name}",
        },
    },
}

PSEUDO_PARAMETERS = {
    "AWS::AccountId": ACCOUNT,
    "AWS::Region": REGION,
    "AWS::Partition": PARTITION,
    "AWS::StackName": STACK_NAME,
    "AWS::StackId": f"arn:{PARTITION}:cloudformation:{REGION}:{ACCOUNT}:stack/{STACK_NAME}/00000000-0000-0000-0000-000000000000",
    "AWS::URLSuffix": "amazonaws.com",
}


class UnresolvableError(Exception):
    pass


_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


class Resolver:
    """Evaluates intrinsic functions against the fake environment above."""

    def __init__(self, template):
        self.template = template
        self.resources = template.get("Resources", {})
        self.parameters = template.get("Parameters", {})
        self._names = {}

    def _type(self, logical_id):
        resource_type = self.resources[logical_id]["Type"]
        if resource_type not in TYPES:
            raise UnresolvableError(
                f"{logical_id} ({resource_type}) is referenced, but ci/cfn_template.py does not know "
                "what Ref and Fn::GetAtt return for that type: add it to TYPES"
            )
        return TYPES[resource_type]

    def physical_name(self, logical_id):
        if logical_id not in self._names:
            spec = self._type(logical_id)
            declared = spec["name"] and self.resources[logical_id].get("Properties", {}).get(spec["name"])
            if declared is not None:
                name = self.resolve(declared)
            else:
                # CloudFormation's generated names look like STACK-LOGICALID-SUFFIX.
                name = f"{STACK_NAME}-{logical_id}-ABCDEFGH12345"[:63]
            self._names[logical_id] = name
        return self._names[logical_id]

    def _format(self, logical_id, fmt):
        return fmt.format(
            partition=PARTITION,
            region=REGION,
            account=ACCOUNT,
            name=self.physical_name(logical_id),
            id=re.sub(r"[^a-z0-9]", "", logical_id.lower())[:32] or "x",
            bus=self._bus_prefix(logical_id),
        )

    def _bus_prefix(self, logical_id):
        """`BUS/` for a rule on a custom event bus (its ARN is rule/BUS/NAME),
        else nothing."""
        bus = self.resources[logical_id].get("Properties", {}).get("EventBusName")
        if bus is None:
            return ""
        name = self.resolve(bus).rsplit("/", 1)[-1]
        return "" if name == "default" else f"{name}/"

    def ref(self, name):
        if name in PSEUDO_PARAMETERS:
            return PSEUDO_PARAMETERS[name]
        if name in self.parameters:
            parameter = self.parameters[name]
            if "Default" not in parameter:
                raise UnresolvableError(f"parameter {name} has no Default")
            return parameter["Default"]
        if name in self.resources:
            return self._format(name, self._type(name)["ref"])
        raise UnresolvableError(f"Ref to unknown name {name}")

    def get_att(self, logical_id, attribute):
        if logical_id not in self.resources:
            raise UnresolvableError(f"Fn::GetAtt of unknown resource {logical_id}")
        attrs = self._type(logical_id)["attrs"]
        if attribute not in attrs:
            raise UnresolvableError(
                f"Fn::GetAtt {logical_id}.{attribute}: attribute unknown to ci/cfn_template.py TYPES"
            )
        return self._format(logical_id, attrs[attribute])

    def _sub(self, text, variables):
        def replace(match):
            inner = match.group(1)
            if inner.startswith("!"):
                return "${" + inner[1:] + "}"
            if inner in variables:
                return str(self.resolve(variables[inner]))
            if "." in inner and inner.split(".", 1)[0] in self.resources:
                return self.get_att(*inner.split(".", 1))
            return str(self.ref(inner))

        return _SUB_VARIABLE.sub(replace, text)

    def resolve(self, value):
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, argument),) = value.items()
            if key == "Ref":
                return self.ref(argument)
            if key == "Fn::GetAtt":
                if isinstance(argument, str):
                    argument = argument.split(".", 1)
                return self.get_att(argument[0], self.resolve(argument[1]))
            if key == "Fn::Sub":
                if isinstance(argument, list):
                    return self._sub(argument[0], argument[1])
                return self._sub(argument, {})
            if key == "Fn::Join":
                return argument[0].join(str(part) for part in self.resolve(argument[1]))
            if key == "Fn::Select":
                return self.resolve(argument[1])[int(self.resolve(argument[0]))]
            if key == "Fn::Split":
                return self.resolve(argument[1]).split(argument[0])
            if key == "Fn::Base64":
                return self.resolve(argument)
            if key.startswith("Fn::") or key == "Condition":
                raise UnresolvableError(f"intrinsic function {key} is not supported by ci/cfn_template.py")
        return {key: self.resolve(item) for key, item in value.items()}
