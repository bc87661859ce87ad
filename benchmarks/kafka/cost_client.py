#!/usr/bin/python3
"""The Python stack of the cost benchmark (benchmarks/kafka/cost.sh): confluent-kafka-python
(Debian's python3-confluent-kafka, on the same librdkafka as our clients) with Pydantic v2 and
the seed's task.created model (benchmarks/pydantic_bench.py), as a Python service writes it.

  cost_client.py PYDANTIC_DIR SAMPLE.json produce BOOTSTRAP TOPIC N
  cost_client.py PYDANTIC_DIR SAMPLE.json consume BOOTSTRAP TOPIC N GROUP

produce: N events (each its own event_id and task_id), each written by model_dump_json() and
  produced keyed by its task id with the headers our producer sends (SAMPLE: `events_kafka_cost
  sample`), producer settings as ours (idempotent, acks=all, linger.ms=5); poll(0) after each.
consume: reads TOPIC from the beginning in a group, model_validate_json() on each value.
Prints one JSON line: {side, messages, measured, cpu_s, wall_s}; cpu_s is user + sys of this
process (every thread) over the measured span, as events_kafka_cost measures ours.

PYDANTIC_DIR: where a Python with pydantic 2 keeps it (Debian's python3 has pydantic 1).
"""
import json
import os
import resource
import sys
import time
import uuid

sys.dont_write_bytecode = True  # no __pycache__ beside the benchmarks
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from confluent_kafka import Consumer, Producer  # noqa: E402
from pydantic_bench import TaskEvent  # noqa: E402  (the seed's model)

BUDGET = 120.0  # seconds, any one run


def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def report(n, measured, cpu0, cpu1, t0, t1):
    print(json.dumps({"side": "python", "messages": n, "measured": measured, "cpu_s": cpu1 - cpu0, "wall_s": t1 - t0}),
          flush=True)


def produce(sample, bootstrap, topic, n):
    base = TaskEvent.model_validate_json(sample["event"])
    events = [base.model_copy(update={"event_id": uuid.uuid4(),
                                      "payload": base.payload.model_copy(update={"task_id": uuid.uuid4()})})
              for _ in range(n)]
    fixed = [(k, v) for k, v in sample["headers"] if k != "ce_id"]
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "enable.idempotence": True, "acks": "all",
                  "message.timeout.ms": 60000, "log_level": 3})
    done, failed = [0], [0]

    def delivered(err, _msg):
        done[0] += 1
        failed[0] += err is not None

    p.produce(topic, base.model_dump_json(), str(base.payload.task_id), headers=fixed, on_delivery=delivered)
    if p.flush(30) != 0 or failed[0]:
        sys.exit("python: warm-up not delivered")
    done[0] = 0
    t0, cpu0 = time.monotonic(), cpu()
    for ev in events:
        value = ev.model_dump_json()
        headers = [("ce_id", str(ev.event_id))] + fixed
        while True:
            try:
                p.produce(topic, value, str(ev.payload.task_id), headers=headers, on_delivery=delivered)
                break
            except BufferError:  # the local queue is full: serve reports, then again
                p.poll(0.01)
        p.poll(0)
    if p.flush(BUDGET) != 0:
        sys.exit("python: not delivered")
    cpu1, t1 = cpu(), time.monotonic()
    if done[0] != n or failed[0]:
        sys.exit("python: %d of %d delivered, %d failed" % (done[0], n, failed[0]))
    report(n, n, cpu0, cpu1, t0, t1)


def consume(bootstrap, topic, n, group):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest", "log_level": 3})
    c.subscribe([topic])
    got, title_bytes = 0, 0
    cpu0 = t0 = 0.0
    deadline = time.monotonic() + BUDGET
    while got < n and time.monotonic() < deadline:
        for m in c.consume(num_messages=500, timeout=0.1):
            if m.error() or got == n:  # the input topic holds the filler's warm-up message too
                continue
            if got == 0:
                t0, cpu0 = time.monotonic(), cpu()
            ev = TaskEvent.model_validate_json(m.value())
            got += 1
            title_bytes += len(ev.payload.title)
    cpu1, t1 = cpu(), time.monotonic()
    c.close()
    if got != n:
        sys.exit("python: consumed %d of %d" % (got, n))
    print("python: %d title bytes" % title_bytes, file=sys.stderr)
    report(n, n - 1, cpu0, cpu1, t0, t1)


def main():
    sample = json.load(open(sys.argv[2], encoding="utf-8"))
    mode, bootstrap, topic, n = sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])
    if mode == "produce":
        produce(sample, bootstrap, topic, n)
    elif mode == "consume":
        consume(bootstrap, topic, n, sys.argv[7])
    else:
        sys.exit("usage: see the docstring")


if __name__ == "__main__":
    main()
