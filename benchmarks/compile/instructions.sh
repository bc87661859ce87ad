#!/usr/bin/env bash
# The compiler's own work on the probes of this folder, in instructions (callgrind counting
# cc1plus, g++ 12 -O2): steady where wall-clock compile times drift by a third on a busy machine.
# Prints millions of instructions per probe and each probe's ratio to hand_written.cpp.
# Usage: bash benchmarks/compile/instructions.sh   (about 10 minutes; two probes at a time)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
cc1="$(g++ -print-prog-name=cc1plus)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
count() {  # probe -> $out/probe.n (instructions)
  # The cc1plus command line g++ would run, minus the driver's output redirection to a temp file.
  local args
  args=$(g++ -std=c++20 -O2 -I"$root/include" -S "$here/$1.cpp" -o "$out/$1.s" -### 2>&1 | grep -F "$cc1" |
         sed -e "s|^ *\"\?$cc1\"\? ||" -e 's/"//g')
  # shellcheck disable=SC2086
  valgrind --tool=callgrind --callgrind-out-file="$out/$1.cg" "$cc1" $args 2>"$out/$1.log" >/dev/null
  grep -o 'Collected : [0-9]*' "$out/$1.log" | awk '{print $3}' >"$out/$1.n"
}
count hand_written & count one_event & wait
count all_catalog
base=$(cat "$out/hand_written.n")
printf '%-14s %14s %10s\n' probe M_instructions vs_hand
for probe in hand_written one_event all_catalog; do
  n=$(cat "$out/$probe.n")
  awk -v p="$probe" -v n="$n" -v b="$base" 'BEGIN{printf "%-14s %14.0f %10.2f\n", p, n/1e6, n/b}'
done
