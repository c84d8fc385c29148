/**
 * What the benchmark's load generator and its server processes agree on: the fixed LFT
 * credentials, the request data of the two measured operations, and signing a request body with
 * the shared wire (the same encodeRequest the reference client uses). Wire only: it must not
 * import the simulator, so the load-generator process stays free of server code.
 */
import {
  encodeRequest,
  formatTimestamp,
  type LftInqueryData,
  type LftPrepayData,
} from '../simulators/lft/wire/index.ts';

export const BENCH_CREDENTIALS = { appId: 'BENCH01', key: 'b3nchk3y0123456789abcdef01234567' } as const;

/** a realistic POS prepay; the notify URLs are never called (default scenario: prepay sends nothing) */
export function prepayData(transNo: string, outReqNo: string): LftPrepayData {
  return {
    transNo,
    outReqNo,
    amount: '100.00',
    outSuccessNotifyUrl: 'http://127.0.0.1:9/lft/paid',
    outArrivedNotifyUrl: 'http://127.0.0.1:9/lft/arrived',
    prodCatalog: '02',
    contractNum: 'HT-BENCH-001',
  };
}

export function inqueryData(outReqNo: string): LftInqueryData {
  return { outReqNo };
}

/** outReqNo "必须以appId开头"; `tag` keeps the pools of different runs apart */
export function outReqNo(tag: string, n: number): string {
  return `${BENCH_CREDENTIALS.appId}${tag}${String(n).padStart(9, '0')}`;
}

/** a signed request body, as bytes ready for the socket */
export function signedBody(data: object, now = Date.now()): Buffer {
  const { appId, key } = BENCH_CREDENTIALS;
  return Buffer.from(encodeRequest({ appId, data, timestamp: formatTimestamp(now) }, key), 'utf8');
}
