#!/usr/bin/python3
"""Distributed Map under `stepwise serve`, driven end to end by boto3.

Usage: test_distributed_map.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

A DISTRIBUTED Map reads a CSV (or JSON) object from the local S3 folder (serve --s3-dir, else
DATA_DIR/s3: s3://bucket/key is <folder>/bucket/key), batches it (ItemBatcher), runs each batch as
a child execution and writes the results (ResultWriter). Checked with the Step Functions API only:
DescribeMapRun, ListMapRuns, ListExecutions(mapRunArn), DescribeExecution and GetExecutionHistory
of a child, the parent's history (MapRunStarted, MapRunSucceeded/Failed/Redriven), the files
ResultWriter wrote; UpdateMapRun on a running Map Run; tolerated failures; a redrive of the parent
that redrives only the failed child; kill -9 while a Map Run runs; StopExecution of the parent.

https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
https://docs.aws.amazon.com/step-functions/latest/dg/concepts-examine-map-run.html
https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListMapRuns.html
https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateMapRun.html
https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html
https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()
h.model_dir()

# The mock test case of the redrive test: the child's Task fails its first invocation, then succeeds.
# Mocks count invocations per execution; a Map Run's children answer to their parent's test case.
MOCKS = {
    "StateMachines": {"RedriveParent": {"TestCases": {"FlakyItem": {"Work": "FailsOnce"}}}},
    "MockedResponses": {"FailsOnce": {
        "0": {"Throw": {"Error": "Work.Flaky", "Cause": "first try"}},
        "1": {"Return": {"StatusCode": 200, "Payload": {"worked": True}}}}},
}
MOCK_PATH = h.tmp_path("dmap-mocks.json")
with open(MOCK_PATH, "w", encoding="utf-8") as f:
    json.dump(MOCKS, f)

S3_DIR = tempfile.mkdtemp(prefix="s3-", dir=h.tmp_path(""))
# Virtual time: Waits cost nothing. The S3 folder is given with --s3-dir.
SERVER = h.Server("dmap", virtual_time=True, mock_config=MOCK_PATH, extra=["--s3-dir", S3_DIR])

CSV_ROWS = [("1", "apple"), ("2", "pear"), ("3", "plum"), ("4", "fig"), ("5", "kiwi")]

# A child gets {"BatchInput": ..., "Items": [...]} and counts its items.
BATCH_CHILD = {
    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "Count",
    "States": {"Count": {"Type": "Pass", "End": True, "Parameters": {
        "count.$": "States.ArrayLength($.Items)", "ids.$": "$.Items[*].id", "tag.$": "$.BatchInput.tag"}}},
}

# An item {"id", "fail"} fails its child when fail is "yes".
FAILING_CHILD = {
    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "Check",
    "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.fail", "StringEquals": "yes", "Next": "Broken"}],
                  "Default": "Fine"},
        "Broken": {"Type": "Fail", "Error": "Item.Broken", "Cause": "this item fails"},
        "Fine": {"Type": "Pass", "End": True},
    },
}


def put_object(s3_dir, bucket, key, body):
    path = os.path.join(s3_dir, bucket, key)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(body)


def read_object(s3_dir, bucket, key):
    with open(os.path.join(s3_dir, bucket, key), encoding="utf-8") as f:
        return json.load(f)


def json_reader(bucket, key):
    return {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
            "Parameters": {"Bucket": bucket, "Key": key}}


def distributed_map(processor, reader, **fields):
    state = {"Type": "Map", "ItemReader": reader, "ItemProcessor": processor, "End": True}
    state.update(fields)
    return {"StartAt": "Fan", "States": {"Fan": state}}


def waiting_child(seconds):
    """A child that waits `seconds` (of the server's clock) and echoes its item."""
    return {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": seconds, "End": True}}}


def wait_for(what, check, timeout=30, poll=0.05):
    """Polls check() until it answers something true; that answer."""
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(poll)


class Base(unittest.TestCase):
    server = SERVER

    @classmethod
    def create(cls, name, definition):
        return cls.c.create_state_machine(name=name, definition=json.dumps(definition),
                                          roleArn=h.ROLE)["stateMachineArn"]

    def history(self, arn):
        events = h.full_history(self.c, arn)
        h.check_history_shape(events, arn)
        return events

    def one(self, events, kind):
        found = [e for e in events if e["type"] == kind]
        self.assertEqual(len(found), 1, f"{kind} in {[e['type'] for e in events]}")
        return found[0]

    def map_run_arn(self, execution_arn):
        def started():
            runs = self.c.list_map_runs(executionArn=execution_arn)["mapRuns"]
            return runs[0]["mapRunArn"] if runs else None
        return wait_for("the Map Run starts", started)

    def children(self, map_run_arn):
        items, token = [], None
        while True:
            args = {"mapRunArn": map_run_arn, "maxResults": 100}
            if token:
                args["nextToken"] = token
            page = self.c.list_executions(**args)
            items += page["executions"]
            token = page.get("nextToken")
            if not token:
                return items


class Acceptance(Base):
    """The acceptance case: a CSV, batches of two, results written, everything visible through the API."""

    @classmethod
    def setUpClass(cls):
        SERVER.start()
        cls.c = SERVER.client()

    @classmethod
    def tearDownClass(cls):
        SERVER.stop()

    def test_csv_batches_and_result_writer(self):
        csv = "id,name\n" + "".join(f"{i},{n}\n" for i, n in CSV_ROWS)
        put_object(S3_DIR, "inputs", "fruit/list.csv", csv)
        os.makedirs(os.path.join(S3_DIR, "results"), exist_ok=True)
        definition = distributed_map(
            BATCH_CHILD,
            {"Resource": "arn:aws:states:::s3:getObject",
             "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
             "Parameters": {"Bucket": "inputs", "Key": "fruit/list.csv"}},
            ItemBatcher={"MaxItemsPerBatch": 2, "BatchInput": {"tag.$": "$.tag"}},
            ResultWriter={"Resource": "arn:aws:states:::s3:putObject",
                          "Parameters": {"Bucket": "results", "Prefix": "runs"}},
            MaxConcurrency=2, Label="Fruit")
        name = h.unique_name("CsvParent")
        arn = self.create(name, definition)
        ex = self.c.start_execution(stateMachineArn=arn, input=json.dumps({"tag": "t1"}))["executionArn"]
        d = h.wait_done(self.c, ex)
        self.assertEqual(d["status"], "SUCCEEDED", f"{d}\n{SERVER.stderr_tail()}")

        # ListMapRuns: one run, its ARN arn:…:mapRun:<machine>/<label>:<id>.
        runs = self.c.list_map_runs(executionArn=ex)["mapRuns"]
        self.assertEqual(len(runs), 1, runs)
        run_arn = runs[0]["mapRunArn"]
        self.assertIn(f":mapRun:{name}/Fruit:", run_arn)
        self.assertEqual(runs[0]["executionArn"], ex)
        self.assertEqual(runs[0]["stateMachineArn"], arn)
        self.assertIn("stopDate", runs[0])

        # The parent's output: the Map Run and where its manifest is.
        out = json.loads(d["output"])
        self.assertEqual(out["MapRunArn"], run_arn)
        run_id = run_arn.rsplit(":", 1)[1]
        self.assertEqual(out["ResultWriterDetails"], {"Bucket": "results", "Key": f"runs/{run_id}/manifest.json"})

        # DescribeMapRun: 5 items in 3 children (2 + 2 + 1), all succeeded, results written.
        m = self.c.describe_map_run(mapRunArn=run_arn)
        self.assertEqual((m["mapRunArn"], m["executionArn"], m["status"]), (run_arn, ex, "SUCCEEDED"))
        self.assertEqual(m["maxConcurrency"], 2)
        self.assertEqual((m["toleratedFailureCount"], m["toleratedFailurePercentage"]), (0, 0.0))
        self.assertEqual({k: m["itemCounts"][k] for k in ("total", "succeeded", "failed", "running", "pending")},
                         {"total": 5, "succeeded": 5, "failed": 0, "running": 0, "pending": 0})
        self.assertEqual({k: m["executionCounts"][k] for k in ("total", "succeeded", "failed", "resultsWritten")},
                         {"total": 3, "succeeded": 3, "failed": 0, "resultsWritten": 3})
        self.assertIn("stopDate", m)

        # The parent's history: MapRunStarted names the run, MapRunSucceeded ends it.
        events = self.history(ex)
        types = [e["type"] for e in events]
        for kind in ("MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded",
                     "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"):
            self.assertIn(kind, types)
        self.assertLess(types.index("MapRunStarted"), types.index("MapRunSucceeded"))
        self.assertEqual(self.one(events, "MapRunStarted")["mapRunStartedEventDetails"]["mapRunArn"], run_arn)

        # ListExecutions(mapRunArn): every child, SUCCEEDED, with its item count.
        children = self.children(run_arn)
        self.assertEqual(len(children), 3, children)
        self.assertEqual(sorted(c["itemCount"] for c in children), [1, 2, 2])
        for child in children:
            self.assertEqual(child["status"], "SUCCEEDED")
            self.assertEqual(child["mapRunArn"], run_arn)
            self.assertEqual(child["stateMachineArn"], f"{arn}/Fruit")
        # ListExecutions(stateMachineArn) of the parent's machine lists the parent only: the children
        # belong to <machine>/<label> (concepts-examine-map-run.html).
        listed = [e["executionArn"] for e in self.c.list_executions(stateMachineArn=arn)["executions"]]
        self.assertEqual(listed, [ex])

        # A child: its input is its batch, its own history; DescribeExecution names the Map Run.
        batches = []
        for child in children:
            cd = self.c.describe_execution(executionArn=child["executionArn"])
            self.assertEqual(cd["mapRunArn"], run_arn)
            self.assertEqual(cd["status"], "SUCCEEDED")
            batch = json.loads(cd["input"])
            self.assertEqual(batch["BatchInput"], {"tag": "t1"})
            self.assertEqual(len(batch["Items"]), child["itemCount"])
            self.assertEqual(json.loads(cd["output"]), {"count": len(batch["Items"]),
                                                        "ids": [i["id"] for i in batch["Items"]], "tag": "t1"})
            batches += batch["Items"]
            child_events = self.history(child["executionArn"])
            self.assertEqual([e["type"] for e in child_events],
                             ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
            self.assertEqual(json.loads(child_events[0]["executionStartedEventDetails"]["input"]), batch)
        # Every CSV row went to one child, as an object of strings keyed by the header.
        self.assertEqual(sorted(batches, key=lambda i: i["id"]), [{"id": i, "name": n} for i, n in CSV_ROWS])

        # DescribeStateMachineForExecution of a child: "the state machine associated with the Map Run",
        # with the Map Run and its label
        # (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachineForExecution.html).
        sm = self.c.describe_state_machine_for_execution(executionArn=children[0]["executionArn"])
        self.assertEqual(sm.get("mapRunArn"), run_arn)
        self.assertEqual(sm.get("label"), "Fruit")
        self.assertEqual((sm["stateMachineArn"], sm["name"]), (f"{arn}/Fruit", f"{name}/Fruit"))
        self.assertEqual(json.loads(sm["definition"]), definition)  # the parent's, which holds the child's
        self.assertEqual(sm["roleArn"], h.ROLE)
        self.assertEqual(sm["updateDate"], self.c.describe_state_machine(stateMachineArn=arn)["creationDate"])

        # The files ResultWriter wrote: manifest.json and SUCCEEDED_0.json.
        manifest = read_object(S3_DIR, "results", f"runs/{run_id}/manifest.json")
        self.assertEqual(manifest["DestinationBucket"], "results")
        self.assertEqual(manifest["MapRunArn"], run_arn)
        files = manifest["ResultFiles"]
        self.assertEqual([f["Key"] for f in files["SUCCEEDED"]], [f"runs/{run_id}/SUCCEEDED_0.json"])
        self.assertEqual(files.get("FAILED", []), [])
        succeeded = read_object(S3_DIR, "results", f"runs/{run_id}/SUCCEEDED_0.json")
        self.assertEqual(len(succeeded), 3)
        by_arn = {c["executionArn"]: c for c in children}
        for entry in succeeded:
            self.assertIn(entry["ExecutionArn"], by_arn)
            self.assertEqual(entry["Status"], "SUCCEEDED")
            self.assertEqual(json.loads(entry["Output"])["tag"], "t1")
            self.assertEqual(len(json.loads(entry["Input"])["Items"]), by_arn[entry["ExecutionArn"]]["itemCount"])
        self.assertEqual(os.path.getsize(os.path.join(S3_DIR, "results", f"runs/{run_id}/SUCCEEDED_0.json")),
                         files["SUCCEEDED"][0]["Size"])

        # UpdateMapRun on an ended run: a ValidationException.
        with self.assertRaises(self.c.exceptions.ValidationException):
            self.c.update_map_run(mapRunArn=run_arn, maxConcurrency=3)

    def items_of(self, fails):
        key = f"items/{uuid.uuid4().hex[:8]}.json"
        put_object(S3_DIR, "inputs", key, json.dumps(
            [{"id": i, "fail": "yes" if i in fails else "no"} for i in range(6)]))
        return key

    def test_tolerated_failures(self):
        """ToleratedFailureCount lets the run succeed with failed children
        (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html#maprun-fail-threshold)."""
        key = self.items_of({1, 4})
        arn = self.create(h.unique_name("Tolerant"), distributed_map(
            FAILING_CHILD, json_reader("inputs", key), ToleratedFailureCount=2, MaxConcurrency=1))
        ex = self.c.start_execution(stateMachineArn=arn)["executionArn"]
        d = h.wait_done(self.c, ex)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        # Without a ResultWriter the output is COMPACT: every child's output, a failed child's whole
        # execution entry (as NONE: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html).
        out = json.loads(d["output"])
        self.assertEqual(len(out), 6)
        self.assertEqual({k: out[1].get(k) for k in ("Error", "Cause", "Status")},
                         {"Error": "Item.Broken", "Cause": "this item fails", "Status": "FAILED"})
        self.assertEqual(out[0], {"id": 0, "fail": "no"})
        run_arn = self.c.list_map_runs(executionArn=ex)["mapRuns"][0]["mapRunArn"]
        m = self.c.describe_map_run(mapRunArn=run_arn)
        self.assertEqual(m["status"], "SUCCEEDED")
        self.assertEqual(m["toleratedFailureCount"], 2)
        self.assertEqual((m["itemCounts"]["failed"], m["itemCounts"]["succeeded"]), (2, 4))
        self.assertEqual((m["executionCounts"]["failed"], m["executionCounts"]["succeeded"]), (2, 4))
        statuses = sorted(c["status"] for c in self.children(run_arn))
        self.assertEqual(statuses, ["FAILED"] * 2 + ["SUCCEEDED"] * 4)

    def test_untolerated_failure_fails_the_parent(self):
        """No tolerance: the first failed child fails the run with States.ExceedToleratedFailureThreshold
        (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html#maprun-fail-threshold)."""
        key = self.items_of({2})
        arn = self.create(h.unique_name("Strict"), distributed_map(FAILING_CHILD, json_reader("inputs", key),
                                                            MaxConcurrency=1))
        ex = self.c.start_execution(stateMachineArn=arn)["executionArn"]
        d = h.wait_done(self.c, ex)
        self.assertEqual(d["status"], "FAILED", d)
        self.assertEqual(d["error"], "States.ExceedToleratedFailureThreshold")
        events = self.history(ex)
        failed = self.one(events, "MapRunFailed")
        self.assertEqual(h.event_details(failed)["error"], "States.ExceedToleratedFailureThreshold")
        self.assertIn("MapStateFailed", [e["type"] for e in events])
        self.assertEqual(events[-1]["type"], "ExecutionFailed")
        run_arn = self.one(events, "MapRunStarted")["mapRunStartedEventDetails"]["mapRunArn"]
        m = self.c.describe_map_run(mapRunArn=run_arn)
        self.assertEqual(m["status"], "FAILED")
        # One at a time: items 0 and 1 succeeded, item 2 failed, the rest never started.
        self.assertEqual((m["itemCounts"]["failed"], m["itemCounts"]["succeeded"]), (1, 2))
        self.assertEqual((m["executionCounts"]["failed"], m["executionCounts"]["total"]), (1, 3))
        self.assertEqual(len(self.children(run_arn)), 3)

    def test_redrive_parent_redrives_only_the_failed_child(self):
        """Redriving the parent redrives the Map Run: only its unsuccessful children run again, the
        Map Run keeps its ARN and counts a redrive
        (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html)."""
        # One at a time, the failing item last: when it fails, every other item has succeeded.
        items = [{"id": i, "fail": "yes" if i == 4 else "no"} for i in range(5)]
        child = {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Check",
            "States": {
                "Check": {"Type": "Choice", "Choices": [{"Variable": "$.fail", "StringEquals": "yes", "Next": "Work"}],
                          "Default": "Skip"},
                "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                         "Parameters": {"FunctionName": "flaky", "Payload.$": "$"}, "End": True},
                "Skip": {"Type": "Pass", "End": True},
            },
        }
        key = f"items/{uuid.uuid4().hex[:8]}.json"
        put_object(S3_DIR, "inputs", key, json.dumps(items))
        arn = self.create("RedriveParent", distributed_map(child, json_reader("inputs", key), MaxConcurrency=1))
        ex = self.c.start_execution(stateMachineArn=arn + "#FlakyItem")["executionArn"]
        d = h.wait_done(self.c, ex)
        self.assertEqual(d["status"], "FAILED", f"{d}\n{SERVER.stderr_tail()}")
        self.assertEqual(d["error"], "States.ExceedToleratedFailureThreshold")
        run_arn = self.c.list_map_runs(executionArn=ex)["mapRuns"][0]["mapRunArn"]
        m = self.c.describe_map_run(mapRunArn=run_arn)
        self.assertEqual((m["status"], m["redriveCount"]), ("FAILED", 0))
        before = {c["executionArn"]: c for c in self.children(run_arn)}
        self.assertEqual(len(before), 5)
        failed = [a for a, c in before.items() if c["status"] == "FAILED"]
        self.assertEqual(len(failed), 1, before)
        failed_child = self.c.describe_execution(executionArn=failed[0])
        self.assertEqual(json.loads(failed_child["input"])["id"], 4)
        self.assertEqual(failed_child["error"], "Work.Flaky")

        self.c.redrive_execution(executionArn=ex)
        d = h.wait_done(self.c, ex)
        self.assertEqual(d["status"], "SUCCEEDED", f"{d}\n{SERVER.stderr_tail()}")
        self.assertEqual(d["redriveCount"], 1)
        events = self.history(ex)
        types = [e["type"] for e in events]
        self.assertIn("ExecutionRedriven", types)
        redriven = self.one(events, "MapRunRedriven")
        self.assertEqual(h.event_details(redriven)["mapRunArn"], run_arn)
        self.assertEqual(h.event_details(redriven)["redriveCount"], 1)
        self.assertIn("MapRunSucceeded", types)
        # The redriven run is the same Map Run: one in ListMapRuns, redriveCount 1.
        self.assertEqual([r["mapRunArn"] for r in self.c.list_map_runs(executionArn=ex)["mapRuns"]], [run_arn])
        m = self.c.describe_map_run(mapRunArn=run_arn)
        self.assertEqual((m["status"], m["redriveCount"]), ("SUCCEEDED", 1))
        self.assertIn("redriveDate", m)
        # No new child: the failed one was redriven (redriveCount 1), the others are untouched.
        after = {c["executionArn"]: c for c in self.children(run_arn)}
        self.assertEqual(set(after), set(before))
        for child_arn, item in after.items():
            self.assertEqual(item["status"], "SUCCEEDED", item)
            cd = self.c.describe_execution(executionArn=child_arn)
            if child_arn == failed[0]:
                self.assertEqual(cd.get("redriveCount"), 1, cd)
                self.assertIn("ExecutionRedriven", [e["type"] for e in self.history(child_arn)])
            else:
                self.assertEqual(cd.get("redriveCount", 0), 0, cd)
                self.assertEqual(cd["stopDate"], before[child_arn]["stopDate"])
        self.assertEqual(json.loads(d["output"])[4]["Payload"], {"worked": True})

    def test_express_children_are_visible_and_rerun_by_a_redrive(self):
        """EXPRESS children of a Map Run are described (DescribeExecution answers for EXPRESS executions
        a Map Run started: https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html)
        and listed by mapRunArn; a redrive runs again, as new executions, only those that did not succeed
        (REDRIVABLE_BY_MAP_RUN: https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html)."""
        express = dict(FAILING_CHILD, ProcessorConfig={"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"})
        key = self.items_of({2})
        arn = self.create(h.unique_name("ExpressKids"), distributed_map(express, json_reader("inputs", key),
                                                                       MaxConcurrency=1))
        ex = self.c.start_execution(stateMachineArn=arn)["executionArn"]
        d = h.wait_done(self.c, ex)
        self.assertEqual(d["status"], "FAILED", d)
        run_arn = self.c.list_map_runs(executionArn=ex)["mapRuns"][0]["mapRunArn"]
        kids = self.children(run_arn)
        self.assertEqual(len(kids), 3, kids)
        for kid in kids:
            self.assertIn(":express:", kid["executionArn"])
            self.assertEqual(self.c.describe_execution(executionArn=kid["executionArn"])["mapRunArn"], run_arn)
        succeeded = {k["executionArn"] for k in kids if k["status"] == "SUCCEEDED"}
        self.assertEqual(len(succeeded), 2)
        # The failing item fails again, but the two that succeeded are kept, not run again.
        self.c.redrive_execution(executionArn=ex)
        d = h.wait_done(self.c, ex)
        self.assertEqual(d["status"], "FAILED", d)
        after = self.children(run_arn)
        self.assertEqual(succeeded & {k["executionArn"] for k in after}, succeeded)
        self.assertEqual(len(after), 4, after)  # the failed item ran once more, under a new ARN

    def test_nested_distributed_map(self):
        """A Distributed Map inside a Distributed Map's child: its runs are the child's, its label its own."""
        inner = {"Type": "Map", "ItemsPath": "$.inner", "Label": "In", "End": True, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": True}}}}
        definition = {"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "Label": "Out", "End": True, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Inner", "States": {"Inner": inner}}}}}
        name = h.unique_name("Nested")
        arn = self.create(name, definition)
        ex = self.c.start_execution(stateMachineArn=arn, input=json.dumps([{"inner": [1, 2]}, {"inner": [3]}]))
        d = h.wait_done(self.c, ex["executionArn"])
        self.assertEqual(d["status"], "SUCCEEDED", d)
        self.assertEqual(json.loads(d["output"]), [[1, 2], [3]])
        [outer] = self.c.list_map_runs(executionArn=ex["executionArn"])["mapRuns"]
        for child in self.children(outer["mapRunArn"]):
            self.assertEqual(child["stateMachineArn"], f"{arn}/Out")
            [run] = self.c.list_map_runs(executionArn=child["executionArn"])["mapRuns"]
            self.assertIn(f":mapRun:{name}/Out/In:", run["mapRunArn"])
            grandchild = self.children(run["mapRunArn"])[0]["executionArn"]
            sm = self.c.describe_state_machine_for_execution(executionArn=grandchild)
            self.assertEqual((sm["label"], sm["mapRunArn"]), ("In", run["mapRunArn"]))
            self.assertEqual(json.loads(sm["definition"]), definition)


class Running(Base):
    """A Map Run that takes a while: children wait on a clock that runs 20 times faster."""

    server = h.Server("dmap-live", virtual_time=False, time_scale=0.05, mock_config=MOCK_PATH)

    @classmethod
    def setUpClass(cls):
        cls.server.start()
        cls.c = cls.server.client()
        cls.s3 = os.path.join(cls.server.data_dir, "s3")  # the default folder: DATA_DIR/s3

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def start_waiting_run(self, count, seconds, concurrency, prefix):
        key = f"items/{uuid.uuid4().hex[:8]}.json"
        put_object(self.s3, "inputs", key, json.dumps([{"id": i} for i in range(count)]))
        arn = self.create(h.unique_name(prefix), distributed_map(waiting_child(seconds), json_reader("inputs", key),
                                                          MaxConcurrency=concurrency))
        ex = self.c.start_execution(stateMachineArn=arn)["executionArn"]
        return ex, self.map_run_arn(ex)

    def running(self, run_arn):
        return self.c.describe_map_run(mapRunArn=run_arn)["executionCounts"]["running"]

    def test_update_map_run_while_running(self):
        """UpdateMapRun changes a running Map Run's concurrency and tolerances
        (https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateMapRun.html)."""
        ex, run_arn = self.start_waiting_run(6, 40, 1, "Updated")  # 2 s per child
        wait_for("a child runs", lambda: self.running(run_arn) == 1)
        self.assertEqual(self.c.describe_map_run(mapRunArn=run_arn)["maxConcurrency"], 1)
        self.c.update_map_run(mapRunArn=run_arn, maxConcurrency=5, toleratedFailureCount=3,
                              toleratedFailurePercentage=20)
        m = self.c.describe_map_run(mapRunArn=run_arn)
        self.assertEqual((m["maxConcurrency"], m["toleratedFailureCount"], m["toleratedFailurePercentage"]),
                         (5, 3, 20.0))
        # More children run at once now.
        wait_for("more than one child running", lambda: self.running(run_arn) > 1)
        d = h.wait_done(self.c, ex, timeout=60)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        m = self.c.describe_map_run(mapRunArn=run_arn)
        self.assertEqual((m["status"], m["maxConcurrency"], m["toleratedFailureCount"]), ("SUCCEEDED", 5, 3))
        self.assertEqual(m["executionCounts"]["succeeded"], 6)
        with self.assertRaises(self.c.exceptions.ValidationException):
            self.c.update_map_run(mapRunArn=run_arn, maxConcurrency=1)
        missing = run_arn.rsplit(":", 1)[0] + ":" + str(uuid.uuid4())
        with self.assertRaises(self.c.exceptions.ResourceNotFound):
            self.c.update_map_run(mapRunArn=missing, maxConcurrency=1)

    def test_stop_parent_aborts_children_and_run(self):
        """StopExecution of the parent aborts its running children and the Map Run
        (https://docs.aws.amazon.com/step-functions/latest/apireference/API_MapRunExecutionCounts.html:
        aborted children were 'stopped by the user or by Step Functions')."""
        ex, run_arn = self.start_waiting_run(4, 1200, 2, "Stopped")  # 60 s per child
        wait_for("two children run", lambda: self.running(run_arn) == 2)
        running = [c["executionArn"] for c in self.children(run_arn) if c["status"] == "RUNNING"]
        self.assertEqual(len(running), 2)
        self.c.stop_execution(executionArn=ex, error="Test.Stop", cause="by the test")
        self.assertEqual(h.wait_done(self.c, ex)["status"], "ABORTED")
        for child in running:
            self.assertEqual(h.wait_done(self.c, child, timeout=30)["status"], "ABORTED")
        m = wait_for("the Map Run ends", lambda: (lambda m: m if m["status"] != "RUNNING" else None)(
            self.c.describe_map_run(mapRunArn=run_arn)))
        self.assertEqual(m["status"], "ABORTED", m)
        self.assertIn("stopDate", m)
        self.assertEqual(len(self.children(run_arn)), 2)  # the other items never started
        self.assertEqual(self.history(ex)[-1]["type"], "ExecutionAborted")

    def test_kill_9_while_running(self):
        """kill -9 while children wait: after the restart the parent resumes, the run finishes, no
        child runs twice, DescribeMapRun still answers."""
        ex, run_arn = self.start_waiting_run(4, 60, 2, "Crashed")  # 3 s per child
        wait_for("two children run", lambda: self.running(run_arn) == 2)
        started = self.c.describe_map_run(mapRunArn=run_arn)["startDate"]
        self.server.stop(signal.SIGKILL)
        self.server.start()
        d = h.wait_done(self.c, ex, timeout=90)
        self.assertEqual(d["status"], "SUCCEEDED", f"{d}\n{self.server.stderr_tail()}")
        children = self.children(run_arn)
        self.assertEqual(len(children), 4, children)
        self.assertEqual(sorted(json.loads(self.c.describe_execution(executionArn=c["executionArn"])["input"])["id"]
                                for c in children), [0, 1, 2, 3])
        for child in children:
            self.assertEqual(child["status"], "SUCCEEDED")
            events = self.history(child["executionArn"])
            self.assertEqual([e["type"] for e in events].count("ExecutionStarted"), 1)
        m = self.c.describe_map_run(mapRunArn=run_arn)
        self.assertEqual(m["status"], "SUCCEEDED", m)
        self.assertEqual((m["executionCounts"]["total"], m["executionCounts"]["succeeded"]), (4, 4))
        self.assertEqual(m["startDate"], started)  # the run resumed: the same run, not a new one
        self.assertEqual(self.one(self.history(ex), "MapRunStarted")["mapRunStartedEventDetails"]["mapRunArn"],
                         run_arn)

    def test_kill_9_while_a_redriven_run_runs(self):
        """A restart in the middle of a redriven Map Run: the redrive goes on, counted once."""
        child = {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Check",
            "States": {
                "Check": {"Type": "Choice", "Choices": [{"Variable": "$.fail", "StringEquals": "yes", "Next": "Work"}],
                          "Default": "Nap"},
                "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                         "Parameters": {"FunctionName": "flaky", "Payload.$": "$"}, "ResultPath": None, "Next": "Nap"},
                "Nap": {"Type": "Wait", "Seconds": 60, "End": True},  # 3 s
            },
        }
        key = f"items/{uuid.uuid4().hex[:8]}.json"
        put_object(self.s3, "inputs", key, json.dumps([{"id": i, "fail": "yes" if i == 0 else "no"} for i in range(3)]))
        arn = self.create("RedriveParent", distributed_map(child, json_reader("inputs", key), MaxConcurrency=1))
        ex = self.c.start_execution(stateMachineArn=arn + "#FlakyItem")["executionArn"]
        self.assertEqual(h.wait_done(self.c, ex)["status"], "FAILED")
        run_arn = self.c.list_map_runs(executionArn=ex)["mapRuns"][0]["mapRunArn"]
        [first] = self.children(run_arn)  # one at a time: the first item failed the run
        self.assertEqual(first["status"], "FAILED")

        self.c.redrive_execution(executionArn=ex)
        wait_for("the failed child runs again", lambda: self.c.describe_execution(
            executionArn=first["executionArn"])["status"] == "RUNNING")
        self.server.stop(signal.SIGKILL)
        self.server.start()
        d = h.wait_done(self.c, ex, timeout=90)
        self.assertEqual(d["status"], "SUCCEEDED", f"{d}\n{self.server.stderr_tail()}")
        self.assertEqual(d["redriveCount"], 1)
        m = self.c.describe_map_run(mapRunArn=run_arn)
        self.assertEqual((m["status"], m["redriveCount"]), ("SUCCEEDED", 1), m)
        self.assertEqual((m["executionCounts"]["total"], m["executionCounts"]["succeeded"]), (3, 3), m)
        children = self.children(run_arn)
        self.assertEqual(len(children), 3)
        for c in children:
            self.assertEqual(c["status"], "SUCCEEDED")
            types = [e["type"] for e in self.history(c["executionArn"])]
            self.assertEqual(types.count("ExecutionStarted"), 1)
            self.assertEqual(types.count("ExecutionRedriven"), 1 if c["executionArn"] == first["executionArn"] else 0)
        self.assertEqual(self.c.describe_execution(executionArn=first["executionArn"])["redriveCount"], 1)


class Retention(Base):
    """A Map Run's record goes when retention deletes its parent execution (AWS keeps a closed
    execution 90 days: https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html)."""

    def test_map_run_goes_with_its_parent(self):
        server = h.Server("dmap-retention", virtual_time=True).start()
        try:
            Retention.c = server.client()
            put_object(os.path.join(server.data_dir, "s3"), "inputs", "few.json",
                       json.dumps([{"id": 1, "fail": "no"}, {"id": 2, "fail": "no"}]))
            arn = self.create("Retained", distributed_map(FAILING_CHILD, json_reader("inputs", "few.json")))
            ex = self.c.start_execution(stateMachineArn=arn)["executionArn"]
            self.assertEqual(h.wait_done(self.c, ex)["status"], "SUCCEEDED")
            run_arn = self.c.list_map_runs(executionArn=ex)["mapRuns"][0]["mapRunArn"]
            self.assertEqual(len(self.children(run_arn)), 2)
            server.stop()
            day_ms = 24 * 60 * 60 * 1000
            with sqlite3.connect(os.path.join(server.data_dir, "stepwise.db")) as db:
                db.execute("UPDATE executions SET stop_ms = stop_ms - ?", (91 * day_ms,))
            server.start()

            def gone():
                try:
                    self.c.describe_map_run(mapRunArn=run_arn)
                    return False
                except self.c.exceptions.ResourceNotFound:
                    return True
            wait_for("the Map Run's record is deleted", gone)
            with self.assertRaises(self.c.exceptions.ExecutionDoesNotExist):
                self.c.describe_execution(executionArn=ex)
            with self.assertRaises(self.c.exceptions.ResourceNotFound):
                self.c.list_executions(mapRunArn=run_arn)
            with sqlite3.connect(os.path.join(server.data_dir, "stepwise.db")) as db:
                left = db.execute("SELECT count(*) FROM documents WHERE kind = 'map_run'").fetchone()[0]
            self.assertEqual(left, 0)
        finally:
            server.stop()


class Options(unittest.TestCase):
    def test_serve_refuses_an_s3_dir_that_is_no_folder(self):
        missing = h.tmp_path("no-such-folder")
        proc = subprocess.run([h.STEPWISE, "serve", "--in-memory", "--port", "0", "--s3-dir", missing],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn(f"the local S3 folder {missing} is not a folder", proc.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
