#!/usr/bin/env bash
# CPU per Kafka message against the stacks a user would pick instead: raw librdkafka, this library
# typed, Python (confluent-kafka + Pydantic v2) and Node (kafkajs + ajv), each client its own
# process, the broker in another (`events kafka serve`). See benchmarks/kafka/cost.py.
#   bash benchmarks/kafka/cost.sh [build-dir] [cost.py options: --messages N --runs R --partitions P]
# (default build/bench, the bench preset: g++ -O2). Needs Debian's python3-confluent-kafka for
# /usr/bin/python3, a Python with pydantic 2 (python3, or build/python from install-deps.sh),
# node and tests/js/node_modules (npm ci there).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$root/build/bench"
if [[ $# -gt 0 && $1 != --* ]]; then build="$1"; shift; fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  (cd "$root" && cmake --preset bench -B "$build" >/dev/null)
fi
cmake --build "$build" --target events_tool events_kafka_cost >/dev/null
py=python3
[ -x "$root/build/python/bin/python" ] && py="$root/build/python/bin/python"
pydantic_dir=$("$py" -c 'import os, pydantic; assert pydantic.VERSION >= "2"; print(os.path.dirname(os.path.dirname(pydantic.__file__)))') ||
  { echo "cost.sh: no Python with pydantic 2 (cmake/install-deps.sh makes build/python)" >&2; exit 1; }
/usr/bin/python3 -c 'import confluent_kafka' 2>/dev/null ||
  { echo "cost.sh: /usr/bin/python3 lacks confluent_kafka (Debian: python3-confluent-kafka)" >&2; exit 1; }
[ -d "$root/tests/js/node_modules/kafkajs" ] || { echo "cost.sh: npm ci in tests/js first" >&2; exit 1; }
exec python3 "$root/benchmarks/kafka/cost.py" --events "$build/tools/events" --client "$build/benchmarks/events_kafka_cost" \
  --pydantic "$pydantic_dir" --python /usr/bin/python3 --node node "$@"
