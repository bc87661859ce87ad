// @kafkajs/confluent-schema-registry pointed at our registry (tests/schema_registry/peers_test.cpp).
// usage: node schema_registry_peer.mjs IN.json OUT.json
// IN: {url, user, password, entries: [{record, topic, subject, id, framed_hex, json}]}: our serializer's
// bytes for every catalog type. For each: the registry client decodes our bytes (fetching the schema
// by the frame's id, validating with ajv + ajv-formats), the value must equal our JSON; it registers
// the same schema under the same subject (the id must be ours) and encodes the value again.
// OUT: {framed: [{record, hex}], problems: [...], errors: {...}}.
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const [inPath, outPath] = process.argv.slice(2);
const cfg = JSON.parse(readFileSync(inPath, 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const auth = cfg.user ? { username: cfg.user, password: cfg.password } : undefined;
const registry = new SchemaRegistry({ host: cfg.url, auth, retry: { retries: 0 } },
                                    { [SchemaType.JSON]: { ajvInstance: ajv } });
const out = { framed: [], problems: [], errors: {} };
for (const e of cfg.entries) {
  const value = await registry.decode(Buffer.from(e.framed_hex, 'hex'));
  if (!isDeepStrictEqual(value, JSON.parse(e.json))) out.problems.push(`${e.record}: decoded ${JSON.stringify(value)}`);
  const schema = await registry.getSchema(e.id);  // the ajv validator of our schema
  if (!schema) out.problems.push(`${e.record}: no schema for id ${e.id}`);
  const text = JSON.stringify(JSON.parse(cfg.schemas[e.id]));
  const { id } = await registry.register({ type: SchemaType.JSON, schema: text }, { subject: e.subject });
  if (id !== e.id) out.problems.push(`${e.record}: registered as ${id}, ours is ${e.id}`);
  const latest = await registry.getLatestSchemaId(e.subject);
  if (latest !== e.id) out.problems.push(`${e.record}: latest id of ${e.subject} is ${latest}`);
  const framed = await registry.encode(id, value);
  out.framed.push({ record: e.record, hex: framed.toString('hex') });
}
const fail = async (name, call) => {
  try {
    await call();
    out.errors[name] = null;
  } catch (err) {
    out.errors[name] = { status: err.status ?? null, message: String(err.message) };
  }
};
await fail('unknown_id', () => registry.getSchema(99999));
await fail('unknown_subject', () => registry.getLatestSchemaId('no-such-subject'));
const first = cfg.entries[0];
const changed = JSON.parse(cfg.schemas[first.id]);
changed.properties[Object.keys(changed.properties)[0]] = { type: 'boolean' };
await fail('incompatible', () => registry.register({ type: SchemaType.JSON, schema: JSON.stringify(changed) },
                                                  { subject: first.subject }));
// A value our schema refuses is refused by the peer's encoder too.
await fail('invalid_value', () => registry.encode(first.id, { not: 'an event' }));
writeFileSync(outPath, JSON.stringify(out));
