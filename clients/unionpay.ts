/**
 * Reference client for UnionPay ACP 5.1.0 查询签约协议号状态 (txnType 78 / txnSubType 20, spec 002):
 * builds and signs the request (RSA from a PKCS#12 or PEM, SM2, or a secure key), POSTs it as a
 * form to backTransUrl, and verifies the raw `k=v&…` answer the way UnionPay's SDKs do (signPubKeyCert
 * chains to the configured root through the middle CA, its CN names 中国银联股份有限公司, dates
 * valid, then the signature). A non-00 respCode is a result (ok: false), not an exception:
 * 03/04/05 mean "ask again" and the merchant must see them; exceptions are for answers that cannot
 * be trusted or never came (clients/http.ts). It imports only the shared wire (which re-exports
 * the core/crypto helpers it needs) and node builtins, never the simulator's stateful parts, and
 * validates nothing it sends: bad requests must reach the simulator so its errors can be tested.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { contractQueryFields, openPkcs12 } from '../simulators/unionpay/wire/index.ts';
import {
  UNIONPAY_REQUEST_CONTENT_TYPE,
  certIdOf,
  createSm2Signer,
  encodeFormBody,
  formatTxnTime,
  parseUnionPayResponse,
  signUnionPay,
  sm2PrivateKeyFromPem,
  type ContractQueryFieldsInput,
  type UnionPaySignMethod,
  type UnionPaySignOptions,
  type UnionPayTokenStatus,
} from '../simulators/unionpay/wire/index.ts';
import { ProtocolError, post, simDetailOf, snippet, type CallOptions, type ChannelResult } from './http.ts';
import { trustFor, unionPayContext, verifyResponse } from './unionpay-verify.ts';

export type { CallOptions, ChannelResult } from './http.ts';

/** Key material for signing requests; which fields matter depends on signMethod. */
export interface UnionPayCredentials {
  signMethod: UnionPaySignMethod;
  /** 01: the merchant PKCS#12 (a Buffer or a file path), with `password` (UnionPay test kits: 000000) */
  pfx?: Buffer | string;
  password?: string;
  /** 01: RSA private key PEM (with certPem); 21: SM2 private key PEM (PKCS#8 / SEC1) */
  privateKeyPem?: string;
  /** 21: SM2 private key as 64 hex digits */
  privateKeyHex?: string;
  /** 01/21: the merchant certificate; certId is its decimal serial */
  certPem?: string;
  /** 01/21: certId given directly (overrides the one read from certPem / the PKCS#12) */
  certId?: string;
  /** 11/12 */
  secureKey?: string;
}

export interface UnionPayClientOptions extends UnionPayCredentials {
  /** e.g. http://127.0.0.1:8103/gateway/api/backTransReq.do */
  backTransUrl: string;
  merId: string;
  /** 01: trust anchors for signPubKeyCert (UnionPay's acp_test_root.cer / acp_test_middle.cer) */
  rootCertPem?: string;
  middleCertPem?: string;
  /** 21: the SM2 trust anchors */
  sm2RootCertPem?: string;
  sm2MiddleCertPem?: string;
  now?: () => number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** a query's own values (merId is the client's); the wire's request fields, txnTime optional */
export type ContractQueryInput = Omit<ContractQueryFieldsInput, 'merId' | 'txnTime'> & {
  /** default: now, Beijing time, YYYYMMDDhhmmss */
  txnTime?: string;
};

export interface ContractStatus {
  tokenStatus?: UnionPayTokenStatus;
  tokenEndExpr?: string;
}

/** code/msg are respCode/respMsg; ok only for 00 */
export type ContractStatusResult = ChannelResult<ContractStatus, ContractStatus> & {
  /** 03 交易通讯超时 / 04 交易状态未明 / 05 交易已受理: the answer is not final, query again */
  pending: boolean;
  /** every verified response field */
  fields: Record<string, string>;
  /** the request as sent (signed) */
  request: Record<string, string>;
};

export interface UnionPayClient {
  queryContractStatus(input: ContractQueryInput, opts?: CallOptions): Promise<ContractStatusResult>;
}

const PENDING = new Set(['03', '04', '05']);

// ---- signing ------------------------------------------------------------------------------------

/** Opening a PKCS#12 with forge takes tens of ms: once per credentials object. */
const resolved = new WeakMap<UnionPayCredentials, UnionPaySignOptions>();

function openPfx(pfx: Buffer, password: string): { certPem: string; privateKey: KeyObject } {
  try {
    return openPkcs12(pfx, password);
  } catch (e) {
    throw new Error(`UnionPay client: ${(e as Error).message}`);
  }
}

function resolveSigner(creds: UnionPayCredentials): UnionPaySignOptions {
  const cached = resolved.get(creds);
  if (cached !== undefined) return cached;
  const { signMethod } = creds;
  let out: UnionPaySignOptions;
  if (signMethod === '11' || signMethod === '12') {
    if (!creds.secureKey) throw new Error(`UnionPay client: signMethod ${signMethod} needs secureKey`);
    out = { signMethod, secureKey: creds.secureKey };
  } else if (signMethod === '01') {
    let privateKey: KeyObject;
    let certPem = creds.certPem;
    if (creds.pfx !== undefined) {
      if (creds.password === undefined)
        throw new Error('UnionPay client: pfx needs password (UnionPay test kits use 000000)');
      const opened = openPfx(typeof creds.pfx === 'string' ? readFileSync(creds.pfx) : creds.pfx, creds.password);
      privateKey = opened.privateKey;
      certPem ??= opened.certPem;
    } else if (creds.privateKeyPem !== undefined) {
      privateKey = createPrivateKey(
        creds.password === undefined ? creds.privateKeyPem : { key: creds.privateKeyPem, passphrase: creds.password },
      );
    } else {
      throw new Error('UnionPay client: signMethod 01 needs pfx + password, or privateKeyPem + certPem');
    }
    const certId = creds.certId ?? (certPem !== undefined ? certIdOf(certPem) : undefined);
    if (certId === undefined)
      throw new Error('UnionPay client: signMethod 01 needs certPem (or certId) with privateKeyPem');
    out = { signMethod, certId, rsaKey: privateKey };
  } else if (signMethod === '21') {
    const hex =
      creds.privateKeyHex ??
      (creds.privateKeyPem !== undefined ? sm2PrivateKeyFromPem(creds.privateKeyPem) : undefined);
    if (hex === undefined) throw new Error('UnionPay client: signMethod 21 needs privateKeyHex or privateKeyPem');
    const certId = creds.certId ?? (creds.certPem !== undefined ? certIdOf(creds.certPem) : undefined);
    if (certId === undefined) throw new Error('UnionPay client: signMethod 21 needs certPem or certId');
    out = { signMethod, certId, sm2: createSm2Signer(hex) };
  } else {
    throw new Error(`UnionPay client: unknown signMethod ${String(signMethod)}`);
  }
  resolved.set(creds, out);
  return out;
}

/** Signs request fields like the SDKs (blank fields dropped; certId set for 01/21). For contract tests. */
export function signUnionPayRequest(
  fields: Readonly<Record<string, string | undefined>>,
  creds: UnionPayCredentials,
): Record<string, string> {
  return signUnionPay(fields, resolveSigner(creds));
}

// ---- HTTP -------------------------------------------------------------------------------------

/**
 * the reason a Content-Type is not UnionPay's text/html;charset=UTF-8, or undefined. text/plain is
 * taken too: the body is read as k=v text whatever the text/* label, as UnionPay's own SDKs do.
 */
function contentTypeProblem(contentType: string | null): string | undefined {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media === 'text/html' || media === 'text/plain') {
    const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
    return charset !== undefined && charset.toLowerCase() !== 'utf-8'
      ? `UnionPay 应答 Content-Type ${contentType}: 字符集应为 UTF-8`
      : undefined;
  }
  if (media === 'application/x-www-form-urlencoded') {
    return (
      `UnionPay 应答 Content-Type 是 ${contentType}, 应为 text/html;charset=UTF-8: 应答是未经 URL 编码的 k=v&… 原文, ` +
      '按 form-urlencoded 解码会把 Base64 签名里的 + 变成空格, 验签必然失败'
    );
  }
  return `UnionPay 应答 Content-Type 是 ${contentType ?? '(无)'}, 应为 text/html;charset=UTF-8`;
}

export function createUnionPayClient(o: UnionPayClientOptions): UnionPayClient {
  const now = o.now ?? Date.now;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const trust = trustFor(o);
  resolveSigner(o); // fail at construction, not at the first call, on bad key material

  async function queryContractStatus(input: ContractQueryInput, opts: CallOptions = {}): Promise<ContractStatusResult> {
    const request = signUnionPayRequest(
      {
        ...contractQueryFields({ ...input, merId: o.merId, txnTime: input.txnTime ?? formatTxnTime(now()) }),
        signMethod: o.signMethod,
      },
      o,
    );
    const response = await post({
      channel: 'unionpay',
      operation: 'queryContractStatus',
      url: o.backTransUrl,
      contentType: UNIONPAY_REQUEST_CONTENT_TYPE,
      body: encodeFormBody(request),
      timeoutMs,
      fetch: o.fetch,
      scenario: opts.scenario,
      headers: opts.headers,
    });
    const fail = (message: string) => new ProtocolError(message, unionPayContext(response));
    const { text } = response;
    if (response.status !== 200) throw fail(`UnionPay 应答 HTTP ${response.status}: ${snippet(text)}`);
    const badType = contentTypeProblem(response.headers.get('content-type'));
    if (badType !== undefined) throw fail(badType);
    const fields = parseUnionPayResponse(text);
    if (fields.respCode === undefined || fields.respCode === '')
      throw fail(`UnionPay 应答不是 k=v&… 报文或没有 respCode: ${snippet(text)}`);
    verifyResponse(fields, o, trust, now(), response);
    for (const echo of ['merId', 'orderId', 'txnTime', 'txnType', 'txnSubType'] as const) {
      if (fields[echo] !== undefined && fields[echo] !== request[echo])
        throw fail(`UnionPay 应答 ${echo}=${fields[echo]} 与请求的 ${request[echo]} 不符`);
    }
    const data: ContractStatus = {
      ...(fields.tokenStatus !== undefined ? { tokenStatus: fields.tokenStatus as UnionPayTokenStatus } : {}),
      ...(fields.tokenEndExpr !== undefined ? { tokenEndExpr: fields.tokenEndExpr } : {}),
    };
    const code = fields.respCode;
    const pending = PENDING.has(code);
    return {
      ok: code === '00',
      code,
      msg: fields.respMsg ?? '',
      data,
      pending,
      fields,
      request,
      ...simDetailOf(response),
    };
  }

  return { queryContractStatus };
}
