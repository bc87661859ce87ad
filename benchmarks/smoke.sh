#!/usr/bin/env bash
# Builds the benchmarks with the bench preset (g++ -O2) and runs each program once, briefly, so that
# none rots: events_bench (every benchmark for 10 ms and its ratio lines), the callgrind counts of
# the codec and of the Kafka client with small N, and the Kafka cost comparison with few messages.
# The figures of such a run mean nothing; README's come from report.py, callgrind.sh and cost.sh.
# The test command (cmake/test.sh) does not build the benchmarks: .ci/run runs this after it.
#   bash benchmarks/smoke.sh [build-dir]   (default build/bench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build/bench}"
if [ ! -f "$build/CMakeCache.txt" ]; then
  (cd "$root" && cmake --preset bench -B "$build" >/dev/null)
fi
nice -n 10 cmake --build "$build" -j "$(nproc)"
step() { echo "=== smoke: $* ==="; }
step events_bench
"$build/benchmarks/events_bench" --benchmark_min_time=0.01 --benchmark_color=false
step callgrind.sh
EVENTS_CALLGRIND_N=20 bash "$root/benchmarks/callgrind.sh" "$build"
step kafka/callgrind.sh
EVENTS_KAFKA_CALLGRIND_N=50 bash "$root/benchmarks/kafka/callgrind.sh" "$build"
step kafka/cost.sh
bash "$root/benchmarks/kafka/cost.sh" "$build" --messages 2000 --runs 1
echo "smoke: every benchmark program ran"
