/**
 * The Docker files, checked without a Docker engine: docker-compose.yml's lft service is built
 * from this repo, published on the host's loopback at 8105, reachable by admin clients through
 * Docker's network only with a token, keeps its data in a volume and has a health check; and the
 * Dockerfile agrees (command, exposed ports, non-root user, production install).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveConfig } from '../simulators/config.ts';

const read = (f: string) => readFileSync(new URL(`../${f}`, import.meta.url), 'utf8');

interface Service {
  build?: string | { context: string };
  image?: string;
  ports: string[];
  environment: Record<string, string>;
  volumes: string[];
  healthcheck: { test: string[]; interval: string };
}

const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const dockerfile = read('Dockerfile');
/** Dockerfile instructions, continuation lines joined, comments dropped */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const instruction = (name: string) => instructions.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1).trim());

describe('docker-compose.yml', () => {
  const lft = compose.services.lft!;

  it('builds the lft service from this repo and publishes 8105 on the host loopback', () => {
    const context = typeof lft.build === 'string' ? lft.build : lft.build?.context;
    expect(context).toBe('.');
    expect(lft.ports).toEqual(['127.0.0.1:8105:8105']);
  });

  it('starts only lft, on all interfaces, with the admin API open to Docker clients behind a token', () => {
    expect(lft.environment).toMatchObject({ SIM_CHANNELS: 'lft', SIM_HOST: '0.0.0.0', SIM_ADMIN_REMOTE: 'true' });
    expect(lft.environment.SIM_ADMIN_TOKEN).toMatch(/^\$\{SIM_ADMIN_TOKEN:-.+\}$/);
    // the environment is a valid configuration (the token as compose would substitute it)
    const env = { ...lft.environment, SIM_ADMIN_TOKEN: 'change-me', SIM_TIME_SCALE: '1' };
    const config = resolveConfig([], env);
    expect(config).toMatchObject({ host: '0.0.0.0', channels: ['lft'], admin: { token: 'change-me', allowRemote: true }, dataDir: '/data' });
    expect(config.ports.lft).toBe(8105);
    expect(config.warnings).toEqual([]);
  });

  it('keeps the data dir in a named volume', () => {
    const [volume] = lft.volumes;
    const [name, path] = volume!.split(':');
    expect(path).toBe(lft.environment.SIM_DATA_DIR);
    expect(compose.volumes).toHaveProperty(name!);
  });

  it('checks health on /__admin/health with the admin token', () => {
    const test = lft.healthcheck.test.join(' ');
    expect(lft.healthcheck.test[0]).toBe('CMD');
    expect(test).toContain('http://127.0.0.1:8105/__admin/health');
    expect(test).toContain('x-admin-token');
  });
});

describe('docker-compose.yml unionpay service', () => {
  const up = compose.services.unionpay!;

  it('runs only unionpay from the shared image, published on the host loopback at 8103', () => {
    expect(up.image).toBe(compose.services.lft!.image);
    expect(up.ports).toEqual(['127.0.0.1:8103:8103']);
    const config = resolveConfig([], { ...up.environment, SIM_ADMIN_TOKEN: 'change-me' } as NodeJS.ProcessEnv);
    expect(config).toMatchObject({ host: '0.0.0.0', channels: ['unionpay'], admin: { token: 'change-me', allowRemote: true }, dataDir: '/data' });
    expect(config.ports.unionpay).toBe(8103);
  });

  it('keeps its generated PKI in a volume of its own and checks its health on 8103', () => {
    expect(up.volumes[0]!.split(':')).toEqual(['unionpay-data', '/data']);
    expect(compose.volumes).toHaveProperty('unionpay-data');
    expect(up.healthcheck.test.join(' ')).toContain('http://127.0.0.1:8103/__admin/health');
  });
});

describe('Dockerfile', () => {
  it('runs `channel-sim start` as a non-root user from a production install', () => {
    expect(instruction('FROM')[0]).toMatch(/^node:20(-slim|-alpine)?$/);
    expect(instruction('CMD')).toEqual(['["node", "bin/channel-sim.js", "start"]']);
    expect(instruction('RUN').some((r) => r.includes('npm ci --omit=dev'))).toBe(true);
    expect(instruction('USER')).toEqual(['node']);
    expect(instruction('ENV').join(' ')).toMatch(/SIM_HOST=0\.0\.0\.0/);
  });

  it('exposes every channel port, including the one compose publishes', () => {
    const exposed = instruction('EXPOSE').flatMap((e) => e.split(/\s+/)).map(Number);
    expect(exposed).toEqual(expect.arrayContaining([8101, 8102, 8103, 8104, 8105]));
    const published = Object.values(compose.services).flatMap((svc) => svc.ports.map((p) => Number(p.split(':').at(-1))));
    for (const p of published) expect(exposed).toContain(p);
  });

  it('has a health check on /__admin/health and the data dir the compose volume mounts', () => {
    expect(instruction('HEALTHCHECK')[0]).toMatch(/CMD node -e .*\/__admin\/health/);
    expect(instruction('ENV').join(' ')).toContain(`SIM_DATA_DIR=${compose.services.lft!.environment.SIM_DATA_DIR}`);
  });

  it('copies every source folder the CLI imports', () => {
    const copied = instruction('COPY').map((c) => c.split(/\s+/)[0]);
    for (const dir of ['bin', 'cli', 'clients', 'scenarios', 'simulators']) expect(copied).toContain(dir);
    expect(copied).toContain('package.json');
  });
});
