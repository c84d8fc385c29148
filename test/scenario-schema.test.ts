/**
 * The scenario format's JSON Schemas (scenarios/*.schema.json) are what `npm run docs` generates
 * from scenarios/schema.ts, every built-in scenario file names its channel's schema on its first
 * line and is valid under it, and a JSON Schema validator (Ajv, as an editor would) and the
 * simulator's own loader (start-up, `scenarios check`) agree on what is wrong with a bad file:
 * both refuse it, and the loader names the field the schema rejected.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { startSimulators } from '../simulators/library.ts';
import { channels } from '../simulators/channels.ts';
import { SimError } from '../simulators/core/errors.ts';
import {
  GENERIC_SCHEMA,
  modelineOf,
  scenarioSchemaFiles,
  SCENARIOS_DIR,
  schemaFileOf,
} from '../scripts/scenario-schemas/files.ts';
import { run } from './support/cli-process.ts';

// strict, but for two draft-07 idioms the schemas use on purpose: a union type (a predicate's
// values are text, numbers or booleans) and `then: { required }` naming a member its parent defines
const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, strictRequired: false });
// JSON Schema's regex format is ECMA-262's: what the simulator compiles with new RegExp
ajv.addFormat('regex', {
  validate: (s: string) => {
    try {
      return new RegExp(s) instanceof RegExp;
    } catch {
      return false;
    }
  },
});
const schemaOf = (file: string) => JSON.parse(readFileSync(join(SCENARIOS_DIR, file), 'utf8')) as object;
const generic = ajv.compile(schemaOf(GENERIC_SCHEMA));
const perChannel = new Map<string, ValidateFunction>(
  Object.keys(channels).map((c) => [c, ajv.compile(schemaOf(schemaFileOf(c)))]),
);
const shownErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join('\n');

describe('the scenario JSON Schemas', () => {
  it('are what npm run docs writes from scenarios/schema.ts, as are the built-in files’ first lines', () => {
    const stale = scenarioSchemaFiles(Object.values(channels))
      .filter((f) => f.current !== f.expected)
      .map((f) => f.path);
    expect(stale, 'run `npm run docs` and commit the result').toEqual([]);
  });

  it.each(Object.keys(channels))('every built-in %s file names its channel’s schema and is valid under it', (c) => {
    const files = readdirSync(join(SCENARIOS_DIR, c)).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const text = readFileSync(join(SCENARIOS_DIR, c, f), 'utf8');
      expect(text.split('\n')[0], f).toBe(modelineOf(c));
      const doc = parse(text) as unknown;
      expect(perChannel.get(c)!(doc), `${c}/${f}:\n${shownErrors(perChannel.get(c)!.errors)}`).toBe(true);
      expect(generic(doc), `${c}/${f} (generic):\n${shownErrors(generic.errors)}`).toBe(true);
    }
  });
});

describe('Ajv and the loader agree on a bad file', () => {
  const temps: string[] = [];
  afterAll(() => {
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });
  /** the built-in LFT catalogue with `text` added as lft/bad.yaml: the loader's problem lines for it */
  function loaderProblems(text: string): string[] {
    const root = mkdtempSync(join(tmpdir(), 'scenario-schema-'));
    temps.push(root);
    mkdirSync(join(root, 'lft'));
    writeFileSync(join(root, 'lft', 'bad.yaml'), text);
    try {
      loadScenarios([SCENARIOS_DIR, root], channels.lft!);
      return [];
    } catch (e) {
      expect(e).toBeInstanceOf(SimError);
      return (e as SimError).message.split('\n').filter((l) => l.includes('bad.yaml'));
    }
  }

  const BAD: Array<[string, string, string, boolean]> = [
    // what, the file, the path the loader names, whether the generic schema (no channel names) refuses it too
    [
      'an unknown key (aftrMs)',
      'steps:\n  pay:\n    - callbacks: [{ event: paid, aftrMs: 5 }]',
      'steps.pay[0].callbacks[0].aftrMs',
      true,
    ],
    ['an unknown step field', 'steps:\n  prepay:\n    - { delay: 5 }', 'steps.prepay[0].delay', true],
    ['a value outside an enum', 'steps:\n  prepay:\n    - { fault: explode }', 'steps.prepay[0].fault', true],
    ['a wrong type', 'steps:\n  inquery:\n    - { times: two }', 'steps.inquery[0].times', true],
    ['a number below its minimum', 'steps:\n  inquery:\n    - { times: 0 }', 'steps.inquery[0].times', true],
    [
      'a rejection without a reason',
      'steps:\n  prepay:\n    - reply: { outcome: rejected }',
      'steps.prepay[0].reply.reason',
      true,
    ],
    ['an empty list of steps', 'steps:\n  prepay: []', 'steps.prepay', true],
    [
      'a predicate with two tests',
      'when: { operation: prepay, match: { equals: { amount: "1" }, exists: [amount] } }\nsteps:\n  prepay:\n    - {}',
      'when.match',
      true,
    ],
    [
      'a bad regular expression',
      'when: { operation: prepay, match: { matches: { amount: "(" } } }\nsteps:\n  prepay:\n    - {}',
      'when.match.matches.amount',
      true,
    ],
    ['an operation the channel does not have', 'steps:\n  refund:\n    - {}', 'steps.refund', false],
    [
      'a state the order kind does not have',
      'steps:\n  inquery:\n    - { moveTo: PAID }',
      'steps.inquery[0].moveTo',
      false,
    ],
    [
      'an outcome the kind has no state for',
      'steps:\n  create:\n    - reply: { outcome: success }',
      'steps.create[0].reply.outcome',
      false,
    ],
    [
      'a callback the channel does not send',
      'steps:\n  pay:\n    - callbacks: [{ event: refunded }]',
      'steps.pay[0].callbacks[0].event',
      false,
    ],
    [
      'an event the channel does not have',
      'steps:\n  prepay:\n    - later: [{ event: teleport, afterMs: 1 }]',
      'steps.prepay[0].later[0].event',
      false,
    ],
    [
      'a later event without its time',
      'steps:\n  prepay:\n    - later: [{ event: arrive }]',
      'steps.prepay[0].later[0].afterMs',
      true,
    ],
  ];

  it.each(BAD)('%s', (_what, body, path, genericRefuses) => {
    const text = `description: a broken scenario\n${body}\n`;
    const doc = parse(text) as unknown;
    expect(perChannel.get('lft')!(doc), 'the LFT schema refuses it').toBe(false);
    expect(generic(doc), 'the generic schema').toBe(!genericRefuses);
    const problems = loaderProblems(text);
    expect(problems.length, 'the loader refuses it').toBeGreaterThan(0);
    expect(problems.join('\n')).toContain(`bad.yaml: ${path}`);
  });

  it('a file missing its description: both say so', () => {
    const doc = parse('steps:\n  prepay:\n    - {}\n') as unknown;
    expect(perChannel.get('lft')!(doc)).toBe(false);
    expect(perChannel.get('lft')!.errors?.[0]?.params).toEqual({ missingProperty: 'description' });
    expect(loaderProblems('steps:\n  prepay:\n    - {}\n').join('\n')).toContain('bad.yaml: description: required');
  });

  it('a file using every part of the format: both accept it', () => {
    const text = `description: every part of the format
when:
  operation: prepay
  match:
    and:
      - { equals: { amount: "9.99" } }
      - { not: { exists: [remark] } }
      - { or: [{ contains: { payee: "x" } }, { matches: { mobile: "^1[3-9]\\\\d{9}$" } }] }
steps:
  prepay:
    - times: 2
      delayMs: 10
      reply: { outcome: pending, fields: { msg: "busy", code: 7 } }
    - reply: { outcome: rejected, reason: declined }
  inquery:
    - moveTo: CLOSED
  pay:
    - reply: { outcome: success }
      callbacks: [{ event: paid, afterMs: 0, copies: 2, tamper: sign, tamperAttempts: 1 }]
      later: [{ event: arrive, afterMs: 30000 }]
    - fault: timeout
`;
    const doc = parse(text) as unknown;
    expect(perChannel.get('lft')!(doc), shownErrors(perChannel.get('lft')!.errors)).toBe(true);
    expect(generic(doc), shownErrors(generic.errors)).toBe(true);
    expect(loaderProblems(text)).toEqual([]);
  });

  it('`channel-sim scenarios check` reports what the schema refuses, in the same run as the rest', async () => {
    const root = mkdtempSync(join(tmpdir(), 'scenario-schema-cli-'));
    temps.push(root);
    mkdirSync(join(root, 'lft'));
    writeFileSync(join(root, 'lft', 'typo.yaml'), `description: a typo\n${BAD[0]![1]}\n`);
    writeFileSync(join(root, 'lft', 'enum.yaml'), `description: a bad enum\n${BAD[2]![1]}\n`);
    const r = await run(['scenarios', 'check', '--channel', 'lft', '--scenarios', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /typo\.yaml: steps\.pay\[0\]\.callbacks\[0\]\.aftrMs: unknown field \(did you mean afterMs\?\)/,
    );
    expect(r.stderr).toMatch(/enum\.yaml: steps\.prepay\[0\]\.fault: must be one of reset, empty, garbage, timeout/);
  }, 120_000);
});

describe('a running simulator serves its schema', () => {
  it('at /__admin/scenarios/schema.json: the shipped file, loopback only, no token needed (an editor sends none)', async () => {
    const sims = await startSimulators({ channels: ['lft', 'withhold'], adminToken: 'schema-t0k' });
    try {
      for (const c of ['lft', 'withhold'] as const) {
        const res = await fetch(`${sims[c].adminUrl}/scenarios/schema.json`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await res.json()).toEqual(schemaOf(schemaFileOf(c)));
      }
      // the rest of the admin API still wants the token
      expect((await fetch(`${sims.lft.adminUrl}/scenarios`)).status).toBe(401);
    } finally {
      await sims.close();
    }
  });
});
