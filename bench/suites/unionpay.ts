/**
 * The UnionPay benchmark suite: the contract query (78/20) signed with RSA (signMethod 01) and
 * with SM2 (21), each against the sign-only server of its family (B01/B21: parse the form, verify
 * the merchant's signature, sign an answer as large as UnionPay's) and against bare Fastify. Each
 * simulator query needs its own orderId (else 12 重复交易), so its pool is pre-signed before the
 * run, on every core. One PKI, generated into a temporary directory, serves every server. Each
 * server also answers one query through the reference client. Last, one line of SM2 sign/verify
 * rates, sm-crypto vs sm-crypto-v2. A declaration for bench/channel-suite.ts; the servers are built
 * in child processes (bench/unionpay-servers.ts, loaded only there).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUnionPayClient } from '../../clients/unionpay.ts';
import { createTestPki, type TestPki } from '../../simulators/unionpay/test-pki.ts';
import { UNIONPAY_BACK_TRANS_PATH, formatTxnTime } from '../../simulators/unionpay/wire/index.ts';
import { BENCH_TIMING, type BenchPath, type ChannelBench } from '../channel-suite.ts';
import type { FreshBodies } from '../fresh-bodies.ts';
import type { Load, RunResult } from '../load-run.ts';
import type { ServerHandle } from '../server-process.ts';
import { BARE_TEXT_BODY } from '../bare-server.ts';
import { versionOf } from '../suite.ts';
import {
  UP_BENCH_CONTRACTS,
  UP_BENCH_MERCHANT,
  UP_BENCH_PLAN_ID,
  UP_PKI_ENV,
  contractIdOf,
  merchantSigning,
  orderIdOf,
  type BenchSignMethod,
  type MerchantSigning,
} from '../unionpay-fixtures.ts';
import { UP_FORM_HEADERS, freshQueries, rotating, unionPayVerifier, upQuick } from '../unionpay-loads.ts';
import {
  cryptoCeiling,
  killSignerHelpers,
  presign,
  startSignerHelper,
  type SignerHelper,
} from '../unionpay-presign.ts';
import { measureSm2Libs } from '../unionpay-sm2-libs.ts';

const PATH = UNIONPAY_BACK_TRANS_PATH;
/** bodies the baselines rotate over (they keep no orderIds, so repeats are fine) */
const FIXED_POOL = 400;
/**
 * the simulator's pool: the sign-only server's warm rate × this (or the crypto ceiling) × the seconds the simulator
 * runs, plus a margin
 */
const POOL_HEADROOM = 1.25;

interface UpContext {
  pki: TestPki;
  keys: MerchantSigning;
  helpers: SignerHelper[];
  txnTime: string;
  verify: ReturnType<typeof unionPayVerifier>;
  fixed: Record<BenchSignMethod, Buffer[]>;
  presignMs: number;
  byHelpers: number;
  signed: number;
  /** per path: the fresh pool, its size, and what the reference client saw */
  pools: Map<string, { q: FreshBodies; size: number; probe?: string }>;
}

/** one query through the reference client, which verifies the answer as a merchant's SDK would */
async function probeWithClient(
  pki: TestPki,
  server: ServerHandle,
  signMethod: BenchSignMethod,
  n: number,
): Promise<string | undefined> {
  const backTransUrl = `http://127.0.0.1:${server.port}${PATH}`;
  const client =
    signMethod === '01'
      ? createUnionPayClient({
          backTransUrl,
          merId: UP_BENCH_MERCHANT.merId,
          signMethod,
          pfx: pki.rsa.merchant.pfx,
          password: pki.rsa.merchant.pfxPassword,
          rootCertPem: pki.rsa.rootPem,
          middleCertPem: pki.rsa.middlePem,
        })
      : createUnionPayClient({
          backTransUrl,
          merId: UP_BENCH_MERCHANT.merId,
          signMethod,
          privateKeyHex: pki.sm2!.merchant.privateKeyHex,
          certId: pki.sm2!.merchant.certId,
          sm2RootCertPem: pki.sm2!.rootPem,
          sm2MiddleCertPem: pki.sm2!.middlePem,
        });
  try {
    const r = await client.queryContractStatus({
      orderId: orderIdOf('C', n),
      contractId: contractIdOf(0),
      planId: UP_BENCH_PLAN_ID,
    });
    return r.ok && r.data.tokenStatus === '1'
      ? undefined
      : `reference client got respCode ${r.code} ${r.msg} tokenStatus ${r.data.tokenStatus ?? '-'}`;
  } catch (e) {
    return `reference client: ${(e as Error).name}: ${(e as Error).message}`;
  }
}

const probeNote =
  'one query through the reference client (clients/unionpay.ts): 00, tokenStatus 1, signPubKeyCert chain and signature verified';

function signOnly(signMethod: BenchSignMethod, label: string): ChannelBench<UpContext>['cryptoOnly'][string] {
  return {
    label,
    describe: (info) =>
      `(${info.responseBytes ?? '?'}-byte ${signMethod} answer: the simulator's own 00 fields re-signed, signPubKeyCert included; ${FIXED_POOL} signed queries round-robin)`,
    load: (c) => ({
      path: PATH,
      headers: UP_FORM_HEADERS,
      next: rotating(c.fixed[signMethod], 'F'),
      quick: upQuick,
      full: (body, ctx) => c.verify(body, signMethod, ctx.orderId),
    }),
    probe: (c, server) => probeWithClient(c.pki, server, signMethod, signMethod === '01' ? 0 : 1),
  };
}

function simulatorPath(name: string, label: string, signMethod: BenchSignMethod, tag: string): BenchPath<UpContext> {
  const { warmupSeconds, rounds, sliceSeconds, connections } = BENCH_TIMING;
  return {
    name,
    label,
    cryptoOnly: signMethod === '01' ? 'rsaSign' : 'sm2Sign',
    async load(c, sim, rates): Promise<Load> {
      const probe = await probeWithClient(c.pki, sim, signMethod, signMethod === '01' ? 2 : 3);
      // the simulator cannot outrun the sign-only server of its family, and neither can the crypto
      // alone: the larger of the two estimates, so that other load on the machine during B's
      // warm-up does not leave the pool short (the rest is signed inline, counted)
      const size =
        Math.ceil(
          Math.max(rates.cryptoOnly * POOL_HEADROOM, cryptoCeiling(c.pki, signMethod)) *
            (warmupSeconds + rounds * sliceSeconds),
        ) +
        20 * connections;
      const fresh = await presign(c.keys, [{ signMethod, tag, count: size, txnTime: c.txnTime }], c.helpers);
      c.presignMs += fresh.ms;
      c.byHelpers += fresh.byHelpers;
      c.signed += size;
      const q = freshQueries(c.keys, signMethod, tag, c.txnTime, fresh.pools[0]!);
      c.pools.set(name, { q, size, probe });
      return {
        path: PATH,
        headers: UP_FORM_HEADERS,
        next: (ctx) => q.next(ctx),
        quick: upQuick,
        full: (body, ctx) => c.verify(body, signMethod, ctx.orderId),
      };
    },
    check(c, r: RunResult) {
      const { q, size, probe } = c.pools.get(name)!;
      if (probe) r.problems.push(probe);
      else r.notes.push(probeNote);
      const contracts = r.server_stats?.orders ?? 0;
      r.notes.push(
        `${q.used()} orderIds used (${size} presigned, ${q.inlineSigned()} signed during the run${q.inlineSigned() > 0 ? ' !! the load generator signed inline: its rate is disturbed' : ''}); ` +
          `${contracts} contracts in the store, brought into being by their first ACTIVE… query`,
      );
      if (contracts !== UP_BENCH_CONTRACTS)
        r.problems.push(`contract count ${contracts}, expected ${UP_BENCH_CONTRACTS}`);
    },
  };
}

const suite: ChannelBench<UpContext> = {
  channel: 'unionpay',
  title: 'the UnionPay contract query (78/20), RSA 01 and SM2 21, against bare Fastify and sign-only servers, same run',
  servers: {
    simulator: async () => ({ app: (await import('../unionpay-servers.ts')).buildUnionPaySim() }),
    rsaSign: async () => (await import('../unionpay-servers.ts')).buildSignOnly('01'),
    sm2Sign: async () => (await import('../unionpay-servers.ts')).buildSignOnly('21'),
  },
  async prepare() {
    // one PKI for everyone, generated fresh (≈1 s) and removed afterwards
    const dir = mkdtempSync(join(tmpdir(), 'channel-sim-bench-unionpay-'));
    const pkiDir = join(dir, 'pki');
    const pki = await createTestPki({ dir: pkiDir, now: Date.now() });
    const keys = merchantSigning(pki);
    // signing helpers, one per spare core: each simulator query needs a signature of its own
    const cores = (await import('node:os')).cpus().length;
    const helpers = Array.from({ length: Math.max(0, Math.min(3, cores - 1)) }, () => startSignerHelper(pkiDir));
    const txnTime = formatTxnTime(Date.now());
    const fixed = await presign(
      keys,
      [
        { signMethod: '01', tag: 'F', count: FIXED_POOL, txnTime },
        { signMethod: '21', tag: 'F', count: FIXED_POOL, txnTime },
      ],
      helpers,
    );
    return {
      context: {
        pki,
        keys,
        helpers,
        txnTime,
        verify: unionPayVerifier(pki),
        fixed: { '01': fixed.pools[0]!, '21': fixed.pools[1]! },
        presignMs: fixed.ms,
        byHelpers: fixed.byHelpers,
        signed: 2 * FIXED_POOL,
        pools: new Map(),
      },
      env: { [UP_PKI_ENV]: pkiDir },
      cleanup: () => {
        killSignerHelpers();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  bare: (c) => ({
    path: PATH,
    headers: UP_FORM_HEADERS,
    next: rotating(c.fixed['01'], 'F'),
    quick: (status, body) => status === 200 && body === BARE_TEXT_BODY,
    full: (body) => (body === BARE_TEXT_BODY ? undefined : `unexpected body ${body}`),
  }),
  cryptoOnly: {
    rsaSign: signOnly('01', 'B01 rsa sign-only'),
    sm2Sign: signOnly('21', 'B21 sm2 sign-only'),
  },
  paths: [
    simulatorPath('unionpay01', 'unionpay 01 rsa', '01', 'R'),
    simulatorPath('unionpay21', 'unionpay 21 sm2', '21', 'S'),
  ],
  beforeMeasuring(c) {
    // every pool is signed: the helpers' cores go back to the servers and the load generator
    for (const h of c.helpers) h.close();
  },
  async report(c, runs) {
    for (const name of ['rsaSign', 'sm2Sign'])
      if (!runs.get(name)!.problems.length) runs.get(name)!.notes.push(probeNote);
    const sm2 = measureSm2Libs(c.pki.sm2!.merchant.privateKeyHex, c.pki.sm2!.merchant.certId);
    if (!sm2.crossVerified)
      runs.get('unionpay21')!.problems.push("sm-crypto and sm-crypto-v2 do not verify each other's signatures");
    return {
      notes: [
        `the simulators get a new orderId per request over ${UP_BENCH_CONTRACTS} ACTIVE… contracts. ` +
          `Pre-signing took ${(c.presignMs / 1000).toFixed(1)} s (${c.byHelpers} of ${c.signed} by ${c.helpers.length} helper process${c.helpers.length === 1 ? '' : 'es'}).`,
        `SM2 sign/verify per second, one core, 21's digest with user ID = certId: sm-crypto ${versionOf('sm-crypto')} ${sm2.smCrypto.sign}/${sm2.smCrypto.verify}, ` +
          `sm-crypto-v2 ${versionOf('sm-crypto-v2')} ${sm2.smCryptoV2.sign}/${sm2.smCryptoV2.verify} (public key precomputed); ` +
          `${sm2.crossVerified ? "each verifies the other's signatures" : "!! the two do NOT verify each other's signatures"}`,
      ],
      extra: { sm2Libraries: sm2, poolSizes: Object.fromEntries([...c.pools].map(([n, p]) => [n, p.size])) },
    };
  },
};

export default suite;
