#!/usr/bin/env node
// A build step (npm run build, after tsc): the dashboard page's files (plain HTML, CSS and an ES
// module, served as they are) copied next to the compiled module that serves them, so
// simulators/core/dashboard/page-files.ts finds them at the same relative path installed as in a
// checkout. tsc copies no file that is not TypeScript.
import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../simulators/core/dashboard/page/', import.meta.url));
const to = fileURLToPath(new URL('../dist/simulators/core/dashboard/page/', import.meta.url));
cpSync(from, to, { recursive: true });
