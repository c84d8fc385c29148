// The lint step of `npm test` (ESLint 9 flat config): typescript-eslint's recommended rules, a
// 120-column limit for code (long string, template, regex and URL literals are allowed: messages
// quoted from the upstream documents stay whole), and the import rules that enforce
// shared/design.md's "who may import whom". It checks and never fixes; formatting is prettier's.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** design.md: the core never imports a channel, the registry or the composition root */
const CORE_IMPORTS_NO_CHANNEL =
  'simulators/core knows no channel: pass what it needs through the Channel interface (design.md, principle 1)';
/** design.md: <channel>/wire → core/crypto (and the pure core/codec) only */
const WIRE_IMPORTS_PURE_ONLY =
  'a channel wire is pure and shared with the clients: it imports only its own files, core/crypto/** and core/codec/**';
/** design.md: clients → simulators/<channel>/wire only */
const CLIENT_IMPORTS_WIRE_ONLY =
  'a reference client imports only simulators/<channel>/wire/** (re-export a core/crypto helper from the wire index), node builtins and packages';

/**
 * `no-restricted-imports` patterns are matched against the import text, so each depth inside the
 * core gets its own pattern: from simulators/core/x.ts, `../anything` that is not `../core/` or
 * `../../` leaves the core for simulators/ (a channel, channels.ts, main.ts, config.ts).
 */
const leavesCoreFor = (depth) => `^${'\\.\\./'.repeat(depth)}(?!\\.\\./|core/)`;
/** and a longer way round to the same place: any path through simulators/ to something not core */
const NAMES_SIMULATORS_NOT_CORE = '(?:^|/)simulators/(?!core/)';
const coreRule = (depth) => [
  'error',
  {
    patterns: [leavesCoreFor(depth), NAMES_SIMULATORS_NOT_CORE].map((regex) => ({
      regex,
      message: CORE_IMPORTS_NO_CHANNEL,
    })),
  },
];

export default defineConfig(
  {
    ignores: [
      'node_modules/**',
      'contracts/pacts/**',
      'coverage/**',
      'dist/**',
      '.sim-data/**',
      '.channel-sim/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'max-len': [
        'error',
        {
          code: 120,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
        },
      ],
      // `_name` marks a parameter or binding kept for its position (Express's (req, _res, next));
      // `const { dropped, ...rest } = o` is how a test leaves fields out
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // prettier breaks `a.b(…)\n[key]` chains across lines on purpose; the code is what it parses as
      'no-unexpected-multiline': 'off',
    },
  },
  // simulators/core/*.ts, core/<folder>/*.ts, core/<folder>/<folder>/*.ts
  ...[1, 2, 3].map((depth) => ({
    files: [`simulators/core/${'*/'.repeat(depth - 1)}*.ts`],
    rules: { 'no-restricted-imports': coreRule(depth) },
  })),
  {
    // the clients, not their unit tests: a test may build keys and PKI with anything (design.md: test/* → anything)
    files: ['clients/**/*.ts'],
    ignores: ['clients/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^\\.\\./(?!simulators/[\\w-]+/wire/)', message: CLIENT_IMPORTS_WIRE_ONLY }],
        },
      ],
    },
  },
  {
    files: ['simulators/*/wire/**/*.ts'],
    ignores: ['simulators/*/wire/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./(?!\\.\\./core/(?:crypto|codec)/)', message: WIRE_IMPORTS_PURE_ONLY }] },
      ],
    },
  },
);
