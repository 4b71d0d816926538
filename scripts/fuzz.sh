#!/usr/bin/env bash
# Runs every libFuzzer binary in DIR for SECONDS each, with a corpus kept in
# fuzz/corpus-<name>/ (not committed). Stops at the first problem found.
set -uo pipefail
dir=${1:?usage: fuzz.sh DIR SECONDS}
seconds=${2:-60}
for fuzzer in "$dir"/*_fuzz; do
  name=$(basename "$fuzzer")
  corpus="fuzz/corpus-$name"
  log="fuzz/corpus-$name.log"
  mkdir -p "$corpus"
  seeds=()
  [[ -d "fuzz/seeds/$name" ]] && seeds=("fuzz/seeds/$name")
  echo "== $name for ${seconds}s"
  "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    "$corpus" "${seeds[@]}" >"$log" 2>&1
  status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$log"
  if [[ $status -ne 0 ]]; then
    grep -E 'ERROR|SUMMARY|Test unit written' "$log" >&2
    echo "$name found a problem (full log: $log)" >&2
    exit 1
  fi
done
