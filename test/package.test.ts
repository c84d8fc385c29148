/**
 * The npm package and the Docker image's files, as users get them. The build context is laid out
 * as the Dockerfile's build stage sees it (its COPY lines minus .dockerignore; the repository's
 * node_modules stands in for its `npm ci`) and packed there with `npm pack` (prepack compiles
 * dist/). Then: the tarball's contents and package.json; the tarball installed into an empty
 * folder with npm (production dependencies only), its `channel-sim start` run from another
 * directory until all five channels are healthy, its library and client entries imported; and the
 * image's runtime layout (the tarball's files in /app) started exactly as the image's CMD does,
 * with the image's environment, and checked with its HEALTHCHECK command.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { textKey } from '../scenarios/prebuilt-docs.ts';
import { channelNames } from '../simulators/channels.ts';
import { argsOf, copiedFiles, dockerStages } from './support/docker-files.ts';
import { enginesNotMet, oldestNode } from './support/engines.ts';
import { installTarball, pack, startCli } from './support/packed-install.ts';

const run = promisify(execFile);
const wanted = process.env.CI === 'true' || process.env.CHANNEL_SIM_PACK_TEST === '1';
/** a first start generates every channel's keys (UnionPay's and Lakala's PKI): seconds, not ms */
const START_MS = 120_000;
const ROOT = join(import.meta.dirname, '..');
const [buildStage, runtimeStage] = dockerStages(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const temps: string[] = [];
const temp = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `channel-sim-${name}-`));
  temps.push(d);
  return d;
};

let tgz: string;
let files: string[];
let installed: string;
let app: string;

beforeAll(async () => {
  if (!wanted) return;
  // the build stage's context, as Docker would send it
  const context = temp('context');
  for (const f of copiedFiles(ROOT, buildStage!)) {
    mkdirSync(dirname(join(context, f)), { recursive: true });
    cpSync(join(ROOT, f), join(context, f));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(context, 'node_modules'), 'dir');
  tgz = await pack(context, temp('tarball'));
  files = (await run('tar', ['-tzf', tgz])).stdout.split('\n').filter(Boolean);
  installed = await installTarball(tgz, temp('install'));
  // the runtime stage: the tarball's files in the working directory, production dependencies
  app = temp('app');
  await run('tar', ['-xzf', tgz, '-C', app, '--strip-components=1']);
  symlinkSync(join(installed, '..'), join(app, 'node_modules'), 'dir');
}, 300_000);
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe.runIf(wanted)('npm pack', () => {
  it('holds the compiled package, its types, scenarios, LICENSE and README — no sources, tests, bench or CI files', () => {
    const inPkg = files.map((f) => f.replace(/^package\//, ''));
    expect(inPkg).toEqual(
      expect.arrayContaining([
        'package.json',
        'LICENSE',
        'README.md',
        'bin/channel-sim.js',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/cli/main.js',
        'dist/simulators/library.js',
        // the dashboard's page, served from files beside its compiled module
        'dist/simulators/core/dashboard/page/index.html',
        'dist/simulators/core/dashboard/page/app.js',
        'dist/simulators/core/dashboard/page/app.css',
        ...channelNames.flatMap((c) => [
          `dist/clients/${c}.js`,
          `dist/clients/${c}.d.ts`,
          `scenarios/${c}/default.yaml`,
        ]),
      ]),
    );
    const offenders = inPkg.filter(
      (f) =>
        /\.test\.|^test\/|^bench\/|^\.ci\/|^contracts\/|fixtures\/|tsconfig|Dockerfile|\.tgz$/.test(f) ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    );
    expect(offenders).toEqual([]);
  });

  it('carries the scenario JSON Schemas where the built-in files’ first lines point', () => {
    const inPkg = new Set(files.map((f) => f.replace(/^package\//, '')));
    expect(inPkg).toContain('scenarios/scenario.schema.json');
    for (const c of channelNames) {
      const first = readFileSync(join(installed, 'scenarios', c, 'default.yaml'), 'utf8').split('\n')[0]!;
      const target = /\$schema=(\S+)$/.exec(first)?.[1];
      expect(target, `${c}/default.yaml names a schema`).toBeDefined();
      const schema = JSON.parse(readFileSync(join(installed, 'scenarios', c, target!), 'utf8')) as { title: string };
      expect(schema.title).toBe(`channel-sim ${c} scenario`);
    }
  });

  it('carries every built-in scenario file parsed at build time, keyed by its text', () => {
    const prebuilt = JSON.parse(
      readFileSync(join(installed, 'dist', 'scenarios', 'prebuilt-docs.json'), 'utf8'),
    ) as Record<string, unknown>;
    const yamls = files.filter((f) => /^package\/scenarios\/[^/]+\/[^/]+\.yaml$/.test(f));
    expect(yamls.length).toBeGreaterThan(100);
    for (const f of yamls) {
      const text = readFileSync(join(installed, f.replace(/^package\//, '')), 'utf8');
      expect(prebuilt[textKey(text)], f).toEqual(parse(text));
    }
  });

  it('package.json: public, 0.x, MIT as LICENSE says, no TypeScript loader at run time, exports that exist', () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      version: string;
      license: string;
      dependencies: Record<string, string>;
      exports: Record<string, { types: string; default: string }>;
    };
    expect(pkg).not.toHaveProperty('private');
    expect(pkg.version).toMatch(/^0\.\d+\.\d+/);
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(existsSync(join(installed, '..', 'tsx'))).toBe(false);
    const exp = pkg.exports;
    for (const entry of [exp['.']!, exp['./clients/*']!]) {
      for (const p of [entry.types, entry.default])
        expect(existsSync(join(installed, p.replace('*', 'lft'))), p).toBe(true);
    }
  });
});

describe.runIf(wanted)('the installed package', () => {
  it('installs nothing the oldest Node of its engines.node cannot run (npm resolves a user’s tree afresh)', () => {
    const oldest = oldestNode(join(installed, 'package.json'));
    expect(enginesNotMet(join(installed, '..', '..', 'package-lock.json'), oldest)).toEqual([]);
  });

  it(
    '`channel-sim start` runs from any directory, keeps its data in ./.channel-sim there, and stops',
    async () => {
      const elsewhere = temp('cwd');
      const bin = join(installed, '..', '.bin', 'channel-sim');
      const cli = await startCli(bin, channelNames, { cwd: elsewhere, timeoutMs: START_MS });
      try {
        for (const [channel, port] of Object.entries(cli.ports)) {
          const health = await (await fetch(`http://127.0.0.1:${port}/__admin/health`)).json();
          expect(health).toMatchObject({ status: 'ok', channel });
        }
        // the dashboard: its page and script from the package's files, every channel listed
        const port = cli.ports.lft;
        const page = await fetch(`http://127.0.0.1:${port}/__admin/ui`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('src="/__admin/ui/app.js"');
        const script = await fetch(`http://127.0.0.1:${port}/__admin/ui/app.js`);
        expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
        expect(await script.text()).toContain('/__admin/ui/stream');
        const listed = await (await fetch(`http://127.0.0.1:${port}/__admin/ui/channels`)).json();
        expect(listed.channels.map((c: { channel: string }) => c.channel).sort()).toEqual([...channelNames].sort());
        expect(existsSync(join(elsewhere, '.channel-sim', 'lft.credentials.json'))).toBe(true);
        expect(existsSync(join(installed, '.channel-sim'))).toBe(false);
      } finally {
        expect(await cli.stop()).toBe(0);
      }
      const help = await run(bin, ['--help'], { cwd: elsewhere });
      expect(help.stdout).toMatch(/^Usage: channel-sim <command>/);
      const version = await run(bin, ['--version'], { cwd: elsewhere });
      expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version);
    },
    START_MS,
  );

  it(
    'its library and client entries import by package name, with their types',
    async () => {
      const project = join(installed, '..', '..');
      const script = `
      import { startSimulators } from 'channel-sim';
      import { createLftClient } from 'channel-sim/clients/lft';
      import { createAdminClient } from 'channel-sim/clients/admin';
      const sims = await startSimulators({ channels: ['lft'], clock: 'manual' });
      const { appId, key } = sims.lft.credentials;
      const direct = createLftClient({ baseUrl: sims.lft.baseUrl, appId, key, now: sims.lft.now });
      const r = await direct.create({ channelType: 'LFT', transDesc: 'x', businessId: 'PKG' });
      const viaFactory = await sims.lft.client().find({ transNo: r.data.transNo });
      const orders = await createAdminClient({ baseUrl: sims.lft.baseUrl }).orders();
      await sims.close();
      console.log(JSON.stringify({ ok: r.ok, found: viaFactory.ok, orders: orders.length }));
    `;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project });
      expect(JSON.parse(stdout)).toEqual({ ok: true, found: true, orders: 1 });
      expect(readFileSync(join(installed, 'dist', 'index.d.ts'), 'utf8')).toContain('startSimulators');
    },
    START_MS,
  );
});

describe.runIf(wanted)('the Docker image, laid out from its file set without a Docker engine', () => {
  const env: Record<string, string> = Object.fromEntries(
    argsOf(runtimeStage!, 'ENV')
      .flatMap((e) => e.split(/\s+/))
      .map((kv) => kv.split('=') as [string, string]),
  );

  it(
    "starts as the image's CMD does, on 0.0.0.0, and its HEALTHCHECK command passes",
    async () => {
      const cmd = JSON.parse(argsOf(runtimeStage!, 'CMD')[0]!) as string[];
      expect(cmd.slice(0, 2)).toEqual(['node', 'bin/channel-sim.js']);
      const data = temp('data');
      const imageEnv: Record<string, string> = { ...env, SIM_DATA_DIR: data };
      const cli = await startCli(join(app, cmd[1]!), channelNames, {
        cwd: app,
        env: imageEnv,
        args: cmd.slice(3),
        timeoutMs: START_MS,
      });
      try {
        expect(cmd[2]).toBe('start');
        expect(imageEnv.SIM_HOST).toBe('0.0.0.0');
        expect(existsSync(join(data, 'lft.credentials.json'))).toBe(true);
        // bound on every interface: a non-loopback address reaches it too (the admin API refuses it)
        const external = Object.values(networkInterfaces())
          .flat()
          .find((a) => a && a.family === 'IPv4' && !a.internal);
        if (external) {
          const res = await fetch(`http://${external.address}:${cli.ports.lft}/__admin/health`);
          expect(res.status).toBe(403);
        }
        const check = JSON.parse(argsOf(runtimeStage!, 'HEALTHCHECK')[0]!.replace(/^.*?CMD\s+/, '')) as string[];
        const childEnv: NodeJS.ProcessEnv = { ...process.env, ...imageEnv, SIM_CHANNELS: channelNames.join(',') };
        for (const [c, p] of Object.entries(cli.ports)) childEnv[`SIM_PORT_${c.toUpperCase()}`] = String(p);
        await expect(run(process.execPath, check.slice(1), { cwd: app, env: childEnv })).resolves.toBeDefined();
      } finally {
        expect(await cli.stop()).toBe(0);
      }
    },
    START_MS,
  );
});
