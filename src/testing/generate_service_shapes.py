#!/usr/bin/python3
"""Writes the output shapes of the AWS API operations as a C++ source.

Reads botocore's service models (Debian's python3-botocore ships them as
JSON: <data>/<service>/<version>/service-2.json, the newest version used) and
writes, for every service, one text block that testing/service_shapes.cpp
decodes when a mock's Return is checked:

    O GetItem 12                 an operation and the type of its output
    T Item:{3 ConsumedCapacity:7 the members of structure 0, 1, ... (in T order)

Types: s string, n number, b boolean, t timestamp (a string or a number),
* anything (blobs, documents), o an object not described further, e an empty
object (an operation without output), [X a list of X, {X a map (any keys) of
X, <digits> a structure. Member names are PascalCase, as Step Functions
returns them. Structures further than --depth structures from an output are
written `o`, which keeps the data small.

Usage: generate_service_shapes.py --botocore-data DIR --out FILE.cpp [--depth N]
"""
import argparse
import json
import pathlib
import re

SCALARS = {"string": "s", "integer": "n", "long": "n", "float": "n", "double": "n", "bigdecimal": "n",
           "boolean": "b", "timestamp": "t", "blob": "*"}


def newest_model(folder):
    versions = sorted(v for v in folder.iterdir() if (v / "service-2.json").is_file())
    return json.loads((versions[-1] / "service-2.json").read_text()) if versions else None


def pascal(name):
    return name[:1].upper() + name[1:]


def service_block(model, depth):
    shapes = model["shapes"]

    def structures_in(name):  # the structures a member of this shape holds
        shape = shapes[name]
        if shape.get("document") or shape.get("eventstream"):
            return []
        if shape["type"] == "structure":
            return [name]
        if shape["type"] == "list":
            return structures_in(shape["member"]["shape"])
        if shape["type"] == "map":
            return structures_in(shape["value"]["shape"])
        return []

    # Every structure within `depth` of an output, nearest first.
    outputs = [op["output"]["shape"] for op in model["operations"].values() if "output" in op]
    index = {}
    frontier = []
    for name in outputs:
        if name not in index:
            index[name] = len(index)
            frontier.append(name)
    for _ in range(depth - 1):
        following = []
        for name in frontier:
            for member in shapes[name].get("members", {}).values():
                for inner in structures_in(member["shape"]):
                    if inner not in index:
                        index[inner] = len(index)
                        following.append(inner)
        frontier = following

    def token(name):
        shape = shapes[name]
        kind = shape["type"]
        if shape.get("document") or shape.get("eventstream") or shape.get("streaming"):
            return "*"
        if kind == "structure":
            return str(index[name]) if name in index else "o"
        if kind == "list":
            return "[" + token(shape["member"]["shape"])
        if kind == "map":
            return "{" + token(shape["value"]["shape"])
        return SCALARS[kind]

    lines = []
    for operation, op in sorted(model["operations"].items()):
        lines.append(f"O {operation} {token(op['output']['shape']) if 'output' in op else 'e'}")
    for name in index:
        members = shapes[name].get("members", {})
        lines.append("T " + " ".join(f"{pascal(m)}:{token(v['shape'])}" for m, v in members.items()))
    return "\n".join(lines) + "\n"


def squash(text):
    return re.sub(r"[^a-z0-9]", "", text.lower())


def aliases(models):
    """Other names a service goes by -> its folder: the SDK's name, which is
    the serviceId squashed, with and without a trailing "service" ("sfn",
    "eventbridge", "cloudwatchlogs", "databasemigration"), and the folder's
    name without hyphens ("acmpca"). A name two services could take is left out."""
    candidates = {}
    for folder, model in models.items():
        meta = model["metadata"]
        service_id = squash(meta.get("serviceId", ""))
        names = {squash(folder), service_id}
        if service_id.endswith("service") and len(service_id) > len("service"):
            names.add(service_id[: -len("service")])
        for name in names:
            if name and name != folder:
                candidates.setdefault(name, set()).add(folder)
    table = {}
    for name, folders in candidates.items():
        if name in models:
            continue  # a folder's own name is never an alias of another
        own = [f for f in folders if squash(f) == name]
        if len(folders) == 1 or len(own) == 1:
            table[name] = own[0] if own else next(iter(folders))
    return dict(sorted(table.items()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--botocore-data", required=True, type=pathlib.Path)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--depth", type=int, default=3)
    args = parser.parse_args()

    models = {}
    for folder in sorted(p for p in args.botocore_data.iterdir() if p.is_dir()):
        model = newest_model(folder)
        if model:
            models[folder.name] = model
    if not models:
        raise SystemExit(f"{args.botocore_data}: no <service>/<version>/service-2.json (is python3-botocore installed?)")

    version = "unknown"
    init = args.botocore_data.parent / "__init__.py"
    if init.is_file():
        found = re.search(r"__version__\s*=\s*['\"]([^'\"]+)", init.read_text())
        version = found.group(1) if found else version

    out = [f"// Generated by src/testing/generate_service_shapes.py from botocore {version}",
           f"// ({len(models)} services, structures to depth {args.depth}); do not edit.",
           '#include "testing/service_shapes.h"', "",
           "namespace stepwise::testing::detail {", "",
           f'extern const std::string_view kServiceShapesSource = "botocore {version}";',
           "extern const ServiceShapesText kServiceShapes[] = {"]
    for folder, model in models.items():
        out.append(f'    {{"{folder}", R"SW_SHAPES({service_block(model, args.depth)})SW_SHAPES"}},')
    out += ["};", f"extern const size_t kServiceShapesCount = {len(models)};", "",
            "extern const ServiceAlias kServiceAliases[] = {"]
    out += [f'    {{"{name}", "{folder}"}},' for name, folder in aliases(models).items()]
    out += ["};", f"extern const size_t kServiceAliasesCount = sizeof(kServiceAliases) / sizeof(kServiceAliases[0]);",
            "", "}  // namespace stepwise::testing::detail", ""]
    text = "\n".join(out)
    if not args.out.is_file() or args.out.read_text() != text:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
