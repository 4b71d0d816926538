#!/usr/bin/python3
"""Security of `stepwise serve` with real clients (issue 11, items 4 and 7).

Usage: test_security.py [STEPWISE_BIN [SOURCE_DIR]]

- An access key: boto3 (botocore's SigV4 signer) with the configured key works for the
  Step Functions, EventBridge and Schemas APIs; a wrong secret, an unknown key and an
  unsigned call are refused with AWS's errors; a bearer token works for curl-like callers.
- Defaults: a Host that is not the server's (DNS rebinding) is refused, naming it; a
  cross-site form-like POST is refused; no answer carries a CORS header.
- Task tokens handed out before a restart still answer after it (the secret is stored).
- `kill -9` of the server while a local Lambda handler sleeps, then a restart at once on
  the same port binds (before: the handler's worker inherited the listening socket).
"""
import http.client
import json
import os
import signal
import sys
import time
import unittest
import warnings

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()
import boto3  # noqa: E402
from botocore import UNSIGNED  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

KEY_ID = "AKIDSTEPWISETEST"
SECRET = "stepwise/secret+key-for-the-e2e-test"
TOKEN = "e2e-bearer-token"
SM = f"arn:aws:states:{h.REGION}:{h.ACCOUNT}:stateMachine:"


def client(server, service, key_id=KEY_ID, secret=SECRET, signed=True):
    config = Config(region_name=h.REGION, retries={"max_attempts": 0, "mode": "standard"},
                    connect_timeout=10, read_timeout=60, **({} if signed else {"signature_version": UNSIGNED}))
    return boto3.client(service, endpoint_url=server.endpoint, config=config, region_name=h.REGION,
                        aws_access_key_id=key_id, aws_secret_access_key=secret)


def raw(server, method, path, headers, body=b""):
    """One request with exactly these headers (Host included): (status, headers, parsed body)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, json.loads(data or b"null")
    finally:
        conn.close()


def assert_no_cors(test, headers):
    test.assertFalse([k for k in headers if k.startswith("access-control-")], headers)


class WithAccessKey(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = h.Server("keyed", in_memory=True, extra=[
            "--access-key-id", KEY_ID, "--secret-access-key", SECRET, "--auth-token", TOKEN]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_signed_clients_work(self):
        sfn = client(self.server, "stepfunctions")
        sfn.create_state_machine(name="Keyed", roleArn=h.ROLE, definition=json.dumps(
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))
        arn = sfn.start_execution(stateMachineArn=SM + "Keyed", input="{}")["executionArn"]
        self.assertEqual(h.wait_done(sfn, arn)["status"], "SUCCEEDED")
        client(self.server, "events").put_events(Entries=[{"Source": "e2e", "DetailType": "t", "Detail": "{}"}])
        schemas = client(self.server, "schemas")
        schemas.create_registry(RegistryName="keyed-registry")  # a REST call with a body
        names = [r["RegistryName"] for r in schemas.list_registries()["Registries"]]  # a GET
        self.assertIn("keyed-registry", names)
        schemas.delete_registry(RegistryName="keyed-registry")  # a DELETE without a body

    def test_wrong_secret_is_invalid_signature(self):
        with self.assertRaises(ClientError) as caught:
            client(self.server, "stepfunctions", secret="not-the-secret").list_state_machines()
        self.assertEqual(h.error_of(caught.exception)[:2], ("InvalidSignatureException", 403))
        with self.assertRaises(ClientError) as caught:
            client(self.server, "schemas", secret="not-the-secret").list_registries()
        self.assertEqual(h.error_of(caught.exception)[1], 403)

    def test_unknown_key_and_unsigned_calls_are_refused(self):
        with self.assertRaises(ClientError) as caught:
            client(self.server, "stepfunctions", key_id="AKIDSOMEONEELSE").list_state_machines()
        self.assertEqual(h.error_of(caught.exception)[:2], ("UnrecognizedClientException", 403))
        with self.assertRaises(ClientError) as caught:
            client(self.server, "stepfunctions", signed=False).list_state_machines()
        self.assertEqual(h.error_of(caught.exception)[:2], ("MissingAuthenticationTokenException", 403))

    def test_bearer_token(self):
        host = f"127.0.0.1:{self.server.port}"
        target = {"Host": host, "X-Amz-Target": "AWSStepFunctions.ListStateMachines",
                  "Content-Type": "application/x-amz-json-1.0"}
        status, _, body = raw(self.server, "POST", "/", dict(target, Authorization="Bearer " + TOKEN), b"{}")
        self.assertEqual(status, 200, body)
        status, _, body = raw(self.server, "POST", "/", dict(target, Authorization="Bearer wrong"), b"{}")
        self.assertEqual((status, body["__type"]), (403, "UnrecognizedClientException"))
        status, _, body = raw(self.server, "GET", "/_stepwise/clock", {"Host": host})
        self.assertEqual((status, body["__type"]), (403, "MissingAuthenticationTokenException"))


class WithDefaults(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = h.Server("defaults", in_memory=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def json_call(self, host, extra=None):
        headers = {"Host": host, "X-Amz-Target": "AWSStepFunctions.ListStateMachines",
                   "Content-Type": "application/x-amz-json-1.0"}
        headers.update(extra or {})
        return raw(self.server, "POST", "/", headers, b"{}")

    def test_unsigned_clients_keep_working(self):
        self.server.client().list_state_machines()

    def test_rebinding_host_is_refused(self):
        status, headers, body = self.json_call(f"rebind.attacker.example:{self.server.port}")
        self.assertEqual(status, 403, body)
        self.assertEqual(body["__type"], "AccessDeniedException")
        self.assertIn("rebind.attacker.example", body["message"])
        assert_no_cors(self, headers)
        for host in (f"localhost:{self.server.port}", f"127.0.0.1:{self.server.port}"):
            self.assertEqual(self.json_call(host)[0], 200, host)

    def test_cross_site_requests_are_refused(self):
        host = f"127.0.0.1:{self.server.port}"
        # What <form method=post enctype=text/plain action=http://127.0.0.1:PORT/_stepwise/clock> sends.
        form = {"Host": host, "Content-Type": "text/plain", "Origin": "http://attacker.example"}
        status, headers, body = raw(self.server, "POST", "/_stepwise/clock", form, b'{"advanceSeconds": 1}')
        self.assertEqual((status, body["__type"]), (403, "AccessDeniedException"))
        assert_no_cors(self, headers)
        # The same without Origin (older browsers), to the Schemas API: refused by its content type.
        del form["Origin"]
        status, _, body = raw(self.server, "POST", "/v1/registries/name/forged", form, b"{}")
        self.assertEqual(status, 403, body)
        # A preflight is never approved.
        status, headers, _ = raw(self.server, "OPTIONS", "/", {
            "Host": host, "Origin": "http://attacker.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-amz-target"})
        self.assertEqual(status, 403)
        assert_no_cors(self, headers)
        # An AWS JSON call from a foreign page.
        status, _, _ = self.json_call(host, {"Origin": "http://localhost:3000"})
        self.assertEqual(status, 403)
        status, headers, _ = self.json_call(host, {"Origin": "http://" + host})
        self.assertEqual(status, 200)
        assert_no_cors(self, headers)


class TokensSurviveARestart(unittest.TestCase):
    def test_activity_token_answers_after_restart(self):
        server = h.Server("tokens").start()
        try:
            sfn = server.client()
            activity = sfn.create_activity(name="worker")["activityArn"]
            sfn.create_state_machine(name="Act", roleArn=h.ROLE, definition=json.dumps(
                {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": activity, "End": True}}}))
            arn = sfn.start_execution(stateMachineArn=SM + "Act", input="{}")["executionArn"]
            token = sfn.get_activity_task(activityArn=activity, workerName="w")["taskToken"]
            self.assertTrue(token)
            server.restart()
            sfn.send_task_success(taskToken=token, output='{"done": true}')
            self.assertEqual(h.wait_done(sfn, arn)["status"], "SUCCEEDED")
        finally:
            server.stop()


SLEEPY = '''
import os, time

def handler(event, context):
    marker = os.environ["SLEEPY_MARKER"]
    if os.path.exists(marker):
        return {"second": True}
    with open(marker, "w") as f:
        f.write(str(os.getpid()))
    time.sleep(300)
    return {"slept": True}
'''


class KillWithATaskRunning(unittest.TestCase):
    def test_restart_binds_while_the_old_handler_still_runs(self):
        work = h.tmp_path("sleepy")
        os.makedirs(work, exist_ok=True)
        marker = os.path.join(work, "worker.pid")
        with open(os.path.join(work, "sleepy.py"), "w") as f:
            f.write(SLEEPY)
        project = os.path.join(work, "stepwise.json")
        with open(project, "w") as f:
            json.dump({"functions": {"Sleepy": {"runtime": "python", "codeDir": ".", "handler": "sleepy.handler",
                                                "timeout": 600, "environment": {"SLEEPY_MARKER": marker}}}}, f)
        server = h.Server("sleepy", project=project, virtual_time=False).start()
        worker = None
        try:
            sfn = server.client()
            sfn.create_state_machine(name="Sleepy", roleArn=h.ROLE, definition=json.dumps({
                "StartAt": "S", "States": {"S": {
                    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
                    "Parameters": {"FunctionName": f"arn:aws:lambda:{h.REGION}:{h.ACCOUNT}:function:Sleepy"}}}}))
            arn = sfn.start_execution(stateMachineArn=SM + "Sleepy", input="{}")["executionArn"]
            deadline = time.monotonic() + 60
            while not (os.path.exists(marker) and open(marker).read()):
                self.assertLess(time.monotonic(), deadline, "the handler never started\n" + server.stderr_tail())
                time.sleep(0.05)
            worker = int(open(marker).read())
            held = sorted(os.readlink(f"/proc/{worker}/fd/{fd}") for fd in os.listdir(f"/proc/{worker}/fd"))
            self.assertFalse([t for t in held if t.startswith("socket:")], held)
            self.assertFalse([t for t in held if server.data_dir in t], held)

            port = server.port
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait(10)
            self.assertTrue(os.path.exists(f"/proc/{worker}"), "the handler's worker should outlive the server")
            # At once, on the same port, exactly once: no retries, no other port.
            server._start_once(port, time.monotonic() + 30)
            self.assertEqual(server.port, port)
            self.assertEqual(h.wait_done(sfn, arn, timeout=120)["status"], "SUCCEEDED")
        finally:
            if worker and os.path.exists(f"/proc/{worker}"):
                os.kill(worker, signal.SIGKILL)
            server.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")
