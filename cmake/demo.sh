#!/usr/bin/env bash
# The main job: installs the dependencies, builds and runs the demo.
# Usage: bash cmake/demo.sh [args passed to the demo]
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
cmake --preset gcc >/dev/null
cmake --build --preset gcc -j "$(nproc)" --target example_quickstart
exec build/gcc/examples/example_quickstart "$@"
