#!/usr/bin/env bash
# Instructions per encode, per decode into a reused event and per fresh decode of the benchmark
# event (benchmarks/task_event.hpp), and of the hand-written nlohmann_json baseline events_bench
# compares with; and per read and write of the peers' benchmark object (benchmarks/peer_object.hpp),
# ours and nlohmann_json's. Counted by callgrind: each operation runs N and 2N times and the
# difference / N is printed, so start-up and first-call costs cancel out. Instruction counts do not move with the
# machine's load, as times do.
#   bash benchmarks/callgrind.sh [build-dir]   (default build/bench, configured with the bench preset: g++ -O2)
# N defaults to 2000 (EVENTS_CALLGRIND_N).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build/bench}"
n="${EVENTS_CALLGRIND_N:-2000}"
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed (Debian: valgrind)" >&2; exit 1; }
if [ ! -f "$build/CMakeCache.txt" ]; then
  (cd "$root" && cmake --preset bench -B "$build" >/dev/null)
fi
cmake --build "$build" --target events_callgrind >/dev/null
bin="$build/benchmarks/events_callgrind"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
count() {  # mode iterations -> total instructions
  valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$bin" "$1" "$2" 2>"$tmp/log" ||
    { cat "$tmp/log" >&2; echo "callgrind.sh: events_callgrind $1 $2 failed" >&2; exit 1; }
  awk '/^summary:/ {print $2}' "$tmp/out"
}
declare -A per
for mode in encode decode fresh baseline_encode baseline_decode peer_read nlohmann_peer_read peer_write nlohmann_peer_write; do
  a=$(count "$mode" "$n")
  b=$(count "$mode" $((2 * n)))
  per[$mode]=$(( (b - a) / n ))
  echo "$mode: ${per[$mode]} instructions per call"
done
# The same comparisons events_bench makes, in instructions instead of time.
ratio() { awk -v a="$2" -v b="$3" -v name="$1" 'BEGIN { printf "%s: %.1fx fewer instructions than the nlohmann_json baseline\n", name, b / a }'; }
ratio encode "${per[encode]}" "${per[baseline_encode]}"
ratio decode "${per[decode]}" "${per[baseline_decode]}"
ratio decode_fresh "${per[fresh]}" "${per[baseline_decode]}"
# The peers' benchmark object (peer_object.hpp), against nlohmann_json on the same structs.
ratio peer_object_read "${per[peer_read]}" "${per[nlohmann_peer_read]}"
ratio peer_object_write "${per[peer_write]}" "${per[nlohmann_peer_write]}"
