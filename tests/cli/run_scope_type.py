#!/usr/bin/python3
"""`stepwise run` and `stepwise test`: one default account and region with
`serve` (AWS Step Functions Local's, 123456789012 / us-east-1), --account and
--region, and EXPRESS executions (--type, a SAM template's Type, a test case's
executionType): express ARNs, and Tasks Express Workflows cannot run refused
at load.

https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-config-options.html
https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html
https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html

Usage: run_scope_type.py STEPWISE SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

STEPWISE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/stepwise"

# Its output is its own execution ARN.
WHO = {"StartAt": "Who", "States": {"Who": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id"}, "End": True}}}
WAITS = {"StartAt": "T", "States": {"T": {
    "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": True,
    "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}}}}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def stepwise(*args, cwd):
    proc = subprocess.run([STEPWISE, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, NO_COLOR="1"))
    return proc.returncode, proc.stdout, proc.stderr


class ScopeAndType(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.write("who.asl.json", json.dumps(WHO))
        self.write("waits.asl.json", json.dumps(WAITS))

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)

    def execution_id(self, *args):
        code, out, err = stepwise("run", "who.asl.json", "--trace", "json", "--name", "e1", *args, cwd=self.dir)
        self.assertEqual(code, 0, out + err)
        last = json.loads(out)["events"][-1]
        return json.loads(last["executionSucceededEventDetails"]["output"])["id"]

    def test_run_uses_serves_default_account_and_region(self):
        self.assertEqual(self.execution_id(), "arn:aws:states:us-east-1:123456789012:execution:who:e1")

    def test_run_takes_account_and_region(self):
        self.assertEqual(self.execution_id("--account", "210987654321", "--region", "eu-west-1"),
                         "arn:aws:states:eu-west-1:210987654321:execution:who:e1")

    def test_run_type_express_gives_an_express_arn(self):
        self.assertRegex(self.execution_id("--type", "EXPRESS"),
                         "^arn:aws:states:us-east-1:123456789012:express:who:e1:" + UUID + "$")
        code, _, err = stepwise("run", "who.asl.json", "--type", "FAST", cwd=self.dir)
        self.assertNotEqual(code, 0)
        self.assertIn("--type", err)

    def test_the_web_page_does_not_run_express_yet(self):
        code, _, err = stepwise("run", "who.asl.json", "--type", "EXPRESS", "--ui", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertIn("--ui cannot run an EXPRESS workflow yet", err)

    def test_express_refuses_a_task_that_waits_naming_its_place(self):
        code, out, err = stepwise("run", "waits.asl.json", "--type", "EXPRESS", cwd=self.dir)
        self.assertEqual(code, 2, out + err)
        self.assertIn("waits.asl.json:1:51: SCHEMA_VALIDATION_FAILED: Express state machines do not support the "
                      "'.waitForTaskToken' integration pattern at /States/T/Resource", err)

    def test_a_sam_templates_type_makes_the_run_express(self):
        self.write("template.yaml", "Transform: AWS::Serverless-2016-10-31\nResources:\n"
                   "  Who:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
                   "      DefinitionUri: who.asl.json\n      Type: EXPRESS\n")
        self.assertRegex(self.execution_id("--template", "template.yaml"), ":express:who:e1:" + UUID + "$")
        self.assertRegex(self.execution_id("--template", "template.yaml", "--type", "STANDARD"), ":execution:who:e1$")

    def test_test_cases_take_the_type_and_the_scope(self):
        parts = "States.StringSplit($$.Execution.Id, ':')"
        self.write("parts.asl.json", json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True, "Parameters": {
            "region.$": f"States.ArrayGetItem({parts}, 3)", "account.$": f"States.ArrayGetItem({parts}, 4)",
            "kind.$": f"States.ArrayGetItem({parts}, 5)"}}}}))
        self.write("template.yaml", "Resources:\n  Parts:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n"
                   "      DefinitionUri: parts.asl.json\n      StateMachineType: EXPRESS\n")
        self.write("t.test.yaml", "template: template.yaml\nstateMachine: Parts\ncases:\n"
                   "  - name: express by the template\n"
                   "    expect: {output: {region: eu-west-1, account: '210987654321', kind: express}}\n"
                   "  - name: standard by the case\n    executionType: STANDARD\n"
                   "    expect: {output: {region: eu-west-1, account: '210987654321', kind: execution}}\n")
        code, out, err = stepwise("test", "--no-timing", "--no-coverage", "--account", "210987654321",
                                  "--region", "eu-west-1", "t.test.yaml", cwd=self.dir)
        self.assertEqual(code, 0, out + err)
        code, out, err = stepwise("test", "--no-timing", "--no-coverage", "t.test.yaml", cwd=self.dir)
        self.assertEqual(code, 1, out + err)
        self.assertIn("us-east-1", out)

    def test_a_test_case_of_type_express_refuses_a_waiting_task(self):
        self.write("w.test.yaml", "definition: waits.asl.json\ncases:\n  - name: express\n    executionType: EXPRESS\n")
        code, out, err = stepwise("test", "--no-timing", "--no-coverage", "w.test.yaml", cwd=self.dir)
        self.assertEqual(code, 1, out + err)
        self.assertIn("Express state machines do not support the '.waitForTaskToken' integration pattern "
                      "at /States/T/Resource", out)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
