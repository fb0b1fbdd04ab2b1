#!/usr/bin/env python3
"""Audit every IAM policy document in wirec's CloudFormation output.

    python3 ci/iam_audit.py OUT/json/*.json OUT/yaml/*.yaml

Three tools, each on every template given:

1. parliament (with its community auditors) on every policy document found in
   the templates: role trust policies, role/user/group inline policies and
   managed policies, queue, topic, bucket, key, log and event-bus resource
   policies (any property holding a `Statement`, also as a JSON string), and
   each `AWS::Lambda::Permission` written out as the resource-policy statement
   Lambda adds for it. Intrinsic functions are resolved first
   (ci/cfn_template.py) so that parliament sees real ARNs.
2. the "service principal" check, which parliament does not have: every Allow
   statement of a resource policy that names an AWS service as principal must
   be scoped with `aws:SourceArn`, `aws:SourceAccount` (or the organization
   equivalents), AWS's guard against the confused-deputy problem and what
   wirec's README promises for the glue it writes; and no Allow may name the
   public principal "*".
3. checkov's CloudFormation checks on IAM, restricted to the IDs in
   CHECKOV_CHECKS below (the selection is explained there).

A canary template with deliberate faults goes through the same path first and
must be flagged by all three, so that an audit that silently finds nothing
(no documents found, a tool not run) fails instead of passing.

Findings are never suppressed wholesale: FALSE_POSITIVES lists each one that is
not a problem in the template, with the reason. Exit 1 on any other finding.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cfn_template import ACCOUNT, REGION, Resolver, load_template

# checkov's CloudFormation checks in category IAM that can apply to what wirec
# writes, plus the two resource-policy checks outside that category. Listed by
# ID (`checkov --list --framework cloudformation`, checkov 3.3.30):
#   CKV_AWS_40   IAM policies attached only to groups or roles (AWS::IAM::Policy)
#   CKV_AWS_60   role trust policy does not let everyone ("AWS": "*") assume it
#   CKV_AWS_61   role trust policy does not let a whole account assume it
#   CKV_AWS_62   no "*:*" administrator policies (roles, users, groups, policies)
#   CKV_AWS_63   no "*" as a statement's Action
#   CKV_AWS_107  no credentials exposure (e.g. iam:CreateAccessKey, sts:GetSessionToken)
#   CKV_AWS_108  no data exfiltration (e.g. s3:GetObject, ssm:GetParameter on "*")
#   CKV_AWS_109  no permissions management without constraints (e.g. iam:PutRolePolicy on "*")
#   CKV_AWS_110  no privilege escalation (Rhino Security Labs' combinations)
#   CKV_AWS_111  no write access without constraints (write actions on "*")
#   CKV_AWS_364  a Lambda permission for an AWS service is limited by SourceArn or SourceAccount
#   CKV_AWS_33   a KMS key policy has no wildcard principal (key policies; category ENCRYPTION)
#   CKV_AWS_32   an ECR repository policy is not public (repository policies; category GENERAL_SECURITY)
# Left out from checkov's IAM category: CKV_AWS_161/162 (RDS IAM database
# authentication), CKV_AWS_170 (QLDB permissions mode), CKV_AWS_366 (Cognito
# guest access), CKV_AWS_79 (EC2 instance metadata v1) and CKV2_AWS_68
# (SageMaker notebooks): they are about a service's settings, not about a policy
# document, and wirec writes none of those resources. Checkov has no
# CloudFormation check on SQS, SNS, S3 bucket or CloudWatch Logs resource
# policies; the service-principal check above covers those.
CHECKOV_CHECKS = [
    "CKV_AWS_40",
    "CKV_AWS_60",
    "CKV_AWS_61",
    "CKV_AWS_62",
    "CKV_AWS_63",
    "CKV_AWS_107",
    "CKV_AWS_108",
    "CKV_AWS_109",
    "CKV_AWS_110",
    "CKV_AWS_111",
    "CKV_AWS_364",
    "CKV_AWS_33",
    "CKV_AWS_32",
]

# Findings that are not problems in the template, each with why. A finding is
# suppressed when every field of a rule equals the finding's (`actions` and
# `principals` compared as sets: those of the statement(s) the finding is
# about; `resources_match` a pattern every Resource of the statement must
# match in full); keep each rule as narrow as the false positive. Everything
# else fails.
# The actions of a key policy wirec writes: the account's administration and
# use of the key through IAM (src/plan/build.rs KEY_ACCOUNT_ACTIONS), which
# include the services' kms:Decrypt and kms:GenerateDataKey.
KEY_POLICY_ACTIONS = {
    "kms:CancelKeyDeletion",
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
}

FALSE_POSITIVES = [
    {
        "tool": "parliament",
        "issue": "CREDENTIALS_EXPOSURE",
        "kind": "trust",
        "actions": {"sts:AssumeRole"},
        "why": "parliament's community auditor flags sts:AssumeRole because an identity policy granting it "
        "hands out credentials; in a role's trust policy, the service principal assuming the role is the "
        "role's purpose, not an exposure",
    },
    {
        "tool": "service-principal",
        "issue": "SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION",
        "resource_type": "AWS::SNS::TopicPolicy",
        "principals": {"events.amazonaws.com"},
        "actions": {"sns:Publish"},
        "resources_match": r"arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+",
        "why": "the EventBridge User Guide (Using resource-based policies for Amazon EventBridge, Amazon SNS "
        "permissions) says Condition blocks cannot be used in SNS topic policies for EventBridge: a "
        "SourceArn/SourceAccount condition would make every delivery fail",
    },
    {
        "tool": "service-principal",
        "issue": "SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION",
        "resource_type": "AWS::Logs::ResourcePolicy",
        "principals": {"events.amazonaws.com", "delivery.logs.amazonaws.com"},
        "actions": {"logs:CreateLogStream"},
        "resources_match": r"arn:aws:logs:[a-z0-9-]+:\d{12}:log-group:[A-Za-z0-9_./#-]+(:log-stream:\*)?",
        "why": "the policy EventBridge documents for CloudWatch Logs targets (same guide, CloudWatch Logs "
        "permissions) has no condition, and EventBridge sends aws:SourceArn with logs:PutLogEvents only "
        "(whose statement holds it), not with logs:CreateLogStream, so a condition there could only break "
        "delivery; the statement's Resource is the one log group and its streams",
    },
    {
        "tool": "parliament",
        "issue": "RESOURCE_STAR",
        "resource_type": "AWS::KMS::Key",
        "kind": "resource",
        "actions": KEY_POLICY_ACTIONS,
        "why": "in a key policy, Resource \"*\" means the key itself (AWS KMS Developer Guide, Key policies: "
        "\"the value of the Resource element is *, which means this KMS key\"); a key cannot name its own "
        "ARN in its policy",
    },
    {
        "tool": "parliament",
        "issue": "PERMISSIONS_MANAGEMENT_ACTIONS",
        "resource_type": "AWS::KMS::Key",
        "kind": "resource",
        "actions": KEY_POLICY_ACTIONS,
        "why": "the statement that lets the account administer the key through IAM (AWS KMS Developer Guide, "
        "Default key policy); kms:PutKeyPolicy must be in it, or CloudFormation's key-policy lockout safety "
        "check refuses to create the key. Services get only kms:Decrypt and kms:GenerateDataKey",
    },
    {
        "tool": "service-principal",
        "issue": "SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION",
        "resource_type": "AWS::KMS::Key",
        "principals": {"events.amazonaws.com"},
        "actions": {"kms:Decrypt", "kms:GenerateDataKey"},
        "why": "the key statement for EventBridge mirrors the topic policy it serves, which cannot carry a "
        "condition for EventBridge (see the AWS::SNS::TopicPolicy entry above); the key policy's Resource is "
        "the one key, and only a topic policy that admits EventBridge lets it publish",
    },    {
        "tool": "parliament",
        "issue": "RESOURCE_MISMATCH",
        "resource_type": "AWS::IAM::ManagedPolicy",
        "kind": "identity",
        "detail_match": r'MEDIUM No resources match for the given action: \[\{"action": "states:DescribeExecution", '
        r'"required_format": "arn:\*:states:\*:\*:express:\*:\*:\*"\}\]',
        "why": "the Service Authorization Reference lists two resource types for states:DescribeExecution, "
        "`execution` (Standard workflows) and `express` (Express workflows), each for its own kind of "
        "execution; parliament asks for both. wirec creates Standard state machines, whose executions are "
        "`execution:NAME:*`, which the statement names: granting the `express:` form too would only widen it",
    },    {
        "tool": "parliament",
        "issue": "RESOURCE_MISMATCH",
        "resource_type": "AWS::IAM::Role",
        "kind": "identity",
        "detail_match": r'MEDIUM No resources match for the given action: \[\{"action": "states:DescribeExecution", '
        r'"required_format": "arn:\*:states:\*:\*:express:\*:\*:\*"\}\]',
        "why": "a pipeline's Step Functions invoke action: its role describes the executions of the one state "
        "machine it starts, `execution:NAME:*`, as the code-access grant above does, for the same reason",
    },
]

# Condition keys that tie a service principal's request to the resource or
# account that caused it (IAM User Guide, "The confused deputy problem").
SOURCE_KEYS = {"aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths"}


def _is_policy(node):
    statements = node.get("Statement") if isinstance(node, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    return isinstance(statements, list) and all(isinstance(s, dict) and "Effect" in s for s in statements)


def _find_policies(node, path):
    """Yields (path, node, is_json_string) for every policy document under node."""
    if isinstance(node, dict):
        if _is_policy(node):
            yield path, node, False
            return
        # A document written as a JSON string, e.g. {"Fn::Sub": "{\"Statement\": ...}"}.
        if len(node) == 1 and next(iter(node)) in ("Fn::Sub", "Fn::Join") and '\\"Statement\\"' in json.dumps(node):
            yield path, node, True
            return
        for key, value in node.items():
            yield from _find_policies(value, path + [key])
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _find_policies(value, path + [str(index)])
    elif isinstance(node, str) and '"Statement"' in node:
        yield path, node, True


def _lambda_permission_statement(logical_id, properties, resolver):
    """The statement Lambda adds to the function's resource policy for an
    AWS::Lambda::Permission (Lambda's AddPermission), as GetPolicy returns it."""
    function = resolver.resolve(properties["FunctionName"])
    if not function.startswith("arn:"):
        function = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{function}"
    principal = resolver.resolve(properties["Principal"])
    if principal == "*":
        principal_block = "*"
    elif principal.endswith((".amazonaws.com", ".amazonaws.com.cn")):
        principal_block = {"Service": principal}
    else:
        principal_block = {"AWS": principal}
    condition = defaultdict(dict)
    if "SourceArn" in properties:
        condition["ArnLike"]["aws:SourceArn"] = resolver.resolve(properties["SourceArn"])
    if "SourceAccount" in properties:
        condition["StringEquals"]["aws:SourceAccount"] = resolver.resolve(properties["SourceAccount"])
    if "PrincipalOrgID" in properties:
        condition["StringEquals"]["aws:PrincipalOrgID"] = resolver.resolve(properties["PrincipalOrgID"])
    if "EventSourceToken" in properties:
        condition["StringEquals"]["lambda:EventSourceToken"] = resolver.resolve(properties["EventSourceToken"])
    if "FunctionUrlAuthType" in properties:
        condition["StringEquals"]["lambda:FunctionUrlAuthType"] = resolver.resolve(properties["FunctionUrlAuthType"])
    statement = {
        "Sid": "".join(ch for ch in logical_id if ch.isalnum()),
        "Effect": "Allow",
        "Principal": principal_block,
        "Action": resolver.resolve(properties["Action"]),
        "Resource": function,
    }
    if condition:
        statement["Condition"] = dict(condition)
    return {"Version": "2012-10-17", "Statement": [statement]}


def managed_policy_arns(template):
    """The managed policies that roles, users and groups attach by ARN: their
    documents are not in the template, so they cannot be audited here."""
    resolver = Resolver(template)
    arns = []
    for resource in template.get("Resources", {}).values():
        arns.extend(resolver.resolve(resource.get("Properties", {}).get("ManagedPolicyArns", [])))
    return arns


def policy_documents(template):
    """Every policy document of a template, resolved:
    [(logical_id, resource_type, where, kind, document)], kind being
    "trust", "identity" or "resource"."""
    resolver = Resolver(template)
    documents = []
    for logical_id, resource in sorted(template.get("Resources", {}).items()):
        resource_type = resource["Type"]
        properties = resource.get("Properties", {})
        if resource_type == "AWS::Lambda::Permission":
            document = _lambda_permission_statement(logical_id, properties, resolver)
            documents.append((logical_id, resource_type, "(as Lambda's resource policy)", "resource", document))
            continue
        for path, node, is_string in _find_policies(properties, []):
            document = resolver.resolve(node)
            if is_string:
                document = json.loads(document)
            where = "/".join(path)
            statements = document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]
            if path[:1] == ["AssumeRolePolicyDocument"]:
                kind = "trust"
                # A trust policy is the role's own resource policy: IAM
                # evaluates it with the role as the resource, and it has no
                # Resource element. parliament requires one (it reports
                # MALFORMED without), so the role's ARN is written in; that is
                # the resource the statement is evaluated against.
                role_arn = resolver.get_att(logical_id, "Arn")
                statements = [dict(s, Resource=s.get("Resource", role_arn)) for s in statements]
                document = dict(document, Statement=statements)
            elif any("Principal" in s or "NotPrincipal" in s for s in statements):
                kind = "resource"
            else:
                kind = "identity"
            documents.append((logical_id, resource_type, where, kind, document))
    return documents


_PARLIAMENT_READY = False


def run_parliament(document, label):
    global _PARLIAMENT_READY
    import parliament

    if not _PARLIAMENT_READY:
        # What parliament's CLI does for --include-community-auditors: load the
        # titles and severities of the community auditors' findings.
        parliament.override_config(Path(parliament.__file__).parent / "community_auditors" / "config_override.yaml")
        _PARLIAMENT_READY = True
    policy = parliament.analyze_policy_string(
        json.dumps(document), filepath=label, include_community_auditors=True, config=parliament.config
    )
    findings = []
    for finding in policy.findings:
        finding = parliament.enhance_finding(finding)
        detail = finding.detail if isinstance(finding.detail, str) else json.dumps(finding.detail)
        findings.append((finding.issue, f"{finding.severity} {finding.title}: {detail}"))
    return findings


def service_principal_findings(document):
    findings = []
    statements = document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]
    for index, statement in enumerate(statements):
        if statement.get("Effect") != "Allow":
            continue
        label = statement.get("Sid", f"statement {index}")
        principal = statement.get("Principal")
        condition_keys = {key.lower() for block in statement.get("Condition", {}).values() for key in block}
        if principal == "*" or (isinstance(principal, dict) and "*" in _as_list(principal.get("AWS"))):
            findings.append(
                (
                    "PUBLIC_PRINCIPAL",
                    f"{label}: Allow to the public principal '*'",
                    _as_list(statement.get("Action")),
                    ["*"],
                    _as_list(statement.get("Resource")),
                )
            )
            continue
        services = _as_list(principal.get("Service")) if isinstance(principal, dict) else []
        if services and not (condition_keys & SOURCE_KEYS):
            findings.append(
                (
                    "SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION",
                    (
                        f"{label}: Allow {_as_list(statement.get('Action'))} to {services} with no "
                        "aws:SourceArn / aws:SourceAccount condition (confused deputy)"
                    ),
                    _as_list(statement.get("Action")),
                    services,
                    _as_list(statement.get("Resource")),
                )
            )
    return findings


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def checkov_binary():
    candidate = Path(sys.executable).parent / "checkov"
    return str(candidate) if candidate.exists() else shutil.which("checkov")


def verify_checkov_ids():
    """Every selected ID must be a CloudFormation check of this checkov: a
    typo or a renumbering would otherwise skip it without a word."""
    from checkov.cloudformation.checks.resource.registry import cfn_registry

    known = {check.id for checks in cfn_registry.checks.values() for check in checks}
    missing = [check for check in CHECKOV_CHECKS if check not in known]
    if missing:
        sys.exit(f"iam_audit: checkov has no CloudFormation check {missing}; update CHECKOV_CHECKS")


def run_checkov(paths):
    """[(file, check_id, resource, passed)] for every selected check run."""
    command = [checkov_binary(), "--framework", "cloudformation", "--check", ",".join(CHECKOV_CHECKS)]
    # --skip-download: no call to the vendor's platform (none is reachable).
    command += ["--skip-download", "--output", "json"]
    for path in paths:
        command += ["--file", str(path)]
    env = dict(os.environ, BC_SKIP_MAPPING="TRUE", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2="false")
    completed = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if completed.returncode not in (0, 1):
        sys.exit(f"iam_audit: checkov failed (exit {completed.returncode}):\n{completed.stderr[-4000:]}")
    report = json.loads(completed.stdout)
    reports = report if isinstance(report, list) else [report]
    results = []
    for item in reports:
        if item.get("check_type") != "cloudformation":
            continue
        if item["summary"].get("parsing_errors"):
            sys.exit(f"iam_audit: checkov could not parse {item['results'].get('parsing_errors')}")
        for key, passed in (("passed_checks", True), ("failed_checks", False)):
            for check in item["results"].get(key, []):
                resource = check["resource"].split(".", 1)[-1]
                results.append(
                    (os.path.abspath(check["file_abs_path"]), check["check_id"], resource, passed, check["check_name"])
                )
    return results


def _rule_field_matches(finding, field, value):
    if field in ("actions", "principals"):
        return set(finding.get(field) or ()) == set(value)
    if field == "detail_match":
        return bool(re.fullmatch(value, finding.get("detail") or ""))
    if field == "resources_match":
        resources = finding.get("resources") or []
        return bool(resources) and all(isinstance(r, str) and re.fullmatch(value, r) for r in resources)
    return finding.get(field) == value


def is_false_positive(finding):
    for rule in FALSE_POSITIVES:
        if all(_rule_field_matches(finding, field, value) for field, value in rule.items() if field != "why"):
            return rule["why"]
    return None


def audit(paths, quiet=False):
    """Returns (findings, counts_by_template)."""
    findings = []
    counts = {}
    templates = {}
    for path in paths:
        templates[os.path.abspath(path)] = load_template(path)

    for path, template in templates.items():
        name = os.path.basename(path)
        documents = policy_documents(template)
        tally = Counter(kind for _, _, _, kind, _ in documents)
        counts[name] = {
            "documents": len(documents),
            "trust": tally["trust"],
            "identity": tally["identity"],
            "resource": tally["resource"],
            "parliament": 0,
            "service-principal": 0,
            "checkov passed": 0,
            "checkov failed": 0,
        }
        for logical_id, resource_type, where, kind, document in documents:
            label = f"{name}:{logical_id}:{where}"
            statements = document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]
            actions = sorted({action for s in statements for action in _as_list(s.get("Action"))})
            # What every finding on this document says about where it stands.
            place = dict(
                template=name, resource=logical_id, resource_type=resource_type, where=where, kind=kind
            )
            for issue, detail in run_parliament(document, label):
                findings.append(dict(tool="parliament", **place, issue=issue, detail=detail, actions=actions))
            if kind == "resource":
                for issue, detail, statement_actions, principals, resources in service_principal_findings(document):
                    findings.append(
                        dict(
                            tool="service-principal",
                            **place,
                            issue=issue,
                            detail=detail,
                            actions=statement_actions,
                            principals=principals,
                            resources=resources,
                        )
                    )

    checked = Counter()
    for path, check_id, resource, passed, check_name in run_checkov(list(templates)):
        name = os.path.basename(path)
        checked[check_id] += 1
        counts[name]["checkov passed" if passed else "checkov failed"] += 1
        if not passed:
            resource_type = templates[path]["Resources"].get(resource, {}).get("Type", "?")
            findings.append(
                dict(
                    tool="checkov",
                    template=name,
                    resource=resource,
                    resource_type=resource_type,
                    where="",
                    kind="",
                    issue=check_id,
                    detail=check_name,
                )
            )

    for finding in findings:
        finding["false_positive"] = is_false_positive(finding)
        if not finding["false_positive"] and finding["tool"] in ("parliament", "service-principal"):
            counts[finding["template"]][finding["tool"]] += 1
    managed = Counter(arn for template in templates.values() for arn in managed_policy_arns(template))
    return findings, counts, checked, managed


CANARY = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Queue": {"Type": "AWS::SQS::Queue"},
        "Fn": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                "Runtime": "python3.12",
                "Handler": "index.handler",
                "Code": {"ZipFile": "def handler(e, c): pass"},
            },
        },
        "Role": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
                },
                "Policies": [
                    {
                        "PolicyName": "bad",
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [
                                {"Effect": "Allow", "Action": ["sqs:SendMessage", "iam:PutRolePolicy"], "Resource": "*"}
                            ],
                        },
                    }
                ],
            },
        },
        "QueuePolicy": {
            "Type": "AWS::SQS::QueuePolicy",
            "Properties": {
                "Queues": [{"Ref": "Queue"}],
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "sns.amazonaws.com"},
                            "Action": "sqs:SendMessage",
                            "Resource": {"Fn::GetAtt": ["Queue", "Arn"]},
                        }
                    ],
                },
            },
        },
        "Permission": {
            "Type": "AWS::Lambda::Permission",
            "Properties": {
                "Action": "lambda:InvokeFunction",
                "FunctionName": {"Ref": "Fn"},
                "Principal": "s3.amazonaws.com",
            },
        },
    },
}


def run_canary():
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "canary.template.json"
        path.write_text(json.dumps(CANARY))
        findings, _, _, _ = audit([path])
    findings = [f for f in findings if not f["false_positive"]]
    tools = Counter(f["tool"] for f in findings)
    issues = {f["issue"] for f in findings}
    expected = {"RESOURCE_STAR", "SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION", "CKV_AWS_60", "CKV_AWS_364"}
    if not expected <= issues or set(tools) != {"parliament", "service-principal", "checkov"}:
        sys.exit(
            f"iam_audit: the canary template was not flagged as expected: got {sorted(issues)}, "
            f"expected at least {sorted(expected)}; the audit itself is broken"
        )
    print(f"canary: flagged as expected ({', '.join(f'{tool} {count}' for tool, count in sorted(tools.items()))})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("templates", nargs="+", help="CloudFormation templates (.json, .yaml)")
    parser.add_argument("--json", metavar="FILE", help="also write every finding to FILE as JSON")
    args = parser.parse_args()

    verify_checkov_ids()
    run_canary()
    findings, counts, checked, managed = audit(args.templates)

    print(
        "checkov checks run (all templates):",
        ", ".join(f"{c} x{checked[c]}" for c in CHECKOV_CHECKS if checked[c]) or "none",
    )
    not_applicable = [c for c in CHECKOV_CHECKS if not checked[c]]
    if not_applicable:
        print("checkov checks with no resource to apply to:", ", ".join(not_applicable))
    if managed:
        print(
            "attached by ARN, not audited (AWS-managed, no document in the templates): "
            + ", ".join(f"{arn} x{count}" for arn, count in sorted(managed.items()))
        )
    header = [
        "template",
        "documents",
        "trust",
        "identity",
        "resource",
        "parliament",
        "service-principal",
        "checkov passed",
        "checkov failed",
    ]
    print("  ".join(header))
    for name in sorted(counts):
        print("  ".join([name] + [str(counts[name][column]) for column in header[1:]]))

    suppressed = [f for f in findings if f["false_positive"]]
    real = [f for f in findings if not f["false_positive"]]
    grouped = defaultdict(list)
    for finding in suppressed:
        grouped[(finding["tool"], finding["issue"], finding["false_positive"])].append(finding)
    for (tool, issue, why), group in grouped.items():
        per_template = Counter(f["template"] for f in group)
        print(
            f"false positive, not counted: {tool} {issue} x{len(group)} "
            f"({', '.join(f'{t} {n}' for t, n in sorted(per_template.items()))}): {why}"
        )
    for finding in real:
        where = f" {finding['where']}" if finding["where"] else ""
        print(
            f"FINDING {finding['tool']} {finding['issue']} {finding['template']} {finding['resource']}"
            f" ({finding['resource_type']}){where}: {finding['detail']}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(findings, indent=2))
    if real:
        print(f"iam_audit: {len(real)} finding(s) in {len({f['template'] for f in real})} template(s)")
        return 1
    print(
        f"iam_audit: {len(counts)} templates, {sum(c['documents'] for c in counts.values())} policy documents, "
        "0 findings"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
