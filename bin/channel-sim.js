#!/usr/bin/env node
// The `channel-sim` command (npx channel-sim, npm start). Installed from the package, it runs the
// compiled CLI (dist/, no TypeScript loader). In a checkout (cli/main.ts is beside it) it runs the
// sources with tsx's loader, a devDependency, so `npm start` and the tests never meet a stale
// build. Paths are relative to this file, not to the current directory: it works from anywhere.
import { existsSync } from 'node:fs';

const sources = new URL('../cli/main.ts', import.meta.url);
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(sources.href);
} else {
  await import('../dist/cli/main.js');
}
