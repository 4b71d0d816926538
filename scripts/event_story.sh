#!/usr/bin/env bash
# The example's event story, end to end in one command: serve the example with
# its real handlers and its event contract, archive its OrderCancellationUpdated
# events, run it, show every OrderCancellationUpdated event of the run (the
# rules it matched, each delivery, whether it met its contract), then replay
# the archive's window of that run into a second rule and show what it got.
#
#   scripts/event_story.sh [STEPWISE_BIN]       (default build/stepwise)
#
# Uses the AWS CLI (/usr/bin/aws, or $AWS_CLI) with --endpoint-url, as against
# AWS; the server runs on a free port with a temporary data directory, and
# --virtual-time, so the example's Wait takes no time. Exits non-zero (naming
# the step) if any step does not happen as described.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stepwise="${1:-$root/build/stepwise}"
example="$root/examples/vehicle-order-cancellation"
AWS="${AWS_CLI:-/usr/bin/aws}"
PY=/usr/bin/python3
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
account=123456789012
bus_arn="arn:aws:events:us-east-1:$account:event-bus/default"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "event_story: $*" >&2; echo "--- server log ---" >&2; tail -30 "$work/serve.log" >&2 || true; exit 1; }
step() { printf '\n== %s\n' "$*"; }

# The handler's per-order files go to the temporary directory, not the example's outbox.
export CANCELLATION_UPDATES_DIR="$work/updates" ORDER_WAIT_MS=15000

step "1. stepwise serve with the example's functions (--project) and contract (--schema-dir)"
echo "\$ stepwise serve --project $example/stepwise.json --schema-dir $example/events/schemas --virtual-time --port 0"
"$stepwise" serve --host 127.0.0.1 --port 0 --data-dir "$work/data" --virtual-time \
  --project "$example/stepwise.json" --schema-dir "$example/events/schemas" \
  > "$work/serve.out" 2> "$work/serve.log" &
server_pid=$!
for _ in $(seq 1 300); do
  port="$(sed -n 's#^stepwise serve: listening on http://127.0.0.1:\([0-9]*\)$#\1#p' "$work/serve.out")"
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || fail "stepwise serve exited before listening"
  sleep 0.1
done
[ -n "$port" ] || fail "stepwise serve did not listen within 30 s"
endpoint="http://127.0.0.1:$port"
echo "listening on $endpoint"
aws() { "$AWS" --endpoint-url "$endpoint" --output json "$@"; }

step "2. The state machine and the example's rules (events/setup.sh, the AWS CLI)"
bash "$example/events/setup.sh" "$endpoint" || fail "events/setup.sh failed"

step "3. An archive of every OrderCancellationUpdated event"
aws events create-archive --archive-name order-cancellation-updates --event-source-arn "$bus_arn" \
  --event-pattern '{"source":["vehicle-orders.order-cancellation"],"detail-type":["OrderCancellationUpdated"]}' \
  --query ArchiveArn --output text

step "4. Run the example (input.json)"
execution="$(aws stepfunctions start-execution \
  --state-machine-arn "arn:aws:states:us-east-1:$account:stateMachine:VehicleOrderCancellation" \
  --name story --input "file://$example/input.json" --query executionArn --output text)"
for _ in $(seq 1 600); do
  status="$(aws stepfunctions describe-execution --execution-arn "$execution" --query status --output text)"
  [ "$status" != RUNNING ] && break
  sleep 0.1
done
echo "$execution: $status"
[ "$status" = SUCCEEDED ] || fail "the execution ended $status"

step "5. Every OrderCancellationUpdated event of the run (GET /ui/bus/events): rules matched, deliveries, contract"
# Two: the run's RUNNING and SUCCEEDED updates, each delivered to the log group.
"$PY" - "$endpoint" "$execution" <<'PYEOF' || fail "the run's OrderCancellationUpdated events did not all arrive, delivered and valid"
import datetime, json, sys, time, urllib.request
endpoint, execution = sys.argv[1:3]
deadline = time.monotonic() + 60
while True:
    with urllib.request.urlopen(endpoint + "/ui/bus/events?limit=1000", timeout=30) as resp:
        events = json.load(resp)["events"]
    mine = [e for e in events if e["detailType"] == "OrderCancellationUpdated"
            and e["detail"]["data"]["id"] == execution]
    delivered = all(d["status"] == "delivered" for e in mine for m in e["matches"] for d in m["deliveries"])
    if len(mine) >= 2 and delivered:
        break
    if time.monotonic() > deadline:
        sys.exit(f"{len(mine)} OrderCancellationUpdated events of the run, delivered: {delivered}")
    time.sleep(0.1)
for e in mine:
    schema = e["schema"]
    verdict = "no contract" if schema is None else \
        f"meets {schema['name']} v{schema['version']}" if schema["valid"] else \
        f"BREAKS {schema['name']}: " + "; ".join(v.get("message", "") for v in schema["violations"])
    when = datetime.datetime.fromtimestamp(e["time"], datetime.timezone.utc).strftime("%H:%M:%S")
    print(f"{when}  {e['detailType']}  status={e['detail']['data']['status']} "
          f"revision={e['detail']['data']['revision']}  sent by {e['sentBy'].rsplit(':', 1)[-1]}")
    print(f"    contract: {verdict}")
    for m in e["matches"]:
        for d in m["deliveries"]:
            print(f"    rule {m['rule']} -> {d['targetArn']}: {d['status']}")
if not all(e["schema"] and e["schema"]["valid"] for e in mine):
    sys.exit("an event does not meet its contract")
PYEOF

step "6. A second rule for replayed events only (\"replay-name\": [{\"exists\": true}]) -> a log group"
replay_rule="$(aws events put-rule --name OrderCancellationReplays \
  --event-pattern '{"source":["vehicle-orders.order-cancellation"],"replay-name":[{"exists":true}]}' \
  --query RuleArn --output text)"
aws events put-targets --rule OrderCancellationReplays \
  --targets "Id=log,Arn=arn:aws:logs:us-east-1:$account:log-group:order-cancellation-replays" \
  --query FailedEntryCount --output text > /dev/null
echo "$replay_rule"

step "7. Replay the run's window of the archive into that rule only (FilterArns)"
aws events describe-archive --archive-name order-cancellation-updates \
  --query '{archive: ArchiveName, events: EventCount, bytes: SizeBytes}'
window="$("$PY" - "$work/data/logs/order-cancellation-updates.jsonl" <<'PYEOF'
import datetime, json, sys
times = [json.loads(line)["time"] for line in open(sys.argv[1]) if line.strip()]
parse = lambda t: datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
start, end = min(map(parse, times)), max(map(parse, times)) + datetime.timedelta(seconds=1)
print(start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ"))
PYEOF
)"
read -r start end <<< "$window"
echo "\$ aws events start-replay --replay-name story-replay --event-start-time $start --event-end-time $end ..."
aws events start-replay --replay-name story-replay \
  --event-source-arn "arn:aws:events:us-east-1:$account:archive/order-cancellation-updates" \
  --event-start-time "$start" --event-end-time "$end" \
  --destination "{\"Arn\":\"$bus_arn\",\"FilterArns\":[\"$replay_rule\"]}" --query State --output text
for _ in $(seq 1 300); do
  state="$(aws events describe-replay --replay-name story-replay --query State --output text)"
  [ "$state" = COMPLETED ] || [ "$state" = FAILED ] && break
  sleep 0.1
done
echo "replay story-replay: $state"
[ "$state" = COMPLETED ] || fail "the replay ended $state"

step "8. What the second rule received (DATA_DIR/logs/order-cancellation-replays.jsonl)"
"$PY" - "$work/data/logs" <<'PYEOF' || fail "the replayed events are not the run's"
import json, os, sys, time
logs = sys.argv[1]
read = lambda name: [json.loads(l) for l in open(os.path.join(logs, name + ".jsonl")) if l.strip()] \
    if os.path.exists(os.path.join(logs, name + ".jsonl")) else []
originals = read("order-cancellation-updates")
deadline = time.monotonic() + 30
while len(read("order-cancellation-replays")) < len(originals) and time.monotonic() < deadline:
    time.sleep(0.1)
replayed = read("order-cancellation-replays")
for e in replayed:
    print(f"{e['time']}  {e['detail-type']}  status={e['detail']['data']['status']}  "
          f"id={e['id']}  replay-name={e.get('replay-name')}")
if sorted(e["id"] for e in replayed) != sorted(e["id"] for e in originals):
    sys.exit("the replayed ids differ from the archived ones")
if any(e.get("replay-name") != "story-replay" for e in replayed):
    sys.exit("a replayed event without replay-name")
if len(read("order-cancellation-updates")) != len(originals):
    sys.exit("the first rule got replayed events (FilterArns)")
print(f"{len(replayed)} events replayed, the same ids as the run's, each with replay-name; "
      "the first rule got none of them")
PYEOF
