#!/usr/bin/python3
"""Connections and API destinations end to end: Debian's boto3 (/usr/bin/python3)
against `stepwise serve`, and a loopback HTTP server (this file's Receiver) that
plays the API and the OAuth token endpoint.

Usage: test_events_api_destinations.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

Operations: every connection and API destination operation, its answers and
  its errors (ResourceAlreadyExistsException, ResourceNotFoundException,
  ValidationException naming the member); secrets never in Describe; an
  https:// or non-loopback endpoint refused naming --allow-target-host.
Delivery: a PutEvents'd event through an API destination with Basic, API key
  and OAuth client credentials (the receiver checks the credentials and serves
  the token); path, query string and header parameters (the connection's win);
  a rate limit of 1/s with 3 events (all delivered); 500 twice then 200 (retried);
  400 (dead-lettered after one attempt); everything still there after a restart.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-target-connection-auth.html
"""
import base64
import http.server
import json
import os
import sys
import threading
import time
import unittest
import urllib.parse
import urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()
h.model_dir()

from botocore.exceptions import ClientError  # noqa: E402

ROLE = h.ROLE
TOKEN = "token-from-the-endpoint"


class Receiver:
    """A loopback HTTP server that records every request. `answers[path]` is a
    list of statuses given in turn (the last one repeats); /token is the OAuth
    token endpoint, which checks the client's Basic credentials."""

    def __init__(self):
        self.requests = []
        self.answers = {}
        self.tokens_issued = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8") if length else ""
                url = urllib.parse.urlsplit(self.path)
                record = {"method": self.command, "path": urllib.parse.unquote(url.path), "query": urllib.parse.parse_qs(url.query),
                          "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
                status, answer = receiver.answer(record)
                with receiver.lock:
                    receiver.requests.append(record)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def base(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def answer(self, record):
        with self.lock:
            if record["path"] == "/token":
                expected = "Basic " + base64.b64encode(b"client-1:client-secret-1").decode()
                form = urllib.parse.parse_qs(record["body"])
                if record["headers"].get("authorization") != expected or form.get("grant_type") != ["client_credentials"]:
                    return 401, {"error": "invalid_client"}
                self.tokens_issued += 1
                return 200, {"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600}
            statuses = self.answers.get(record["path"], [200])
            status = statuses[0]
            if len(statuses) > 1:
                self.answers[record["path"]] = statuses[1:]
            return status, {"ok": status < 300}

    def at(self, path):
        with self.lock:
            return [r for r in self.requests if r["path"] == path]

    def wait(self, path, count, server, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.at(path)
            if len(got) >= count:
                return got
            time.sleep(0.05)
        raise AssertionError(f"{path}: {len(self.at(path))} of {count} requests within {timeout} s\n"
                             f"{dead_letters(server)}\n{server.stderr_tail()}")

    def stop(self):
        self.httpd.shutdown()


def dead_letter_records(server):
    path = os.path.join(server.data_dir, "dead-letters.jsonl")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def dead_letters(server):
    return "dead letters:\n" + "\n".join(json.dumps(r)[:800] for r in dead_letter_records(server))


def error_code(exc):
    return exc.response["Error"]["Code"]


class ApiDestinations(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.receiver = Receiver()
        cls.server = h.Server("api-destinations").start()
        cls.events = h.events_client(cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.receiver.stop()

    def basic_connection(self, name):
        return self.events.create_connection(
            Name=name, AuthorizationType="BASIC",
            AuthParameters={"BasicAuthParameters": {"Username": "alice", "Password": "s3cret"}})

    def route(self, name, destination_arn, **target):
        """A rule on the default bus matching source `name`, targeting the destination."""
        self.events.put_rule(Name=name, EventPattern=json.dumps({"source": [name]}))
        self.events.put_targets(Rule=name, Targets=[{"Id": "api", "Arn": destination_arn, "RoleArn": ROLE, **target}])

    def put(self, source, detail, count=1):
        entries = [{"Source": source, "DetailType": "Test", "Detail": json.dumps({**detail, "n": i})}
                   for i in range(count)]
        result = self.events.put_events(Entries=entries)
        self.assertEqual(result["FailedEntryCount"], 0, result)

    # --- operations ---

    def test_connection_operations_and_errors(self):
        created = self.basic_connection("ops-basic")
        self.assertRegex(created["ConnectionArn"],
                         r"^arn:aws:events:us-east-1:123456789012:connection/ops-basic/[-0-9a-f]+$")
        self.assertEqual(created["ConnectionState"], "AUTHORIZED")
        with self.assertRaises(ClientError) as e:
            self.basic_connection("ops-basic")
        self.assertEqual(error_code(e.exception), "ResourceAlreadyExistsException")

        # Describe shows each type's non-secret members only.
        described = self.events.describe_connection(Name="ops-basic")
        self.assertEqual(described["AuthParameters"]["BasicAuthParameters"], {"Username": "alice"})
        self.assertIn("LastAuthorizedTime", described)
        self.events.create_connection(
            Name="ops-key", AuthorizationType="API_KEY", Description="key",
            AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "k-1"},
                            "InvocationHttpParameters": {"HeaderParameters": [
                                {"Key": "x-open", "Value": "shown", "IsValueSecret": False},
                                {"Key": "x-hidden", "Value": "not-shown", "IsValueSecret": True}]}})
        described = self.events.describe_connection(Name="ops-key")
        self.assertEqual(described["AuthParameters"]["ApiKeyAuthParameters"], {"ApiKeyName": "x-api-key"})
        headers = described["AuthParameters"]["InvocationHttpParameters"]["HeaderParameters"]
        self.assertEqual(headers, [{"Key": "x-open", "Value": "shown", "IsValueSecret": False},
                                   {"Key": "x-hidden", "IsValueSecret": True}])
        self.assertNotIn("k-1", json.dumps(described, default=str))
        self.assertNotIn("not-shown", json.dumps(described, default=str))
        self.events.create_connection(
            Name="ops-oauth", AuthorizationType="OAUTH_CLIENT_CREDENTIALS",
            AuthParameters={"OAuthParameters": {
                "ClientParameters": {"ClientID": "id-1", "ClientSecret": "secret-1"},
                "AuthorizationEndpoint": self.receiver.base + "/token", "HttpMethod": "POST"}})
        described = self.events.describe_connection(Name="ops-oauth")
        self.assertEqual(described["ConnectionState"], "AUTHORIZING")  # until a delivery fetches a token
        self.assertEqual(described["AuthParameters"]["OAuthParameters"]["ClientParameters"], {"ClientID": "id-1"})

        # List: prefix, state, pages.
        names = [c["Name"] for c in self.events.list_connections(NamePrefix="ops-")["Connections"]]  # before ops-kms
        self.assertEqual(names, ["ops-basic", "ops-key", "ops-oauth"])
        authorized = self.events.list_connections(NamePrefix="ops-", ConnectionState="AUTHORIZED")["Connections"]
        self.assertEqual([c["Name"] for c in authorized], ["ops-basic", "ops-key"])
        page = self.events.list_connections(NamePrefix="ops-", Limit=2)
        self.assertEqual(len(page["Connections"]), 2)
        rest = self.events.list_connections(NamePrefix="ops-", Limit=2, NextToken=page["NextToken"])
        self.assertEqual([c["Name"] for c in rest["Connections"]], ["ops-oauth"])

        # Update merges: a new password keeps the user name.
        self.events.update_connection(Name="ops-basic", Description="changed",
                                      AuthParameters={"BasicAuthParameters": {"Password": "new"}})
        described = self.events.describe_connection(Name="ops-basic")
        self.assertEqual(described["Description"], "changed")
        self.assertEqual(described["AuthParameters"]["BasicAuthParameters"], {"Username": "alice"})

        # Deauthorize, then authorize again with an update.
        self.assertEqual(self.events.deauthorize_connection(Name="ops-basic")["ConnectionState"], "DEAUTHORIZED")
        self.assertEqual(self.events.describe_connection(Name="ops-basic")["ConnectionState"], "DEAUTHORIZED")
        updated = self.events.update_connection(
            Name="ops-basic", AuthParameters={"BasicAuthParameters": {"Username": "bob", "Password": "p"}})
        self.assertEqual(updated["ConnectionState"], "AUTHORIZED")

        # Errors.
        for call, code in [
            (lambda: self.events.describe_connection(Name="nope"), "ResourceNotFoundException"),
            (lambda: self.events.update_connection(Name="nope", Description="x"), "ResourceNotFoundException"),
            (lambda: self.events.delete_connection(Name="nope"), "ResourceNotFoundException"),
            (lambda: self.events.deauthorize_connection(Name="nope"), "ResourceNotFoundException"),
        ]:
            with self.assertRaises(ClientError) as e:
                call()
            self.assertEqual(error_code(e.exception), code)
        # (boto3 checks required members itself: sent raw.)
        status, answer = raw_call(self.server, "CreateConnection", {
            "Name": "ops-bad", "AuthorizationType": "BASIC", "AuthParameters": {"BasicAuthParameters": {"Username": "u"}}})
        self.assertEqual((status, answer["__type"]), (400, "ValidationException"))
        self.assertIn("AuthParameters.BasicAuthParameters.Password", answer["message"])
        with self.assertRaises(ClientError) as e:
            self.events.create_connection(Name="ops-bad", AuthorizationType="API_KEY",
                                          AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "p"}})
        self.assertEqual(error_code(e.exception), "ValidationException")
        self.assertIn("BasicAuthParameters", str(e.exception))
        with self.assertRaises(ClientError) as e:
            self.events.create_connection(
                Name="ops-bad", AuthorizationType="OAUTH_CLIENT_CREDENTIALS",
                AuthParameters={"OAuthParameters": {
                    "ClientParameters": {"ClientID": "a", "ClientSecret": "b"},
                    "AuthorizationEndpoint": "https://auth.example.com/token", "HttpMethod": "POST"}})
        self.assertEqual(error_code(e.exception), "ValidationException")
        self.assertIn("--allow-target-host", str(e.exception))

        # A member stepwise does not support fails naming it (newer than Debian's boto3 model: sent raw).
        answer = raw_call(self.server, "CreateConnection", {
            "Name": "ops-private", "AuthorizationType": "BASIC",
            "AuthParameters": {"BasicAuthParameters": {"Username": "u", "Password": "p"}},
            "InvocationConnectivityParameters": {"ResourceParameters": {"ResourceConfigurationArn": "arn:x"}}})
        self.assertEqual(answer[0], 400)
        self.assertEqual(answer[1]["__type"], "ValidationException")
        self.assertIn("InvocationConnectivityParameters", answer[1]["message"])

        # KmsKeyIdentifier (newer than Debian's boto3 model) is kept and shown, though stepwise encrypts nothing.
        status, answer = raw_call(self.server, "CreateConnection", {
            "Name": "ops-kms", "AuthorizationType": "BASIC", "KmsKeyIdentifier": "alias/mine",
            "AuthParameters": {"BasicAuthParameters": {"Username": "u", "Password": "p"}}})
        self.assertEqual(status, 200, answer)
        self.assertEqual(raw_call(self.server, "DescribeConnection", {"Name": "ops-kms"})[1]["KmsKeyIdentifier"],
                         "alias/mine")

        deleted = self.events.delete_connection(Name="ops-key")
        self.assertEqual(deleted["ConnectionState"], "DELETING")
        with self.assertRaises(ClientError) as e:
            self.events.describe_connection(Name="ops-key")
        self.assertEqual(error_code(e.exception), "ResourceNotFoundException")

    def test_api_destination_operations_and_errors(self):
        connection = self.basic_connection("dest-ops")["ConnectionArn"]
        created = self.events.create_api_destination(
            Name="dest-a", ConnectionArn=connection, InvocationEndpoint=self.receiver.base + "/a",
            HttpMethod="POST", InvocationRateLimitPerSecond=10, Description="first")
        self.assertRegex(created["ApiDestinationArn"],
                         r"^arn:aws:events:us-east-1:123456789012:api-destination/dest-a/[-0-9a-f]+$")
        self.assertEqual(created["ApiDestinationState"], "ACTIVE")
        described = self.events.describe_api_destination(Name="dest-a")
        self.assertEqual((described["ConnectionArn"], described["InvocationEndpoint"], described["HttpMethod"],
                          described["InvocationRateLimitPerSecond"], described["Description"]),
                         (connection, self.receiver.base + "/a", "POST", 10, "first"))
        self.events.create_api_destination(Name="dest-b", ConnectionArn=connection,
                                           InvocationEndpoint=self.receiver.base + "/b", HttpMethod="PUT")
        self.assertEqual(self.events.describe_api_destination(Name="dest-b")["InvocationRateLimitPerSecond"], 300)
        listed = self.events.list_api_destinations(NamePrefix="dest-", ConnectionArn=connection)["ApiDestinations"]
        self.assertEqual([d["Name"] for d in listed], ["dest-a", "dest-b"])
        page = self.events.list_api_destinations(NamePrefix="dest-", Limit=1)
        rest = self.events.list_api_destinations(NamePrefix="dest-", Limit=1, NextToken=page["NextToken"])
        self.assertEqual([d["Name"] for d in rest["ApiDestinations"]], ["dest-b"])

        self.events.update_api_destination(Name="dest-a", HttpMethod="PATCH", InvocationRateLimitPerSecond=2)
        described = self.events.describe_api_destination(Name="dest-a")
        self.assertEqual((described["HttpMethod"], described["InvocationRateLimitPerSecond"]), ("PATCH", 2))

        for call, code in [
            (lambda: self.events.create_api_destination(Name="dest-a", ConnectionArn=connection,
                                                        InvocationEndpoint=self.receiver.base, HttpMethod="POST"),
             "ResourceAlreadyExistsException"),
            (lambda: self.events.create_api_destination(
                Name="dest-c", ConnectionArn=connection.replace("dest-ops", "missing"),
                InvocationEndpoint=self.receiver.base, HttpMethod="POST"), "ResourceNotFoundException"),
            (lambda: self.events.describe_api_destination(Name="nope"), "ResourceNotFoundException"),
            (lambda: self.events.update_api_destination(Name="nope", HttpMethod="GET"), "ResourceNotFoundException"),
            (lambda: self.events.delete_api_destination(Name="nope"), "ResourceNotFoundException"),
        ]:
            with self.assertRaises(ClientError) as e:
                call()
            self.assertEqual(error_code(e.exception), code)
        for endpoint, words in [("https://api.example.com/x", "plain http://"),
                                ("http://api.example.com/x", "--allow-target-host")]:
            with self.assertRaises(ClientError) as e:
                self.events.create_api_destination(Name="dest-c", ConnectionArn=connection,
                                                   InvocationEndpoint=endpoint, HttpMethod="POST")
            self.assertEqual(error_code(e.exception), "ValidationException")
            self.assertIn(words, str(e.exception))

        # A target's HttpParameters of the wrong shape are refused by PutTargets (sent raw: boto3 checks types).
        self.events.put_rule(Name="dest-ops", EventPattern=json.dumps({"source": ["dest-ops"]}))
        status, answer = raw_call(self.server, "PutTargets", {"Rule": "dest-ops", "Targets": [
            {"Id": "api", "Arn": created["ApiDestinationArn"], "HttpParameters": {"PathParameterValues": "x"}}]})
        self.assertEqual((status, answer["__type"]), (400, "ValidationException"))
        self.assertIn("HttpParameters.PathParameterValues", answer["message"])

        self.events.delete_api_destination(Name="dest-b")
        with self.assertRaises(ClientError) as e:
            self.events.describe_api_destination(Name="dest-b")
        self.assertEqual(error_code(e.exception), "ResourceNotFoundException")

    # --- delivery ---

    def test_basic_auth_with_path_query_and_header_parameters(self):
        connection = self.events.create_connection(
            Name="deliver-basic", AuthorizationType="BASIC",
            AuthParameters={"BasicAuthParameters": {"Username": "alice", "Password": "s3cret"},
                            "InvocationHttpParameters": {
                                "HeaderParameters": [{"Key": "x-team", "Value": "from-connection"}],
                                "QueryStringParameters": [{"Key": "env", "Value": "test", "IsValueSecret": True}]}},
        )["ConnectionArn"]
        destination = self.events.create_api_destination(
            Name="deliver-basic", ConnectionArn=connection, HttpMethod="PUT",
            InvocationEndpoint=self.receiver.base + "/orders/*/items/*")["ApiDestinationArn"]
        self.route("deliver-basic", destination, InputPath="$.detail",
                   HttpParameters={"PathParameterValues": ["o-1", "i 2"],
                                   "HeaderParameters": {"x-team": "from-target", "x-trace": "t-1"},
                                   "QueryStringParameters": {"env": "ignored", "page": "3"}})
        self.put("deliver-basic", {"order": "o-1"})
        request = self.receiver.wait("/orders/o-1/items/i 2", 1, self.server)[0]
        self.assertEqual(request["method"], "PUT")
        self.assertEqual(request["headers"]["authorization"], "Basic " + base64.b64encode(b"alice:s3cret").decode())
        # Where a key is in both, the connection's value wins (API_HttpParameters).
        self.assertEqual(request["headers"]["x-team"], "from-connection")
        self.assertEqual(request["headers"]["x-trace"], "t-1")
        self.assertEqual(request["query"], {"env": ["test"], "page": ["3"]})
        self.assertEqual(json.loads(request["body"]), {"order": "o-1", "n": 0})

    def test_api_key_auth(self):
        connection = self.events.create_connection(
            Name="deliver-key", AuthorizationType="API_KEY",
            AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "key-1"}},
        )["ConnectionArn"]
        destination = self.events.create_api_destination(
            Name="deliver-key", ConnectionArn=connection, HttpMethod="POST",
            InvocationEndpoint=self.receiver.base + "/keyed")["ApiDestinationArn"]
        self.route("deliver-key", destination)
        self.put("deliver-key", {"k": True})
        request = self.receiver.wait("/keyed", 1, self.server)[0]
        self.assertEqual(request["headers"]["x-api-key"], "key-1")
        self.assertEqual(json.loads(request["body"])["source"], "deliver-key")  # the whole event

    def test_oauth_client_credentials(self):
        connection = self.events.create_connection(
            Name="deliver-oauth", AuthorizationType="OAUTH_CLIENT_CREDENTIALS",
            AuthParameters={"OAuthParameters": {
                "ClientParameters": {"ClientID": "client-1", "ClientSecret": "client-secret-1"},
                "AuthorizationEndpoint": self.receiver.base + "/token", "HttpMethod": "POST",
                "OAuthHttpParameters": {"BodyParameters": [{"Key": "grant_type", "Value": "client_credentials"}]}}},
        )["ConnectionArn"]
        destination = self.events.create_api_destination(
            Name="deliver-oauth", ConnectionArn=connection, HttpMethod="POST",
            InvocationEndpoint=self.receiver.base + "/oauth-api")["ApiDestinationArn"]
        self.route("deliver-oauth", destination)
        self.put("deliver-oauth", {"o": 1}, count=2)
        requests = self.receiver.wait("/oauth-api", 2, self.server)
        for request in requests:
            self.assertEqual(request["headers"]["authorization"], "Bearer " + TOKEN)
        self.assertEqual(len(self.receiver.at("/token")), 1)  # the token is cached
        described = self.events.describe_connection(Name="deliver-oauth")
        self.assertEqual(described["ConnectionState"], "AUTHORIZED")
        self.assertIn("LastAuthorizedTime", described)

    def test_rate_limit_delivers_every_event(self):
        connection = self.basic_connection("deliver-rate")["ConnectionArn"]
        destination = self.events.create_api_destination(
            Name="deliver-rate", ConnectionArn=connection, HttpMethod="POST", InvocationRateLimitPerSecond=1,
            InvocationEndpoint=self.receiver.base + "/rated")["ApiDestinationArn"]
        self.route("deliver-rate", destination)
        self.put("deliver-rate", {"r": 1}, count=3)
        self.assertEqual(len(self.receiver.wait("/rated", 3, self.server)), 3)

    def test_retried_statuses_and_dead_letters(self):
        # AWS retries 401, 407, 409, 429 and 5xx, and no other 4xx:
        # https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html#eb-api-destination-error-codes
        self.receiver.answers["/flaky"] = [500, 500, 200]
        self.receiver.answers["/rejects"] = [400]
        connection = self.basic_connection("deliver-errors")["ConnectionArn"]
        flaky = self.events.create_api_destination(
            Name="deliver-flaky", ConnectionArn=connection, HttpMethod="POST",
            InvocationEndpoint=self.receiver.base + "/flaky")["ApiDestinationArn"]
        rejects = self.events.create_api_destination(
            Name="deliver-rejects", ConnectionArn=connection, HttpMethod="POST",
            InvocationEndpoint=self.receiver.base + "/rejects")["ApiDestinationArn"]
        self.route("deliver-flaky", flaky)
        self.route("deliver-rejects", rejects)
        self.put("deliver-flaky", {"f": 1})
        self.put("deliver-rejects", {"f": 2})
        self.assertEqual(len(self.receiver.wait("/flaky", 3, self.server)), 3)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            letters = [r for r in dead_letter_records(self.server) if r["target"]["Arn"] == rejects]
            if letters:
                break
            time.sleep(0.05)
        self.assertEqual(len(letters), 1, dead_letters(self.server))
        self.assertEqual(letters[0]["attempts"], 1)
        self.assertIn("HTTP 400", letters[0]["error"])
        self.assertEqual(len(self.receiver.at("/rejects")), 1)
        self.assertFalse([r for r in dead_letter_records(self.server) if r["target"]["Arn"] == flaky])

    def test_zz_everything_after_a_restart(self):
        connection = self.events.create_connection(
            Name="restart-key", AuthorizationType="API_KEY",
            AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "x-restart", "ApiKeyValue": "kept"}},
        )["ConnectionArn"]
        destination = self.events.create_api_destination(
            Name="restart-dest", ConnectionArn=connection, HttpMethod="POST",
            InvocationEndpoint=self.receiver.base + "/after-restart")["ApiDestinationArn"]
        self.route("restart-dest", destination, HttpParameters={"HeaderParameters": {"x-target": "kept-too"}})
        before = self.events.describe_connection(Name="restart-key")
        self.server.restart()
        after = self.events.describe_connection(Name="restart-key")
        before.pop("ResponseMetadata")
        after.pop("ResponseMetadata")
        self.assertEqual(after, before)
        self.assertEqual(self.events.describe_api_destination(Name="restart-dest")["ApiDestinationArn"], destination)
        self.put("restart-dest", {"after": "restart"})
        request = self.receiver.wait("/after-restart", 1, self.server)[0]
        self.assertEqual(request["headers"]["x-restart"], "kept")  # the secret survived, in the store
        self.assertEqual(request["headers"]["x-target"], "kept-too")


def raw_call(server, operation, body):
    """One EventBridge call outside boto3 (for members its model lacks): (status, JSON answer)."""
    request = urllib.request.Request(
        server.endpoint + "/", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSEvents." + operation,
                 "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/events/aws4_request, "
                                  "SignedHeaders=host, Signature=0"})
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
