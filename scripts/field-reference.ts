/**
 * `npm run docs`: rewrites the generated field reference (the `<!-- field-reference:start -->` …
 * `<!-- field-reference:end -->` section) of each channel README from the field schemas and the
 * reference data in scripts/field-reference/. With `--check` it writes nothing and exits 1 when a
 * README differs (what test/field-reference-readme.test.ts asserts).
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { FIELD_REFERENCE_COMMAND, readmeReferences, readmeVersions } from './field-reference/readmes.ts';

const check = process.argv.includes('--check');
let stale = 0;
for (const r of readmeReferences) {
  const { current, expected } = readmeVersions(r);
  const name = relative(process.cwd(), r.readme);
  if (current === expected) {
    process.stdout.write(`${name}: up to date\n`);
  } else if (check) {
    stale++;
    process.stdout.write(
      `${name}: the field reference differs from the schemas (run \`${FIELD_REFERENCE_COMMAND}\`)\n`,
    );
  } else {
    writeFileSync(r.readme, expected);
    process.stdout.write(`${name}: field reference rewritten\n`);
  }
}
if (stale > 0) process.exitCode = 1;
