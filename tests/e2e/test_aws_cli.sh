#!/usr/bin/env bash
# The AWS CLI v2 (Debian's /usr/bin/aws) against `stepwise serve`.
# Usage: test_aws_cli.sh path/to/stepwise [source-dir]
# Exit 77 (ctest SKIP) when /usr/bin/aws is missing.
set -uo pipefail
stepwise=$(realpath "${1:?usage: test_aws_cli.sh path/to/stepwise [source-dir]}")
root=$(cd "${2:-$(dirname "$0")/../..}" && pwd)
AWS=${AWS_CLI:-/usr/bin/aws}
PY=/usr/bin/python3
if [[ ! -x $AWS ]]; then
  echo "SKIP: $AWS is missing (apt-get install awscli)"
  exit 77
fi
example="$root/examples/vehicle-order-cancellation"
work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_CONFIG_FILE=$work/aws-config AWS_SHARED_CREDENTIALS_FILE=$work/aws-credentials AWS_PAGER=
unset AWS_PROFILE AWS_SESSION_TOKEN
# The model with the newer operations (RedriveExecution, versions, aliases, ...).
$PY "$root/tests/e2e/models/build_model.py" "$work/aws-data" || exit 1
export AWS_DATA_PATH=$work/aws-data

status=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; shift; for line in "$@"; do echo "     $line"; done; status=1; }
server_stderr() { echo "--- server stderr ---"; tail -c 6000 "$work/server.err"; echo "--- end ---"; }

# Start the server: port 0, fresh data dir, the example's mocks, virtual time.
data="$work/data"
"$stepwise" serve --port 0 --data-dir "$data" --mock-config "$example/mocks.json" --virtual-time \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
port=
for _ in $(seq 300); do
  line=$(head -n1 "$work/server.out" 2>/dev/null)
  if [[ $line =~ ^stepwise\ serve:\ listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]]; then
    port=${BASH_REMATCH[1]}
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z $port ]]; then
  fail "server-start" "stepwise serve printed no 'listening on' line: $(head -c 300 "$work/server.out")"
  server_stderr
  exit 1
fi
pass "server-start (port $port)"
# The README's endpoint: a name under .localhost, so that sync-stepwise.localhost (the
# host prefix of StartSyncExecution and TestState) resolves to loopback too.
endpoint="http://stepwise.localhost:$port"

# sfn OP ARGS...: runs the CLI; stdout in $out, stderr in $err, exit code in $rc.
sfn() {
  out=$("$AWS" stepfunctions "$@" --endpoint-url "$endpoint" --no-cli-pager --output json 2>"$work/err")
  rc=$?
  err=$(cat "$work/err")
}
jget() {  # EXPR: evaluates EXPR on the JSON document on stdin (as d); <no value> when it cannot
  $PY -c '
import json, sys
try:
    d = json.load(sys.stdin)
    print(eval(sys.argv[1], {"d": d, "json": json}))
except Exception as e:
    print("<no value: %s>" % type(e).__name__)' "$1"
}
expect_ok() {  # name
  if [[ $rc -ne 0 ]]; then fail "$1" "exit $rc" "$err"; return 1; fi
  pass "$1"
}

# The example with its ${...} placeholders substituted, as a deployment would.
$PY - "$example" >"$work/definition.json" <<'EOF'
import json, sys
d = sys.argv[1]
text = open(f"{d}/statemachine.asl.json").read()
for k, v in json.load(open(f"{d}/substitutions.json")).items():
    text = text.replace("${" + k + "}", v)
print(text)
EOF
role=arn:aws:iam::123456789012:role/StepwiseE2E
sfn create-state-machine --name VehicleOrderCancellation --definition "file://$work/definition.json" --role-arn "$role"
expect_ok create-state-machine
sm=$(jget 'd["stateMachineArn"]' <<<"$out")
[[ $sm == arn:aws:states:us-east-1:123456789012:stateMachine:VehicleOrderCancellation ]] \
  || fail create-state-machine-arn "got $sm"

sfn list-state-machines
expect_ok list-state-machines && [[ $(jget '[m["name"] for m in d["stateMachines"]]' <<<"$out") == "['VehicleOrderCancellation']" ]] \
  || fail list-state-machines-content "$out"
sfn describe-state-machine --state-machine-arn "$sm"
expect_ok describe-state-machine
[[ $(jget 'd["status"] + " " + d["type"]' <<<"$out") == "ACTIVE STANDARD" ]] || fail describe-state-machine-fields "$out"

# Expected outcome of each case: `stepwise run` of the same definition and mocks.
expected() {  # case input name -> "STATUS<tab>normalized output or error"
  local -
  set +o pipefail  # stepwise run exits 1 for a failed execution
  "$stepwise" run "$work/definition.json" --mocks "$example/mocks.json" --test-case "$1" --input "$2" \
    --trace json --no-timing --name "$3" --state-machine-name VehicleOrderCancellation 2>/dev/null | $PY -c '
import json, re, sys
e = json.load(sys.stdin)["events"][-1]
norm = lambda t: json.dumps(json.loads(re.sub(r"arn:aws:states:[a-z0-9-]+:\d{12}:execution:[^\"]+", "<arn>", t)), sort_keys=True)
if e["type"] == "ExecutionSucceeded": print("SUCCEEDED\t" + norm(e["executionSucceededEventDetails"]["output"]))
else: print("FAILED\t" + e["executionFailedEventDetails"].get("error", ""))' 2>/dev/null \
    || echo "(stepwise run gave no trace)"
}

declare -A exec_arn
for spec in "HappyPath:input.json" "IneligiblePath:input-ineligible.json"; do
  case=${spec%%:*}
  input=$example/${spec#*:}
  sfn start-execution --state-machine-arn "$sm#$case" --name "cli-$case" --input "file://$input"
  expect_ok "start-execution $case" || continue
  exec_arn[$case]=$(jget 'd["executionArn"]' <<<"$out")
  [[ ${exec_arn[$case]} == arn:aws:states:us-east-1:123456789012:execution:VehicleOrderCancellation:cli-$case ]] \
    || fail "start-execution-arn $case" "got ${exec_arn[$case]}"
done

for spec in "HappyPath:input.json" "IneligiblePath:input-ineligible.json"; do
  case=${spec%%:*}
  arn=${exec_arn[$case]:-}
  [[ -n $arn ]] || continue
  state=RUNNING
  for _ in $(seq 200); do
    sfn describe-execution --execution-arn "$arn"
    [[ $rc -eq 0 ]] || break
    state=$(jget 'd["status"]' <<<"$out")
    [[ $state == RUNNING ]] || break
    sleep 0.1
  done
  expect_ok "describe-execution $case" || continue
  want=$(expected "$case" "$example/${spec#*:}" "cli-$case")
  if [[ $state == SUCCEEDED ]]; then
    got="SUCCEEDED	$(jget 'json.dumps(json.loads(__import__("re").sub(r"arn:aws:states:[a-z0-9-]+:\d{12}:execution:[^\"]+", "<arn>", d["output"])), sort_keys=True)' <<<"$out")"
  else
    sfn get-execution-history --execution-arn "$arn" --reverse-order --max-items 1
    got="$state	$(jget 'd["events"][0].get("executionFailedEventDetails", {}).get("error", "")' <<<"$out")"
  fi
  if [[ "$got" == "$want" ]]; then pass "outcome $case (${got%%	*})"; else fail "outcome $case" "got:  ${got:0:300}" "want: ${want:0:300}"; fi

  # The whole history (the CLI pages through it), then pages of 4 by hand.
  sfn get-execution-history --execution-arn "$arn"
  expect_ok "get-execution-history $case" || continue
  check=$($PY -c '
import json, sys
ev = json.load(sys.stdin)["events"]
assert [e["id"] for e in ev] == list(range(1, len(ev) + 1)), "ids"
assert ev[0]["type"] == "ExecutionStarted", ev[0]["type"]
assert ev[-1]["type"] in ("ExecutionSucceeded", "ExecutionFailed"), ev[-1]["type"]
print(len(ev))' <<<"$out" 2>&1) || { fail "history-shape $case" "$check"; continue; }
  total=$check
  sfn get-execution-history --execution-arn "$arn" --max-items 4 --page-size 4
  expect_ok "get-execution-history --max-items 4 $case"
  token=$(jget 'd.get("NextToken", "")' <<<"$out")
  n=$(jget 'len(d["events"])' <<<"$out")
  [[ $n -eq 4 && -n $token ]] || fail "history-page $case" "$n events, token '$token'"
  count=$n
  while [[ -n $token ]]; do
    sfn get-execution-history --execution-arn "$arn" --max-items 4 --page-size 4 --starting-token "$token"
    [[ $rc -eq 0 ]] || { fail "history-next-page $case" "$err"; break; }
    count=$((count + $(jget 'len(d["events"])' <<<"$out")))
    token=$(jget 'd.get("NextToken", "")' <<<"$out")
  done
  [[ $count -eq $total ]] && pass "history pages $case ($count events)" || fail "history pages $case" "$count of $total"
  sfn get-execution-history --execution-arn "$arn" --no-include-execution-data
  expect_ok "get-execution-history --no-include-execution-data $case"
  [[ $(jget 'sum(1 for e in d["events"] for k, v in e.items() if k.endswith("EventDetails") and isinstance(v, dict) and ("input" in v or "output" in v))' <<<"$out") == 0 ]] \
    || fail "no-include-execution-data $case" "input/output still present"
done

sfn list-executions --state-machine-arn "$sm"
expect_ok list-executions
[[ $(jget 'sorted(e["name"] for e in d["executions"])' <<<"$out") == "['cli-HappyPath', 'cli-IneligiblePath']" ]] \
  || fail list-executions-content "$out"
sfn list-executions --state-machine-arn "$sm" --status-filter SUCCEEDED
expect_ok "list-executions --status-filter SUCCEEDED"
[[ $(jget '[e["name"] for e in d["executions"]]' <<<"$out") == "['cli-HappyPath']" ]] || fail list-executions-filter "$out"
sfn list-executions --state-machine-arn "$sm" --status-filter FAILED
[[ $rc -eq 0 && $(jget '[e["name"] for e in d["executions"]]' <<<"$out") == "['cli-IneligiblePath']" ]] \
  && pass "list-executions --status-filter FAILED" || fail list-executions-failed "$out" "$err"

# stop-execution: an activity task nobody polls keeps the execution running, even on virtual time.
sfn create-activity --name cli-never-polled
expect_ok create-activity
act=$(jget 'd["activityArn"]' <<<"$out")
printf '{"StartAt":"Stuck","States":{"Stuck":{"Type":"Task","Resource":"%s","End":true}}}' "$act" >"$work/stuck.json"
sfn create-state-machine --name Stuck --definition "file://$work/stuck.json" --role-arn "$role"
expect_ok "create-state-machine Stuck"
stuck=$(jget 'd["stateMachineArn"]' <<<"$out")
sfn start-execution --state-machine-arn "$stuck" --name stop-me
expect_ok "start-execution Stuck"
stop_arn=$(jget 'd["executionArn"]' <<<"$out")
sleep 0.3
sfn describe-execution --execution-arn "$stop_arn"
[[ $(jget 'd["status"]' <<<"$out") == RUNNING ]] && pass "running before stop" || fail "running before stop" "$out"
sfn stop-execution --execution-arn "$stop_arn" --error CLI.Stop --cause "stopped from the AWS CLI"
expect_ok stop-execution
for _ in $(seq 50); do
  sfn describe-execution --execution-arn "$stop_arn"
  [[ $(jget 'd["status"]' <<<"$out") != RUNNING ]] && break
  sleep 0.1
done
[[ $(jget 'd["status"]' <<<"$out") == ABORTED ]] && pass "aborted after stop" || fail "aborted after stop" "$out"
sfn get-execution-history --execution-arn "$stop_arn" --reverse-order --max-items 1
[[ $(jget 'd["events"][0]["type"] + "|" + d["events"][0].get("executionAbortedEventDetails", {}).get("error", "") + "|" + d["events"][0].get("executionAbortedEventDetails", {}).get("cause", "")' <<<"$out") \
   == "ExecutionAborted|CLI.Stop|stopped from the AWS CLI" ]] && pass "ExecutionAborted event" || fail "ExecutionAborted event" "$out"

# Error cases: the CLI exits 254 for a service error and names the code on stderr.
expect_error() {  # name code
  if [[ $rc -eq 254 && $err == *"($2)"* ]]; then pass "$1 -> $2"; else fail "$1 -> $2" "exit $rc" "$err"; fi
}
sfn describe-execution --execution-arn arn:aws:states:us-east-1:123456789012:execution:VehicleOrderCancellation:missing
expect_error describe-execution-missing ExecutionDoesNotExist
sfn describe-state-machine --state-machine-arn arn:aws:states:us-east-1:123456789012:stateMachine:Missing
expect_error describe-state-machine-missing StateMachineDoesNotExist
sfn start-execution --state-machine-arn "$sm" --name cli-HappyPath --input '{"other":true}'
expect_error start-execution-duplicate ExecutionAlreadyExists
sfn start-execution --state-machine-arn "$sm" --input 'not json'
expect_error start-execution-bad-input InvalidExecutionInput
sfn describe-execution --execution-arn not-an-arn
expect_error describe-execution-bad-arn InvalidArn
sfn create-state-machine --name Broken --definition '{"StartAt":"Nope","States":{}}' --role-arn "$role"
expect_error create-state-machine-broken InvalidDefinition
sfn send-task-success --task-token garbage --task-output '{}'
expect_error send-task-success-garbage InvalidToken
# A newer operation through AWS_DATA_PATH's model.
sfn validate-state-machine-definition --definition "file://$work/definition.json"
[[ $rc -eq 0 && $(jget 'd["result"]' <<<"$out") == OK ]] && pass validate-state-machine-definition \
  || fail validate-state-machine-definition "exit $rc" "$out" "$err"
sfn redrive-execution --execution-arn "${exec_arn[HappyPath]:-missing}"
expect_error redrive-succeeded ExecutionNotRedrivable

# StartSyncExecution and TestState with the CLI's default settings: the CLI sends them to
# sync-stepwise.localhost (their host prefix, "sync-"), which resolves to loopback.
# https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html
# https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
pass_state='{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"sum":5},"End":true}}}'
sfn create-state-machine --name CliExpress --type EXPRESS --definition "$pass_state" --role-arn "$role"
express_arn=$(jget 'd["stateMachineArn"]' <<<"$out")
sfn start-sync-execution --state-machine-arn "$express_arn" --name cli-sync-1 --input '{"x":1}' --debug
if [[ $rc -eq 0 && $(jget 'd["status"], json.loads(d["output"])' <<<"$out") == "('SUCCEEDED', {'sum': 5})" ]] &&
   grep -q "url=http://sync-stepwise.localhost:$port/" <<<"$err"; then
  pass start-sync-execution
else
  fail start-sync-execution "exit $rc" "$out" "$(grep -m3 -e 'url=' -e 'Error' <<<"$err")"
fi
sfn test-state --definition '{"Type":"Pass","Result":{"ok":1},"End":true}' --role-arn "$role" --input '{}'
[[ $rc -eq 0 && $(jget 'd["status"], json.loads(d["output"])' <<<"$out") == "('SUCCEEDED', {'ok': 1})" ]] \
  && pass test-state || fail test-state "exit $rc" "$out" "$err"

# The server is still well after all that, and stops cleanly on SIGTERM.
sfn list-state-machines
expect_ok list-state-machines-at-end
kill -TERM "$server_pid"
for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$server_pid" 2>/dev/null; then
  fail "sigterm" "server still running 10 s after SIGTERM"
else
  wait "$server_pid"
  code=$?
  [[ $code -eq 0 || $code -eq 143 ]] && pass "sigterm (exit $code)" || fail "sigterm" "exit $code"
fi
[[ $status -ne 0 ]] && server_stderr
exit $status
