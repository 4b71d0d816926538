#!/usr/bin/python3
"""The local event bus end to end: Debian's boto3 (/usr/bin/python3) and AWS CLI
against `stepwise serve` (EventBridge API, AWS JSON 1.1, on the Step Functions port).

Usage: test_events.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

BusApi (one virtual-time server with the example's mocks):
  rules and a log-group target, PutEvents per-entry results and errors, TestEventPattern,
  ListRules/DescribeRule/DisableRule/EnableRule, a rate(5 minutes) schedule on the
  virtual clock, a rule starting the example state machine with InputPath, and
  `aws events put-events`.
ExampleEvents (one server: --project with the real Node.js handlers, --schema-dir
  events/schemas, --schemas enforce, set up by events/setup.sh):
  the eligible order -> started + completed OrderCancellationUpdated in the log; the
  inventory-locked order -> started + failed; RedriveExecution -> restarted, restarts 1;
  each event valid against the contract (python3-jsonschema, Draft4Validator); and a
  broken OrderCancellationUpdated rejected with a message naming the property.
"""
import json
import os
import shutil
import subprocess
import sys
import time
import unittest
import urllib.request
import uuid

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()
h.model_dir()

from botocore.exceptions import ClientError  # noqa: E402

SM = f"arn:aws:states:{h.REGION}:{h.ACCOUNT}:stateMachine:"
EXAMPLE_NAME = "VehicleOrderCancellation"
EVENTS_DIR = os.path.join(h.EXAMPLE, "events")
SCHEMA_DIR = os.path.join(EVENTS_DIR, "schemas")
UPDATE_SOURCE = "vehicle-orders.order-cancellation"
UPDATE_TYPE = "OrderCancellationUpdated"
UPDATES_LOG = "order-cancellation-updates"
AWS_CLI = "/usr/bin/aws"


def log_path(server, name):
    return os.path.join(server.data_dir, "logs", name + ".jsonl")


def read_log(server, name):
    try:
        with open(log_path(server, name), encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def wait_log(server, name, predicate, timeout=60, what="events"):
    """Polls the log target's file until predicate(lines) holds; returns the lines."""
    deadline = time.monotonic() + timeout
    while True:
        lines = read_log(server, name)
        if predicate(lines):
            return lines
        if time.monotonic() > deadline:
            raise AssertionError(f"{name}.jsonl: no {what} within {timeout} s; it has {len(lines)} lines:\n"
                                 + "\n".join(json.dumps(x)[:600] for x in lines[-6:])
                                 + "\n" + dead_letters(server) + "\n" + server.stderr_tail())
        time.sleep(0.05)


def dead_letters(server):
    path = os.path.join(server.data_dir, "dead-letters.jsonl")
    if not os.path.exists(path):
        return "(no dead letters)"
    with open(path, encoding="utf-8") as f:
        return "dead letters:\n" + f.read()[-4000:]


def clock(server, advance=None):
    """GET (or, with advance, POST) /_stepwise/clock: the server's JSON answer."""
    url = server.endpoint + "/_stepwise/clock"
    if advance is None:
        req = urllib.request.Request(url, method="GET")
    else:
        req = urllib.request.Request(url, method="POST", data=json.dumps({"advanceSeconds": advance}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read().decode("utf-8") or "null")


def aws_cli(server, *args):
    env = dict(os.environ, AWS_PAGER="", AWS_DEFAULT_REGION=h.REGION)
    proc = subprocess.run([AWS_CLI, "--endpoint-url", server.endpoint, "--output", "json", *args],
                          capture_output=True, text=True, timeout=60, env=env)
    if proc.returncode != 0:
        raise AssertionError(f"aws {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return json.loads(proc.stdout) if proc.stdout.strip() else None


def schema_validators():
    """The Draft-04 validator of the example's contract (the team's file, unedited, bound by bindings.json)."""
    import datetime
    import re
    import jsonschema
    # Debian's python3-jsonschema checks "date-time" only with rfc3339-validator installed: check it here.
    checker = jsonschema.FormatChecker()
    rfc3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

    @checker.checks("date-time", raises=ValueError)
    def date_time(value):
        if not isinstance(value, str):
            return True
        if not rfc3339.match(value):
            raise ValueError(f"{value!r} is not an RFC 3339 date-time")
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    out = []
    for path in (os.path.join(SCHEMA_DIR, "OrderCancellationUpdated.schema.json"),):
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft4Validator.check_schema(schema)
        out.append((os.path.relpath(path, h.EXAMPLE),
                    jsonschema.Draft4Validator(schema, format_checker=checker)))
    return out


class BusApi(unittest.TestCase):
    """The EventBridge API itself, on one virtual-time server."""

    @classmethod
    def setUpClass(cls):
        cls.server = h.Server("events-api", mock_config=os.path.join(h.EXAMPLE, "mocks.json")).start()
        cls.events = h.events_client(cls.server)
        cls.sfn = cls.server.client()

    def put_log_rule(self, name, pattern=None, schedule=None, log=None):
        args = dict(Name=name, State="ENABLED", Description=f"e2e {name}")
        if pattern is not None:
            args["EventPattern"] = json.dumps(pattern)
        if schedule is not None:
            args["ScheduleExpression"] = schedule
        rule_arn = self.events.put_rule(**args)["RuleArn"]
        self.assertEqual(rule_arn, f"arn:aws:events:{h.REGION}:{h.ACCOUNT}:rule/{name}")
        log = log or name
        r = self.events.put_targets(Rule=name, Targets=[
            {"Id": "log", "Arn": f"arn:aws:logs:{h.REGION}:{h.ACCOUNT}:log-group:{log}"}])
        self.assertEqual(r["FailedEntryCount"], 0, r)
        return rule_arn

    def test_put_events_to_a_log_target(self):
        self.put_log_rule("e2e-orders", {"source": ["e2e.orders"], "detail": {"amount": [{"numeric": [">", 100]}]}})
        r = self.events.put_events(Entries=[
            {"Source": "e2e.orders", "DetailType": "OrderPlaced", "Detail": json.dumps({"amount": 250, "n": 1}),
             "Resources": ["arn:aws:e2e:::order/1"]},
            {"Source": "e2e.orders", "DetailType": "OrderPlaced", "Detail": json.dumps({"amount": 50, "n": 2})},
            {"Source": "e2e.orders", "DetailType": "OrderPlaced", "Detail": "{not json"},
            {"Source": "e2e.orders", "DetailType": "OrderPlaced", "Detail": json.dumps({"amount": 101, "n": 4})},
        ])
        self.assertEqual(r["FailedEntryCount"], 1, r)
        self.assertEqual(len(r["Entries"]), 4)
        for i in (0, 1, 3):
            self.assertIn("EventId", r["Entries"][i])
            uuid.UUID(r["Entries"][i]["EventId"])
        self.assertEqual(r["Entries"][2].get("ErrorCode"), "MalformedDetail", r["Entries"][2])
        self.assertNotIn("EventId", r["Entries"][2])
        lines = wait_log(self.server, "e2e-orders", lambda ls: len(ls) >= 2)
        time.sleep(0.3)
        lines = read_log(self.server, "e2e-orders")
        self.assertEqual(sorted(x["detail"]["n"] for x in lines), [1, 4], "only the matching events are logged")
        first = next(x for x in lines if x["detail"]["n"] == 1)
        self.assertEqual(first["id"], r["Entries"][0]["EventId"])
        self.assertEqual(first["source"], "e2e.orders")
        self.assertEqual(first["detail-type"], "OrderPlaced")
        self.assertEqual(first["account"], h.ACCOUNT)
        self.assertEqual(first["region"], h.REGION)
        self.assertEqual(first["version"], "0")
        self.assertEqual(first["resources"], ["arn:aws:e2e:::order/1"])
        self.assertRegex(first["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

    def test_put_events_missing_fields_are_per_entry_errors(self):
        r = self.events.put_events(Entries=[{"Source": "e2e.x", "Detail": "{}"},
                                            {"Source": "e2e.x", "DetailType": "T", "Detail": "{}"},
                                            {"Source": "e2e.x", "DetailType": "T", "Detail": "{}",
                                             "EventBusName": "no-such-bus"}])
        self.assertEqual(r["FailedEntryCount"], 2, r)
        self.assertEqual(r["Entries"][0]["ErrorCode"], "InvalidArgument")
        self.assertIn("DetailType", r["Entries"][0]["ErrorMessage"])
        self.assertIn("EventId", r["Entries"][1])
        self.assertIn("ErrorCode", r["Entries"][2])

    def test_test_event_pattern(self):
        event = {"id": "1", "source": "e2e.shop", "detail-type": "OrderPlaced", "account": h.ACCOUNT,
                 "time": "2025-10-21T14:03:11Z", "region": h.REGION, "resources": [],
                 "detail": {"state": "WA", "amount": 42, "tags": ["ev", "blue"]}}
        yes = {"source": [{"prefix": "e2e."}], "detail": {"state": [{"anything-but": ["CO"]}],
                                                         "amount": [{"numeric": [">=", 40, "<", 50]}],
                                                         "tags": ["blue"]}}
        no = {"source": ["e2e.shop"], "detail": {"state": [{"equals-ignore-case": "co"}]}}
        self.assertTrue(self.events.test_event_pattern(EventPattern=json.dumps(yes), Event=json.dumps(event))["Result"])
        self.assertFalse(self.events.test_event_pattern(EventPattern=json.dumps(no), Event=json.dumps(event))["Result"])
        for bad in ({"source": "e2e.shop"}, {"detail": {"amount": [{"numeric": [">", "x"]}]}}, "[1]"):
            with self.assertRaises(ClientError) as c:
                self.events.test_event_pattern(EventPattern=bad if isinstance(bad, str) else json.dumps(bad),
                                               Event=json.dumps(event))
            self.assertEqual(h.error_of(c.exception)[0], "InvalidEventPatternException", (bad, c.exception.response))
        # And put-rule rejects it the same way.
        with self.assertRaises(ClientError) as c:
            self.events.put_rule(Name="e2e-bad-pattern", EventPattern=json.dumps({"source": "e2e.shop"}))
        self.assertEqual(h.error_of(c.exception)[0], "InvalidEventPatternException")

    def test_list_describe_disable_enable(self):
        arn = self.put_log_rule("e2e-toggle", {"source": ["e2e.toggle"]})
        d = self.events.describe_rule(Name="e2e-toggle")
        self.assertEqual(d["Arn"], arn)
        self.assertEqual(d["State"], "ENABLED")
        self.assertEqual(d["EventBusName"], "default")
        self.assertEqual(json.loads(d["EventPattern"]), {"source": ["e2e.toggle"]})
        names = [r["Name"] for r in self.events.list_rules(NamePrefix="e2e-toggle")["Rules"]]
        self.assertEqual(names, ["e2e-toggle"])
        self.assertEqual([t["Id"] for t in self.events.list_targets_by_rule(Rule="e2e-toggle")["Targets"]], ["log"])

        def put(n):
            r = self.events.put_events(Entries=[{"Source": "e2e.toggle", "DetailType": "T",
                                                 "Detail": json.dumps({"n": n})}])
            self.assertEqual(r["FailedEntryCount"], 0, r)

        put(1)
        wait_log(self.server, "e2e-toggle", lambda ls: len(ls) == 1)
        self.events.disable_rule(Name="e2e-toggle")
        self.assertEqual(self.events.describe_rule(Name="e2e-toggle")["State"], "DISABLED")
        put(2)
        self.events.enable_rule(Name="e2e-toggle")
        self.assertEqual(self.events.describe_rule(Name="e2e-toggle")["State"], "ENABLED")
        put(3)
        lines = wait_log(self.server, "e2e-toggle", lambda ls: len(ls) >= 2)
        time.sleep(0.3)
        self.assertEqual([x["detail"]["n"] for x in read_log(self.server, "e2e-toggle")], [1, 3],
                         "the event put while the rule was disabled is not delivered")
        with self.assertRaises(ClientError) as c:
            self.events.describe_rule(Name="e2e-no-such-rule")
        self.assertEqual(h.error_of(c.exception)[0], "ResourceNotFoundException")

    def test_schedule_rule_on_the_virtual_clock(self):
        self.put_log_rule("e2e-every-5-minutes", schedule="rate(5 minutes)")
        d = self.events.describe_rule(Name="e2e-every-5-minutes")
        self.assertEqual(d["ScheduleExpression"], "rate(5 minutes)")
        time.sleep(0.5)
        self.assertEqual(read_log(self.server, "e2e-every-5-minutes"), [],
                         "a schedule fires only when the virtual clock is advanced")
        before = clock(self.server)
        clock(self.server, advance=600)
        after = clock(self.server)
        self.assertIsNotNone(before)
        self.assertNotEqual(before, after)
        lines = wait_log(self.server, "e2e-every-5-minutes", lambda ls: len(ls) >= 2, what="2 scheduled events")
        time.sleep(0.3)
        lines = read_log(self.server, "e2e-every-5-minutes")
        self.assertEqual(len(lines), 2, lines)
        for e in lines:
            self.assertEqual(e["source"], "aws.events")
            self.assertEqual(e["detail-type"], "Scheduled Event")
            self.assertEqual(e["detail"], {})
            self.assertEqual(e["resources"], [f"arn:aws:events:{h.REGION}:{h.ACCOUNT}:rule/e2e-every-5-minutes"])
        self.assertNotEqual(lines[0]["time"], lines[1]["time"])

    def test_rule_starts_the_example_state_machine(self):
        try:
            self.sfn.create_state_machine(name=EXAMPLE_NAME, definition=h.substituted_definition(), roleArn=h.ROLE)
        except ClientError as e:
            if h.error_of(e)[0] != "StateMachineAlreadyExists":
                raise
        self.events.put_rule(Name="e2e-start-cancellation",
                             EventPattern=json.dumps({"source": ["e2e.dealer-portal"],
                                                      "detail-type": ["CancellationRequested"]}))
        r = self.events.put_targets(Rule="e2e-start-cancellation", Targets=[
            {"Id": "cancellation", "Arn": SM + EXAMPLE_NAME, "RoleArn": h.ROLE, "InputPath": "$.detail"}])
        self.assertEqual(r["FailedEntryCount"], 0, r)
        order = json.loads(h.read_text(os.path.join(h.EXAMPLE, "input.json")))
        r = self.events.put_events(Entries=[{"Source": "e2e.dealer-portal", "DetailType": "CancellationRequested",
                                             "Detail": json.dumps(order)}])
        self.assertEqual(r["FailedEntryCount"], 0, r)
        deadline = time.monotonic() + 60
        while True:
            runs = self.sfn.list_executions(stateMachineArn=SM + EXAMPLE_NAME)["executions"]
            if runs:
                break
            if time.monotonic() > deadline:
                self.fail("the rule started no execution\n" + dead_letters(self.server) + self.server.stderr_tail())
            time.sleep(0.05)
        self.assertEqual(len(runs), 1, runs)
        d = h.wait_done(self.sfn, runs[0]["executionArn"])
        self.assertEqual(json.loads(d["input"]), order, "InputPath $.detail: the execution's input is the detail")

    def test_schemas_api_and_warn_mode(self):
        import boto3
        from botocore.config import Config
        schemas = boto3.client("schemas", endpoint_url=self.server.endpoint, region_name=h.REGION,
                               aws_access_key_id="test", aws_secret_access_key="test",
                               config=Config(retries={"max_attempts": 0, "mode": "standard"}))
        schemas.create_registry(RegistryName="e2e-contracts", Description="e2e")
        content = {
            "$schema": "http://json-schema.org/draft-04/schema#",
            "x-amazon-events-source": "e2e.typed",
            "x-amazon-events-detail-type": "Typed",
            "type": "object",
            "properties": {"detail": {"type": "object", "required": ["count"],
                                      "properties": {"count": {"type": "integer"}}}},
        }
        schemas.create_schema(RegistryName="e2e-contracts", SchemaName="e2e.typed@Typed",
                              Type="JSONSchemaDraft4", Content=json.dumps(content))
        d = schemas.describe_schema(RegistryName="e2e-contracts", SchemaName="e2e.typed@Typed")
        self.assertEqual(json.loads(d["Content"]), content)
        names = [x["SchemaName"] for x in schemas.list_schemas(RegistryName="e2e-contracts")["Schemas"]]
        self.assertEqual(names, ["e2e.typed@Typed"])
        self.put_log_rule("e2e-typed", {"source": ["e2e.typed"]})
        # warn (the default): accepted and delivered, with a warning naming the property on stderr.
        r = self.events.put_events(Entries=[
            {"Source": "e2e.typed", "DetailType": "Typed", "Detail": json.dumps({"count": "three"})},
            {"Source": "e2e.typed", "DetailType": "Typed", "Detail": json.dumps({"count": 3})}])
        self.assertEqual(r["FailedEntryCount"], 0, r)
        wait_log(self.server, "e2e-typed", lambda ls: len(ls) == 2)
        deadline = time.monotonic() + 10
        while not [line for line in self.server.stderr_tail(20000).splitlines()
                   if "schema" in line and "detail/count" in line.replace(".", "/")]:
            self.assertLess(time.monotonic(), deadline, "no schema warning naming 'count' on stderr\n"
                            + self.server.stderr_tail())
            time.sleep(0.05)

    def test_aws_cli_put_events(self):
        if not os.access(AWS_CLI, os.X_OK):
            self.skipTest("no /usr/bin/aws")
        self.put_log_rule("e2e-cli", {"source": ["e2e.cli"]})
        out = aws_cli(self.server, "events", "put-events", "--entries", json.dumps([
            {"Source": "e2e.cli", "DetailType": "FromTheCli", "Detail": json.dumps({"via": "aws events put-events"})}]))
        self.assertEqual(out["FailedEntryCount"], 0, out)
        lines = wait_log(self.server, "e2e-cli", lambda ls: len(ls) >= 1)
        self.assertEqual(lines[0]["id"], out["Entries"][0]["EventId"])
        self.assertEqual(lines[0]["detail"], {"via": "aws events put-events"})
        rules = aws_cli(self.server, "events", "list-rules", "--name-prefix", "e2e-cli")
        self.assertEqual([r["Name"] for r in rules["Rules"]], ["e2e-cli"])


class ExampleEvents(unittest.TestCase):
    """The example's events: status changes -> PublishCancellationUpdate -> OrderCancellationUpdated -> log."""

    @classmethod
    def setUpClass(cls):
        # The handler's revision files go to a fresh directory (inherited by the function's process).
        cls.updates_dir = h.tmp_path("cancellation-updates")
        os.environ["CANCELLATION_UPDATES_DIR"] = cls.updates_dir
        # A terminal status waits for its run's RUNNING update to be out first; on a loaded CI machine the
        # RUNNING worker's cold start can take longer than the example's 3 s default (within the 20 s timeout).
        os.environ["ORDER_WAIT_MS"] = "15000"
        cls.server = h.Server("events-example", project=os.path.join(h.EXAMPLE, "stepwise.json"),
                              extra=["--schema-dir", SCHEMA_DIR, "--schemas", "enforce"]).start()
        cls.events = h.events_client(cls.server)
        cls.sfn = cls.server.client()
        cls.validators = schema_validators()
        proc = subprocess.run(["bash", os.path.join(EVENTS_DIR, "setup.sh"), cls.server.endpoint],
                              capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            raise AssertionError(f"events/setup.sh failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}\n"
                                 + cls.server.stderr_tail())
        cls.setup_output = proc.stdout

    def start(self, input_file, name):
        text = h.read_text(os.path.join(h.EXAMPLE, input_file))
        arn = self.sfn.start_execution(stateMachineArn=SM + EXAMPLE_NAME, name=name, input=text)["executionArn"]
        return arn, json.loads(text)

    def updates_of(self, execution_arn, count, timeout=45):
        def enough(lines):
            # A status change of this execution dead-lettered on its way to PublishCancellationUpdate: say why now.
            for letter in self.dead_letters():
                if letter.get("target", {}).get("Id") == "PublishCancellationUpdate" and \
                        letter.get("event", {}).get("detail", {}).get("executionArn") == execution_arn:
                    self.fail(f"the {letter['event']['detail'].get('status')} status change of {execution_arn} was "
                              f"dead-lettered after {letter.get('attempts')} attempts: {letter.get('error')}")
            return len([x for x in lines if x["detail"]["data"]["id"] == execution_arn]) >= count

        lines = wait_log(self.server, UPDATES_LOG, enough, timeout=timeout,
                         what=f"{count} updates of {execution_arn}")
        mine = [x for x in lines if x["detail"]["data"]["id"] == execution_arn]
        return sorted(mine, key=lambda x: x["detail"]["data"]["revision"])

    def dead_letters(self):
        path = os.path.join(self.server.data_dir, "dead-letters.jsonl")
        if not os.path.exists(path):
            return []
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def check_valid(self, event):
        self.assertEqual(event["source"], UPDATE_SOURCE)
        self.assertEqual(event["detail-type"], UPDATE_TYPE)
        for name, validator in self.validators:
            errors = sorted(validator.iter_errors(event), key=lambda e: list(e.absolute_path))
            self.assertEqual([f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors], [],
                             f"{name}: {json.dumps(event)[:2000]}")

    def check_common(self, event, execution_arn, order):
        data = event["detail"]["data"]
        self.assertEqual(data["id"], execution_arn)
        self.assertEqual(data["orderId"], order["orderId"])
        self.assertEqual(data["orderReference"], order["orderId"].replace("ORD-", ""))
        self.assertEqual(data["reason"]["code"], order["cancellationReason"])
        self.assertEqual(event["resources"], [execution_arn])
        self.assertTrue(data["created"] <= data["updated"], data)

    def test_setup_script_applied_rules(self):
        self.assertIn("OrderCancellationStatusChanges", self.setup_output)
        rule = self.events.describe_rule(Name="OrderCancellationStatusChanges")
        self.assertEqual(json.loads(rule["EventPattern"])["detail"]["stateMachineArn"], [SM + EXAMPLE_NAME])
        targets = self.events.list_targets_by_rule(Rule="OrderCancellationUpdates")["Targets"]
        self.assertEqual([t["Arn"] for t in targets],
                         [f"arn:aws:logs:{h.REGION}:{h.ACCOUNT}:log-group:{UPDATES_LOG}"])

    def test_eligible_order_started_then_completed(self):
        arn, order = self.start("input.json", "eligible-" + uuid.uuid4().hex[:8])
        d = h.wait_done(self.sfn, arn)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        started, completed = self.updates_of(arn, 2)
        for e in (started, completed):
            self.check_valid(e)
            self.check_common(e, arn, order)
        s, c = started["detail"]["data"], completed["detail"]["data"]
        self.assertEqual((s["status"], s["revision"], s["restarts"]), ("started", 1, 0))
        self.assertEqual((c["status"], c["revision"], c["restarts"]), ("completed", 2, 0))
        self.assertNotIn("completed", s)
        self.assertEqual(c["started"], s["started"])
        self.assertEqual(c["created"], s["created"])
        self.assertIn("completed", c)
        self.assertNotIn("failed", c)
        self.assertEqual(c["paymentProvider"]["providerId"], "EXPERIAN")
        self.assertEqual(c["paymentProvider"]["status"]["current"], "HOLD_REVERSED")
        self.assertEqual(c["shippingProvider"]["status"]["current"], "RELEASED")
        self.assertEqual([x["status"] for x in c["shippingProvider"]["status"]["history"]],
                         ["RELEASE_PENDING", "RELEASED"])
        self.assertEqual(c["cancelledPayment"]["reference"], f"CRV-2025-10-21-{order['orderId'][-6:]}")
        self.assertTrue([n for n in os.listdir(self.updates_dir) if n.startswith(f"{EXAMPLE_NAME}--eligible-")],
                        "the revision state files live where CANCELLATION_UPDATES_DIR says")

    def test_failing_order_started_failed_then_restarted(self):
        arn, order = self.start("input-inventory-locked.json", "locked-" + uuid.uuid4().hex[:8])
        d = h.wait_done(self.sfn, arn)
        self.assertEqual((d["status"], d.get("error")), ("FAILED", "OrderCancellationFailed"), d)
        started, failed = self.updates_of(arn, 2)
        for e in (started, failed):
            self.check_valid(e)
            self.check_common(e, arn, order)
        s, f = started["detail"]["data"], failed["detail"]["data"]
        self.assertEqual((s["status"], s["revision"], s["restarts"]), ("started", 1, 0))
        self.assertEqual((f["status"], f["revision"], f["restarts"]), ("failed", 2, 0))
        self.assertIn("failed", f)
        self.assertNotIn("completed", f)
        self.assertEqual(f["paymentProvider"]["status"]["current"], "FAILED")
        self.assertIn("OrderCancellationFailed", f["paymentProvider"]["status"]["history"][-1]["errorMessage"])

        redrive = self.sfn.redrive_execution(executionArn=arn)
        self.assertIn("redriveDate", redrive)
        d = h.wait_done(self.sfn, arn)
        self.assertEqual(d["status"], "FAILED", "the allocation is still locked: the redrive fails again")
        updates = self.updates_of(arn, 4)
        self.assertEqual([(u["detail"]["data"]["status"], u["detail"]["data"]["revision"],
                           u["detail"]["data"]["restarts"]) for u in updates],
                         [("started", 1, 0), ("failed", 2, 0), ("restarted", 3, 1), ("failed", 4, 1)])
        for e in updates:
            self.check_valid(e)
        r = updates[2]["detail"]["data"]
        self.assertIn("restarted", r)
        self.assertNotIn("failed", r, "a restart begins a new run")
        self.assertEqual(r["created"], s["created"])
        self.assertEqual(r["paymentProvider"]["status"]["current"], "REVERSAL_PENDING")
        self.assertEqual([x["type"] for x in r["paymentProvider"]["status"]["history"]],
                         ["STARTED", "FAILED", "RESTARTED"])

    def test_status_changes_of_other_machines_are_not_published(self):
        other = self.sfn.create_state_machine(
            name="NotACancellation-" + uuid.uuid4().hex[:6], roleArn=h.ROLE,
            definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))
        arn = self.sfn.start_execution(stateMachineArn=other["stateMachineArn"],
                                       input=h.read_text(os.path.join(h.EXAMPLE, "input.json")))["executionArn"]
        h.wait_done(self.sfn, arn)
        time.sleep(1.0)
        self.assertEqual([x for x in read_log(self.server, UPDATES_LOG) if x["detail"]["data"]["id"] == arn], [])

    def test_enforce_rejects_a_broken_update(self):
        event = {
            "metadata": {"awsRequestId": "e2e"},
            "data": {"id": "cxl-e2e", "orderId": "ORD-2025-0004817", "orderReference": "2025-0004817",
                     "paymentProvider": {"providerId": "EXPERIAN", "providerName": "Experian"},
                     "created": "2025-10-21T14:03:11Z", "updated": "2025-10-21T14:03:11Z",
                     "restarts": 0, "revision": 1},
        }
        ok = self.events.put_events(Entries=[{"Source": UPDATE_SOURCE, "DetailType": UPDATE_TYPE,
                                              "Detail": json.dumps(event)}])
        self.assertEqual(ok["FailedEntryCount"], 0, ok)
        broken = json.loads(json.dumps(event))
        broken["data"]["revision"] = "2"
        missing = json.loads(json.dumps(event))
        del missing["data"]["orderId"]
        r = self.events.put_events(Entries=[
            {"Source": UPDATE_SOURCE, "DetailType": UPDATE_TYPE, "Detail": json.dumps(broken)},
            {"Source": UPDATE_SOURCE, "DetailType": UPDATE_TYPE, "Detail": json.dumps(missing)},
            {"Source": "e2e.unbound", "DetailType": UPDATE_TYPE, "Detail": json.dumps(broken)},
        ])
        self.assertEqual(r["FailedEntryCount"], 2, r)
        self.assertEqual(r["Entries"][0]["ErrorCode"], "InvalidArgument", r)
        self.assertIn("revision", r["Entries"][0]["ErrorMessage"])
        self.assertEqual(r["Entries"][1]["ErrorCode"], "InvalidArgument", r)
        self.assertIn("orderId", r["Entries"][1]["ErrorMessage"])
        self.assertIn("EventId", r["Entries"][2], "no schema is bound to another source")
        wait_log(self.server, UPDATES_LOG, lambda ls: any(x["id"] == ok["Entries"][0]["EventId"] for x in ls))
        time.sleep(0.3)
        self.assertFalse([x for x in read_log(self.server, UPDATES_LOG)
                          if x["detail"]["data"].get("revision") == "2"], "a rejected event is not delivered")


if __name__ == "__main__":
    unittest.main(verbosity=2)
