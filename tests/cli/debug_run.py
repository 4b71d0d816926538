#!/usr/bin/python3
"""`stepwise run --debug` driven through standard input (not a terminal) on
the vehicle order cancellation example: a breakpoint, printing expressions,
stepping, a breakpoint added while paused, an edited input the next state
sees, continue to the end; quitting (ABORTED); --debug alone pausing before
the first state; a --break naming no state.

Usage: debug_run.py STEPWISE SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

STEPWISE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/stepwise"
ROOT = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.getcwd()
EXAMPLE = os.path.join(ROOT, "examples", "vehicle-order-cancellation")
RUN = ["run", "statemachine.asl.json", "--mocks", "mocks.json", "--test-case", "HappyPath",
       "--input", "input.json", "--no-timing"]


class DebugRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp()
        cls.example = os.path.join(cls.work, "example")
        shutil.copytree(EXAMPLE, cls.example)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work)

    def debug(self, commands, *args):
        env = dict(os.environ, NO_COLOR="1")
        proc = subprocess.run([STEPWISE, *RUN, *args], cwd=self.example, env=env, input="\n".join(commands) + "\n",
                              capture_output=True, text=True, timeout=120)
        return proc.returncode, proc.stdout, proc.stderr

    def test_break_print_step_set_input_continue(self):
        edited = {"orderId": "ORD-EDITED-1", "cancellationReason": "CUSTOMER_REQUEST",
                  "validation": {"Payload": {"isValid": True}}}
        code, out, err = self.debug([
            "p $.orderId",
            "p States.Format('order {}', $.orderId)",
            "p {% $states.context.State.Name %}",
            "s",
            "p $.validation.Payload.isValid",
            "b ConfirmCancellation",
            "set-input " + json.dumps(edited),
            "p $.orderId",
            "p $.cancellationReason",
            "c",
        ], "--break", "ValidateCancellationEligibility")
        self.assertEqual(code, 0, out + err)
        lines = out.splitlines()
        self.assertEqual(lines[0], "paused before ValidateCancellationEligibility")
        self.assertEqual(lines[1], '"ORD-2025-0004817"')
        self.assertEqual(lines[2], '"order ORD-2025-0004817"')
        self.assertEqual(lines[3], '"ValidateCancellationEligibility"')
        self.assertEqual(lines[4], "paused before IsCancellationEligible")
        self.assertEqual(lines[5], "true")
        self.assertEqual(lines[6], "breakpoint ConfirmCancellation")
        # The edited input went through the Choice, the Wait and the Parallel to ConfirmCancellation.
        self.assertEqual(lines[7], "paused before ConfirmCancellation")
        self.assertEqual(lines[8], '"ORD-EDITED-1"')
        self.assertEqual(lines[9], '"CUSTOMER_REQUEST"')
        self.assertIn('in  {"orderId":"ORD-EDITED-1"', out)  # the trace shows what IsCancellationEligible saw
        self.assertIn("SUCCEEDED", out)

    def test_pause_after_and_errors(self):
        code, out, err = self.debug(["input", "p $.nothing", "bogus", "delete SetCancellationMeta:after", "b",
                                     "c"], "--break", "SetCancellationMeta:after")
        self.assertEqual(code, 0, out + err)
        self.assertTrue(out.startswith("paused after SetCancellationMeta\n"), out)
        self.assertIn('"cancellationStatus": "PENDING"', out)  # $ after a state is its output
        self.assertIn("error: the path $.nothing selects nothing", out)
        self.assertIn("unknown command 'bogus'", out)
        self.assertIn("deleted breakpoint SetCancellationMeta:after", out)
        self.assertIn("no breakpoints", out)

    def test_quit_aborts(self):
        code, out, err = self.debug(["q"], "--debug")
        self.assertEqual(code, 1, out + err)
        self.assertTrue(out.startswith("paused before SetCancellationMeta\n"), out)
        self.assertIn("ABORTED", out)

    def test_end_of_input_continues(self):
        code, out, err = self.debug([], "--debug")
        self.assertEqual(code, 0, out + err)
        self.assertIn("(end of input: continuing)", out)
        self.assertIn("SUCCEEDED", out)

    def test_trace_json_keeps_stdout_for_the_history(self):
        code, out, err = self.debug(["p $.orderId", "c"], "--break", "IsCancellationEligible", "--trace", "json")
        self.assertEqual(code, 0, out + err)
        events = json.loads(out)["events"]
        self.assertEqual(events[-1]["type"], "ExecutionSucceeded")
        self.assertIn("paused before IsCancellationEligible\n\"ORD-2025-0004817\"", err)

    def test_unknown_break_state(self):
        code, out, err = self.debug([], "--break", "NoSuchState")
        self.assertEqual(code, 2)
        self.assertIn("no state named 'NoSuchState'", err)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
