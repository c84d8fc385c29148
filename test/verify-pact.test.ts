/**
 * `channel-sim verify-pact` as a merchant's CI runs it: the merchant's own pacts
 * (test/fixtures/merchant-pacts/, written by hand against the real upstreams, with the merchant's
 * appId / merId / appid and signatures made with its own keys) verified against the channel's simulator,
 * started by the command or already running (--url), read from a file, a URL or a (fake) Pact
 * Broker. Passing pacts exit 0; an answer that does not match, an unknown provider state, a
 * scenario the pact needs but did not bind, or a broker with no pacts exit 1 and say so.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulators } from '../simulators/library.ts';
import type { VerifyReport } from '../simulators/pact/verify-report.ts';
import { cleanup, run, tempDir } from './support/cli-process.ts';
import { fakeBroker, type FakeBroker } from './support/fake-broker.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'merchant-pacts');
const fixture = (name: string) => join(FIXTURES, name);
const TIMEOUT = 90_000;

async function verify(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; report: VerifyReport; stderr: string }> {
  const r = await run(['verify-pact', ...args, '--json'], env);
  if (!r.stdout.trim()) throw new Error(`no report (exit ${r.code}): ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout) as VerifyReport, stderr: r.stderr };
}

const byDescription = (r: VerifyReport, d: string) => {
  const i = r.interactions.find((x) => x.description === d);
  if (!i) throw new Error(`no interaction "${d}" in ${r.interactions.map((x) => x.description).join(', ')}`);
  return i;
};

afterAll(cleanup);

/** the withhold pact's args are encrypted with the merchant's own AES key, which the simulator does not know */
const withholdArgs = [
  fixture('withhold-rental-platform.json'),
  '--channel',
  'withhold',
  '--pact-key',
  'RentalPlatformK1',
  '--states',
  fixture('withhold-states.yaml'),
];

describe('channel-sim verify-pact: merchant pacts that hold', () => {
  it(
    'LFT (JSON envelope, data as a JSON string, another appId and key): every interaction passes, a scenario bound by state',
    async () => {
      const r = await run([
        'verify-pact',
        fixture('lft-rental-platform.json'),
        '--channel',
        'lft',
        '--states',
        fixture('lft-states.yaml'),
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      // the command's own report only: Pact's verbose output stays in the child
      expect(r.stdout).not.toContain('Verifying a pact between');
      expect(r.stdout).toContain('ok    a pay-in is refused while LFT is busy');
      expect(r.stdout).toContain('3/3 interactions verified');
    },
    TIMEOUT,
  );

  it(
    'UnionPay (form body, its own merId, certId and signature): passes',
    async () => {
      const { code, report } = await verify([
        fixture('unionpay-rental-platform.json'),
        '--channel',
        'unionpay',
        '--states',
        fixture('unionpay-states.yaml'),
      ]);
      expect(report.interactions.map((i) => [i.description, i.ok, i.mismatches])).toEqual([
        ["query the status of a tenant's active withholding contract", true, []],
        ['query a contract UnionPay does not know', true, []],
      ]);
      expect(code).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'Lakala (JSON body, its own appid, merchant_no and Authorization): passes',
    async () => {
      const { code, report } = await verify([
        fixture('lakala-rental-platform.json'),
        '--channel',
        'lakala',
        '--states',
        fixture('lakala-states.yaml'),
      ]);
      expect(report.interactions.map((i) => [i.ok, i.mismatches])).toEqual([[true, []]]);
      expect(code).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'DSP (XML bodies): passes',
    async () => {
      const { code, report } = await verify([
        fixture('dsp-rental-platform.json'),
        '--channel',
        'dsp',
        '--states',
        fixture('dsp-states.yaml'),
      ]);
      expect(report.interactions.every((i) => i.ok)).toBe(true);
      expect(report.interactions).toHaveLength(2);
      expect(code).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'withhold (AES args with its own key, its own ua and MD5 sign; states made on the wire): passes',
    async () => {
      const { code, report } = await verify(withholdArgs);
      // the confirmation and the withhold need the SMS code and the protocol_no the states made
      // inside the encrypted args: they pass only if the resigner put them there
      expect(report.interactions.map((i) => [i.description, i.ok, i.mismatches])).toEqual([
        ['send a tenant an SMS code to sign up the card rent is withheld from', true, []],
        ['the bank refuses to sign up a card whose holder does not match', true, []],
        ['confirm the sign-up with the SMS code the tenant received', true, []],
        ["withhold a month's rent from a tenant's protocol", true, []],
        ['a withhold is refused while the gateway is busy', true, []],
      ]);
      expect(report.notes).toEqual([]);
      expect(code).toBe(0);
    },
    TIMEOUT,
  );
});

describe('channel-sim verify-pact: what fails, and why', () => {
  const dir = tempDir();
  const lft = JSON.parse(readFileSync(fixture('lft-rental-platform.json'), 'utf8')) as {
    interactions: { description: string; providerStates?: { name: string }[]; response: { body: { code: string } } }[];
  };
  const [create, branches, refused] = lft.interactions as [
    (typeof lft.interactions)[0],
    (typeof lft.interactions)[0],
    (typeof lft.interactions)[0],
  ];
  const broken = {
    ...lft,
    interactions: [
      // the merchant expects another answer code than LFT gives
      { ...branches, response: { ...branches.response, body: { ...branches.response.body, code: '0001' } } },
      // a state in the merchant's words that nothing maps
      { ...create, providerStates: [{ name: 'the landlord has been onboarded' }] },
      // the busy pay-in without the state that binds lft/system-error
      { ...refused, providerStates: [refused.providerStates![0]!] },
    ],
  };
  const brokenPact = join(dir, 'lft-broken.json');
  writeFileSync(brokenPact, JSON.stringify(broken));
  const args = [brokenPact, '--channel', 'lft', '--states', fixture('lft-states.yaml')];

  it(
    'names the mismatch, the unknown state and the unbound scenario; exit 1',
    async () => {
      const { code, report } = await verify(args);
      expect(code).toBe(1);
      expect(report.ok).toBe(false);

      const code0001 = byDescription(report, branches.description);
      expect(code0001.ok).toBe(false);
      expect(code0001.mismatches).toContainEqual(
        expect.objectContaining({ kind: 'body', path: '$.code', expected: '"0001"', actual: '"0000"' }),
      );

      const unknown = byDescription(report, create.description);
      expect(unknown.ok).toBe(false);
      expect(unknown.mismatches[0]).toMatchObject({
        kind: 'state',
        message: expect.stringContaining('"the landlord has been onboarded" maps to nothing'),
      });
      expect(report.unknownStates).toEqual(['the landlord has been onboarded']);

      // without scenario: lft/system-error the simulator accepts the pay-in
      const unbound = byDescription(report, refused.description);
      expect(unbound.ok).toBe(false);
      expect(unbound.mismatches).toContainEqual(
        expect.objectContaining({ path: '$.code', expected: '"EP99999"', actual: '"0000"' }),
      );
    },
    TIMEOUT,
  );

  it(
    'the text report says the same in a line per interaction',
    async () => {
      const r = await run(['verify-pact', ...args, '--ignore-unknown-states']);
      expect(r.code).toBe(1);
      const lines = r.stdout.split('\n');
      expect(lines).toContain(`FAIL  ${branches.description}`);
      expect(lines.find((l) => l.includes('$.code'))).toMatch(/body \$\.code: Expected '0000' .* '0001'/);
      // --ignore-unknown-states: the onboarded state runs on an empty simulator, and create passes
      expect(lines).toContain(`ok    ${create.description}  (given the landlord has been onboarded)`);
      expect(lines).toContain('ignored provider states (no mapping): the landlord has been onboarded');
      expect(lines.at(-2)).toBe('1/3 interactions verified, 2 failed');
    },
    TIMEOUT,
  );

  it(
    'withhold without --pact-key: the args do not decrypt, go on as the merchant sent them and are refused',
    async () => {
      const { code, report } = await verify(
        withholdArgs.filter((a, i, all) => a !== '--pact-key' && all[i - 1] !== '--pact-key'),
      );
      expect(code).toBe(1);
      expect(report.interactions.filter((i) => i.ok)).toEqual([]);
      expect(
        byDescription(report, 'the bank refuses to sign up a card whose holder does not match').mismatches,
      ).toContainEqual(expect.objectContaining({ path: '$.message', actual: '"请求方标识 ua 不存在"' }));
      // and the report says why, once per method, so the merchant need not guess from "unknown ua"
      expect(report.notes).toContain(
        "the args of a pre-tied-card request do not decrypt with the simulator's own aesKey (no --pact-key given): sent on as they are, and refused (give the AES key your pact was encrypted with)",
      );
      expect(new Set(report.notes).size).toBe(report.notes.length);
    },
    TIMEOUT,
  );
});

describe('channel-sim verify-pact: where the pact and the simulator come from', () => {
  /** a fake broker that has the merchant's LFT pact for `provider`, for the length of `use` */
  const withBroker = async (provider: string, use: (b: FakeBroker) => Promise<void>) => {
    const broker = await fakeBroker(provider, fixture('lft-rental-platform.json'));
    try {
      await use(broker);
    } finally {
      await broker.close();
    }
  };

  let server: Server | undefined;
  afterAll(() => server?.close());

  it(
    'a pact served over HTTP, against a simulator already running (--url): passes',
    async () => {
      const pact = readFileSync(fixture('lft-rental-platform.json'));
      server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(pact));
      await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
      const pactUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pacts/rental/lft.json`;
      const sims = await startSimulators({ channels: ['lft'], clock: 'manual' });
      try {
        const { code, report } = await verify([
          pactUrl,
          '--channel',
          'lft',
          '--url',
          sims.lft.baseUrl,
          '--states',
          fixture('lft-states.yaml'),
        ]);
        expect(report.baseUrl).toBe(sims.lft.baseUrl);
        expect(report.interactions.map((i) => i.ok)).toEqual([true, true, true]);
        expect(code).toBe(0);
        // the running simulator served them (each interaction resets it: the last one's requests are left)
        const journal = await sims.lft.admin.journal({ kind: 'request' });
        expect(journal.map((e) => e.operation).sort()).toEqual(['create', 'prepay']);
        // the pact's prepay went on as the simulator's app, its outReqNo prefix included
        const prepay = JSON.parse(journal.find((e) => e.operation === 'prepay')!.request!.body) as Record<
          string,
          string
        >;
        const appId = sims.lft.credentials.appId as string;
        expect(prepay.appId).toBe(appId);
        expect(JSON.parse(prepay.data!)).toMatchObject({ outReqNo: `${appId}-PAY-0001`, amount: '3200.00' });
      } finally {
        await sims.close();
      }
    },
    TIMEOUT,
  );

  it(
    'a Pact Broker: the pacts it has for --provider, fetched with the token, nothing published',
    async () => {
      await withBroker('lft-protocol-api', async (broker) => {
        const { code, report } = await verify(
          [
            '--broker-url',
            broker.url,
            '--provider',
            'lft-protocol-api',
            '--channel',
            'lft',
            '--states',
            fixture('lft-states.yaml'),
          ],
          { PACT_BROKER_TOKEN: 'broker-token-1' },
        );
        expect(report.interactions.map((i) => i.ok)).toEqual([true, true, true]);
        expect(code).toBe(0);
        // the HAL walk Pact's verifier makes: the index, the relation, the pacts for verification, the pact;
        // no verification result is published
        const pactsFor = '/pacts/provider/lft-protocol-api/for-verification';
        expect(broker.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
          'GET /',
          `GET ${pactsFor}`,
          `POST ${pactsFor}`,
          'GET /pacts/rental-platform-payments/latest',
        ]);
        expect(broker.seen.map((r) => r.authorization)).toEqual(Array(4).fill('Bearer broker-token-1'));
      });
    },
    TIMEOUT,
  );

  it(
    'a Pact Broker with no pacts for the provider: the run fails and says so',
    async () => {
      await withBroker('someone-else', async (broker) => {
        const r = await run(
          ['verify-pact', '--broker-url', broker.url, '--provider', 'lft-protocol-api', '--channel', 'lft'],
          { PACT_BROKER_TOKEN: 'broker-token-1' },
        );
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/^ERROR .*No pacts found for provider 'lft-protocol-api'/m);
      });
    },
    TIMEOUT,
  );

  it('usage errors exit 2 with one line', async () => {
    const noChannel = await run(['verify-pact', fixture('lft-rental-platform.json')]);
    expect([noChannel.code, noChannel.stderr.trim().split('\n')]).toEqual([
      2,
      ['channel-sim: verify-pact: --channel is required (the channel your pact is for)'],
    ]);
    const noFile = await run(['verify-pact', '/nowhere/pact.json', '--channel', 'lft']);
    expect([noFile.code, noFile.stderr.trim()]).toEqual([2, 'channel-sim: no pact file /nowhere/pact.json']);
    const badStates = join(tempDir(), 'states.yaml');
    writeFileSync(badStates, 'states:\n  x: { steps: [{ jump: 1 }] }\n');
    const bad = await run([
      'verify-pact',
      fixture('lft-rental-platform.json'),
      '--channel',
      'lft',
      '--states',
      badStates,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/state "x", step 1: expected exactly one of event, advance, admin, call/);
  });
});
