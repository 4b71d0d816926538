#!/usr/bin/env bash
# make demo: run the vehicle order cancellation example and print its trace.
set -euo pipefail
build=${1:-build}
example=examples/vehicle-order-cancellation
"$build/stepwise" validate --subs "$example/substitutions.json" "$example/statemachine.asl.json"
echo
"$build/stepwise" run "$example/statemachine.asl.json" --input "$example/input.json" \
  --mocks "$example/mocks.json" --test-case HappyPath
