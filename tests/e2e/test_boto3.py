#!/usr/bin/python3
"""boto3 (Debian's, /usr/bin/python3) against `stepwise serve`.

Usage: test_boto3.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]
       E2E_RESTART=1 test_boto3.py ...   # the same tests, the server restarted between steps
       E2E_RESTART_SIGNAL=KILL|TERM      # restart by that signal only (default: alternately)

Two servers: a virtual-time one for the example (its Wait and Retry intervals cost nothing)
and a real-time one for what waits on the outside world (StopExecution of a long Wait,
task tokens, activity workers, idempotency of a running execution). With E2E_RESTART=1
every step() stops the server (alternately SIGTERM and SIGKILL) and starts it again on the
same data directory and port, between groups of API calls.
"""
import json
import os
import signal
import sys
import threading
import time
import unittest
import uuid

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()
h.model_dir()

from botocore.exceptions import ClientError  # noqa: E402

RESTART = os.environ.get("E2E_RESTART") == "1"
# How step() stops the server: alternately SIGTERM and SIGKILL (default), or always KILL / TERM.
RESTART_SIGNAL = os.environ.get("E2E_RESTART_SIGNAL", "ALTERNATE").upper()
SM = f"arn:aws:states:{h.REGION}:{h.ACCOUNT}:stateMachine:"
EX = f"arn:aws:states:{h.REGION}:{h.ACCOUNT}:execution:"
ACT = f"arn:aws:states:{h.REGION}:{h.ACCOUNT}:activity:"
FN = f"arn:aws:lambda:{h.REGION}:{h.ACCOUNT}:function:"
EXAMPLE_NAME = "VehicleOrderCancellation"

REDRIVE_DEF = {
    "Comment": "Fails at Flaky the first time (mock invocation 0 throws), succeeds when redriven (invocation 1)",
    "StartAt": "Before",
    "States": {
        "Before": {"Type": "Pass", "Result": "ran once", "ResultPath": "$.before", "Next": "Flaky"},
        "Flaky": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": FN + "Flaky", "Payload.$": "$"},
            "ResultSelector": {"attempt.$": "$.Payload.attempt"},
            "ResultPath": "$.flaky",
            "Next": "After",
        },
        "After": {"Type": "Pass", "Result": "ok", "ResultPath": "$.after", "End": True},
    },
}
REDRIVE_PARALLEL_DEF = {
    "Comment": "The second branch fails at its third state the first time; a redrive continues it there",
    "StartAt": "Fan",
    "States": {
        "Fan": {"Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "Result": "left", "End": True}}},
            {"StartAt": "One", "States": {
                "One": {"Type": "Pass", "Result": 1, "ResultPath": "$.one", "Next": "Two"},
                "Two": {"Type": "Pass", "Result": 2, "ResultPath": "$.two", "Next": "FlakyBranch"},
                "FlakyBranch": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": FN + "Flaky", "Payload.$": "$"},
                    "ResultSelector": {"attempt.$": "$.Payload.attempt"},
                    "ResultPath": "$.flaky",
                    "End": True,
                },
            }},
        ]},
    },
}
WAIT_DEF = {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 3600, "End": True}}}
CALLBACK_DEF = {
    "StartAt": "AskForApproval",
    "States": {
        "AskForApproval": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": FN + "Callback",
                           "Payload": {"token.$": "$$.Task.Token", "order.$": "$"}},
            "HeartbeatSeconds": 600,
            "ResultPath": "$.approval",
            "End": True,
        }
    },
}
EXPRESS_DEF = {
    "StartAt": "P1",
    "States": {
        "P1": {"Type": "Pass", "Result": 1, "ResultPath": "$.p1", "Next": "P2"},
        "P2": {"Type": "Pass", "Result": 2, "ResultPath": "$.p2", "Next": "P3"},
        "P3": {"Type": "Pass", "Result": 3, "ResultPath": "$.p3", "Next": "P4"},
        "P4": {"Type": "Pass", "Result": 4, "ResultPath": "$.p4", "Next": "P5"},
        "P5": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.p1, $.p4)", "all.$": "$"}, "End": True},
    },
}


def versioned_def(n):
    return json.dumps({"StartAt": "V", "States": {"V": {"Type": "Pass", "Result": {"version": n}, "End": True}}})


MOCKS = h.combined_mocks(
    {"RedriveMachine": {"TestCases": {"FailOnce": {"Flaky": "FlakyOnce"}}},
     "RedriveParallelMachine": {"TestCases": {"FailOnce": {"FlakyBranch": "FlakyOnce"}}}},
    {"FlakyOnce": {
        "0": {"Throw": {"Error": "Boom", "Cause": "the first attempt fails"}},
        "1": {"Return": {"StatusCode": 200, "Payload": {"attempt": 2}}},
    }},
)
PROJECT = h.tmp_path("project.json")
with open(PROJECT, "w") as f:
    # The callback Lambda only has to return; the task then waits for its token.
    json.dump({"functions": {"Callback": {"runtime": "command", "command": ["cat"]}}}, f)

VIRTUAL = h.Server("virtual", mock_config=MOCKS, project=PROJECT, virtual_time=True)
REAL = h.Server("realtime", mock_config=MOCKS, project=PROJECT, virtual_time=False)
_restarts = {"n": 0}


def setUpModule():
    VIRTUAL.start()
    REAL.start()


def tearDownModule():
    for server in (VIRTUAL, REAL):
        status = server.stop(signal.SIGTERM)
        if status not in (0, -signal.SIGTERM, 128 + signal.SIGTERM, None):
            print(f"note: {server.name} exited with {status} on SIGTERM", file=sys.stderr)


def step(*servers):
    """A step boundary: in restart mode the servers go down and come back (same data dir)."""
    if not RESTART:
        return
    for server in servers or (VIRTUAL, REAL):
        _restarts["n"] += 1
        sig = {"KILL": signal.SIGKILL, "TERM": signal.SIGTERM}.get(
            RESTART_SIGNAL, signal.SIGKILL if _restarts["n"] % 2 == 0 else signal.SIGTERM)
        server.restart(sig)


class Base(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.v = VIRTUAL.client()
        cls.r = REAL.client()
        cls.v_raw = VIRTUAL.client(validate=False)
        cls.r_raw = REAL.client(validate=False)

    def assertAwsError(self, code, fn, *args, **kwargs):
        with self.assertRaises(ClientError, msg=f"{fn.__name__} should fail with {code}") as ctx:
            fn(*args, **kwargs)
        got, status, message = h.error_of(ctx.exception)
        self.assertEqual((got, status), (code, 400),
                         f"{fn.__name__}({kwargs}) -> {got} HTTP {status}: {message}")
        return ctx.exception

    def create(self, client, name, definition, **kwargs):
        if not isinstance(definition, str):
            definition = json.dumps(definition)
        return client.create_state_machine(name=name, definition=definition, roleArn=h.ROLE, **kwargs)

    def token_of(self, client, arn, timeout=30):
        """The $$.Task.Token the callback task was given (TaskScheduled parameters)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for e in h.full_history(client, arn):
                if e["type"] == "TaskScheduled":
                    params = json.loads(e["taskScheduledEventDetails"]["parameters"])
                    return params["Payload"]["token"]
            time.sleep(0.05)
        self.fail(f"no TaskScheduled event in {arn} after {timeout} s")


class T1ExampleMachine(Base):
    """The vehicle order cancellation example: HappyPath and IneligiblePath via #TestCase."""

    def test_example_runs_like_stepwise_run(self):
        definition = h.substituted_definition()
        created = self.create(self.v, EXAMPLE_NAME, definition)
        arn = created["stateMachineArn"]
        self.assertEqual(arn, SM + EXAMPLE_NAME)
        # Same name, definition and role: idempotent, same ARN (AWS).
        again = self.create(self.v, EXAMPLE_NAME, definition)
        self.assertEqual(again["stateMachineArn"], arn)
        step(VIRTUAL)

        cases = [("HappyPath", "input.json"), ("IneligiblePath", "input-ineligible.json"),
                 ("HappyPath", "input.json"), ("TransientErrorRetryPath", "input.json"),
                 ("InventoryReleaseFailurePath", "input.json"), ("IneligiblePath", "input-ineligible.json")]
        started = []
        for i, (case, input_file) in enumerate(cases):
            text = h.read_text(os.path.join(h.EXAMPLE, input_file))
            name = f"{case}-{i}"
            out = self.v.start_execution(stateMachineArn=f"{arn}#{case}", name=name, input=text)
            self.assertEqual(out["executionArn"], f"{EX}{EXAMPLE_NAME}:{name}")
            self.assertIn("startDate", out)
            started.append((out["executionArn"], case, text, name))
        step(VIRTUAL)

        results = {}
        for exec_arn, case, text, name in started:
            d = h.wait_done(self.v, exec_arn)
            results[exec_arn] = d
            status, output, error, cause, run_events = h.run_expected(
                definition, os.path.join(h.EXAMPLE, "mocks.json"), case, text, name, EXAMPLE_NAME)
            self.assertEqual(d["status"], status, f"{case}: {d}")
            self.assertEqual(d["stateMachineArn"], arn)
            self.assertEqual(d["name"], name)
            self.assertEqual(json.loads(d["input"]), json.loads(text))
            self.assertIn("stopDate", d)
            if status == "SUCCEEDED":
                self.assertEqual(h.normalize_output(d["output"]), h.normalize_output(output), case)
                self.assertEqual(json.loads(d["output"])["cancellationId"], exec_arn)
            else:
                self.assertNotIn("output", d)
            events = h.full_history(self.v, exec_arn)
            h.check_history_shape(events, exec_arn)
            # Same events as stepwise run's trace (Parallel branches may interleave differently).
            self.assertEqual(sorted(e["type"] for e in events), sorted(e["type"] for e in run_events), case)
            self.assertEqual(events[-1]["type"], run_events[-1]["type"])
            if status == "FAILED":
                details = events[-1]["executionFailedEventDetails"]
                self.assertEqual((details.get("error"), details.get("cause")), (error, cause))
                self.assertEqual((d.get("error"), d.get("cause")), (error, cause))
        step(VIRTUAL)

        # GetExecutionHistory: pages of 5 make the whole history; reverseOrder; no data.
        happy = started[0][0]
        whole = h.full_history(self.v, happy)
        pages, token, n = [], None, 0
        while True:
            args = {"executionArn": happy, "maxResults": 5}
            if token:
                args["nextToken"] = token
            page = self.v.get_execution_history(**args)
            self.assertLessEqual(len(page["events"]), 5)
            pages += page["events"]
            token = page.get("nextToken")
            n += 1
            if n % 3 == 0:
                step(VIRTUAL)  # a nextToken must survive a restart
            if not token:
                break
        self.assertEqual(pages, whole)
        self.assertGreater(n, 2)
        rev = h.full_history(self.v, happy, reverseOrder=True)
        self.assertEqual(rev, list(reversed(whole)))
        rev_page = self.v.get_execution_history(executionArn=happy, reverseOrder=True, maxResults=3)
        self.assertEqual([e["id"] for e in rev_page["events"]], [len(whole), len(whole) - 1, len(whole) - 2])
        bare = h.full_history(self.v, happy, includeExecutionData=False)
        self.assertEqual([e["type"] for e in bare], [e["type"] for e in whole])
        for e in bare:
            for key, value in e.items():
                if key.endswith("EventDetails") and isinstance(value, dict):
                    for field in ("input", "output"):
                        self.assertNotIn(field, value, f"includeExecutionData=False but {e['type']} has {field}")
        step(VIRTUAL)

        # ListExecutions: statusFilter and pagination.
        def list_all(**kwargs):
            arns, token = [], None
            while True:
                args = dict(stateMachineArn=arn, maxResults=2, **kwargs)
                if token:
                    args["nextToken"] = token
                page = self.v.list_executions(**args)
                self.assertLessEqual(len(page["executions"]), 2)
                for item in page["executions"]:
                    self.assertEqual(item["stateMachineArn"], arn)
                    self.assertIn("startDate", item)
                arns += [(item["executionArn"], item["status"]) for item in page["executions"]]
                token = page.get("nextToken")
                if not token:
                    return arns

        everything = list_all()
        self.assertEqual(sorted(a for a, _ in everything), sorted(s[0] for s in started))
        self.assertEqual(len(everything), len(set(a for a, _ in everything)), "duplicates across pages")
        for status in ("SUCCEEDED", "FAILED", "RUNNING", "ABORTED"):
            got = list_all(statusFilter=status)
            want = sorted(a for a, d in results.items() if d["status"] == status)
            self.assertEqual(sorted(a for a, _ in got), want, status)
            self.assertTrue(all(s == status for _, s in got))
        # Newest first, as AWS lists them.
        dates = [item["startDate"] for item in self.v.list_executions(stateMachineArn=arn)["executions"]]
        self.assertEqual(dates, sorted(dates, reverse=True))
        described = self.v.describe_state_machine_for_execution(executionArn=happy)
        self.assertEqual(described["stateMachineArn"], arn)
        self.assertEqual(json.loads(described["definition"]), json.loads(definition))


class T2StateMachines(Base):
    def test_list_describe_update_delete(self):
        names = [f"Scratch{i}" for i in range(5)]
        arns = [self.create(self.v, n, WAIT_DEF, type="STANDARD")["stateMachineArn"] for n in names]
        step(VIRTUAL)
        listed, token, pages = [], None, 0
        while True:
            args = {"maxResults": 2}
            if token:
                args["nextToken"] = token
            page = self.v.list_state_machines(**args)
            pages += 1
            self.assertLessEqual(len(page["stateMachines"]), 2)
            listed += page["stateMachines"]
            token = page.get("nextToken")
            if not token:
                break
        by_arn = {m["stateMachineArn"]: m for m in listed}
        self.assertEqual(len(by_arn), len(listed), "duplicates across pages")
        for n, a in zip(names, arns):
            self.assertIn(a, by_arn)
            self.assertEqual(by_arn[a]["name"], n)
            self.assertEqual(by_arn[a]["type"], "STANDARD")
            self.assertIn("creationDate", by_arn[a])
        self.assertGreaterEqual(pages, 3)

        d = self.v.describe_state_machine(stateMachineArn=arns[0])
        self.assertEqual((d["name"], d["status"], d["type"], d["roleArn"]), (names[0], "ACTIVE", "STANDARD", h.ROLE))
        self.assertEqual(json.loads(d["definition"]), WAIT_DEF)
        step(VIRTUAL)

        new_role = f"arn:aws:iam::{h.ACCOUNT}:role/Other"
        new_def = {"StartAt": "Only", "States": {"Only": {"Type": "Pass", "Result": "updated", "End": True}}}
        up = self.v.update_state_machine(stateMachineArn=arns[0], definition=json.dumps(new_def), roleArn=new_role)
        self.assertIn("updateDate", up)
        step(VIRTUAL)
        d = self.v.describe_state_machine(stateMachineArn=arns[0])
        self.assertEqual(json.loads(d["definition"]), new_def)
        self.assertEqual(d["roleArn"], new_role)
        run = self.v.start_execution(stateMachineArn=arns[0], input="{}")
        self.assertEqual(json.loads(h.wait_done(self.v, run["executionArn"])["output"]), "updated")

        # Same name, different definition: StateMachineAlreadyExists.
        self.assertAwsError("StateMachineAlreadyExists", self.create, self.v, names[1], new_def)
        self.v.delete_state_machine(stateMachineArn=arns[1])
        step(VIRTUAL)
        remaining = [m["stateMachineArn"] for m in self.v.list_state_machines()["stateMachines"]]
        self.assertNotIn(arns[1], remaining)
        try:
            d = self.v.describe_state_machine(stateMachineArn=arns[1])
            self.assertEqual(d["status"], "DELETING")  # AWS may show DELETING for a while
        except ClientError as e:
            self.assertEqual(h.error_of(e)[:2], ("StateMachineDoesNotExist", 400))
        self.assertAwsError("StateMachineDoesNotExist", self.v.start_execution, stateMachineArn=SM + "NoSuchMachine")

    def test_encryption_configuration(self):
        # https://docs.aws.amazon.com/step-functions/latest/apireference/API_EncryptionConfiguration.html
        # Stored and answered as given (Terraform and CDK compare it); nothing is encrypted locally.
        key = f"arn:aws:kms:{h.REGION}:{h.ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        cmk = {"type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": key, "kmsDataKeyReusePeriodSeconds": 300}
        arn = self.create(self.v, "Sealed", WAIT_DEF, encryptionConfiguration=cmk, publish=True)["stateMachineArn"]
        step(VIRTUAL)
        self.assertEqual(self.v.describe_state_machine(stateMachineArn=arn)["encryptionConfiguration"], cmk)
        owned = {"type": "AWS_OWNED_KEY"}
        self.v.update_state_machine(stateMachineArn=arn, encryptionConfiguration=owned)
        step(VIRTUAL)
        self.assertEqual(self.v.describe_state_machine(stateMachineArn=arn)["encryptionConfiguration"], owned)
        self.assertEqual(self.v.describe_state_machine(stateMachineArn=arn + ":1")["encryptionConfiguration"], cmk)
        self.assertAwsError("InvalidEncryptionConfiguration", self.create, self.v, "SealedBadly", WAIT_DEF,
                            encryptionConfiguration={"type": "CUSTOMER_MANAGED_KMS_KEY"})
        act = self.v.create_activity(name="e2e-sealed", encryptionConfiguration=cmk)["activityArn"]
        step(VIRTUAL)
        self.assertEqual(self.v.describe_activity(activityArn=act)["encryptionConfiguration"], cmk)
        self.v.delete_activity(activityArn=act)
        self.v.delete_state_machine(stateMachineArn=arn)


class T3Executions(Base):
    def test_idempotent_start_and_stop(self):
        arn = self.create(self.r, "LongWait", WAIT_DEF)["stateMachineArn"]
        first = self.r.start_execution(stateMachineArn=arn, name="idem-1", input='{"a":1}')
        step(REAL)
        # Same name and input while it runs: the same execution (AWS).
        second = self.r.start_execution(stateMachineArn=arn, name="idem-1", input='{"a":1}')
        self.assertEqual(second["executionArn"], first["executionArn"])
        self.assertEqual(second["startDate"], first["startDate"])
        self.assertAwsError("ExecutionAlreadyExists", self.r.start_execution,
                            stateMachineArn=arn, name="idem-1", input='{"a":2}')
        running = self.r.list_executions(stateMachineArn=arn, statusFilter="RUNNING")["executions"]
        self.assertEqual([e["executionArn"] for e in running], [first["executionArn"]])
        step(REAL)

        stopped = self.r.stop_execution(executionArn=first["executionArn"], error="Operator.Stop",
                                        cause="stopped by the e2e test")
        self.assertIn("stopDate", stopped)
        step(REAL)
        d = h.wait_done(self.r, first["executionArn"], timeout=10)
        self.assertEqual(d["status"], "ABORTED")
        if "error" in d:
            self.assertEqual((d["error"], d["cause"]), ("Operator.Stop", "stopped by the e2e test"))
        events = h.full_history(self.r, first["executionArn"])
        h.check_history_shape(events, first["executionArn"])
        self.assertEqual(events[-1]["type"], "ExecutionAborted")
        details = events[-1].get("executionAbortedEventDetails", {})
        self.assertEqual((details.get("error"), details.get("cause")), ("Operator.Stop", "stopped by the e2e test"))
        self.assertIn("WaitStateEntered", [e["type"] for e in events])
        # The Wait it was stopped in records that it was aborted, just before ExecutionAborted.
        # https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
        self.assertEqual(events[-2]["type"], "WaitStateAborted")
        # Closed: the same name and input is no longer idempotent (AWS).
        self.assertAwsError("ExecutionAlreadyExists", self.r.start_execution,
                            stateMachineArn=arn, name="idem-1", input='{"a":1}')
        aborted = self.r.list_executions(stateMachineArn=arn, statusFilter="ABORTED")["executions"]
        self.assertEqual([e["executionArn"] for e in aborted], [first["executionArn"]])
        # Stopping a finished execution changes nothing.
        try:
            self.r.stop_execution(executionArn=first["executionArn"])
        except ClientError as e:
            self.assertEqual(h.error_of(e)[1], 400)
        self.assertEqual(self.r.describe_execution(executionArn=first["executionArn"])["status"], "ABORTED")

    def test_redrive(self):
        arn = self.create(self.v, "RedriveMachine", REDRIVE_DEF)["stateMachineArn"]
        ex = self.v.start_execution(stateMachineArn=arn + "#FailOnce", name="redrive-me", input='{"n":7}')["executionArn"]
        d = h.wait_done(self.v, ex)
        self.assertEqual(d["status"], "FAILED")
        events = h.full_history(self.v, ex)
        self.assertEqual(events[-1]["executionFailedEventDetails"].get("error"), "Boom")
        self.assertEqual(events[-1]["executionFailedEventDetails"].get("cause"), "the first attempt fails")
        self.assertEqual(d.get("redriveCount", 0), 0)
        if "redriveStatus" in d:
            self.assertEqual(d["redriveStatus"], "REDRIVABLE")
        step(VIRTUAL)

        out = self.v.redrive_execution(executionArn=ex)
        self.assertIn("redriveDate", out)
        step(VIRTUAL)
        d = h.wait_done(self.v, ex)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        self.assertEqual(json.loads(d["output"]),
                         {"n": 7, "before": "ran once", "flaky": {"attempt": 2}, "after": "ok"})
        self.assertEqual(d.get("redriveCount"), 1)
        self.assertIn("redriveDate", d)
        events = h.full_history(self.v, ex)
        h.check_history_shape(events, ex)
        kinds = [e["type"] for e in events]
        self.assertEqual(kinds.count("ExecutionRedriven"), 1, kinds)
        redriven = events[kinds.index("ExecutionRedriven")]
        self.assertEqual(redriven.get("executionRedrivenEventDetails", {}).get("redriveCount"), 1)
        self.assertLess(kinds.index("ExecutionFailed"), kinds.index("ExecutionRedriven"))
        # The successful step before the failure is not run again.
        self.assertEqual(kinds.count("PassStateEntered"), 2, kinds)  # Before once, After once
        self.assertEqual(kinds[-1], "ExecutionSucceeded")
        listed = self.v.list_executions(stateMachineArn=arn)["executions"]
        self.assertEqual([(e["executionArn"], e["status"]) for e in listed], [(ex, "SUCCEEDED")])
        if "redriveCount" in listed[0]:
            self.assertEqual(listed[0]["redriveCount"], 1)
        # A succeeded execution cannot be redriven.
        self.assertAwsError("ExecutionNotRedrivable", self.v.redrive_execution, executionArn=ex)

    def test_redrive_continues_a_failed_branch_where_it_failed(self):
        # "For workflows that include an Inline Map or Parallel state, RedriveExecution API action
        # reschedules and redrives only the iterations and branches that failed or aborted."
        # https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html
        arn = self.create(self.v, "RedriveParallelMachine", REDRIVE_PARALLEL_DEF)["stateMachineArn"]
        ex = self.v.start_execution(stateMachineArn=arn + "#FailOnce", name="redrive-branch",
                                    input='{"n":7}')["executionArn"]
        self.assertEqual(h.wait_done(self.v, ex)["status"], "FAILED")
        step(VIRTUAL)
        self.v.redrive_execution(executionArn=ex)
        step(VIRTUAL)
        d = h.wait_done(self.v, ex)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        self.assertEqual(json.loads(d["output"]),
                         ["left", {"n": 7, "one": 1, "two": 2, "flaky": {"attempt": 2}}])
        events = h.full_history(self.v, ex)
        h.check_history_shape(events, ex)
        kinds = [e["type"] for e in events]
        after = kinds[kinds.index("ExecutionRedriven"):]
        # The branch continues at FlakyBranch: neither its Pass states nor the other branch run again.
        self.assertNotIn("PassStateEntered", after, after)
        self.assertEqual(after.count("TaskStateEntered"), 1, after)
        entered = [e for e in events[kinds.index("ExecutionRedriven"):] if e["type"] == "TaskStateEntered"]
        self.assertEqual(entered[0]["stateEnteredEventDetails"]["name"], "FlakyBranch")
        self.assertEqual(json.loads(entered[0]["stateEnteredEventDetails"]["input"]), {"n": 7, "one": 1, "two": 2})


class T4Callbacks(Base):
    def test_wait_for_task_token(self):
        arn = self.create(self.r, "Approval", CALLBACK_DEF)["stateMachineArn"]
        ok = self.r.start_execution(stateMachineArn=arn, name="approve", input='{"order":1}')["executionArn"]
        no = self.r.start_execution(stateMachineArn=arn, name="reject", input='{"order":2}')["executionArn"]
        step(REAL)
        ok_token, no_token = self.token_of(self.r, ok), self.token_of(self.r, no)
        self.assertNotEqual(ok_token, no_token)
        self.assertEqual(self.r.describe_execution(executionArn=ok)["status"], "RUNNING")
        step(REAL)

        self.r.send_task_heartbeat(taskToken=ok_token)
        step(REAL)
        self.assertAwsError("InvalidOutput", self.r.send_task_success, taskToken=ok_token, output="{not json")
        self.r.send_task_success(taskToken=ok_token, output='{"approved":true}')
        self.r.send_task_failure(taskToken=no_token, error="Rejected", cause="not this time")
        step(REAL)
        d = h.wait_done(self.r, ok)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        self.assertEqual(json.loads(d["output"]), {"order": 1, "approval": {"approved": True}})
        d = h.wait_done(self.r, no)
        self.assertEqual(d["status"], "FAILED")
        events = h.full_history(self.r, no)
        h.check_history_shape(events, no)
        failed = events[-1]["executionFailedEventDetails"]
        self.assertEqual((failed.get("error"), failed.get("cause")), ("Rejected", "not this time"))
        self.assertIn("TaskFailed", [e["type"] for e in events])
        ok_events = h.full_history(self.r, ok)
        self.assertIn("TaskSucceeded", [e["type"] for e in ok_events])
        # The task is over: its token now answers TaskTimedOut (AWS).
        self.assertAwsError("TaskTimedOut", self.r.send_task_success, taskToken=ok_token, output="{}")
        self.assertAwsError("TaskTimedOut", self.r.send_task_heartbeat, taskToken=no_token)
        self.assertAwsError("TaskTimedOut", self.r.send_task_failure, taskToken=ok_token, error="Late")

    def test_activity_worker(self):
        act = self.r.create_activity(name="e2e-worker")
        act_arn = act["activityArn"]
        self.assertEqual(act_arn, ACT + "e2e-worker")
        self.assertEqual(self.r.create_activity(name="e2e-worker")["activityArn"], act_arn)  # idempotent
        self.assertEqual(self.r.describe_activity(activityArn=act_arn)["name"], "e2e-worker")
        self.assertIn(act_arn, [a["activityArn"] for a in self.r.list_activities()["activities"]])
        machine = {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": act_arn,
                                                            "TimeoutSeconds": 200, "HeartbeatSeconds": 100,
                                                            "End": True}}}
        arn = self.create(self.r, "ActivityMachine", machine)["stateMachineArn"]
        ex = self.r.start_execution(stateMachineArn=arn, input='{"job":"paint"}')["executionArn"]
        step(REAL)

        task = h.poll_activity_task(REAL, act_arn, "w1")
        self.assertTrue(task.get("taskToken"), task)
        self.assertEqual(json.loads(task["input"]), {"job": "paint"})
        step(REAL)
        self.r.send_task_heartbeat(taskToken=task["taskToken"])
        self.r.send_task_success(taskToken=task["taskToken"], output='{"painted":true}')
        d = h.wait_done(self.r, ex)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        self.assertEqual(json.loads(d["output"]), {"painted": True})
        # With nothing scheduled, a poll comes back (after up to 60 s) without a token; not tested
        # here to keep the suite fast. An unknown activity is an error:
        self.assertAwsError("ActivityDoesNotExist", self.r.get_activity_task, activityArn=ACT + "no-such-activity")
        # AWS records an activity task as Activity* events (not Task*), with the worker's name.
        events = h.full_history(self.r, ex)
        h.check_history_shape(events, ex)
        kinds = [e["type"] for e in events]
        self.assertEqual([k for k in kinds if k.startswith("Activity")],
                         ["ActivityScheduled", "ActivityStarted", "ActivitySucceeded"], kinds)
        started = [e for e in events if e["type"] == "ActivityStarted"][0]
        self.assertEqual(started.get("activityStartedEventDetails", {}).get("workerName"), "w1")
        scheduled = [e for e in events if e["type"] == "ActivityScheduled"][0]["activityScheduledEventDetails"]
        self.assertEqual((scheduled.get("resource"), scheduled.get("timeoutInSeconds"),
                          scheduled.get("heartbeatInSeconds")), (act_arn, 200, 100))
        self.assertEqual(json.loads(scheduled["input"]), {"job": "paint"})
        self.r.delete_activity(activityArn=act_arn)

    def test_task_does_not_exist(self):
        # A well-formed token of a task this server never had: take one from another server.
        other = h.Server("other", in_memory=True, project=PROJECT, virtual_time=False).start()
        try:
            c = other.client()
            arn = self.create(c, "Approval", CALLBACK_DEF)["stateMachineArn"]
            ex = c.start_execution(stateMachineArn=arn, name=f"ghost-{uuid.uuid4()}", input="{}")["executionArn"]
            token = self.token_of(c, ex)
        finally:
            other.stop(signal.SIGTERM)
        self.assertAwsError("TaskDoesNotExist", self.r.send_task_success, taskToken=token, output="{}")


    def test_test_case_without_a_mock_config(self):
        # A #TestCase on a server without --mock-config would run unmocked: refused as the client's mistake.
        other = h.Server("unmocked", in_memory=True, virtual_time=True).start()
        try:
            c = other.client()
            arn = self.create(c, "Unmocked", WAIT_DEF)["stateMachineArn"]
            with self.assertRaises(ClientError) as caught:
                c.start_execution(stateMachineArn=arn + "#HappyPath", input="{}")
            self.assertEqual(caught.exception.response["Error"]["Code"], "ValidationException")
            self.assertIn("needs a mock config", caught.exception.response["Error"]["Message"])
            self.assertEqual(c.list_executions(stateMachineArn=arn)["executions"], [])
        finally:
            other.stop(signal.SIGTERM)


class T5Express(Base):
    def test_default_client_reaches_the_sync_operations(self):
        """boto3 with its default settings and the README's endpoint: StartSyncExecution and TestState carry
        the host prefix "sync-", so they go to sync-stepwise.localhost, which resolves to loopback.
        https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html
        https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
        https://docs.aws.amazon.com/sdkref/latest/guide/feature-host-prefix.html"""
        import boto3
        arn = self.create(self.v, "DefaultClientSync", EXPRESS_DEF, type="EXPRESS")["stateMachineArn"]
        step(VIRTUAL)
        client = boto3.client("stepfunctions", endpoint_url=VIRTUAL.sdk_endpoint, region_name=h.REGION)
        hosts = []

        def record(request, **_):
            target = request.headers["X-Amz-Target"]
            hosts.append((target.decode() if isinstance(target, bytes) else target, request.url))
        client.meta.events.register("before-send", record)
        out = client.start_sync_execution(stateMachineArn=arn, name="default-client", input='{"x":"y"}')
        self.assertEqual((out["status"], json.loads(out["output"])["sum"]), ("SUCCEEDED", 5), out)
        tested = client.test_state(definition=json.dumps({"Type": "Pass", "Result": {"ok": 1}, "End": True}),
                                   roleArn=h.ROLE, input="{}")
        self.assertEqual((tested["status"], json.loads(tested["output"])), ("SUCCEEDED", {"ok": 1}), tested)
        port = VIRTUAL.port
        self.assertEqual(hosts, [("AWSStepFunctions.StartSyncExecution", f"http://sync-stepwise.localhost:{port}/"),
                                 ("AWSStepFunctions.TestState", f"http://sync-stepwise.localhost:{port}/")])

    def test_start_sync_execution(self):
        arn = self.create(self.v, "FivePasses", EXPRESS_DEF, type="EXPRESS")["stateMachineArn"]
        self.assertEqual(self.v.describe_state_machine(stateMachineArn=arn)["type"], "EXPRESS")
        step(VIRTUAL)
        out = self.v.start_sync_execution(stateMachineArn=arn, name="sync-1", input='{"x":"y"}')
        self.assertEqual(out["status"], "SUCCEEDED", out)
        self.assertEqual(json.loads(out["output"]),
                         {"sum": 5, "all": {"x": "y", "p1": 1, "p2": 2, "p3": 3, "p4": 4}})
        self.assertTrue(out["executionArn"].startswith(f"arn:aws:states:{h.REGION}:{h.ACCOUNT}:express:FivePasses:sync-1"))
        self.assertIn("startDate", out)
        self.assertIn("stopDate", out)
        self.assertEqual(json.loads(out["input"]), {"x": "y"})
        # A STANDARD machine does not run synchronously.
        std = self.create(self.v, "StandardForSync", EXPRESS_DEF)["stateMachineArn"]
        self.assertAwsError("StateMachineTypeNotSupported", self.v.start_sync_execution, stateMachineArn=std)


class T6TagsVersionsAliases(Base):
    def test_tags(self):
        arn = self.create(self.v, "Tagged", WAIT_DEF, tags=[{"key": "team", "value": "orders"}])["stateMachineArn"]
        step(VIRTUAL)
        self.assertEqual(self.v.list_tags_for_resource(resourceArn=arn)["tags"], [{"key": "team", "value": "orders"}])
        self.v.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "ci"}, {"key": "team", "value": "fleet"}])
        step(VIRTUAL)
        tags = {t["key"]: t["value"] for t in self.v.list_tags_for_resource(resourceArn=arn)["tags"]}
        self.assertEqual(tags, {"team": "fleet", "env": "ci"})
        self.v.untag_resource(resourceArn=arn, tagKeys=["team"])
        self.assertEqual(self.v.list_tags_for_resource(resourceArn=arn)["tags"], [{"key": "env", "value": "ci"}])
        self.assertAwsError("ResourceNotFound", self.v.list_tags_for_resource, resourceArn=SM + "NoSuchMachine")

    def test_versions_and_aliases(self):
        created = self.create(self.v, "Versioned", versioned_def(1), publish=True, versionDescription="first")
        arn = created["stateMachineArn"]
        v1 = created.get("stateMachineVersionArn")
        self.assertEqual(v1, arn + ":1")
        step(VIRTUAL)
        up = self.v.update_state_machine(stateMachineArn=arn, definition=versioned_def(2), publish=True,
                                         versionDescription="second")
        v2 = up.get("stateMachineVersionArn")
        self.assertEqual(v2, arn + ":2")
        self.assertIn("revisionId", up)
        versions = self.v.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
        self.assertEqual([v["stateMachineVersionArn"] for v in versions], [v2, v1])  # newest first
        dv1 = self.v.describe_state_machine(stateMachineArn=v1)
        self.assertEqual(json.loads(dv1["definition"]), json.loads(versioned_def(1)))
        self.assertEqual(dv1.get("description"), "first")
        step(VIRTUAL)

        alias = self.v.create_state_machine_alias(
            name="live", description="production traffic",
            routingConfiguration=[{"stateMachineVersionArn": v1, "weight": 100}])["stateMachineAliasArn"]
        self.assertEqual(alias, arn + ":live")
        da = self.v.describe_state_machine_alias(stateMachineAliasArn=alias)
        self.assertEqual((da["name"], da["description"]), ("live", "production traffic"))
        self.assertEqual(da["routingConfiguration"], [{"stateMachineVersionArn": v1, "weight": 100}])
        self.assertEqual([a["stateMachineAliasArn"] for a in
                          self.v.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"]], [alias])
        step(VIRTUAL)

        def run(target):
            ex = self.v.start_execution(stateMachineArn=target, input="{}")["executionArn"]
            d = h.wait_done(self.v, ex)
            self.assertEqual(d["status"], "SUCCEEDED", d)
            return d

        d = run(v1)
        self.assertEqual(json.loads(d["output"]), {"version": 1})
        self.assertEqual(d.get("stateMachineVersionArn"), v1)
        self.assertEqual(d["stateMachineArn"], arn)
        d = run(alias)
        self.assertEqual(json.loads(d["output"]), {"version": 1})
        self.assertEqual((d.get("stateMachineAliasArn"), d.get("stateMachineVersionArn")), (alias, v1))
        d = run(arn)
        self.assertEqual(json.loads(d["output"]), {"version": 2})
        self.v.update_state_machine_alias(stateMachineAliasArn=alias,
                                          routingConfiguration=[{"stateMachineVersionArn": v2, "weight": 100}])
        step(VIRTUAL)
        d = run(alias)
        self.assertEqual(json.loads(d["output"]), {"version": 2})
        self.assertEqual(d.get("stateMachineVersionArn"), v2)
        # A version an alias routes to cannot be deleted (ConflictException); after the alias goes, it can.
        self.assertAwsError("ConflictException", self.v.delete_state_machine_version, stateMachineVersionArn=v2)
        self.v.delete_state_machine_alias(stateMachineAliasArn=alias)
        self.v.delete_state_machine_version(stateMachineVersionArn=v1)
        versions = self.v.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
        self.assertEqual([v["stateMachineVersionArn"] for v in versions], [v2])
        self.assertAwsError("ResourceNotFound", self.v.describe_state_machine_alias, stateMachineAliasArn=alias)

    def test_validate_definition(self):
        ok = self.v.validate_state_machine_definition(definition=h.substituted_definition())
        self.assertEqual(ok["result"], "OK", ok)
        self.assertEqual(ok["diagnostics"], [])
        bad = {"StartAt": "Missing", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}
        res = self.v.validate_state_machine_definition(definition=json.dumps(bad))
        self.assertEqual(res["result"], "FAIL", res)
        self.assertTrue(res["diagnostics"])
        for diag in res["diagnostics"]:
            self.assertEqual(diag["severity"], "ERROR")
            self.assertTrue(diag["code"])
            self.assertTrue(diag["message"])
        res = self.v.validate_state_machine_definition(definition="{not json")
        self.assertEqual(res["result"], "FAIL")
        res = self.v.validate_state_machine_definition(definition=json.dumps(EXPRESS_DEF), type="EXPRESS")
        self.assertEqual(res["result"], "OK")


class T7Errors(Base):
    """Each error of a bad request: its code and HTTP status 400."""

    def test_errors(self):
        v, raw = self.v, self.v_raw
        arn = self.create(v, "ErrorTarget", WAIT_DEF)["stateMachineArn"]
        self.assertAwsError("InvalidDefinition", self.create, v, "Broken", {"StartAt": "Nope", "States": {}})
        self.assertAwsError("InvalidDefinition", self.create, v, "Broken2", "{not json")
        self.assertAwsError("InvalidName", self.create, v, "bad name with spaces", WAIT_DEF)
        self.assertAwsError("InvalidName", v.start_execution, stateMachineArn=arn, name="no/slashes")
        self.assertAwsError("InvalidArn", v.create_state_machine, name="BadRole",
                            definition=json.dumps(WAIT_DEF), roleArn="not-an-arn")
        self.assertAwsError("StateMachineDoesNotExist", v.describe_state_machine, stateMachineArn=SM + "Ghost")
        self.assertAwsError("StateMachineDoesNotExist", v.start_execution, stateMachineArn=SM + "Ghost")
        self.assertAwsError("InvalidArn", v.describe_state_machine, stateMachineArn="arn:aws:nope")
        self.assertAwsError("InvalidArn", v.describe_execution, executionArn="not-an-arn")
        self.assertAwsError("InvalidArn", v.start_execution, stateMachineArn="stateMachine:Ghost")
        self.assertAwsError("ExecutionDoesNotExist", v.describe_execution, executionArn=EX + "ErrorTarget:missing")
        self.assertAwsError("ExecutionDoesNotExist", v.get_execution_history, executionArn=EX + "ErrorTarget:missing")
        self.assertAwsError("ExecutionDoesNotExist", v.stop_execution, executionArn=EX + "ErrorTarget:missing")
        self.assertAwsError("InvalidExecutionInput", v.start_execution, stateMachineArn=arn, input="{not json")
        self.assertAwsError("InvalidExecutionInput", v.start_execution, stateMachineArn=arn, input="x" * 10)
        ex = v.start_execution(stateMachineArn=arn, name="dup", input="{}")["executionArn"]
        self.assertAwsError("ExecutionAlreadyExists", v.start_execution, stateMachineArn=arn, name="dup", input='{"b":1}')
        self.assertAwsError("InvalidToken", v.send_task_success, taskToken="garbage", output="{}")
        self.assertAwsError("InvalidToken", v.send_task_failure, taskToken="garbage")
        self.assertAwsError("InvalidToken", v.send_task_heartbeat, taskToken="garbage")
        self.assertAwsError("InvalidToken", v.get_execution_history, executionArn=ex, nextToken="not-a-page-token")
        self.assertAwsError("InvalidToken", v.list_executions, stateMachineArn=arn, nextToken="not-a-page-token")
        self.assertAwsError("InvalidToken", v.list_state_machines, nextToken="not-a-page-token")
        self.assertAwsError("ActivityDoesNotExist", v.get_activity_task, activityArn=ACT + "ghost")
        self.assertAwsError("ActivityDoesNotExist", v.describe_activity, activityArn=ACT + "ghost")
        self.assertAwsError("ValidationException", raw.list_executions, stateMachineArn=arn, maxResults=1001)
        self.assertAwsError("ValidationException", raw.list_state_machines, maxResults=-1)
        self.assertAwsError("ValidationException", raw.get_execution_history, executionArn=ex, maxResults=5000)
        self.assertAwsError("ValidationException", raw.describe_execution)  # executionArn is required
        self.assertAwsError("ExecutionNotRedrivable", v.redrive_execution, executionArn=ex)  # still running
        self.assertAwsError("ExecutionDoesNotExist", v.redrive_execution, executionArn=EX + "ErrorTarget:missing")
        self.assertAwsError("StateMachineDoesNotExist", v.list_executions, stateMachineArn=SM + "Ghost")
        # A #TestCase (or a state machine) the --mock-config lacks: the client's mistake (400, which SDKs do not
        # retry), named. https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-test-sm-exec.html
        missing = self.assertAwsError("ValidationException", v.start_execution, stateMachineArn=arn + "#NoSuchCase")
        self.assertIn("ErrorTarget", missing.response["Error"]["Message"])
        redrive = self.create(v, "RedriveMachine", REDRIVE_DEF)["stateMachineArn"]  # as T3Executions does (idempotent)
        missing = self.assertAwsError("ValidationException", v.start_execution, stateMachineArn=redrive + "#NoSuchCase")
        self.assertIn("NoSuchCase", missing.response["Error"]["Message"])
        self.assertIn("FailOnce", missing.response["Error"]["Message"])
        v.stop_execution(executionArn=ex)
        # Nothing above may have disturbed the server.
        self.assertIn(arn, [m["stateMachineArn"] for m in v.list_state_machines()["stateMachines"]])


class T9IncludedData(Base):
    """includedData=METADATA_ONLY, StartExecution's traceHeader and the alias and version ARNs of ExecutionStarted.
    https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html
    https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html
    https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
    https://docs.aws.amazon.com/step-functions/latest/apireference/API_ExecutionStartedEventDetails.html"""

    def test_metadata_only_trace_header_and_qualifiers(self):
        created = self.create(self.v, "Metadata", versioned_def(1), publish=True)
        arn, v1 = created["stateMachineArn"], created["stateMachineVersionArn"]
        self.assertEqual(self.v.describe_state_machine(stateMachineArn=arn, includedData="METADATA_ONLY")["definition"],
                         "{}")
        alias = self.v.create_state_machine_alias(
            name="live", routingConfiguration=[{"stateMachineVersionArn": v1, "weight": 100}])["stateMachineAliasArn"]
        step(VIRTUAL)
        header = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"
        ex = self.v.start_execution(stateMachineArn=alias, input='{"secret": 1}', traceHeader=header)["executionArn"]
        d = h.wait_done(self.v, ex)
        self.assertEqual((d["status"], d.get("traceHeader")), ("SUCCEEDED", header), d)
        meta = self.v.describe_execution(executionArn=ex, includedData="METADATA_ONLY")
        self.assertEqual(meta["status"], "SUCCEEDED")
        self.assertNotIn("input", meta)
        self.assertNotIn("output", meta)
        self.assertEqual(self.v.describe_state_machine_for_execution(
            executionArn=ex, includedData="METADATA_ONLY")["definition"], "{}")
        started = h.full_history(self.v, ex)[0]["executionStartedEventDetails"]
        self.assertEqual((started.get("stateMachineAliasArn"), started.get("stateMachineVersionArn")), (alias, v1))


class T10VariableReferences(Base):
    """variableReferences in DescribeStateMachine and DescribeStateMachineForExecution: state name -> the variables
    it reads, without `$`, nested states under their own names; a JSONata lambda parameter, `$states` and library
    functions are no variables.
    https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html
    https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachineForExecution.html"""

    DEFINITION = json.dumps({"QueryLanguage": "JSONata", "StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"rate": 2, "items": [1, 2]}, "Next": "Each"},
        "Each": {"Type": "Map", "Items": "{% $items %}", "End": True,
                 "ItemProcessor": {"StartAt": "Scale", "States": {"Scale": {
                     "Type": "Pass", "End": True,
                     "Output": "{% $sum($map([$states.input], function($rate) { $rate })) * $rate %}"}}}}}})

    def test_describe_answers_variable_references(self):
        arn = self.create(self.v, "VarRefs", self.DEFINITION)["stateMachineArn"]
        expected = {"Each": ["items"], "Scale": ["rate"]}
        self.assertEqual(self.v.describe_state_machine(stateMachineArn=arn).get("variableReferences"), expected)
        step(VIRTUAL)
        ex = self.v.start_execution(stateMachineArn=arn)["executionArn"]
        d = h.wait_done(self.v, ex)
        self.assertEqual((d["status"], json.loads(d["output"])), ("SUCCEEDED", [2, 4]), d)
        self.assertEqual(self.v.describe_state_machine_for_execution(executionArn=ex).get("variableReferences"),
                         expected)
        plain = self.create(self.v, "NoVarRefs", versioned_def(1))["stateMachineArn"]
        self.assertNotIn("variableReferences", self.v.describe_state_machine(stateMachineArn=plain))


class T8TestState(Base):
    """TestState of a Distributed Map with its stateConfiguration (mock, mapItemReaderData, mapIterationFailureCount).
    https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestStateConfiguration.html"""

    MAP = {"Type": "Map", "End": True, "ToleratedFailureCount": 1,
           "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                          "Parameters": {"Bucket": "b", "Key": "orders.jsonl"}},
           "ItemSelector": {"order.$": "$$.Map.Item.Value.id"},
           "Catch": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Next": "TooMany"}],
           "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                             "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}

    def test_distributed_map_state_configuration(self):
        res = self.v.test_state(definition=json.dumps(self.MAP), inspectionLevel="DEBUG",
                                mock={"result": "[]"},
                                stateConfiguration={"mapItemReaderData": '{"id": 1}\n{"id": 2}\n',
                                                    "mapIterationFailureCount": 2})
        self.assertEqual((res["status"], res["error"], res.get("nextState")),
                         ("CAUGHT_ERROR", "States.ExceedToleratedFailureThreshold", "TooMany"), res)
        data = res["inspectionData"]
        self.assertEqual(json.loads(data["afterItemSelector"]), [{"order": 1}, {"order": 2}])
        self.assertEqual(data["toleratedFailureCount"], 1)
        self.assertEqual(data["errorDetails"], {"catchIndex": 0})
        # Three failed iterations of two items, and a member for another state type: ValidationException.
        self.assertAwsError("ValidationException", self.v.test_state, definition=json.dumps(self.MAP),
                            mock={"result": "[]"},
                            stateConfiguration={"mapItemReaderData": '{"id": 1}\n{"id": 2}\n',
                                                "mapIterationFailureCount": 3})
        self.assertAwsError("ValidationException", self.v.test_state,
                            definition=json.dumps({"Type": "Pass", "End": True}), roleArn=h.ROLE,
                            stateConfiguration={"mapIterationFailureCount": 1})


def main():
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    # Fail fast if the server cannot start at all: one clear message, not one per test.
    try:
        setUpModule()
    except h.ServerError as e:
        print(f"FAIL: {e}")
        return 1
    globals()["setUpModule"] = lambda: None
    argv_names = [a for a in sys.argv[1:] if not a.startswith("-")]
    if argv_names:
        suite = unittest.defaultTestLoader.loadTestsFromNames(argv_names, sys.modules[__name__])
    started = time.monotonic()
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    print(f"{'restart mode: ' if RESTART else ''}{result.testsRun} tests in {time.monotonic() - started:.1f} s, "
          f"{_restarts['n']} server restarts")
    if not result.wasSuccessful():
        for server in (VIRTUAL, REAL):
            print(server.stderr_tail())
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
