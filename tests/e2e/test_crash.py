#!/usr/bin/python3
"""Crash recovery: 1,000 executions, `kill -9` of the server mid-flight, restart, nothing lost.

Usage: test_crash.py [STEPWISE_BIN [SOURCE_DIR]]   (E2E_CRASH_COUNT=N for another count)

The machine has two Wait states (300 s and 0-199 s, run with --time-scale 0.01, so 3 s and
0-2 s) around mocked Lambda tasks; four mock test cases give different outputs (one
retries, two fail). Four threads start the executions; once some have finished and at
least 40 % are started, the server is killed with SIGKILL and restarted on the same data
directory; a start that failed because of the crash is sent again with the same name and
input (AWS: the same execution if it runs, ExecutionAlreadyExists if it is over; either
way it exists). When all have finished, every execution must exist, have ended exactly once
and match what a clean server (virtual time, no crash) gives for the same name and input:
status, output, error, cause and the sequence of history event types; histories have ids
1..N, valid previousEventIds and one terminal event, last.
"""
import json
import os
import signal
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()
from botocore.exceptions import ClientError  # noqa: E402

COUNT = int(os.environ.get("E2E_CRASH_COUNT", "1000"))
THREADS = 4
FN = f"arn:aws:lambda:{h.REGION}:{h.ACCOUNT}:function:"
NAME = "CrashMachine"
CASES = ["Alpha", "Beta", "Gamma", "Delta"]


def task(fn, result_path, next_state, extra=None):
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": FN + fn, "Payload.$": "$"},
        "ResultSelector": {"value.$": "$.Payload"},
        "ResultPath": result_path,
        "Next": next_state,
    }
    state.update(extra or {})
    return state


DEFINITION = {
    "Comment": "Waits and mocked tasks, for the crash test",
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Parameters": {"id.$": "$.id", "delay.$": "$.delay", "name.$": "$$.Execution.Name"},
                    "Next": "Hold"},
        "Hold": {"Type": "Wait", "Seconds": 300, "Next": "Work"},
        "Work": task("Work", "$.work", "Settle", {
            "Retry": [{"ErrorEquals": ["Work.Transient"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 1}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Broken"}],
        }),
        "Settle": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "Check"},
        "Check": task("Check", "$.check", "Decide"),
        "Decide": {"Type": "Choice",
                   "Choices": [{"Variable": "$.check.value.ok", "BooleanEquals": True, "Next": "Done"}],
                   "Default": "Rejected"},
        "Done": {"Type": "Pass", "Parameters": {"id.$": "$.id", "work.$": "$.work.value", "name.$": "$.name"},
                 "End": True},
        "Rejected": {"Type": "Fail", "Error": "Check.Rejected", "Cause": "the check said no"},
        "Broken": {"Type": "Fail", "Error": "Work.Broken", "Cause": "the work task kept failing"},
    },
}
MOCK_MACHINES = {NAME: {"TestCases": {
    "Alpha": {"Work": "WorkA", "Check": "CheckOk"},
    "Beta": {"Work": "WorkRetryThenB", "Check": "CheckOk"},
    "Gamma": {"Work": "WorkA", "Check": "CheckNo"},
    "Delta": {"Work": "WorkFatal"},
}}}
MOCK_RESPONSES = {
    "WorkA": {"0": {"Return": {"StatusCode": 200, "Payload": {"made": "A", "parts": [1, 2, 3]}}}},
    "WorkRetryThenB": {
        "0": {"Throw": {"Error": "Work.Transient", "Cause": "try again"}},
        "1": {"Return": {"StatusCode": 200, "Payload": {"made": "B", "retried": True}}},
    },
    "WorkFatal": {"0-2": {"Throw": {"Error": "Work.Fatal", "Cause": "cannot work"}}},
    "CheckOk": {"0": {"Return": {"StatusCode": 200, "Payload": {"ok": True}}}},
    "CheckNo": {"0": {"Return": {"StatusCode": 200, "Payload": {"ok": False}}}},
}


def spec(i):
    case = CASES[i % len(CASES)]
    return f"run-{i:04d}", case, json.dumps({"id": i, "delay": (i * 37) % 200})


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def start_all(server, arn, specs, down=None, started=None):
    """Starts every spec with THREADS threads. While `down` is set (the server is being
    restarted) a thread waits; a start that fails on the connection is sent again."""
    errors = []
    lock = threading.Lock()
    queue = list(specs)

    def worker():
        client = server.client(timeout=30)
        while True:
            with lock:
                if not queue:
                    return
                name, case, inp = queue.pop(0)
            for attempt in range(200):
                if down is not None:
                    while down.is_set():
                        time.sleep(0.02)
                try:
                    client.start_execution(stateMachineArn=f"{arn}#{case}", name=name, input=inp)
                    break
                except ClientError as e:
                    code = h.error_of(e)[0]
                    if code == "ExecutionAlreadyExists" and attempt > 0:
                        break  # started before the crash and already over
                    with lock:
                        errors.append(f"{name}: {h.error_of(e)}")
                    break
                except Exception:  # connection refused/reset: the server is down
                    time.sleep(0.05)
            else:
                with lock:
                    errors.append(f"{name}: could not be started")
            if started is not None:
                with lock:
                    started.append(name)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    return threads, errors


def wait_all_finished(client, arn, timeout):
    deadline = time.monotonic() + timeout
    while True:
        running = client.list_executions(stateMachineArn=arn, statusFilter="RUNNING", maxResults=1)["executions"]
        if not running:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"executions still RUNNING after {timeout} s, e.g. {running[0]['executionArn']}")
        time.sleep(0.25)


def list_all(client, arn):
    items, token = {}, None
    while True:
        args = {"stateMachineArn": arn, "maxResults": 1000}
        if token:
            args["nextToken"] = token
        page = client.list_executions(**args)
        for item in page["executions"]:
            if item["name"] in items:
                raise AssertionError(f"{item['name']} listed twice")
            items[item["name"]] = item
        token = page.get("nextToken")
        if not token:
            return items


def outcome(client, exec_arn):
    d = client.describe_execution(executionArn=exec_arn)
    events = h.full_history(client, exec_arn)
    h.check_history_shape(events, exec_arn)
    last = events[-1]
    details = next((v for k, v in last.items() if k.endswith("EventDetails")), {})
    stamps = [e["timestamp"] for e in events]
    if stamps != sorted(stamps):
        raise AssertionError(f"{exec_arn}: timestamps go backwards")
    return {
        "status": d["status"],
        "output": json.loads(d["output"]) if "output" in d else None,
        "error": details.get("error"),
        "cause": details.get("cause"),
        "types": [e["type"] for e in events],
    }


def collect(server, arn, names, label):
    results, lock, failures = {}, threading.Lock(), []
    queue = list(names)

    def worker():
        client = server.client(timeout=30)
        while True:
            with lock:
                if not queue:
                    return
                name = queue.pop()
            try:
                r = outcome(client, arn.replace(":stateMachine:", ":execution:") + ":" + name)
            except Exception as e:
                with lock:
                    failures.append(f"{label} {name}: {e}")
                continue
            with lock:
                results[name] = r

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, failures


def main():
    t0 = time.monotonic()
    mocks = h.combined_mocks(MOCK_MACHINES, MOCK_RESPONSES)
    specs = [spec(i) for i in range(COUNT)]
    names = [s[0] for s in specs]
    server = h.Server("crash", mock_config=mocks, virtual_time=False, time_scale=0.01)
    clean = h.Server("clean", in_memory=True, mock_config=mocks, virtual_time=True)
    failures = []
    try:
        server.start()
        client = server.client(timeout=30)
        arn = client.create_state_machine(name=NAME, definition=json.dumps(DEFINITION), roleArn=h.ROLE)["stateMachineArn"]
        log(f"starting {COUNT} executions on {server.endpoint} (time scale 0.01)")
        down = threading.Event()
        started = []
        threads, start_errors = start_all(server, arn, specs, down=down, started=started)

        # Kill once some have finished and at least 40 % are started (or all are).
        killed_at = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            time.sleep(0.1)
            n = len(started)
            if n < min(COUNT, int(COUNT * 0.4)):
                continue
            try:
                done = sum(len(client.list_executions(stateMachineArn=arn, statusFilter=s, maxResults=1000)["executions"])
                           for s in ("SUCCEEDED", "FAILED"))
            except Exception:
                continue
            if done >= 1 or n >= COUNT:
                killed_at = (n, done)
                break
        if killed_at is None:
            raise AssertionError("the executions never reached the point to crash at")
        down.set()
        server.stop(signal.SIGKILL)
        log(f"kill -9 with {killed_at[0]} of {COUNT} starts answered and at least {killed_at[1]} finished")
        server.start()
        down.clear()
        log(f"restarted on {server.endpoint}")
        for t in threads:
            t.join(180)
        if any(t.is_alive() for t in threads):
            raise AssertionError("start threads did not finish")
        failures += [f"start: {e}" for e in start_errors]

        # The reference: a clean server, virtual time, no crash.
        clean.start()
        cc = clean.client(timeout=30)
        carn = cc.create_state_machine(name=NAME, definition=json.dumps(DEFINITION), roleArn=h.ROLE)["stateMachineArn"]
        cthreads, cerrors = start_all(clean, carn, specs)
        for t in cthreads:
            t.join(180)
        failures += [f"clean start: {e}" for e in cerrors]

        wait_all_finished(client, arn, timeout=150)
        log("every execution of the crashed server has finished")
        wait_all_finished(cc, carn, timeout=60)

        listed = list_all(client, arn)
        missing = sorted(set(names) - set(listed))
        extra = sorted(set(listed) - set(names))
        if missing:
            failures.append(f"{len(missing)} started executions lost, e.g. {missing[:5]}")
        if extra:
            failures.append(f"{len(extra)} executions nobody started: {extra[:5]}")
        got, f1 = collect(server, arn, names, "crashed")
        want, f2 = collect(clean, carn, names, "clean")
        failures += f1 + f2
        statuses = {}
        mismatches = []
        for name in names:
            if name not in got or name not in want:
                continue
            statuses[got[name]["status"]] = statuses.get(got[name]["status"], 0) + 1
            if got[name] != want[name]:
                diff = {k: (got[name][k], want[name][k]) for k in got[name] if got[name][k] != want[name][k]}
                mismatches.append(f"{name}: crashed vs clean {json.dumps(diff)[:600]}")
        if mismatches:
            failures.append(f"{len(mismatches)} executions differ from the clean run:\n  " + "\n  ".join(mismatches[:10]))
        log(f"statuses after the crash: {statuses}")

        # The clean server agrees with `stepwise run` (one execution per case).
        for i in range(len(CASES)):
            name, case, inp = specs[i]
            status, output, error, cause, events = h.run_expected(
                json.dumps(DEFINITION), mocks, case, inp, name, NAME)
            w = want.get(name)
            if w is None:
                continue
            if (w["status"], w["output"], w["error"], w["cause"]) != (
                    status, json.loads(output) if output else None, error, cause):
                failures.append(f"{name} ({case}): clean server {w['status']} {w['output']} {w['error']} "
                                f"but stepwise run {status} {output} {error}")
            if w["types"] != [e["type"] for e in events]:
                failures.append(f"{name} ({case}): history types differ from stepwise run's")
        server.stop(signal.SIGTERM)
        clean.stop(signal.SIGTERM)
    except Exception as e:  # harness errors and assertion failures alike
        failures.append(f"{type(e).__name__}: {e}")
    log(f"{time.monotonic() - t0:.1f} s")
    if failures:
        print("FAIL test_crash:")
        for f in failures:
            print(" -", f)
        print(server.stderr_tail())
        print(clean.stderr_tail())
        return 1
    print(f"ok   test_crash: {COUNT} executions, none lost, each ended once as on a clean server")
    return 0


if __name__ == "__main__":
    sys.exit(main())
