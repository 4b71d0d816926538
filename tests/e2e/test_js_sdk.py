#!/usr/bin/python3
"""The AWS SDK for JavaScript v3 (@aws-sdk/client-sfn from npm, tests/e2e/js_sdk/, installed by
scripts/setup.sh from its lock file) against `stepwise serve`, with its default settings and the
README's endpoint: StartSyncExecution and TestState, which the SDK sends to "sync-" + the endpoint's
host (their hostPrefix), reach the server because sync-stepwise.localhost resolves to loopback.
https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html
https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html

Usage: test_js_sdk.py [STEPWISE_BIN [SOURCE_DIR]]
A missing node or @aws-sdk/client-sfn fails (scripts/setup.sh installs both).
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

SDK_DIR = os.path.join(h.HERE, "js_sdk")


def node_or_fail():
    node = shutil.which("node")
    if not node:
        print("FAIL: node is missing (scripts/setup.sh installs nodejs)")
        sys.exit(1)
    if not os.path.isfile(os.path.join(SDK_DIR, "node_modules", "@aws-sdk", "client-sfn", "package.json")):
        print(f"FAIL: @aws-sdk/client-sfn is not installed in {SDK_DIR} (scripts/setup.sh runs npm ci there)")
        sys.exit(1)
    return node


class JsSdk(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = node_or_fail()
        h.check_localhost_names()
        cls.server = h.Server("js-sdk", in_memory=True, virtual_time=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop(signal.SIGTERM)

    def test_sync_operations_with_default_settings(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
        proc = subprocess.run([self.node, os.path.join(SDK_DIR, "sync_operations.mjs"), self.server.sdk_endpoint, h.ROLE],
                              cwd=SDK_DIR, env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr + self.server.stderr_tail())
        got = json.loads(proc.stdout)
        self.assertNotIn("error", got["created"], got)
        sync = got["sync"]
        self.assertEqual((sync.get("status"), sync.get("output")), ("SUCCEEDED", '{"sum":5}'), got)
        self.assertTrue(sync["executionArn"].startswith(
            f"arn:aws:states:{h.REGION}:{h.ACCOUNT}:express:JsSdkExpress:js-sync-1"), sync)
        self.assertEqual((got["tested"].get("status"), got["tested"].get("output")), ("SUCCEEDED", '{"ok":1}'), got)
        port = self.server.port
        self.assertEqual(got["hosts"], [["CreateStateMachineCommand", f"stepwise.localhost:{port}"],
                                        ["StartSyncExecutionCommand", f"sync-stepwise.localhost:{port}"],
                                        ["TestStateCommand", f"sync-stepwise.localhost:{port}"]])


if __name__ == "__main__":
    unittest.main(verbosity=2)
