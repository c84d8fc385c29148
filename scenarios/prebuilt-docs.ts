/**
 * parseScenarioYaml(text): a scenario file's YAML document, taken from the ones `npm run build`
 * parsed ahead of time when the text is one of them. Parsing the ~100 built-in YAML files is the
 * largest single cost of `channel-sim start` (several times JSON's); the build
 * (bin/prebuild-scenarios.js) writes dist/scenarios/prebuilt-docs.json, each built-in file's
 * document keyed by the SHA-256 of its text. Keyed by content, not by path: an edited file, a
 * user's file or a checkout without a build is simply parsed, never served stale.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

const PREBUILT = new URL('./prebuilt-docs.json', import.meta.url);
let prebuilt: Map<string, unknown> | undefined;

/** the key prebuilt-docs.json uses for a file's text */
export const textKey = (text: string) => createHash('sha256').update(text).digest('hex');

export function parseScenarioYaml(text: string): unknown {
  prebuilt ??= new Map(
    existsSync(PREBUILT) ? Object.entries(JSON.parse(readFileSync(PREBUILT, 'utf8')) as Record<string, unknown>) : [],
  );
  const doc = prebuilt.get(textKey(text));
  // a copy: whoever reads a document may keep or change it
  return doc === undefined ? parse(text) : structuredClone(doc);
}
