#!/usr/bin/python3
"""Distributed Map in `stepwise run` and `stepwise test`, through the command line.

Usage: test_run_distributed_map.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

The binary on temporary folders (--s3-dir DIR: s3://bucket/key is DIR/bucket/key), asserting
the output and the --trace json history:
  * ItemReader: s3:getObject with InputType JSON (ItemsPointer), JSONL, CSV (FIRST_ROW, GIVEN,
    each CSVDelimiter), MANIFEST (an S3 Inventory with a gzip CSV data file); s3:listObjectsV2
    with Prefix; MaxItems and MaxItemsPath;
  * ItemBatcher by count and by bytes, BatchInput;
  * ResultWriter: manifest.json, SUCCEEDED_0.json and FAILED_0.json with each Transformation
    (NONE, COMPACT, FLATTEN) and OutputType (JSON, JSONL); WriterConfig alone (in the output);
  * ToleratedFailureCount / ToleratedFailurePercentage (a failed child's whole entry in the output);
    MaxConcurrency on the virtual clock;
  * a child's context object ($$.Execution.Id, $$.StateMachine.Name, no Map.Item) and the
    outer scope's variables it cannot see;
  * a --mocks entry for the Map state standing in for the reader's data;
  * a missing object (States.ItemReaderFailed, caught), no --s3-dir (named), the project's s3Dir;
  * JSONata forms (Arguments, Items, ItemSelector, MaxItems), Label in the Map Run ARN;
  * `stepwise test --s3-dir`; `stepwise test` sees the children's mocked and unserved calls and
    counts their states in coverage.
Sources (each test names its own):
https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html
"""
import csv
import gzip
import io
import json
import os
import shutil
import re
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

if not os.access(h.STEPWISE, os.X_OK):
    print(f"FAIL: no stepwise binary at {h.STEPWISE}")
    sys.exit(1)

ACCOUNT = "123456789012"  # `stepwise run`'s account
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
GET = "arn:aws:states:::s3:getObject"
LIST = "arn:aws:states:::s3:listObjectsV2"
PUT = "arn:aws:states:::s3:putObject"
ECHO = {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": True}}}


def processor(child=None, execution_type="STANDARD"):
    p = {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution_type}}
    p.update(child or ECHO)
    return p


def machine(child=None, jsonata=False, after=None, **fields):
    """A machine whose state Fan is a Distributed Map with `fields`."""
    fan = {"Type": "Map", "ItemProcessor": processor(child)}
    fan.update(fields)
    if after:
        fan["Next"] = "After"
    else:
        fan["End"] = True
    states = {"Fan": fan}
    if after:
        states["After"] = after
    d = {"StartAt": "Fan", "States": states}
    if jsonata:
        d["QueryLanguage"] = "JSONata"
    return d


def reader(input_type=None, key="items", resource=GET, params=None, **config):
    r = {"Resource": resource, "Parameters": params or {"Bucket": "bkt", "Key": key}}
    if input_type:
        config["InputType"] = input_type
    if config:
        r["ReaderConfig"] = config
    return r


def details(event):
    for key, value in event.items():
        if key.endswith("EventDetails"):
            return value
    return {}


class Result:
    def __init__(self, proc, cmd):
        self.cmd, self.rc, self.out, self.err = cmd, proc.returncode, proc.stdout, proc.stderr
        self.events = []
        try:
            self.events = json.loads(self.out)["events"] if self.out.startswith("{") else []
        except ValueError:
            pass

    def last(self, kind):
        found = [details(e) for e in self.events if e["type"] == kind]
        return found[-1] if found else None

    @property
    def output(self):
        return json.loads(self.last("ExecutionSucceeded")["output"])

    @property
    def failure(self):
        d = self.last("ExecutionFailed") or {}
        return d.get("error"), d.get("cause")

    def types(self):
        return [e["type"] for e in self.events]

    def __str__(self):
        return f"$ {' '.join(self.cmd)}\nexit {self.rc}\n--- stdout ---\n{self.out[-4000:]}\n--- stderr ---\n{self.err}"


class DistributedMapRun(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="run-dmap-", dir=h.tmp_path(""))
        os.makedirs(os.path.join(self.dir, "s3", "bkt"))

    def write(self, name, content):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(path, mode) as f:
            f.write(content if isinstance(content, (str, bytes)) else json.dumps(content, indent=1))
        return path

    def s3(self, key, content):
        """An object of the local S3 folder: s3://bkt/KEY."""
        return self.write(os.path.join("s3", "bkt", key), content)

    def read_s3(self, key):
        with open(os.path.join(self.dir, "s3", "bkt", key), encoding="utf-8") as f:
            return f.read()

    def stepwise(self, definition, *args, input=None, s3=True, trace="json", command="run", timeout=60):
        path = self.write("machine.asl.json", definition)
        cmd = [h.STEPWISE, command, path, "--no-timing"]
        if trace:
            cmd += ["--trace", trace]
        if input is not None:
            cmd += ["--input", self.write("input.json", input)]
        if s3:
            cmd += ["--s3-dir", os.path.join(self.dir, "s3")]
        cmd += list(args)
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.dir)
        except subprocess.TimeoutExpired:
            self.fail(f"stepwise did not end within {timeout} s (hangs?): {' '.join(cmd)}")
        return Result(proc, cmd)

    def succeeds(self, definition, *args, **kw):
        r = self.stepwise(definition, *args, **kw)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.types()[-1], "ExecutionSucceeded", r)
        return r

    def fails(self, definition, *args, **kw):
        r = self.stepwise(definition, *args, **kw)
        self.assertEqual(r.rc, 1, r)
        return r

    def test_the_readme_example(self):
        """examples/distributed-map (the README's): a CSV's lines in batches of two, COMPACT results written."""
        example = os.path.join(h.SOURCE_DIR, "examples", "distributed-map")
        shutil.copytree(os.path.join(example, "s3"), os.path.join(self.dir, "example-s3"))
        cmd = [h.STEPWISE, "run", os.path.join(example, "split.asl.json"), "--input", os.path.join(example, "input.json"),
               "--s3-dir", os.path.join(self.dir, "example-s3"), "--trace", "json"]
        r = Result(subprocess.run(cmd, capture_output=True, text=True, timeout=60), cmd)
        self.assertEqual(r.rc, 0, r)
        manifest_key = r.output["ResultWriterDetails"]["Key"]
        results = os.path.join(self.dir, "example-s3", "orders", os.path.dirname(manifest_key), "SUCCEEDED_0.json")
        with open(results, encoding="utf-8") as f:
            self.assertEqual(json.load(f), [{"orderId": "O-17", "lines": 2}, {"orderId": "O-17", "lines": 1}])

    # --- ItemReader ------------------------------------------------------------------------------

    def test_history_of_a_map_run(self):
        """state-map-distributed.html: MapStateStarted, MapRunStarted (its ARN:
        mapRun:<machine>/<label>:<id>), MapRunSucceeded, MapStateSucceeded."""
        self.s3("items.json", [1, 2, 3])
        r = self.succeeds(machine(ItemReader=reader("JSON", "items.json")))
        self.assertEqual(r.types(), ["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted",
                                     "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"])
        arn = r.last("MapRunStarted")["mapRunArn"]
        self.assertRegex(arn, f"^arn:aws:states:us-east-1:{ACCOUNT}:mapRun:machine/Fan:{UUID}$")
        self.assertEqual(r.output, [1, 2, 3])

    def test_label_names_the_map_run(self):
        """state-map-distributed.html (Label): the Map Run and its children are named by the Label."""
        r = self.succeeds(machine({"StartAt": "Who", "States": {"Who": {
            "Type": "Pass", "Parameters": {"sm.$": "$$.StateMachine.Name"}, "End": True}}},
            Label="Fanout", ItemsPath="$.items"), input={"items": [1]})
        self.assertRegex(r.last("MapRunStarted")["mapRunArn"], f":mapRun:machine/Fanout:{UUID}$")
        self.assertEqual(r.output, [{"sm": "machine/Fanout"}])

    def test_json_with_items_pointer(self):
        """input-output-itemreader.html: ItemsPointer selects the array inside a JSON document."""
        self.s3("doc.json", {"meta": {"v": 1}, "data": {"rows": [{"id": "a"}, {"id": "b"}]}})
        r = self.succeeds(machine(ItemReader=reader("JSON", "doc.json", ItemsPointer="/data/rows")))
        self.assertEqual(r.output, [{"id": "a"}, {"id": "b"}])

    def test_jsonl(self):
        """input-output-itemreader.html: JSONL: one item a line."""
        self.s3("items.jsonl", '{"n":1}\n{"n":2}\n\n{"n":3}\n')
        r = self.succeeds(machine(ItemReader=reader("JSONL", "items.jsonl")))
        self.assertEqual(r.output, [{"n": 1}, {"n": 2}, {"n": 3}])

    def test_csv_first_row(self):
        """input-output-itemreader.html: CSV with CSVHeaderLocation FIRST_ROW: each row an object
        of the header's names, every value a string."""
        self.s3("rows.csv", 'id,name,qty\n1,"Smith, J",10\n2,Lee,\n')
        r = self.succeeds(machine(ItemReader=reader("CSV", "rows.csv", CSVHeaderLocation="FIRST_ROW")))
        self.assertEqual(r.output, [{"id": "1", "name": "Smith, J", "qty": "10"}, {"id": "2", "name": "Lee", "qty": ""}])

    def test_csv_given_headers_each_delimiter(self):
        """input-output-itemreader.html: CSVHeaderLocation GIVEN with CSVHeaders; CSVDelimiter COMMA,
        PIPE, SEMICOLON, SPACE, TAB."""
        for name, sep in (("COMMA", ","), ("PIPE", "|"), ("SEMICOLON", ";"), ("SPACE", " "), ("TAB", "\t")):
            with self.subTest(delimiter=name):
                self.s3(f"rows-{name}.csv", f"1{sep}a\n2{sep}b\n")
                r = self.succeeds(machine(ItemReader=reader("CSV", f"rows-{name}.csv", CSVHeaderLocation="GIVEN",
                                                            CSVHeaders=["id", "v"], CSVDelimiter=name)))
                self.assertEqual(r.output, [{"id": "1", "v": "a"}, {"id": "2", "v": "b"}])

    def test_manifest_s3_inventory(self):
        """input-output-itemreader.html: MANIFEST reads an S3 Inventory's manifest.json and its
        gzip-compressed CSV data files (columns from fileSchema)."""
        rows = io.StringIO()
        csv.writer(rows, lineterminator="\n").writerows([["bkt", "photos/a.jpg", "10"], ["bkt", "photos/b.jpg", "20"]])
        self.s3("inventory/data/part-0.csv.gz", gzip.compress(rows.getvalue().encode()))
        self.s3("inventory/manifest.json", {
            "sourceBucket": "bkt", "destinationBucket": "arn:aws:s3:::bkt", "version": "2016-11-30",
            "fileFormat": "CSV", "fileSchema": "Bucket, Key, Size",
            "files": [{"key": "inventory/data/part-0.csv.gz", "size": 1, "MD5checksum": "x"}]})
        r = self.succeeds(machine(ItemReader=reader("MANIFEST", "inventory/manifest.json")))
        self.assertEqual(r.output, [{"Bucket": "bkt", "Key": "photos/a.jpg", "Size": "10"},
                                    {"Bucket": "bkt", "Key": "photos/b.jpg", "Size": "20"}])

    def test_list_objects_with_prefix(self):
        """input-output-itemreader.html: s3:listObjectsV2 gives one item an object under Prefix:
        Etag, Key, LastModified, Size, StorageClass."""
        self.s3("logs/b.txt", "bb")
        self.s3("logs/a.txt", "a")
        self.s3("other/c.txt", "ccc")
        r = self.succeeds(machine(ItemReader=reader(resource=LIST, params={"Bucket": "bkt", "Prefix": "logs/"})))
        self.assertEqual([(o["Key"], o["Size"], o["StorageClass"]) for o in r.output],
                         [("logs/a.txt", 1, "STANDARD"), ("logs/b.txt", 2, "STANDARD")])
        self.assertEqual(r.output[0]["Etag"], '"0cc175b9c0f1b6a831c399e269772661"')  # md5("a"), quoted as S3
        self.assertIsInstance(r.output[0]["LastModified"], int)

    def test_max_items_and_max_items_path(self):
        """input-output-itemreader.html: ReaderConfig MaxItems / MaxItemsPath read only the first N items."""
        self.s3("items.json", list(range(10)))
        r = self.succeeds(machine(ItemReader=reader("JSON", "items.json", MaxItems=3)))
        self.assertEqual(r.output, [0, 1, 2])
        r = self.succeeds(machine(ItemReader=reader("JSON", "items.json", MaxItemsPath="$.limit")), input={"limit": 2})
        self.assertEqual(r.output, [0, 1])

    def test_missing_object_is_item_reader_failed_and_caught(self):
        """A reader that cannot read fails the Map with States.ItemReaderFailed, which a Catch sees."""
        r = self.fails(machine(ItemReader=reader("JSON", "nowhere.json")))
        error, cause = r.failure
        self.assertEqual(error, "States.ItemReaderFailed", r)
        self.assertIn("s3://bkt/nowhere.json", cause)
        self.assertIn("MapRunFailed", r.types())
        text = self.stepwise(machine(ItemReader=reader("JSON", "nowhere.json")), "--full", trace="text")
        self.assertIn("✗ the Map Run failed: States.ItemReaderFailed: S3 GetObject failed for s3://bkt/nowhere.json",
                      text.out)
        caught = machine(ItemReader=reader("JSON", "nowhere.json"),
                         Catch=[{"ErrorEquals": ["States.ItemReaderFailed"], "Next": "After"}],
                         after={"Type": "Pass", "End": True})
        r = self.succeeds(caught)
        self.assertEqual(r.output["Error"], "States.ItemReaderFailed")

    def test_project_s3_dir(self):
        """The project file's "s3Dir" (relative to it) gives the local S3 folder when --s3-dir is absent."""
        self.s3("items.json", ["p"])
        self.write("stepwise.json", {"s3Dir": "s3"})
        r = self.succeeds(machine(ItemReader=reader("JSON", "items.json")), s3=False)
        self.assertEqual(r.output, ["p"])

    def test_no_s3_dir_names_the_option(self):
        """Without a local S3 folder the reader fails loudly, naming --s3-dir."""
        r = self.fails(machine(ItemReader=reader("JSON", "items.json")), s3=False)
        error, cause = r.failure
        self.assertEqual(error, "States.ItemReaderFailed", r)
        self.assertIn("--s3-dir", cause)
        r = self.fails(machine(ItemsPath="$.items", ResultWriter={"Resource": PUT, "Parameters": {"Bucket": "bkt"}}),
                       input={"items": [1]}, s3=False)
        error, cause = r.failure
        self.assertEqual(error, "States.ResultWriterFailed", r)
        self.assertIn("--s3-dir", cause)

    # --- ItemBatcher -----------------------------------------------------------------------------

    def test_batches_by_count_with_batch_input(self):
        """input-output-itembatcher.html: each child gets {"BatchInput": …, "Items": [...]}."""
        r = self.succeeds(machine(ItemsPath="$.items",
                                  ItemBatcher={"MaxItemsPerBatch": 2, "BatchInput": {"job.$": "$.job"}}),
                          input={"job": "j1", "items": [1, 2, 3, 4, 5]})
        self.assertEqual(r.output, [{"BatchInput": {"job": "j1"}, "Items": [1, 2]},
                                    {"BatchInput": {"job": "j1"}, "Items": [3, 4]},
                                    {"BatchInput": {"job": "j1"}, "Items": [5]}])

    def test_batches_by_bytes(self):
        """input-output-itembatcher.html: MaxInputBytesPerBatch bounds each child's input."""
        items = ["x" * 10 for _ in range(6)]
        r = self.succeeds(machine(ItemsPath="$.items", ItemBatcher={"MaxInputBytesPerBatch": 40}),
                          input={"items": items})
        for batch in r.output:
            self.assertLessEqual(len(json.dumps(batch, separators=(",", ":"))), 40)
        self.assertEqual(sum((b["Items"] for b in r.output), []), items)
        self.assertEqual([len(b["Items"]) for b in r.output], [2, 2, 2])
        r = self.fails(machine(ItemsPath="$.items", ItemBatcher={"MaxInputBytesPerBatch": 20}),
                       input={"items": ["y" * 30]})
        self.assertIn("MaxInputBytesPerBatch", r.failure[1])

    # --- ResultWriter ----------------------------------------------------------------------------

    FAILS_ON_BAD = {"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.bad", "IsPresent": True},
                                             {"Variable": "$.bad", "BooleanEquals": True}], "Next": "Bad"}],
                  "Default": "Good"},
        "Bad": {"Type": "Fail", "Error": "BadItem", "Cause": "it is bad"},
        "Good": {"Type": "Pass", "Parameters": {"pair.$": "States.Array($.n, $.n)"}, "OutputPath": "$.pair",
                 "End": True}}}

    def write_results(self, transformation=None, output_type=None):
        writer = {"Resource": PUT, "Parameters": {"Bucket": "bkt", "Prefix": "out"}}
        config = {}
        if transformation:
            config["Transformation"] = transformation
        if output_type:
            config["OutputType"] = output_type
        if config:
            writer["WriterConfig"] = config
        items = [{"n": 1}, {"n": 2, "bad": True}, {"n": 3}]
        r = self.succeeds(machine(self.FAILS_ON_BAD, ItemsPath="$.items", ResultWriter=writer,
                                  ToleratedFailureCount=1), input={"items": items})
        run_arn = r.last("MapRunStarted")["mapRunArn"]
        run_id = run_arn.rsplit(":", 1)[1]
        self.assertEqual(r.output, {"MapRunArn": run_arn,
                                    "ResultWriterDetails": {"Bucket": "bkt", "Key": f"out/{run_id}/manifest.json"}})
        manifest = json.loads(self.read_s3(f"out/{run_id}/manifest.json"))
        self.assertEqual(manifest["DestinationBucket"], "bkt")
        self.assertEqual(manifest["MapRunArn"], run_arn)
        files = manifest["ResultFiles"]
        self.assertEqual([f["Key"] for f in files["SUCCEEDED"]], [f"out/{run_id}/SUCCEEDED_0.json"])
        self.assertEqual([f["Key"] for f in files["FAILED"]], [f"out/{run_id}/FAILED_0.json"])
        self.assertEqual(files["PENDING"], [])
        for f in files["SUCCEEDED"] + files["FAILED"]:
            self.assertEqual(f["Size"], len(self.read_s3(f["Key"]).encode()))

        def entries(name):
            text = self.read_s3(f"out/{run_id}/{name}_0.json")
            if output_type == "JSONL":
                return [json.loads(line) for line in text.splitlines()]
            return json.loads(text)
        return entries("SUCCEEDED"), entries("FAILED")

    def test_result_writer_none(self):
        """input-output-resultwriter.html: without Transformation (NONE) each entry is the child
        execution's record, Input and Output as JSON text; failed children in FAILED_0.json."""
        succeeded, failed = self.write_results()
        self.assertEqual(sorted(json.loads(e["Output"]) for e in succeeded), [[1, 1], [3, 3]])
        for e in succeeded:
            self.assertEqual(e["Status"], "SUCCEEDED")
            self.assertRegex(e["ExecutionArn"], f":execution:machine/Fan:{UUID}$")
            self.assertEqual(e["StateMachineArn"], f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:machine/Fan")
            self.assertIn("StartDate", e)
        self.assertEqual(len(failed), 1)
        self.assertEqual((failed[0]["Status"], failed[0]["Error"], failed[0]["Cause"]), ("FAILED", "BadItem", "it is bad"))
        self.assertEqual(json.loads(failed[0]["Input"]), {"n": 2, "bad": True})
        self.assertNotIn("Output", failed[0])

    def test_result_writer_compact_and_flatten(self):
        """input-output-resultwriter.html: COMPACT keeps the outputs; FLATTEN flattens array outputs
        into one array; failed children keep their full entries."""
        succeeded, failed = self.write_results("COMPACT")
        self.assertEqual(succeeded, [[1, 1], [3, 3]])
        self.assertEqual(failed[0]["Error"], "BadItem")
        succeeded, failed = self.write_results("FLATTEN")
        self.assertEqual(succeeded, [1, 1, 3, 3])
        self.assertEqual(failed[0]["Error"], "BadItem")

    def test_result_writer_jsonl(self):
        """input-output-resultwriter.html: OutputType JSONL writes one entry a line."""
        succeeded, failed = self.write_results("COMPACT", "JSONL")
        self.assertEqual(succeeded, [[1, 1], [3, 3]])
        self.assertEqual(len(failed), 1)
        succeeded, _ = self.write_results("NONE", "JSONL")
        self.assertEqual([json.loads(e["Output"]) for e in succeeded], [[1, 1], [3, 3]])

    def test_writer_config_without_resource(self):
        """input-output-resultwriter.html: WriterConfig without Resource transforms the results in
        the state's output."""
        for transformation, expected in (("COMPACT", [[1, 1], [3, 3]]), ("FLATTEN", [1, 1, 3, 3])):
            with self.subTest(transformation=transformation):
                r = self.succeeds(machine(self.FAILS_ON_BAD, ItemsPath="$.items",
                                          ResultWriter={"WriterConfig": {"Transformation": transformation,
                                                                         "OutputType": "JSON"}}),
                                  input={"items": [{"n": 1}, {"n": 3}]})
                self.assertEqual(r.output, expected)
        r = self.succeeds(machine(self.FAILS_ON_BAD, ItemsPath="$.items",
                                  ResultWriter={"WriterConfig": {"Transformation": "NONE", "OutputType": "JSON"}}),
                          input={"items": [{"n": 1}]})
        self.assertEqual(json.loads(r.output[0]["Output"]), [1, 1])
        self.assertEqual(r.output[0]["Status"], "SUCCEEDED")

    def test_results_over_the_payload_quota(self):
        """input-output-resultwriter.html: results over 256 KiB fail the state (States.DataLimitExceeded);
        exported with a ResultWriter they do not."""
        fields = dict(ItemsPath="$.items", ItemSelector={"a.$": "$$.Map.Item.Value", "b.$": "$$.Map.Item.Value"})
        items = {"items": ["x" * 1000] * 200}  # 200 KB in, about 400 KB of results
        r = self.fails(machine(**fields), input=items)
        self.assertEqual(r.failure[0], "States.DataLimitExceeded", r)
        r = self.succeeds(machine(ResultWriter={"Resource": PUT, "Parameters": {"Bucket": "bkt", "Prefix": "big"}},
                                  **fields), input=items)
        manifest = json.loads(self.read_s3(r.output["ResultWriterDetails"]["Key"]))
        self.assertEqual(len(json.loads(self.read_s3(manifest["ResultFiles"]["SUCCEEDED"][0]["Key"]))), 200)

    # --- failures --------------------------------------------------------------------------------

    def test_tolerated_failure_count_and_percentage(self):
        """maprun-fail-threshold.html: the Map Run fails with States.ExceedToleratedFailureThreshold
        when the failed items exceed ToleratedFailureCount or ToleratedFailurePercentage."""
        items = [{"n": 1, "bad": True}, {"n": 2, "bad": True}, {"n": 3}, {"n": 4}]
        for fields, ok in (({}, False), ({"ToleratedFailureCount": 2}, True), ({"ToleratedFailureCount": 1}, False),
                           ({"ToleratedFailurePercentage": 50}, True), ({"ToleratedFailurePercentage": 49}, False),
                           ({"ToleratedFailurePercentagePath": "$.pct"}, True)):
            with self.subTest(**fields):
                r = self.stepwise(machine(self.FAILS_ON_BAD, ItemsPath="$.items", **fields),
                                  input={"items": items, "pct": 50})
                if ok:
                    self.assertEqual(r.rc, 0, r)
                    self.assertEqual(r.output[2:], [[3, 3], [4, 4]])
                    # No ResultWriter: COMPACT, a failed child's entry whole (input-output-resultwriter.html).
                    failed = r.output[0]
                    self.assertEqual((failed["Status"], failed["Error"], failed["Cause"]), ("FAILED", "BadItem", "it is bad"))
                    self.assertEqual(json.loads(failed["Input"]), items[0])
                    self.assertRegex(failed["ExecutionArn"], f":execution:machine/Fan:{UUID}$")
                else:
                    self.assertEqual(r.rc, 1, r)
                    self.assertEqual(r.failure[0], "States.ExceedToleratedFailureThreshold", r)
                    self.assertEqual(r.last("MapRunFailed")["error"], "States.ExceedToleratedFailureThreshold")

    def test_max_concurrency_on_the_virtual_clock(self):
        """state-map-distributed.html (MaxConcurrency): at most N children at once. Five children
        waiting 60 s each, two at a time, end after 180 s of virtual time (three rounds)."""
        waits = {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 60, "End": True}}}
        for fields in ({"MaxConcurrency": 2}, {"MaxConcurrencyPath": "$.n"}):
            with self.subTest(**fields):
                r = self.succeeds(machine(waits, ItemsPath="$.items", **fields), input={"items": [1, 2, 3, 4, 5], "n": 2})
                self.assertEqual(r.events[-1]["timestamp"] - r.events[0]["timestamp"], 180)
        r = self.succeeds(machine(waits, jsonata=True, Items="{% [1, 2, 3, 4, 5] %}",
                                  MaxConcurrency="{% $states.input.n %}"), input={"n": 5})
        self.assertEqual(r.events[-1]["timestamp"] - r.events[0]["timestamp"], 60)

    def test_jsonata_tolerances(self):
        """maprun-fail-threshold.html with JSONata: ToleratedFailureCount and ToleratedFailurePercentage
        as {% %} expressions."""
        fails = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}
        for fields, ok in (({"ToleratedFailureCount": "{% $states.input.n %}"}, True),
                           ({"ToleratedFailurePercentage": "{% $states.input.n * 10 %}"}, False)):
            with self.subTest(**fields):
                r = self.stepwise(machine(fails, jsonata=True, Items="{% [1, 2] %}", **fields), input={"n": 2})
                self.assertEqual(r.rc, 0 if ok else 1, r)
                if not ok:
                    self.assertEqual(r.failure[0], "States.ExceedToleratedFailureThreshold")

    # --- the child execution ---------------------------------------------------------------------

    def test_child_context_object(self):
        """state-map-distributed.html: each child is an execution of its own: $$.Execution.Id is
        …:execution:<machine>/<label>:<name>, $$.StateMachine.Name <machine>/<label>; it has no
        $$.Map (the item reaches it as its input, or through the parent's ItemSelector)."""
        child = {"StartAt": "Ctx", "States": {"Ctx": {"Type": "Pass", "Parameters": {
            "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "sm.$": "$$.StateMachine.Name",
            "input.$": "$$.Execution.Input", "role.$": "$$.Execution.RoleArn", "ctx.$": "$$"}, "End": True}}}
        r = self.succeeds(machine(child, Label="Lbl", ItemsPath="$.items",
                                  ItemSelector={"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"}),
                          input={"items": ["a", "b"]})
        for i, out in enumerate(r.output):
            self.assertRegex(out["id"], f"^arn:aws:states:us-east-1:{ACCOUNT}:execution:machine/Lbl:{UUID}$")
            self.assertEqual(out["id"].rsplit(":", 1)[1], out["name"])
            self.assertEqual(out["sm"], "machine/Lbl")
            self.assertEqual(out["input"], {"v": "ab"[i], "i": i})
            self.assertNotIn("Map", out["ctx"])
            # The children run under the parent's role (the state machine's; state-map-distributed.html,
            # permissions): stepwise run's default role for "machine".
            self.assertEqual(out["role"], f"arn:aws:iam::{ACCOUNT}:role/StepFunctions-machine-role")
        self.assertNotEqual(r.output[0]["id"], r.output[1]["id"])

    def test_child_cannot_read_outer_variables(self):
        """workflow-variables.html (variable scope): a Distributed Map's child workflows cannot
        reference the outer scope's variables; pass them in through ItemSelector.
        https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html"""
        definition = {"QueryLanguage": "JSONata", "StartAt": "Set", "States": {
            "Set": {"Type": "Pass", "Assign": {"outer": 42}, "Next": "Fan"},
            "Fan": {"Type": "Map", "Items": "{% [1] %}", "End": True, "ItemProcessor": processor(
                {"StartAt": "Read", "States": {"Read": {"Type": "Pass", "Output": "{% $outer %}", "End": True}}})}}}
        # The child's $outer is undefined: its Output fails it (States.QueryEvaluationError), and
        # with no tolerance that fails the Map Run.
        r = self.fails(definition)
        self.assertEqual(r.failure[0], "States.ExceedToleratedFailureThreshold", r)
        tolerant = json.loads(json.dumps(definition))
        tolerant["States"]["Fan"]["ToleratedFailurePercentage"] = 100
        r = self.succeeds(tolerant)
        self.assertEqual(r.output[0]["Error"], "States.QueryEvaluationError", r)
        self.assertIn("$outer", r.output[0]["Cause"])
        passed_in = json.loads(json.dumps(definition))
        passed_in["States"]["Fan"]["ItemSelector"] = {"outer": "{% $outer %}"}
        passed_in["States"]["Fan"]["ItemProcessor"]["States"]["Read"]["Output"] = "{% $states.input.outer %}"
        self.assertEqual(self.succeeds(passed_in).output, [42])

    def test_mock_stands_in_for_the_reader(self):
        """A --mocks entry for the Map state is the reader's data: a string is the object's text (read
        per ReaderConfig), an array the items; no --s3-dir needed."""
        definition = machine(ItemReader=reader("CSV", "rows.csv", CSVHeaderLocation="FIRST_ROW"))
        mocks = self.write("mocks.json", {
            "StateMachines": {"machine": {"TestCases": {"Text": {"Fan": "ReadText"}, "Items": {"Fan": "ReadItems"}}}},
            "MockedResponses": {"ReadText": {"0": {"Return": "a,b\n1,2\n3,4\n"}},
                                "ReadItems": {"0": {"Return": [{"x": 1}, {"x": 2}]}}}})
        r = self.succeeds(definition, "--mocks", mocks, "--test-case", "Text", s3=False)
        self.assertEqual(r.output, [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}])
        r = self.succeeds(definition, "--mocks", mocks, "--test-case", "Items", s3=False)
        self.assertEqual(r.output, [{"x": 1}, {"x": 2}])

    # --- JSONata ---------------------------------------------------------------------------------

    def test_jsonata_forms(self):
        """state-map-distributed.html with QueryLanguage JSONata: the reader's Arguments, ReaderConfig
        MaxItems and ItemSelector as {% %} expressions; Items for an input array."""
        self.s3("j/items.json", [{"n": 1}, {"n": 2}, {"n": 3}])
        r = self.succeeds(machine(
            jsonata=True,
            ItemReader={"Resource": GET, "ReaderConfig": {"InputType": "JSON", "MaxItems": "{% $states.input.max %}"},
                        "Arguments": {"Bucket": "bkt", "Key": "{% $states.input.prefix & '/items.json' %}"}},
            ItemSelector={"value": "{% $states.context.Map.Item.Value.n * 10 %}",
                          "index": "{% $states.context.Map.Item.Index %}"}),
            input={"prefix": "j", "max": 2})
        self.assertEqual(r.output, [{"value": 10, "index": 0}, {"value": 20, "index": 1}])
        r = self.succeeds(machine(jsonata=True, Items="{% $states.input.list[$ > 1] %}",
                                  ItemBatcher={"MaxItemsPerBatch": 2, "BatchInput": {"k": "{% $states.input.k %}"}}),
                          input={"list": [1, 2, 3, 4], "k": "v"})
        self.assertEqual(r.output, [{"BatchInput": {"k": "v"}, "Items": [2, 3]}, {"BatchInput": {"k": "v"}, "Items": [4]}])

    def test_reproducible_trace(self):
        """--start-time and --seed make a Map Run's --trace json the same bytes each run: its ARN, the
        children's names and dates, the ResultWriter's files."""
        self.s3("items.json", [1, 2, 3])
        definition = machine({"StartAt": "Id", "States": {"Id": {"Type": "Pass", "Parameters": {
            "id.$": "$$.Execution.Id", "at.$": "$$.Execution.StartTime"}, "End": True}}},
            ItemReader=reader("JSON", "items.json"), ItemBatcher={"MaxItemsPerBatch": 2})
        args = ("--start-time", "2025-01-31T09:00:00Z", "--seed", "7")
        first, second = self.succeeds(definition, *args), self.succeeds(definition, *args)
        self.assertEqual(first.out, second.out)

    # --- stepwise test ---------------------------------------------------------------------------

    def test_stepwise_test_with_s3_dir(self):
        """`stepwise test --s3-dir DIR` gives the cases the local S3 folder."""
        self.s3("items.jsonl", '{"n":1}\n{"n":2}\n')
        self.write("machine.asl.json", machine(ItemReader=reader("JSONL", "items.jsonl")))
        suite = self.write("machine.test.json", {"definition": "machine.asl.json", "cases": [
            {"name": "reads the lines", "expect": {"status": "SUCCEEDED", "output": [{"n": 1}, {"n": 2}]}},
            {"name": "a wrong expectation fails", "expect": {"output": []}},
            {"name": "a mock stands in for the reader", "mocks": {"Fan": {"Return": [{"m": 1}]}},
             "expect": {"output": [{"m": 1}], "states": {"Fan": {"calls": 1}}}}]})
        cmd = [h.STEPWISE, "test", suite, "--s3-dir", os.path.join(self.dir, "s3")]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=self.dir)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertRegex(proc.stdout, r"(?s)reads the lines")
        self.assertIn("2 passed", proc.stdout + proc.stderr)
        self.assertIn("1 failed", proc.stdout + proc.stderr)

    def test_stepwise_test_sees_the_children(self):
        """`stepwise test` sees inside a Distributed Map's children: their mocked Task calls count
        (no "never called"), an unserved call fails the case even when the Map tolerates the failed
        child, and coverage counts the children's states and transitions."""
        child = {"StartAt": "Call", "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                     "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "OutputPath": "$.Payload", "Next": "Done"},
            "Done": {"Type": "Pass", "End": True}}}
        self.write("machine.asl.json", machine(child, ItemsPath="$.items", ToleratedFailurePercentage=100))
        suite = self.write("machine.test.json", {"definition": "machine.asl.json", "cases": [
            {"name": "mocked", "input": {"items": [1, 2]},
             "mocks": {"Call": {"Return": {"Payload": "ok", "StatusCode": 200}}},
             "expect": {"output": ["ok", "ok"], "states": {"Call": {"calls": 2}}, "entered": ["Call", "Done"]}},
            {"name": "unserved", "input": {"items": [1]}}]})
        proc = subprocess.run([h.STEPWISE, "test", suite], capture_output=True, text=True, timeout=60, cwd=self.dir)
        out = proc.stdout + proc.stderr
        self.assertEqual(proc.returncode, 1, out)
        self.assertIn("1 passed", out)
        self.assertNotIn("never called", out)
        self.assertIn("Call was called, but no mock serves it", out)
        self.assertRegex(out, r"machine\.asl\.json\s+3/3 100%\s+1/1 100%")  # Fan, Call, Done; Call → Done


if __name__ == "__main__":
    unittest.main(verbosity=2)
