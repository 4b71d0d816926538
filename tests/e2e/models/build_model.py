#!/usr/bin/python3
"""Merge <service>-additions.json into Debian's botocore models of Step Functions and EventBridge.

Usage: build_model.py OUT_DIR [BASE_MODEL]

Writes OUT_DIR/stepfunctions/2016-11-23/service-2.json and
OUT_DIR/events/2015-10-07/service-2.json (each with its base model's paginators)
so that AWS_DATA_PATH=OUT_DIR makes boto3 and the AWS CLI v2 know the operations
Debian's older models lack (RedriveExecution, versions, aliases,
ValidateStateMachineDefinition, TestState; UpdateEventBus) and the newer members.
BASE_MODEL (Step Functions' only) defaults to the model of the botocore that
/usr/bin/python3 imports. The EventBridge additions follow botocore's newest
public model (github.com/boto/botocore, Apache-2.0).
"""
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REL = os.path.join("stepfunctions", "2016-11-23")
# (model folder, the additions merged into it)
SERVICES = ((REL, "stepfunctions-additions.json"),
            (os.path.join("events", "2015-10-07"), "events-additions.json"))


def default_base(rel=REL):
    import botocore
    return os.path.join(os.path.dirname(botocore.__file__), "data", rel, "service-2.json")


def merge(base, additions):
    model = json.loads(json.dumps(base))
    shapes = model["shapes"]
    for name, shape in additions.get("shapes", {}).items():
        shapes[name] = shape
    for name, op in additions.get("operations", {}).items():
        model["operations"][name] = op
    for shape_name, members in additions.get("members", {}).items():
        target = shapes[shape_name]
        if target.get("type") != "structure":
            raise SystemExit(f"{shape_name} is not a structure")
        target.setdefault("members", {}).update(members)
    for shape_name, values in additions.get("enum_values", {}).items():
        enum = shapes[shape_name].setdefault("enum", [])
        enum.extend(v for v in values if v not in enum)
    for op_name, errors in additions.get("operation_errors", {}).items():
        listed = model["operations"][op_name].setdefault("errors", [])
        have = {e["shape"] for e in listed}
        listed.extend({"shape": e} for e in errors if e not in have)
    # Every shape reference must resolve, or botocore fails lazily at call time.
    missing = set()

    def refs(obj):
        if isinstance(obj, dict):
            for key, value in obj.items():
                if key == "shape" and isinstance(value, str):
                    yield value
                else:
                    yield from refs(value)
        elif isinstance(obj, list):
            for value in obj:
                yield from refs(value)

    for ref in refs({"o": model["operations"], "s": shapes}):
        if ref not in shapes:
            missing.add(ref)
    if missing:
        raise SystemExit(f"unresolved shapes: {sorted(missing)}")
    return model


def build(out_dir, base_path=None):
    for rel, additions_file in SERVICES:
        build_one(out_dir, rel, additions_file, base_path if rel == REL else None)
    return out_dir


def build_one(out_dir, rel, additions_file, base_path=None):
    base_path = base_path or default_base(rel)
    with open(base_path, encoding="utf-8") as f:
        base = json.load(f)
    with open(os.path.join(HERE, additions_file), encoding="utf-8") as f:
        additions = json.load(f)
    model = merge(base, additions)
    target = os.path.join(out_dir, rel)
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "service-2.json"), "w", encoding="utf-8") as f:
        json.dump(model, f, indent=1)
    paginators = os.path.join(os.path.dirname(base_path), "paginators-1.json")
    if os.path.exists(paginators):
        with open(paginators, encoding="utf-8") as f:
            pag = json.load(f)
        if rel == REL:
            pag.setdefault("pagination", {}).update({
                "ListStateMachineVersions": {"input_token": "nextToken", "output_token": "nextToken",
                                             "limit_key": "maxResults", "result_key": "stateMachineVersions"},
                "ListStateMachineAliases": {"input_token": "nextToken", "output_token": "nextToken",
                                            "limit_key": "maxResults", "result_key": "stateMachineAliases"},
            })
        with open(os.path.join(target, "paginators-1.json"), "w", encoding="utf-8") as f:
            json.dump(pag, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    build(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else None)
