/**
 * A signing helper of the UnionPay benchmark's load generator: `node bin/run-ts.js
 * bench/unionpay-signer-process.ts`, forked by bench/unionpay-presign.ts. It loads the merchant
 * keys from the PKI directory in BENCH_UNIONPAY_PKI_DIR and signs ranges of a request pool on
 * demand over IPC, so pre-signing thousands of RSA/SM2 requests uses every core before the
 * measured run starts. It signs only: no network, no timing, and it exits when its parent says so
 * or goes away.
 */
import { loadPkiFromDir } from '../simulators/unionpay/test-pki.ts';
import { UP_PKI_ENV, merchantSigning, poolBody, type BenchSignMethod } from './unionpay-fixtures.ts';

/** parent → helper */
export type SignerRequest =
  | { type: 'job'; id: number; signMethod: BenchSignMethod; tag: string; from: number; to: number; txnTime: string }
  | { type: 'close' };

/** helper → parent */
export type SignerReply = { type: 'ready' } | { type: 'done'; id: number; bodies: string[] };

async function main(): Promise<void> {
  if (!process.send)
    throw new Error(
      'bench/unionpay-signer-process.ts runs as a child of the UnionPay bench suite (bench/suites/unionpay.ts) (it needs an IPC channel)',
    );
  const dir = process.env[UP_PKI_ENV];
  if (!dir) throw new Error(`${UP_PKI_ENV} is not set`);
  const keys = merchantSigning(loadPkiFromDir(dir));
  const send = (m: SignerReply) => process.send!(m);
  process.on('message', (m: SignerRequest) => {
    if (m.type === 'close') process.exit(0);
    const bodies: string[] = [];
    for (let n = m.from; n < m.to; n++) bodies.push(poolBody(keys, m.signMethod, m.tag, n, m.txnTime));
    send({ type: 'done', id: m.id, bodies });
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

await main();
