/**
 * Pre-signing the UnionPay benchmark's request pools before the run: every query to the simulator
 * needs its own orderId (else it answers 12 重复交易), hence its own RSA or SM2 signature, which
 * costs as much as the server's own work. The pools are cut into chunks that this process and
 * helper processes (bench/unionpay-signer-process.ts, one per spare core) take in turn, so it uses
 * every core and ends together. It signs and counts; it measures nothing, and it signals no
 * process but the helpers it started.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { rsaSignSha256, rsaVerifySha256 } from '../simulators/core/crypto/rsa.ts';
import type { TestPki } from '../simulators/unionpay/test-pki.ts';
import { UP_PKI_ENV, poolBody, type BenchSignMethod, type MerchantSigning } from './unionpay-fixtures.ts';
import type { SignerReply, SignerRequest } from './unionpay-signer-process.ts';

const ROOT = join(import.meta.dirname, '..');
/** requests per chunk: small enough to balance the sides, large enough to make IPC negligible */
const CHUNK = 200;

export interface PoolSpec {
  signMethod: BenchSignMethod;
  tag: string;
  count: number;
  txnTime: string;
}

export interface SignerHelper {
  ready: Promise<void>;
  run(job: Omit<Extract<SignerRequest, { type: 'job' }>, 'type' | 'id'>): Promise<string[]>;
  close(): void;
}

const helpers = new Set<ChildProcess>();

export function startSignerHelper(pkiDir: string): SignerHelper {
  const child = fork(join(ROOT, 'bin', 'run-ts.js'), [join(ROOT, 'bench', 'unionpay-signer-process.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [UP_PKI_ENV]: pkiDir },
  });
  helpers.add(child);
  const waiting = new Map<number, { resolve: (b: string[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let markReady: () => void;
  let markGone: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (markGone = reject)));
  ready.catch(() => undefined); // a helper that never starts is not fatal: this process signs alone
  child.on('message', (m: SignerReply) => {
    if (m.type === 'ready') return markReady();
    waiting.get(m.id)?.resolve(m.bodies);
    waiting.delete(m.id);
  });
  child.once('exit', (code) => {
    helpers.delete(child);
    const e = new Error(`signing helper exited (code ${code})`);
    markGone(e);
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  });
  return {
    ready,
    run(job) {
      const id = nextId++;
      return new Promise<string[]>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ type: 'job', id, ...job } satisfies SignerRequest);
      });
    },
    close() {
      if (child.exitCode === null && child.signalCode === null && child.connected)
        child.send({ type: 'close' } satisfies SignerRequest);
    },
  };
}

/** last resort (a failed or stuck bench): stop every helper still running */
export function killSignerHelpers(): void {
  for (const child of helpers) child.kill();
}

/**
 * Signs every pool, here and on the helpers that are ready (those still starting join when they
 * are). Returns the bodies, the time it took and how many the helpers signed.
 */
export async function presign(
  keys: MerchantSigning,
  specs: PoolSpec[],
  side: SignerHelper[],
): Promise<{ pools: Buffer[][]; ms: number; byHelpers: number }> {
  const started = performance.now();
  const pools = specs.map((s) => new Array<Buffer | undefined>(s.count));
  const queue: Array<{ pool: number; from: number; to: number }> = [];
  specs.forEach((s, pool) => {
    for (let from = 0; from < s.count; from += CHUNK) queue.push({ pool, from, to: Math.min(s.count, from + CHUNK) });
  });
  const inflight = new Set<Promise<void>>();
  let byHelpers = 0;
  const feed = (h: SignerHelper): void => {
    const c = queue.shift();
    if (!c) return;
    const s = specs[c.pool]!;
    const p = h.run({ signMethod: s.signMethod, tag: s.tag, from: c.from, to: c.to, txnTime: s.txnTime }).then(
      (bodies) => {
        bodies.forEach((b, i) => (pools[c.pool]![c.from + i] = Buffer.from(b, 'utf8')));
        byHelpers += bodies.length;
        inflight.delete(p);
        feed(h);
      },
      () => {
        inflight.delete(p);
        queue.push(c); // this helper is gone: the chunk goes back to whoever is left
      },
    );
    inflight.add(p);
  };
  let open = true;
  for (const h of side)
    void h.ready.then(
      () => open && feed(h),
      () => undefined,
    );
  while (queue.length > 0 || inflight.size > 0) {
    const c = queue.shift();
    if (c) {
      const s = specs[c.pool]!;
      for (let n = c.from; n < c.to; n++)
        pools[c.pool]![n] = Buffer.from(poolBody(keys, s.signMethod, s.tag, n, s.txnTime), 'utf8');
    } else {
      await Promise.race(inflight);
    }
    // let the helpers' answers in between chunks
    await new Promise((resolve) => setImmediate(resolve));
  }
  open = false;
  return { pools: pools as Buffer[][], ms: performance.now() - started, byHelpers };
}

/**
 * How many requests per second one core could at most answer in this family if it did nothing but
 * verify one signature and make one (2048-bit RSA; SM2 with a precomputed public key): a ceiling
 * for any server's rate, measured here in ~0.1 s, so a pool sized by it lasts even when the
 * warm-up rate was depressed by other load on the machine.
 */
export function cryptoCeiling(pki: TestPki, signMethod: BenchSignMethod, n = 40): number {
  const digest = 'f'.repeat(64);
  let sign: () => string;
  let verify: (sig: string) => boolean;
  if (signMethod === '01') {
    const { privateKey, publicKey } = pki.rsa.merchant;
    sign = () => rsaSignSha256(digest, privateKey);
    verify = (sig) => rsaVerifySha256(digest, sig, publicKey);
  } else {
    const m = pki.sm2!.merchant;
    sign = () => m.signer.sign(digest, m.certId);
    verify = (sig) => m.verifier.verify(digest, sig, m.certId);
  }
  const sig = sign();
  verify(sig); // the first call builds the verifier's tables
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    sign();
    verify(sig);
  }
  return (n * 1000) / (performance.now() - start);
}
