#!/usr/bin/env bash
# The main job: installs the dependencies, builds and runs the service pipeline on the embedded
# Kafka cluster (librdkafka's mock brokers on 127.0.0.1).
# Usage: bash cmake/demo.sh [--bootstrap HOST:PORT]   (a real cluster; see docs/kafka.md)
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
cmake --preset gcc >/dev/null
cmake --build --preset gcc -j "$(nproc)" --target example_kafka_pipeline
exec build/gcc/examples/kafka/example_kafka_pipeline "$@"
