#!/usr/bin/env bash
# make demo: validate the vehicle order cancellation example, then run its
# eligible case with the real Node.js handlers (examples/.../stepwise.json)
# and print the trace.
set -euo pipefail
build=${1:-build}
example=examples/vehicle-order-cancellation
"$build/stepwise" validate --subs "$example/substitutions.json" "$example/statemachine.asl.json"
echo
"$build/stepwise" run "$example/statemachine.asl.json" --input "$example/input.json"
echo
echo "The same with mocked Lambda results:"
echo "  $build/stepwise run $example/statemachine.asl.json --input $example/input.json --mocks $example/mocks.json --test-case HappyPath"
