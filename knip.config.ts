/**
 * The dead-code step of `npm test` (knip): unused files, exports, and dependencies, and, with
 * `--production`, runtime code that needs a devDependency or a runtime dependency no runtime code
 * uses. Entries marked `!` are what ships (the Docker image: bin, cli, simulators, scenarios,
 * clients); the rest are dev entries (bench; tests, vitest and eslint configs come from knip's
 * plugins). The wire index files, the bank-data barrel and the reference clients are public
 * surfaces: their exports are for users and channels, not necessarily used in this repository.
 */
import type { KnipConfig } from 'knip';

const config: KnipConfig = {
  entry: [
    'bin/*.js!',
    // the package's entry (the library API); dist/ is its build
    'index.ts!',
    'cli/main.ts!',
    // forked by path by `channel-sim verify-pact` (cli/verify-pact.ts)
    'simulators/pact/verify-child.ts!',
    'clients/*.ts!',
    'simulators/*/wire/index.ts!',
    'simulators/core/banks/index.ts!',
    // the dashboard's script: the browser loads it (served from its file, imported by no module)
    'simulators/core/dashboard/page/app.js!',
    // `npm run bench` (node bin/run-ts.js bench/all.ts) and the processes it forks by path
    'bench/all.ts',
    // bench/all.ts runs every file in bench/suites/ (read from the folder); the profile reader is a command
    'bench/suites/*.ts',
    'bench/profile-summary.ts',
    'bench/servers.ts',
    'bench/*-process.ts',
    // `npm run docs` (node bin/run-ts.js scripts/field-reference.ts)
    'scripts/*.ts',
  ],
  // in --production a pattern without `!` becomes an ignore: the two sets must not overlap
  project: [
    '{bench,contracts,scripts,test}/**/*.{ts,js}',
    '*.{ts,js}',
    '**/*.test.ts',
    '{bin,cli,clients,scenarios,simulators}/**/*.{ts,js}!',
    '!**/*.test.ts!',
    // the field reference renderer sits beside the schema it reads, but only `npm run docs` runs it
    '!simulators/core/codec/field-reference.ts!',
  ],
  // an export a file uses itself is its signature's vocabulary (a parameter type), not dead code
  ignoreExportsUsedInFile: true,
  // run by path (node …/@redocly/cli/bin/cli.js) in test/admin-openapi.test.ts, which knip cannot see;
  // the same for the YAML language server
  ignoreDependencies: [
    '@redocly/cli',
    // run by path (node …/yaml-language-server/bin/yaml-language-server) in test/scenario-editor.test.ts
    'yaml-language-server',
    // imported by no module: pinned so that npm resolves fastify's and @fastify/swagger-ui's ranges
    // to versions whose own dependencies still run on Node 20 (test/engines.test.ts)
    '@fastify/static',
    'light-my-request',
  ],
};

export default config;
