#!/usr/bin/env bash
# Compile time of the probes in this folder: median of N runs (default 3) of wall and user
# seconds, peak memory and preprocessed lines, at -O2 with the given compiler (default g++).
# Usage: bash benchmarks/compile/measure.sh [runs] [compiler]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-3}"
cxx="${2:-g++}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
median() { sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
printf '%-14s %8s %8s %9s %12s\n' probe wall_s user_s peak_MB pp_lines
for probe in hand_written one_event all_catalog; do
  src="$here/$probe.cpp"
  lines=$("$cxx" -std=c++20 -O2 -I"$root/include" -E "$src" | wc -l)
  : >"$out/t"
  for ((i = 0; i < runs; ++i)); do
    /usr/bin/time -f '%e %U %M' -a -o "$out/t" "$cxx" -std=c++20 -O2 -I"$root/include" -c "$src" -o "$out/$probe.o"
  done
  wall=$(awk '{print $1}' "$out/t" | median)
  user=$(awk '{print $2}' "$out/t" | median)
  mem=$(awk '{print int($3/1024)}' "$out/t" | median)
  printf '%-14s %8s %8s %9s %12s\n' "$probe" "$wall" "$user" "$mem" "$lines"
done
