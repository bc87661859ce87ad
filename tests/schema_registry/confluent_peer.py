#!/usr/bin/env python3
"""confluent-kafka-python's Schema Registry client and JSON serde, pointed at our registry.

usage: confluent_peer.py IN.json OUT.json
IN: {"url", "user", "password", "entries": [{"record", "topic", "strategy", "subject", "id",
     "framed_hex", "json"}]} written by the C++ test (our serializer's output for each catalog type).
For each entry: SchemaRegistryClient fetches the schema by the id in the frame, JSONDeserializer
reads our bytes (validating with jsonschema), the result must equal our JSON; JSONSerializer then
frames that value under the entry's strategy (registering with the registry itself). OUT: the
bytes Python framed, the subjects the registry holds afterwards, and the registry's answers to
requests that must fail (status and Confluent error code as the client reports them).
Runs with Debian's python3 (python3-confluent-kafka 1.7.0, python3-requests, python3-jsonschema).
"""
import json
import sys

from confluent_kafka.schema_registry import (Schema, SchemaRegistryClient, SchemaRegistryError,
                                             record_subject_name_strategy, topic_record_subject_name_strategy,
                                             topic_subject_name_strategy)
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

STRATEGIES = {"topic": topic_subject_name_strategy, "record": record_subject_name_strategy,
              "topic_record": topic_record_subject_name_strategy}


def error_of(call):
    try:
        call()
    except SchemaRegistryError as e:
        return {"status": e.http_status_code, "code": e.error_code, "message": e.error_message}
    return None


def main():
    cfg = json.load(open(sys.argv[1]))
    conf = {"url": cfg["url"]}
    if cfg.get("user"):
        conf["basic.auth.user.info"] = cfg["user"] + ":" + cfg["password"]
    client = SchemaRegistryClient(conf)
    out = {"framed": [], "problems": []}
    for e in cfg["entries"]:
        framed = bytes.fromhex(e["framed_hex"])
        schema = client.get_schema(e["id"])
        if schema.schema_type != "JSON":
            out["problems"].append(f'{e["record"]}: schema type {schema.schema_type}')
        ctx = SerializationContext(e["topic"], MessageField.VALUE)
        value = JSONDeserializer(schema.schema_str)(framed, ctx)
        if value != json.loads(e["json"]):
            out["problems"].append(f'{e["record"]}: JSONDeserializer read {value!r}')
        ser = JSONSerializer(schema.schema_str, client, conf={"subject.name.strategy": STRATEGIES[e["strategy"]]})
        mine = ser(value, ctx)
        registered = client.get_latest_version(e["subject"])
        if registered.schema_id != e["id"]:
            out["problems"].append(f'{e["record"]}: latest of {e["subject"]} is id {registered.schema_id}')
        out["framed"].append({"record": e["record"], "hex": mine.hex()})
    out["subjects"] = sorted(client.get_subjects())
    # What must fail, as the client reports it.
    first = cfg["entries"][0]
    incompatible = json.loads(client.get_schema(first["id"]).schema_str)
    first_property = next(iter(incompatible["properties"]))
    incompatible["properties"][first_property] = {"type": "boolean"}
    out["errors"] = {
        "unknown_id": error_of(lambda: client.get_schema(99999)),
        "unknown_subject": error_of(lambda: client.get_latest_version("no-such-subject")),
        "unknown_version": error_of(lambda: client.get_version(first["subject"], 77)),
        "lookup_missing": error_of(lambda: client.lookup_schema(first["subject"], Schema('{"type":"string"}', "JSON"))),
        "incompatible": error_of(lambda: client.register_schema(first["subject"], Schema(json.dumps(incompatible), "JSON"))),
        "invalid_schema": error_of(lambda: client.register_schema("bad", Schema("{not json", "JSON"))),
        "bad_level": error_of(lambda: client.set_compatibility(first["subject"], "sideways")),
    }
    out["compatible_self"] = client.test_compatibility(first["subject"], Schema(client.get_schema(first["id"]).schema_str, "JSON"))
    out["compatible_changed"] = client.test_compatibility(first["subject"], Schema(json.dumps(incompatible), "JSON"))
    out["level_set"] = client.set_compatibility(first["subject"], "full")
    out["level_get"] = client.get_compatibility(first["subject"])
    out["lookup"] = client.lookup_schema(first["subject"], client.get_schema(first["id"])).schema_id
    json.dump(out, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
