/**
 * The consumer side's Lakala key material and signed examples: the committed fixture PKI
 * (fixtures/lakala/pki: the merchant key the client signs with, the platform key the mock's answers
 * are signed with and its certificate the client verifies them with), client options at the
 * contract clock, and an answer's Lklapi-* headers computed over the exact bytes of the example
 * body the mock server sends. Used by the consumer test only; the provider signs with its own keys.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LakalaClientOptions } from '../../clients/lakala.ts';
import { lakalaSign, responseHeaders, serialHexOf, unixSeconds } from '../../simulators/lakala/wire/index.ts';
import { APPID, LAKALA_CONTRACT_NOW, LAKALA_FIXTURE_PKI } from './lakala-fixtures.ts';

const read = (f: string) => readFileSync(join(LAKALA_FIXTURE_PKI, f));
const merchantCert = read('merchant_cert.cer').toString('utf8');
const platformCert = read('lkl-apigw-v2.cer').toString('utf8');
const platformKey = createPrivateKey(read('lkl-apigw-v2.key.pem'));

export const PLATFORM_SERIAL = serialHexOf(platformCert);

export const consumerClientOptions = (serverUrl: string): LakalaClientOptions => ({
  serverUrl,
  appid: APPID,
  serialNo: serialHexOf(merchantCert),
  privateKeyPem: read('merchant_private_key.pem'),
  platformCertPems: [platformCert],
  now: () => LAKALA_CONTRACT_NOW,
});

/** an example matcher tree with every matcher replaced by its example value */
export function exampleOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(exampleOf);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if ('pact:matcher:type' in o) return exampleOf(o.value);
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, exampleOf(x)]));
}

/**
 * The bytes Pact's mock server sends for a JSON body: compact, every object's keys in sorted order
 * (pact-core re-serialises the example, whatever order it was written in). The simulator keeps the
 * seed's order; the signature is over whichever bytes are sent, so the example is signed as Pact
 * sends it.
 */
export function pactJsonBytes(v: unknown): string {
  const sorted = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(sorted)
      : x !== null && typeof x === 'object'
        ? Object.fromEntries(
            Object.keys(x)
              .sort()
              .map((k) => [k, sorted((x as Record<string, unknown>)[k])]),
          )
        : x;
  return JSON.stringify(sorted(v));
}

/** the Lklapi-* headers of an answer whose body is exactly `body` */
export function signedHeaders(body: string): Record<string, string> {
  const parts = {
    appid: APPID,
    serial: PLATFORM_SERIAL,
    timestamp: unixSeconds(LAKALA_CONTRACT_NOW),
    nonce: 'PACTn0nce001',
  };
  return responseHeaders({ ...parts, signature: lakalaSign(parts, body, platformKey), traceid: '0123456789abcdef' });
}
