/**
 * The lint rules that enforce design.md's "who may import whom" (eslint.config.js) catch what they
 * are meant to catch and let the allowed imports through: each case lints one line of source as if
 * it were a file at the given path. It only asks ESLint; it never reads or writes the real files.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(`${source}\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('import rules (eslint.config.js)', () => {
  it.each([
    ['simulators/core/build-server.ts', "import { lft } from '../lft/index.ts';"],
    ['simulators/core/build-server.ts', "import { CHANNELS } from '../channels.ts';"],
    ['simulators/core/build-server.ts', "import { loadConfig } from '../config.ts';"],
    ['simulators/core/build-server.ts', "import { main } from '../main.ts';"],
    ['simulators/core/crypto/rsa.ts', "import { x } from '../../unionpay/wire/index.ts';"],
    ['simulators/core/build-server.ts', "import { x } from '../../simulators/lft/index.ts';"],
    ['simulators/core/codec/a/b.ts', "import { x } from '../../../lft/wire/index.ts';"],
    ['clients/lft.ts', "import { buildServer } from '../simulators/core/build-server.ts';"],
    ['clients/unionpay.ts', "import { certIdOf } from '../simulators/core/crypto/pki.ts';"],
    ['clients/lft.ts', "import { lft } from '../simulators/lft/index.ts';"],
    ['clients/lft.ts', "import { x } from '../scenarios/schema.ts';"],
  ])('refuses, in %s: %s', async (file, source) => {
    expect(await restrictedImports(file, source)).toBe(1);
  });

  it.each([
    ['simulators/core/build-server.ts', "import { createClock } from './clock.ts';"],
    ['simulators/core/build-server.ts', "import type { Step } from '../../scenarios/schema.ts';"],
    ['simulators/core/crypto/rsa.ts', "import { SimError } from '../errors.ts';"],
    ['simulators/core/codec/a/b.ts', "import { SimError } from '../../errors.ts';"],
    ['simulators/lft/index.ts', "import { buildServer } from '../core/build-server.ts';"],
    ['clients/lft.ts', "import { encodeRequest } from '../simulators/lft/wire/index.ts';"],
    ['clients/unionpay.ts', "import { UnionPayProtocolError } from './unionpay-errors.ts';"],
    ['clients/unionpay.ts', "import forge from 'node-forge';"],
    // a client's unit test may build its keys and PKI with anything, like test/*
    ['clients/unionpay.test.ts', "import { createTestPki } from '../simulators/core/crypto/test-pki.ts';"],
  ])('allows, in %s: %s', async (file, source) => {
    expect(await restrictedImports(file, source)).toBe(0);
  });
});
