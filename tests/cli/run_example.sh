#!/usr/bin/env bash
# The CLI end to end on the vehicle order cancellation example: the four mock
# test cases, the real Node.js handlers (eligible, ineligible, inventory
# locked), the history JSON, the usage errors and a mock of no state, each compared with
# tests/cli/golden/<name>.txt. UPDATE_GOLDEN=1 rewrites the golden files.
# Runs on a copy of the example, so the handlers' outbox is written there.
set -euo pipefail
stepwise=${1:?usage: run_example.sh path/to/stepwise}
root=$(cd "$(dirname "$0")/../.." && pwd)
golden="$root/tests/cli/golden"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/examples/vehicle-order-cancellation" "$work/example"
rm -f "$work/example/outbox/"*.jsonl
cd "$work"
export NO_COLOR=1
status=0

check() {  # name expected-exit args...
  local name=$1 expected_exit=$2
  shift 2
  local actual exit_code=0
  actual=$("$stepwise" "$@" 2>&1) || exit_code=$?
  if [[ $exit_code -ne $expected_exit ]]; then
    echo "FAIL $name: exit $exit_code, expected $expected_exit"
    echo "$actual" | tail -5
    status=1
    return
  fi
  if [[ "${UPDATE_GOLDEN:-}" == 1 ]]; then
    printf '%s\n' "$actual" >"$golden/$name.txt"
  elif ! diff -u "$golden/$name.txt" <(printf '%s\n' "$actual") >"$work/$name.diff"; then
    echo "FAIL $name: output differs from tests/cli/golden/$name.txt"
    head -40 "$work/$name.diff"
    status=1
    return
  fi
  echo "ok   $name"
}

expect_lines() {  # name file count pattern
  local name=$1 file=$2 count=$3 pattern=$4 found
  found=0
  [[ -f "$file" ]] && found=$(grep -c -- "$pattern" "$file" || true)
  if [[ "$found" == "$count" ]]; then
    echo "ok   $name"
  else
    echo "FAIL $name: $file has $found lines matching '$pattern', expected $count"
    status=1
  fi
}

machine=example/statemachine.asl.json
mocks=example/mocks.json
check validate-example 0 validate --subs example/substitutions.json "$machine"

# Mocked Lambda results (Step Functions Local mock config).
check HappyPath 0 run --no-timing "$machine" --input example/input.json --mocks "$mocks" --test-case HappyPath
check IneligiblePath 1 run --no-timing "$machine" --input example/input-ineligible.json --mocks "$mocks" --test-case IneligiblePath
check TransientErrorRetryPath 0 run --no-timing "$machine" --input example/input.json --mocks "$mocks" --test-case TransientErrorRetryPath
check InventoryReleaseFailurePath 1 run --no-timing "$machine" --input example/input.json --mocks "$mocks" --test-case InventoryReleaseFailurePath
check IneligiblePath-history 1 run --no-timing "$machine" --input example/input-ineligible.json --mocks "$mocks" \
  --test-case IneligiblePath --trace json --start-time 2025-09-15T08:00:00Z
expect_lines mocks-write-no-outbox example/outbox/notifications.jsonl 0 orderId

# The real Node.js handlers from example/stepwise.json.
check handlers-eligible 0 run --no-timing "$machine" --input example/input.json
expect_lines handlers-eligible-notified example/outbox/notifications.jsonl 1 '"orderId":"ORD-2025-0004817"'
expect_lines handlers-eligible-cancelled example/outbox/cancellations.jsonl 1 '"orderId":"ORD-2025-0004817"'
check handlers-ineligible 1 run --no-timing "$machine" --input example/input-ineligible.json
expect_lines handlers-ineligible-not-notified example/outbox/notifications.jsonl 0 '"orderId":"ORD-2025-0002291"'
check handlers-inventory-locked 1 run --no-timing "$machine" --input example/input-inventory-locked.json
expect_lines handlers-total-notifications example/outbox/notifications.jsonl 1 orderId

# Usage errors and unserved tasks.
check run-without-test-case 2 run --no-timing "$machine" --mocks "$mocks"
mkdir -p bare && cp "$machine" bare/
check run-unserved-task 1 run --no-timing bare/statemachine.asl.json --input example/input.json
# A mock of a state the machine does not have: named with its place in the file, and nothing runs.
sed '0,/"ReverseCreditHold"/s//"ReverseCreditHlod"/' "$mocks" >misspelled-mocks.json
check run-misspelled-mock 2 run --no-timing "$machine" --input example/input.json --mocks misspelled-mocks.json \
  --test-case HappyPath
# The JSONata version of the machine (Arguments/Output/Assign instead of Parameters/ResultPath):
# it validates, and its traces must be the JSONPath machine's (same states, task inputs, outputs, outcome).
jsonata=example/statemachine.jsonata.asl.json
check jsonata-validate 0 validate --subs example/substitutions.json "$jsonata"
check jsonata-HappyPath 0 run --no-timing "$jsonata" --input example/input.json --mocks "$mocks" --test-case HappyPath
check jsonata-IneligiblePath 1 run --no-timing "$jsonata" --input example/input-ineligible.json --mocks "$mocks" --test-case IneligiblePath
for name in HappyPath IneligiblePath; do
  if cmp -s "$golden/$name.txt" "$golden/jsonata-$name.txt"; then
    echo "ok   jsonata-$name-same-as-jsonpath"
  else
    echo "FAIL jsonata-$name-same-as-jsonpath: tests/cli/golden/jsonata-$name.txt differs from $name.txt"
    status=1
  fi
done
# The event flow without a server: the cancellation as a child (.sync:2) picks its mock
# test case by ARN, and the OrderCancellationUpdated it leads to is checked against the
# team's schema (the example's stepwise.json: "stateMachines", "schemaDirs").
child=arn:aws:states:us-east-1:123456789012:stateMachine:VehicleOrderCancellation
cd example
check publish-HappyPath 0 run --no-timing --start-time 2025-10-21T14:03:00Z publish-cancellation.asl.json --input input.json \
  --mocks mocks.json --sub "OrderCancellationStateMachineArn=$child#HappyPath"
check publish-IneligiblePath 0 run --no-timing --start-time 2025-10-21T14:03:00Z publish-cancellation.asl.json --input input-ineligible.json \
  --mocks mocks.json --sub "OrderCancellationStateMachineArn=$child#IneligiblePath"
cd ..
exit $status
