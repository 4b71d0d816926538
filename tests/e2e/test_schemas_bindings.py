#!/usr/bin/python3
"""The Schemas API's code bindings, resource policies, `format` checks and `$ref`s across the
schemas of a registry, end to end: Debian's boto3 against `stepwise serve --schema-dir
<the example's events/schemas> --schemas enforce`, and each group checked again after a restart.

Usage: test_schemas_bindings.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

- Code bindings of the example's OrderCancellationUpdated schema: the Python36 zip is unzipped and
  imported by /usr/bin/python3 to parse an event; the TypeScript3 zip is compiled with `tsc --strict`
  (web/node_modules/typescript, installed by scripts/setup.sh; the test is skipped, saying so, without
  it) and run by node to parse the same event. A new schema version needs its own binding.
  https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-registries-name-registryname-schemas-name-schemaname-language-language.html
  https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-registries-name-registryname-schemas-name-schemaname-language-language-source.html
  https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schema-code-bindings.html
- Resource policies: Put/Get/DeleteResourcePolicy, a stale RevisionId refused (PreconditionFailedException).
  https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-policy.html
- `format` violations rejected by PutEvents (email, ipv4, uri, hostname under draft-04; int32 and
  byte under OpenAPI 3.0).
  https://json-schema.org/draft-04/json-schema-validation#rfc.section.7.3
  https://spec.openapis.org/oas/v3.0.3#data-types
- `$ref`s to another schema of the registry ("Common#/definitions/Money"): enforced on PutEvents,
  a missing target refused, a change to the referenced schema applied to its dependants (or refused
  when one would no longer compile), its deletion refused while referred to.
"""
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()
h.model_dir()

from botocore.exceptions import ClientError  # noqa: E402

SCHEMA_DIR = os.path.join(h.EXAMPLE, "events", "schemas")
UPDATE_SOURCE = "vehicle-orders.order-cancellation"
UPDATE_TYPE = "OrderCancellationUpdated"
# The example's schema, as --schema-dir loads it: registry discovered-schemas, named by its file's stem.
EXAMPLE_REGISTRY = "discovered-schemas"
EXAMPLE_SCHEMA = "OrderCancellationUpdated.schema"
PACKAGE = ["schema", "vehicleorders", "ordercancellation", "ordercancellationupdated"]
TSC = os.path.join(h.SOURCE_DIR, "web", "node_modules", "typescript", "bin", "tsc")

DETAIL = {
    "metadata": {"awsRequestId": "e2e"},
    "data": {"id": "cxl-e2e", "orderId": "ORD-2025-0004817", "orderReference": "2025-0004817",
             "paymentProvider": {"providerId": "EXPERIAN", "providerName": "Experian",
                                 "status": {"current": "CANCELLED", "history": [
                                     {"status": "CANCELLED", "timestamp": "2025-10-21T14:03:12Z", "type": "cancel"}]}},
             "giftCards": [{"giftCardId": "gc-1", "status": "RESERVED"}],
             "created": "2025-10-21T14:03:11Z", "updated": "2025-10-21T14:03:11Z", "restarts": 0, "revision": 1},
}
EVENT = {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": UPDATE_TYPE,
         "source": UPDATE_SOURCE, "account": h.ACCOUNT, "time": "2025-10-21T14:03:11Z", "region": h.REGION,
         "resources": [], "detail": DETAIL}

PYTHON_USER = """
import json, sys, datetime
sys.path.insert(0, sys.argv[1])
from schema.vehicleorders.ordercancellation.ordercancellationupdated import AWSEvent, Marshaller
event = json.loads(sys.stdin.read())
parsed = AWSEvent.from_dict(event)
data = parsed.detail.data
try:
    AWSEvent.from_dict(dict(event, detail={"metadata": {"awsRequestId": "x"}}))
    missing = None
except ValueError as e:
    missing = str(e)
print(json.dumps({
    "classes": [type(parsed).__name__, type(parsed.detail).__name__, type(data).__name__,
                type(data.paymentProvider).__name__, type(data.giftCards[0]).__name__],
    "provider": data.paymentProvider.providerName,
    "history": data.paymentProvider.status.history[0].status,
    "time_is_datetime": isinstance(parsed.time, datetime.datetime),
    "detail_type": parsed.detail_type,
    "round_trip": Marshaller.marshall(parsed),
    "missing": missing,
}))
"""

TYPESCRIPT_USER = """
import { Marshaller, AWSEvent } from './PACKAGE/index';
declare const require: any;
const fs = require('fs');
const event: AWSEvent = Marshaller.unmarshalEvent(JSON.parse(fs.readFileSync(0, 'utf8')));
const orderId: string = event.detail.data.orderId;
console.log(JSON.stringify({
    orderId: orderId,
    provider: event.detail.data.paymentProvider.providerName,
    timeIsDate: event.time instanceof Date,
    created: event.detail.data.created instanceof Date,
    giftCard: event.detail.data.giftCards ? event.detail.data.giftCards[0].giftCardId : null,
    roundTrip: Marshaller.marshall(event, 'AWSEvent'),
}));
"""


def schemas_client(server):
    import boto3
    from botocore.config import Config
    config = Config(region_name=h.REGION, retries={"max_attempts": 0, "mode": "standard"},
                    connect_timeout=10, read_timeout=60)
    return h.ProxyClient(server, lambda: boto3.client(
        "schemas", endpoint_url=server.endpoint, config=config,
        aws_access_key_id="test", aws_secret_access_key="test", region_name=h.REGION))


def without_time(event):
    """The event with its RFC 3339 times normalised (the bindings write them back as ISO 8601)."""
    return json.loads(json.dumps(event).replace("T14:03:11Z", "T14:03:11.000Z").replace(
        "T14:03:12Z", "T14:03:12.000Z"))


class SchemasBindings(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = h.Server("schemas-bindings", extra=["--schema-dir", SCHEMA_DIR, "--schemas", "enforce"]).start()
        cls.schemas = schemas_client(cls.server)
        cls.events = h.events_client(cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def error_code(self, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        return raised.exception.response["Error"]["Code"], raised.exception.response["Error"]["Message"]

    def binding_zip(self, language, registry=EXAMPLE_REGISTRY, schema=EXAMPLE_SCHEMA, **kwargs):
        body = self.schemas.get_code_binding_source(RegistryName=registry, SchemaName=schema, Language=language,
                                                    **kwargs)["Body"]
        return body.read() if hasattr(body, "read") else body

    def unzipped(self, data):
        folder = tempfile.mkdtemp(prefix="binding-", dir=h.tmp_path(""))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.assertIsNone(archive.testzip(), "a CRC-32 in the zip does not match its entry")
            archive.extractall(folder)
        return folder

    def put_binding(self, language, registry=EXAMPLE_REGISTRY, schema=EXAMPLE_SCHEMA, **kwargs):
        r = self.schemas.put_code_binding(RegistryName=registry, SchemaName=schema, Language=language, **kwargs)
        self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 202, r)
        self.assertEqual(r["Status"], "CREATE_COMPLETE", r)
        return r

    def test_python_binding_parses_the_example_event(self):
        code, _ = self.error_code(self.schemas.describe_code_binding, RegistryName=EXAMPLE_REGISTRY,
                                  SchemaName=EXAMPLE_SCHEMA, Language="Python36")
        self.assertEqual(code, "NotFoundException")
        put = self.put_binding("Python36")
        self.assertEqual(put["SchemaVersion"], "1")
        data = self.binding_zip("Python36")
        folder = self.unzipped(data)
        package = os.path.join(folder, *PACKAGE)
        for name in ("__init__.py", "marshaller.py", "AWSEvent.py", "Detail.py", "OrderCancellation.py",
                     "ProviderStatus.py", "GiftCard.py"):
            self.assertTrue(os.path.isfile(os.path.join(package, name)), f"{name} not in {os.listdir(package)}")
        proc = subprocess.run(["/usr/bin/python3", "-c", PYTHON_USER, folder], input=json.dumps(EVENT),
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        got = json.loads(proc.stdout)
        self.assertEqual(got["classes"], ["AWSEvent", "Detail", "OrderCancellation", "ProviderStatus", "GiftCard"])
        self.assertEqual((got["provider"], got["history"], got["detail_type"]), ("Experian", "CANCELLED", UPDATE_TYPE))
        self.assertTrue(got["time_is_datetime"])
        self.assertEqual(got["round_trip"], json.loads(json.dumps(EVENT)))
        self.assertIn("data", got["missing"] or "", "a missing required property is refused, naming it")

        self.server.restart()
        d = self.schemas.describe_code_binding(RegistryName=EXAMPLE_REGISTRY, SchemaName=EXAMPLE_SCHEMA,
                                               Language="Python36")
        self.assertEqual((d["Status"], d["SchemaVersion"]), ("CREATE_COMPLETE", "1"))
        self.assertEqual(d["CreationDate"], put["CreationDate"])
        self.assertEqual(self.binding_zip("Python36"), data, "the same zip after a restart")

    def test_typescript_binding_compiles_and_parses_the_example_event(self):
        self.put_binding("TypeScript3")
        folder = self.unzipped(self.binding_zip("TypeScript3"))
        package = os.path.join(*PACKAGE)
        for name in ("AWSEvent.ts", "Detail.ts", "OrderCancellation.ts", "Marshaller.ts", "index.ts"):
            self.assertTrue(os.path.isfile(os.path.join(folder, package, name)), name)
        if not os.path.isfile(TSC):
            self.skipTest(f"no TypeScript compiler at {TSC} (scripts/setup.sh installs web/node_modules): "
                          "the binding was unzipped but not compiled")
        node = shutil.which("node")
        self.assertTrue(node, "node is missing (scripts/setup.sh installs nodejs)")
        with open(os.path.join(folder, "main.ts"), "w", encoding="utf-8") as f:
            f.write(TYPESCRIPT_USER.replace("PACKAGE", package))
        out = os.path.join(folder, "out")
        proc = subprocess.run([node, TSC, "--strict", "--target", "es2017", "--module", "commonjs", "--lib",
                               "es2017,dom", "--outDir", out, os.path.join(folder, "main.ts")],
                              capture_output=True, text=True, timeout=180)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        proc = subprocess.run([node, os.path.join(out, "main.js")], input=json.dumps(EVENT),
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        got = json.loads(proc.stdout)
        self.assertEqual((got["orderId"], got["provider"], got["giftCard"]), ("ORD-2025-0004817", "Experian", "gc-1"))
        self.assertTrue(got["timeIsDate"] and got["created"])
        self.assertEqual(got["roundTrip"], without_time(EVENT))

    def test_names_no_class_can_take_as_they_are(self):
        """Property and definition names Python or TypeScript cannot use as they are: Python mangles `__x`
        inside a class, `__class__` is the object's own, `None` is a keyword, `item` and `ITEM` would be one
        file on a case-insensitive file system (tsc --strict: TS1149), `__proto__` is a JavaScript object's
        prototype, `toString` its method; and a required property that is null where the schema allows
        null (required means present: https://json-schema.org/draft-04/json-schema-validation#rfc.section.5.4.3)."""
        self.schemas.create_registry(RegistryName="e2e-names")
        detail = {"type": "object", "required": ["__typename", "n"], "properties": {
            "__typename": {"type": "string"}, "__class__": {"type": "string"}, "__proto__": {"type": "string"},
            "toString": {"type": "string"}, "n": {"type": ["integer", "null"]}, "none": {"$ref": "#/definitions/None"},
            "item": {"type": "object", "properties": {"x": {"type": "integer"}}},
            "ITEM": {"type": "object", "properties": {"y": {"type": "integer"}}}}}
        content = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
                   "properties": {"source": {"enum": ["e2e.names"]}, "detail-type": {"enum": ["Odd"]},
                                  "detail": detail},
                   "definitions": {"None": {"type": "object", "properties": {"x": {"type": "integer"}}}}}
        self.schemas.create_schema(RegistryName="e2e-names", SchemaName="Odd", Type="JSONSchemaDraft4",
                                   Content=json.dumps(content))
        event = dict(EVENT, source="e2e.names", **{"detail-type": "Odd"}, detail={
            "__typename": "T", "__class__": "C", "__proto__": "P", "n": None, "none": {"x": 1},
            "item": {"x": 2}, "ITEM": {"y": 3}})
        package = ["schema", "e2e", "names", "odd"]

        self.put_binding("Python36", "e2e-names", "Odd")
        folder = self.unzipped(self.binding_zip("Python36", "e2e-names", "Odd"))
        files = os.listdir(os.path.join(folder, *package))
        self.assertEqual(len({name.lower() for name in files}), len(files), files)
        script = ("import json, sys\nsys.path.insert(0, sys.argv[1])\n"
                  "from schema.e2e.names.odd import AWSEvent, Marshaller\n"
                  "event = json.loads(sys.stdin.read())\nparsed = AWSEvent.from_dict(event)\n"
                  "print(json.dumps({'round_trip': Marshaller.marshall(parsed),\n"
                  "                  'typename': parsed.detail.typename}))\n")
        proc = subprocess.run(["/usr/bin/python3", "-c", script, folder], input=json.dumps(event),
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        got = json.loads(proc.stdout)
        self.assertEqual(got["round_trip"], event)
        self.assertEqual(got["typename"], "T")

        self.put_binding("TypeScript3", "e2e-names", "Odd")
        folder = self.unzipped(self.binding_zip("TypeScript3", "e2e-names", "Odd"))
        files = os.listdir(os.path.join(folder, *package))
        self.assertEqual(len({name.lower() for name in files}), len(files), files)
        if not os.path.isfile(TSC):
            self.skipTest(f"no TypeScript compiler at {TSC}: the binding was unzipped but not compiled")
        node = shutil.which("node")
        self.assertTrue(node, "node is missing (scripts/setup.sh installs nodejs)")
        with open(os.path.join(folder, "main.ts"), "w", encoding="utf-8") as f:
            f.write("import { Marshaller } from './" + "/".join(package) + "/index';\n"
                    "declare const require: any;\nconst fs = require('fs');\n"
                    "const event: any = Marshaller.unmarshalEvent(JSON.parse(fs.readFileSync(0, 'utf8')));\n"
                    "console.log(JSON.stringify({ roundTrip: Marshaller.marshall(event, 'AWSEvent'),\n"
                    "    toString: typeof event.detail.toString_, proto: event.detail.proto__ }));\n")
        out = os.path.join(folder, "out")
        proc = subprocess.run([node, TSC, "--strict", "--target", "es2017", "--module", "commonjs", "--lib",
                               "es2017,dom", "--outDir", out, os.path.join(folder, "main.ts")],
                              capture_output=True, text=True, timeout=180)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        proc = subprocess.run([node, os.path.join(out, "main.js")], input=json.dumps(event),
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        got = json.loads(proc.stdout)
        self.assertEqual((got["toString"], got["proto"]), ("undefined", "P"), "own members only, __proto__ kept")
        self.assertEqual(got["roundTrip"], without_time(event))

    def test_languages_and_versions(self):
        for language in ("Java8", "Go1"):
            code, message = self.error_code(self.schemas.put_code_binding, RegistryName=EXAMPLE_REGISTRY,
                                            SchemaName=EXAMPLE_SCHEMA, Language=language)
            self.assertEqual(code, "BadRequestException")
            self.assertIn(language, message)
        code, _ = self.error_code(self.schemas.put_code_binding, RegistryName=EXAMPLE_REGISTRY,
                                  SchemaName=EXAMPLE_SCHEMA, Language="Cobol")
        self.assertEqual(code, "BadRequestException")
        code, _ = self.error_code(self.schemas.put_code_binding, RegistryName=EXAMPLE_REGISTRY,
                                  SchemaName="NoSuchSchema", Language="Python36")
        self.assertEqual(code, "NotFoundException")

        self.schemas.create_registry(RegistryName="e2e-versions")
        content = {"openapi": "3.0.0", "info": {"title": "Shipped", "version": "1"}, "paths": {},
                   "components": {"schemas": {
                       "AWSEvent": {"x-amazon-events-source": "e2e.versions", "x-amazon-events-detail-type": "Shipped",
                                    "type": "object", "properties": {"detail": {"$ref": "#/components/schemas/Shipped"}}},
                       "Shipped": {"type": "object", "properties": {"parcel": {"type": "string"}}}}}}
        self.schemas.create_schema(RegistryName="e2e-versions", SchemaName="Shipped", Type="OpenApi3",
                                   Content=json.dumps(content))
        self.put_binding("Python36", "e2e-versions", "Shipped")
        content["components"]["schemas"]["Shipped"]["properties"]["weight"] = {"type": "number"}
        self.schemas.update_schema(RegistryName="e2e-versions", SchemaName="Shipped", Type="OpenApi3",
                                   Content=json.dumps(content))
        # Version 2 has no binding of its own; version 1 keeps its.
        code, _ = self.error_code(self.schemas.describe_code_binding, RegistryName="e2e-versions",
                                  SchemaName="Shipped", Language="Python36")
        self.assertEqual(code, "NotFoundException")
        code, _ = self.error_code(self.schemas.get_code_binding_source, RegistryName="e2e-versions",
                                  SchemaName="Shipped", Language="Python36")
        self.assertEqual(code, "NotFoundException")
        d = self.schemas.describe_code_binding(RegistryName="e2e-versions", SchemaName="Shipped",
                                               Language="Python36", SchemaVersion="1")
        self.assertEqual(d["SchemaVersion"], "1")
        self.assertEqual(self.put_binding("Python36", "e2e-versions", "Shipped")["SchemaVersion"], "2")
        folder = self.unzipped(self.binding_zip("Python36", "e2e-versions", "Shipped"))
        with open(os.path.join(folder, "schema", "e2e", "versions", "shipped", "Shipped.py"), encoding="utf-8") as f:
            self.assertIn("weight", f.read())

    def test_resource_policies(self):
        self.schemas.create_registry(RegistryName="e2e-policies")
        policy = {"Version": "2012-10-17", "Statement": [{
            "Sid": "Read", "Effect": "Allow", "Principal": {"AWS": ["109876543210"]},
            "Action": ["schemas:DescribeRegistry", "schemas:DescribeSchema"],
            "Resource": [f"arn:aws:schemas:{h.REGION}:{h.ACCOUNT}:registry/e2e-policies"]}]}
        code, _ = self.error_code(self.schemas.get_resource_policy, RegistryName="e2e-policies")
        self.assertEqual(code, "NotFoundException")
        # Policy is JSON text both ways (the model's jsonvalue string).
        first = self.schemas.put_resource_policy(RegistryName="e2e-policies", Policy=json.dumps(policy))
        self.assertEqual(json.loads(first["Policy"]), policy)
        self.assertTrue(first["RevisionId"])
        code, _ = self.error_code(self.schemas.put_resource_policy, RegistryName="e2e-policies",
                                  Policy=json.dumps(policy), RevisionId="not-the-revision")
        self.assertEqual(code, "PreconditionFailedException")
        policy["Statement"][0]["Action"].append("schemas:ListSchemas")
        second = self.schemas.put_resource_policy(RegistryName="e2e-policies", Policy=json.dumps(policy),
                                                  RevisionId=first["RevisionId"])
        self.assertNotEqual(second["RevisionId"], first["RevisionId"])
        code, _ = self.error_code(self.schemas.put_resource_policy, RegistryName="e2e-policies",
                                  Policy=json.dumps(policy), RevisionId=first["RevisionId"])
        self.assertEqual(code, "PreconditionFailedException", "the first revision is stale now")
        code, _ = self.error_code(self.schemas.put_resource_policy, RegistryName="e2e-no-such",
                                  Policy=json.dumps(policy))
        self.assertEqual(code, "NotFoundException")
        code, _ = self.error_code(self.schemas.put_resource_policy, Policy=json.dumps(policy))
        self.assertEqual(code, "BadRequestException", "a policy is attached to a registry")
        code, _ = self.error_code(self.schemas.put_resource_policy, RegistryName="e2e-policies", Policy='["x"]')
        self.assertEqual(code, "BadRequestException")

        self.server.restart()
        got = self.schemas.get_resource_policy(RegistryName="e2e-policies")
        self.assertEqual((json.loads(got["Policy"]), got["RevisionId"]), (policy, second["RevisionId"]))
        self.schemas.delete_resource_policy(RegistryName="e2e-policies")
        code, _ = self.error_code(self.schemas.get_resource_policy, RegistryName="e2e-policies")
        self.assertEqual(code, "NotFoundException")
        code, _ = self.error_code(self.schemas.delete_resource_policy, RegistryName="e2e-policies")
        self.assertEqual(code, "NotFoundException")

    def put(self, source, detail_type, detail):
        r = self.events.put_events(Entries=[{"Source": source, "DetailType": detail_type,
                                             "Detail": json.dumps(detail)}])
        return r["Entries"][0]

    def assert_rejected(self, entry, *words):
        self.assertEqual(entry.get("ErrorCode"), "InvalidArgument", entry)
        for word in words:
            self.assertIn(word, entry["ErrorMessage"])

    def test_format_violations_are_rejected(self):
        self.schemas.create_registry(RegistryName="e2e-formats")
        self.schemas.create_schema(RegistryName="e2e-formats", SchemaName="Contact", Type="JSONSchemaDraft4",
                                   Content=json.dumps({
                                       "$schema": "http://json-schema.org/draft-04/schema#",
                                       "x-amazon-events-source": "e2e.formats", "x-amazon-events-detail-type": "Contact",
                                       "properties": {"detail": {"type": "object", "properties": {
                                           "email": {"type": "string", "format": "email"},
                                           "ip": {"type": "string", "format": "ipv4"},
                                           "site": {"type": "string", "format": "uri"},
                                           "host": {"type": "string", "format": "hostname"},
                                           "day": {"type": "string", "format": "date"}}}}}))
        self.schemas.create_schema(RegistryName="e2e-formats", SchemaName="Reading", Type="OpenApi3",
                                   Content=json.dumps({
                                       "openapi": "3.0.0", "info": {"title": "Reading", "version": "1"}, "paths": {},
                                       "components": {"schemas": {"AWSEvent": {
                                           "x-amazon-events-source": "e2e.formats", "x-amazon-events-detail-type": "Reading",
                                           "properties": {"detail": {"type": "object", "properties": {
                                               "count": {"type": "integer", "format": "int32"},
                                               "blob": {"type": "string", "format": "byte"}}}}}}}}))
        good = {"email": "ops@example.com", "ip": "192.0.2.1", "site": "https://example.com/a?b#c",
                "host": "api.example.com", "day": "not a date: draft-04 defines no date format"}
        for attempt in ("before", "after a restart"):
            with self.subTest(attempt):
                self.assertIn("EventId", self.put("e2e.formats", "Contact", good))
                for key, bad in (("email", "ops.example.com"), ("ip", "192.0.2.256"), ("site", "not a uri"),
                                 ("host", "-bad-.example")):
                    self.assert_rejected(self.put("e2e.formats", "Contact", dict(good, **{key: bad})),
                                         f"/detail/{key}", "format")
                self.assertIn("EventId", self.put("e2e.formats", "Reading", {"count": 7, "blob": "aGk="}))
                self.assert_rejected(self.put("e2e.formats", "Reading", {"count": 2 ** 31}), "/detail/count", "int32")
                self.assert_rejected(self.put("e2e.formats", "Reading", {"blob": "a"}), "/detail/blob", "byte")
            if attempt == "before":
                self.server.restart()

    def test_refs_across_schemas_of_a_registry(self):
        registry = "e2e-refs"
        self.schemas.create_registry(RegistryName=registry)
        common = {"$schema": "http://json-schema.org/draft-04/schema#", "definitions": {
            "Money": {"type": "object", "required": ["amount", "currency"], "properties": {
                "amount": {"type": "number"}, "currency": {"type": "string", "enum": ["EUR", "USD"]}}}}}
        self.schemas.create_schema(RegistryName=registry, SchemaName="Common", Type="JSONSchemaDraft4",
                                   Content=json.dumps(common))
        paid = {"$schema": "http://json-schema.org/draft-04/schema#",
                "x-amazon-events-source": "e2e.refs", "x-amazon-events-detail-type": "OrderPaid",
                "properties": {"detail": {"type": "object", "required": ["total"], "properties": {
                    "total": {"$ref": "Common#/definitions/Money"},
                    "fee": {"$ref": "Common.json#/definitions/Money"}}}}}
        self.schemas.create_schema(RegistryName=registry, SchemaName="OrderPaid", Type="JSONSchemaDraft4",
                                   Content=json.dumps(paid))
        self.assertIn("EventId", self.put("e2e.refs", "OrderPaid", {"total": {"amount": 1.5, "currency": "EUR"}}))
        self.assert_rejected(self.put("e2e.refs", "OrderPaid", {"total": {"amount": 1.5}}), "currency")
        self.assert_rejected(self.put("e2e.refs", "OrderPaid", {"total": {"amount": 1, "currency": "EUR"},
                                                                "fee": {"amount": "1", "currency": "EUR"}}),
                             "/detail/fee/amount")

        # A missing target is refused, naming it; so is a missing place in an existing schema.
        for ref, named in (("Missing#/definitions/X", "Missing"), ("Common#/definitions/Nope", "/definitions/Nope")):
            code, message = self.error_code(
                self.schemas.create_schema, RegistryName=registry, SchemaName="Broken", Type="JSONSchemaDraft4",
                Content=json.dumps({"x-amazon-events-source": "e2e.refs", "x-amazon-events-detail-type": "Broken",
                                    "properties": {"detail": {"$ref": ref}}}))
            self.assertEqual(code, "BadRequestException")
            self.assertIn(named, message)
        # Schemas that refer to each other through properties are fine; a loop that never steps in is not.
        code, message = self.error_code(
            self.schemas.create_schema, RegistryName=registry, SchemaName="Loop", Type="JSONSchemaDraft4",
            Content=json.dumps({"definitions": {"a": {"$ref": "Loop#/definitions/b"}, "b": {"$ref": "#/definitions/a"}},
                                "allOf": [{"$ref": "#/definitions/a"}]}))
        self.assertEqual(code, "BadRequestException")
        self.assertIn("loop", message)

        # Changing Common changes what OrderPaid accepts; a change OrderPaid could not compile against is refused.
        common["definitions"]["Money"]["properties"]["amount"] = {"type": "integer"}
        self.schemas.update_schema(RegistryName=registry, SchemaName="Common", Type="JSONSchemaDraft4",
                                   Content=json.dumps(common))
        self.assert_rejected(self.put("e2e.refs", "OrderPaid", {"total": {"amount": 1.5, "currency": "EUR"}}),
                             "/detail/total/amount")
        code, message = self.error_code(
            self.schemas.update_schema, RegistryName=registry, SchemaName="Common", Type="JSONSchemaDraft4",
            Content=json.dumps({"definitions": {}}))
        self.assertEqual(code, "BadRequestException")
        self.assertIn("OrderPaid", message)
        code, message = self.error_code(self.schemas.delete_schema, RegistryName=registry, SchemaName="Common")
        self.assertEqual(code, "ConflictException")
        self.assertIn("OrderPaid", message)

        # The code binding of OrderPaid holds Common's Money class.
        self.put_binding("Python36", registry, "OrderPaid")
        folder = self.unzipped(self.binding_zip("Python36", registry, "OrderPaid"))
        self.assertTrue(os.path.isfile(os.path.join(folder, "schema", "e2e", "refs", "orderpaid", "Money.py")))

        # After a restart (OrderPaid is older than Common's latest version), all of it still holds.
        self.server.restart()
        self.assertIn("EventId", self.put("e2e.refs", "OrderPaid", {"total": {"amount": 2, "currency": "USD"}}))
        self.assert_rejected(self.put("e2e.refs", "OrderPaid", {"total": {"amount": 1.5, "currency": "EUR"}}),
                             "/detail/total/amount")
        code, _ = self.error_code(self.schemas.delete_schema, RegistryName=registry, SchemaName="Common")
        self.assertEqual(code, "ConflictException")
        self.schemas.delete_schema(RegistryName=registry, SchemaName="OrderPaid")
        self.schemas.delete_schema(RegistryName=registry, SchemaName="Common")


if __name__ == "__main__":
    unittest.main(verbosity=2)
