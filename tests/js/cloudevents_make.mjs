// Events made by the CloudEvents JS SDK, for cloudevents.hpp to read (tests/cloudevents_test.cpp):
// one JSON line per event, {name, event, structured, binary}: `event` is the SDK's own view of it
// (toJSON()), `structured` the document its Kafka binding writes, `binary` the headers and value
// its Kafka binding writes. With JSON data, without data, with binary data (data_base64), with
// extensions of each type the spec allows.
import { readFileSync } from "node:fs";
import { CloudEvent, Kafka } from "cloudevents";

const base = { source: "/cloudevents-sdk", type: "com.example.sdk" };
const bytes = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x7b, 0x22]);
const events = {
  with_data: new CloudEvent({ ...base, subject: "s1", datacontenttype: "application/json", data: { a: 1, b: ["x", null] } }),
  without_data: new CloudEvent({ ...base }),
  data_base64: new CloudEvent({ ...base, datacontenttype: "application/octet-stream", data: new Uint8Array(bytes) }),
  extensions: new CloudEvent({
    ...base, dataschema: "https://example.com/schema.json", data: "text", datacontenttype: "text/plain",
    traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", correlationid: "c-1",
    myext: "value", count: 42, flag: true,
  }),
};
// node cloudevents_make.mjs [EVENT.json]: also our event's JSON sent as binary data.
if (process.argv[2])
  events.our_event_base64 = new CloudEvent({
    ...base, datacontenttype: "application/json", data: new Uint8Array(readFileSync(process.argv[2])),
  });
for (const [name, ev] of Object.entries(events)) {
  const structured = Kafka.structured(ev).value;
  const binary = Kafka.binary(ev);
  const headers = Object.entries(binary.headers).filter(([, v]) => v !== undefined).map(([n, v]) => [n, String(v)]);
  const event = ev.toJSON();
  if (ev.data_base64) event.data_bytes = [...ev.data];  // the bytes the SDK encoded
  process.stdout.write(JSON.stringify({ name, event, structured, binary: { headers } }) + "\n");
}
