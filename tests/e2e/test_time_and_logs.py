"""Task deadlines on serve's clock, and execution logging, with boto3.

Time: under `--time-scale 0.001` an activity task's TimeoutSeconds 300 (and HeartbeatSeconds
300) end the execution after 0.3 s of real time, with States.Timeout (States.HeartbeatTimeout),
and the history's clock reads the 300 s it stood for; under `--virtual-time` the same deadline
fires when POST /_stepwise/clock moves the clock past it, and not before.
https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html (TimeoutSeconds, HeartbeatSeconds)
https://docs.aws.amazon.com/step-functions/latest/dg/concepts-activities.html

Logs: a state machine's loggingConfiguration writes AWS's CloudWatch Logs records to
DATA_DIR/logs/<log group>.jsonl: level ERROR without execution data keeps only the
error-level events, with no input or output; level ALL with data keeps every event with them.
https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html
https://docs.aws.amazon.com/step-functions/latest/apireference/API_CloudWatchLogsLogGroup.html
"""
import json
import os
import sys
import time
import unittest
import urllib.request

import harness as h

h.require_boto3()

SCALED = h.Server("scaled", virtual_time=False, time_scale=0.001)
VIRTUAL = h.Server("virtual", virtual_time=True)


def activity_machine(client, name, **task_fields):
    act_arn = client.create_activity(name=h.unique_name(name))["activityArn"]
    task = {"Type": "Task", "Resource": act_arn, "End": True, **task_fields}
    return client.create_state_machine(name=h.unique_name(name), roleArn=h.ROLE,
                                       definition=json.dumps({"StartAt": "Work", "States": {"Work": task}}))[
        "stateMachineArn"]


def event_of(events, event_type):
    found = [e for e in events if e["type"] == event_type]
    assert found, f"no {event_type} in {[e['type'] for e in events]}"
    return found[0]


def advance(server, seconds):
    req = urllib.request.Request(server.endpoint + "/_stepwise/clock", method="POST",
                                 data=json.dumps({"advanceSeconds": seconds}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as answer:
        return json.loads(answer.read())


def log_records(server, group):
    path = os.path.join(server.data_dir, "logs", group + ".jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


class TaskDeadlinesOnAScaledClock(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        SCALED.start()
        cls.c = SCALED.client()

    @classmethod
    def tearDownClass(cls):
        SCALED.stop()

    def assert_timed_out(self, arn, error):
        ex = self.c.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
        d = h.wait_done(self.c, ex, timeout=60)  # 300 s of the scaled clock: 0.3 s of real time
        self.assertEqual(d["status"], "FAILED", d)
        self.assertEqual(d.get("error"), error, d)
        events = h.full_history(self.c, ex)
        scheduled = event_of(events, "ActivityScheduled")["timestamp"]
        timed_out = event_of(events, "ActivityTimedOut")["timestamp"]
        self.assertGreaterEqual((timed_out - scheduled).total_seconds(), 300)

    def test_timeout_seconds_of_an_activity_nobody_polls(self):
        self.assert_timed_out(activity_machine(self.c, "Unpolled", TimeoutSeconds=300), "States.Timeout")

    def test_heartbeat_seconds_of_an_activity_nobody_polls(self):
        self.assert_timed_out(activity_machine(self.c, "Silent", TimeoutSeconds=100000, HeartbeatSeconds=300),
                              "States.HeartbeatTimeout")


class TaskDeadlinesOnTheVirtualClock(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        VIRTUAL.start()
        cls.c = VIRTUAL.client()

    @classmethod
    def tearDownClass(cls):
        VIRTUAL.stop()

    def test_a_timeout_fires_when_the_clock_passes_it(self):
        arn = activity_machine(self.c, "Virtual", TimeoutSeconds=300)
        ex = self.c.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
        for _ in range(200):  # scheduled: its deadline is armed
            if any(e["type"] == "ActivityScheduled" for e in h.full_history(self.c, ex)):
                break
            time.sleep(0.05)
        advance(VIRTUAL, 200)
        self.assertEqual(self.c.describe_execution(executionArn=ex)["status"], "RUNNING",
                         "200 virtual seconds do not reach a 300-second timeout")
        advance(VIRTUAL, 200)
        d = h.wait_done(self.c, ex, timeout=60)
        self.assertEqual(d["status"], "FAILED", d)
        self.assertEqual(d.get("error"), "States.Timeout", d)


class ExecutionLogs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        SCALED.start()
        cls.c = SCALED.client()

    @classmethod
    def tearDownClass(cls):
        SCALED.stop()

    def machine(self, name, level, include_data, group):
        definition = {"StartAt": "Check", "States": {
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Done"}],
                      "Default": "Broken"},
            "Done": {"Type": "Pass", "Result": {"done": True}, "End": True},
            "Broken": {"Type": "Fail", "Error": "Order.Broken", "Cause": "not ok"}}}
        logging = {"level": level, "includeExecutionData": include_data, "destinations": [
            {"cloudWatchLogsLogGroup": {"logGroupArn": f"arn:aws:logs:{h.REGION}:{h.ACCOUNT}:log-group:{group}:*"}}]}
        return self.c.create_state_machine(name=h.unique_name(name), roleArn=h.ROLE, definition=json.dumps(definition),
                                           loggingConfiguration=logging)["stateMachineArn"]

    def run_both(self, arn):
        runs = {}
        for ok in (False, True):
            ex = self.c.start_execution(stateMachineArn=arn, input=json.dumps({"ok": ok, "secret": "s3cr3t"}))[
                "executionArn"]
            self.assertEqual(h.wait_done(self.c, ex)["status"], "SUCCEEDED" if ok else "FAILED")
            runs[ok] = ex
        return runs

    def test_level_error_without_data(self):
        group = h.unique_name("errors")
        runs = self.run_both(self.machine("LogErrors", "ERROR", False, group))
        records = log_records(SCALED, group)
        self.assertEqual([(r["execution_arn"], r["type"]) for r in records],
                         [(runs[False], "FailStateEntered"), (runs[False], "ExecutionFailed")])
        failed = records[1]
        self.assertEqual(failed["details"], {"error": "Order.Broken", "cause": "not ok"})
        self.assertEqual(records[0]["details"], {"name": "Broken"})
        history = h.full_history(self.c, runs[False])
        self.assertEqual(failed["id"], str(event_of(history, "ExecutionFailed")["id"]))
        self.assertEqual(failed["previous_event_id"], str(event_of(history, "ExecutionFailed")["previousEventId"]))
        self.assertEqual(failed["redrive_count"], "0")
        self.assertRegex(failed["event_timestamp"], r"^\d{13}$")
        self.assertNotIn("s3cr3t", json.dumps(records))

    def test_level_all_with_data(self):
        group = "/aws/vendedlogs/states/" + h.unique_name("all")
        runs = self.run_both(self.machine("LogAll", "ALL", True, group))
        records = log_records(SCALED, group.lstrip("/"))
        for ok, ex in runs.items():
            history = h.full_history(self.c, ex)
            mine = [r for r in records if r["execution_arn"] == ex]
            self.assertEqual([r["type"] for r in mine], [e["type"] for e in history])
            self.assertEqual([r["id"] for r in mine], [str(e["id"]) for e in history])
        started = [r for r in records if r["execution_arn"] == runs[True] and r["type"] == "ExecutionStarted"][0]
        self.assertEqual(json.loads(started["details"]["input"]), {"ok": True, "secret": "s3cr3t"})
        self.assertEqual(started["details"]["inputDetails"], {"truncated": False})
        self.assertEqual(started["details"]["roleArn"], h.ROLE)
        succeeded = [r for r in records if r["execution_arn"] == runs[True] and r["type"] == "ExecutionSucceeded"][0]
        self.assertEqual(json.loads(succeeded["details"]["output"]), {"done": True})

    def test_a_log_group_arn_without_its_qualifier_is_refused(self):
        with self.assertRaises(self.c.exceptions.InvalidLoggingConfiguration) as caught:
            self.c.create_state_machine(
                name=h.unique_name("BadLogs"), roleArn=h.ROLE,
                definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}),
                loggingConfiguration={"level": "ALL", "destinations": [{"cloudWatchLogsLogGroup": {
                    "logGroupArn": f"arn:aws:logs:{h.REGION}:{h.ACCOUNT}:log-group:no-qualifier"}}]})
        self.assertIn("'*' qualifier", str(caught.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
