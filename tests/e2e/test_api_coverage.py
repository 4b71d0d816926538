#!/usr/bin/python3
"""Every operation of the EventBridge and Schemas service models is served.

Usage: test_api_coverage.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

The operation lists are botocore's models (Debian's python3-botocore, plus the
operations newer than it that tests/e2e/models adds), read at test time, so an
operation AWS has and stepwise does not answer is a failure here, not a silent
UnknownOperationException a user finds later. Each operation is called with an
empty (or placeholder) request: any answer but "unknown operation" counts as
served; the operations' behaviour is tested in test_events*.py and test_schemas*.py.
"""
import glob
import json
import os
import re
import sys
import unittest
import urllib.error
import urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()

BOTOCORE_DATA = "/usr/lib/python3/dist-packages/botocore/data"
# Newer than Debian's botocore 1.29: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_UpdateEventBus.html
NEWER_EVENTS_OPERATIONS = ["UpdateEventBus"]


def model_operations(service, version):
    path = os.path.join(BOTOCORE_DATA, service, version, "service-2.json")
    if not os.path.exists(path):
        path = glob.glob(path + ".gz")[0]
        import gzip
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)["operations"]
    with open(path, encoding="utf-8") as f:
        return json.load(f)["operations"]


def call(server, method, path, body=b"{}", headers=None):
    request = urllib.request.Request(server.endpoint + path, data=body if method != "GET" else None,
                                     method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def error_type(payload):
    try:
        document = json.loads(payload or b"{}")
    except ValueError:
        return ""
    if not isinstance(document, dict):
        return ""
    return str(document.get("__type") or document.get("Code") or document.get("code") or "")


class ApiCoverage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = h.Server("coverage", in_memory=True).start()

    def test_every_eventbridge_operation_is_served(self):
        operations = sorted(set(model_operations("events", "2015-10-07")) | set(NEWER_EVENTS_OPERATIONS))
        self.assertGreaterEqual(len(operations), 57)
        unserved = []
        for operation in operations:
            status, payload = call(self.server, "POST", "/", headers={
                "X-Amz-Target": "AWSEvents." + operation, "Content-Type": "application/x-amz-json-1.1"})
            if error_type(payload).endswith("UnknownOperationException"):
                unserved.append(operation)
            self.assertLess(status, 500, f"{operation}: {status} {payload[:300]!r}")
        self.assertEqual(unserved, [], f"EventBridge operations not served: {unserved}")

    def test_every_schemas_operation_is_served(self):
        operations = model_operations("schemas", "2019-12-02")
        self.assertGreaterEqual(len(operations), 31)
        unserved = []
        for name, operation in sorted(operations.items()):
            method = operation["http"]["method"]
            uri = operation["http"]["requestUri"].split("?")[0]
            path = re.sub(r"\{[^}]+\}", "stepwise-coverage-probe", uri)
            status, payload = call(self.server, method, path, headers={"Content-Type": "application/json"})
            if error_type(payload).endswith("UnknownOperationException"):
                unserved.append(f"{name} ({method} {uri})")
            self.assertLess(status, 500, f"{name}: {status} {payload[:300]!r}")
        self.assertEqual(unserved, [], f"Schemas operations not served: {unserved}")


if __name__ == "__main__":
    unittest.main()
