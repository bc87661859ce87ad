// Reads every *.yaml file of a folder with js-yaml (an independent YAML reader; installed by
// npm ci as a dependency of @asyncapi/parser) and prints them as one JSON array, sorted by name.
// Usage: node yaml_to_json.mjs <folder>
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";

const dir = process.argv[2];
const docs = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => yaml.load(readFileSync(join(dir, f), "utf8")));
console.log(JSON.stringify(docs));
