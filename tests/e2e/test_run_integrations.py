#!/usr/bin/python3
"""`stepwise run` (no server) and its in-process integrations, through the command line.

Usage: test_run_integrations.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

Nested workflows (states:startExecution in its four patterns, aws-sdk:sfn:sendTaskSuccess /
sendTaskFailure from the child) with the child found
  * in --machines DIR (NAME.asl.json),
  * in a SAM template (--template: two AWS::Serverless::StateMachine resources, the parent's
    DefinitionSubstitutions holding !GetAtt Child.Arn and !Ref Child; StateMachineName and an
    inline Definition),
  * in the project file's "stateMachines";
the parent's --trace json history has AWS's event types (TaskSubmitted for .sync, .sync:2 and
.waitForTaskToken) and results (.sync: Output as JSON text; .sync:2: as JSON), the text trace
shows each child execution and marks the calls "(integration)".
A failed child fails a .sync task with States.TaskFailed; a task TimeoutSeconds stops its .sync
child (ABORTED); an unknown state machine names StateMachineDoesNotExist.
events:putEvents with --schema-dir (the example's OrderCancellationUpdated contract): a valid
event is listed under "events put", an invalid one warns (--schemas warn) or fails the task with
EventBridge.FailedEntry (--schemas enforce).
A .waitForTaskToken call that nothing answers fails with States.Runtime naming the callback
(it does not hang); a task nothing serves names the setting that would serve it.
--start-time and --seed make --trace json byte-identical from run to run.
https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
from nested_machines import BROKEN, REFUSER, REPLIER  # noqa: E402

if not os.access(h.STEPWISE, os.X_OK):
    print(f"FAIL: no stepwise binary at {h.STEPWISE}")
    sys.exit(1)

SCHEMA_DIR = os.path.join(h.EXAMPLE, "events", "schemas")
RUN_ACCOUNT = "123456789012"  # `stepwise run`'s account (serve's too)
STARTED_BY = "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID"
START_TIME = "2025-01-31T09:00:00Z"


def sm_arn(name):
    return f"arn:aws:states:us-east-1:{RUN_ACCOUNT}:stateMachine:{name}"


CHILD = {
    "StartAt": "Double",
    "States": {
        "Double": {"Type": "Pass", "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"}, "Next": "Nap"},
        "Nap": {"Type": "Wait", "Seconds": 60, "End": True},
    },
}
SLOW = {"StartAt": "Long", "States": {"Long": {"Type": "Wait", "Seconds": 3600, "End": True}}}
QUIET = {"StartAt": "Ignore", "States": {"Ignore": {"Type": "Pass", "End": True}}}


def four_patterns(child="Child", replier="Replier"):
    """One state per pattern of states:startExecution; the child's ARN as given."""
    def task(pattern, machine, child_input, **more):
        state = {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution" + pattern,
                 "Parameters": {"StateMachineArn": machine, "Input": child_input}}
        state.update(more)
        return state
    return {"StartAt": "Fire", "States": {
        "Fire": task("", child, {"n": 1}, ResultPath="$.fire", Next="Sync"),
        "Sync": task(".sync", child, {"n": 2, STARTED_BY + ".$": "$$.Execution.Id"}, ResultPath="$.sync",
                     Next="Sync2"),
        "Sync2": task(".sync:2", child, {"n": 3}, ResultPath="$.sync2", Next="Callback"),
        "Callback": task(".waitForTaskToken", replier, {"n": 4, "token.$": "$$.Task.Token"},
                         ResultPath="$.callback", End=True),
    }}


TASK_TYPES = {
    "": ["TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited"],
    "wait": ["TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited"],
}
FOUR_PATTERN_TYPES = (["ExecutionStarted"] + TASK_TYPES[""] + TASK_TYPES["wait"] * 3 + ["ExecutionSucceeded"])


def details(event):
    for key, value in event.items():
        if key.endswith("EventDetails"):
            return value
    return {}


class Run:
    def __init__(self, proc, cmd):
        self.proc, self.cmd = proc, cmd
        self.rc, self.out, self.err = proc.returncode, proc.stdout, proc.stderr

    def json(self):
        return json.loads(self.out)["events"]

    def __str__(self):
        return f"$ {' '.join(self.cmd)}\nexit {self.rc}\n--- stdout ---\n{self.out}\n--- stderr ---\n{self.err}"


class RunIntegrations(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="run-integrations-", dir=h.tmp_path(""))

    def write(self, name, content):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content if isinstance(content, str) else json.dumps(content, indent=1))
        return path

    def stepwise(self, machine, *args, timeout=60, full=True):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
        cmd = [h.STEPWISE, "run", machine, "--no-timing"] + (["--full"] if full else []) + list(args)
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.dir, env=env)
        except subprocess.TimeoutExpired:
            self.fail(f"stepwise run did not end within {timeout} s (hangs?): {' '.join(cmd)}")
        run = Run(proc, cmd)
        self.assertIn(run.rc, (0, 1), run)
        return run

    def machines_dir(self, **machines):
        for name, definition in machines.items():
            self.write(os.path.join("machines", name + ".asl.json"), definition)
        return os.path.join(self.dir, "machines")

    def by_state(self, events):
        """{state name: [event types of that state's task]} for the parent's Task states."""
        out, current = {}, None
        for e in events:
            if e["type"] == "TaskStateEntered":
                current = details(e)["name"]
                out[current] = []
            if current:
                out[current].append(e)
        return out

    def check_four_patterns(self, events, parent_arn):
        self.assertEqual([e["type"] for e in events], FOUR_PATTERN_TYPES)
        states = self.by_state(events)

        def of(state, kind):
            found = [details(e) for e in states[state] if e["type"] == kind]
            self.assertEqual(len(found), 1, (state, kind))
            return found[0]

        fire = json.loads(of("Fire", "TaskSucceeded")["output"])
        self.assertIn("ExecutionArn", fire)
        self.assertIn("StartDate", fire)
        self.assertNotIn("Output", fire)
        sync = json.loads(of("Sync", "TaskSucceeded")["output"])
        self.assertEqual(sync["Status"], "SUCCEEDED")
        self.assertIsInstance(sync["Output"], str)
        self.assertEqual(json.loads(sync["Output"]), {"doubled": 4})
        self.assertEqual(json.loads(sync["Input"])[STARTED_BY], parent_arn)
        self.assertEqual(json.loads(of("Sync", "TaskSubmitted")["output"])["ExecutionArn"], sync["ExecutionArn"])
        sync2 = json.loads(of("Sync2", "TaskSucceeded")["output"])
        self.assertEqual(sync2["Output"], {"doubled": 6})
        self.assertEqual(sync2["Input"], {"n": 3})
        self.assertEqual(json.loads(of("Callback", "TaskSucceeded")["output"]), {"replied": 4})
        for state, resource in (("Fire", "startExecution"), ("Sync", "startExecution.sync"),
                                ("Sync2", "startExecution.sync:2"), ("Callback", "startExecution.waitForTaskToken")):
            scheduled = of(state, "TaskScheduled")
            self.assertEqual((scheduled["resourceType"], scheduled["resource"]), ("states", resource))
        return fire, sync, sync2

    def check_text_trace(self, text, children):
        """Each child shown as an execution of its own; every call line marked (integration)."""
        self.assertIn("✔ SUCCEEDED", text)
        call_lines = [line for line in text.splitlines() if line.strip().startswith("call arn:aws:states:::")]
        start_calls = [line for line in call_lines if "states:startExecution" in line]
        self.assertEqual(len(start_calls), 4, call_lines)
        for line in call_lines:
            self.assertIn("(integration)", line)
        shown = [line.split("── child execution ", 1)[1].strip() for line in text.splitlines()
                 if "── child execution " in line]
        self.assertEqual(len(shown), 4, text)
        for arn in children:
            self.assertIn(arn, shown)
        self.assertEqual(text.count("started by "), 4)
        self.assertIn("call arn:aws:states:::aws-sdk:sfn:sendTaskSuccess  (integration)", text)

    # --- where the child comes from ---------------------------------------------------------------

    def test_machines_dir(self):
        parent = self.write("parent.asl.json", four_patterns(sm_arn("Child"), sm_arn("Replier")))
        machines = self.machines_dir(Child=CHILD, Replier=REPLIER)
        run = self.stepwise(parent, "--machines", machines, "--trace", "json", "--name", "p1")
        self.assertEqual(run.rc, 0, run)
        parent_arn = f"arn:aws:states:us-east-1:{RUN_ACCOUNT}:execution:parent:p1"
        fire, sync, sync2 = self.check_four_patterns(run.json(), parent_arn)
        for arn in (fire["ExecutionArn"], sync["ExecutionArn"], sync2["ExecutionArn"]):
            self.assertTrue(arn.startswith(f"arn:aws:states:us-east-1:{RUN_ACCOUNT}:execution:Child:"), arn)
        self.assertEqual(len({fire["ExecutionArn"], sync["ExecutionArn"], sync2["ExecutionArn"]}), 3)

        text = self.stepwise(parent, "--machines", machines, "--name", "p1")
        self.assertEqual(text.rc, 0, text)
        self.check_text_trace(text.out, [fire["ExecutionArn"], sync["ExecutionArn"], sync2["ExecutionArn"]])
        self.assertIn("started by " + parent_arn, text.out)
        self.assertIn(f'"{STARTED_BY}": "{parent_arn}"', text.out)  # the .sync child's input

    def test_sam_template(self):
        self.write("child.asl.json", CHILD)
        self.write("replier.asl.json", REPLIER)
        parent = self.write("parent.asl.json", four_patterns("${ChildArn}", "${ReplierRef}"))
        template = self.write("template.yaml", """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Child:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: child.asl.json
  Replier:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: replier.asl.json
  Parent:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: parent.asl.json
      DefinitionSubstitutions:
        ChildArn: !GetAtt Child.Arn
        ReplierRef: !Ref Replier
""")
        run = self.stepwise(parent, "--template", template, "--trace", "json", "--name", "sam")
        self.assertEqual(run.rc, 0, run)
        events = run.json()
        parent_arn = f"arn:aws:states:us-east-1:{RUN_ACCOUNT}:execution:parent:sam"
        self.check_four_patterns(events, parent_arn)
        params = json.loads(details(events[2])["parameters"])
        self.assertTrue(params["StateMachineArn"].endswith(":stateMachine:Child"), params)
        text = self.stepwise(parent, "--template", template)
        self.assertEqual(text.rc, 0, text)
        self.check_text_trace(text.out, [])

    def test_sam_template_named_inline_child(self):
        """StateMachineName names the child (its ARN and its executions'); an inline Definition serves."""
        parent = self.write("parent.asl.json", {"StartAt": "Call", "States": {"Call": {
            "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
            "Parameters": {"StateMachineArn": "${KidArn}", "Input": {"who": "inline"}}, "End": True}}})
        template = self.write("template.yaml", """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Kid:
    Type: AWS::Serverless::StateMachine
    Properties:
      Name: kid-machine
      Definition:
        StartAt: Hello
        States:
          Hello:
            Type: Pass
            Parameters:
              greeting.$: States.Format('hello {}', $.who)
            End: true
  Parent:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: parent.asl.json
      DefinitionSubstitutions:
        KidArn: !GetAtt Kid.Arn
""")
        run = self.stepwise(parent, "--template", template, "--trace", "json")
        self.assertEqual(run.rc, 0, run)
        out = json.loads(details(run.json()[-1])["output"])
        self.assertEqual(out["Output"], {"greeting": "hello inline"})
        self.assertEqual(out["StateMachineArn"], sm_arn("kid-machine"))
        self.assertIn(":execution:kid-machine:", out["ExecutionArn"])

    def test_project_state_machines(self):
        self.write("defs/child-def.asl.json", CHILD)
        self.write("defs/replier-def.asl.json", REPLIER)
        self.write("stepwise.json", {
            "stateMachines": {"Child": "defs/child-def.asl.json", "Replier": "defs/replier-def.asl.json"},
            "substitutions": {"ChildArn": sm_arn("Child"), "ReplierArn": sm_arn("Replier")}})
        parent = self.write("parent.asl.json", four_patterns("${ChildArn}", "${ReplierArn}"))
        # stepwise.json beside the definition is found without --project.
        run = self.stepwise(parent, "--trace", "json", "--name", "proj")
        self.assertEqual(run.rc, 0, run)
        self.check_four_patterns(run.json(), f"arn:aws:states:us-east-1:{RUN_ACCOUNT}:execution:parent:proj")

    # --- failures ----------------------------------------------------------------------------------

    def test_unknown_state_machine(self):
        parent = self.write("parent.asl.json", {"StartAt": "Go", "States": {"Go": {
            "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
            "Parameters": {"StateMachineArn": sm_arn("Nowhere")}, "End": True}}})
        machines = self.machines_dir(Child=CHILD)
        run = self.stepwise(parent, "--machines", machines, "--trace", "json")
        self.assertEqual(run.rc, 1, run)
        last = details(run.json()[-1])
        self.assertEqual(run.json()[-1]["type"], "ExecutionFailed")
        self.assertIn("StateMachineDoesNotExist", last["error"])
        self.assertIn(sm_arn("Nowhere"), last["cause"])
        self.assertIn("Child", last["cause"])  # the machines it does know

    def test_failed_child_and_timed_out_child(self):
        parent = self.write("parent.asl.json", {"StartAt": "Slow", "States": {
            "Slow": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
                     "TimeoutSeconds": 10, "Parameters": {"StateMachineArn": sm_arn("Slow")},
                     "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.timeout", "Next": "Broken"}],
                     "End": True},
            "Broken": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                       "Parameters": {"StateMachineArn": sm_arn("Broken")},
                       "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.failed", "Next": "Done"}],
                       "End": True},
            "Done": {"Type": "Pass", "End": True}}})
        machines = self.machines_dir(Slow=SLOW, Broken=BROKEN)
        run = self.stepwise(parent, "--machines", machines, "--trace", "json")
        self.assertEqual(run.rc, 0, run)
        out = json.loads(details(run.json()[-1])["output"])
        self.assertEqual(out["timeout"]["Error"], "States.Timeout")
        self.assertEqual(out["failed"]["Error"], "States.TaskFailed")
        cause = json.loads(out["failed"]["Cause"])
        self.assertEqual((cause["Status"], cause["Error"], cause["Cause"]), ("FAILED", "ChildBroke", "boom"))
        text = self.stepwise(parent, "--machines", machines)
        # The timed-out task stopped its child.
        slow_part = text.out.split("── child execution arn:aws:states:us-east-1:123456789012:execution:Slow:")[1]
        slow_part = slow_part.split("── child execution")[0]
        self.assertIn("ABORTED", slow_part, text)
        self.assertIn("FAILED ChildBroke", text.out)

    def test_send_task_failure_from_child(self):
        parent = self.write("parent.asl.json", {"StartAt": "Ask", "States": {"Ask": {
            "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
            "Parameters": {"StateMachineArn": sm_arn("Refuser"), "Input": {"token.$": "$$.Task.Token"}},
            "End": True}}})
        run = self.stepwise(parent, "--machines", self.machines_dir(Refuser=REFUSER), "--trace", "json")
        self.assertEqual(run.rc, 1, run)
        last = run.json()[-1]
        self.assertEqual(last["type"], "ExecutionFailed")
        self.assertEqual((details(last)["error"], details(last)["cause"]), ("Child.Refused", "not today"))

    def test_unanswered_wait_for_task_token(self):
        """Nothing in the run sends the token back: States.Runtime naming the callback, at once."""
        cases = {
            "child": ({"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
                       "Parameters": {"StateMachineArn": sm_arn("Quiet"), "Input": {"token.$": "$$.Task.Token"}}},
                      "(integration)"),
            "event": ({"Type": "Task", "Resource": "arn:aws:states:::events:putEvents.waitForTaskToken",
                       "Parameters": {"Entries": [{"Source": "e2e", "DetailType": "Ask",
                                                   "Detail": {"token.$": "$$.Task.Token"}}]}},
                      "(integration)"),
            "queue": ({"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                       "Parameters": {"QueueUrl": f"https://sqs.us-east-1.amazonaws.com/{RUN_ACCOUNT}/q",
                                      "MessageBody": {"token.$": "$$.Task.Token"}}},
                      "(unserved)"),
        }
        machines = self.machines_dir(Quiet=QUIET)
        for name, (state, route) in cases.items():
            with self.subTest(case=name):
                parent = self.write(name + ".asl.json", {"StartAt": "Ask", "States": {"Ask": dict(state, End=True)}})
                run = self.stepwise(parent, "--machines", machines, "--trace", "json", timeout=30)
                self.assertEqual(run.rc, 1, run)
                last = run.json()[-1]
                self.assertEqual(last["type"], "ExecutionFailed", run)
                self.assertEqual(details(last)["error"], "States.Runtime")
                self.assertIn("callback", details(last)["cause"])
                self.assertIn("SendTaskSuccess", details(last)["cause"])
                text = self.stepwise(parent, "--machines", machines, timeout=30)
                self.assertIn(route, text.out)

    def test_unserved_task_names_the_setting(self):
        cases = {
            "dynamodb": ({"Resource": "arn:aws:states:::dynamodb:getItem",
                          "Parameters": {"TableName": "t", "Key": {"pk": {"S": "1"}}}},
                         ["AWS_ENDPOINT_URL_DYNAMODB", "--mocks"]),
            "lambda": ({"Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "NotHere", "Payload": {}}},
                       ["stepwise.json", "--mocks"]),
        }
        for name, (state, words) in cases.items():
            with self.subTest(case=name):
                parent = self.write(name + ".asl.json",
                                    {"StartAt": "T", "States": {"T": dict(state, Type="Task", End=True)}})
                run = self.stepwise(parent, "--trace", "json")
                self.assertEqual(run.rc, 1, run)
                last = details(run.json()[-1])
                self.assertEqual(last["error"], "States.Runtime")
                self.assertIn(state["Resource"], last["cause"])
                for word in words:
                    self.assertIn(word, last["cause"])
                text = self.stepwise(parent)
                self.assertIn("(unserved)", text.out)

    # --- what handlers print, in the terminal ------------------------------------------------------

    def test_handler_output_is_escaped_in_the_trace(self):
        """Control characters a handler prints (on stderr, or in the cause of its failure) are shown
        escaped, never sent raw to the terminal: ESC, NUL, DEL and a C1 CSI (U+009B). JSON leaves DEL
        and C1 unescaped, so the result it returns (with both) is escaped too, folded or whole."""
        noisy = ("import sys; sys.stderr.write('red \\x1b[31mRED nul \\x00 del \\x7f csi \\u009b2J\\n'); "
                 "sys.stdout.write('{\"ok\": \"\\\\u007f\\\\u009b\"}') if sys.argv[1] == 'ok' else sys.exit(3)")
        self.write("stepwise.json", {"functions": {
            name: {"runtime": "command", "command": ["/usr/bin/python3", "-c", noisy, how]}
            for name, how in (("Noisy", "ok"), ("Failing", "fail"))}})
        for name, rc in (("Noisy", 0), ("Failing", 1)):
            with self.subTest(function=name):
                machine = self.write(name + ".asl.json", {"StartAt": "T", "States": {"T": {
                    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": name}, "End": True}}})
                for full in (True, False):
                    run = self.stepwise(machine, full=full)
                    self.assertEqual(run.rc, rc, run)
                    raw = [hex(ord(c)) for c in run.out if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f]
                    self.assertEqual(raw, [], run)
                    self.assertIn("red \\x1b[31mRED nul \\x00 del \\x7f csi \\u009b2J", run.out)
                    if rc == 0:
                        self.assertIn('"ok": "\\x7f\\u009b"', run.out.replace('"ok":"', '"ok": "'))

    # --- events:putEvents and the project's schemas --------------------------------------------------

    PUT = {"StartAt": "Put", "States": {"Put": {
        "Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
        "Parameters": {"Entries": [{"Source": "vehicle-orders.order-cancellation",
                                    "DetailType": "OrderCancellationUpdated", "Detail.$": "$.detail"}]},
        "End": True}}}
    VALID = {"metadata": {"awsRequestId": "req-1"},
             "data": {"id": "c-1", "orderId": "o-1", "orderReference": "REF-1",
                      "paymentProvider": {"providerId": "p-1", "providerName": "Pay"},
                      "created": "2025-01-31T09:00:00Z", "updated": "2025-01-31T09:00:00Z",
                      "restarts": 0, "revision": 1}}

    def invalid(self):
        detail = json.loads(json.dumps(self.VALID))
        del detail["data"]["orderId"]
        detail["data"]["restarts"] = "none"
        return detail

    def test_put_events_valid(self):
        machine = self.write("put.asl.json", self.PUT)
        inp = self.write("valid.json", {"detail": self.VALID})
        run = self.stepwise(machine, "--input", inp, "--schema-dir", SCHEMA_DIR, "--schemas", "enforce")
        self.assertEqual(run.rc, 0, run)
        self.assertIn("call arn:aws:states:::events:putEvents  (integration)", run.out)
        self.assertIn("events put (1)", run.out)
        put = run.out.split("events put (1)", 1)[1]
        self.assertIn("vehicle-orders.order-cancellation · OrderCancellationUpdated", put)
        # Checked, and it says against which schema (no problem line).
        self.assertIn("✓ matches schema discovered-schemas/OrderCancellationUpdated", put)
        self.assertNotIn("does not match", put)
        self.assertNotIn("rejected", put)
        events = self.stepwise(machine, "--input", inp, "--schema-dir", SCHEMA_DIR, "--trace", "json").json()
        out = json.loads(details(events[-1])["output"])
        self.assertEqual(out["FailedEntryCount"], 0)
        self.assertIn(out["Entries"][0]["EventId"], put)

    def test_put_events_invalid_warn(self):
        machine = self.write("put.asl.json", self.PUT)
        inp = self.write("invalid.json", {"detail": self.invalid()})
        run = self.stepwise(machine, "--input", inp, "--schema-dir", SCHEMA_DIR)  # warn is the default
        self.assertEqual(run.rc, 0, run)
        put = run.out.split("events put (1)", 1)[1]
        self.assertIn("does not match schema", put)
        self.assertIn("/detail/data/restarts", put)
        self.assertIn("orderId", put)
        self.assertNotIn("rejected", put)
        off = self.stepwise(machine, "--input", inp, "--schema-dir", SCHEMA_DIR, "--schemas", "off")
        self.assertEqual(off.rc, 0, off)
        self.assertNotIn("does not match schema", off.out)

    def test_put_events_invalid_enforce(self):
        machine = self.write("put.asl.json", self.PUT)
        inp = self.write("invalid.json", {"detail": self.invalid()})
        run = self.stepwise(machine, "--input", inp, "--schema-dir", SCHEMA_DIR, "--schemas", "enforce",
                            "--trace", "json")
        self.assertEqual(run.rc, 1, run)
        failed = [details(e) for e in run.json() if e["type"] == "TaskFailed"]
        self.assertEqual(len(failed), 1)
        self.assertEqual(failed[0]["error"], "EventBridge.FailedEntry")
        cause = json.loads(failed[0]["cause"])
        self.assertEqual(cause["FailedEntryCount"], 1)
        self.assertIn("/detail/data/restarts", cause["Entries"][0]["ErrorMessage"])
        text = self.stepwise(machine, "--input", inp, "--schema-dir", SCHEMA_DIR, "--schemas", "enforce")
        self.assertIn("rejected", text.out.split("events put (1)", 1)[1])

    def test_put_events_schema_dirs_in_project(self):
        machine = self.write("put.asl.json", self.PUT)
        self.write("stepwise.json", {"schemaDirs": [SCHEMA_DIR]})
        inp = self.write("invalid.json", {"detail": self.invalid()})
        run = self.stepwise(machine, "--input", inp, "--schemas", "enforce")
        self.assertEqual(run.rc, 1, run)
        self.assertIn("EventBridge.FailedEntry", run.out)

    # --- reproducibility ------------------------------------------------------------------------------

    def reproducible(self, machine, *args):
        runs = [self.stepwise(machine, *args, "--trace", "json", "--start-time", START_TIME, "--seed", "7")
                for _ in range(2)]
        self.assertEqual(runs[0].rc, runs[1].rc)
        if runs[0].out != runs[1].out:
            a, b = runs[0].out.splitlines(), runs[1].out.splitlines()
            first = next(i for i, (x, y) in enumerate(zip(a + [""], b + [""])) if x != y)
            self.fail(f"--trace json differs from run to run at line {first + 1}:\n{a[first]}\n{b[first]}")
        return runs[0]

    def test_reproducible_trace(self):
        parent = self.write("parent.asl.json", four_patterns(sm_arn("Child"), sm_arn("Replier")))
        machines = self.machines_dir(Child=CHILD, Replier=REPLIER)
        run = self.reproducible(parent, "--machines", machines)
        self.assertEqual(run.rc, 0, run)
        self.assertEqual(run.json()[0]["timestamp"], 1738314000)  # --start-time, in epoch seconds
        put = self.write("put.asl.json", self.PUT)
        inp = self.write("valid.json", {"detail": self.VALID})
        self.assertEqual(self.reproducible(put, "--input", inp, "--schema-dir", SCHEMA_DIR).rc, 0)

    def test_reproducible_trace_with_failed_calls(self):
        """A caught StateMachineDoesNotExist: still the same bytes each run."""
        parent = self.write("parent.asl.json", {"StartAt": "Missing", "States": {
            "Missing": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                        "Parameters": {"StateMachineArn": sm_arn("Nowhere")},
                        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.missing", "Next": "Done"}],
                        "End": True},
            "Done": {"Type": "Pass", "End": True}}})
        run = self.reproducible(parent, "--machines", self.machines_dir(Child=CHILD))
        self.assertEqual(run.rc, 0, run)

    def test_reproducible_trace_with_rejected_event(self):
        put = self.write("put.asl.json", self.PUT)
        inp = self.write("invalid.json", {"detail": self.invalid()})
        run = self.reproducible(put, "--input", inp, "--schema-dir", SCHEMA_DIR, "--schemas", "enforce")
        self.assertEqual(run.rc, 1, run)


if __name__ == "__main__":
    unittest.main(verbosity=2)
