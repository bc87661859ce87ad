#!/usr/bin/env bash
# Every test: installs the dependencies, then builds and runs the test suite in each
# configuration: g++ 12, clang++ 14, and clang++ 14 with AddressSanitizer + UBSan.
# Usage: bash cmake/test.sh [preset...]     (default: gcc clang asan)
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
presets=("$@")
if ((${#presets[@]} == 0)); then presets=(gcc clang asan); fi
jobs=$(nproc)
for p in "${presets[@]}"; do
  echo "=== $p ==="
  cmake --preset "$p" >/dev/null
  cmake --build --preset "$p" -j "$jobs"
  ctest --preset "$p" -j "$jobs"
done
