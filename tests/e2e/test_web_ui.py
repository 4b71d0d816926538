#!/usr/bin/python3
"""The web page on `stepwise serve`: its files, and its live updates (GET /ui/stream).

Usage: test_web_ui.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

GET / answers index.html to a browser (Accept: text/html) and the health check's JSON to
everyone else; the files index.html names come with their Content-Type, Cache-Control and a
Content-Security-Policy of 'self' only. A binary built without web/dist says how to build it
instead. /ui/stream, read while an execution runs, brings its status changes and every history
event GetExecutionHistory shows, within a bound.
"""
import http.client
import json
import os
import queue
import re
import socket
import sys
import threading
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()

BOUND_S = 30  # how long an event may take to reach a stream (a loaded CI machine): a liveness bound, not a target
MACHINE = json.dumps({"StartAt": "First", "States": {
    "First": {"Type": "Pass", "Result": {"n": 1}, "Next": "Nap"},
    "Nap": {"Type": "Wait", "Seconds": 2, "Next": "Last"},
    "Last": {"Type": "Pass", "End": True}}})


def get(server, path, accept=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"Accept": accept} if accept else {}
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


class Stream:
    """One /ui/stream connection (a raw socket) read on a thread: (event, data) pairs in a queue."""

    def __init__(self, server, query=""):
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=60)
        self.sock.sendall(f"GET /ui/stream{query} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                          "Accept: text/event-stream\r\n\r\n".encode())
        self.reader = self.sock.makefile("rb")
        status_line = self.reader.readline().decode()
        self.status = int(status_line.split()[1])
        self.headers = {}
        while (line := self.reader.readline().decode().rstrip("\r\n")):
            name, _, value = line.partition(":")
            self.headers[name.lower()] = value.strip()
        self.events = queue.Queue()
        if self.status == 200:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        event, data = None, []
        try:
            for raw in self.reader:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    event = line[len("event: "):]
                elif line.startswith("data: "):
                    data.append(line[len("data: "):])
                elif line == "" and event:
                    self.events.put((event, json.loads("\n".join(data))))
                    event, data = None, []
        except (OSError, ValueError):
            pass
        self.events.put(("closed", None))

    def next(self, timeout=BOUND_S):
        return self.events.get(timeout=timeout)

    def until(self, predicate, what, timeout=BOUND_S):
        """The events read until one satisfies predicate (included); fails after timeout."""
        seen, deadline = [], time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                item = self.events.get(timeout=max(0.01, left))
            except queue.Empty:
                raise AssertionError(f"no {what} within {timeout} s; read {seen}")
            seen.append(item)
            if item[0] == "closed":
                raise AssertionError(f"the stream closed before {what}; read {seen}")
            if predicate(*item):
                return seen

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.reader.close()
        self.sock.close()


class WebPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = h.Server("web-ui", in_memory=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_slash_is_json_unless_the_client_accepts_html(self):
        for accept in (None, "*/*", "application/json"):
            status, headers, body = get(self.server, "/", accept)
            self.assertEqual((status, json.loads(body)), (200, {"status": "ok"}), accept)
            self.assertTrue(headers["content-type"].startswith("application/json"), headers)

    def test_the_page_and_its_files(self):
        status, headers, body = get(self.server, "/", "text/html,application/xhtml+xml,*/*;q=0.8")
        if status == 404:
            # This binary was built without web/dist: it says how to build the page.
            self.assertIn(b"npm run build", body)
            self.assertIn(b"scripts/setup.sh", body)
            print("NOTE: stepwise was built without web/dist; checked its 404 instead of the page")
            return
        self.assertEqual(status, 200, body[:300])
        self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
        self.check_page_headers(headers)
        html = body.decode("utf-8")
        files = re.findall(r'(?:src|href)="([^":#?]+)"', html)
        self.assertTrue(any(f.endswith(".js") for f in files), f"index.html names no script: {files}")
        self.assertTrue(any(f.endswith(".css") for f in files), f"index.html names no stylesheet: {files}")
        self.assertNotRegex(html, r"<script(?![^>]*\bsrc=)[^>]*>", "an inline script (the CSP refuses it)")
        types = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
        for name in files:
            path = "/" + name.lstrip("./") if not name.startswith("/") else name
            status, headers, body = get(self.server, path)
            self.assertEqual(status, 200, path)
            self.assertTrue(body, path)
            for ext, ctype in types.items():
                if path.endswith(ext):
                    self.assertEqual(headers["content-type"], ctype, path)
            self.check_page_headers(headers)

    def test_unknown_paths_404(self):
        for path in ("/no-such-file.js", "/ui/nothing"):
            status, headers, body = get(self.server, path, "text/html")
            self.assertEqual(status, 404, path)
            self.assertEqual(json.loads(body)["__type"], "UnknownOperationException")

    def check_page_headers(self, headers):
        self.assertEqual(headers["cache-control"], "no-cache")
        csp = headers["content-security-policy"]
        self.assertIn("default-src 'self'", csp)
        self.assertNotIn("unsafe", csp)

    def test_the_stream_brings_an_execution_as_it_runs(self):
        c = self.server.client()
        machine = c.create_state_machine(name="Streamed", definition=MACHINE, roleArn=h.ROLE)["stateMachineArn"]
        arn = machine.replace(":stateMachine:", ":execution:") + ":run-1"
        everything = Stream(self.server)
        following = Stream(self.server, "?executionArn=" + arn.replace(":", "%3A"))
        try:
            for stream in (everything, following):
                self.assertEqual(stream.status, 200)
                self.assertEqual(stream.headers["content-type"], "text/event-stream")
                self.assertEqual(stream.headers["cache-control"], "no-cache")
            self.assertEqual(everything.next(), ("ready", {"executionArn": None}))
            self.assertEqual(following.next(), ("ready", {"executionArn": arn}))

            self.assertEqual(c.start_execution(stateMachineArn=machine, name="run-1", input='{"a":1}')["executionArn"],
                             arn)
            # (The status-change events it puts on the bus come as `bus` messages too: test_web_bus.py.)
            statuses = [data["status"] for event, data in everything.until(
                lambda e, d: e == "execution" and d["status"] != "RUNNING", "the execution's end")
                if event == "execution"]
            self.assertEqual(statuses, ["RUNNING", "SUCCEEDED"])

            events = []
            for event, data in following.until(
                    lambda e, d: e == "execution" and d["status"] == "SUCCEEDED", "the followed execution's end"):
                if event == "history":
                    self.assertEqual(data["executionArn"], arn)
                    events += data["events"]
            history = h.full_history(c, arn)
            self.assertEqual([e["id"] for e in events], [e["id"] for e in history])
            self.assertEqual([e["type"] for e in events], [e["type"] for e in history])
            self.assertEqual(events[0]["type"], "ExecutionStarted")
            self.assertEqual(events[-1]["type"], "ExecutionSucceeded")
            self.assertEqual(events[0]["executionStartedEventDetails"]["input"], '{"a":1}')
        finally:
            everything.close()
            following.close()
        # The server let the streams go and still answers.
        self.assertEqual(get(self.server, "/health")[0], 200)

    def test_streams_are_bounded_and_let_go_when_their_client_goes(self):
        streams = []
        try:
            while len(streams) < 200:
                stream = Stream(self.server)
                streams.append(stream)
                if stream.status != 200:
                    break
            self.assertEqual(streams[-1].status, 503, "no bound on open streams")
            self.assertGreater(len(streams), 8)
        finally:
            for stream in streams:
                stream.close()
        # The server sees each client go: a new stream is soon accepted again.
        deadline = time.monotonic() + BOUND_S
        while True:
            stream = Stream(self.server)
            stream.close()
            if stream.status == 200:
                break
            self.assertLess(time.monotonic(), deadline, "closed streams were not let go")
            time.sleep(0.05)

    def test_the_stream_refuses_unknown_parameters(self):
        status, _, body = get(self.server, "/ui/stream?arn=x")
        self.assertEqual(status, 400)
        self.assertIn("executionArn", json.loads(body)["message"])


if __name__ == "__main__":
    unittest.main()
