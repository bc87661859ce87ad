#!/usr/bin/env bash
# Instructions per message of the typed Kafka producer and consumer and of the raw librdkafka
# loops they are compared with (benchmarks/kafka/instructions.cpp), counted by callgrind on the
# calling thread: publish/produce and poll/consume each once per message, with all they call.
#   bash benchmarks/kafka/callgrind.sh [build-dir]   (default build/bench, the bench preset: g++ -O2)
# N messages (EVENTS_KAFKA_CALLGRIND_N, default 5000); per message = counted instructions / N.
# Then what the typed consumer does per message beyond decode and validate (its poll less the
# `decode` mode: from_json of the same bytes into a reused event), beside raw librdkafka's consume
# of one message per poll (consume_raw, the C API). The typed consumer takes what librdkafka's
# queue holds a batch at a time (kafka/detail/prefetch.hpp), so its share of librdkafka is less
# than consume_raw: the rest is identify, dedupe, dispatch and bookkeeping.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build/bench}"
n="${EVENTS_KAFKA_CALLGRIND_N:-5000}"
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed (Debian: valgrind)" >&2; exit 1; }
if [ ! -f "$build/CMakeCache.txt" ]; then
  (cd "$root" && cmake --preset bench -B "$build" >/dev/null)
fi
cmake --build "$build" --target events_kafka_callgrind >/dev/null
bin="$build/benchmarks/events_kafka_callgrind"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
declare -A per
for mode in produce_raw produce_typed consume_raw consume_typed decode; do
  valgrind --tool=callgrind --toggle-collect='measured_*' --callgrind-out-file="$tmp/$mode.out" \
    "$bin" "$mode" "$n" >"$tmp/$mode.log" 2>&1 ||
    { cat "$tmp/$mode.log" >&2; echo "callgrind.sh: $mode failed" >&2; exit 1; }
  total=$(awk '/^summary:/ {print $2}' "$tmp/$mode.out")
  per[$mode]=$((total / n))
  echo "$mode: ${per[$mode]} instructions per message"
  [ -z "${EVENTS_KAFKA_CALLGRIND_KEEP:-}" ] || cp "$tmp/$mode.out" "$EVENTS_KAFKA_CALLGRIND_KEEP.$mode"
done
beyond=$((per[consume_typed] - per[decode]))
echo "consume_typed beyond decode and validate: $beyond instructions per message" \
  "(raw librdkafka's consume, one message a poll: ${per[consume_raw]})"
