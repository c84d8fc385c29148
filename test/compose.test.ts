/**
 * The Docker files, checked without a Docker engine and derived from the channel registry: every
 * implemented channel has a compose service that runs only it, published on the host's loopback
 * at its default port, reachable by admin clients through Docker's network only with a token,
 * with its data in a volume of its own and the registry-driven health check; the Dockerfile
 * builds the npm package and runs it as non-root from a production install on a pinned base,
 * exposes every channel's port, and its build context (after .dockerignore) holds what the
 * package is built from (test/package.test.ts builds and starts that file set). Services map
 * host.docker.internal to the host, where a merchant under test listens.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { channelNames, channels, defaultPortOf } from '../simulators/channels.ts';
import { resolveConfig } from '../simulators/config.ts';
import { argsOf, copiedFiles, dockerStages } from './support/docker-files.ts';

const ROOT = join(import.meta.dirname, '..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

interface Service {
  build?: string | { context: string };
  image?: string;
  ports: string[];
  environment: Record<string, string>;
  volumes: string[];
  healthcheck: { test: string[]; interval: string };
  extra_hosts?: string[];
}

const compose = parse(read('docker-compose.yml')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const dockerfile = read('Dockerfile');

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

describe('docker-compose.yml: reaching a merchant on the host', () => {
  it('maps host.docker.internal to the host gateway in every service, and says why at the top', () => {
    for (const s of Object.values(compose.services))
      expect(s.extra_hosts).toEqual(['host.docker.internal:host-gateway']);
    expect(read('docker-compose.yml')).toMatch(/127\.0\.0\.1 is the container itself/);
  });
});

describe('Dockerfile', () => {
  const [build, runtime] = dockerStages(dockerfile);
  const runtimeArgs = (name: string) => argsOf(runtime!, name);

  it('builds the npm package in a first stage and runs it from a second, both on a pinned base image', () => {
    const bases = [build!, runtime!].map((s) => s[0]!.args.split(/\s+/)[0]);
    for (const b of bases) expect(b).toMatch(/^node:20\.\d+(\.\d+)?-bookworm-slim$/);
    expect(bases[1]).toBe(bases[0]);
    expect(argsOf(build!, 'RUN').some((r) => r.startsWith('npm pack'))).toBe(true);
    expect(runtimeArgs('COPY').every((c) => c.startsWith('--from=build'))).toBe(true);
  });

  it('runs `channel-sim start` as a non-root user from a production install, on every interface', () => {
    expect(runtimeArgs('CMD')).toEqual(['["node", "bin/channel-sim.js", "start"]']);
    expect(runtimeArgs('RUN').some((r) => r.includes('npm ci --omit=dev'))).toBe(true);
    expect(runtimeArgs('USER')).toEqual(['node']);
    expect(runtimeArgs('ENV').join(' ')).toMatch(/SIM_HOST=0\.0\.0\.0/);
  });

  it('exposes the port of every channel in the registry', () => {
    const exposed = runtimeArgs('EXPOSE')
      .flatMap((e) => e.split(/\s+/))
      .map(Number);
    expect(exposed.sort()).toEqual(channelNames.map(defaultPortOf).sort());
  });

  it('checks health with channel-sim health (the configured channels, none named), as compose does', () => {
    const [check] = runtimeArgs('HEALTHCHECK');
    expect(check).toMatch(/CMD \["node", "bin\/channel-sim\.js", "health"\]$/);
    for (const name of channelNames) expect(check).not.toContain(name);
    const cmd = JSON.parse(check!.replace(/^.*?CMD\s+/, '')) as string[];
    for (const s of Object.values(compose.services)) expect(s.healthcheck.test).toEqual(['CMD', ...cmd]);
    expect(runtimeArgs('ENV').join(' ')).toContain('SIM_DATA_DIR=/data');
  });

  it('sends the build stage what the package is built from, and none of the tests, bench or CI files', () => {
    const files = copiedFiles(ROOT, build!);
    const build_ = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
    for (const entry of [...build_.include, 'package.json', 'package-lock.json', 'tsconfig.json', 'LICENSE'])
      expect(
        files.some((f) => f === entry || f.startsWith(`${entry}/`)),
        `${entry} is not in the build context`,
      ).toBe(true);
    expect(files.filter((f) => /\.test\.ts$|^test\/|^bench\/|^\.ci\/|fixtures\//.test(f))).toEqual([]);
    // the file set itself is built, installed and started by test/package.test.ts
  });
});
