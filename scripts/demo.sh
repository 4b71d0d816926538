#!/usr/bin/env bash
# make demo: validate the vehicle order cancellation example, then run its
# eligible case with the real Node.js handlers (examples/.../stepwise.json)
# and print the trace; then run its test suites (stepwise test).
set -euo pipefail
build=${1:-build}
example=examples/vehicle-order-cancellation
"$build/stepwise" validate --subs "$example/substitutions.json" "$example/statemachine.asl.json"
echo
"$build/stepwise" run "$example/statemachine.asl.json" --input "$example/input.json"
echo
echo "Its test suites (mocked results, every path, coverage):"
"$build/stepwise" test "$example"
echo
echo "The same run with mocked Lambda results:"
echo "  $build/stepwise run $example/statemachine.asl.json --input $example/input.json --mocks $example/mocks.json --test-case HappyPath"
