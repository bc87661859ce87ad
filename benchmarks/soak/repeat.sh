#!/usr/bin/env bash
# Runs events_soak N times and prints one line a run (its "soak-run:" summary), then the totals:
# runs, failures, faults, lost, stalls and the worst p99. With --busy, a busy loop runs on one core
# beside each run (a machine whose CPU is taken by another process).
# Usage: bash benchmarks/soak/repeat.sh N [--busy] [events_soak arguments...]
#        (default arguments: --events 300000 --fault-every-ms 3000; SOAK=path/to/events_soak)
set -uo pipefail
cd "$(dirname "$0")/../.."
runs=${1:?usage: repeat.sh N [--busy] [events_soak arguments...]}
shift
busy=0
if [[ ${1:-} == --busy ]]; then busy=1; shift; fi
args=("$@")
if ((${#args[@]} == 0)); then args=(--events 300000 --fault-every-ms 3000); fi
soak=${SOAK:-build/bench/benchmarks/soak/events_soak}
[[ -x $soak ]] || { echo "repeat.sh: $soak not built (cmake --preset bench && cmake --build --preset bench --target events_soak)" >&2; exit 2; }
logs=$(mktemp -d)
failed=0 faults=0 lost=0 stalls=0 worst=0
for ((i = 1; i <= runs; i++)); do
  busy_pid=""
  if ((busy)); then (while :; do :; done) & busy_pid=$!; fi
  "$soak" "${args[@]}" >"$logs/$i.log" 2>&1
  rc=$?
  [[ -n $busy_pid ]] && kill "$busy_pid" 2>/dev/null && wait "$busy_pid" 2>/dev/null
  line=$(grep '^soak-run:' "$logs/$i.log" || echo "soak-run: no summary (exit $rc)")
  echo "run $i: ${line#soak-run: }"
  ((rc == 0)) || { failed=$((failed + 1)); echo "  log: $logs/$i.log"; }
  read -r f l s p < <(sed -E -n 's/.* faults ([0-9]+) lost ([0-9]+) .* stalls ([0-9]+) .* p99-ms ([0-9.]+) .*/\1 \2 \3 \4/p' <<<"$line")
  faults=$((faults + ${f:-0})) lost=$((lost + ${l:-0})) stalls=$((stalls + ${s:-0}))
  worst=$(awk -v a="$worst" -v b="${p:-0}" 'BEGIN { print (b > a ? b : a) }')
done
echo "repeat: $runs runs$( ((busy)) && echo ' beside a busy loop'), $failed failed; faults $faults, lost $lost, stalls $stalls, worst p99 ${worst} ms"
((failed == 0))
