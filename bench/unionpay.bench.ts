/**
 * The UnionPay part of `npm run bench`: how fast the UnionPay simulator answers the contract query
 * (78/20) signed with RSA (signMethod 01) and with SM2 (21), next to baselines measured in the
 * same run: A, bare Fastify (the form body not even parsed); B01/B21, Fastify that only parses the
 * form, verifies the merchant's signature and signs a response as large as UnionPay's (node:crypto
 * RSA; sm-crypto-v2 SM2 with precomputed public keys). A→B is the cost of the wire and its
 * cryptography, B→simulator the cost of the pipeline. Each simulator query needs its own orderId
 * (else 12 重复交易), so the pools are pre-signed before the run, on every core. The servers run
 * in child processes on 127.0.0.1, port 0; the same PKI (generated into a temporary directory and
 * handed to the simulator as config.credentials.pkiDir) serves all of them. Runs are bounded
 * (warm-up + interleaved 1 s slices); answers are checked (respCode 00 for every one, a sample
 * verified chain-and-signature, and one query per server through the reference client). Last, a
 * one-line SM2 sign/verify rate of sm-crypto vs sm-crypto-v2. It asserts nothing about speed.
 * BENCH_PROFILE=1 writes V8 CPU profiles of the simulator processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createUnionPayClient } from '../clients/unionpay.ts';
import { createTestPki, type TestPki } from '../simulators/unionpay/test-pki.ts';
import { UNIONPAY_BACK_TRANS_PATH, formatTxnTime } from '../simulators/unionpay/wire/index.ts';
import { finish, load, target, type RunResult, type Target } from './load-run.ts';
import { ratio, runLines, table } from './report.ts';
import { startServer, type ServerHandle } from './server-process.ts';
import { ROOT, benchEnv, envLine, isMain, onAbort, runBench, versionOf, type SuiteResult } from './suite.ts';
import {
  UP_BARE_BODY, UP_BENCH_CONTRACTS, UP_BENCH_MERCHANT, UP_BENCH_PLAN_ID, UP_PKI_ENV, contractIdOf, merchantSigning, orderIdOf,
  type BenchSignMethod, type MerchantSigning,
} from './unionpay-fixtures.ts';
import { UP_FORM_HEADERS, freshQueries, rotating, unionPayVerifier, upQuick } from './unionpay-loads.ts';
import { cryptoCeiling, killSignerHelpers, presign, startSignerHelper, type SignerHelper } from './unionpay-presign.ts';
import { measureSm2Libs } from './unionpay-sm2-libs.ts';

const WARMUP_S = 1;
const ROUNDS = 5;
const SLICE_S = 1;
const CONNECTIONS = 10;
/** bodies the baselines rotate over (they keep no orderIds, so repeats are fine) */
const FIXED_POOL = 400;
/**
 * the simulator's pool: the sign-only server's warm rate × this (or the crypto ceiling) × the seconds the simulator
 * runs, plus a margin
 */
const POOL_HEADROOM = 1.25;
const PROFILE_DIR = process.env.BENCH_PROFILE ? join(ROOT, 'bench', 'results', 'profiles') : undefined;
const PATH = UNIONPAY_BACK_TRANS_PATH;

/** one query per server through the reference client, which verifies the answer as a merchant's SDK would */
async function probeWithClient(pki: TestPki, server: ServerHandle, signMethod: BenchSignMethod, n: number): Promise<string | undefined> {
  const backTransUrl = `http://127.0.0.1:${server.port}${PATH}`;
  const client = signMethod === '01'
    ? createUnionPayClient({
      backTransUrl, merId: UP_BENCH_MERCHANT.merId, signMethod, pfx: pki.rsa.merchant.pfx, password: pki.rsa.merchant.pfxPassword,
      rootCertPem: pki.rsa.rootPem, middleCertPem: pki.rsa.middlePem,
    })
    : createUnionPayClient({
      backTransUrl, merId: UP_BENCH_MERCHANT.merId, signMethod, privateKeyHex: pki.sm2!.merchant.privateKeyHex, certId: pki.sm2!.merchant.certId,
      sm2RootCertPem: pki.sm2!.rootPem, sm2MiddleCertPem: pki.sm2!.middlePem,
    });
  try {
    const r = await client.queryContractStatus({ orderId: orderIdOf('C', n), contractId: contractIdOf(0), planId: UP_BENCH_PLAN_ID });
    return r.ok && r.data.tokenStatus === '1' ? undefined : `reference client got respCode ${r.code} ${r.msg} tokenStatus ${r.data.tokenStatus ?? '-'}`;
  } catch (e) {
    return `reference client: ${(e as Error).name}: ${(e as Error).message}`;
  }
}

export async function runUnionPayBench(): Promise<SuiteResult> {
  const env = benchEnv();
  const settings = {
    warmupSeconds: WARMUP_S, measuredSeconds: ROUNDS * SLICE_S, rounds: ROUNDS, sliceSeconds: SLICE_S,
    connections: CONNECTIONS, pipelining: 1, host: '127.0.0.1', contracts: UP_BENCH_CONTRACTS, fixedPool: FIXED_POOL,
  };
  console.log('channel-sim bench: the UnionPay contract query (78/20), RSA 01 and SM2 21, against bare Fastify and sign-only servers, same run');
  console.log(envLine(env));
  console.log(`per server: ${WARMUP_S} s warm-up, then ${ROUNDS * SLICE_S} s measured as ${ROUNDS} interleaved ${SLICE_S} s slices (rotating); ` +
    `${CONNECTIONS} connections, pipelining 1, 127.0.0.1; servers in child processes, load generator here (B01/B21: 2 s warm-up)`);

  // one PKI for everyone, generated fresh (≈1 s) and removed afterwards
  const dir = mkdtempSync(join(tmpdir(), 'channel-sim-bench-unionpay-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  onAbort(removeDir);
  onAbort(killSignerHelpers);
  try {
    const pkiDir = join(dir, 'pki');
    const pki = await createTestPki({ dir: pkiDir, now: Date.now() });
    const keys: MerchantSigning = merchantSigning(pki);
    const childEnv = { [UP_PKI_ENV]: pkiDir };

    // the servers and the signing helpers (one per spare core) start together
    const helpers: SignerHelper[] = Array.from({ length: Math.max(0, Math.min(3, env.cores - 1)) }, () => startSignerHelper(pkiDir));
    const kinds = ['bare', 'rsa-sign', 'sm2-sign', 'unionpay', 'unionpay'] as const;
    const [bare, rsaSign, sm2Sign, sim01, sim21] = await Promise.all(kinds.map((kind) => startServer(kind, {
      env: childEnv, profileDir: kind === 'unionpay' ? PROFILE_DIR : undefined,
    }))) as [ServerHandle, ServerHandle, ServerHandle, ServerHandle, ServerHandle];

    // what a merchant's SDK would see, once per server
    const probeProblems = new Map<ServerHandle, string>();
    const probes: Array<[ServerHandle, BenchSignMethod]> = [[rsaSign, '01'], [sm2Sign, '21'], [sim01, '01'], [sim21, '21']];
    for (const [i, [s, m]] of probes.entries()) {
      const problem = await probeWithClient(pki, s, m, i);
      if (problem) probeProblems.set(s, problem);
    }

    const txnTime = formatTxnTime(Date.now());
    const fixed = await presign(keys, [
      { signMethod: '01', tag: 'F', count: FIXED_POOL, txnTime },
      { signMethod: '21', tag: 'F', count: FIXED_POOL, txnTime },
    ], helpers);
    const verify = unionPayVerifier(pki);
    const a = target('upBare', 'A bare fastify', bare, {
      path: PATH, headers: UP_FORM_HEADERS, next: rotating(fixed.pools[0]!, 'F'),
      quick: (status, body) => status === 200 && body === UP_BARE_BODY,
      full: (body) => (body === UP_BARE_BODY ? undefined : `unexpected body ${body}`),
    });
    const b01 = target('rsaSign', 'B01 rsa sign-only', rsaSign, {
      path: PATH, headers: UP_FORM_HEADERS, next: rotating(fixed.pools[0]!, 'F'), quick: upQuick, full: (body, ctx) => verify(body, '01', ctx.orderId),
    });
    const b21 = target('sm2Sign', 'B21 sm2 sign-only', sm2Sign, {
      path: PATH, headers: UP_FORM_HEADERS, next: rotating(fixed.pools[1]!, 'F'), quick: upQuick, full: (body, ctx) => verify(body, '21', ctx.orderId),
    });
    await load(a, WARMUP_S, false, CONNECTIONS);
    // the simulator cannot outrun the sign-only server of its family, so B's rate bounds the pool;
    // B's first second is still JIT warm-up (SM2 runs at half speed), so its rate is taken from a second one
    const rates = new Map<Target, number>();
    for (const b of [b01, b21]) {
      await load(b, WARMUP_S, false, CONNECTIONS);
      const before = b.warmup.requests;
      await load(b, 1, false, CONNECTIONS);
      rates.set(b, b.warmup.requests - before);
    }
    // …and so does the crypto alone: the larger of the two estimates, so that other load on the
    // machine during B's warm-up does not leave the pool short (the rest is signed inline, counted)
    const runSeconds = WARMUP_S + ROUNDS * SLICE_S;
    const poolFor = (b: Target, m: BenchSignMethod) =>
      Math.ceil(Math.max(rates.get(b)! * POOL_HEADROOM, cryptoCeiling(pki, m)) * runSeconds) + 20 * CONNECTIONS;
    const sizes = { '01': poolFor(b01, '01'), '21': poolFor(b21, '21') };
    const fresh = await presign(keys, [
      { signMethod: '01', tag: 'R', count: sizes['01'], txnTime },
      { signMethod: '21', tag: 'S', count: sizes['21'], txnTime },
    ], helpers);
    for (const h of helpers) h.close();
    const q01 = freshQueries(keys, '01', 'R', txnTime, fresh.pools[0]!);
    const q21 = freshQueries(keys, '21', 'S', txnTime, fresh.pools[1]!);
    const s01 = target('unionpay01', 'unionpay 01 rsa', sim01, {
      path: PATH, headers: UP_FORM_HEADERS, next: (ctx) => q01.next(ctx), quick: upQuick, full: (body, ctx) => verify(body, '01', ctx.orderId),
    });
    const s21 = target('unionpay21', 'unionpay 21 sm2', sim21, {
      path: PATH, headers: UP_FORM_HEADERS, next: (ctx) => q21.next(ctx), quick: upQuick, full: (body, ctx) => verify(body, '21', ctx.orderId),
    });
    await load(s01, WARMUP_S, false, CONNECTIONS);
    await load(s21, WARMUP_S, false, CONNECTIONS);

    // interleaved slices: load from elsewhere on a shared machine falls on all five alike
    const targets = [a, b01, b21, s01, s21];
    for (let r = 0; r < ROUNDS; r++) {
      for (let k = 0; k < targets.length; k++) await load(targets[(r + k) % targets.length]!, SLICE_S, true, CONNECTIONS);
    }
    const runs = await Promise.all(targets.map(finish));
    await Promise.all([bare, rsaSign, sm2Sign, sim01, sim21].map((s) => s.close()));
    const [ra, rb01, rb21, rs01, rs21] = runs as [RunResult, RunResult, RunResult, RunResult, RunResult];

    for (const [r, s] of [[rb01, rsaSign], [rb21, sm2Sign], [rs01, sim01], [rs21, sim21]] as const) {
      const problem = probeProblems.get(s);
      if (problem) r.problems.push(problem);
      else r.notes.push('one query through the reference client (clients/unionpay.ts): 00, tokenStatus 1, signPubKeyCert chain and signature verified');
    }
    for (const [r, q, size] of [[rs01, q01, sizes['01']], [rs21, q21, sizes['21']]] as const) {
      const contracts = r.server_stats?.orders ?? 0;
      r.notes.push(`${q.used()} orderIds used (${size} presigned, ${q.inlineSigned()} signed during the run${q.inlineSigned() > 0 ? ' !! the load generator signed inline: its rate is disturbed' : ''}); ` +
        `${contracts} contracts in the store, brought into being by their first ACTIVE… query`);
      if (contracts !== UP_BENCH_CONTRACTS) r.problems.push(`contract count ${contracts}, expected ${UP_BENCH_CONTRACTS}`);
    }

    const sm2 = measureSm2Libs(pki.sm2!.merchant.privateKeyHex, pki.sm2!.merchant.certId);

    const bOf = (r: RunResult) => (r === rb01 || r === rs01 ? rb01 : r === rb21 || r === rs21 ? rb21 : undefined);
    console.log('');
    console.log(table(runs, ra, bOf));
    console.log('');
    for (const [r, b, what] of [[rs01, rb01, 'rsa sign-only'], [rs21, rb21, 'sm2 sign-only']] as const) {
      console.log(`${r.label}: ${ratio(r.requestsPerSec, ra.requestsPerSec)} bare fastify, ${ratio(r.requestsPerSec, b.requestsPerSec)} ${what} (req/s); ` +
        `latency p50 ${ratio(r.latencyMs.p50, ra.latencyMs.p50)} / ${ratio(r.latencyMs.p50, b.latencyMs.p50)}, p99 ${ratio(r.latencyMs.p99, ra.latencyMs.p99)} / ${ratio(r.latencyMs.p99, b.latencyMs.p99)} (vs A / B)`);
    }
    console.log(`rsa sign-only: ${ratio(rb01.requestsPerSec, ra.requestsPerSec)} bare fastify, sm2 sign-only: ${ratio(rb21.requestsPerSec, ra.requestsPerSec)} (req/s): the cost of the form, the verification and the signature alone`);
    console.log(`SM2 sign/verify per second, one core, 21's digest with user ID = certId: sm-crypto ${versionOf('sm-crypto')} ${sm2.smCrypto.sign}/${sm2.smCrypto.verify}, ` +
      `sm-crypto-v2 ${versionOf('sm-crypto-v2')} ${sm2.smCryptoV2.sign}/${sm2.smCryptoV2.verify} (public key precomputed) → ` +
      `${ratio(sm2.smCryptoV2.sign, sm2.smCrypto.sign)} / ${ratio(sm2.smCryptoV2.verify, sm2.smCrypto.verify)}; ${sm2.crossVerified ? 'each verifies the other\'s signatures' : '!! the two do NOT verify each other\'s signatures'}`);
    const bytes = (s: ServerHandle) => s.info.responseBytes as number | undefined;
    console.log('');
    console.log(`notes: B = the sign-only server of the row's signMethod. A, B01 and B21 rotate over ${FIXED_POOL} signed queries; the simulators get a new orderId per request ` +
      `over ${UP_BENCH_CONTRACTS} ACTIVE… contracts. B answers with the simulator's own 00 response fields re-signed (01: ${bytes(rsaSign) ?? '?'} bytes, 21: ${bytes(sm2Sign) ?? '?'} bytes, signPubKeyCert included). ` +
      `Pre-signing took ${((fixed.ms + fresh.ms) / 1000).toFixed(1)} s (${fixed.byHelpers + fresh.byHelpers} of ${2 * FIXED_POOL + sizes['01'] + sizes['21']} by ${helpers.length} helper process${helpers.length === 1 ? '' : 'es'}).`);
    if (!sm2.crossVerified) rs21.problems.push('sm-crypto and sm-crypto-v2 do not verify each other\'s signatures');
    for (const r of runs) for (const line of runLines(r)) console.log(line);
    if (PROFILE_DIR) console.log(`cpu profiles of the unionpay servers: ${relative(process.cwd(), PROFILE_DIR)}`);
    return { name: 'unionpay', settings, runs, extra: { sm2Libraries: sm2, poolSizes: sizes } };
  } finally {
    killSignerHelpers();
    removeDir();
  }
}

if (isMain(import.meta.url)) await runBench([runUnionPayBench], 120);
