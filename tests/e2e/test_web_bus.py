#!/usr/bin/python3
"""The event bus's live activity for the web page: GET /ui/bus/events and the `bus` messages of
/ui/stream (src/api/ui/bus_activity.h, live_feed.h), against `stepwise serve` with the example's
schemas.

Usage: test_web_bus.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

A valid and an invalid OrderCancellationUpdated (--schemas warn: both accepted, the second with
its violations), a rule whose log-group target delivers and whose SQS target cannot (its
configured endpoint is unreachable; no retries: dead-lettered with the error), an events:putEvents Task and the status changes of its execution
(sent by the execution), then --schemas enforce (rejected, not routed). Every stream, following an
execution or not, gets each entry and its changes under the same id.
Schema modes: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schema.html
Retry policy and dead letters: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
"""
import json
import os
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
from test_web_ui import Stream, get  # noqa: E402

h.require_boto3()
h.model_dir()

SCHEMA_DIR = os.path.join(h.EXAMPLE, "events", "schemas")
UPDATE_SOURCE = "vehicle-orders.order-cancellation"
UPDATE_TYPE = "OrderCancellationUpdated"
RULE_ARN = f"arn:aws:events:{h.REGION}:{h.ACCOUNT}:rule/Updates"
QUEUE_ARN = f"arn:aws:sqs:{h.REGION}:{h.ACCOUNT}:not-hosted"
LOG_ARN = f"arn:aws:logs:{h.REGION}:{h.ACCOUNT}:log-group:updates"
BOUND_S = 30
FINAL = ("delivered", "dead-letter")

UPDATE = {
    "metadata": {"awsRequestId": "e2e"},
    "data": {"id": "cxl-e2e", "orderId": "ORD-2025-0004817", "orderReference": "2025-0004817",
             "paymentProvider": {"providerId": "EXPERIAN", "providerName": "Experian"},
             "created": "2025-10-21T14:03:11Z", "updated": "2025-10-21T14:03:11Z",
             "restarts": 0, "revision": 1},
}
PUTTER = json.dumps({"StartAt": "Put", "States": {"Put": {
    "Type": "Task", "Resource": "arn:aws:states:::events:putEvents", "End": True,
    "Parameters": {"Entries": [{"Source": "e2e.task", "DetailType": "Ping", "Detail": {"a": 1}}]}}}})


def unreachable_sqs_project():
    """A project file whose SQS endpoint is a loopback port nothing listens on: SQS targets fail."""
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = h.tmp_path("web-bus-project.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"endpoints": {"sqs": f"http://127.0.0.1:{port}"}}, f)
    return path


def bus_events(server, query=""):
    status, _, body = get(server, "/ui/bus/events" + query)
    return status, json.loads(body)


def statuses(entry):
    return {d["targetId"]: d["status"] for m in entry["matches"] for d in m["deliveries"]}


def wait_entries(server, predicate, what):
    deadline = time.monotonic() + BOUND_S
    while True:
        status, body = bus_events(server, "?limit=10000")
        if status == 200 and predicate(body["events"]):
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {BOUND_S} s: {json.dumps(body)[:3000]}\n{server.stderr_tail()}")
        time.sleep(0.05)


class BusActivity(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = h.Server("web-bus", project=unreachable_sqs_project(),
                              extra=["--schema-dir", SCHEMA_DIR, "--schemas", "warn"]).start()
        cls.events = h.events_client(cls.server)
        cls.sfn = cls.server.client()
        cls.events.put_rule(Name="Updates", EventPattern=json.dumps(
            {"source": [UPDATE_SOURCE], "detail-type": [UPDATE_TYPE]}))
        cls.events.put_targets(Rule="Updates", Targets=[
            {"Id": "Log", "Arn": LOG_ARN},
            {"Id": "Queue", "Arn": QUEUE_ARN, "RetryPolicy": {"MaximumRetryAttempts": 0}}])

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_1_updates_their_schema_findings_and_deliveries(self):
        everything = Stream(self.server)
        following = Stream(self.server, "?executionArn=arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3Aexecution%3AX%3Ay")
        try:
            self.assertEqual(everything.next()[0], "ready")
            self.assertEqual(following.next()[0], "ready")
            broken = json.loads(json.dumps(UPDATE))
            broken["data"]["revision"] = "2"
            r = self.events.put_events(Entries=[
                {"Source": UPDATE_SOURCE, "DetailType": UPDATE_TYPE, "Detail": json.dumps(UPDATE)},
                {"Source": UPDATE_SOURCE, "DetailType": UPDATE_TYPE, "Detail": json.dumps(broken),
                 "Resources": ["arn:aws:e2e:r"]}])
            self.assertEqual(r["FailedEntryCount"], 0, r)
            ids = [e["EventId"] for e in r["Entries"]]

            def settled(events):
                mine = [e for e in events if e["source"] == UPDATE_SOURCE]
                return len(mine) == 2 and all(s in FINAL for e in mine for s in statuses(e).values())
            body = wait_entries(self.server, settled, "settled deliveries of both updates")
            self.assertEqual(body["dropped"], 0)
            valid, invalid = [e for e in body["events"] if e["source"] == UPDATE_SOURCE]
            self.assertLess(valid["id"], invalid["id"])
            self.assertEqual(valid["detail"], UPDATE)
            self.assertEqual(invalid["resources"], ["arn:aws:e2e:r"])
            self.assertEqual((valid["eventBusName"], valid["detailType"], valid["sentBy"]),
                             ("default", UPDATE_TYPE, "PutEvents"))
            self.assertIsInstance(valid["time"], (int, float))
            self.assertLess(abs(valid["time"] - time.time()), 3600)
            # Schemas from --schema-dir are named by their file's stem.
            self.assertEqual(valid["schema"], {"registry": "discovered-schemas",
                                               "name": "OrderCancellationUpdated.schema", "version": "1",
                                               "valid": True, "mode": "warn", "violations": []})
            self.assertFalse(valid["rejected"])
            schema = invalid["schema"]
            self.assertEqual((schema["valid"], schema["mode"], invalid["rejected"]), (False, "warn", False))
            self.assertEqual([v["pointer"] for v in schema["violations"]], ["/detail/data/revision"], schema)
            self.assertIn("integer", schema["violations"][0]["message"])

            for entry in (valid, invalid):
                self.assertEqual(len(entry["matches"]), 1)
                match = entry["matches"][0]
                self.assertEqual((match["rule"], match["ruleArn"]), ("Updates", RULE_ARN))
                log, queue = match["deliveries"]
                self.assertEqual((log["targetId"], log["targetArn"], log["status"], log["attempts"]),
                                 ("Log", LOG_ARN, "delivered", 1))
                self.assertEqual((queue["targetId"], queue["targetArn"], queue["status"], queue["attempts"]),
                                 ("Queue", QUEUE_ARN, "dead-letter", 1))
                self.assertIn("CONNECTION_FAILURE", queue["error"])
                self.assertEqual(queue["deadLetterFile"], os.path.join(self.server.data_dir, "dead-letters.jsonl"))
            with open(os.path.join(self.server.data_dir, "dead-letters.jsonl"), encoding="utf-8") as f:
                dead = [json.loads(line) for line in f]
            self.assertEqual(sorted(d["event"]["id"] for d in dead if d["target"]["Id"] == "Queue"), sorted(ids))

            # Every stream got each entry when put, then its changes under the same id; the last is the final one.
            for stream in (everything, following):
                last = {}
                def final(event, data):
                    if event == "bus":
                        last[data["event"]["id"]] = data["event"]
                    return all(i in last and all(s in FINAL for s in statuses(last[i]).values())
                               for i in (valid["id"], invalid["id"]))
                seen = stream.until(final, "the updates' final statuses")
                firsts = [d["event"] for e, d in seen if e == "bus" and d["event"]["id"] == valid["id"]]
                self.assertEqual(set(statuses(firsts[0]).values()), {"pending"}, firsts[0])
                self.assertEqual(last[valid["id"]], valid)
                self.assertEqual(last[invalid["id"]], invalid)
        finally:
            everything.close()
            following.close()

    def test_2_a_put_events_task_and_status_changes_are_sent_by_the_execution(self):
        machine = self.sfn.create_state_machine(name="Putter", definition=PUTTER, roleArn=h.ROLE)["stateMachineArn"]
        arn = self.sfn.start_execution(stateMachineArn=machine, name="put-1")["executionArn"]
        self.assertEqual(h.wait_done(self.sfn, arn)["status"], "SUCCEEDED")

        def both(events):
            mine = [e for e in events if e["sentBy"] == arn]
            return {e["source"] for e in mine} >= {"e2e.task", "aws.states"} and \
                len([e for e in mine if e["source"] == "aws.states"]) == 2
        events = [e for e in wait_entries(self.server, both, "the execution's events")["events"] if e["sentBy"] == arn]
        task = [e for e in events if e["source"] == "e2e.task"][0]
        self.assertEqual((task["detailType"], task["detail"], task["schema"], task["matches"]),
                         ("Ping", {"a": 1}, None, []))
        self.assertIn(arn, task["resources"])
        changes = [e["detail"]["status"] for e in events if e["source"] == "aws.states"]
        self.assertEqual(changes, ["RUNNING", "SUCCEEDED"])

    def test_3_paging_and_bad_parameters(self):
        self.events.put_events(Entries=[{"Source": "e2e.page", "DetailType": "N", "Detail": json.dumps({"n": n})}
                                        for n in range(3)])
        status, newest = bus_events(self.server, "?limit=2")
        self.assertEqual(status, 200)
        self.assertEqual(len(newest["events"]), 2)
        first = newest["events"][0]["id"]
        status, after = bus_events(self.server, f"?after={first - 1}&limit=1")
        self.assertEqual([e["id"] for e in after["events"]], [first])
        for query, name in (("?limit=0", "limit"), ("?after=x", "after"), ("?since=1", "since")):
            status, error = bus_events(self.server, query)
            self.assertEqual((status, error["__type"]), (400, "ValidationException"), query)
            self.assertIn(name, error["message"])


class EnforcedSchemas(unittest.TestCase):
    def test_a_rejected_update_is_listed_and_not_routed(self):
        server = h.Server("web-bus-enforce", extra=["--schema-dir", SCHEMA_DIR, "--schemas", "enforce"]).start()
        try:
            events = h.events_client(server)
            events.put_rule(Name="Updates", EventPattern=json.dumps({"source": [UPDATE_SOURCE]}))
            events.put_targets(Rule="Updates", Targets=[{"Id": "Log", "Arn": LOG_ARN}])
            missing = json.loads(json.dumps(UPDATE))
            del missing["data"]["orderId"]
            r = events.put_events(Entries=[{"Source": UPDATE_SOURCE, "DetailType": UPDATE_TYPE,
                                            "Detail": json.dumps(missing)}])
            self.assertEqual(r["Entries"][0]["ErrorCode"], "InvalidArgument", r)
            status, body = bus_events(server)
            self.assertEqual(status, 200)
            [entry] = body["events"]
            self.assertTrue(entry["rejected"])
            self.assertEqual(entry["matches"], [])
            self.assertEqual((entry["schema"]["valid"], entry["schema"]["mode"]), (False, "enforce"))
            self.assertIn("orderId", json.dumps(entry["schema"]["violations"]))
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
