/**
 * What the Lakala benchmark's load generator and its server processes agree on: where the children
 * find the PKI the parent generated, the one signed sign_qry request every server gets (the seed's
 * example 1 body, its Authorization signed with the PKI's merchant key: a query is idempotent and
 * the gateway keeps no nonce, so the same bytes can be sent again and again), and the full check of
 * an answer as a merchant's SDK makes it (Lklapi-Serial, Lklapi-Signature over the exact body,
 * ret_code, result_state). Wire and key material only: it must not import the simulator, so the
 * load generator stays free of server code.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  LAKALA_CONTENT_TYPE,
  encodeRequest,
  formatAuthorization,
  formatLakalaTime,
  lakalaSign,
  lakalaVerify,
  readResponseSignature,
  sameSerial,
  serialHexOf,
  unixSeconds,
} from '../simulators/lakala/wire/index.ts';

export const LKL_PKI_ENV = 'BENCH_LAKALA_PKI_DIR';
export const LKL_PATH = '/sit/api/v3/ltbs/dsf/sign_qry';
export const LKL_APPID = 'OP00000003';

/** the seed's example 1 request data */
export const LKL_REQ_DATA = {
  merchant_no: '4002024052370293947',
  enterprise_num: 'HN43000009023690002',
  corp_bank_code: 'GJ101',
  sign_flag: '0',
  cust_act: '6227002920120342761',
  corp_act: '43050179373600000471',
  protocol_code: 'BENCH20260115001',
} as const;

export interface LakalaBenchRequest {
  body: Buffer;
  headers: Record<string, string>;
}

/** one signed request, as the official SDK sends it */
export function signedRequest(merchant: { serialNo: string; key: KeyObject }, now = Date.now()): LakalaBenchRequest {
  const body = encodeRequest({ version: '3.0', req_time: formatLakalaTime(now), req_data: LKL_REQ_DATA });
  const parts = { appid: LKL_APPID, serial: merchant.serialNo, timestamp: unixSeconds(now), nonce: 'bench0000001' };
  const signature = lakalaSign(parts, body, merchant.key);
  return {
    body: Buffer.from(body, 'utf8'),
    headers: {
      'content-type': LAKALA_CONTENT_TYPE,
      authorization: formatAuthorization({
        appid: parts.appid,
        serial_no: parts.serial,
        timestamp: parts.timestamp,
        nonce_str: parts.nonce,
        signature,
      }),
    },
  };
}

/** cheap check of every answer: HTTP 200 and ret_code 000000 */
export const lakalaQuick = (status: number, body: string): boolean =>
  status === 200 && body.includes('"ret_code":"000000"');

/**
 * The full check needs the headers, which the load generator does not keep: the body's own
 * fields are checked here, and the signature over it by `verifyAnswer` (the probe).
 */
export function checkBody(body: string): string | undefined {
  let v: { ret_code?: unknown; resp_data?: { result_state?: unknown } };
  try {
    v = JSON.parse(body) as typeof v;
  } catch {
    return `not JSON: ${body.slice(0, 100)}`;
  }
  if (v.ret_code !== '000000') return `ret_code ${String(v.ret_code)}`;
  if (v.resp_data?.result_state !== '2') return `result_state ${String(v.resp_data?.result_state)}`;
  return undefined;
}

/** one request over fetch, its answer verified as the SDK verifies it: a problem, or undefined */
export async function verifyAnswer(
  port: number,
  req: LakalaBenchRequest,
  platformCertPem: string,
): Promise<string | undefined> {
  const res = await fetch(`http://127.0.0.1:${port}${LKL_PATH}`, {
    method: 'POST',
    headers: req.headers,
    body: new Uint8Array(req.body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return `HTTP ${res.status}`;
  const sig = readResponseSignature((n) => res.headers.get(n));
  if (!sig.ok) return `no ${sig.missing}`;
  const key = createPublicKey(platformCertPem);
  if (!sameSerial(sig.sig.serial, serialHexOf(platformCertPem))) return `Lklapi-Serial ${sig.sig.serial}`;
  if (!lakalaVerify(sig.sig, bytes, sig.sig.signature, key)) return 'Lklapi-Signature does not verify';
  return checkBody(bytes.toString('utf8'));
}
