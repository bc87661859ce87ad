#!/usr/bin/env python3
"""confluent-kafka-python on Kafka with our registry: SerializingProducer + JSONSerializer and
DeserializingConsumer + JSONDeserializer, as a Python service beside ours would use them
(tests/schema_registry/kafka/peers_test.cpp, on the embedded cluster).

usage: kafka_peer.py consume|produce BROKERS IN.json OUT.json
consume  IN: {url, group, topics, count}. Reads `count` messages with a DeserializingConsumer whose
         value deserializer is the JSONDeserializer of the writer's schema: the schema fetched from
         the registry by the frame's id (once per id), the value validated against it.
         OUT: [{topic, id, title, value}] in arrival order.
produce  IN: {url, entries: [{topic, record, type, schema, json}]}. One SerializingProducer; its value
         serializer is, per record, a JSONSerializer of that schema with the topic-record subject
         strategy, registering it with the registry (auto.register.schemas, its default) and framing
         the value. Each message carries the event's type in `ce_type`. OUT: [{topic, record}].
Runs with Debian's python3 (python3-confluent-kafka 1.7.0, python3-requests, python3-jsonschema).
"""
import json
import struct
import sys
import time

from confluent_kafka import DeserializingConsumer, SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient, topic_record_subject_name_strategy
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import StringSerializer


class ByWriterSchema:
    """A value deserializer: the JSONDeserializer of the schema whose id the frame names."""

    def __init__(self, client):
        self.client = client
        self.by_id = {}
        self.last_id = None

    def __call__(self, value, ctx):
        _, schema_id = struct.unpack(">bI", value[:5])
        if schema_id not in self.by_id:
            schema = self.client.get_schema(schema_id)
            self.by_id[schema_id] = (JSONDeserializer(schema.schema_str), json.loads(schema.schema_str).get("title"))
        self.last_id = schema_id
        return {"id": schema_id, "title": self.by_id[schema_id][1], "value": self.by_id[schema_id][0](value, ctx)}


class ByRecord:
    """A value serializer for (record, dict) values: that record's JSONSerializer."""

    def __init__(self, client, entries):
        conf = {"subject.name.strategy": topic_record_subject_name_strategy}
        self.by_record = {e["record"]: JSONSerializer(e["schema"], client, conf=conf) for e in entries}

    def __call__(self, value, ctx):
        record, obj = value
        return self.by_record[record](obj, ctx)


def consume(brokers, cfg):
    client = SchemaRegistryClient({"url": cfg["url"]})
    consumer = DeserializingConsumer({"bootstrap.servers": brokers, "group.id": cfg["group"],
                                      "auto.offset.reset": "earliest", "value.deserializer": ByWriterSchema(client)})
    consumer.subscribe(cfg["topics"])
    out = []
    deadline = time.time() + 90
    while len(out) < cfg["count"] and time.time() < deadline:
        m = consumer.poll(0.5)
        if m is None:
            continue
        if m.error():
            raise RuntimeError(str(m.error()))
        v = m.value()
        out.append({"topic": m.topic(), "id": v["id"], "title": v["title"], "value": v["value"]})
    consumer.close()
    return out


def produce(brokers, cfg):
    client = SchemaRegistryClient({"url": cfg["url"]})
    producer = SerializingProducer({"bootstrap.servers": brokers, "key.serializer": StringSerializer("utf_8"),
                                    "value.serializer": ByRecord(client, cfg["entries"])})
    failures = []

    def delivered(err, msg):
        if err is not None:
            failures.append(str(err))

    out = []
    for e in cfg["entries"]:
        producer.produce(e["topic"], key=e["record"], value=(e["record"], json.loads(e["json"])),
                         headers=[("ce_type", e["type"].encode())], on_delivery=delivered)
        out.append({"topic": e["topic"], "record": e["record"]})
    producer.flush(30)
    if failures:
        raise RuntimeError("; ".join(failures))
    return out


def main():
    mode, brokers, in_path, out_path = sys.argv[1:5]
    cfg = json.load(open(in_path))
    result = consume(brokers, cfg) if mode == "consume" else produce(brokers, cfg)
    json.dump(result, open(out_path, "w"))


if __name__ == "__main__":
    main()
