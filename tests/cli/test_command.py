#!/usr/bin/python3
"""`stepwise test` end to end: golden output of a passing and a failing suite,
the JUnit XML parsed, coverage numbers known by hand, usage errors (exit 2),
the --mocks mode, snapshots, and a mutation check on a copy of the example:
flipping a Choice rule, dropping a Retry or changing a ResultPath makes its
suite fail, naming the assertion.

Usage: test_command.py STEPWISE SOURCE_DIR   (UPDATE_GOLDEN=1 rewrites the golden files)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

STEPWISE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/stepwise"
ROOT = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.getcwd()
GOLDEN = os.path.join(ROOT, "tests", "cli", "golden")
FIXTURES = "tests/cli/testing"  # relative to ROOT, so messages name short paths
EXAMPLE = os.path.join(ROOT, "examples", "vehicle-order-cancellation")


def stepwise(*args, cwd=ROOT):
    env = dict(os.environ, NO_COLOR="1")
    proc = subprocess.run([STEPWISE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


class Golden(unittest.TestCase):
    def check_golden(self, name, text):
        path = os.path.join(GOLDEN, name + ".txt")
        if os.environ.get("UPDATE_GOLDEN") == "1":
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            return
        with open(path, encoding="utf-8") as f:
            self.assertEqual(f.read(), text, f"differs from tests/cli/golden/{name}.txt")

    def test_passing_suite(self):
        code, out, err = stepwise("test", "--no-timing", f"{FIXTURES}/shipping.test.yaml")
        self.assertEqual(code, 0, out + err)
        self.check_golden("test-passing", out)

    def test_failing_suite(self):
        code, out, err = stepwise("test", "--no-timing", f"{FIXTURES}/shipping-failing.yaml")
        self.assertEqual(code, 1, out + err)
        self.check_golden("test-failing", out)


class Reports(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="stepwise-test-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_junit_is_what_ci_systems_read(self):
        junit = os.path.join(self.dir, "junit.xml")
        code, out, err = stepwise("test", "--junit", junit, f"{FIXTURES}/shipping.test.yaml",
                                  f"{FIXTURES}/shipping-failing.yaml")
        self.assertEqual(code, 1, out + err)
        root = ET.parse(junit).getroot()
        self.assertEqual(root.tag, "testsuites")
        self.assertEqual((root.get("tests"), root.get("failures"), root.get("errors")), ("7", "5", "0"))
        suites = root.findall("testsuite")
        self.assertEqual([s.get("name") for s in suites],
                         [f"{FIXTURES}/shipping.test.yaml", f"{FIXTURES}/shipping-failing.yaml"])
        failing = {c.get("name"): c for c in suites[1].findall("testcase")}
        self.assertEqual(len(failing), 5)
        self.assertEqual([f.get("type") for f in failing["wrong calls and retries"].findall("failure")],
                         ["expect.status", "expect.states.calls", "expect.states.retries", "expect.duration"])
        self.assertIn("/quote/price: expected 150, got 180", failing["wrong output"].find("failure").text)
        for case in suites[0].findall("testcase"):
            self.assertIsNone(case.find("failure"))
            self.assertGreaterEqual(float(case.get("time")), 0)

    def test_json_report(self):
        report = os.path.join(self.dir, "report.json")
        code, out, err = stepwise("test", "--report", report, f"{FIXTURES}/shipping.test.yaml")
        self.assertEqual(code, 0, out + err)
        with open(report, encoding="utf-8") as f:
            data = json.load(f)
        self.assertEqual(data["totals"]["passed"], 2)
        self.assertEqual([c["status"] for c in data["files"][0]["cases"]], ["SUCCEEDED", "SUCCEEDED"])
        shipping = data["coverage"]["files"][0]
        self.assertEqual((shipping["total"]["covered"], shipping["total"]["total"]), (9, 15))
        self.assertIn({"pointer": "/States/Post", "line": 25, "label": "Post"}, shipping["uncovered"])

    def test_coverage_known_by_hand(self):
        # shipping.test.yaml: 5/7 states, 4/6 transitions, 0/1 retriers, 0/1 catchers (see its comment).
        lcov = os.path.join(self.dir, "coverage.lcov")
        code, out, err = stepwise("test", "--coverage-report", "lcov", lcov, f"{FIXTURES}/shipping.test.yaml")
        self.assertEqual(code, 0, out + err)
        self.assertRegex(out, r"5/7 71\.4%\s+4/6 66\.6%\s+0/1 0%\s+0/1 0%\s+9/15 60%")
        with open(lcov, encoding="utf-8") as f:
            records = dict(line.split(":", 1) for line in f.read().splitlines() if ":" in line)
        self.assertEqual(records["SF"], f"{FIXTURES}/shipping.asl.json")
        # Route's line holds 3 branches (rule 0, rule 1, Default) and Quote's the Catch edge: 2 of 4 taken.
        self.assertEqual((records["BRF"], records["BRH"]), ("4", "2"))
        cobertura = os.path.join(self.dir, "coverage.xml")
        code, out, err = stepwise("test", "--coverage-report", "cobertura", cobertura, f"{FIXTURES}/shipping.test.yaml")
        self.assertEqual(code, 0, out + err)
        root = ET.parse(cobertura).getroot()
        self.assertEqual(root.tag, "coverage")
        self.assertEqual((root.get("branches-valid"), root.get("branches-covered")), ("4", "2"))
        classes = root.findall(".//class")
        self.assertEqual([c.get("filename") for c in classes], [f"{FIXTURES}/shipping.asl.json"])

    def test_min_coverage_fails_under_it(self):
        code, out, _ = stepwise("test", "--min-coverage", "61", f"{FIXTURES}/shipping.test.yaml")
        self.assertEqual(code, 1)
        self.assertIn("coverage 60.0% is under --min-coverage 61%", out)
        code, _, _ = stepwise("test", "--min-coverage", "60", f"{FIXTURES}/shipping.test.yaml")
        self.assertEqual(code, 0)


class Usage(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="stepwise-test-")
        shutil.copy(os.path.join(ROOT, FIXTURES, "shipping.asl.json"), self.dir)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w", encoding="utf-8") as f:
            f.write(text)

    def test_a_misspelled_key_is_an_error_naming_the_place(self):
        self.write("typo.test.yaml", "definition: shipping.asl.json\ncases:\n  - name: one\n    expect:\n      stauts: FAILED\n")
        code, out, err = stepwise("test", "typo.test.yaml", cwd=self.dir)
        self.assertEqual(code, 2, out + err)
        self.assertIn("typo.test.yaml:5:7: /cases/0/expect/stauts: unknown key (did you mean status?)", out)

    def test_options_of_the_mocks_mode_alone_are_usage_errors(self):
        code, out, err = stepwise("test", "--input", os.path.join(EXAMPLE, "input.json"), FIXTURES)
        self.assertEqual(code, 2, out + err)
        self.assertIn("goes with --mocks", out + err)

    def test_no_test_files_is_a_usage_error(self):
        code, _, err = stepwise("test", cwd=os.path.join(ROOT, "tests", "cli", "golden"))
        self.assertEqual(code, 2)
        self.assertIn("no test files", err)

    def test_finds_test_files_below_the_folder_and_filters(self):
        self.write("a.test.yaml", "definition: shipping.asl.json\ncases:\n  - name: alpha\n    input: {weight: 1, express: true}\n"
                   "    mocks: {Quote: {Return: {StatusCode: 200, Payload: {price: 1}}}}\n"
                   "  - name: beta\n    input: {weight: 1, express: true}\n"
                   "    mocks: {Quote: {Return: {StatusCode: 200, Payload: {price: 1}}}}\n")
        code, out, err = stepwise("test", "--no-timing", cwd=self.dir)
        self.assertEqual(code, 0, out + err)
        self.assertIn("2 cases: 2 passed", out)
        code, out, _ = stepwise("test", "--no-timing", "--filter", "beta", cwd=self.dir)
        self.assertEqual(code, 0)
        self.assertIn("1 cases: 1 passed", out)
        self.assertNotIn("alpha", out)

    def test_mock_config_mode(self):
        code, out, err = stepwise("test", "--no-timing", "--mocks", os.path.join(EXAMPLE, "mocks.json"),
                                  "--input", os.path.join(EXAMPLE, "input.json"), os.path.join(EXAMPLE, "statemachine.asl.json"))
        self.assertEqual(code, 0, out + err)
        for name in ("HappyPath", "IneligiblePath", "TransientErrorRetryPath", "InventoryReleaseFailurePath"):
            self.assertIn(name, out)
        self.assertIn("4 cases: 4 passed", out)
        self.assertIn("InventoryReleaseFailurePath  FAILED OrderCancellationFailed", out)
        # Without the input the run fails at once and the mocks go unused: a failure, not a pass.
        code, out, _ = stepwise("test", "--no-timing", "--mocks", os.path.join(EXAMPLE, "mocks.json"),
                                os.path.join(EXAMPLE, "statemachine.asl.json"))
        self.assertEqual(code, 1, out)
        self.assertIn("is mocked, but the run never called it", out)

    def test_snapshots_are_written_only_when_asked(self):
        self.write("snap.test.yaml", "definition: shipping.asl.json\ncases:\n  - name: snap\n    input: {weight: 1, express: true}\n"
                   "    mocks: {Quote: {Return: {StatusCode: 200, Payload: {price: 7}}}}\n    expect: {snapshot: true}\n")
        code, out, _ = stepwise("test", "snap.test.yaml", cwd=self.dir)
        self.assertEqual(code, 1, "a missing snapshot fails: CI must not pass by writing it")
        self.assertIn("--update-snapshots", out)
        code, out, err = stepwise("test", "--update-snapshots", "snap.test.yaml", cwd=self.dir)
        self.assertEqual(code, 0, out + err)
        with open(os.path.join(self.dir, "__snapshots__", "snap.test.yaml.snap.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f)["snap"]["output"]["quote"], {"price": 7})
        self.assertEqual(stepwise("test", "snap.test.yaml", cwd=self.dir)[0], 0)
        self.write("snap.test.yaml", "definition: shipping.asl.json\ncases:\n  - name: snap\n    input: {weight: 1, express: true}\n"
                   "    mocks: {Quote: {Return: {StatusCode: 200, Payload: {price: 8}}}}\n    expect: {snapshot: true}\n")
        code, out, _ = stepwise("test", "snap.test.yaml", cwd=self.dir)
        self.assertEqual(code, 1)
        self.assertIn("/output/quote/price: expected 7, got 8", out)

    def test_a_state_machine_of_a_sam_template(self):
        self.write("template.yaml", "Transform: AWS::Serverless-2016-10-31\nResources:\n"
                   "  Shipping:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: shipping.asl.json\n"
                   "  Inline:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
                   "      Definition: {StartAt: P, States: {P: {Type: Pass, Result: {from: '${Where}'}, End: true}}}\n"
                   "      DefinitionSubstitutions: {Where: inline}\n")
        self.write("t.test.yaml", "template: template.yaml\nstateMachine: Shipping\ncases:\n  - name: by file\n"
                   "    input: {weight: 1, express: true}\n    mocks: {Quote: {Return: {StatusCode: 200, Payload: {price: 3}}}}\n"
                   "    expect: {outputIncludes: {carrier: courier}}\n")
        self.write("i.test.yaml", "template: template.yaml\nstateMachine: Inline\ncases:\n  - name: inline\n"
                   "    expect: {output: {from: inline}}\n")
        code, out, err = stepwise("test", "--no-timing", cwd=self.dir)
        self.assertEqual(code, 0, out + err)
        self.assertIn("template.yaml#Inline", out)
        self.assertRegex(out, r"\nshipping.asl.json +3/7")
        self.write("x.test.yaml", "template: template.yaml\nstateMachine: Nope\ncases:\n  - name: x\n")
        code, out, _ = stepwise("test", "x.test.yaml", cwd=self.dir)
        self.assertEqual(code, 2, out)
        self.assertIn("no state machine Nope (it has: Shipping, Inline)", out)

    # No false passes (docs/testing.md): each of these fails the case, naming the place.
    def run_case(self, mocks_yaml, extra=""):
        self.write("m.test.yaml", "definition: shipping.asl.json\n" + extra + "cases:\n  - name: one\n"
                   "    input: {weight: 1, express: true}\n    mocks:\n" + mocks_yaml)
        return stepwise("test", "--no-timing", "--no-coverage", "m.test.yaml", cwd=self.dir)

    def test_a_misspelled_mocked_state(self):
        code, out, _ = self.run_case("      Quote: {Return: {StatusCode: 200, Payload: {price: 1}}}\n"
                                     "      Qoute: {Return: {StatusCode: 200, Payload: {price: 1}}}\n")
        self.assertEqual(code, 1, out)
        self.assertIn("m.test.yaml:7:7", out)
        self.assertIn("/cases/0/mocks/Qoute", out)
        self.assertIn("Quote", out)

    def test_a_mock_no_call_used(self):
        code, out, _ = self.run_case("      Quote:\n        \"0\": {Return: {StatusCode: 200, Payload: {price: 1}}}\n"
                                     "      Courier: {Return: {}}\n")
        self.assertEqual(code, 1, out)
        self.assertIn("/cases/0/mocks/Courier", out)

    def test_a_return_the_service_never_sends(self):
        code, out, _ = self.run_case("      Quote: {Return: {StatusCode: 200, Payloadx: {price: 1}}}\n")
        self.assertEqual(code, 1, out)
        self.assertIn("/cases/0/mocks/Quote/Return/Payloadx", out)
        self.assertIn("Payload", out)

    def test_a_test_case_naming_an_unknown_response(self):
        self.write("mocks.json", json.dumps({"StateMachines": {"shipping": {"TestCases": {"T": {"Quote": "Missing"}}}},
                                             "MockedResponses": {}}))
        self.write("t.test.yaml", "definition: shipping.asl.json\nmockConfig: mocks.json\ncases:\n  - name: one\n"
                   "    testCase: T\n    input: {weight: 1, express: true}\n")
        code, out, _ = stepwise("test", "--no-coverage", "t.test.yaml", cwd=self.dir)
        self.assertNotEqual(code, 0, out)
        self.assertIn("Missing", out)
        self.assertIn("/StateMachines/shipping/TestCases/T/Quote", out)

    def test_the_mocks_of_a_child_test_case_are_checked_too(self):
        os.makedirs(os.path.join(self.dir, "machines"))
        shutil.copy(os.path.join(self.dir, "shipping.asl.json"), os.path.join(self.dir, "machines", "shipping.asl.json"))
        self.write("parent.asl.json", json.dumps({"StartAt": "Ship", "States": {"Ship": {
            "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "End": True,
            "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:shipping#Express",
                           "Input": {"weight": 1, "express": True}}}}}))
        self.write("mocks.json", json.dumps({"StateMachines": {"shipping": {"TestCases": {"Express": {
            "Quote": "Cheap", "Qoute": "Cheap"}}}}, "MockedResponses": {
            "Cheap": {"0": {"Return": {"StatusCode": 200, "Payload": {"price": 5}}}}}}))
        self.write("p.test.yaml", "definition: parent.asl.json\nmockConfig: mocks.json\nmachines: machines\n"
                   "cases:\n  - name: the child ships\n")
        code, out, _ = stepwise("test", "--no-timing", "--no-coverage", "p.test.yaml", cwd=self.dir)
        self.assertEqual(code, 1, out)
        self.assertIn("(the child shipping#Express)", out)
        self.assertIn("/StateMachines/shipping/TestCases/Express/Qoute", out)

    def test_an_event_its_schema_rejects_fails_the_case(self):
        code, out, err = stepwise("test", "--no-timing", f"{FIXTURES}/announce.yaml")
        self.assertEqual(code, 1, out + err)
        self.assertIn("✓ a valid event", out)
        self.assertIn("/detail/weight: must be a number", out)


class Mutations(unittest.TestCase):
    """The example's suite must notice each of these changes to the definition."""

    def mutate(self, change):
        work = tempfile.mkdtemp(prefix="stepwise-mutant-")
        self.addCleanup(shutil.rmtree, work)
        example = os.path.join(work, "example")
        shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns("outbox", "node_modules"))
        path = os.path.join(example, "statemachine.asl.json")
        with open(path, encoding="utf-8") as f:
            definition = json.load(f)
        change(definition["States"])
        with open(path, "w", encoding="utf-8") as f:
            json.dump(definition, f, indent=2)
        return stepwise("test", "--no-timing", "--no-coverage", "statemachine.test.yaml", cwd=example)

    def test_the_unmutated_suite_passes(self):
        code, out, err = self.mutate(lambda states: None)
        self.assertEqual(code, 0, out + err)

    def test_flipping_a_choice_rule(self):
        def flip(states):
            states["IsCancellationEligible"]["Choices"][0]["BooleanEquals"] = False
        code, out, _ = self.mutate(flip)
        self.assertEqual(code, 1, out)
        self.assertIn("✗ an eligible order is cancelled and the customer notified", out)
        self.assertIn("expect.path", out)

    def test_dropping_a_retry(self):
        def drop(states):
            del states["ValidateCancellationEligibility"]["Retry"]
        code, out, _ = self.mutate(drop)
        self.assertEqual(code, 1, out)
        self.assertIn("✗ a throttled validation is retried after 2 seconds", out)
        self.assertIn("expect.states.retries", out)

    def test_changing_a_result_path(self):
        def move(states):
            states["ConfirmCancellation"]["ResultPath"] = "$.confirmation"
        code, out, _ = self.mutate(move)
        self.assertEqual(code, 1, out)
        self.assertIn("expect.outputIncludes", out)
        self.assertIn("/cancellation: missing", out)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
