#!/usr/bin/python3
"""Hybrid runs: `stepwise run` sends an unmocked DynamoDB call to AWS_ENDPOINT_URL_DYNAMODB, signed.

Usage: test_hybrid_endpoint.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

A loopback HTTP server in this process plays DynamoDB: it checks the request
(POST /, X-Amz-Target DynamoDB_20120810.PutItem, the JSON 1.0 body the
state's Parameters make) and verifies the SigV4 Authorization header itself,
with hmac/hashlib from the test credentials handed to stepwise through the
environment (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
A one-state machine with arn:aws:states:::dynamodb:putItem then succeeds with
the server's response, a ConditionalCheckFailedException reaches a Catch as
DynamoDB.ConditionalCheckFailedException
(https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html), and a
run without credentials fails naming what to set.

Needs: the task router's route 5 (Endpoint) calling tasks::EndpointInvoker in
`stepwise run` (the invoker built with the process environment). Until that is
wired, every case fails: the Task ends in States.Runtime, "cannot run locally".
"""
import hashlib
import hmac
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

KEY_ID = "AKIDHYBRIDE2E"
SECRET = "hybrid/e2e+secret"
TOKEN = "session-token-e2e"
REGION = "eu-west-1"

MACHINE = {
    "StartAt": "Put",
    "States": {
        "Put": {
            "Type": "Task",
            "Resource": "arn:aws:states:::dynamodb:putItem",
            "Parameters": {
                "TableName": "orders",
                "Item": {"id": {"S.$": "$.id"}, "total": {"N": "12.50"}},
                "ConditionExpression": "attribute_not_exists(id)",
            },
            "Catch": [{"ErrorEquals": ["DynamoDB.ConditionalCheckFailedException"],
                       "ResultPath": "$.error", "Next": "Exists"}],
            "End": True,
        },
        "Exists": {"Type": "Pass", "End": True},
    },
}
EXPECTED_BODY = {
    "TableName": "orders",
    "Item": {"id": {"S": "ORD-1"}, "total": {"N": "12.50"}},
    "ConditionExpression": "attribute_not_exists(id)",
}


def sign(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def expected_authorization(method, path, headers, body, authorization):
    """The Authorization header SigV4 gives this request, from its own SignedHeaders and X-Amz-Date."""
    fields = dict(part.strip().split("=", 1) for part in authorization[len("AWS4-HMAC-SHA256 "):].split(","))
    signed = fields["SignedHeaders"]
    amz_date = headers["X-Amz-Date"]
    date = amz_date[:8]
    canonical_headers = "".join(f"{name}:{' '.join(headers[name].split())}\n" for name in signed.split(";"))
    canonical = "\n".join([method, path, "", canonical_headers, signed, hashlib.sha256(body).hexdigest()])
    scope = f"{date}/{REGION}/dynamodb/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = sign(sign(sign(sign(("AWS4" + SECRET).encode(), date), REGION), "dynamodb"), "aws4_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return f"AWS4-HMAC-SHA256 Credential={KEY_ID}/{scope}, SignedHeaders={signed}, Signature={signature}"


class FakeDynamoDB(http.server.ThreadingHTTPServer):
    """Answers PutItem with `answer` (status, body); records each request's problems in `problems`."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.answer = (200, {"ConsumedCapacity": {"TableName": "orders", "CapacityUnits": 1.0}})
        self.requests = 0
        self.problems = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's name)
        server = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        server.requests += 1
        problems = server.problems

        def expect(what, got, want):
            if got != want:
                problems.append(f"{what}: got {got!r}, want {want!r}")

        expect("path", self.path, "/")
        expect("X-Amz-Target", self.headers.get("X-Amz-Target"), "DynamoDB_20120810.PutItem")
        expect("Content-Type", self.headers.get("Content-Type"), "application/x-amz-json-1.0")
        expect("X-Amz-Security-Token", self.headers.get("X-Amz-Security-Token"), TOKEN)
        try:
            expect("body", json.loads(body), EXPECTED_BODY)
        except ValueError:
            problems.append(f"body is not JSON: {body!r}")
        authorization = self.headers.get("Authorization", "")
        if not authorization.startswith("AWS4-HMAC-SHA256 "):
            problems.append(f"no SigV4 Authorization header: {authorization!r}")
        else:
            headers = {k.lower(): v for k, v in self.headers.items()}
            headers["X-Amz-Date"] = self.headers.get("X-Amz-Date", "")
            signed = authorization.split("SignedHeaders=")[1].split(",")[0]
            for needed in ("host", "x-amz-date", "x-amz-target", "x-amz-security-token"):
                if needed not in signed.split(";"):
                    problems.append(f"{needed} is not signed: {signed}")
            expect("Authorization", authorization, expected_authorization("POST", "/", headers, body, authorization))

        status, answer = server.answer
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("x-amzn-RequestId", "E2E-REQUEST-1")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def run_machine(environment):
    """`stepwise run` of MACHINE on {"id": "ORD-1"}: (exit status, history events, stderr)."""
    work = tempfile.mkdtemp(dir=h.tmp_path(""))
    machine = os.path.join(work, "put.asl.json")
    with open(machine, "w") as f:
        json.dump(MACHINE, f)
    source = os.path.join(work, "input.json")
    with open(source, "w") as f:
        json.dump({"id": "ORD-1"}, f)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(environment)
    done = subprocess.run([h.STEPWISE, "run", machine, "--input", source, "--trace", "json"],
                          env=env, capture_output=True, text=True, timeout=60)
    try:
        events = json.loads(done.stdout)["events"]
    except (ValueError, KeyError):
        events = []
    return done.returncode, events, done.stdout + done.stderr


def event(events, kind):
    found = [e for e in events if e["type"] == kind]
    return found[0] if found else None


class HybridEndpoint(unittest.TestCase):
    def setUp(self):
        os.makedirs(h.tmp_path(""), exist_ok=True)
        self.dynamodb = FakeDynamoDB()
        self.addCleanup(self.dynamodb.server_close)
        self.addCleanup(self.dynamodb.shutdown)
        self.environment = {
            "AWS_ACCESS_KEY_ID": KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET,
            "AWS_SESSION_TOKEN": TOKEN,
            "AWS_REGION": REGION,
            "AWS_ENDPOINT_URL_DYNAMODB": self.dynamodb.url,
        }

    def test_put_item_is_signed_and_its_response_is_the_result(self):
        status, events, output = run_machine(self.environment)
        self.assertEqual(self.dynamodb.problems, [])
        self.assertEqual(self.dynamodb.requests, 1, output)
        self.assertEqual(status, 0, output)
        succeeded = event(events, "TaskSucceeded")
        self.assertIsNotNone(succeeded, output)
        self.assertEqual(json.loads(succeeded["taskSucceededEventDetails"]["output"]),
                         {"ConsumedCapacity": {"TableName": "orders", "CapacityUnits": 1.0}})

    def test_service_error_reaches_catch_by_name(self):
        self.dynamodb.answer = (400, {"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                                      "message": "The conditional request failed"})
        status, events, output = run_machine(self.environment)
        self.assertEqual(self.dynamodb.problems, [])
        self.assertEqual(status, 0, output)
        failed = event(events, "TaskFailed")
        self.assertIsNotNone(failed, output)
        details = failed["taskFailedEventDetails"]
        self.assertEqual(details["error"], "DynamoDB.ConditionalCheckFailedException")
        self.assertTrue(details["cause"].startswith("The conditional request failed (Service: DynamoDB, Status Code: 400"),
                        details["cause"])
        self.assertIsNotNone(event(events, "PassStateEntered"), output)

    def test_missing_credentials_fail_naming_what_to_set(self):
        home = tempfile.mkdtemp(dir=h.tmp_path(""))
        status, events, output = run_machine({"HOME": home, "AWS_REGION": REGION,
                                              "AWS_ENDPOINT_URL_DYNAMODB": self.dynamodb.url})
        self.assertNotEqual(status, 0, output)
        self.assertEqual(self.dynamodb.requests, 0)
        failed = event(events, "TaskFailed")
        self.assertIsNotNone(failed, output)
        self.assertEqual(failed["taskFailedEventDetails"]["error"], "States.Runtime")
        self.assertIn("AWS_ACCESS_KEY_ID", failed["taskFailedEventDetails"]["cause"])
        self.assertIn(os.path.join(home, ".aws", "credentials"), failed["taskFailedEventDetails"]["cause"])


if __name__ == "__main__":
    if not os.access(h.STEPWISE, os.X_OK):
        print(f"FAIL: no stepwise binary at {h.STEPWISE}")
        sys.exit(1)
    unittest.main()
