#!/usr/bin/python3
"""The web page's debugger over HTTP (/ui/debug/*, api/ui/debug_routes.h) on the example.

Usage: test_debugger.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

An execution started with a breakpoint before ValidateCancellationEligibility pauses there (the
pauses route and /ui/stream say so), expressions are evaluated in the pause, a step pauses before
the next state, an edited input is what the state enters with. `serve --break` pauses every new
execution, SDK-started ones too; a pause waiting when the server is killed (-9) is waiting again
after the restart. "Re-run from here" repeats an execution's history up to a state entry and goes
on with an edited input; an edited definition that takes another way is refused.
Pauses are no history events (AWS has none):
https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
"""
import http.client
import json
import os
import signal
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
from test_web_ui import Stream  # noqa: E402

h.require_boto3()

NAME = "VehicleOrderCancellation"
SM = f"arn:aws:states:{h.REGION}:{h.ACCOUNT}:stateMachine:{NAME}"
INPUT = h.read_text(os.path.join(h.EXAMPLE, "input.json"))
MOCKS = os.path.join(h.EXAMPLE, "mocks.json")


def call(server, method, path, body=None):
    """(status, JSON answer) of one debugger route."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"Content-Type": "application/json"}
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    resp = conn.getresponse()
    text = resp.read()
    conn.close()
    return resp.status, json.loads(text) if text else None


def ok(server, method, path, body=None):
    status, answer = call(server, method, path, body)
    assert status == 200, f"{method} {path} {body}: {status} {answer}"
    return answer


def wait_pauses(server, arn, count=1, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        pauses = ok(server, "GET", f"/ui/debug/pauses?executionArn={arn}")["pauses"]
        if len(pauses) == count:
            return pauses
        if time.monotonic() > deadline:
            raise AssertionError(f"{arn}: {len(pauses)} pauses, not {count}: {pauses}")
        time.sleep(0.05)


def entered(events, state):
    """The StateEntered events of `state`."""
    return [e for e in events if e["type"].endswith("StateEntered") and e["stateEnteredEventDetails"]["name"] == state]


def create_machine(client):
    return client.create_state_machine(name=NAME, definition=h.substituted_definition(), roleArn=h.ROLE,
                                       type="STANDARD")["stateMachineArn"]


class PageDebugger(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = h.Server("debugger", mock_config=MOCKS).start()
        cls.client = cls.server.client()
        create_machine(cls.client)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_pause_evaluate_step_and_resume_with_an_edited_input(self):
        stream = Stream(self.server)  # status only: the list's paused badge
        self.addCleanup(stream.close)
        stream.until(lambda e, d: e == "ready", "ready")
        started = ok(self.server, "POST", "/ui/debug/start", {
            "stateMachineArn": SM, "name": "debug-1", "input": INPUT, "testCase": "HappyPath",
            "breakpoints": [{"state": "ValidateCancellationEligibility"}]})
        arn = started["executionArn"]
        self.assertIn("startDate", started)
        seen = stream.until(lambda e, d: e == "pause", "the pause on the stream")
        event = seen[-1][1]
        self.assertEqual(event["executionArn"], arn)
        self.assertEqual(event["pause"]["state"], "ValidateCancellationEligibility")

        pause = wait_pauses(self.server, arn)[0]
        self.assertEqual(pause, event["pause"])
        self.assertEqual((pause["state"], pause["after"]), ("ValidateCancellationEligibility", False))
        self.assertEqual(pause["input"]["orderId"], "ORD-2025-0004817")  # JSON, not text
        self.assertEqual(pause["context"]["State"]["Name"], "ValidateCancellationEligibility")
        self.assertEqual(pause["breakpoints"], [{"state": "ValidateCancellationEligibility", "after": False}])
        self.assertIsInstance(pause["time"], (int, float))
        self.assertEqual(self.client.describe_execution(executionArn=arn)["status"], "RUNNING")

        def evaluate(expression):
            return call(self.server, "POST", "/ui/debug/evaluate",
                        {"executionArn": arn, "pauseId": pause["pauseId"], "expression": expression})

        self.assertEqual(evaluate("$.orderId"), (200, {"value": "ORD-2025-0004817"}))
        self.assertEqual(evaluate("$$.State.Name"), (200, {"value": "ValidateCancellationEligibility"}))
        self.assertEqual(evaluate("{% $states.input.customer.loyaltyTier %}"), (200, {"value": "GOLD"}))
        status, error = evaluate("$.[")
        self.assertEqual((status, error["__type"]), (400, "EvaluationError"), error)

        # Unknown members and pauses are refused, naming them.
        status, error = call(self.server, "POST", "/ui/debug/resume",
                             {"executionArn": arn, "pauseId": pause["pauseId"], "stepp": True})
        self.assertEqual(status, 400)
        self.assertIn("'stepp'", error["message"])
        status, error = call(self.server, "POST", "/ui/debug/resume", {"executionArn": arn, "pauseId": 999})
        self.assertEqual((status, error["__type"]), (400, "ValidationException"), error)

        edited = json.loads(INPUT)
        edited["orderId"] = "ORD-EDITED"
        ok(self.server, "POST", "/ui/debug/resume",
           {"executionArn": arn, "pauseId": pause["pauseId"], "step": True, "input": edited})
        stream.until(lambda e, d: e == "resume" and d == {"executionArn": arn, "pauseId": pause["pauseId"]},
                     "the resume on the stream")
        stepped = wait_pauses(self.server, arn)[0]
        self.assertEqual(stepped["state"], "IsCancellationEligible")  # the step: before the next state
        events = h.full_history(self.client, arn)
        validate = entered(events, "ValidateCancellationEligibility")
        self.assertEqual(json.loads(validate[0]["stateEnteredEventDetails"]["input"])["orderId"], "ORD-EDITED")
        self.assertFalse([e for e in events if "Pause" in e["type"]], "pauses are no history events")

        ok(self.server, "POST", "/ui/debug/resume", {"executionArn": arn, "pauseId": stepped["pauseId"]})
        self.assertEqual(h.wait_done(self.client, arn)["status"], "SUCCEEDED")
        self.assertEqual(wait_pauses(self.server, arn, 0), [])

    def test_breakpoints_of_a_machine_and_of_a_running_execution(self):
        self.assertEqual(ok(self.server, "GET", f"/ui/debug/breakpoints?stateMachineArn={SM}"), {"breakpoints": []})
        status, error = call(self.server, "PUT", "/ui/debug/breakpoints",
                             {"stateMachineArn": SM, "breakpoints": [{"state": "NoSuchState"}]})
        self.assertEqual(status, 400)
        self.assertIn("'NoSuchState'", error["message"])
        ok(self.server, "PUT", "/ui/debug/breakpoints",
           {"stateMachineArn": SM, "breakpoints": [{"state": "ConfirmCancellation"}]})
        try:
            self.assertEqual(ok(self.server, "GET", f"/ui/debug/breakpoints?stateMachineArn={SM}"),
                             {"breakpoints": [{"state": "ConfirmCancellation", "after": False}]})
            # An SDK client's start gets the machine's breakpoints too.
            arn = self.client.start_execution(stateMachineArn=f"{SM}#HappyPath", name="sdk-1",
                                              input=INPUT)["executionArn"]
            pause = wait_pauses(self.server, arn)[0]
            self.assertEqual(pause["state"], "ConfirmCancellation")
            ok(self.server, "PUT", "/ui/debug/breakpoints",
               {"executionArn": arn, "breakpoints": [{"state": "NotifyCustomerOfCancellation", "after": True}]})
            ok(self.server, "POST", "/ui/debug/resume", {"executionArn": arn, "pauseId": pause["pauseId"]})
            after = wait_pauses(self.server, arn)
            self.assertEqual((after[0]["state"], after[0]["after"]), ("NotifyCustomerOfCancellation", True))
            # Stopping a paused execution aborts it.
            self.client.stop_execution(executionArn=arn, error="Debugging", cause="seen enough")
            self.assertEqual(h.wait_done(self.client, arn)["status"], "ABORTED")
        finally:
            ok(self.server, "PUT", "/ui/debug/breakpoints", {"stateMachineArn": SM, "breakpoints": []})

    def test_the_pages_breakpoints_follow_the_machine_as_it_changes(self):
        def definition(*states):
            names = list(states)
            return json.dumps({"StartAt": names[0], "States": {
                n: ({"Type": "Pass", "Next": names[i + 1]} if i + 1 < len(names) else {"Type": "Pass", "End": True})
                for i, n in enumerate(names)}})
        arn = self.client.create_state_machine(name="Changing", definition=definition("A", "B"), roleArn=h.ROLE,
                                               type="STANDARD")["stateMachineArn"]
        ok(self.server, "PUT", "/ui/debug/breakpoints", {"stateMachineArn": arn, "breakpoints": [{"state": "B"}]})
        # B is gone: the page's list does not fail every start of the machine.
        self.client.update_state_machine(stateMachineArn=arn, definition=definition("A", "C"))
        run = self.client.start_execution(stateMachineArn=arn, name="changed", input="{}")["executionArn"]
        self.assertEqual(h.wait_done(self.client, run)["status"], "SUCCEEDED")
        # Deleted and created again: the new machine starts without the old one's list.
        self.client.delete_state_machine(stateMachineArn=arn)
        arn = self.client.create_state_machine(name="Changing", definition=definition("A", "B"), roleArn=h.ROLE,
                                               type="STANDARD")["stateMachineArn"]
        self.assertEqual(ok(self.server, "GET", f"/ui/debug/breakpoints?stateMachineArn={arn}"), {"breakpoints": []})
        run = self.client.start_execution(stateMachineArn=arn, name="recreated", input="{}")["executionArn"]
        self.assertEqual(h.wait_done(self.client, run)["status"], "SUCCEEDED")
        self.client.delete_state_machine(stateMachineArn=arn)

    def test_pause_at_start_and_start_checks(self):
        arn = ok(self.server, "POST", "/ui/debug/start", {
            "stateMachineArn": SM, "input": INPUT, "testCase": "HappyPath", "pauseAtStart": True})["executionArn"]
        pause = wait_pauses(self.server, arn)[0]
        self.assertEqual((pause["state"], pause["breakpoints"]), ("SetCancellationMeta", []))
        self.client.stop_execution(executionArn=arn)
        self.assertEqual(h.wait_done(self.client, arn)["status"], "ABORTED")
        for body, expected in (
                ({"breakpoints": [{"state": "Nope"}]}, "'Nope'"),
                ({"breakpoints": [{"state": "SetCancellationMeta", "when": "later"}]}, "'when'"),
                ({"input": "{not json"}, "InvalidExecutionInput"),
                ({"testCase": "NoSuchCase"}, "NoSuchCase"),
                ({"name": "bad name with spaces"}, "InvalidName")):
            status, error = call(self.server, "POST", "/ui/debug/start", {"stateMachineArn": SM, **body})
            self.assertEqual(status, 400, (body, error))
            self.assertIn(expected, error["__type"] + ": " + error["message"], body)

    def test_rerun_from_a_state_entry_with_an_edited_input(self):
        original = self.client.start_execution(stateMachineArn=f"{SM}#HappyPath", name="orig-1",
                                               input=INPUT)["executionArn"]
        self.assertEqual(h.wait_done(self.client, original)["status"], "SUCCEEDED")
        events = h.full_history(self.client, original)
        confirm_event = entered(events, "ConfirmCancellation")[0]
        confirm = confirm_event["id"]
        self.assertEqual(ok(self.server, "GET", f"/ui/debug/rerun?executionArn={original}"), {"rerunOf": None})

        edited = json.loads(confirm_event["stateEnteredEventDetails"]["input"])
        edited["orderId"] = "ORD-RERUN"
        rerun = ok(self.server, "POST", "/ui/debug/rerun",
                   {"executionArn": original, "eventId": confirm, "input": edited, "name": "orig-1-rerun"})
        arn = rerun["executionArn"]
        self.assertTrue(arn.endswith(":orig-1-rerun"), arn)
        self.assertEqual(ok(self.server, "GET", f"/ui/debug/rerun?executionArn={arn}"),
                         {"rerunOf": {"executionArn": original, "eventId": confirm}})
        self.assertEqual(h.wait_done(self.client, arn)["status"], "SUCCEEDED")
        again = h.full_history(self.client, arn)
        self.assertEqual([e["type"] for e in again[:confirm - 1]], [e["type"] for e in events[:confirm - 1]])
        self.assertEqual(again[confirm - 1]["type"], "TaskStateEntered")
        self.assertEqual(json.loads(again[confirm - 1]["stateEnteredEventDetails"]["input"]), edited)
        # Its own times: the prefix is shifted to when the re-run started.
        self.assertGreater(again[0]["timestamp"], events[0]["timestamp"])

        # Paused at the entry instead, showing the edited input.
        paused = ok(self.server, "POST", "/ui/debug/rerun",
                    {"executionArn": original, "eventId": confirm, "input": edited, "pause": True})["executionArn"]
        pause = wait_pauses(self.server, paused)[0]
        self.assertEqual((pause["state"], pause["input"]), ("ConfirmCancellation", edited))
        self.client.stop_execution(executionArn=paused)

        # Refused: an event that is no state entry, a definition that takes another way, a broken one.
        status, error = call(self.server, "POST", "/ui/debug/rerun", {"executionArn": original, "eventId": 1})
        self.assertEqual((status, error["__type"]), (400, "ValidationException"), error)
        diverging = json.loads(h.substituted_definition())
        diverging["States"]["SetCancellationMeta"]["Next"] = "Detour"
        diverging["States"]["Detour"] = {"Type": "Pass", "Next": "ValidateCancellationEligibility"}
        status, error = call(self.server, "POST", "/ui/debug/rerun",
                             {"executionArn": original, "eventId": confirm, "definition": json.dumps(diverging)})
        self.assertEqual(status, 400, error)
        self.assertIn("diverges from the original at event", error["message"])
        self.assertIn("'Detour'", error["message"])
        status, error = call(self.server, "POST", "/ui/debug/rerun",
                             {"executionArn": original, "eventId": confirm, "definition": "{\"StartAt\": 1}"})
        self.assertEqual((status, error["__type"]), (400, "InvalidDefinition"), error)


class BreakFlagAndRestart(unittest.TestCase):
    """serve --break MACHINE/STATE, pauses (and an edited re-run definition) across kill -9, the page's
    breakpoints across a restart."""

    @classmethod
    def setUpClass(cls):
        cls.server = h.Server("debugger-break", mock_config=MOCKS,
                              extra=["--break", f"{NAME}/ProductionSettlementHold"]).start()
        cls.client = cls.server.client()
        create_machine(cls.client)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_break_flag_pauses_sdk_executions_and_pauses_survive_kill_9(self):
        self.assertEqual(ok(self.server, "GET", f"/ui/debug/breakpoints?stateMachineArn={SM}"),
                         {"breakpoints": [{"state": "ProductionSettlementHold", "after": False}]})
        arn = self.client.start_execution(stateMachineArn=f"{SM}#HappyPath", name="held",
                                          input=INPUT)["executionArn"]
        before = wait_pauses(self.server, arn)
        self.assertEqual(before[0]["state"], "ProductionSettlementHold")

        # A re-run paused at an entry, on an edited definition (same way, another Comment).
        original = self.client.start_execution(stateMachineArn=f"{SM}#IneligiblePath", name="ineligible",
                                               input=INPUT)["executionArn"]
        self.assertEqual(h.wait_done(self.client, original)["status"], "FAILED")
        validate = entered(h.full_history(self.client, original), "ValidateCancellationEligibility")[0]["id"]
        edited = json.loads(h.substituted_definition())
        edited["Comment"] = "edited for the re-run"
        rerun = ok(self.server, "POST", "/ui/debug/rerun",
                   {"executionArn": original, "eventId": validate, "definition": json.dumps(edited),
                    "pause": True, "testCase": "HappyPath"})["executionArn"]
        rerun_pause = wait_pauses(self.server, rerun)

        self.server.stop(signal.SIGKILL)
        self.server.start()
        self.assertEqual(wait_pauses(self.server, arn), before)
        self.assertEqual(wait_pauses(self.server, rerun), rerun_pause)
        ok(self.server, "POST", "/ui/debug/resume", {"executionArn": rerun, "pauseId": rerun_pause[0]["pauseId"]})
        # HappyPath's mocks after the entry: eligible this time; then held by --break.
        self.assertEqual(wait_pauses(self.server, rerun)[0]["state"], "ProductionSettlementHold")
        ok(self.server, "POST", "/ui/debug/resume", {"executionArn": arn, "pauseId": before[0]["pauseId"]})
        self.assertEqual(h.wait_done(self.client, arn)["status"], "SUCCEEDED")

        # The page's breakpoints for a machine replace --break's, and are kept over a restart.
        mine = [{"state": "ConfirmCancellation", "after": True}]
        ok(self.server, "PUT", "/ui/debug/breakpoints", {"stateMachineArn": SM, "breakpoints": mine})
        self.server.restart()
        self.assertEqual(ok(self.server, "GET", f"/ui/debug/breakpoints?stateMachineArn={SM}"), {"breakpoints": mine})


if __name__ == "__main__":
    unittest.main()
