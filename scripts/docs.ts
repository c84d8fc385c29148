/**
 * `npm run docs`: rewrites what is generated from the sources — the field reference section of
 * each channel README (from the field schemas and scripts/field-reference/) and the scenario
 * format's JSON Schemas and modelines (from scenarios/schema.ts, scripts/scenario-schemas/). With
 * `--check` it writes nothing and exits 1 when a file differs (what the drift tests assert).
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { channels } from '../simulators/channels.ts';
import { FIELD_REFERENCE_COMMAND, readmeReferences, readmeVersions } from './field-reference/readmes.ts';
import { scenarioSchemaFiles } from './scenario-schemas/files.ts';

const check = process.argv.includes('--check');
const files = [
  ...readmeReferences.map((r) => ({ path: r.readme, ...readmeVersions(r) })),
  ...scenarioSchemaFiles(Object.values(channels)),
];
let stale = 0;
let written = 0;
for (const f of files) {
  if (f.current === f.expected) continue;
  const name = relative(process.cwd(), f.path);
  if (check) {
    stale++;
    process.stdout.write(`${name}: differs from its source (run \`${FIELD_REFERENCE_COMMAND}\`)\n`);
  } else {
    writeFileSync(f.path, f.expected);
    written++;
    process.stdout.write(`${name}: rewritten\n`);
  }
}
process.stdout.write(`${files.length} generated files, ${check ? `${stale} stale` : `${written} rewritten`}\n`);
if (stale > 0) process.exitCode = 1;
