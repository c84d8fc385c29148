/**
 * How `npm test` runs: every *.test.ts in two groups — all tests in parallel first, then the Pact
 * provider verifications, which read the pact files the consumer tests have just written.
 */
import { defineConfig } from 'vitest/config';

// Provider verifications read the pact files the consumer tests write, so they run in a later
// group (sequence.groupOrder): every other test file first, in parallel, then the verifications.
const PROVIDER_VERIFICATIONS = 'contracts/**/provider.pact.test.ts';

export default defineConfig({
  test: {
    exclude: ['node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    env: { PACT_DO_NOT_TRACK: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'tests',
          include: ['**/*.test.ts'],
          exclude: ['node_modules/**', PROVIDER_VERIFICATIONS],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'provider-verification', include: [PROVIDER_VERIFICATIONS], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
