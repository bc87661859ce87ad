// kafkajs (a second implementation of the Kafka protocol) and the CloudEvents JS SDK as peers of
// our Kafka producer and consumer, run by tests/kafka/kafkajs_test.cpp against the embedded cluster.
//
//   node kafka_peer.mjs consume BROKERS EXPECT.json
//     Reads until every record of EXPECT.json ({group, records: [{topic, key, headers, value}]})
//     has arrived; checks each one's key, headers (names, values, order) and value bytes against
//     the record with the same topic and value; parses it with the SDK's Kafka binding and
//     validates it against the spec. Prints one JSON line per message ({topic, key, headers,
//     value, problems, ce}), then `done`; exits 1 when anything differed or was missing.
//   node kafka_peer.mjs produce BROKERS SAMPLES.json
//     For each sample ({topic, key, type, id, time, data (JSON text), extensions}) makes a
//     CloudEvent with the SDK and sends it twice with kafkajs: binary mode (Kafka.binary) and
//     structured mode (Kafka.structured). Prints one JSON line per message sent ({mode, topic, key,
//     headers, value}), then `done`.
import { readFileSync } from "node:fs";
import { Kafka, Partitioners, logLevel } from "kafkajs";
import { CloudEvent, HTTP, Kafka as KafkaBinding } from "cloudevents";

const [mode, brokers, file] = process.argv.slice(2);
const input = JSON.parse(readFileSync(file, "utf8"));
// The mock brokers (librdkafka 2.0.2) answer every request kafkajs 2.2.4 makes with its default
// settings (ApiVersions, Metadata, Produce v7, Fetch v11, the group protocol): no setting needed.
const kafka = new Kafka({ clientId: "events-kafkajs-peer", brokers: brokers.split(","), logLevel: logLevel.ERROR });
const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const text = (b) => (b === null || b === undefined ? null : Buffer.isBuffer(b) ? b.toString("utf8") : String(b));

async function consume() {
  const pending = input.records.map((r) => ({ ...r, seen: false }));
  const topics = [...new Set(pending.map((r) => r.topic))];
  let failed = false;
  const consumer = kafka.consumer({ groupId: input.group });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const deadline = setTimeout(() => finish("timeout"), 90_000);
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const key = text(message.key), value = text(message.value);
      const headers = Object.entries(message.headers).map(([n, v]) => [n, text(v)]);
      const problems = [];
      const want = pending.find((r) => !r.seen && r.topic === topic && r.value === value);
      if (!want) problems.push("no record sent with this topic and value");
      else {
        want.seen = true;
        if (key !== want.key) problems.push(`key ${JSON.stringify(key)}, sent ${JSON.stringify(want.key)}`);
        if (JSON.stringify(headers) !== JSON.stringify(want.headers))
          problems.push(`headers ${JSON.stringify(headers)}, sent ${JSON.stringify(want.headers)}`);
      }
      // The SDK's own reading of the message, then its spec validation (the JSON schema).
      const msg = { key, value, headers: Object.fromEntries(headers) };
      let ce = null;
      try {
        ce = KafkaBinding.toEvent(msg);
      } catch (e) {
        // cloudevents 10.0.0's Kafka binding runs `new Date(time).toISOString()` on a structured
        // event without checking `time` is there (it is optional), and throws RangeError; its HTTP
        // binding reads the same document without that step.
        if (e instanceof RangeError && msg.headers["content-type"]?.startsWith("application/cloudevents+json") &&
            JSON.parse(value).time === undefined)
          ce = HTTP.toEvent({ headers: { "content-type": "application/cloudevents+json" }, body: value });
        else problems.push(`the SDK refused it: ${e.message}`);
      }
      let json = null;
      if (ce) {
        try {
          ce.validate();
        } catch (e) {
          problems.push(`the SDK says invalid: ${e.message} ${JSON.stringify(e.errors ?? [])}`);
        }
        json = { ...ce.toJSON() };
        if (json.data !== undefined && !(typeof json.data === "object" && json.data !== null && !Array.isArray(json.data)))
          problems.push(`the SDK read data as ${typeof json.data}, not a JSON object`);
      }
      if (problems.length) failed = true;
      out({ topic, key, headers, value, problems, ce: json });
      if (pending.every((r) => r.seen)) finish("all");
    },
  });
  const why = await finished;
  clearTimeout(deadline);
  await consumer.disconnect();
  for (const r of pending.filter((r) => !r.seen)) out({ missing: r });
  out("done");
  process.exit(failed || why !== "all" ? 1 : 0);
}

async function produce() {
  // The Java client's partitioner (murmur2), so kafkajs 2 does not warn about its default.
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (const s of input) {
    const ce = new CloudEvent({
      id: s.id, source: "/kafkajs", type: s.type, datacontenttype: "application/json",
      ...(s.time ? { time: s.time } : {}), data: JSON.parse(s.data), partitionkey: s.key, ...s.extensions,
    });
    for (const [mode, m] of [["binary", KafkaBinding.binary(ce)], ["structured", KafkaBinding.structured(ce)]]) {
      const headers = { ...m.headers, "x-peer": "kafkajs" };
      for (const [n, v] of Object.entries(headers)) if (v === undefined) delete headers[n];
      const value = typeof m.value === "string" ? m.value : JSON.stringify(m.value);
      await producer.send({ topic: s.topic, messages: [{ key: m.key, value, headers }] });
      out({ mode, topic: s.topic, key: m.key, headers: Object.entries(headers).map(([n, v]) => [n, String(v)]), value });
    }
  }
  await producer.disconnect();
  out("done");
}

await (mode === "consume" ? consume() : produce());
