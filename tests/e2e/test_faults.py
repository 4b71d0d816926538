#!/usr/bin/python3
"""Fault injection: a full disk under load, two servers on one data directory, `kill -9` while
local tasks run and an immediate restart, SIGTERM with local calls queued.

Usage: test_faults.py [STEPWISE_BIN [SOURCE_DIR]]

Each case ends with nothing acknowledged lost and the server answering:
- full disk: the data directory is a small tmpfs (root only: mount); a ballast file takes all
  its free space while clients start executions with large inputs and answer a callback. Every
  StartExecution answered 200 must end SUCCEEDED with a whole history; every one answered
  ServiceUnavailable (503) must not exist; once the ballast is gone the server goes on by itself,
  without a restart.
- two servers: the second one exits at once, naming the directory and the first one's pid.
- kill -9 with a local Python handler running: the restart binds the same port at once (no child
  process holds the listening socket) and the execution ends once its task is sent again.
- SIGTERM with 12 local calls queued behind a busy handler: the server exits without running them
  (they stay outstanding in the store and run after the restart).
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()
from botocore.exceptions import ClientError  # noqa: E402

PASS_WAIT = json.dumps({
    "StartAt": "Keep",
    "States": {
        "Keep": {"Type": "Pass", "Next": "Hold"},
        "Hold": {"Type": "Wait", "Seconds": 30, "Next": "Done"},
        "Done": {"Type": "Pass", "End": True},
    },
})
CALLBACK = json.dumps({
    "StartAt": "Ask",
    "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                       "Parameters": {"QueueUrl": "q", "MessageBody": {"Token.$": "$$.Task.Token"}},
                       "End": True}},
})


def create(client, name, definition):
    return client.create_state_machine(name=name, definition=definition, roleArn=h.ROLE)["stateMachineArn"]


def token_of(client, arn, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for e in h.full_history(client, arn):
            d = e.get("taskScheduledEventDetails")
            if d:
                return json.loads(d["parameters"])["MessageBody"]["Token"]
        time.sleep(0.05)
    raise AssertionError(f"no TaskScheduled in {arn}")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class FullDisk(unittest.TestCase):
    def setUp(self):
        if os.geteuid() != 0:
            self.skipTest("mounting a tmpfs needs root")
        self.mount = tempfile.mkdtemp(prefix="full-disk-", dir=h.tmp_path(""))
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", self.mount],
                                 capture_output=True, text=True)
        if mounted.returncode != 0:
            self.skipTest(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
        self.addCleanup(lambda: subprocess.run(["umount", "-l", self.mount], check=False))
        self.server = h.Server("full-disk", data_dir=os.path.join(self.mount, "data")).start()
        self.addCleanup(self.server.kill)
        self.addCleanup(lambda: (os.environ.get("E2E_VERBOSE") or not self.server.alive())
                        and print(self.server.stderr_tail()))

    def leave_free(self, room):
        """A ballast file takes all the tmpfs's free space but `room` bytes; returns its path."""
        ballast = os.path.join(self.mount, "ballast")
        stat = os.statvfs(self.mount)
        size = max(0, stat.f_bavail * stat.f_frsize - room)
        with open(ballast, "wb") as f:
            f.truncate(size)
            os.posix_fallocate(f.fileno(), 0, size)
        return ballast

    def test_nothing_acknowledged_is_lost_and_the_server_goes_on_when_space_returns(self):
        client = self.server.client()
        machine = create(client, "Keep", PASS_WAIT)
        waiting = client.start_execution(stateMachineArn=create(client, "Ask", CALLBACK), name="ask")["executionArn"]
        token = token_of(client, waiting)

        ballast = self.leave_free(2 << 20)
        acknowledged, refused, other = [], [], []
        payload = json.dumps({"blob": "x" * 20_000})
        stop = threading.Event()

        def load(worker):
            c = self.server.client()
            n = 0
            while not stop.is_set():
                name = f"w{worker}-{n}"
                n += 1
                try:
                    arn = c.start_execution(stateMachineArn=machine, name=name, input=payload)["executionArn"]
                    acknowledged.append(arn)
                except ClientError as e:
                    code, status, _ = h.error_of(e)
                    (refused if (code, status) == ("ServiceUnavailable", 503) else other).append((name, code, status))

        threads = [threading.Thread(target=load, args=(i,)) for i in range(3)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(refused) < 20 and time.monotonic() < deadline:
            time.sleep(0.1)
        # The callback's answer: refused with 503 and nothing changed, or (had SQLite room left
        # in its files) stored and acknowledged; never acknowledged and dropped.
        answered = None
        try:
            client.send_task_success(taskToken=token, output='{"early": true}')
            answered = {"early": True}
        except ClientError as e:
            self.assertEqual(h.error_of(e)[:2], ("ServiceUnavailable", 503))
        stop.set()
        for t in threads:
            t.join()
        self.assertTrue(self.server.alive(), self.server.stderr_tail())
        self.assertGreaterEqual(len(refused), 20, f"the disk never filled: {len(acknowledged)} started")
        self.assertEqual(other, [], "errors other than ServiceUnavailable")
        self.assertLess(rss_kib(self.server.proc.pid), 1_000_000)

        os.remove(ballast)  # space returns; no restart
        deadline = time.monotonic() + 60
        while answered is None:
            try:
                client.send_task_success(taskToken=token, output='{"late": true}')
                answered = {"late": True}
            except ClientError as e:
                if h.error_of(e)[0] != "ServiceUnavailable" or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.assertEqual(json.loads(h.wait_done(client, waiting)["output"]), answered)
        for arn in acknowledged:
            d = h.wait_done(client, arn, timeout=60)
            self.assertEqual(d["status"], "SUCCEEDED", arn)
            h.check_history_shape(h.full_history(client, arn), arn)
        for name, _, _ in refused:
            arn = machine.replace(":stateMachine:", ":execution:") + ":" + name
            with self.assertRaises(ClientError, msg=f"{name} was refused but exists") as missing:
                client.describe_execution(executionArn=arn)
            self.assertEqual(h.error_of(missing.exception)[0], "ExecutionDoesNotExist")
        print(f"full disk: {len(acknowledged)} acknowledged, all ended; {len(refused)} refused with 503, none stored")


class TwoServers(unittest.TestCase):
    def test_a_second_server_on_the_same_directory_exits_naming_the_holder(self):
        first = h.Server("holder").start()
        self.addCleanup(first.kill)
        second = subprocess.run([h.STEPWISE, "serve", "--port", "0", "--data-dir", first.data_dir],
                                capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
        self.assertEqual(second.returncode, 1, second.stderr)
        self.assertIn(first.data_dir, second.stderr)
        self.assertIn(f"pid {first.proc.pid}", second.stderr)
        self.assertNotIn("listening", second.stdout)
        self.assertTrue(first.alive())


def sleeping_project(seconds):
    """A project with one Python function that sleeps, then answers {"slept": seconds}."""
    work = tempfile.mkdtemp(prefix="sleepy-", dir=h.tmp_path(""))
    with open(os.path.join(work, "sleepy.py"), "w") as f:
        f.write("import time\n\ndef handler(event, context):\n"
                f"    time.sleep({seconds})\n    return {{'slept': {seconds}}}\n")
    project = os.path.join(work, "stepwise.json")
    with open(project, "w") as f:
        json.dump({"functions": {"Sleepy": {"runtime": "python", "handler": "sleepy.handler", "timeout": 60,
                                            "concurrency": 1}}}, f)
    return project


SLEEPY = json.dumps({
    "StartAt": "Nap",
    "States": {"Nap": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                       "Parameters": {"FunctionName": "Sleepy", "Payload.$": "$"},
                       "OutputPath": "$.Payload", "End": True}},
})


def children_of(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.append(int(entry))
            except OSError:
                pass
    return found


class KillWithLocalTasks(unittest.TestCase):
    def test_restart_binds_at_once_while_the_old_task_process_still_runs(self):
        server = h.Server("killed", project=sleeping_project(4), virtual_time=False).start()
        self.addCleanup(server.kill)
        client = server.client()
        arn = client.start_execution(stateMachineArn=create(client, "Nap", SLEEPY), name="nap")["executionArn"]
        deadline = time.monotonic() + 30
        while not children_of(server.proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = children_of(server.proc.pid)
        self.assertTrue(workers, "the handler's process never started")
        time.sleep(0.3)  # the handler is asleep now
        port = server.port
        server.stop(signal.SIGKILL)
        self.assertTrue(any(os.path.exists(f"/proc/{w}") for w in workers), "the orphaned handler is gone")
        # At once, the same port: only a socket inherited by the orphan could keep it.
        server._start_once(port, time.monotonic() + 20)
        self.assertEqual(server.port, port)
        d = h.wait_done(client, arn, timeout=60)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        self.assertEqual(json.loads(d["output"]), {"slept": 4})


class TermWithQueuedCalls(unittest.TestCase):
    def test_sigterm_does_not_run_the_queued_local_calls(self):
        # One worker, 1 s a call: running all 12 calls before exiting would take 12 s.
        server = h.Server("term", project=sleeping_project(1), virtual_time=False).start()
        self.addCleanup(server.kill)
        client = server.client()
        machine = create(client, "Nap", SLEEPY)
        arns = [client.start_execution(stateMachineArn=machine, name=f"n{i}")["executionArn"] for i in range(12)]
        time.sleep(0.5)
        began = time.monotonic()
        self.assertEqual(server.stop(signal.SIGTERM, timeout=8), 0)  # a hang guard, far above the few seconds it takes
        print(f"SIGTERM with 12 local calls queued: stopped in {time.monotonic() - began:.1f} s")
        server.start()  # the calls it dropped are outstanding in the store, and sent again
        for arn in arns:
            self.assertEqual(h.wait_done(client, arn, timeout=60)["status"], "SUCCEEDED")


if __name__ == "__main__":
    unittest.main(verbosity=2)
