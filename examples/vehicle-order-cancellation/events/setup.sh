#!/usr/bin/env bash
# Sets up the example on a running `stepwise serve`: creates the
# VehicleOrderCancellation state machine and applies events/rules.json (rules and
# targets on the default bus) with the AWS CLI, as one would against AWS.
#
#   events/setup.sh [ENDPOINT] [--substitutions FILE]
#
# ENDPOINT defaults to $STEPWISE_ENDPOINT_URL, then http://stepwise.localhost:8083.
# The definition's ${...FunctionArn} placeholders get the local function ARNs of
# the project's stepwise.json (arn:aws:lambda:us-east-1:123456789012:function:ValidateOrder,
# ...), which serve both the real handlers (serve --project) and mocks (--mock-config,
# matched by state name). --substitutions substitutions.json applies the deployed names
# instead (vehicle-orders-ValidateOrder, ...): fine with mocks, unknown to --project.
# Re-running it is safe: the state machine is updated, rules and targets are put again.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
example="$(dirname "$here")"
endpoint="${STEPWISE_ENDPOINT_URL:-http://stepwise.localhost:8083}"
substitutions=""
while [ $# -gt 0 ]; do
  case "$1" in
    --substitutions) substitutions="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) endpoint="$1"; shift ;;
  esac
done

AWS="${AWS_CLI:-/usr/bin/aws}"
PY=/usr/bin/python3
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}" AWS_PAGER=""
region="$AWS_DEFAULT_REGION"
account=123456789012
machine=VehicleOrderCancellation
aws() { "$AWS" --endpoint-url "$endpoint" --output json "$@"; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. The state machine, with its placeholders substituted.
"$PY" - "$example" "$substitutions" "$region" "$account" > "$work/definition.json" <<'PYEOF'
import json, os, sys
example, subs_file, region, account = sys.argv[1:5]
text = open(os.path.join(example, "statemachine.asl.json"), encoding="utf-8").read()
if subs_file:
    values = json.load(open(subs_file, encoding="utf-8"))
else:
    project = json.load(open(os.path.join(example, "stepwise.json"), encoding="utf-8"))
    values = {}
    for key, value in project.get("substitutions", {}).items():
        if isinstance(value, dict) and "function" in value:
            value = f"arn:aws:lambda:{region}:{account}:function:{value['function']}"
        values[key] = value if isinstance(value, str) else json.dumps(value)
for key, value in values.items():
    text = text.replace("${" + key + "}", value)
if "${" in text:
    sys.exit("setup.sh: a ${...} placeholder is left in the definition")
sys.stdout.write(text)
PYEOF

role="arn:aws:iam::$account:role/VehicleOrderCancellationRole"
arn="arn:aws:states:$region:$account:stateMachine:$machine"
if aws stepfunctions describe-state-machine --state-machine-arn "$arn" > /dev/null 2>&1; then
  aws stepfunctions update-state-machine --state-machine-arn "$arn" \
    --definition "file://$work/definition.json" > /dev/null
  echo "updated  $arn"
else
  aws stepfunctions create-state-machine --name "$machine" --role-arn "$role" \
    --definition "file://$work/definition.json" > /dev/null
  echo "created  $arn"
fi

# 2. The rules and their targets (events/rules.json, ${Region} and ${AccountId} filled in).
"$PY" - "$here/rules.json" "$region" "$account" "$work" <<'PYEOF'
import json, os, sys
rules_file, region, account, work = sys.argv[1:5]
text = open(rules_file, encoding="utf-8").read().replace("${Region}", region).replace("${AccountId}", account)
for i, rule in enumerate(json.loads(text)["rules"]):
    with open(os.path.join(work, f"rule-{i}.env"), "w") as f:
        f.write(rule["Name"] + "\n" + rule.get("EventBusName", "default") + "\n" + rule.get("State", "ENABLED") + "\n"
                + rule.get("Description", "") + "\n")
    with open(os.path.join(work, f"rule-{i}.pattern.json"), "w") as f:
        json.dump(rule["EventPattern"], f)
    with open(os.path.join(work, f"rule-{i}.targets.json"), "w") as f:
        json.dump(rule["Targets"], f)
PYEOF

for env in "$work"/rule-*.env; do
  base="${env%.env}"
  { read -r name; read -r bus; read -r state; read -r description; } < "$env"
  rule_arn="$(aws events put-rule --name "$name" --event-bus-name "$bus" --state "$state" \
    --description "$description" --event-pattern "file://$base.pattern.json" --query RuleArn --output text)"
  failed="$(aws events put-targets --rule "$name" --event-bus-name "$bus" \
    --targets "file://$base.targets.json" --query FailedEntryCount --output text)"
  if [ "$failed" != "0" ]; then
    echo "setup.sh: put-targets of $name: $failed targets failed" >&2
    exit 1
  fi
  echo "rule     $rule_arn -> $("$PY" -c 'import json,sys; print(", ".join(t["Arn"] for t in json.load(open(sys.argv[1]))))' "$base.targets.json")"
done
