#!/usr/bin/env node
// The build's last step (npm run build, after tsc): every built-in scenario file (scenarios/*/*.yaml)
// parsed once into dist/scenarios/prebuilt-docs.json, keyed by the SHA-256 of its text, which
// scenarios/prebuilt-docs.ts serves instead of parsing the YAML again at each start. A document
// JSON cannot carry exactly (.inf, .nan) is left out, so it is parsed at start as before.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../scenarios/', import.meta.url));
const out = new URL('../dist/scenarios/prebuilt-docs.json', import.meta.url);
const docs = {};
for (const channel of readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory()))
  for (const f of readdirSync(join(root, channel)).filter((f) => /\.ya?ml$/.test(f))) {
    const text = readFileSync(join(root, channel, f), 'utf8');
    let doc;
    try {
      doc = parse(text);
    } catch {
      continue; // start-up reports it, with its line
    }
    if (isDeepStrictEqual(JSON.parse(JSON.stringify(doc) ?? 'null'), doc))
      docs[createHash('sha256').update(text).digest('hex')] = doc;
  }
writeFileSync(out, `${JSON.stringify(docs)}\n`);
