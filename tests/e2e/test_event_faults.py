#!/usr/bin/python3
"""Fault injection on the event bus (issue 11, item 5): an unreachable target under
PutEvents load, then `kill -9`, then a restart on the same data directory.

Usage: test_event_faults.py [STEPWISE_BIN [SOURCE_DIR]]   (E2E_EVENT_COUNT=N for another count)

One rule sends every `shop` event to an http:// target on a closed loopback port (every
attempt fails; AWS's retry policy keeps retrying for 24 hours) and to a log group; a
second rule logs Step Functions' execution status-change events. Four threads put
batches of 10 events while executions of a Pass machine start; the server's RSS is
sampled from /proc/PID/status. Halfway through the load, SIGKILL; then a restart on the
same directory, and an HTTP receiver opens on the target's port. Then: every event
PutEvents accepted reaches the log group and the receiver (at least once), every
execution that StartExecution accepted has its RUNNING and SUCCEEDED events in the
status log and at the receiver, memory stayed bounded, and the server answers.

Before the fix, deliveries lived only in memory (and one hung target held the shared
workers): what was not delivered at the kill was lost, and the unreachable target's
events were all lost.
"""
import http.server
import json
import os
import signal
import socket
import sys
import threading
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()
h.model_dir()

COUNT = int(os.environ.get("E2E_EVENT_COUNT", "8000"))  # the kill comes at half of it
THREADS = 4
LOAD_SECONDS = 20          # the load stops at COUNT events or after this long
RSS_LIMIT_MIB = 400        # a generous bound: the leak grew to 3.4 GiB
LOG_ARN = f"arn:aws:logs:{h.REGION}:{h.ACCOUNT}:log-group:"


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def log_lines(server, name):
    path = os.path.join(server.data_dir, "logs", name + ".jsonl")
    try:
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


class Receiver(http.server.ThreadingHTTPServer):
    """Collects the ids of the events POSTed to it, and the (executionArn, status) of status changes."""
    daemon_threads = True

    def __init__(self, port):
        self.ids = set()
        self.statuses = set()
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                event = json.loads(body)
                with receiver.lock:
                    receiver.ids.add(event["id"])
                    if event.get("source") == "aws.states":
                        receiver.statuses.add((event["detail"]["executionArn"], event["detail"]["status"]))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", port), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def received(self):
        with self.lock:
            return set(self.ids)

    def announced(self):
        with self.lock:
            return set(self.statuses)


def wait_for(condition, timeout, poll=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(poll)
    return condition()


class EventFaults(unittest.TestCase):
    def test_unreachable_target_under_load_then_kill_9(self):
        server = h.Server("event-faults", virtual_time=False).start()
        events = h.events_client(server)
        sfn = server.client()
        events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop"]}))
        port = closed_port()
        events.put_targets(Rule="orders", Targets=[
            {"Id": "unreachable", "Arn": f"http://127.0.0.1:{port}/hook"},
            {"Id": "log", "Arn": LOG_ARN + "orders"}])
        events.put_rule(Name="status", EventPattern=json.dumps({"source": ["aws.states"]}))
        events.put_targets(Rule="status", Targets=[{"Id": "log", "Arn": LOG_ARN + "status"},
                                                   {"Id": "unreachable", "Arn": f"http://127.0.0.1:{port}/status"}])
        machine = sfn.create_state_machine(
            name="Quick", roleArn=h.ROLE,
            definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))
        machine_arn = machine["stateMachineArn"]

        accepted, executions = set(), set()
        lock = threading.Lock()
        stop = threading.Event()
        rss = {"start": rss_mib(server.proc.pid), "peak": 0.0}
        deadline = time.monotonic() + LOAD_SECONDS

        def put_events(worker):
            client = h.events_client(server)
            n = 0
            while not stop.is_set() and time.monotonic() < deadline:
                with lock:
                    if len(accepted) >= COUNT:
                        return
                entries = [{"Source": "shop", "DetailType": "Order Placed",
                            "Detail": json.dumps({"worker": worker, "n": n + k})} for k in range(10)]
                n += 10
                try:
                    answer = client.put_events(Entries=entries)
                except Exception:
                    continue  # not accepted: nothing to check
                with lock:
                    accepted.update(e["EventId"] for e in answer["Entries"] if "EventId" in e)

        def start_executions():
            i = 0
            while not stop.is_set() and time.monotonic() < deadline and i < 200:
                try:
                    arn = sfn.start_execution(stateMachineArn=machine_arn, name=f"e{i}", input="{}")["executionArn"]
                    with lock:
                        executions.add(arn)
                except Exception:
                    pass
                i += 1
                time.sleep(0.02)

        threads = [threading.Thread(target=put_events, args=(w,)) for w in range(THREADS)]
        threads.append(threading.Thread(target=start_executions))
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            rss["peak"] = max(rss["peak"], rss_mib(server.proc.pid))
            with lock:
                halfway = len(accepted) >= COUNT // 2
            if halfway and not stop.is_set():
                server.stop(signal.SIGKILL)  # mid-load: some requests fail, none accepted may be lost
                stop.set()
            time.sleep(0.05)
        for t in threads:
            t.join()
        print(f"accepted {len(accepted)} events and {len(executions)} executions before kill -9; RSS "
              f"{rss['start']:.0f} MiB at start, {rss['peak']:.0f} MiB at most", file=sys.stderr)
        self.assertGreater(len(accepted), 500, "the load did not run")
        self.assertLess(rss["peak"], RSS_LIMIT_MIB, "memory grew without bound")

        server.stop(signal.SIGKILL)
        logged_before = {line["id"] for line in log_lines(server, "orders")}
        print(f"at the kill, {len(accepted - logged_before)} accepted events were not in the log group yet",
              file=sys.stderr)
        server.start()
        receiver = Receiver(port)  # the unreachable target comes back

        def logged_ids():
            return {line["id"] for line in log_lines(server, "orders")}
        delivered = wait_for(lambda: accepted <= logged_ids(), 60)
        missing = accepted - logged_ids()
        self.assertTrue(delivered, f"{len(missing)} of {len(accepted)} accepted events never reached the log "
                                   f"group, e.g. {sorted(missing)[:3]}\n{server.stderr_tail()}")
        came_back = wait_for(lambda: accepted <= receiver.received(), 60)
        missing = accepted - receiver.received()
        self.assertTrue(came_back, f"{len(missing)} of {len(accepted)} accepted events never reached the http "
                                   f"target once it answered, e.g. {sorted(missing)[:3]}\n{server.stderr_tail()}")
        lines = log_lines(server, "orders")
        print(f"log group: {len(lines)} lines for {len(accepted)} accepted events "
              f"({len(lines) - len(set(l['id'] for l in lines))} delivered twice)", file=sys.stderr)

        def announced():
            seen = {}
            for line in log_lines(server, "status"):
                detail = line.get("detail", {})
                seen.setdefault(detail.get("executionArn"), set()).add(detail.get("status"))
            return seen
        complete = wait_for(lambda: all({"RUNNING", "SUCCEEDED"} <= announced().get(arn, set())
                                        for arn in executions), 60)
        lost = [arn for arn in executions if not {"RUNNING", "SUCCEEDED"} <= announced().get(arn, set())]
        self.assertTrue(complete, f"{len(lost)} executions lack status-change events, e.g. {lost[:3]}")
        expected = {(arn, status) for arn in executions for status in ("RUNNING", "SUCCEEDED")}
        came_back = wait_for(lambda: expected <= receiver.announced(), 60)
        missing = expected - receiver.announced()
        self.assertTrue(came_back, f"{len(missing)} of {len(expected)} status-change events never reached the "
                                   f"http target once it answered, e.g. {sorted(missing)[:3]}")

        receiver.shutdown()
        self.assertIn("Rules", events.list_rules())
        self.assertLess(rss_mib(server.proc.pid), RSS_LIMIT_MIB)
        server.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
