/**
 * Reference client for LFT (理房通) protocol payment: one method per operation, plus a reader for
 * the three async notifications. It is what a business system would write against spec 004, and
 * the simulator's first consumer. It imports only the shared wire (simulators/lft/wire) and node
 * builtins, never the simulator's stateful parts, and validates nothing it sends: bad requests
 * must reach the simulator so its errors can be tested.
 */
import {
  LFT_SUCCESS_CODE, encodeRequest, formatTimestamp, lftOperationPath, lftVerify, parseData, parseDataJson, parseEnvelope,
  type LftOperationName, type LftOutqueryVo, type LftPayinVo, type LftRequestDataMap, type LftResponseDataMap,
  type LftResponseEnvelope,
} from '../simulators/lft/wire/index.ts';

export interface LftClientOptions {
  baseUrl: string;
  appId: string;
  key: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface CallOptions {
  /** Sent as the `x-sim-scenario` header: picks a simulator scenario for this call. */
  scenario?: string;
  headers?: Record<string, string>;
}

/** The upstream answered, correctly signed, with code ≠ 0000 (e.g. EP20002 入金订单不存在). */
export class LftApiError extends Error {
  override readonly name = 'LftApiError';
  constructor(
    readonly operation: string,
    readonly code: string,
    readonly msg: string,
    /** The response data, parsed when it is JSON, else the raw string. */
    readonly data: unknown,
  ) {
    super(`LFT ${operation} 失败: ${code} ${msg}`);
  }
}

/** A response or notification whose sign does not match appId&data&timestamp&key. */
export class LftSignatureError extends Error {
  override readonly name = 'LftSignatureError';
}

/** Not the LFT protocol: HTTP status ≠ 200, non-JSON body, missing envelope fields, foreign appId. */
export class LftProtocolError extends Error {
  override readonly name = 'LftProtocolError';
}

export { LFT_NOTIFICATION_ACK } from '../simulators/lft/wire/index.ts';

type Method<Op extends LftOperationName> = (data: LftRequestDataMap[Op], opts?: CallOptions) => Promise<LftResponseDataMap[Op]>;
export type LftClient = { [Op in LftOperationName]: Method<Op> };

const RESPONSE_FIELDS = ['code', 'msg', 'data', 'appId', 'timestamp', 'sign'] as const;

export function createLftClient(o: LftClientOptions): LftClient {
  const baseUrl = o.baseUrl.replace(/\/+$/, '');
  const doFetch = o.fetch ?? fetch;
  const now = o.now ?? Date.now;
  const timeoutMs = o.timeoutMs ?? 10_000;

  async function call<Op extends LftOperationName>(op: Op, data: LftRequestDataMap[Op], opts: CallOptions = {}) {
    const body = encodeRequest({ appId: o.appId, data, timestamp: formatTimestamp(now()) }, o.key);
    const headers: Record<string, string> = { 'content-type': 'application/json;charset=UTF-8', ...opts.headers };
    if (opts.scenario !== undefined) headers['x-sim-scenario'] = opts.scenario;
    const response = await doFetch(`${baseUrl}${lftOperationPath(op)}`, {
      method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.status !== 200) throw new LftProtocolError(`LFT ${op}: HTTP ${response.status}: ${snippet(text)}`);
    const envelope = readResponseEnvelope(op, text);
    if (!lftVerify(envelope, o.key)) {
      // say what the unverified answer claimed: an unknown appId (EP10003) cannot be signed with
      // our key, and the engineer needs to see that rather than only "bad signature"
      throw new LftSignatureError(`LFT ${op}: 响应签名验证失败 (sign ${envelope.sign}; 未验证的应答 code=${envelope.code} msg=${envelope.msg})`);
    }
    if (envelope.appId !== o.appId) {
      throw new LftProtocolError(`LFT ${op}: 响应 appId ${JSON.stringify(envelope.appId)} 不是本系统的 ${JSON.stringify(o.appId)}`);
    }
    if (envelope.code !== LFT_SUCCESS_CODE) throw new LftApiError(op, envelope.code, envelope.msg, lenientJson(envelope.data));
    return decodeData(op, envelope.data);
  }

  const method = <Op extends LftOperationName>(op: Op): Method<Op> => (data, opts) => call(op, data, opts);
  return {
    create: method('create'),
    find: method('find'),
    prepay: method('prepay'),
    posclose: method('posclose'),
    inquery: method('inquery'),
    outpay: method('outpay'),
    outquery: method('outquery'),
    querybankcnaps: method('querybankcnaps'),
  };
}

/** Verifies and decodes a notification body; the caller answers LFT_NOTIFICATION_ACK to stop retries. */
export function readLftNotification<T = LftPayinVo | LftOutqueryVo>(
  body: string | object,
  creds: { appId: string; key: string },
): { appId: string; timestamp: string; data: T } {
  const envelope = notificationEnvelope(body);
  for (const field of ['appId', 'data', 'sign', 'timestamp'] as const) {
    if (typeof envelope[field] !== 'string') throw new LftProtocolError(`LFT 通知: ${field} 缺失或不是字符串`);
  }
  if (!lftVerify(envelope, creds.key)) throw new LftSignatureError(`LFT 通知: 签名验证失败 (sign ${String(envelope.sign)})`);
  const { appId, timestamp } = envelope as { appId: string; timestamp: string };
  if (appId !== creds.appId) {
    throw new LftProtocolError(`LFT 通知: appId ${JSON.stringify(appId)} 不是本系统的 ${JSON.stringify(creds.appId)}`);
  }
  const data = parseData(envelope.data);
  if (!data.ok) throw new LftProtocolError(`LFT 通知: ${data.message}`);
  return { appId, timestamp, data: data.fields as T };
}

function notificationEnvelope(body: string | object): Record<string, unknown> {
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    const parsed = parseEnvelope(body.toString(), '通知报文');
    if (!parsed.ok) throw new LftProtocolError(`LFT 通知: ${parsed.message}`);
    return parsed.envelope;
  }
  // A framework may already have parsed the JSON body.
  if (body === null || Array.isArray(body)) throw new LftProtocolError('LFT 通知: 通知报文必须是 JSON 对象');
  return body as Record<string, unknown>;
}

function readResponseEnvelope(op: string, text: string): LftResponseEnvelope {
  const parsed = parseEnvelope(text, '响应报文');
  if (!parsed.ok) throw new LftProtocolError(`LFT ${op}: ${parsed.message}`);
  const missing = RESPONSE_FIELDS.filter((field) => typeof parsed.envelope[field] !== 'string');
  if (missing.length > 0) throw new LftProtocolError(`LFT ${op}: 响应报文缺少字符串字段 ${missing.join(', ')}`);
  return parsed.envelope as unknown as LftResponseEnvelope;
}

function decodeData<Op extends LftOperationName>(op: Op, data: string): LftResponseDataMap[Op] {
  const parsed = parseDataJson(data);
  if (!parsed.ok) throw new LftProtocolError(`LFT ${op}: 响应 ${parsed.message}`);
  // querybankcnaps answers List<QueryBankCnapsRspVo>; every other operation one object.
  const wantArray = op === 'querybankcnaps';
  const isObject = typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value);
  if (wantArray ? !Array.isArray(parsed.value) : !isObject) {
    throw new LftProtocolError(`LFT ${op}: 响应 data 应为 JSON ${wantArray ? '数组' : '对象'}: ${snippet(data)}`);
  }
  return parsed.value as LftResponseDataMap[Op];
}

function lenientJson(data: string): unknown {
  const parsed = parseDataJson(data);
  return parsed.ok ? parsed.value : data;
}

function snippet(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
