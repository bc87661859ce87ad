// Parses an AsyncAPI document with @asyncapi/parser (the reference parser) and prints a summary:
// node asyncapi_check.mjs FILE -> {"errors": [...], "channels": [...], "messages": N, "operations": N}
import { Parser } from '@asyncapi/parser';
import fs from 'fs';

const { document, diagnostics } = await new Parser().parse(fs.readFileSync(process.argv[2], 'utf8'));
const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code} ${d.message} ${JSON.stringify(d.path)}`);
console.log(JSON.stringify({
  errors,
  channels: document ? document.channels().all().map((c) => c.address()) : [],
  messages: document ? document.allMessages().length : 0,
  operations: document ? document.operations().length : 0,
}));
