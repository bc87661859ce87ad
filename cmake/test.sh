#!/usr/bin/env bash
# Every test: installs the dependencies, then builds and runs the test suite in each
# configuration: g++ 12 (plus header, compile-fail and package checks) and clang++ 14 with
# AddressSanitizer + UBSan. Both build with -Wall -Wextra -Wpedantic -Werror.
# A configuration's tests run while the next one builds: much of their time is spent waiting on
# the embedded brokers, Python and node, which leaves a core free for the compiler. Each
# configuration's test log is printed whole when it ends; the script fails if any test failed.
# Usage: bash cmake/test.sh [preset...]     (default: gcc asan; also: clang, without sanitizers)
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
presets=("$@")
if ((${#presets[@]} == 0)); then presets=(gcc asan); fi
jobs=$(nproc)
status=0
pending="" pending_pid=""
trap '[[ -n $pending_pid ]] && kill "$pending_pid" 2>/dev/null || true' EXIT

finish_pending() {
  [[ -n $pending ]] || return 0
  if wait "$pending_pid"; then rc=0; else rc=$?; fi
  echo "=== $pending: tests ==="
  cat "build/$pending/ctest.log"
  if ((rc != 0)); then status=1; fi
  pending="" pending_pid=""
}

for p in "${presets[@]}"; do
  echo "=== $p: build ==="
  cmake --preset "$p" >/dev/null
  cmake --build --preset "$p" -j "$jobs"
  finish_pending
  ctest --preset "$p" -j "$jobs" >"build/$p/ctest.log" 2>&1 &
  pending="$p" pending_pid=$!
done
finish_pending
exit "$status"
