#!/usr/bin/env python3
"""Runs the benchmarks and writes what the README's Performance section shows.

usage: benchmarks/report.py [--build build/gcc] [--out docs/benchmarks.json] [--quick]

Runs `events_bench` (Google Benchmark, JSON output), `pydantic_bench.py` (Pydantic v2 on the same
bytes) and `validate_bench.py` (`events validate` against a Pydantic loop), each comparison measured
in the same run as its baseline. The Kafka throughput comparisons carry their msgs/s and the spread
of their interleaved runs as the note (--quick: 2 runs a side instead of 5). Writes every
comparison to --out (JSON, with Google Benchmark's raw output and the machine's description),
prints a Markdown table, and draws docs/performance.svg through chart.py.
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LINE = re.compile(r"^(\w+): ([0-9.]+)x \(events ([0-9.]+) ns, baseline ([0-9.]+) ns\)(.*)$")


def comparisons(text, source):
    out = []
    for line in text.splitlines():
        m = LINE.match(line.strip())
        if m:
            out.append({"name": m[1], "ratio": float(m[2]), "events_ns": float(m[3]),
                        "baseline_ns": float(m[4]), "note": m[5].strip(), "source": source})
    return out


def run(cmd, env=None):
    print("+", " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout


def machine():
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "system": platform.platform()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build/gcc")
    ap.add_argument("--out", default="docs/benchmarks.json")
    ap.add_argument("--svg", default="docs/performance.svg")
    ap.add_argument("--quick", action="store_true", help="shorter runs (a smoke test of the script)")
    args = ap.parse_args()
    bench = os.path.join(args.build, "benchmarks", "events_bench")
    tool = os.path.join(args.build, "tools", "events")

    result = {"machine": machine(), "comparisons": []}
    with tempfile.NamedTemporaryFile(suffix=".json") as raw:
        # Medians of 5 repetitions, interleaved at random: each ratio's two sides are timed side
        # by side, so a burst of load on this 2-core machine moves both.
        cmd = [bench, f"--benchmark_out={raw.name}", "--benchmark_out_format=json",
               "--benchmark_repetitions=5", "--benchmark_enable_random_interleaving=true"]
        env = None
        if args.quick:
            cmd.append("--benchmark_min_time=0.01")
            env = dict(os.environ, EVENTS_BENCH_KAFKA_RUNS="2")  # the Kafka comparisons: 2 runs a side
        text = run(cmd, env)
        result["google_benchmark"] = json.load(open(raw.name))
    result["comparisons"] += comparisons(text, "events_bench")
    result["comparisons"] += comparisons(run([sys.executable, os.path.join(HERE, "pydantic_bench.py"), bench]),
                                         "pydantic_bench.py")
    if os.path.exists(tool) and os.path.exists(os.path.join(HERE, "validate_bench.py")):
        lines = ["--lines", "20000"] if args.quick else []
        vb = run([sys.executable, os.path.join(HERE, "validate_bench.py"), tool, bench] + lines)
        result["comparisons"] += comparisons(vb, "validate_bench.py")
        result["validate_output"] = vb
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print("| comparison | ratio | events | baseline | note |\n|---|---|---|---|---|")
    for c in result["comparisons"]:
        print(f"| {c['name']} | {c['ratio']:.2f}x | {c['events_ns']:.1f} ns | {c['baseline_ns']:.1f} ns | {c['note']} |")
    run([sys.executable, os.path.join(HERE, "chart.py"), args.out, args.svg])


if __name__ == "__main__":
    main()
