#!/usr/bin/env node
// Runs one TypeScript file with tsx's loader registered (npm run bench): node bin/run-ts.js <file.ts> [args…].
// The file is resolved against the current directory, like `node <file>`.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register as registerCjs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bin/run-ts.js <file.ts> [args…]\n');
  process.exit(2);
}
process.argv = [process.argv[0], resolve(file), ...args];
register();
// a .ts file outside an ESM package is CommonJS to Node; tsx's CJS hook covers that case
registerCjs();
await import(pathToFileURL(resolve(file)).href);
