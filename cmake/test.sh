#!/usr/bin/env bash
# Every test: installs the dependencies, then builds and runs the test suite in each
# configuration: g++ 12 (plus header, compile-fail and package checks) and clang++ 14 with
# AddressSanitizer + UBSan. Both build with -Wall -Wextra -Wpedantic -Werror.
# A configuration's tests start as soon as their binaries are built and run while the rest builds
# (the Kafka chain first, see below) and while the next configuration builds: much of their time
# is spent waiting on the embedded brokers, Python and node, which leaves a core to the compiler.
# The benchmarks are not built here (.ci/run builds and runs them after, benchmarks/smoke.sh).
# Each configuration's test log is printed whole when the runs end, with the phases' times and the
# CPU seconds used; the script fails if any test failed, or was skipped or not run, or if fewer tests ran
# than cmake/test_floor.txt keeps for the configuration (cmake/check_test_run.py).
# Usage: bash cmake/test.sh [preset...]     (default: gcc asan; also: clang, without sanitizers)
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
presets=("$@")
if ((${#presets[@]} == 0)); then presets=(gcc asan); fi
jobs=$(nproc)
status=0
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT

# The tests that take turns on the embedded Kafka cluster (one resource lock) are one long chain,
# mostly waiting on brokers, Python and node: every configuration builds their binaries first and
# starts them, then the rest builds while they run. The compiler runs at a lower priority (nice), so
# a test's broker, client or peer gets a core as soon as it has work: the tests keep their timing.
chain='^(kafka_tests|ops_tests|schema_registry_kafka_tests)\.|^example\.kafka_pipeline$|^soak\.'
chain_targets=(kafka_tests ops_tests schema_registry_kafka_tests example_kafka_pipeline events_soak)
runs=()
start_tests() {  # preset name ctest-args...: one ctest run in the background, its log and report
  local p=$1 name=$2
  shift 2
  rm -f "build/$p/$name.xml"
  ctest --preset "$p" -j "$jobs" --output-junit "$PWD/build/$p/$name.xml" "$@" >"build/$p/$name.log" 2>&1 &
  pids+=($!)
  runs+=("$p/$name")
}
# Every configuration's Kafka chain first (both chains then wait side by side while everything
# else compiles), then each configuration's other binaries and tests.
for p in "${presets[@]}"; do
  echo "=== $p: build the Kafka tests (${SECONDS} s) ==="
  cmake --preset "$p" >/dev/null
  have=()
  for t in "${chain_targets[@]}"; do
    if ninja -C "build/$p" -t query "$t" >/dev/null 2>&1; then have+=("$t"); fi
  done
  if ((${#have[@]} > 0)); then
    nice -n 10 cmake --build --preset "$p" -j "$jobs" --target "${have[@]}"
  fi
  start_tests "$p" kafka -R "$chain"
done
# Then the rest, the last configuration first: with the default order, asan's other tests are few
# and quick and run while gcc's rest compiles; gcc's (116 header checks, compile-fail, Python and
# node) come last, with the cores to themselves once the compiles are done. Built the other way
# round, gcc's CPU-bound checks starved asan's compiles and the run ended on them, one core idle.
for ((i = ${#presets[@]} - 1; i >= 0; i--)); do
  p=${presets[$i]}
  echo "=== $p: build (${SECONDS} s) ==="
  nice -n 10 cmake --build --preset "$p" -j "$jobs"
  start_tests "$p" rest -E "$chain"
done
echo "=== every configuration built (${SECONDS} s) ==="
for i in "${!runs[@]}"; do
  if wait "${pids[$i]}"; then rc=0; else rc=$?; fi
  echo "=== ${runs[$i]}: tests (ended by ${SECONDS} s) ==="
  cat "build/${runs[$i]}.log"
  if ((rc != 0)); then status=1; fi
done
for p in "${presets[@]}"; do
  # No skipped or unbuilt test, and no fewer tests than cmake/test_floor.txt keeps per area.
  if ! python3 cmake/check_test_run.py "build/$p/kafka.xml,build/$p/rest.xml" "$p" cmake/test_floor.txt; then
    status=1
  fi
done
pids=()
echo "=== test.sh: ${SECONDS} s; CPU seconds (user, sys) of this script, then of every process it waited for: ==="
times
exit "$status"
