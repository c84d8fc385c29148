/**
 * A quick, bounded comparison of the two SM2 libraries in the dependencies: sm-crypto 0.5.8 (jsbn
 * big integers) and sm-crypto-v2 (noble-curves, through core/crypto/sm2.ts with the public key
 * precomputed, as the simulator uses it). Each side signs and verifies the same thing UnionPay's
 * signMethod 21 does (the SM3 hex digest, user ID = certId) for at most BUDGET_MS, one core, this
 * process; the two sides verify each other's signatures so the rates compare working code. It
 * runs after the load runs, never during them.
 */
import smCrypto from 'sm-crypto';
import {
  createSm2Signer,
  createSm2Verifier,
  sm2SignatureBase64ToHex,
  sm2SignatureHexToBase64,
} from '../simulators/core/crypto/sm2.ts';
import { sm3Hex } from '../simulators/core/crypto/sm3.ts';

/** per measurement (4 of them): enough for a few sm-crypto operations, little for the run */
const BUDGET_MS = 300;

export interface Sm2LibRates {
  smCrypto: { sign: number; verify: number };
  smCryptoV2: { sign: number; verify: number };
  crossVerified: boolean;
}

/** operations per second of fn, run for about budgetMs (at least 3 times) */
function rate(fn: () => unknown, budgetMs = BUDGET_MS): number {
  fn(); // first call: lazy tables, JIT
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (n < 3 || elapsed < budgetMs) {
    fn();
    n++;
    elapsed = performance.now() - start;
  }
  return Math.round((n * 1000) / elapsed);
}

export function measureSm2Libs(privateKeyHex: string, userId: string): Sm2LibRates {
  const digest = sm3Hex('accessType=0&bizType=000000&…&txnType=78&version=5.1.0'); // what 21 signs: a 64-char hex
  const signer = createSm2Signer(privateKeyHex);
  const verifier = createSm2Verifier(signer.publicKeyHex); // precomputed, as the simulator's
  const v1 = smCrypto.sm2;
  const v1Opts = { hash: true, userId };
  const v1Sig = v1.doSignature(digest, privateKeyHex, v1Opts);
  const v2Sig = signer.sign(digest, userId);
  const crossVerified =
    verifier.verify(digest, sm2SignatureHexToBase64(v1Sig), userId) &&
    v1.doVerifySignature(digest, sm2SignatureBase64ToHex(v2Sig), signer.publicKeyHex, v1Opts);
  return {
    smCrypto: {
      sign: rate(() => v1.doSignature(digest, privateKeyHex, v1Opts)),
      verify: rate(() => v1.doVerifySignature(digest, v1Sig, signer.publicKeyHex, v1Opts)),
    },
    smCryptoV2: {
      sign: rate(() => signer.sign(digest, userId)),
      verify: rate(() => verifier.verify(digest, v2Sig, userId)),
    },
    crossVerified,
  };
}
