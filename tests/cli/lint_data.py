#!/usr/bin/python3
"""`stepwise lint --input FILE --mocks FILE [--test-case NAME]`: the example input and the mocks'
results feed the data rules (path-never-exists). The vehicle order cancellation example works at run
time, so it has no finding; a copy with one misspelt path has exactly one.

https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html

Usage: lint_data.py STEPWISE SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

STEPWISE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/stepwise"
SOURCE = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else "."
EXAMPLE = os.path.join(SOURCE, "examples", "vehicle-order-cancellation")


def lint(definition, *options):
    return subprocess.run([STEPWISE, "lint", definition, "--format", "json", *options],
                          capture_output=True, text=True, timeout=60)


def data_findings(result):
    return [f for report in json.loads(result.stdout) for f in report["findings"] if f["rule"] == "path-never-exists"]


class LintData(unittest.TestCase):
    examples = ["--input", os.path.join(EXAMPLE, "input.json"), "--mocks", os.path.join(EXAMPLE, "mocks.json")]

    def test_the_example_has_no_finding_with_its_input_and_every_test_case(self):
        result = lint(os.path.join(EXAMPLE, "statemachine.asl.json"), *self.examples)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(data_findings(result), [])

    def test_a_misspelt_path_is_found_once(self):
        with open(os.path.join(EXAMPLE, "statemachine.asl.json")) as f:
            text = f.read()
        right = '"reason.$": "$.cancellationReason"'
        self.assertIn(right, text)
        with tempfile.TemporaryDirectory() as tmp:
            broken = os.path.join(tmp, "statemachine.asl.json")
            with open(broken, "w") as f:
                f.write(text.replace(right, '"reason.$": "$.cancelationReason"'))
            project = ["--project", os.path.join(EXAMPLE, "stepwise.json")]
            found = data_findings(lint(broken, *project, *self.examples))
            self.assertEqual([f["pointer"] for f in found], ["/States/ConfirmCancellation/Parameters/Payload/reason.$"])
            self.assertIn("cancelationReason", found[0]["message"])
            self.assertEqual(found[0]["severity"], "warning")
            one_case = data_findings(lint(broken, *project, *self.examples, "--test-case", "HappyPath"))
            self.assertEqual(len(one_case), 1)
            self.assertEqual(data_findings(lint(broken, *project)), [], "no example input: nothing is known")

    def test_an_unknown_test_case_is_refused_naming_the_known_ones(self):
        result = lint(os.path.join(EXAMPLE, "statemachine.asl.json"), *self.examples, "--test-case", "Nope")
        self.assertEqual(result.returncode, 2)
        self.assertIn("HappyPath", result.stderr)
        result = lint(os.path.join(EXAMPLE, "statemachine.asl.json"), "--test-case", "HappyPath")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--mocks", result.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
