#!/usr/bin/env node
// The `channel-sim` command (npx channel-sim, npm start). Plain JS so it runs without a build:
// it registers tsx's loader for this process, then loads the TypeScript CLI. The path is relative
// to this file, not to the current directory, so it works from anywhere.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
