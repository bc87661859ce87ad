// kafkajs with @kafkajs/confluent-schema-registry pointed at our registry, on the embedded cluster
// (tests/schema_registry/kafka/peers_test.cpp): the Node service beside ours.
//
//   node schema_registry_kafka_peer.mjs consume BROKERS IN.json OUT.json
//     IN: {url, group, topics, count}. Reads `count` messages; registry.decode takes each frame's
//     id, fetches that schema from the registry and validates the value (ajv + ajv-formats).
//     OUT: [{topic, id, value}] in arrival order.
//   node schema_registry_kafka_peer.mjs produce BROKERS IN.json OUT.json
//     IN: {url, entries: [{topic, record, type, schema, json}]}. Registers each schema under the
//     topic-record subject, encodes the value with the id the registry gave (0x00 + id + JSON), and
//     sends it with kafkajs, the event's type in `ce_type`. OUT: [{topic, record, id}].
import { readFileSync, writeFileSync } from 'node:fs';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const [mode, brokers, inPath, outPath] = process.argv.slice(2);
const cfg = JSON.parse(readFileSync(inPath, 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const registry = new SchemaRegistry({ host: cfg.url, retry: { retries: 0 } }, { [SchemaType.JSON]: { ajvInstance: ajv } });
const kafka = new Kafka({ clientId: 'events-sr-peer', brokers: brokers.split(','), logLevel: logLevel.ERROR });

async function consume() {
  const out = [];
  const consumer = kafka.consumer({ groupId: cfg.group });
  await consumer.connect();
  await consumer.subscribe({ topics: cfg.topics, fromBeginning: true });
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const deadline = setTimeout(() => finish(), 90_000);
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const id = message.value.readUInt32BE(1);
      out.push({ topic, id, value: await registry.decode(message.value) });
      if (out.length >= cfg.count) finish();
    },
  });
  await finished;
  clearTimeout(deadline);
  await consumer.disconnect();
  return out;
}

async function produce() {
  const out = [];
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (const e of cfg.entries) {
    const { id } = await registry.register({ type: SchemaType.JSON, schema: e.schema }, { subject: `${e.topic}-${e.record}` });
    const value = await registry.encode(id, JSON.parse(e.json));
    await producer.send({ topic: e.topic, messages: [{ key: e.record, value, headers: { ce_type: e.type } }] });
    out.push({ topic: e.topic, record: e.record, id });
  }
  await producer.disconnect();
  return out;
}

writeFileSync(outPath, JSON.stringify(mode === 'consume' ? await consume() : await produce()));
