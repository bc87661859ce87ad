// A Node service against `events kafka serve` (npm install kafkajs); shown in README.md, run by
// tests/tools/kafka_serve_test.py: node kafka_serve_client.mjs BOOTSTRAP
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";

const kafka = new Kafka({ brokers: [process.argv[2]], logLevel: logLevel.ERROR });  // the printed bootstrap
const todoId = randomUUID();
const event = { event_id: randomUUID(), event_type: "TodoCompleted", event_version: "1.0",
                timestamp: new Date().toISOString(), correlation_id: null, todo_id: todoId,
                user_id: randomUUID(), completed_at: new Date().toISOString(), time_to_complete: 60 };
const producer = kafka.producer();
await producer.connect();
await producer.send({ topic: "todos", messages: [{ key: todoId, value: JSON.stringify(event) }] });
await producer.disconnect();

const consumer = kafka.consumer({ groupId: "node-service" });
await consumer.connect();
await consumer.subscribe({ topics: ["todos"], fromBeginning: true });
await new Promise((done) => consumer.run({ eachMessage: async ({ partition, message }) => {
  if (JSON.parse(message.value).event_id !== event.event_id) return;
  console.log("node read", JSON.parse(message.value).event_type, "from partition", partition);
  done();
} }));
await consumer.disconnect();
