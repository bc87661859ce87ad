#!/usr/bin/env bash
# The main job: installs the dependencies, builds and runs the service pipeline on the embedded
# Kafka cluster (librdkafka's mock brokers on 127.0.0.1).
# Usage: bash cmake/demo.sh [--bootstrap HOST:PORT]   (a real cluster; see docs/kafka.md)
#        bash cmake/demo.sh --dapr                     (seed 003 on Dapr, over the sidecar double)
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh --no-test-deps
cmake --preset gcc >/dev/null
if [[ ${1:-} == --dapr ]]; then
  cmake --build --preset gcc -j "$(nproc)" --target example_dapr_demo
  exec build/gcc/examples/dapr/example_dapr_demo
fi
cmake --build --preset gcc -j "$(nproc)" --target example_kafka_pipeline
exec build/gcc/examples/kafka/example_kafka_pipeline "$@"
