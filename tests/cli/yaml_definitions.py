#!/usr/bin/python3
"""YAML definitions (*.asl.yaml, *.asl.yml) in `validate`, `run` and `test`:
the same machine as its JSON twin (tests/cli/yaml/order.asl.json), every
place named as file:line:column in the YAML file as written (validate's
errors, a run's compile errors, a --machines child's, coverage reports), and
YAML a definition file cannot hold refused at its place.

SAM's DefinitionUri and CloudFormation's DefinitionS3Location take "a JSON or YAML file":
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-stepfunctions-statemachine-s3location.html
https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html

Usage: yaml_definitions.py STEPWISE SOURCE_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

STEPWISE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/stepwise"
ROOT = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.getcwd()
FIXTURES = os.path.join(ROOT, "tests", "cli", "yaml")

# Lines of tests/cli/yaml/order.asl.yaml, as written there.
LINE_CHARGE, LINE_RETRY, LINE_CATCH, LINE_CHOICE, LINE_CHOICE_NEXT = 6, 16, 20, 24, 29


def stepwise(*args, cwd):
    proc = subprocess.run([STEPWISE, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, NO_COLOR="1"))
    return proc.returncode, proc.stdout, proc.stderr


class YamlDefinitions(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="stepwise-yaml-")
        for name in os.listdir(FIXTURES):
            shutil.copy(os.path.join(FIXTURES, name), self.dir)
        with open(os.path.join(self.dir, "order.asl.yaml")) as f:
            self.yaml = f.read()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def broken(self, name, old, new):
        """A copy of order.asl.yaml with one edit, and the line the edit is on."""
        self.assertIn(old, self.yaml)
        self.write(name, self.yaml.replace(old, new, 1))
        return self.yaml[:self.yaml.index(old)].count("\n") + 1

    def run_json_trace(self, definition, *more):
        code, out, err = stepwise("run", definition, "--mocks", "mocks.json", "--test-case", "Throttled", "--trace", "json",
                                  "--name", "e1", "--start-time", "2025-01-01T00:00:00Z", *more, cwd=self.dir)
        self.assertEqual(code, 1, out + err)  # the throttled charge is declined
        return json.loads(out)

    # validate

    def test_validate_takes_yaml(self):
        code, out, err = stepwise("validate", "order.asl.yaml", cwd=self.dir)
        self.assertEqual((code, out), (0, "order.asl.yaml: valid (4 states)\n"), err)
        os.rename(os.path.join(self.dir, "order.asl.yaml"), os.path.join(self.dir, "order.asl.yml"))
        code, out, err = stepwise("validate", "order.asl.yml", cwd=self.dir)
        self.assertEqual((code, out), (0, "order.asl.yml: valid (4 states)\n"), err)

    def test_validate_names_line_and_column_in_the_yaml_file(self):
        line = self.broken("broken.asl.yaml", "        Next: Done", "        Next: Dnoe")
        self.assertEqual(line, LINE_CHOICE_NEXT)
        code, out, _ = stepwise("validate", "broken.asl.yaml", cwd=self.dir)
        self.assertEqual(code, 1)
        self.assertIn(f"broken.asl.yaml:{line}:9: MISSING_TRANSITION_TARGET: Missing 'Next' target: Dnoe "
                      "at /States/Charged?/Choices/0/Next\n", out)
        code, out, _ = stepwise("validate", "--format", "json", "broken.asl.yaml", cwd=self.dir)
        errors = json.loads(out)[0]["errors"]
        missing = [e for e in errors if e["code"] == "MISSING_TRANSITION_TARGET" and "Dnoe" in e["message"]]
        self.assertEqual([(e["pointer"], e["line"], e["column"]) for e in missing],
                         [("/States/Charged?/Choices/0/Next", line, 9)])

    def test_validate_names_line_and_column_in_a_json_file_too(self):
        with open(os.path.join(self.dir, "order.asl.json")) as f:
            text = f.read()
        self.write("broken.asl.json", text.replace('"Next": "Done"', '"Next": "Dnoe"'))
        line = text[:text.index('"Next": "Done"')].count("\n") + 1
        code, out, _ = stepwise("validate", "broken.asl.json", cwd=self.dir)
        self.assertEqual(code, 1)
        self.assertRegex(out, rf"broken\.asl\.json:{line}:\d+: MISSING_TRANSITION_TARGET: Missing 'Next' target: Dnoe ")

    def test_a_yaml_syntax_error_is_placed(self):
        line = self.broken("broken.asl.yaml", "    Type: Choice", "   Type: Choice")
        code, out, _ = stepwise("validate", "broken.asl.yaml", cwd=self.dir)
        self.assertEqual(code, 1)
        self.assertRegex(out, rf"^broken\.asl\.yaml:{line + 1}:\d+: INVALID_JSON_DESCRIPTION: Invalid YAML: line {line + 1}, ")

    def test_what_a_definition_file_cannot_hold_is_refused_at_its_place(self):
        # A definition is data, not a template: CloudFormation's !Sub is not read there.
        line = self.broken("tagged.asl.yaml", "      FunctionName: charge", "      FunctionName: !Sub '${Fn}'")
        code, out, _ = stepwise("validate", "tagged.asl.yaml", cwd=self.dir)
        self.assertEqual(code, 1)
        self.assertIn(f"tagged.asl.yaml:{line}:21: INVALID_JSON_DESCRIPTION: Invalid YAML: line {line}, column 21: "
                      "a YAML tag (!Sub)", out)
        line = self.broken("twice.asl.yaml", "  Done:\n", "  Done:\n    Type: Succeed\n  Done:\n")
        code, out, _ = stepwise("validate", "twice.asl.yaml", cwd=self.dir)
        self.assertEqual(code, 1)
        self.assertIn(f"twice.asl.yaml:{line + 2}:3: DUPLICATE_STATE_NAME: Duplicate State name: Done at /States/Done", out)

    # run

    def test_run_gives_the_json_twins_history(self):
        from_yaml = self.run_json_trace("order.asl.yaml")
        from_json = self.run_json_trace("order.asl.json")
        self.assertEqual(from_yaml, from_json)
        self.assertEqual(from_yaml["events"][-1]["type"], "ExecutionFailed")

    def test_run_names_a_compile_error_in_the_yaml_file(self):
        line = self.broken("broken.asl.yaml", "        MaxAttempts: 2", "        MaxAttempts: -2")
        code, out, err = stepwise("run", "broken.asl.yaml", cwd=self.dir)
        self.assertEqual(code, 2, out + err)
        self.assertRegex(err, rf"broken\.asl\.yaml:{line}:9: SCHEMA_VALIDATION_FAILED: .* at /States/Charge/Retry/0/MaxAttempts")

    def test_a_machines_folder_takes_yaml_children(self):
        self.write("parent.asl.json", json.dumps({"StartAt": "Call", "States": {"Call": {
            "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "End": True,
            "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child#Charged",
                           "Input": {"orderId": "O-1"}}}}}))
        self.write("kids/child.asl.yaml", self.yaml)
        with open(os.path.join(self.dir, "mocks.json")) as f:
            mocks = json.load(f)
        mocks["StateMachines"]["child"] = mocks["StateMachines"].pop("order")
        self.write("child-mocks.json", json.dumps(mocks))
        code, out, err = stepwise("run", "--no-timing", "parent.asl.json", "--machines", "kids", "--mocks", "child-mocks.json",
                                  cwd=self.dir)
        self.assertEqual(code, 0, out + err)
        self.assertIn("SUCCEEDED", out)
        # A broken child is named at its place in its YAML file.
        self.write("kids/child.asl.yaml", self.yaml.replace("        Next: Done", "        Next: Dnoe"))
        code, out, err = stepwise("run", "--no-timing", "parent.asl.json", "--machines", "kids", "--mocks", "child-mocks.json",
                                  cwd=self.dir)
        self.assertEqual(code, 1, out + err)
        self.assertIn(f"kids/child.asl.yaml:{LINE_CHOICE_NEXT}:9: MISSING_TRANSITION_TARGET: Missing 'Next' target: Dnoe",
                      out)

    def test_a_sam_templates_definition_uri_may_be_yaml(self):
        self.write("template.yaml", "Transform: AWS::Serverless-2016-10-31\nResources:\n"
                   "  Orders:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
                   "      DefinitionUri: order.asl.yaml\n")
        self.write("orders.test.yaml", "template: template.yaml\nstateMachine: Orders\nmockConfig: mocks.json\n"
                   "stateMachineName: order\ncases:\n  - name: charged\n    testCase: Charged\n")
        code, out, err = stepwise("test", "--no-timing", "orders.test.yaml", cwd=self.dir)
        self.assertEqual(code, 0, out + err)
        self.assertRegex(out, r"order\.asl\.yaml +3/4 75%")  # Charge, Charged?, Done
        self.assertIn(f"order.asl.yaml:{LINE_RETRY}  /States/Charge/Retry/0", out)

    # test and coverage

    def test_test_and_its_coverage_reports_name_the_yaml_lines(self):
        code, out, err = stepwise("test", "--no-timing", "order.test.yaml", "--coverage-report", "lcov", "order.lcov",
                                  cwd=self.dir)
        self.assertEqual(code, 0, out + err)
        self.assertIn("3 cases: 3 passed", out)
        with open(os.path.join(self.dir, "order.lcov")) as f:
            lcov = f.read()
        self.assertIn("SF:order.asl.yaml\n", lcov)
        lines = {int(n) for n in re.findall(r"^DA:(\d+),", lcov, re.M)}
        self.assertTrue({LINE_CHARGE, LINE_RETRY, LINE_CATCH, LINE_CHOICE, LINE_CHOICE_NEXT} <= lines, lines)
        code, out, err = stepwise("test", "--no-timing", "order.test.yaml", "--coverage-report", "cobertura", "order.xml",
                                  cwd=self.dir)
        self.assertEqual(code, 0, out + err)
        numbers = {int(line.get("number")) for line in ET.parse(os.path.join(self.dir, "order.xml")).iter("line")}
        self.assertEqual(numbers, lines)

    def test_uncovered_items_are_named_on_their_yaml_lines(self):
        self.write("charged.test.yaml", "definition: order.asl.yaml\ncases:\n  - name: charged\n    mocks:\n"
                   "      Charge: {Return: {Payload: {charged: true}}}\n")
        code, out, err = stepwise("test", "--no-timing", "charged.test.yaml", cwd=self.dir)
        self.assertEqual(code, 0, out + err)
        self.assertIn(f"order.asl.yaml:{LINE_RETRY}  /States/Charge/Retry/0", out)
        self.assertIn(f"order.asl.yaml:{LINE_CATCH}  /States/Charge/Catch/0", out)

    def test_mocks_mode_finds_the_yaml_definition_beside_the_mock_config(self):
        alone = os.path.join(self.dir, "alone")
        os.makedirs(alone)
        for name in ("order.asl.yaml", "mocks.json"):
            shutil.copy(os.path.join(self.dir, name), alone)
        code, out, err = stepwise("test", "--no-timing", "--mocks", "mocks.json", cwd=alone)
        self.assertEqual(code, 0, out + err)
        self.assertIn("2 cases: 2 passed", out)
        self.assertRegex(out, r"order\.asl\.yaml +4/4 100%")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
