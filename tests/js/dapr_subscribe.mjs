// Subscribes to task-events through a Dapr sidecar with the official JavaScript SDK (@dapr/dapr's
// DaprServer): prints "ready" once its app server listens, then one JSON line per event received
// (the data the SDK hands the handler), and exits 0 after `count` events (1 after 20 s).
// Usage: node dapr_subscribe.mjs <dapr-http-port> <app-port> <count>
import { DaprServer, CommunicationProtocolEnum } from "@dapr/dapr";

const [daprPort, appPort, countText] = process.argv.slice(2);
const count = Number(countText);
let seen = 0;
const server = new DaprServer({
  serverHost: "127.0.0.1",
  serverPort: appPort,
  communicationProtocol: CommunicationProtocolEnum.HTTP,
  clientOptions: { daprHost: "127.0.0.1", daprPort, communicationProtocol: CommunicationProtocolEnum.HTTP },
  logger: { level: 0 },
});
setTimeout(() => {
  console.error(`dapr_subscribe: timed out after ${seen} of ${count}`);
  process.exit(1);
}, 20000).unref();

await server.pubsub.subscribeWithOptions("kafka-pubsub", "task-events", {
  // One segment: @dapr/dapr 3.18 announces "/events/tasks" as .../events/tasks but serves it
  // as .../eventstasks (it strips one '/' in one place and two in the other).
  route: "/tasks",
  deadLetterTopic: "task-events-dlq",
  callback: async (data) => {
    console.log(JSON.stringify(data));
    if (++seen === count) setTimeout(() => process.exit(0), 10);
    return "SUCCESS";
  },
});
await server.start();
console.log("ready");
