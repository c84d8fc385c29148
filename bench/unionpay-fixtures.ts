/**
 * What the UnionPay benchmark's load generator, its signing helpers and its server processes
 * agree on: the merchant, the contracts (magic ACTIVE… contractIds, which the simulator brings
 * into being on their first query), unique orderIds, and a signed 78/20 contract query as form
 * bytes, built with the shared wire (signUnionPay, encodeFormBody) and the merchant keys of a
 * PKI directory (simulators/unionpay/test-pki.ts). Wire and key material only: it must not import the
 * simulator, so the load generator stays free of server code.
 */
import type { KeyObject } from 'node:crypto';
import type { Sm2Signer } from '../simulators/core/crypto/sm2.ts';
import type { TestPki } from '../simulators/unionpay/test-pki.ts';
import { contractQueryFields, encodeFormBody, signUnionPay } from '../simulators/unionpay/wire/index.ts';

/** UnionPay's public test merId (the simulator's default merchant) and a fixed secure key */
export const UP_BENCH_MERCHANT = { merId: '777290058110048', secureKey: 'b3nch5ecure0123456789abcdef01234' } as const;
export const UP_BENCH_PLAN_ID = 'PLANBENCH01';
/** how many contracts the queries rotate over (each brought into being by its first query) */
export const UP_BENCH_CONTRACTS = 100;
/** where the children find the PKI the parent generated */
export const UP_PKI_ENV = 'BENCH_UNIONPAY_PKI_DIR';

export type BenchSignMethod = '01' | '21';

export interface MerchantSigning {
  '01': { certId: string; rsaKey: KeyObject };
  '21': { certId: string; sm2: Sm2Signer };
}

/** the merchant's signing keys, as a merchant holds them (PKCS#12 key, SM2 key), from the PKI */
export function merchantSigning(pki: TestPki): MerchantSigning {
  if (!pki.sm2) throw new Error('the bench PKI has no SM2 part');
  return {
    '01': { certId: pki.rsa.merchant.certId, rsaKey: pki.rsa.merchant.privateKey },
    '21': { certId: pki.sm2.merchant.certId, sm2: pki.sm2.merchant.signer },
  };
}

/** ACTIVE…: the simulator's magic prefix for an active contract (scenario unionpay/active) */
export function contractIdOf(n: number): string {
  return `ACTIVEBENCH${String(n % UP_BENCH_CONTRACTS).padStart(4, '0')}`;
}

/** orderId AN8..40, letters and digits; `tag` keeps the pools of different runs apart */
export function orderIdOf(tag: string, n: number): string {
  return `BENCH${tag}${String(n).padStart(9, '0')}`;
}

/** a 78/20 query as the reference client builds it, before signing */
export function queryFields(orderId: string, txnTime: string, contractId: string): Record<string, string> {
  return contractQueryFields({
    merId: UP_BENCH_MERCHANT.merId,
    orderId,
    txnTime,
    contractId,
    planId: UP_BENCH_PLAN_ID,
  });
}

/** the signed form body, ready for the socket (as a string: it crosses process boundaries) */
export function signedQuery(
  keys: MerchantSigning,
  signMethod: BenchSignMethod,
  orderId: string,
  txnTime: string,
  contractId: string,
): string {
  const fields = queryFields(orderId, txnTime, contractId);
  const signed =
    signMethod === '01'
      ? signUnionPay(fields, { signMethod, certId: keys['01'].certId, rsaKey: keys['01'].rsaKey })
      : signUnionPay(fields, { signMethod, certId: keys['21'].certId, sm2: keys['21'].sm2 });
  return encodeFormBody(signed);
}

/** request n of a pool: its orderId and contract follow from n alone, so any process can sign it */
export function poolBody(
  keys: MerchantSigning,
  signMethod: BenchSignMethod,
  tag: string,
  n: number,
  txnTime: string,
): string {
  return signedQuery(keys, signMethod, orderIdOf(tag, n), txnTime, contractIdOf(n));
}
