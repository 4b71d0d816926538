#!/usr/bin/python3
"""`stepwise lint` as a user and a CI job run it: the example finds nothing;
what AWS refuses is an error at its line and column; text, JSON and SARIF
2.1.0 outputs; the exit status follows --fail-on; the project file's "lint"
section and a state's Comment switch rules off; YAML definitions.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html
https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html

Usage: lint_command.py STEPWISE SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

STEPWISE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/stepwise"
SOURCE = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else "."
EXAMPLE = os.path.join(SOURCE, "examples", "vehicle-order-cancellation")

REFUSED = '{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Wait", "Seconds": -1, "End": true}\n  }\n}\n'
# A Lambda Task without the retrier AWS recommends: a warning, not an error.
# https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
NO_RETRY = {"StartAt": "Call", "States": {"Call": {
    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Arguments": {"FunctionName": "f"}, "QueryLanguage": "JSONata", "End": True}}}


def stepwise(*args, cwd):
    proc = subprocess.run([STEPWISE, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, NO_COLOR="1"))
    return proc.returncode, proc.stdout, proc.stderr


class Lint(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text if isinstance(text, str) else json.dumps(text, indent=2))

    def test_the_example_finds_nothing(self):
        files = [os.path.join(EXAMPLE, f) for f in
                 ("statemachine.asl.json", "statemachine.jsonata.asl.json", "publish-cancellation.asl.json")]
        code, out, err = stepwise("lint", *files, "--fail-on", "note", cwd=EXAMPLE)
        self.assertEqual(code, 0, out + err)
        self.assertEqual(out.count("no findings"), 3, out)

    def test_a_folder_lints_every_definition_below_it(self):
        code, out, err = stepwise("lint", ".", "--fail-on", "note", cwd=EXAMPLE)
        self.assertEqual(code, 0, out + err)
        self.assertEqual(out.count("no findings"), 3, out)
        os.mkdir(os.path.join(self.dir, "empty"))
        code, _, err = stepwise("lint", "empty", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertIn("no definitions", err)

    def test_what_aws_refuses_is_an_error_at_its_line_and_column(self):
        self.write("m.asl.json", REFUSED)
        code, out, _ = stepwise("lint", "m.asl.json", cwd=self.dir)
        self.assertEqual(code, 1)
        self.assertRegex(out, r"m.asl.json:4:27: error: .*Seconds.* \[SCHEMA_VALIDATION_FAILED\]")
        code, _, _ = stepwise("lint", "m.asl.json", "--fail-on", "none", cwd=self.dir)
        self.assertEqual(code, 0)

    def test_json_and_sarif_reports(self):
        self.write("m.asl.json", REFUSED)
        _, out, _ = stepwise("lint", "m.asl.json", "--format", "json", cwd=self.dir)
        report = json.loads(out)
        self.assertEqual(report[0]["file"], "m.asl.json")
        self.assertFalse(report[0]["compiled"])
        finding = report[0]["findings"][0]
        self.assertEqual((finding["rule"], finding["line"], finding["pointer"]), ("SCHEMA_VALIDATION_FAILED", 4, "/States/A/Seconds"))
        _, out, _ = stepwise("lint", "m.asl.json", "--format", "sarif", cwd=self.dir)
        sarif = json.loads(out)
        self.assertEqual(sarif["version"], "2.1.0")
        result = sarif["runs"][0]["results"][0]
        self.assertEqual(result["ruleId"], "SCHEMA_VALIDATION_FAILED")
        self.assertEqual(result["locations"][0]["physicalLocation"]["region"]["startLine"], 4)
        self.assertEqual(sarif["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"], result["ruleId"])

    def test_fail_on_warning_fails_on_a_warning_and_error_does_not(self):
        self.write("m.asl.json", NO_RETRY)
        code, out, _ = stepwise("lint", "m.asl.json", cwd=self.dir)
        self.assertEqual(code, 0, out)
        self.assertIn("warning:", out)
        self.assertIn("[lambda-retry-missing]", out)
        code, _, _ = stepwise("lint", "m.asl.json", "--fail-on", "warning", cwd=self.dir)
        self.assertEqual(code, 1)

    def test_project_file_switches_a_rule_off_or_makes_it_an_error(self):
        self.write("m.asl.json", NO_RETRY)
        self.write("stepwise.json", {"lint": {"rules": {"lambda-retry-missing": "off"}}})
        code, out, _ = stepwise("lint", "m.asl.json", "--fail-on", "note", cwd=self.dir)
        self.assertEqual(code, 0, out)
        self.assertIn("no findings", out)
        self.write("stepwise.json", {"lint": {"rules": {"lambda-retry-missing": "error"}}})
        code, out, _ = stepwise("lint", "m.asl.json", cwd=self.dir)
        self.assertEqual(code, 1, out)
        self.write("stepwise.json", {"lint": {"states": {"Call": ["lambda-retry-missing"]}}})
        code, out, _ = stepwise("lint", "m.asl.json", "--fail-on", "note", cwd=self.dir)
        self.assertEqual(code, 0, out)

    def test_a_misspelt_rule_in_the_project_file_is_refused(self):
        self.write("m.asl.json", NO_RETRY)
        self.write("stepwise.json", {"lint": {"rules": {"lambda-retry-mising": "off"}}})
        code, _, err = stepwise("lint", "m.asl.json", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertIn("/lint/rules/lambda-retry-mising", err)
        self.assertIn("no lint rule", err)

    def test_a_state_comment_switches_a_rule_off_there(self):
        quiet = json.loads(json.dumps(NO_RETRY))
        quiet["States"]["Call"]["Comment"] = "Calls f. stepwise-lint-disable lambda-retry-missing"
        self.write("m.asl.json", quiet)
        code, out, _ = stepwise("lint", "m.asl.json", "--fail-on", "note", cwd=self.dir)
        self.assertEqual(code, 0, out)

    def test_yaml_definition_findings_name_yaml_lines(self):
        self.write("m.asl.yaml", "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n")
        code, out, _ = stepwise("lint", "m.asl.yaml", cwd=self.dir)
        self.assertEqual(code, 1)
        self.assertIn("m.asl.yaml:5:5: error:", out)

    def test_list_rules_names_each_rule_with_its_doc(self):
        code, out, _ = stepwise("lint", "--list-rules", cwd=self.dir)
        self.assertEqual(code, 0)
        self.assertIn("lambda-retry-missing (errors, warning)", out)
        self.assertIn("https://docs.aws.amazon.com/", out)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
