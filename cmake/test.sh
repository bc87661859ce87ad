#!/usr/bin/env bash
# Every test: installs the dependencies, then builds and runs the test suite in each
# configuration: g++ 12 (optimized, plus header, compile-fail and package checks) and clang++ 14
# with AddressSanitizer + UBSan. Both build with -Wall -Wextra -Wpedantic -Werror.
# Usage: bash cmake/test.sh [preset...]     (default: gcc asan; also: clang, without sanitizers)
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
presets=("$@")
if ((${#presets[@]} == 0)); then presets=(gcc asan); fi
jobs=$(nproc)
for p in "${presets[@]}"; do
  echo "=== $p ==="
  cmake --preset "$p" >/dev/null
  cmake --build --preset "$p" -j "$jobs"
  ctest --preset "$p" -j "$jobs"
done
