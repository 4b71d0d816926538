#!/usr/bin/env python3
"""A DISTRIBUTED Map over an N-line JSONL object in the local S3 folder, a Pass
child, batches of 100, results written by ResultWriter (COMPACT): `stepwise run`
from process start to exit, with its peak RSS.

    bench/distributed_map/distributed_map_bench.py build/stepwise [--lines 10000,100000,1000000] [--runs 3]

Prints, per size: the median wall time, items/s and the peak RSS (the child
process's ru_maxrss, measured by a fresh Python process per run).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

DEFINITION = {
    "Comment": "A Distributed Map over a JSONL object, batches of 100, a Pass child",
    "StartAt": "Items",
    "States": {
        "Items": {
            "Type": "Map",
            "ItemReader": {
                "Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": {"InputType": "JSONL"},
                "Parameters": {"Bucket": "bench", "Key.$": "$.key"},
            },
            "ItemBatcher": {"MaxItemsPerBatch": 100},
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "Count",
                "States": {"Count": {"Type": "Pass", "Parameters": {"items.$": "States.ArrayLength($.Items)"}, "End": True}},
            },
            "ResultWriter": {
                "Resource": "arn:aws:states:::s3:putObject",
                "Parameters": {"Bucket": "bench", "Prefix": "results"},
                "WriterConfig": {"Transformation": "COMPACT"},
            },
            "End": True,
        }
    },
}

# One run, measured from a process of its own so ru_maxrss is this run's alone.
MEASURE = r"""
import resource, subprocess, sys, time, json
start = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - start
rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": p.returncode, "seconds": elapsed, "rss_kib": rss_kib, "stderr": p.stderr.decode()[-2000:],
                  "stdout": p.stdout.decode()[-2000:]}))
"""


def write_object(path, lines):
    with open(path, "w") as f:
        for i in range(lines):
            f.write('{"id":%d,"sku":"SKU-%07d","qty":%d}\n' % (i, i, i % 7))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stepwise")
    parser.add_argument("--lines", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    stepwise = os.path.abspath(args.stepwise)
    with tempfile.TemporaryDirectory(prefix="stepwise-dmap-bench-") as tmp:
        s3 = os.path.join(tmp, "s3")
        os.makedirs(os.path.join(s3, "bench"))
        definition = os.path.join(tmp, "dmap.asl.json")
        with open(definition, "w") as f:
            json.dump(DEFINITION, f)
        print("%10s %10s %12s %12s" % ("lines", "median s", "items/s", "peak RSS MiB"))
        for lines in [int(n) for n in args.lines.split(",")]:
            key = "items-%d.jsonl" % lines
            write_object(os.path.join(s3, "bench", key), lines)
            input_file = os.path.join(tmp, "input-%d.json" % lines)
            with open(input_file, "w") as f:
                json.dump({"key": key}, f)
            times, peaks = [], []
            for _ in range(args.runs):
                command = [stepwise, "run", definition, "--input", input_file, "--s3-dir", s3, "--trace", "json"]
                out = subprocess.run([sys.executable, "-c", MEASURE] + command, stdout=subprocess.PIPE, check=True)
                result = json.loads(out.stdout)
                if result["rc"] != 0:
                    sys.exit("stepwise run failed (%d):\n%s\n%s" % (result["rc"], result["stdout"], result["stderr"]))
                times.append(result["seconds"])
                peaks.append(result["rss_kib"] / 1024)
            median = statistics.median(times)
            print("%10d %10.2f %12.0f %12.1f" % (lines, median, lines / median, max(peaks)), flush=True)


if __name__ == "__main__":
    main()
