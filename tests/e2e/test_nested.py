#!/usr/bin/python3
"""Nested workflows under `stepwise serve`: states:startExecution in its four patterns, with boto3.

Usage: test_nested.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

One --virtual-time server. A parent Task calls a Child state machine created with
CreateStateMachine through
  arn:aws:states:::states:startExecution                   (request-response)
  arn:aws:states:::states:startExecution.sync              (Output: the child's output as JSON text)
  arn:aws:states:::states:startExecution.sync:2            (Output: the child's output as JSON)
  arn:aws:states:::states:startExecution.waitForTaskToken  (the child answers with
                                                           aws-sdk:sfn:sendTaskSuccess / sendTaskFailure)
and each time: the parent SUCCEEDS, its history has AWS's event types (TaskSubmitted for the
three patterns that wait), TaskSucceeded holds what AWS returns, the child is an execution of
its own (DescribeExecution, GetExecutionHistory, ListExecutions) and its input keeps
AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID from "$$.Execution.Id".
Also: StopExecution of a parent waiting in .sync aborts the child; a child that fails fails the
.sync task with States.TaskFailed (catchable, the child's description as the cause); an unknown
StateMachineArn fails the task naming StateMachineDoesNotExist; events:putEvents from a Task
reaches a rule's target.
https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
https://docs.aws.amazon.com/step-functions/latest/dg/concepts-nested-workflows.html
"""
import json
import os
import sys
import time
import unittest
import uuid

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
from nested_machines import BROKEN, REFUSER, REPLIER  # noqa: E402

h.require_boto3()
h.model_dir()

SERVER = h.Server("nested", virtual_time=True)
STARTED_BY = "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID"

# The child doubles n and echoes its input; the Wait is free on the virtual clock.
CHILD = {
    "StartAt": "Double",
    "States": {
        "Double": {"Type": "Pass", "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)", "input.$": "$"},
                   "Next": "Nap"},
        "Nap": {"Type": "Wait", "Seconds": 30, "End": True},
    },
}

BASE_TYPES = ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted"]
END_TYPES = ["TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"]


class Nested(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        SERVER.start()
        cls.c = SERVER.client()
        cls.child_arn = cls.create("Child", CHILD)
        cls.replier_arn = cls.create("Replier", REPLIER)
        cls.refuser_arn = cls.create("Refuser", REFUSER)
        cls.broken_arn = cls.create("Broken", BROKEN)

    @classmethod
    def tearDownClass(cls):
        SERVER.stop()

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result else 0
        out = super().run(result)
        if result and len(result.failures) + len(result.errors) > before:
            print(SERVER.stderr_tail(), file=sys.stderr)
        return out

    @classmethod
    def create(cls, name, definition):
        return cls.c.create_state_machine(name=name, definition=json.dumps(definition), roleArn=h.ROLE)[
            "stateMachineArn"]

    def parent(self, state, name=None):
        """A parent machine whose only state is `state` (named Call); returns its ARN."""
        definition = {"StartAt": "Call", "States": {"Call": dict(state, End=True)}}
        return self.create(name or h.unique_name("Parent"), definition)

    def run_parent(self, state, input_text="{}"):
        arn = self.parent(state)
        ex = self.c.start_execution(stateMachineArn=arn, input=input_text)["executionArn"]
        return ex, h.wait_done(self.c, ex)

    def call(self, pattern, machine_arn, extra_input=None, **more):
        resource = "arn:aws:states:::states:startExecution" + pattern
        child_input = {"n": 21, STARTED_BY + ".$": "$$.Execution.Id"}
        child_input.update(extra_input or {})
        parameters = {"StateMachineArn": machine_arn, "Input": child_input}
        parameters.update(more)
        return {"Type": "Task", "Resource": resource, "Parameters": parameters}

    def history(self, arn):
        events = h.full_history(self.c, arn)
        h.check_history_shape(events, arn)
        return events

    def one(self, events, kind):
        found = [e for e in events if e["type"] == kind]
        self.assertEqual(len(found), 1, f"{kind} in {[e['type'] for e in events]}")
        return h.event_details(found[0])

    def check_child(self, child_arn, parent_arn, machine_arn, status="SUCCEEDED"):
        """The child is an execution of its own, started with the parent's id in its input."""
        d = h.wait_done(self.c, child_arn)
        self.assertEqual(d["status"], status, d)
        self.assertEqual(d["stateMachineArn"], machine_arn)
        child_input = json.loads(d["input"])
        self.assertEqual(child_input.get(STARTED_BY), parent_arn, child_input)
        events = self.history(child_arn)
        self.assertEqual(json.loads(h.event_details(events[0])["input"]), child_input)
        listed = [e["executionArn"] for e in self.c.list_executions(stateMachineArn=machine_arn)["executions"]]
        self.assertIn(child_arn, listed)
        return d, events

    # --- the four patterns ---------------------------------------------------------------

    def test_request_response(self):
        ex, d = self.run_parent(self.call("", self.child_arn))
        self.assertEqual(d["status"], "SUCCEEDED", d)
        events = self.history(ex)
        self.assertEqual([e["type"] for e in events], BASE_TYPES + END_TYPES)
        scheduled = self.one(events, "TaskScheduled")
        self.assertEqual((scheduled["resourceType"], scheduled["resource"]), ("states", "startExecution"))
        self.assertEqual(json.loads(scheduled["parameters"])["Input"][STARTED_BY], ex)
        out = json.loads(self.one(events, "TaskSucceeded")["output"])
        # StartExecution's response: ExecutionArn and StartDate (plus the SDK's metadata).
        self.assertIn("ExecutionArn", out)
        self.assertIn("StartDate", out)
        self.assertNotIn("Output", out)
        self.assertEqual(out["SdkHttpMetadata"]["HttpStatusCode"], 200)
        child, _ = self.check_child(out["ExecutionArn"], ex, self.child_arn)
        self.assertEqual(json.loads(child["output"])["doubled"], 42)

    def test_sync(self):
        ex, d = self.run_parent(self.call(".sync", self.child_arn,
                                          Name="sync-" + uuid.uuid4().hex[:8]))
        self.assertEqual(d["status"], "SUCCEEDED", d)
        events = self.history(ex)
        self.assertEqual([e["type"] for e in events], BASE_TYPES + ["TaskSubmitted"] + END_TYPES)
        submitted = self.one(events, "TaskSubmitted")
        self.assertEqual(submitted["resource"], "startExecution.sync")
        child_arn = json.loads(submitted["output"])["ExecutionArn"]
        params = json.loads(self.one(events, "TaskScheduled")["parameters"])
        self.assertTrue(child_arn.endswith(":" + params["Name"]), (child_arn, params["Name"]))
        out = json.loads(self.one(events, "TaskSucceeded")["output"])
        self.assertEqual(out["ExecutionArn"], child_arn)
        self.assertEqual(out["Status"], "SUCCEEDED")
        self.assertEqual(out["StateMachineArn"], self.child_arn)
        # .sync: Input and Output are JSON text, as DescribeExecution returns them.
        self.assertIsInstance(out["Output"], str, out)
        self.assertIsInstance(out["Input"], str, out)
        child, child_events = self.check_child(child_arn, ex, self.child_arn)
        self.assertEqual(json.loads(out["Output"]), json.loads(child["output"]))
        self.assertEqual(json.loads(out["Output"])["doubled"], 42)
        self.assertEqual(json.loads(h.event_details(child_events[-1])["output"]), json.loads(out["Output"]))
        self.assertEqual(json.loads(out["Input"])[STARTED_BY], ex)

    def test_sync2(self):
        ex, d = self.run_parent(self.call(".sync:2", self.child_arn))
        self.assertEqual(d["status"], "SUCCEEDED", d)
        events = self.history(ex)
        self.assertEqual([e["type"] for e in events], BASE_TYPES + ["TaskSubmitted"] + END_TYPES)
        self.assertEqual(self.one(events, "TaskSubmitted")["resource"], "startExecution.sync:2")
        out = json.loads(self.one(events, "TaskSucceeded")["output"])
        # .sync:2: Input and Output are JSON.
        self.assertIsInstance(out["Output"], dict, out)
        self.assertIsInstance(out["Input"], dict, out)
        self.assertEqual(out["Output"]["doubled"], 42)
        self.assertEqual(out["Input"][STARTED_BY], ex)
        child, _ = self.check_child(out["ExecutionArn"], ex, self.child_arn)
        self.assertEqual(out["Output"], json.loads(child["output"]))
        self.assertEqual(json.loads(d["output"]), out)

    def test_wait_for_task_token(self):
        state = self.call(".waitForTaskToken", self.replier_arn, {"token.$": "$$.Task.Token"})
        ex, d = self.run_parent(state)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        events = self.history(ex)
        self.assertEqual([e["type"] for e in events], BASE_TYPES + ["TaskSubmitted"] + END_TYPES)
        submitted = self.one(events, "TaskSubmitted")
        self.assertEqual(submitted["resource"], "startExecution.waitForTaskToken")
        # The task's result is what the child sent with SendTaskSuccess.
        self.assertEqual(json.loads(self.one(events, "TaskSucceeded")["output"]), {"replied": 21})
        self.assertEqual(json.loads(d["output"]), {"replied": 21})
        child_arn = json.loads(submitted["output"])["ExecutionArn"]
        child, child_events = self.check_child(child_arn, ex, self.replier_arn)
        self.assertIn("TaskSucceeded", [e["type"] for e in child_events])
        self.assertEqual(json.loads(child["output"]), {})  # SendTaskSuccess answers {}

    def test_wait_for_task_token_send_task_failure(self):
        state = self.call(".waitForTaskToken", self.refuser_arn, {"token.$": "$$.Task.Token"})
        state["Catch"] = [{"ErrorEquals": ["Child.Refused"], "ResultPath": "$.refused", "Next": "Refused"}]
        definition = {"StartAt": "Call", "States": {"Call": dict(state, End=True), "Refused": {"Type": "Pass", "End": True}}}
        arn = self.create(h.unique_name("Parent"), definition)
        ex = self.c.start_execution(stateMachineArn=arn)["executionArn"]
        d = h.wait_done(self.c, ex)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        self.assertEqual(json.loads(d["output"])["refused"], {"Error": "Child.Refused", "Cause": "not today"})
        failed = self.one(self.history(ex), "TaskFailed")
        self.assertEqual((failed["error"], failed["cause"]), ("Child.Refused", "not today"))

    # --- failures and stops --------------------------------------------------------------

    def test_stop_parent_aborts_sync_child(self):
        # The child waits for an activity nobody polls: it stays RUNNING until stopped.
        activity = self.c.create_activity(name=h.unique_name("never-polled"))["activityArn"]
        waiter = self.create(h.unique_name("Waiter"), {
            "StartAt": "Hold", "States": {"Hold": {"Type": "Task", "Resource": activity, "End": True}}})
        arn = self.parent(self.call(".sync", waiter))
        ex = self.c.start_execution(stateMachineArn=arn)["executionArn"]
        child_arn = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not child_arn:
            running = self.c.list_executions(stateMachineArn=waiter)["executions"]
            child_arn = running[0]["executionArn"] if running else None
            time.sleep(0.05)
        self.assertTrue(child_arn, "the .sync child never started")
        # Wait until the parent recorded TaskSubmitted, then stop it.
        deadline = time.monotonic() + 30
        while "TaskSubmitted" not in [e["type"] for e in h.full_history(self.c, ex)]:
            self.assertLess(time.monotonic(), deadline, "no TaskSubmitted in the parent")
            time.sleep(0.05)
        self.assertEqual(self.c.describe_execution(executionArn=child_arn)["status"], "RUNNING")
        self.c.stop_execution(executionArn=ex, error="Parent.Stopped", cause="by the test")
        self.assertEqual(h.wait_done(self.c, ex)["status"], "ABORTED")
        child = h.wait_done(self.c, child_arn, timeout=30)
        self.assertEqual(child["status"], "ABORTED", child)
        self.assertEqual(self.history(child_arn)[-1]["type"], "ExecutionAborted")
        self.assertEqual(self.history(ex)[-1]["type"], "ExecutionAborted")

    def test_failed_child_fails_sync_task(self):
        for pattern in (".sync", ".sync:2"):
            with self.subTest(pattern=pattern):
                state = self.call(pattern, self.broken_arn)
                state["Catch"] = [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.caught", "Next": "Caught"}]
                definition = {"StartAt": "Call",
                              "States": {"Call": dict(state, End=True), "Caught": {"Type": "Pass", "End": True}}}
                arn = self.create(h.unique_name("Parent"), definition)
                ex = self.c.start_execution(stateMachineArn=arn)["executionArn"]
                d = h.wait_done(self.c, ex)
                self.assertEqual(d["status"], "SUCCEEDED", d)
                caught = json.loads(d["output"])["caught"]
                self.assertEqual(caught["Error"], "States.TaskFailed")
                cause = json.loads(caught["Cause"])  # the child's DescribeExecution
                self.assertEqual((cause["Status"], cause["Error"], cause["Cause"]), ("FAILED", "ChildBroke", "boom"))
                events = self.history(ex)
                types = [e["type"] for e in events]
                self.assertEqual(types[:5], BASE_TYPES + ["TaskSubmitted"])
                self.assertEqual(types[5], "TaskFailed")
                self.check_child(cause["ExecutionArn"], ex, self.broken_arn, status="FAILED")

    def test_unknown_state_machine(self):
        missing = f"arn:aws:states:{h.REGION}:{h.ACCOUNT}:stateMachine:NoSuchMachine-{uuid.uuid4().hex[:6]}"
        for pattern in ("", ".sync", ".sync:2", ".waitForTaskToken"):
            with self.subTest(pattern=pattern):
                ex, d = self.run_parent(self.call(pattern, missing))
                self.assertEqual(d["status"], "FAILED", d)
                self.assertIn("StateMachineDoesNotExist", d.get("error", ""), d)
                self.assertIn(missing, d.get("cause", ""), d)
                failed = self.one(self.history(ex), "TaskFailed")
                self.assertIn("StateMachineDoesNotExist", failed["error"])
        # ... and a Catch can handle it.
        state = self.call(".sync", missing)
        state["Catch"] = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Handled"}]
        arn = self.create(h.unique_name("Parent"), {"StartAt": "Call", "States": {
            "Call": dict(state, End=True), "Handled": {"Type": "Pass", "End": True}}})
        ex = self.c.start_execution(stateMachineArn=arn)["executionArn"]
        d = h.wait_done(self.c, ex)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        self.assertIn("StateMachineDoesNotExist", json.loads(d["output"])["err"]["Error"])

    def test_sync_express_child(self):
        """A .sync / .sync:2 call of an EXPRESS child ends when the child does (it must not hang)."""
        express = self.c.create_state_machine(name=h.unique_name("ExpressChild"), definition=json.dumps(CHILD),
                                              roleArn=h.ROLE, type="EXPRESS")["stateMachineArn"]
        for pattern in (".sync", ".sync:2"):
            with self.subTest(pattern=pattern):
                arn = self.parent({"Type": "Task", "Resource": "arn:aws:states:::states:startExecution" + pattern,
                                   "Parameters": {"StateMachineArn": express, "Input": {"n": 5}}})
                ex = self.c.start_execution(stateMachineArn=arn)["executionArn"]
                d = h.wait_done(self.c, ex, timeout=20)
                self.assertEqual(d["status"], "SUCCEEDED", d)
                out = json.loads(d["output"])
                child_out = out["Output"] if pattern == ".sync:2" else json.loads(out["Output"])
                self.assertEqual(child_out["doubled"], 10)
                self.assertIn(":express:", out["ExecutionArn"])

    def test_sync_parent_survives_restart(self):
        """A restart while the parent waits in .sync: the child's end still reaches it, one child only."""
        server = h.Server("nested-restart", virtual_time=False)
        try:
            server.start()
            c = server.client()
            child = {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 3, "Next": "Done"},
                                                  "Done": {"Type": "Pass", "Result": {"done": True}, "End": True}}}
            child_arn = c.create_state_machine(name="SlowChild", definition=json.dumps(child),
                                               roleArn=h.ROLE)["stateMachineArn"]
            parent = {"StartAt": "Call", "States": {"Call": {
                "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {"StateMachineArn": child_arn}, "End": True}}}
            arn = c.create_state_machine(name="RestartParent", definition=json.dumps(parent),
                                         roleArn=h.ROLE)["stateMachineArn"]
            ex = c.start_execution(stateMachineArn=arn)["executionArn"]
            deadline = time.monotonic() + 10
            while "TaskSubmitted" not in [e["type"] for e in h.full_history(c, ex)]:
                self.assertLess(time.monotonic(), deadline, "no TaskSubmitted in the parent")
                time.sleep(0.05)
            server.restart()  # SIGTERM: a clean stop; the child is RUNNING and stored
            d = h.wait_done(c, ex, timeout=30)
            self.assertEqual(d["status"], "SUCCEEDED", f"{d}\n{server.stderr_tail()}")
            self.assertEqual(json.loads(d["output"])["Output"], {"done": True})
            events = h.full_history(c, ex)
            h.check_history_shape(events, ex)
            submitted = [json.loads(h.event_details(e)["output"])["ExecutionArn"] for e in events if e["type"] == "TaskSubmitted"]
            succeeded = [json.loads(h.event_details(e)["output"])["ExecutionArn"] for e in events if e["type"] == "TaskSucceeded"]
            children = [x["executionArn"] for x in c.list_executions(stateMachineArn=child_arn)["executions"]]
            # The resumed task waits for the child it started; it does not start another.
            self.assertEqual(children, submitted, "the resumed .sync task started the child again")
            self.assertEqual(succeeded, submitted)
        finally:
            server.stop()

    # --- events:putEvents from a Task --------------------------------------------------------

    def test_put_events_task(self):
        events = h.events_client(SERVER)
        log = h.unique_name("nested-put")
        source = "e2e.nested." + uuid.uuid4().hex[:6]
        events.put_rule(Name=log, EventPattern=json.dumps({"source": [source]}))
        events.put_targets(Rule=log, Targets=[{"Id": "log", "Arn": f"arn:aws:logs:{h.REGION}:{h.ACCOUNT}:log-group:{log}"}])
        state = {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
                 "Parameters": {"Entries": [{"Source": source, "DetailType": "Nested",
                                             "Detail": {"from.$": "$$.Execution.Id"}}]}}
        arn = self.parent(state)
        ex = self.c.start_execution(stateMachineArn=arn)["executionArn"]
        d = h.wait_done(self.c, ex)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        out = json.loads(d["output"])
        self.assertEqual(out["FailedEntryCount"], 0, out)
        self.assertEqual(len(out["Entries"]), 1)
        event_id = out["Entries"][0]["EventId"]
        path = os.path.join(SERVER.data_dir, "logs", log + ".jsonl")
        deadline = time.monotonic() + 30
        got = []
        while time.monotonic() < deadline and not got:
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    got = [json.loads(line) for line in f if line.strip()]
            time.sleep(0.05)
        self.assertEqual(len(got), 1, f"the rule's log target got {got}")
        entry = got[0].get("event", got[0])
        self.assertEqual(entry["id"], event_id)
        self.assertEqual(entry["detail"], {"from": ex})
        # Step Functions adds the execution's and the state machine's ARNs to Resources.
        self.assertIn(ex, entry["resources"])
        self.assertIn(arn, entry["resources"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
