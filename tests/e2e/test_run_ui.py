#!/usr/bin/python3
"""`stepwise run --ui`: the run's execution under the web page, until Ctrl-C.

Usage: test_run_ui.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

The example with its mocks (#HappyPath): the address line on stderr, then through the page's own
APIs (POST / with X-Amz-Target, as the page sends them) the execution SUCCEEDED, its history
(ExecutionStarted .. ExecutionSucceeded) and its state machine's definition (the graph), GET / as
text/html; the trace on stdout as `stepwise run` prints it; SIGINT: exit code 0 and the temporary
data directory gone. Flags --ui cannot honour yet fail naming themselves.
"""
import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import unittest
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

BOUND_S = 60
ADDRESS = re.compile(r"^stepwise: web page at (http://127\.0\.0\.1:(\d+))/#/executions/(\S+)$")
SERVING = re.compile(r"^stepwise run: serving from (\S+) \(deleted at exit\)")


def call(port, operation, body):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", "/", body=json.dumps(body), headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AWSStepFunctions." + operation,
        "Origin": f"http://127.0.0.1:{port}"})
    resp = conn.getresponse()
    data = json.loads(resp.read())
    conn.close()
    if resp.status != 200:
        raise AssertionError(f"{operation}: {resp.status} {data}")
    return data


def route(port, method, path, body=None):
    """One of the page's own routes (/ui/debug/*): its JSON answer, which must be a 200."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=None if body is None else json.dumps(body),
                 headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    data = json.loads(resp.read() or b"null")
    conn.close()
    if resp.status != 200:
        raise AssertionError(f"{method} {path}: {resp.status} {data}")
    return data


class RunUi(unittest.TestCase):
    def start(self, *args):
        self.tmp = h.tmp_path(f"run-ui-{time.monotonic_ns()}")
        os.makedirs(self.tmp)
        env = dict(os.environ, TMPDIR=self.tmp)
        proc = subprocess.Popen([h.STEPWISE, "run", *args], cwd=h.EXAMPLE, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        lines = queue.Queue()
        self.stderr = []

        def read():
            for line in proc.stderr:
                self.stderr.append(line)
                lines.put(line.rstrip("\n"))
            lines.put(None)
        threading.Thread(target=read, daemon=True).start()
        return proc, lines

    def wait_line(self, lines, pattern):
        deadline = time.monotonic() + BOUND_S
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                break
            if (m := pattern.match(line)):
                return m
        self.fail(f"no line like {pattern.pattern}; stderr:\n{''.join(self.stderr)}")

    def test_the_example_under_the_page_until_ctrl_c(self):
        proc, lines = self.start("statemachine.asl.json", "--input", "input.json", "--mocks", "mocks.json",
                                 "--test-case", "HappyPath", "--ui")
        data_dir = self.wait_line(lines, SERVING).group(1)
        m = self.wait_line(lines, ADDRESS)
        port = int(m.group(2))
        arn = urllib.parse.unquote(m.group(3))
        self.assertTrue(arn.startswith("arn:aws:states:us-east-1:123456789012:execution:VehicleOrderCancellation:"), arn)
        self.assertTrue(os.path.isdir(data_dir))
        self.assertTrue(os.path.realpath(data_dir).startswith(os.path.realpath(self.tmp)), data_dir)

        deadline = time.monotonic() + BOUND_S
        while (described := call(port, "DescribeExecution", {"executionArn": arn}))["status"] == "RUNNING":
            self.assertLess(time.monotonic(), deadline, "the execution did not end")
            time.sleep(0.1)
        self.assertEqual(described["status"], "SUCCEEDED", described)
        self.assertEqual(json.loads(described["input"]), json.load(open(os.path.join(h.EXAMPLE, "input.json"))))
        events = call(port, "GetExecutionHistory", {"executionArn": arn, "maxResults": 1000})["events"]
        self.assertEqual(events[0]["type"], "ExecutionStarted")
        self.assertEqual(events[-1]["type"], "ExecutionSucceeded")
        self.assertIn("TaskSucceeded", {e["type"] for e in events})
        machine = call(port, "DescribeStateMachine", {"stateMachineArn": described["stateMachineArn"]})
        self.assertIn("ValidateCancellationEligibility", json.loads(machine["definition"])["States"])

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/", headers={"Accept": "text/html"})
        resp = conn.getresponse()
        page = resp.read()
        conn.close()
        if resp.status == 404:
            self.assertIn(b"npm run build", page)  # built without web/dist
        else:
            self.assertEqual(resp.status, 200)
            self.assertEqual(resp.getheader("Content-Type"), "text/html; charset=utf-8")

        self.wait_line(lines, re.compile(r"^stepwise run: the execution ended"))
        self.assertIsNone(proc.poll(), "it keeps serving after the execution ended")
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=BOUND_S)
        self.assertEqual(proc.returncode, 0, "".join(self.stderr))
        self.assertIn("Execution " + arn, out)
        self.assertIn("ValidateCancellationEligibility", out)
        self.assertFalse(os.path.exists(data_dir), "the temporary data directory is still there")
        self.assertEqual(os.listdir(self.tmp), [])

    def test_a_failed_run_exits_1_after_sigterm(self):
        proc, lines = self.start("statemachine.asl.json", "--input", "input.json", "--mocks",
                                 "mocks.json", "--test-case", "InventoryReleaseFailurePath", "--ui", "--trace", "json")
        self.wait_line(lines, re.compile(r"^stepwise run: the execution ended"))
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=BOUND_S)
        self.assertEqual(proc.returncode, 1, "".join(self.stderr))
        self.assertEqual(json.loads(out)["events"][-1]["type"], "ExecutionFailed")

    def test_the_trace_lists_the_events_put_and_their_schema_problems(self):
        machine = os.path.join(h.tmp_path(f"putter-{time.monotonic_ns()}.asl.json"))
        with open(machine, "w", encoding="utf-8") as f:
            json.dump({"StartAt": "Put", "States": {"Put": {
                "Type": "Task", "Resource": "arn:aws:states:::events:putEvents", "End": True,
                "Parameters": {"Entries": [{"Source": "vehicle-orders.order-cancellation",
                                            "DetailType": "OrderCancellationUpdated", "Detail": {"data": {"id": "x"}}}]}}}},
                      f)
        proc, lines = self.start(machine, "--schema-dir", os.path.join(h.EXAMPLE, "events", "schemas"), "--ui")
        self.wait_line(lines, re.compile(r"^stepwise run: the execution ended"))
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=BOUND_S)
        self.assertEqual(proc.returncode, 0, "".join(self.stderr))
        self.assertIn("input {}", out)
        self.assertIn("events put (1)", out)
        self.assertIn("does not match schema discovered-schemas/OrderCancellationUpdated.schema", out)
        self.assertIn("/detail/data/orderId: is required", out)

    def test_break_pauses_the_execution_for_the_page(self):
        proc, lines = self.start("statemachine.asl.json", "--input", "input.json", "--mocks", "mocks.json",
                                 "--test-case", "HappyPath", "--ui", "--break", "ValidateCancellationEligibility")
        m = self.wait_line(lines, ADDRESS)
        port, arn = int(m.group(2)), urllib.parse.unquote(m.group(3))
        deadline = time.monotonic() + BOUND_S
        while not (pauses := route(port, "GET", "/ui/debug/pauses?executionArn=" + urllib.parse.quote(arn))["pauses"]):
            self.assertLess(time.monotonic(), deadline, "no pause")
            time.sleep(0.05)
        self.assertEqual((pauses[0]["state"], pauses[0]["after"]), ("ValidateCancellationEligibility", False))
        self.assertEqual(call(port, "DescribeExecution", {"executionArn": arn})["status"], "RUNNING")
        route(port, "POST", "/ui/debug/resume", {"executionArn": arn, "pauseId": pauses[0]["pauseId"]})
        self.wait_line(lines, re.compile(r"^stepwise run: the execution ended"))
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=BOUND_S)
        self.assertEqual(proc.returncode, 0, "".join(self.stderr))
        self.assertIn("SUCCEEDED", out)

    def test_flags_it_cannot_honour_fail_naming_themselves(self):
        for args, flag in ((["--ui", "--break", "NoSuchState"], "NoSuchState"),
                           (["--ui", "--debug"], "--debug"),
                           (["--ui", "--watch"], "--watch"), (["--ui", "--seed", "7"], "--seed"),
                           (["--port", "8099"], "--port")):
            r = subprocess.run([h.STEPWISE, "run", "statemachine.asl.json", *args], cwd=h.EXAMPLE,
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, 2, (args, r.stderr))
            self.assertIn(flag, r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
