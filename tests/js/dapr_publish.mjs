// Publishes task.created events through a Dapr sidecar with the official JavaScript SDK
// (@dapr/dapr's DaprClient over HTTP): `count` single publishes (plain JSON, which the sidecar
// wraps in its own CloudEvent), then the same number again with publishBulk.
// Usage: node dapr_publish.mjs <dapr-http-port> <count>
// Prints one line per event sent (its title), then "done", and exits 0; exits 1 on any failure.
import { DaprClient, CommunicationProtocolEnum } from "@dapr/dapr";
import { randomUUID } from "node:crypto";

const [port, countText] = process.argv.slice(2);
const count = Number(countText);
const client = new DaprClient({
  daprHost: "127.0.0.1",
  daprPort: port,
  communicationProtocol: CommunicationProtocolEnum.HTTP,
  logger: { level: 0 },
});

const event = (title) => ({
  event_id: randomUUID(),
  event_type: "task.created",
  event_version: "1.0",
  timestamp: new Date().toISOString(),
  correlation_id: null,
  causation_id: null,
  payload: { task_id: randomUUID(), user_id: randomUUID(), title, priority: "high", tags: ["js"] },
});

try {
  for (let i = 0; i < count; ++i) {
    const title = `js single ${i}`;
    const r = await client.pubsub.publish("kafka-pubsub", "task-events", event(title));
    if (r.error) throw r.error;
    console.log(title);
  }
  const bulk = Array.from({ length: count }, (_, i) => event(`js bulk ${i}`));
  const r = await client.pubsub.publishBulk("kafka-pubsub", "task-events", bulk);
  if (r.failedMessages.length) throw new Error(`bulk: ${r.failedMessages.length} failed`);
  for (const e of bulk) console.log(e.payload.title);
  console.log("done");
  await client.stop();
  process.exit(0);
} catch (e) {
  console.error(`dapr_publish: ${e?.message ?? e}`);
  process.exit(1);
}
