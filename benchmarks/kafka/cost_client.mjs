// The Node stack of the cost benchmark (benchmarks/kafka/cost.sh): kafkajs with ajv validating
// against our JSON Schema of the event, as a Node service writes it. The packages are those of
// tests/js (package.json, installed by cmake/install-deps.sh).
//   node cost_client.mjs SAMPLE.json produce BOOTSTRAP TOPIC N
//   node cost_client.mjs SAMPLE.json consume BOOTSTRAP TOPIC N GROUP
// produce: N events (each its own event_id and task_id), each validated and JSON.stringify'd,
//   keyed by its task id with the headers our producer sends (SAMPLE: `events_kafka_cost
//   sample`); sent 500 a request (kafkajs has no linger: one send per batch is its cheap way),
//   acks=all, as ours (not idempotent: see produce()).
// consume: reads TOPIC from the beginning in a group (eachBatch, kafkajs's cheaper handler),
//   JSON.parse and validate each value.
// Prints one JSON line: {side, messages, measured, cpu_s, wall_s}; cpu_s is user + sys of this
// process (process.cpuUsage: every thread) over the measured span, as events_kafka_cost measures.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), "..", "..", "tests", "js", "package.json"));
const { Kafka, logLevel } = require("kafkajs");
const Ajv = require("ajv");
const addFormats = require("ajv-formats");

const [samplePath, mode, bootstrap, topic, count, group] = process.argv.slice(2);
const n = Number(count);
const sample = JSON.parse(readFileSync(samplePath, "utf8"));
const ajv = new Ajv({ strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(sample.schema));
const kafka = new Kafka({ brokers: bootstrap.split(","), logLevel: logLevel.ERROR, clientId: "cost-node" });
const budget = 120000;  // ms, any one run

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const report = (measured, cpu0, cpu1, t0, t1) =>
  console.log(JSON.stringify({ side: "node", messages: n, measured, cpu_s: cpu1 - cpu0, wall_s: (t1 - t0) / 1000 }));
const fail = (why) => {
  console.error("node: " + why);
  process.exit(1);
};

async function produce() {
  const base = JSON.parse(sample.event);
  const events = Array.from({ length: n }, () => ({ ...base, event_id: randomUUID(),
                                                    payload: { ...base.payload, task_id: randomUUID() } }));
  const fixed = Object.fromEntries(sample.headers.filter(([k]) => k !== "ce_id"));
  // Not idempotent: kafkajs asks the controller for a producer id, which the mock cluster does not
  // name in its metadata (librdkafka's clients get one). One thing less for Node to do.
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [{ key: base.payload.task_id, value: sample.event, headers: fixed }] });
  const t0 = Date.now(), cpu0 = cpu();
  for (let i = 0; i < n; i += 500) {
    const messages = [];
    for (const ev of events.slice(i, i + 500)) {
      if (!validate(ev)) fail("invalid event: " + ajv.errorsText(validate.errors));
      messages.push({ key: ev.payload.task_id, value: JSON.stringify(ev), headers: { ce_id: ev.event_id, ...fixed } });
    }
    await producer.send({ topic, acks: -1, messages });
  }
  const cpu1 = cpu(), t1 = Date.now();
  await producer.disconnect();
  report(n, cpu0, cpu1, t0, t1);
}

async function consume() {
  const consumer = kafka.consumer({ groupId: group });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let got = 0, invalid = 0, titleBytes = 0, t0 = 0, cpu0 = 0;
  const timer = setTimeout(() => fail(`consumed ${got} of ${n}`), budget);
  const [cpu1, t1] = await new Promise((done) => consumer.run({ eachBatch: async ({ batch }) => {
    for (const m of batch.messages) {
      if (got === n) return;
      if (got === 0) t0 = Date.now(), cpu0 = cpu();
      const ev = JSON.parse(m.value);
      if (!validate(ev)) ++invalid;
      titleBytes += ev.payload.title.length;
      if (++got === n) done([cpu(), Date.now()]);
    }
  } }));
  clearTimeout(timer);
  await consumer.disconnect();
  if (invalid) fail(`${invalid} messages did not validate`);
  console.error(`node: ${titleBytes} title bytes`);
  report(n - 1, cpu0, cpu1, t0, t1);
}

await (mode === "produce" ? produce() : mode === "consume" ? consume() : fail("mode: produce or consume"));
