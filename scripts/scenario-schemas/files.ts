/**
 * The generated files of the scenario format (scenarios/schema.ts is their one source): the JSON
 * Schema of any scenario file (scenarios/scenario.schema.json), one per channel with that
 * channel's operations, states and events (scenarios/<channel>.schema.json), and the
 * `# yaml-language-server: $schema=…` first line of every built-in scenario file, which points an
 * editor at its channel's schema. `npm run docs` writes them; test/scenario-schema.test.ts fails
 * when one is stale.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchema } from '../../scenarios/json-schema.ts';
import type { AnyChannel } from '../../simulators/core/channel.ts';

export const SCENARIOS_DIR = join(import.meta.dirname, '..', '..', 'scenarios');
export const GENERIC_SCHEMA = 'scenario.schema.json';
export const schemaFileOf = (channel: string) => `${channel}.schema.json`;
/** the first line of a built-in file of `channel` (relative: it works in a checkout and in node_modules) */
export const modelineOf = (channel: string) => `# yaml-language-server: $schema=../${schemaFileOf(channel)}`;
const MODELINE = /^# yaml-language-server: .*\n/;

export interface GeneratedFile {
  path: string;
  /** what is there now ('' when missing) */
  current: string;
  expected: string;
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');

/** every generated file of the scenario format, for these channels */
export function scenarioSchemaFiles(channels: readonly AnyChannel[]): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const add = (path: string, expected: string) => files.push({ path, current: read(path), expected });
  add(join(SCENARIOS_DIR, GENERIC_SCHEMA), json(scenarioJsonSchema()));
  for (const channel of channels) {
    add(join(SCENARIOS_DIR, schemaFileOf(channel.name)), json(scenarioJsonSchema(channel)));
    const dir = join(SCENARIOS_DIR, channel.name);
    for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) {
      const path = join(dir, f);
      const text = read(path);
      add(path, `${modelineOf(channel.name)}\n${text.replace(MODELINE, '')}`);
    }
  }
  return files;
}
