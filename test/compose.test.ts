/**
 * The Docker files, checked without a Docker engine and derived from the channel registry: every
 * implemented channel has a compose service that runs only it, published on the host's loopback
 * at its default port, reachable by admin clients through Docker's network only with a token,
 * with its data in a volume of its own and the registry-driven health check; the Dockerfile
 * exposes every channel's port, runs `channel-sim start` as non-root from a production install,
 * and its build context (after .dockerignore) holds every file the CLI imports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { channelNames, channels, defaultPortOf } from '../simulators/channels.ts';
import { resolveConfig } from '../simulators/config.ts';

const ROOT = join(import.meta.dirname, '..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

interface Service {
  build?: string | { context: string };
  image?: string;
  ports: string[];
  environment: Record<string, string>;
  volumes: string[];
  healthcheck: { test: string[]; interval: string };
}

const compose = parse(read('docker-compose.yml')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const dockerfile = read('Dockerfile');
/** Dockerfile instructions, continuation lines joined, comments dropped */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const instruction = (name: string) =>
  instructions.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1).trim());

describe('docker-compose.yml: one service per implemented channel', () => {
  const built = Object.values(compose.services).filter((s) => s.build !== undefined);

  it('builds the shared image once, from this repo', () => {
    expect(built).toHaveLength(1);
    const context = typeof built[0]!.build === 'string' ? built[0]!.build : built[0]!.build?.context;
    expect(context).toBe('.');
    for (const s of Object.values(compose.services)) expect(s.image).toBe(built[0]!.image);
  });

  for (const name of Object.keys(channels)) {
    describe(name, () => {
      const svc = compose.services[name];
      const port = defaultPortOf(name);

      it(`runs only ${name}, published on the host loopback at ${port}, with the admin API behind a token`, () => {
        expect(svc, `no compose service "${name}"`).toBeDefined();
        expect(svc!.ports).toEqual([`127.0.0.1:${port}:${port}`]);
        expect(svc!.environment.SIM_ADMIN_TOKEN).toMatch(/^\$\{SIM_ADMIN_TOKEN:-.+\}$/);
        // the environment is a valid configuration (the token as compose would substitute it)
        const env = Object.fromEntries(
          Object.entries(svc!.environment).map(([k, v]) => [k, v.replace(/^\$\{\w+:-(.*)\}$/, '$1')]),
        );
        const config = resolveConfig([], env);
        expect(config).toMatchObject({
          host: '0.0.0.0',
          channels: [name],
          admin: { token: 'change-me', allowRemote: true },
          dataDir: '/data',
        });
        expect(config.ports[name]).toBe(port);
        expect(config.warnings).toEqual([]);
      });

      it('keeps its data dir in a named volume of its own and checks its health with channel-sim health', () => {
        expect(svc!.volumes).toEqual([`${name}-data:${svc!.environment.SIM_DATA_DIR}`]);
        expect(compose.volumes).toHaveProperty(`${name}-data`);
        expect(svc!.healthcheck.test).toEqual(['CMD', 'node', 'bin/channel-sim.js', 'health']);
      });
    });
  }
});

/** .dockerignore as Docker reads it: root-anchored patterns, `*` within a segment, `**` across */
function ignored(path: string, patterns: string[]): boolean {
  const toRegex = (p: string) =>
    new RegExp(
      `^${p
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '(?:.*/)?')
        .replace(/\*/g, '[^/]*')}(?:/.*)?$`,
    );
  return patterns.some((p) => toRegex(p).test(path));
}

/** every repository file reachable by relative imports from an entry file */
function importClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of read(file).matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
      const target = normalize(join(dirname(file), m[1]!));
      if (existsSync(join(ROOT, target)) && /\.(ts|js|json)$/.test(target)) todo.push(relative('.', target));
    }
  }
  return seen;
}

describe('Dockerfile', () => {
  it('runs `channel-sim start` as a non-root user from a production install', () => {
    expect(instruction('FROM')[0]).toMatch(/^node:20(-slim|-alpine)?$/);
    expect(instruction('CMD')).toEqual(['["node", "bin/channel-sim.js", "start"]']);
    expect(instruction('RUN').some((r) => r.includes('npm ci --omit=dev'))).toBe(true);
    expect(instruction('USER')).toEqual(['node']);
    expect(instruction('ENV').join(' ')).toMatch(/SIM_HOST=0\.0\.0\.0/);
  });

  it('exposes the port of every channel in the registry', () => {
    const exposed = instruction('EXPOSE')
      .flatMap((e) => e.split(/\s+/))
      .map(Number);
    expect(exposed.sort()).toEqual(channelNames.map(defaultPortOf).sort());
  });

  it('checks health with channel-sim health (the configured channels, none named) and keeps data where compose mounts it', () => {
    expect(instruction('HEALTHCHECK')[0]).toMatch(/CMD \["node", "bin\/channel-sim\.js", "health"\]$/);
    expect(instruction('ENV').join(' ')).toContain('SIM_DATA_DIR=/data');
  });

  it('copies, past .dockerignore, every file the CLI imports', () => {
    const copied = instruction('COPY').map((c) => c.split(/\s+/)[0]!);
    const patterns = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const files = [...importClosure('bin/channel-sim.js'), ...importClosure('cli/main.ts')];
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) {
      expect(
        copied.some((c) => f === c || f.startsWith(`${c}/`)),
        `${f} is not copied`,
      ).toBe(true);
      expect(ignored(f, patterns), `${f} is dropped by .dockerignore`).toBe(false);
    }
  });
});
