#!/usr/bin/python3
"""`stepwise serve` deletes executions closed more than --retention-days ago (AWS: 90 days).

Usage: test_retention.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

An execution runs, the server stops, its stop time is moved 91 days back in the database
file, and the restarted server's first sweep deletes it (its name may then be used again),
while a recent one stays. https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
"""
import json
import os
import sqlite3
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()

from botocore.exceptions import ClientError  # noqa: E402

DAY_MS = 24 * 60 * 60 * 1000
PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})


def exists(client, arn):
    try:
        client.describe_execution(executionArn=arn)
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == "ExecutionDoesNotExist":
            return False
        raise


class Retention(unittest.TestCase):
    def test_old_closed_executions_are_deleted_at_start(self):
        server = h.Server("retention").start()
        c = server.client()
        arn = c.create_state_machine(name="Kept", definition=PASS, roleArn=h.ROLE)["stateMachineArn"]
        old = c.start_execution(stateMachineArn=arn, name="old")["executionArn"]
        recent = c.start_execution(stateMachineArn=arn, name="recent")["executionArn"]
        for ex in (old, recent):
            self.assertEqual(h.wait_done(c, ex)["status"], "SUCCEEDED")
        server.stop()

        with sqlite3.connect(os.path.join(server.data_dir, "stepwise.db")) as db:
            db.execute("UPDATE executions SET stop_ms = stop_ms - ? WHERE arn = ?", (91 * DAY_MS, old))

        server.start()
        for _ in range(400):  # the sweep at start runs beside serving
            if not exists(c, old):
                break
            time.sleep(0.05)
        self.assertFalse(exists(c, old), "an execution closed 91 days ago is still there")
        self.assertTrue(exists(c, recent))
        # As on AWS once it is gone, the name can be used again.
        again = c.start_execution(stateMachineArn=arn, name="old")["executionArn"]
        self.assertEqual(h.wait_done(c, again)["status"], "SUCCEEDED")
        server.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
