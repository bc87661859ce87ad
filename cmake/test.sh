#!/usr/bin/env bash
# Every test: installs the dependencies, then builds and runs the test suite in each
# configuration: g++ 12 (plus header, compile-fail and package checks) and clang++ 14 with
# AddressSanitizer + UBSan. Both build with -Wall -Wextra -Wpedantic -Werror.
# A configuration's tests start as soon as it is built and run while the next one builds and
# tests: much of their time is spent waiting on the embedded brokers, Python and node, which
# leaves a core free for the compiler. Each configuration's test log is printed whole when the
# runs end; the script fails if any test failed, or was skipped or not run, or if fewer tests ran
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

for p in "${presets[@]}"; do
  echo "=== $p: build ==="
  cmake --preset "$p" >/dev/null
  cmake --build --preset "$p" -j "$jobs"
  rm -f "build/$p/ctest.xml"
  ctest --preset "$p" -j "$jobs" --output-junit "$PWD/build/$p/ctest.xml" >"build/$p/ctest.log" 2>&1 &
  pids+=($!)
done
for i in "${!presets[@]}"; do
  if wait "${pids[$i]}"; then rc=0; else rc=$?; fi
  echo "=== ${presets[$i]}: tests ==="
  cat "build/${presets[$i]}/ctest.log"
  if ((rc != 0)); then status=1; fi
  # No skipped or unbuilt test, and no fewer tests than cmake/test_floor.txt keeps per area.
  if ! python3 cmake/check_test_run.py "build/${presets[$i]}/ctest.xml" "${presets[$i]}" cmake/test_floor.txt; then
    status=1
  fi
done
pids=()
exit "$status"
