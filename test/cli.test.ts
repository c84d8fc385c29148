/**
 * The `channel-sim` command as a user runs it: `node bin/channel-sim.js …` in a child process,
 * from another directory, with a temp data dir. Credentials come out as JSON, `scenarios check`
 * passes on the repo and fails naming file and field, and against a running simulator (started on
 * a free port) a POS swipe, the clock and the callback list work end to end.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAdminClient } from '../clients/admin.ts';
import { createLftClient } from '../clients/lft.ts';
import { cleanup, run, start, tempDir } from './support/cli-process.ts';
import { ok } from './support/results.ts';

const servers: Server[] = [];
afterAll(async () => {
  cleanup();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe('channel-sim without a running simulator', () => {
  it('credentials prints JSON with the appId and key it stored in the data dir', async () => {
    const dataDir = tempDir();
    const r = await run(['credentials', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { lft: { appId: string; key: string; baseUrl: string } };
    expect(out.lft).toMatchObject({
      baseUrl: 'http://127.0.0.1:8105',
      appId: expect.any(String),
      key: expect.any(String),
    });
    expect(JSON.parse(readFileSync(join(dataDir, 'lft.credentials.json'), 'utf8'))).toMatchObject({
      appId: out.lft.appId,
      key: out.lft.key,
    });
  }, 120_000);

  it('scenarios check passes on the repo scenarios', async () => {
    const r = await run(['scenarios', 'check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK {2}lft: \d+ scenario file\(s\)/m);
  }, 120_000);

  it('scenarios check exits 1 naming the file and the field on a bad scenario dir', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'lft'));
    writeFileSync(join(root, 'lft', 'default.yaml'), 'description: minimal\nsteps:\n  prepay:\n    - {}\n');
    writeFileSync(join(root, 'lft', 'typo.yaml'), 'description: a typo\nsteps:\n  prepay:\n    - moveTo: PAID\n');
    const r = await run(['scenarios', 'check', '--scenarios', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lft[/\\]typo\.yaml: steps\.prepay\[0\]\.moveTo: "PAID" is not a payin state/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 120_000);

  it('answers usage errors with one line on stderr and exit code 2', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('channel-sim: unknown command "frobnicate" (run channel-sim --help)\n');
    const help = await run(['pos', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: channel-sim pos swipe <posCode>/);
  }, 120_000);
});

describe('channel-sim against a running simulator', () => {
  it('starts on a free port, swipes a POS code, advances the clock and lists the callbacks', async () => {
    // 1 a merchant endpoint that acknowledges every notification
    const received: string[] = [];
    const sink = createServer((req, res) => {
      received.push(req.url ?? '');
      req.resume().on('end', () => res.end('SUCCESS'));
    });
    servers.push(sink);
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    const sinkUrl = `http://127.0.0.1:${(sink.address() as { port: number }).port}`;

    // 2 start the simulator; it prints the URL it actually listens on
    const dataDir = tempDir();
    const sim = await start(['--channels', 'lft', '--port-lft', '0', '--data-dir', dataDir]);
    const url = sim.urls.lft!;
    const out = sim.out();

    // 3 a POS pay-in through the reference client, with the credentials the server generated
    const creds = JSON.parse(readFileSync(join(dataDir, 'lft.credentials.json'), 'utf8')) as {
      appId: string;
      key: string;
    };
    expect(out).not.toContain(creds.key);
    const client = createLftClient({ baseUrl: url, appId: creds.appId, key: creds.key });
    const { transNo } = await ok(client.create({ channelType: 'LFT', transDesc: '租金', businessId: 'B-cli-1' }));
    const prepay = await ok(
      client.prepay({
        transNo,
        outReqNo: `${creds.appId}-cli-1`,
        amount: '100.00',
        prodCatalog: '02',
        outSuccessNotifyUrl: `${sinkUrl}/paid`,
        outArrivedNotifyUrl: `${sinkUrl}/arrived`,
      }),
    );
    expect(prepay.posCode).toMatch(/^\d{6}$/);

    // 4 the payer swipes at the terminal
    const swipe = await run(['pos', 'swipe', prepay.posCode!, '--url', url]);
    expect(swipe.stderr).toBe('');
    expect(swipe.stdout).toMatch(new RegExp(`swipe: ${creds.appId}-cli-1 \\(payin\\) is SUCCESS`));

    // 5 30 s later the funds arrive
    const advance = await run(['clock', 'advance', '30s', '--url', url, '--json']);
    expect(advance.code).toBe(0);
    expect(JSON.parse(advance.stdout).fired).toBeGreaterThanOrEqual(1);
    expect((await createAdminClient({ baseUrl: url }).order(prepay.posCode!)).state).toBe('ARRIVED');

    // 6 both notifications were delivered and acknowledged
    const list = await run(['callbacks', 'list', '--channel', 'lft', '--url', url]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+EVENT\s+ORDER\s+STATUS/);
    expect(list.stdout).toMatch(/\spaid\s.*\sacked\s/);
    expect(list.stdout).toMatch(/\sarrived\s.*\sacked\s/);
    expect(received).toEqual(['/paid', '/arrived']);

    // 7 SIGTERM closes the servers and exits cleanly
    expect(await sim.stop()).toBe(0);
  }, 120_000);
});
