/**
 * `engines.node` is a promise: `npm ci` on the oldest Node it names installs nothing that asks for
 * a newer one (npm would only warn), and the Docker image runs that same oldest Node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { argsOf, dockerStages } from './support/docker-files.ts';
import { enginesNotMet, oldestNode } from './support/engines.ts';

const ROOT = join(import.meta.dirname, '..');
const oldest = oldestNode(join(ROOT, 'package.json'));

describe('engines.node', () => {
  it('is met by every package in package-lock.json, development tools included (CI runs them on it)', () => {
    expect(enginesNotMet(join(ROOT, 'package-lock.json'), oldest)).toEqual([]);
  });

  it('is the Node both Docker stages are built FROM', () => {
    const stages = dockerStages(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    expect(stages.length).toBeGreaterThan(0);
    for (const stage of stages) {
      const tag = /^node:(\d+(?:\.\d+){0,2})\b/.exec(argsOf(stage, 'FROM')[0] ?? '')?.[1];
      expect(tag, 'a node:<version> base image').toBeDefined();
      // node:20.19 is the newest 20.19.x: the claimed minimum must lie within that line
      expect(semver.satisfies(oldest, `~${tag}`)).toBe(true);
    }
  });
});
