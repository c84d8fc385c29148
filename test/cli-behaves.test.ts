/**
 * The `channel-sim` command behaving as a command line should, run as a user runs it (spawned):
 * a closed pipe ends it quietly, every usage error is one line and exit 2 (JSON with --json),
 * npm's swallowed flags are warned about, `credentials` asks the running simulator first and
 * says where its answer came from, --channel is asked for only when ambiguous, and scenarios
 * overlay the built-in catalogue, reload while running and are checked all at once.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, launch, run, start, tempDir } from './support/cli-process.ts';

// spawned CLIs compile TypeScript on start: seconds each on a busy machine
afterAll(cleanup);

describe('channel-sim usage', () => {
  it('ends quietly with exit 0 when the reader of its output goes away (| head)', async () => {
    const child = launch(['--help']);
    child.stdout!.destroy(); // the reader is gone before the first write
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise((r) => child.on('close', r));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 120_000);

  it('answers every usage error with one line and exit 2, in JSON with --json', async () => {
    // unknown option, missing value, bad value (a config value, a log format), unknown channel
    const cases: [string[], RegExp, boolean][] = [
      [['credentials', '--bogus'], /unknown option --bogus/, true],
      [['credentials', '--channel'], /--channel/, false],
      [['credentials', '--port-lft', 'abc'], /--port-lft .*"abc" is not a port/, true],
      [['start', '--log-format', 'xml'], /--log-format .*"xml"/, false],
    ];
    await Promise.all(
      cases.map(async ([args, message, json]) => {
        const r = await run(args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
        if (!json) return;
        const j = await run([...args, '--json']);
        expect(j.code).toBe(2);
        expect(JSON.parse(j.stderr)).toMatchObject({
          error: { code: 'USAGE', message: expect.stringMatching(message) },
        });
      }),
    );
  }, 120_000);

  it('checks every scenario problem in one run: unknown keys named, folders that are no channel', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'lft'));
    mkdirSync(join(root, 'lfy'));
    writeFileSync(
      join(root, 'lft', 'typo.yaml'),
      'description: typos\nsteps:\n  prepay:\n    - callbacks: [{ event: paid, aftrMs: 5 }]\n',
    );
    writeFileSync(join(root, 'lft', 'other.yaml'), 'description: more\nsteps:\n  prepay:\n    - moveTo: NOPE\n');
    const r = await run(['scenarios', 'check', '--scenarios', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /typo\.yaml: steps\.prepay\[0\]\.callbacks\[0\]\.aftrMs: unknown field \(did you mean afterMs\?\)/,
    );
    expect(r.stderr).toMatch(/other\.yaml: steps\.prepay\[0\]\.moveTo: "NOPE" is not a payin state/);
    expect(r.stderr).toMatch(/lfy[/\\]: not an implemented channel \(lakala, dsp, unionpay, withhold, lft\)/);
  }, 120_000);

  it('adds --scenarios to the built-in catalogue; the same file name replaces the built-in one', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'lft'));
    writeFileSync(join(root, 'lft', 'payin-declined.yaml'), 'description: mine now\nsteps:\n  prepay:\n    - {}\n');
    writeFileSync(join(root, 'lft', 'extra.yaml'), 'description: an extra one\nsteps:\n  prepay:\n    - {}\n');
    const r = await run(['scenarios', 'list', '--channel', 'lft', '--scenarios', root, '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; description: string; file: string }[];
    const byId = new Map(list.map((s) => [s.id, s]));
    expect(byId.get('lft/payin-declined')).toMatchObject({ description: 'mine now' });
    expect(byId.get('lft/extra')).toBeDefined();
    expect(byId.get('lft/default')).toBeDefined(); // the built-in ones stay
    expect(byId.get('lft/payin-auto-success')).toBeDefined();
  }, 120_000);

  it('warns when npm kept a flag for itself (npm start --time-scale=0.5 without --)', async () => {
    const s = await start(['--channels', 'lft', '--port-lft', '0', '--data-dir', tempDir()], {
      npm_config_time_scale: '0.5',
    });
    expect(s.out()).toContain('npm took --time-scale=0.5 as its own option');
    expect(s.out()).toContain('npm start -- --time-scale 0.5');
    expect(s.out()).toContain('time scale 1'); // said, not read
    expect(await s.stop()).toBe(0);
  }, 120_000);
});

describe('channel-sim with a running simulator', () => {
  it('credentials come from the running simulator with its real port; without one from the data dir, said on stderr', async () => {
    const dataDir = tempDir();
    const s = await start(['--channels', 'lft', '--port-lft', '0', '--data-dir', dataDir]);
    const url = s.urls.lft!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toBe('http://127.0.0.1:8105');

    const running = await run(['credentials', '--channels', 'lft', '--data-dir', dataDir]);
    expect(running.code).toBe(0);
    expect(running.stderr).toBe(`channel-sim: lft: from the running simulator at ${url}\n`);
    const live = JSON.parse(running.stdout) as Record<string, { key: string; baseUrl: string }>;
    const stored = JSON.parse(readFileSync(join(dataDir, 'lft.credentials.json'), 'utf8')) as { key: string };
    expect(live.lft).toMatchObject({ key: stored.key, baseUrl: url });

    // --channel is not needed: one simulator runs on this data dir
    const clock = await run(['clock', '--data-dir', dataDir, '--json']);
    expect(clock.stderr).toBe('');
    expect(clock.code).toBe(0);

    // --url: keyed by the channel the simulator says it is
    const byUrl = await run(['credentials', '--url', url]);
    expect(JSON.parse(byUrl.stdout).lft.key).toBe(stored.key);

    // the scenarios the running simulator has, and a file changed while it runs
    const listed = await run(['scenarios', 'list', '--url', url, '--json']);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((x) => x.id)).toContain('lft/payin-declined');

    expect(await s.stop()).toBe(0);
    expect(existsSync(join(dataDir, 'lft.running.json'))).toBe(false);

    const offline = await run(['credentials', '--channels', 'lft', '--data-dir', dataDir]);
    expect(offline.code).toBe(0);
    expect(offline.stderr).toMatch(/^channel-sim: lft: no simulator answers at http:\/\/127\.0\.0\.1:8105; read from /);
    expect(JSON.parse(offline.stdout).lft.key).toBe(stored.key);

    const fresh = tempDir();
    const generated = await run(['credentials', '--channels', 'lft', '--data-dir', fresh]);
    expect(generated.stderr).toMatch(/generated new credentials in /);
  }, 120_000);

  it('reloads a changed scenario file while running; a bad one keeps the previous set and says why', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'lft'));
    const s = await start(['--channels', 'lft', '--port-lft', '0', '--data-dir', tempDir(), '--scenarios', root]);
    const url = s.urls.lft!;
    const ids = async () =>
      (JSON.parse((await run(['scenarios', 'list', '--url', url, '--json'])).stdout) as { id: string }[]).map(
        (x) => x.id,
      );
    const until = async (ok: () => boolean | Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 100));
    };
    writeFileSync(join(root, 'lft', 'fresh.yaml'), 'description: added while running\nsteps:\n  prepay:\n    - {}\n');
    await until(async () => (await ids()).includes('lft/fresh'));
    expect(await ids()).toContain('lft/fresh');

    writeFileSync(join(root, 'lft', 'broken.yaml'), 'description: broken\nsteps:\n  prepay:\n    - delayMs: -1\n');
    await until(() => s.out().includes('scenario change not applied'));
    expect(s.out()).toMatch(
      /scenario change not applied, the previous scenarios stay: .*broken\.yaml: steps\.prepay\[0\]\.delayMs/,
    );
    const after = await ids();
    expect(after).toContain('lft/fresh');
    expect(after).not.toContain('lft/broken');
    expect(await s.stop()).toBe(0);
  }, 120_000);
});
