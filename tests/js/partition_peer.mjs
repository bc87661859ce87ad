// kafkajs's Java-compatible partitioner (its default since 2.0) as the oracle of per-key
// partitioning, run by tests/kafka/partitioner_test.cpp.
//
//   node partition_peer.mjs BROKERS KEYS.json
//     KEYS.json: {topics: [names], keys: [strings], counts: [partition counts]}.
//     For every key and count prints {key, count, partition}: kafkajs's DefaultPartitioner given
//     that many partitions. Then sends every key to every topic with a kafkajs producer (the
//     partition chosen by kafkajs from the cluster's metadata) and prints {topic, key, partition}
//     as the broker acknowledged it. Then `done`.
import { readFileSync } from "node:fs";
import { Kafka, Partitioners, logLevel } from "kafkajs";

const [brokers, file] = process.argv.slice(2);
const input = JSON.parse(readFileSync(file, "utf8"));
const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");

const partitioner = Partitioners.DefaultPartitioner();
for (const key of input.keys)
  for (const count of input.counts) {
    const partitionMetadata = Array.from({ length: count }, (_, i) => ({ partitionId: i, leader: 0 }));
    out({ key, count, partition: partitioner({ topic: "t", partitionMetadata, message: { key, value: "v" } }) });
  }

const kafka = new Kafka({ clientId: "events-partition-peer", brokers: brokers.split(","), logLevel: logLevel.ERROR });
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
for (const topic of input.topics)
  for (const key of input.keys) {
    const [meta] = await producer.send({ topic, messages: [{ key, value: "kafkajs" }] });
    out({ topic, key, partition: meta.partition });
  }
await producer.disconnect();
process.stdout.write("done\n");
