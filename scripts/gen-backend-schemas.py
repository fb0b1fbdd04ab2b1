#!/usr/bin/env python3
"""Writes stdlib/schemas/{cloudformation,terraform}.json: for every resource
type the catalogue names (stdlib/services/*.yaml `resource:`) or the backends
write (stdlib/backends/kinds.yaml), its top-level
properties (CloudFormation) or arguments and blocks (Terraform), and which are
required. wirec checks `cloudformation = {...}` and `terraform = {...}` blocks
against them.

Sources: cfn-lint's bundled CloudFormation resource provider schemas
(us-east-1), and the AWS provider schema given as the first argument
(`terraform providers schema -json` output, or the extract in shared/schemas).

    python3 scripts/gen-backend-schemas.py PATH/TO/terraform-aws-provider.json
    python3 scripts/gen-backend-schemas.py PATH/TO/terraform-aws-provider.json --check

With --check it writes nothing and exits 1 when a file differs from what it
would write (.ci/run runs it with the cfn-lint pinned in ci/requirements.txt).
"""

import glob
import json
import os
import sys

import yaml
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
from cfnlint.schema._exceptions import ResourceNotFoundError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def catalogue_types():
    cloudformation, terraform = set(), set()
    for path in glob.glob(os.path.join(ROOT, "stdlib", "services", "*.yaml")):
        with open(path) as handle:
            resource = (yaml.safe_load(handle) or {}).get("resource") or {}
        if resource.get("cloudformation"):
            cloudformation.add(resource["cloudformation"])
        if resource.get("terraform"):
            terraform.add(resource["terraform"])
        without = resource.get("unless_property") or {}
        if without.get("cloudformation"):
            cloudformation.add(without["cloudformation"])
        if without.get("terraform"):
            terraform.add(without["terraform"])
    # The backends' table of plan kinds: every type the backends write.
    with open(os.path.join(ROOT, "stdlib", "backends", "kinds.yaml")) as handle:
        kinds = (yaml.safe_load(handle) or {}).get("kinds") or {}
    for spec in kinds.values():
        cloudformation.add(spec["cloudformation"])
        terraform.add(spec["terraform"])
        for split in spec.get("split") or []:
            if not split["terraform"].startswith("data."):
                terraform.add(split["terraform"])
    return cloudformation, terraform


def cloudformation_schema(types):
    out = {}
    with open(os.path.join(ROOT, "stdlib", "schemas", "cloudformation.json")) as handle:
        committed = json.load(handle)
    for kind in sorted(types):
        try:
            schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", kind).schema
        except ResourceNotFoundError:
            # A retired type (AWS::OpsWorks::Stack) leaves cfn-lint's schemas;
            # its last known properties stay, since the catalogue still names it.
            if kind not in committed:
                raise
            print(f"kept {kind}: cfn-lint no longer has its schema", file=sys.stderr)
            out[kind] = committed[kind]
            continue
        read_only = {path.rsplit("/", 1)[-1] for path in schema.get("readOnlyProperties", [])}
        properties = sorted(name for name in schema.get("properties", {}) if name not in read_only)
        out[kind] = {"properties": properties, "required": sorted(schema.get("required", []))}
    return out


def terraform_schema(types, provider_path):
    with open(provider_path) as handle:
        provider = json.load(handle)
    resources = provider.get("resource_schemas") or provider["provider_schemas"][next(iter(provider["provider_schemas"]))]["resource_schemas"]
    out = {}
    for kind in sorted(types):
        schema = resources[kind]
        block = schema.get("block", schema)
        attributes = block.get("attributes", {})
        blocks = block.get("blocks", block.get("block_types", {}))
        arguments = sorted(
            name
            for name, attribute in attributes.items()
            if (attribute.get("optional") or attribute.get("required")) and name not in ("id", "tags_all")
        )
        required = sorted(name for name, attribute in attributes.items() if attribute.get("required"))
        required += sorted(name for name, nested in blocks.items() if nested.get("required") or nested.get("min_items"))
        out[kind] = {"properties": sorted(arguments + list(blocks)), "required": sorted(required)}
    return out


def main():
    arguments = [argument for argument in sys.argv[1:] if argument != "--check"]
    check = len(arguments) < len(sys.argv[1:])
    cloudformation, terraform = catalogue_types()
    schemas = {
        "cloudformation.json": cloudformation_schema(cloudformation),
        "terraform.json": terraform_schema(terraform, arguments[0]),
    }
    stale = []
    for name, schema in schemas.items():
        path = os.path.join(ROOT, "stdlib", "schemas", name)
        text = json.dumps(schema, indent=1, sort_keys=True) + "\n"
        if check:
            with open(path) as handle:
                if handle.read() != text:
                    stale.append(f"stdlib/schemas/{name}")
            continue
        with open(path, "w") as handle:
            handle.write(text)
        print(f"stdlib/schemas/{name}: {len(schema)} types")
    if stale:
        print("stale (run scripts/gen-backend-schemas.py): " + ", ".join(stale))
        sys.exit(1)
    if check:
        print("stdlib/schemas/ is current: " + ", ".join(f"{name} {len(schema)} types" for name, schema in schemas.items()))


if __name__ == "__main__":
    main()
