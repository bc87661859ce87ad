#!/usr/bin/env bash
# Compile time of the probes in this folder at -O2 with the given compiler (default g++): N runs
# (default 5), the probes interleaved in each run so that a slow minute of the machine slows all of
# them; the fastest and the median wall and user seconds, peak memory and preprocessed lines.
# Wall times here drift by a third from minute to minute: instructions.sh counts instead.
# Usage: bash benchmarks/compile/measure.sh [runs] [compiler]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-5}"
cxx="${2:-g++}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
probes=(hand_written one_event all_catalog)
for ((i = 0; i < runs; ++i)); do
  for probe in "${probes[@]}"; do
    /usr/bin/time -f '%e %U %M' -a -o "$out/$probe.t" "$cxx" -std=c++20 -O2 -I"$root/include" -c "$here/$probe.cpp" -o "$out/$probe.o"
  done
done
median() { sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
printf '%-14s %10s %10s %10s %9s %12s\n' probe wall_min wall_med user_med peak_MB pp_lines
for probe in "${probes[@]}"; do
  t="$out/$probe.t"
  lines=$("$cxx" -std=c++20 -O2 -I"$root/include" -E "$here/$probe.cpp" | wc -l)
  printf '%-14s %10s %10s %10s %9s %12s\n' "$probe" "$(awk '{print $1}' "$t" | sort -g | head -1)" \
    "$(awk '{print $1}' "$t" | median)" "$(awk '{print $2}' "$t" | median)" \
    "$(awk '{print int($3/1024)}' "$t" | median)" "$lines"
done
