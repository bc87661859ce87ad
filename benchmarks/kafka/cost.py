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
from wait4 (startup, imports and connecting included). Printed: CPU microseconds per message,
the median over the runs, and the typed stack's ratio to each other.
"""
import argparse
import json
import os
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


def run_one(cmd):
    """Runs `cmd` to its end; returns (its report, whole-process CPU seconds)."""
    pid = os.fork()
    if pid == 0:  # the child: stdout to a pipe file, then exec
        os.dup2(run_one.out_fd, 1)
        os.dup2(run_one.err_fd, 2)
        try:
            os.chdir(HERE)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    os.lseek(run_one.out_fd, 0, 0)
    os.lseek(run_one.err_fd, 0, 0)
    out = os.read(run_one.out_fd, 1 << 20).decode()
    err = os.read(run_one.err_fd, 1 << 20).decode(errors="replace")
    os.ftruncate(run_one.out_fd, 0)
    os.ftruncate(run_one.err_fd, 0)
    if status != 0:
        sys.exit("cost.py: %s failed (status %d):\n%s" % (" ".join(cmd), status, err))
    return json.loads(out.strip().splitlines()[-1]), usage.ru_utime + usage.ru_stime


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
    with tempfile.TemporaryDirectory() as tmp:
        run_one.out_fd = os.open(os.path.join(tmp, "out"), os.O_RDWR | os.O_CREAT)
        run_one.err_fd = os.open(os.path.join(tmp, "err"), os.O_RDWR | os.O_CREAT)
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


if __name__ == "__main__":
    main()
