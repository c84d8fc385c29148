/**
 * The scenario catalogue and its loader: every shipped LFT file loads, each magic value picks
 * exactly one scenario and says so in its description, and a bad file stops start-up with a
 * SimError naming the file and the field at fault. Bad files are written to temp dirs, never
 * into scenarios/.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimError } from '../simulators/core/errors.ts';
import { lft } from '../simulators/lft/index.ts';
import { loadScenarios } from './load-scenarios.ts';

const root = import.meta.dirname;
const shipped = readdirSync(join(root, 'lft')).filter((f) => f.endsWith('.yaml'));

describe('the LFT scenario catalogue', () => {
  it('loads every file in scenarios/lft', () => {
    const set = loadScenarios(root, lft);
    expect([...set.byId.keys()].sort()).toEqual(shipped.map((f) => `lft/${f.replace(/\.yaml$/, '')}`).sort());
    expect(set.fallback.id).toBe('lft/default');
  });

  it('gives every magic value to one scenario, and names it in the description', () => {
    const set = loadScenarios(root, lft);
    const seen = new Map<string, string>();
    for (const s of set.matchers) {
      const amount = (s.when?.match as { equals?: { amount?: string } } | undefined)?.equals?.amount;
      expect(amount, `${s.id} has an amount predicate`).toMatch(/^\d+\.\d\d$/);
      const key = `${s.when!.operation} ${amount}`;
      expect(seen.get(key), `${key} is used by ${seen.get(key)} and ${s.id}`).toBeUndefined();
      seen.set(key, s.id);
      expect(s.description).toContain(`${s.when!.operation} amount ${amount}`);
    }
    expect(seen.size).toBe(shipped.length - 1);
  });
});

describe('loadScenarios rejects a bad catalogue', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /** a scenarios root holding the shipped default.yaml plus the given files */
  function catalogue(files: Record<string, string>, withDefault = true): string {
    const dir = mkdtempSync(join(tmpdir(), 'scenarios-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'lft'));
    if (withDefault) copyFileSync(join(root, 'lft', 'default.yaml'), join(dir, 'lft', 'default.yaml'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'lft', name), text);
    return dir;
  }

  function bootError(dir: string): SimError {
    try {
      loadScenarios(dir, lft);
    } catch (e) {
      expect(e).toBeInstanceOf(SimError);
      expect((e as SimError).code).toBe('SIM_ERR_BOOT_SCENARIO');
      return e as SimError;
    }
    throw new Error('loadScenarios accepted a bad catalogue');
  }

  it.each([
    ['an unknown step field', 'steps:\n  prepay:\n    - { delay: 5 }\n', 'steps.prepay[0].delay', /unknown step field/],
    [
      'a moveTo state the machine does not have',
      'steps:\n  inquery:\n    - {}\n    - { moveTo: PAID }\n',
      'steps.inquery[1].moveTo',
      /"PAID" is not a payin state/,
    ],
    [
      'an unknown later event',
      'steps:\n  prepay:\n    - later: [{ event: teleport, afterMs: 1 }]\n',
      'steps.prepay[0].later[0].event',
      /"teleport" is not an event/,
    ],
    ['an unknown operation', 'steps:\n  refund:\n    - {}\n', 'steps.refund', /not an operation or event/],
    [
      'an unknown callback event',
      'steps:\n  pay:\n    - callbacks: [{ event: refunded }]\n',
      'steps.pay[0].callbacks[0].event',
      /not a callback/,
    ],
  ])('names the file and the field for %s', (_what, stepsYaml, path, problem) => {
    const err = bootError(catalogue({ 'bad.yaml': `description: a broken scenario\n${stepsYaml}` }));
    const line = err.message.split('\n').find((l) => l.includes('bad.yaml'));
    expect(line).toContain(`bad.yaml: ${path}`);
    expect(line).toMatch(problem);
  });

  it('names the file and the line for bad YAML', () => {
    const err = bootError(catalogue({ 'broken.yaml': 'description: x\nsteps:\n  prepay: [ {\n' }));
    expect(err.message).toMatch(/broken\.yaml \(line \d+\): not valid YAML/);
  });

  it('reports every bad file at once, and loads none of them', () => {
    const err = bootError(
      catalogue({
        'a.yaml': 'description: a\nsteps:\n  prepay:\n    - { fault: explode }\n',
        'b.yaml': 'steps:\n  prepay:\n    - {}\n',
      }),
    );
    expect(err.message).toMatch(/a\.yaml: steps\.prepay\[0\]\.fault: must be one of/);
    expect(err.message).toMatch(/b\.yaml: description: required/);
  });

  it('refuses a catalogue without default.yaml', () => {
    const err = bootError(catalogue({ 'only.yaml': 'description: fine\nsteps:\n  prepay:\n    - {}\n' }, false));
    expect(err.message).toMatch(/default\.yaml: missing/);
  });

  it('refuses a scenarios root without the channel directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenarios-'));
    dirs.push(dir);
    expect(bootError(dir).message).toMatch(/no scenario directory for lft/);
  });
});
