// OpenTelemetry's own kafkajs instrumentation as the peer of our tracing hook, run by
// tests/kafka/otel_test.cpp against the embedded cluster: the spans it makes, read from an
// in-memory exporter, say whether a trace joins across the language border.
//
//   node otel_kafka_peer.mjs produce BROKERS RECORD.json
//     Sends RECORD ({topic, key, value, headers: [[name, value]...]}) with an instrumented kafkajs
//     producer (which writes its send span's context into the `traceparent` header). Prints
//     {span} for each span it made, then "done".
//   node otel_kafka_peer.mjs consume BROKERS GROUP TOPIC COUNT
//     Reads COUNT messages from the start of TOPIC with an instrumented kafkajs consumer (which
//     makes each message's process span the child of its `traceparent`). Prints {message} for
//     each (topic, partition, offset, key, headers), {span} for each span, then "done".
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { SpanKind } from "@opentelemetry/api";
import { KafkaJsInstrumentation } from "@opentelemetry/instrumentation-kafkajs";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register(); // the W3C trace-context propagator and an AsyncLocalStorage context manager
const instrumentation = new KafkaJsInstrumentation();
instrumentation.setTracerProvider(provider);
instrumentation.enable();
// kafkajs is loaded only now, with require: the instrumentation patches it as it loads (a static
// import would be evaluated before the lines above).
const require = createRequire(import.meta.url);
const { Kafka, Partitioners, logLevel } = require("kafkajs");

const [mode, brokers, ...args] = process.argv.slice(2);
const kafka = new Kafka({ clientId: "events-otel-peer", brokers: brokers.split(","), logLevel: logLevel.ERROR });
const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const text = (b) => (b === null || b === undefined ? null : Buffer.isBuffer(b) ? b.toString("utf8") : String(b));
const spans = () =>
  exporter.getFinishedSpans().map((s) => ({
    name: s.name,
    kind: SpanKind[s.kind],
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    // sdk-trace-base 2.x: parentSpanContext; 1.x: parentSpanId
    parentSpanId: s.parentSpanContext?.spanId ?? s.parentSpanId ?? null,
    attributes: s.attributes,
  }));

async function produce([file]) {
  const record = JSON.parse(readFileSync(file, "utf8"));
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({
    topic: record.topic,
    messages: [{ key: record.key, value: record.value, headers: Object.fromEntries(record.headers) }],
  });
  await producer.disconnect();
}

async function consume([group, topic, count]) {
  const consumer = kafka.consumer({ groupId: group });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const deadline = setTimeout(() => finish("timeout"), 60_000);
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const headers = Object.entries(message.headers).map(([n, v]) => [n, text(v)]);
      out({ message: { topic, partition, offset: message.offset, key: text(message.key), headers } });
      if (++seen >= Number(count)) setImmediate(() => finish("all")); // after this message's span ends
    },
  });
  const why = await finished;
  clearTimeout(deadline);
  await consumer.disconnect();
  if (why !== "all") throw new Error(`${seen} of ${count} messages before the deadline`);
}

try {
  if (mode === "produce") await produce(args);
  else if (mode === "consume") await consume(args);
  else throw new Error(`unknown mode ${mode}`);
  for (const span of spans()) out({ span });
  out("done");
} catch (e) {
  console.error(e);
  process.exit(1);
}
