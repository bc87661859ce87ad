#!/usr/bin/env python3
"""CPU per Kafka message: raw librdkafka, this library typed, Python (confluent-kafka + Pydantic v2)
and Node (kafkajs + ajv), each client its own process, the broker in another (`events kafka
serve`). Run by benchmarks/kafka/cost.sh, which builds what it needs and passes the paths:

  cost.py --events EVENTS --client EVENTS_KAFKA_COST --pydantic DIR [--python PY] [--node NODE]
          [--messages N] [--partitions P] [--runs R]

Each run: a fresh `events kafka serve` with a topic of P partitions per producer and one input
topic, filled with N events by the typed producer (unmeasured). Then per stack, in turn: produce
N events to its own topic, and consume the N events of the input topic in a group of its own.
Each client reports the user + sys CPU seconds of its process (every thread: librdkafka's,
Node's) over its steady span (see the clients); this script also takes the whole process's CPU
(getrusage of its children) (startup, imports and connecting included). Printed: CPU microseconds per message,
the median over the runs, and the typed stack's ratio to each other.
"""
import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SIDES = ("raw", "typed", "python", "node")


def client_cmd(a, side, sample, mode, bootstrap, topic, group=None):
    extra = [group] if group else []
    if side in ("raw", "typed"):
        return [a.client, "%s_%s" % (mode, side), bootstrap, topic, str(a.messages)] + extra
    if side == "python":
        return [a.python, os.path.join(HERE, "cost_client.py"), a.pydantic, sample, mode, bootstrap, topic,
                str(a.messages)] + extra
    return [a.node, os.path.join(HERE, "cost_client.mjs"), sample, mode, bootstrap, topic, str(a.messages)] + extra


def children_cpu():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def run_one(cmd):
    """Runs `cmd` to its end; returns (its report, its whole process's CPU seconds). Clients run one
    at a time and the broker is not waited for until the end, so the growth of this process's
    children's CPU over the run is the client's."""
    before = children_cpu()
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE, timeout=600)
    whole = children_cpu() - before
    if p.returncode != 0:
        sys.exit("cost.py: %s failed (status %d):\n%s" % (" ".join(cmd), p.returncode, p.stderr))
    lines = p.stdout.strip().splitlines()
    return (json.loads(lines[-1]) if lines else None), whole


def serve(a, topics):
    args = [a.events, "kafka", "serve"]
    for t in topics:
        args += ["--topic", "%s:%d" % (t, a.partitions)]
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    bootstrap = p.stdout.readline().strip()
    if not bootstrap:
        sys.exit("cost.py: events kafka serve printed no bootstrap address")
    return p, bootstrap


def one_run(a, run, sample):
    """{(side, 'produce'|'consume'): (steady µs/msg, whole-process µs/msg)} of one run."""
    topics = ["cost-in"] + ["cost-%s" % s for s in SIDES]
    broker, bootstrap = serve(a, topics)
    try:
        run_one([a.client, "fill", bootstrap, "cost-in", str(a.messages)])
        out = {}
        for side in SIDES:
            for mode, topic, group in (("produce", "cost-" + side, None),
                                       ("consume", "cost-in", "cost-%s-%d" % (side, run))):
                rep, whole = run_one(client_cmd(a, side, sample, mode, bootstrap, topic, group))
                out[(side, mode)] = (rep["cpu_s"] / rep["measured"] * 1e6, whole / a.messages * 1e6)
                print("  run %d %-6s %-7s %7.2f us/msg (whole process %7.2f), %.1f s" %
                      (run, side, mode, out[(side, mode)][0], out[(side, mode)][1], rep["wall_s"]), file=sys.stderr)
        return out
    finally:
        broker.send_signal(signal.SIGINT)
        broker.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", required=True)
    ap.add_argument("--client", required=True)
    ap.add_argument("--pydantic", required=True)
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--node", default="node")
    ap.add_argument("--messages", type=int, default=100000)
    ap.add_argument("--partitions", type=int, default=32)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    for name in ("events", "client", "pydantic", "python", "node"):  # the clients run in this directory
        if os.sep in getattr(a, name):
            setattr(a, name, os.path.abspath(getattr(a, name)))
    with tempfile.TemporaryDirectory() as tmp:
        sample = os.path.join(tmp, "sample.json")
        with open(sample, "w", encoding="utf-8") as f:
            f.write(subprocess.run([a.client, "sample"], check=True, capture_output=True, text=True).stdout)
        size = len(json.load(open(sample, encoding="utf-8"))["event"])
        runs = [one_run(a, r, sample) for r in range(a.runs)]
    med = {k: (statistics.median(r[k][0] for r in runs), statistics.median(r[k][1] for r in runs)) for k in runs[0]}

    print("Kafka CPU per message: %d task events of %d bytes, %d partitions, broker in its own process "
          "(events kafka serve); median of %d runs" % (a.messages, size, a.partitions, a.runs))
    print("CPU us per message = user + sys of the client process over its steady span / messages "
          "(in brackets: the whole process, startup and connecting included)")
    print("%-32s %20s %20s" % ("client", "consume", "produce"))
    names = {"raw": "raw librdkafka (C++)", "typed": "events typed (C++)",
             "python": "confluent-kafka + Pydantic v2", "node": "kafkajs + ajv"}
    for s in SIDES:
        cells = ["%7.2f (%7.2f)" % med[(s, m)] for m in ("consume", "produce")]
        print("%-32s %20s %20s" % (names[s], *cells))
    ok = True
    for other in ("python", "node"):
        cells = []
        for m in ("consume", "produce"):
            ratio = med[("typed", m)][0] / med[(other, m)][0]
            ok = ok and ratio <= 0.25
            cells.append("%.3f (%.1fx less)" % (ratio, 1 / ratio))
        print("%-32s %20s %20s" % ("typed/" + other, *cells))
    print("target: typed/python and typed/node at most 0.25 (4x less CPU) on both sides: %s" % ("met" if ok else "NOT met"))
    # confluent-kafka is librdkafka too: what each stack adds to raw librdkafka's own work (the
    # floor every librdkafka client pays, in its threads as much as in the caller's).
    cells = ["%+.2f vs %+.2f" % (med[("typed", m)][0] - med[("raw", m)][0], med[("python", m)][0] - med[("raw", m)][0])
             for m in ("consume", "produce")]
    print("%-32s %20s %20s" % ("over raw: typed vs python", *cells))


if __name__ == "__main__":
    main()
