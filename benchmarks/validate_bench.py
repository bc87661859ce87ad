#!/usr/bin/env python3
"""`events validate` throughput on NDJSON of the benchmark task event, beside a Python loop of
Pydantic v2 model_validate_json over the same file.

usage: validate_bench.py [path/to/events] [path/to/events_bench] [--lines N]

Writes N (default 200000) copies of the benchmark event (`events_bench --sample`, the seed-004
task.created envelope) as NDJSON to a temporary file, times `events validate task.created.v1 FILE`
and `events validate FILE` (dispatch on event_type) as whole processes on every core (the
default -j) and on one (-j 1), best of 3, and Pydantic over every line of the same file (best of
3 over the first 100000 lines), and, when events_bench was built with simdjson, simdjson's
parse_many over the same file on one core (the parse limit). Prints events/s and the same-run ratios to the Pydantic loop, by
wall time (the whole process, as a user sees it) and by CPU time (user + system of the process,
every thread; Python's process time for the loop), which a machine shared with other work
disturbs less.
Without an events_bench binary the event is tests/golden/task.created.json, compacted (the same
seed-004 task.created envelope).
"""
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pydantic_bench import TaskEvent  # the same Pydantic model pydantic_bench.py times


def best_of(n, fn):
    """(best wall seconds, best CPU seconds) of n runs; CPU of child processes, or of this one."""
    best, best_cpu = None, None
    for _ in range(n):
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        p0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
        if cpu == 0:
            cpu = time.process_time() - p0
        best = dt if best is None or dt < best else best
        best_cpu = cpu if best_cpu is None or cpu < best_cpu else best_cpu
    return best, best_cpu


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    lines = 200000
    if "--lines" in sys.argv:
        lines = int(sys.argv[sys.argv.index("--lines") + 1])
        args = [a for a in args if a != str(lines)]
    tool = args[0] if len(args) > 0 else "build/bench/tools/events"
    bench = args[1] if len(args) > 1 else "build/bench/benchmarks/events_bench"
    if os.path.exists(bench):
        wire = subprocess.run([bench, "--sample"], check=True, capture_output=True, text=True).stdout.strip()
    else:
        import json
        golden = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "golden", "task.created.json")
        with open(golden) as f:
            wire = json.dumps(json.load(f), separators=(",", ":"), ensure_ascii=False)
    TaskEvent.model_validate_json(wire)  # the same bytes are valid for Pydantic

    with tempfile.NamedTemporaryFile("w", suffix=".ndjson", delete=False) as f:
        f.write((wire + "\n") * lines)
        path = f.name
    try:
        def run_tool(*extra):
            p = subprocess.run([tool, "validate", *extra, path], capture_output=True, text=True)
            assert p.returncode == 0 and p.stderr.strip() == "%d valid, 0 invalid" % lines, p.stderr
        typed, typed_cpu = best_of(3, lambda: run_tool("task.created.v1"))
        dispatch, dispatch_cpu = best_of(3, lambda: run_tool())
        dispatch_1, dispatch_1_cpu = best_of(3, lambda: run_tool("-j", "1"))

        py_lines = min(lines, 100000)
        with open(path, "rb") as f:
            head = [next(f) for _ in range(py_lines)]

        def pydantic_loop():
            valid = 0
            for line in head:
                TaskEvent.model_validate_json(line)
                valid += 1
            assert valid == py_lines

        py, py_cpu = best_of(3, pydantic_loop)

        # The parse limit: simdjson's parse_many over the same file on one core (events_bench
        # built with simdjson; best of 3 inside the process, reading the file excluded).
        simd = None
        if os.path.exists(bench):
            p = subprocess.run([bench, "--parse-many", path], capture_output=True, text=True)
            if p.returncode == 0 and p.stdout.split()[:1] == [str(lines)]:
                simd = float(p.stdout.split()[3])
    finally:
        os.unlink(path)

    typed_rate, dispatch_rate, py_rate = lines / typed, lines / dispatch, py_lines / py
    one_rate = lines / dispatch_1
    print("bytes per event: %d, lines: %d, cores: %d" % (len(wire), lines, os.cpu_count()))
    print("events validate (typed):    %12.0f events/s" % typed_rate)
    print("events validate (dispatch): %12.0f events/s" % dispatch_rate)
    print("events validate -j 1 (dispatch): %12.0f events/s" % one_rate)
    print("pydantic model_validate_json loop: %12.0f events/s" % py_rate)
    print("validate_vs_pydantic: %.2fx (events %.1f ns, baseline %.1f ns)" %
          (dispatch_rate / py_rate, 1e9 / dispatch_rate, 1e9 / py_rate))
    print("validate_typed_vs_pydantic: %.2fx" % (typed_rate / py_rate))
    print("validate_1_core_vs_pydantic: %.2fx" % (one_rate / py_rate))
    if simd:
        print("simdjson parse_many, one core: %12.0f events/s" % (lines / simd))
        print("validate_1_core_vs_simdjson_parse_many: %.2fx (events %.1f ns, baseline %.1f ns) "
              "events validate -j 1, whole process, as a fraction of simdjson's parse rate" %
              ((lines / dispatch_1) / (lines / simd), 1e9 / one_rate, 1e9 * simd / lines))
    print("by CPU time (events per CPU second): typed %.0f, dispatch %.0f, -j 1 %.0f, pydantic %.0f" %
          (lines / typed_cpu, lines / dispatch_cpu, lines / dispatch_1_cpu, py_lines / py_cpu))
    print("cpu_validate_vs_pydantic: %.2fx, typed %.2fx" %
          ((lines / dispatch_cpu) / (py_lines / py_cpu), (lines / typed_cpu) / (py_lines / py_cpu)))


if __name__ == "__main__":
    main()
