#!/usr/bin/python3
"""A Python service written from seed 000's producer.py and consumer.py, on confluent-kafka-python
(Debian's python3-confluent-kafka, for /usr/bin/python3) instead of aiokafka, with the seeds' own
Pydantic models (tests/catalog/seeds). Run by tests/kafka/polyglot_test.cpp:

  seed_peer.py PYDANTIC_DIR produce BROKERS SPEC.json
      Makes every seed-000 and seed-004 event the seeds' way (seed_models.produce) and publishes
      each as seed 000's EventProducer does: value = the event's JSON (json.dumps(event.to_dict())
      for seed 000), key = str(k).encode() of the entity id, no headers, partitioner murmur2 (as
      aiokafka's). SPEC: {"routes": {model name: [topic, key field]}, "order": {topic, key, count}}.
      The order records (TodoUpdated, changes.seq = 0..count-1) share one key. Prints one line per
      delivery {name, topic, key, partition, event_id, value}, then `done`.
  seed_peer.py PYDANTIC_DIR consume BROKERS EXPECT.json
      Seed 000's EventConsumer: subscribes (auto.offset.reset earliest), json.loads each value,
      dispatches on event_type; each record is read by the seed's model for it and checked against
      EXPECT {group, records: [{topic, key, model, event_id}]}: same key, the model validates it.
      Prints {topic, key, event_id, problems} per record, then `done`; exit 1 on any problem.

PYDANTIC_DIR is where the test's Python (tests/requirements.txt) keeps pydantic 2: Debian's
python3 has none, and confluent-kafka is Debian's.
"""
import contextlib
import io
import json
import os
import sys
import time

sys.path.insert(0, sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "catalog"))
import seed_models  # noqa: E402  (the seeds' models and their way of writing events)
from confluent_kafka import Consumer, Producer  # noqa: E402

mode, brokers, path = sys.argv[2:5]
spec = json.load(open(path, encoding="utf-8"))
out = lambda o: print(json.dumps(o, ensure_ascii=False), flush=True)  # noqa: E731


def field(doc, name):
    return doc.get(name, (doc.get("payload") or {}).get(name))


def produce():
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        seed_models.produce()
    lines = [l.split("\t", 1) for l in buf.getvalue().splitlines()]
    # Seed 000's EventProducer: value_serializer json.dumps(v), key_serializer str(k).encode().
    producer = Producer({"bootstrap.servers": brokers, "partitioner": "murmur2_random", "log_level": 2})
    reports = []
    report = lambda err, msg: reports.append((err, msg))  # noqa: E731
    for name, wire in lines:
        topic, key_field = spec["routes"][name]
        doc = json.loads(wire)
        key = str(field(doc, key_field)).encode("utf-8")
        producer.produce(topic, key=key, value=wire.encode("utf-8"), on_delivery=report)
        producer.flush(30)
        err, msg = reports[-1]
        if err is not None:
            sys.exit("delivery failed: %s" % err)
        out({"name": name, "topic": topic, "key": key.decode(), "partition": msg.partition(),
             "event_id": str(doc.get("event_id")), "value": wire})
    o = spec.get("order")
    if o:
        import seed000_events as s0
        from uuid import UUID
        for i in range(o["count"]):
            e = s0.TodoUpdated(todo_id=UUID(o["key"]), user_id=UUID(o["key"]), changes={"seq": i, "by": "python"},
                               updated_fields=["seq"])
            producer.produce(o["topic"], key=str(e.todo_id).encode(), value=json.dumps(e.to_dict()).encode(),
                             on_delivery=report)
        producer.flush(30)
        for err, msg in reports[-o["count"]:]:
            if err is not None:
                sys.exit("delivery failed: %s" % err)
            out({"name": "order", "topic": msg.topic(), "key": msg.key().decode(), "partition": msg.partition(),
                 "event_id": json.loads(msg.value())["event_id"], "value": msg.value().decode()})
    print("done", flush=True)


def consume():
    pending = {r["event_id"]: r for r in spec["records"]}
    topics = sorted({r["topic"] for r in spec["records"]})
    consumer = Consumer({"bootstrap.servers": brokers, "group.id": spec["group"], "auto.offset.reset": "earliest",
                         "session.timeout.ms": 6000, "log_level": 2})
    consumer.subscribe(topics)
    failed = False
    deadline = time.monotonic() + 90
    while pending and time.monotonic() < deadline:
        msg = consumer.poll(0.5)
        if msg is None or msg.error():
            continue
        event_data = json.loads(msg.value().decode("utf-8"))  # the seed's value_deserializer
        event_type = event_data.get("event_type")
        want = pending.pop(str(event_data.get("event_id")), None)
        problems = []
        if want is None:
            problems.append("not expected: %s" % event_type)
        else:
            key = msg.key().decode() if msg.key() is not None else None
            if key != want["key"]:
                problems.append("key %r, expected %r" % (key, want["key"]))
            try:
                seed_models.read(want["model"], msg.value().decode("utf-8"))
            except Exception as e:  # the seed's model refuses it
                problems.append("%s refuses it: %s" % (want["model"], e))
        failed |= bool(problems)
        out({"topic": msg.topic(), "key": want and want["key"], "event_type": event_type,
             "event_id": str(event_data.get("event_id")), "headers": [h[0] for h in (msg.headers() or [])],
             "problems": problems})
    consumer.close()
    for r in pending.values():
        failed = True
        out({"topic": r["topic"], "event_id": r["event_id"], "problems": ["never arrived"]})
    print("done", flush=True)
    sys.exit(1 if failed else 0)


produce() if mode == "produce" else consume()
