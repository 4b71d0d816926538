#!/usr/bin/python3
"""The step inspector's data flow over HTTP (GET /ui/inspect, api/ui/inspect_route.h) on the example.

Usage: test_inspect.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

For a state entry (its StateEntered event id) the server replays the execution and answers each
value TestState's inspectionData names: the input, after InputPath, after Parameters, the task's
result, after ResultSelector, after ResultPath; the retriers that matched with their back-off.
https://docs.aws.amazon.com/step-functions/latest/apireference/API_InspectionData.html
"""
import http.client
import json
import os
import sys
import time
import unittest
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()

NAME = "VehicleOrderCancellation"
SM = f"arn:aws:states:{h.REGION}:{h.ACCOUNT}:stateMachine:{NAME}"
INPUT = h.read_text(os.path.join(h.EXAMPLE, "input.json"))
MOCKS = os.path.join(h.EXAMPLE, "mocks.json")
FUNCTION = json.loads(h.read_text(os.path.join(h.EXAMPLE, "substitutions.json")))["ValidateOrderFunctionArn"]


def inspect(server, **query):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("GET", "/ui/inspect?" + urllib.parse.urlencode(query))
    resp = conn.getresponse()
    text = resp.read()
    conn.close()
    return resp.status, json.loads(text)


class Inspect(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = h.Server("inspect", mock_config=MOCKS).start()
        cls.client = cls.server.client()
        cls.client.create_state_machine(name=NAME, definition=h.substituted_definition(), roleArn=h.ROLE)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def run_case(self, case):
        arn = self.client.start_execution(stateMachineArn=f"{SM}#{case}", input=INPUT)["executionArn"]
        deadline = time.monotonic() + 60
        while self.client.describe_execution(executionArn=arn)["status"] == "RUNNING":
            self.assertLess(time.monotonic(), deadline, f"{case} did not end")
            time.sleep(0.05)
        events = h.full_history(self.client, arn)
        entry = next(e for e in events if e["type"] == "TaskStateEntered"
                     and e["stateEnteredEventDetails"]["name"] == "ValidateCancellationEligibility")
        return arn, entry, events

    def test_a_task_entry_after_a_retry(self):
        arn, entered, events = self.run_case("TransientErrorRetryPath")
        event_id, state_input = entered["id"], json.loads(entered["stateEnteredEventDetails"]["input"])
        status, answer = inspect(self.server, executionArn=arn, eventId=event_id)
        self.assertEqual(status, 200, answer)
        entry = answer["entry"]
        self.assertEqual((entry["eventId"], entry["state"]), (event_id, "ValidateCancellationEligibility"))
        self.assertEqual(entry["input"], state_input)
        self.assertEqual(entry["afterInputPath"], state_input)
        self.assertEqual(entry["afterParameters"], {"FunctionName": FUNCTION, "Payload": state_input})
        succeeded = next(e for e in events if e["type"] == "TaskSucceeded")
        self.assertEqual(entry["result"], json.loads(succeeded["taskSucceededEventDetails"]["output"]))
        self.assertEqual(entry["afterResultPath"]["validation"], entry["result"])
        self.assertEqual(entry["retries"], [{"retrier": 0, "delayMs": 2000}])  # IntervalSeconds 2, the first retry
        self.assertNotIn("catcher", entry)
        self.assertNotIn("afterArguments", entry)

    def test_refusals(self):
        arn, _, _ = self.run_case("HappyPath")
        self.assertEqual(inspect(self.server, executionArn=arn, eventId=1)[0], 404)  # ExecutionStarted
        status, answer = inspect(self.server, executionArn=arn + "-ghost", eventId=2)
        self.assertEqual((status, answer["__type"]), (404, "ExecutionDoesNotExist"))
        for query, named in [({"executionArn": arn, "eventId": "x"}, "eventId"),
                             ({"executionArn": arn, "eventId": 0}, "eventId"),
                             ({"executionArn": arn}, "eventId"),
                             ({"eventId": 2}, "executionArn"),
                             ({"executionArn": arn, "eventId": 2, "extra": 1}, "extra")]:
            status, answer = inspect(self.server, **query)
            self.assertEqual((status, answer["__type"]), (400, "ValidationException"), query)
            self.assertIn(named, answer["message"])


if __name__ == "__main__":
    unittest.main()
