#!/usr/bin/python3
"""confluent-kafka-python (Debian's python3-confluent-kafka) as a peer of per-key partitioning,
run by tests/kafka/partitioner_test.cpp: /usr/bin/python3 partition_peer.py BROKERS PARTITIONER KEYS.json

Sends every key of KEYS.json ({topics, keys}) to every topic with a Producer configured with
`partitioner` = PARTITIONER (murmur2_random: the Java client's choice; consistent_random:
librdkafka's default) and prints {"topic", "key", "partition"} per delivery report, then `done`.
"""
import json
import sys

from confluent_kafka import Producer

brokers, partitioner, path = sys.argv[1:4]
spec = json.load(open(path, encoding="utf-8"))
p = Producer({"bootstrap.servers": brokers, "partitioner": partitioner, "log_level": 2})
got = []


def report(err, msg):
    if err is not None:
        print(json.dumps({"error": str(err)}), flush=True)
        sys.exit(1)
    got.append({"topic": msg.topic(), "key": msg.key().decode("utf-8"), "partition": msg.partition()})


for topic in spec["topics"]:
    for key in spec["keys"]:
        p.produce(topic, key=key.encode("utf-8"), value=b"python", on_delivery=report)
if p.flush(30) != 0:
    sys.exit("undelivered messages")
for g in got:
    print(json.dumps(g, ensure_ascii=False))
print("done")
