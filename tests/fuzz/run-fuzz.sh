#!/usr/bin/env bash
# run-fuzz.sh TARGET SECONDS DICT REGRESSIONS SEEDS
# SECONDS = 0: replays every input in REGRESSIONS once; each must pass.
# SECONDS > 0: fuzzes TARGET for that long from SEEDS (the regressions are
# slow on purpose and left out), into a temporary corpus. A crash is saved
# as crash-* in the current folder and fails the run.
set -euo pipefail
target="$1" seconds="$2" dict="$3" regressions="$4" seeds="$5"

if [ "$seconds" -eq 0 ]; then
  shopt -s nullglob
  inputs=("$regressions"/*)
  [ ${#inputs[@]} -gt 0 ] || { echo "No regression inputs in $regressions"; exit 1; }
  "$target" -runs=1 "${inputs[@]}" 2>&1 | grep -v '^INFO:' | tail -n 20
  echo "${#inputs[@]} regression inputs passed"
  exit 0
fi

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
"$target" -max_total_time="$seconds" -dict="$dict" -max_len=8192 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 "$corpus" "$seeds" 2>&1 | tail -n 12
