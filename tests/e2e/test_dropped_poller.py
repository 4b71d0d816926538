#!/usr/bin/python3
"""An activity task handed to a GetActivityTask poller that hung up goes to the next poller.

Usage: test_dropped_poller.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

A worker sends GetActivityTask on a raw socket and closes it while the long poll waits; the
task that comes next must not be lost with that connection: boto3's GetActivityTask gets it.
https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetActivityTask.html
"""
import json
import os
import socket
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()

SERVER = h.Server("dropped-poller", virtual_time=False)


def hang_up_poll(port, activity_arn, worker):
    """Sends GetActivityTask and closes the connection without reading the answer."""
    body = json.dumps({"activityArn": activity_arn, "workerName": worker}).encode()
    request = (f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               "Content-Type: application/x-amz-json-1.0\r\n"
               "X-Amz-Target: AWSStepFunctions.GetActivityTask\r\n"
               f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)


def started_workers(client, execution_arn):
    events = client.get_execution_history(executionArn=execution_arn, maxResults=1000)["events"]
    return [e["activityStartedEventDetails"].get("workerName") for e in events if e["type"] == "ActivityStarted"]


class DroppedPoller(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        SERVER.start()
        cls.c = SERVER.client()

    @classmethod
    def tearDownClass(cls):
        SERVER.stop()

    def test_the_next_poller_gets_the_task(self):
        act_arn = self.c.create_activity(name="dropped")["activityArn"]
        machine = {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": act_arn, "End": True}}}
        arn = self.c.create_state_machine(name="Dropped", definition=json.dumps(machine), roleArn=h.ROLE)[
            "stateMachineArn"]
        hang_up_poll(SERVER.port, act_arn, "gone")
        time.sleep(1)  # lets the server take that poll before the task exists (either order must work)
        ex = self.c.start_execution(stateMachineArn=arn, input='{"job":"paint"}')["executionArn"]
        for _ in range(400):  # the task went to the poller that hung up
            if started_workers(self.c, ex):
                break
            time.sleep(0.05)
        self.assertEqual(started_workers(self.c, ex), ["gone"])

        task = h.poll_activity_task(SERVER, act_arn, "w2")
        token = task.get("taskToken")
        self.assertTrue(token, f"the task was lost with the dropped connection: {task}")
        self.assertEqual(json.loads(task["input"]), {"job": "paint"})
        self.c.send_task_success(taskToken=token, output='{"painted":true}')
        d = h.wait_done(self.c, ex)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        # The history keeps one ActivityStarted per attempt: the first poller's.
        self.assertEqual(started_workers(self.c, ex), ["gone"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
