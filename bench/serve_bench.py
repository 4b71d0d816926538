#!/usr/bin/python3
"""Throughput of `stepwise serve` over loopback, with stepwise-http-load.

  bench/serve_bench.py BUILD_DIR [--duration 10] [--connections 64]

1. StartSyncExecution/s of a 5-state Pass machine (EXPRESS, in memory).
2. Durable StartExecution/s of the example with mocks (#HappyPath, a file
   database): the rate at which starts are acknowledged (each one committed),
   then the rate at which those executions complete.
3. PutEvents/s (one entry a request) on a bus with 100 rules, one of which
   matches and logs the event to a log-group file; then the same with an
   archive of every event and a started schema discoverer on the bus.
Prints one line per figure. Reports; asserts nothing.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXAMPLE = os.path.join(ROOT, "examples", "vehicle-order-cancellation")


def call(url, target, body, protocol="1.0"):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "X-Amz-Target": target, "Content-Type": f"application/x-amz-json-{protocol}"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"{}")


def start_server(build, args):
    server = subprocess.Popen([os.path.join(build, "stepwise"), "serve", "--port", "0", *args],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = server.stdout.readline()
    match = re.search(r"http://[0-9.]+:\d+", line)
    if not match:
        server.kill()
        sys.exit(f"serve did not start: {line!r}")
    return server, match.group(0) + "/"


def load(build, url, target, body_template, duration, connections):
    out = subprocess.run([os.path.join(build, "bench", "stepwise-http-load"), "--url", url, "--target", target,
                          "--body-template", body_template, "--connections", str(connections), "--threads", "2",
                          "--duration", str(duration)], capture_output=True, text=True, check=True).stdout
    return out.strip()


def substituted_definition():
    text = open(os.path.join(EXAMPLE, "statemachine.asl.json")).read()
    for key, value in json.load(open(os.path.join(EXAMPLE, "substitutions.json"))).items():
        text = text.replace("${" + key + "}", str(value))
    return text


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
    duration = float(sys.argv[sys.argv.index("--duration") + 1]) if "--duration" in sys.argv else 10
    connections = int(sys.argv[sys.argv.index("--connections") + 1]) if "--connections" in sys.argv else 64

    server, url = start_server(build, ["--in-memory"])
    try:
        states = {f"P{i}": {"Type": "Pass", "Next": f"P{i + 1}"} for i in range(4)}
        states["P4"] = {"Type": "Pass", "End": True}
        machine = call(url, "AWSStepFunctions.CreateStateMachine", {
            "name": "FivePasses", "type": "EXPRESS", "roleArn": "arn:aws:iam::123456789012:role/r",
            "definition": json.dumps({"StartAt": "P0", "States": states})})["stateMachineArn"]
        body = json.dumps({"stateMachineArn": machine, "input": '{"n": {n}}'})
        print("StartSyncExecution, 5 Pass states:", load(build, url, "AWSStepFunctions.StartSyncExecution", body,
                                                          duration, connections))
    finally:
        server.terminate()
        server.wait()

    with tempfile.TemporaryDirectory() as data:
        server, url = start_server(build, ["--data-dir", data])
        try:
            for i in range(100):
                call(url, "AWSEvents.PutRule", {"Name": f"rule-{i}", "EventPattern": json.dumps(
                    {"source": [f"bench.{i}"], "detail": {"amount": [{"numeric": [">", i]}]}})}, "1.1")
            call(url, "AWSEvents.PutTargets", {"Rule": "rule-7", "Targets": [
                {"Id": "log", "Arn": "arn:aws:logs:us-east-1:123456789012:log-group:bench"}]}, "1.1")
            entry = {"Source": "bench.7", "DetailType": "Bench", "Detail": json.dumps({"amount": 100, "n": 0})}
            body = json.dumps({"Entries": [entry]}).replace('\\"n\\": 0', '\\"n\\": {n}')
            print("PutEvents, 100 rules, 1 matching with a log target:",
                  load(build, url, "AWSEvents.PutEvents", body, duration, connections))
            # The same with every event archived (in PutEvents' transaction) and a started schema discoverer.
            bus = "arn:aws:events:us-east-1:123456789012:event-bus/default"
            call(url, "AWSEvents.CreateArchive", {"ArchiveName": "bench", "EventSourceArn": bus}, "1.1")
            discoverer = urllib.request.Request(url + "/v1/discoverers", data=json.dumps({"SourceArn": bus}).encode(),
                                                method="POST", headers={"Content-Type": "application/json"})
            urllib.request.urlopen(discoverer).read()
            print("PutEvents, the same, every event archived and a discoverer started:",
                  load(build, url, "AWSEvents.PutEvents", body, duration, connections))
        finally:
            server.terminate()
            server.wait()

    with tempfile.TemporaryDirectory() as data:
        server, url = start_server(build, ["--data-dir", data, "--mock-config", os.path.join(EXAMPLE, "mocks.json"),
                                           "--virtual-time"])
        try:
            machine = call(url, "AWSStepFunctions.CreateStateMachine", {
                "name": "VehicleOrderCancellation", "roleArn": "arn:aws:iam::123456789012:role/r",
                "definition": substituted_definition()})["stateMachineArn"]
            order = open(os.path.join(EXAMPLE, "input.json")).read()
            body = json.dumps({"stateMachineArn": machine + "#HappyPath", "name": "run-{n}", "input": order})
            began = time.time()
            print("StartExecution (durable, example with mocks):",
                  load(build, url, "AWSStepFunctions.StartExecution", body, duration, connections))
            started = total = 0
            while True:
                page = call(url, "AWSStepFunctions.ListExecutions",
                            {"stateMachineArn": machine, "statusFilter": "RUNNING", "maxResults": 1})
                if not page.get("executions"):
                    break
                time.sleep(0.05)
            elapsed = time.time() - began
            token = None
            while True:
                request = {"stateMachineArn": machine, "maxResults": 1000}
                if token:
                    request["nextToken"] = token
                page = call(url, "AWSStepFunctions.ListExecutions", request)
                total += len(page["executions"])
                started += sum(1 for e in page["executions"] if e["status"] == "SUCCEEDED")
                token = page.get("nextToken")
                if not token:
                    break
            print(f"durable executions completed: {started} of {total} SUCCEEDED in {elapsed:.1f} s "
                  f"= {started / elapsed:.0f} executions/s (start to last completion)")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
