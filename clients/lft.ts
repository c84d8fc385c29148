/**
 * Reference client for LFT (理房通) protocol payment: one method per operation, plus a reader for
 * the three async notifications. It is what a business system would write against spec 004, and
 * the simulator's first consumer. It imports only the shared wire (simulators/lft/wire) and node
 * builtins, never the simulator's stateful parts, and validates nothing it sends: bad requests
 * must reach the simulator so its errors can be tested. A signed answer with code ≠ 0000 (e.g.
 * EP20002 入金订单不存在) is a result with ok: false, never an exception; exceptions are for answers
 * that cannot be trusted (clients/http.ts).
 */
import {
  LFT_SUCCESS_CODE,
  encodeRequest,
  formatTimestamp,
  lftOperationPath,
  lftVerify,
  parseData,
  parseDataJson,
  parseEnvelope,
  type LftOperationName,
  type LftOutqueryVo,
  type LftPayinVo,
  type LftRequestDataMap,
  type LftResponseDataMap,
  type LftResponseEnvelope,
} from '../simulators/lft/wire/index.ts';
import {
  ProtocolError,
  SignatureError,
  post,
  simDetailOf,
  snippet,
  type CallOptions,
  type ChannelResult,
} from './http.ts';

export type { CallOptions, ChannelResult } from './http.ts';

export interface LftClientOptions {
  baseUrl: string;
  appId: string;
  key: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export { LFT_NOTIFICATION_ACK } from '../simulators/lft/wire/index.ts';

/** ok: the decoded data; not ok: the upstream's code and msg, with its data parsed when it is JSON */
export type LftResult<Op extends LftOperationName> = ChannelResult<LftResponseDataMap[Op]>;
type Method<Op extends LftOperationName> = (data: LftRequestDataMap[Op], opts?: CallOptions) => Promise<LftResult<Op>>;
export type LftClient = { [Op in LftOperationName]: Method<Op> };

const RESPONSE_FIELDS = ['code', 'msg', 'data', 'appId', 'timestamp', 'sign'] as const;

export function createLftClient(o: LftClientOptions): LftClient {
  const baseUrl = o.baseUrl.replace(/\/+$/, '');
  const now = o.now ?? Date.now;
  const timeoutMs = o.timeoutMs ?? 10_000;

  async function call<Op extends LftOperationName>(
    op: Op,
    data: LftRequestDataMap[Op],
    opts: CallOptions = {},
  ): Promise<LftResult<Op>> {
    const body = encodeRequest({ appId: o.appId, data, timestamp: formatTimestamp(now()) }, o.key);
    const response = await post({
      channel: 'lft',
      operation: op,
      url: `${baseUrl}${lftOperationPath(op)}`,
      contentType: 'application/json;charset=UTF-8',
      body,
      timeoutMs,
      fetch: o.fetch,
      scenario: opts.scenario,
      headers: opts.headers,
    });
    const fail = (message: string) =>
      new ProtocolError(`LFT ${op}: ${message}`, { channel: 'lft', operation: op, response });
    if (response.status !== 200) throw fail(`HTTP ${response.status}: ${snippet(response.text)}`);
    const envelope = readResponseEnvelope(response.text, fail);
    if (!lftVerify(envelope, o.key)) {
      // say what the unverified answer claimed: an unknown appId (EP10003) cannot be signed with
      // our key, and the engineer needs to see that rather than only "bad signature"
      throw new SignatureError(
        `LFT ${op}: 响应签名验证失败 (sign ${envelope.sign}; 未验证的应答 code=${envelope.code} msg=${envelope.msg})`,
        { channel: 'lft', operation: op, response },
      );
    }
    if (envelope.appId !== o.appId)
      throw fail(`响应 appId ${JSON.stringify(envelope.appId)} 不是本系统的 ${JSON.stringify(o.appId)}`);
    const { code, msg } = envelope;
    if (code !== LFT_SUCCESS_CODE)
      return { ok: false, code, msg, data: lenientJson(envelope.data), ...simDetailOf(response) };
    return { ok: true, code, msg, data: decodeData(op, envelope.data, fail) };
  }

  const method =
    <Op extends LftOperationName>(op: Op): Method<Op> =>
    (data, opts) =>
      call(op, data, opts);
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
    if (typeof envelope[field] !== 'string') throw notificationError(`${field} 缺失或不是字符串`);
  }
  if (!lftVerify(envelope, creds.key))
    throw new SignatureError(`LFT 通知: 签名验证失败 (sign ${String(envelope.sign)})`, NOTIFICATION);
  const { appId, timestamp } = envelope as { appId: string; timestamp: string };
  if (appId !== creds.appId)
    throw notificationError(`appId ${JSON.stringify(appId)} 不是本系统的 ${JSON.stringify(creds.appId)}`);
  const data = parseData(envelope.data);
  if (!data.ok) throw notificationError(data.message);
  return { appId, timestamp, data: data.fields as T };
}

const NOTIFICATION = { channel: 'lft', operation: 'notification' };
const notificationError = (message: string) => new ProtocolError(`LFT 通知: ${message}`, NOTIFICATION);

function notificationEnvelope(body: string | object): Record<string, unknown> {
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    const parsed = parseEnvelope(body.toString(), '通知报文');
    if (!parsed.ok) throw notificationError(parsed.message);
    return parsed.envelope;
  }
  // A framework may already have parsed the JSON body.
  if (body === null || Array.isArray(body)) throw notificationError('通知报文必须是 JSON 对象');
  return body as Record<string, unknown>;
}

type Fail = (message: string) => ProtocolError;

function readResponseEnvelope(text: string, fail: Fail): LftResponseEnvelope {
  const parsed = parseEnvelope(text, '响应报文');
  if (!parsed.ok) throw fail(parsed.message);
  const missing = RESPONSE_FIELDS.filter((field) => typeof parsed.envelope[field] !== 'string');
  if (missing.length > 0) throw fail(`响应报文缺少字符串字段 ${missing.join(', ')}`);
  return parsed.envelope as unknown as LftResponseEnvelope;
}

function decodeData<Op extends LftOperationName>(op: Op, data: string, fail: Fail): LftResponseDataMap[Op] {
  const parsed = parseDataJson(data);
  if (!parsed.ok) throw fail(`响应 ${parsed.message}`);
  // querybankcnaps answers List<QueryBankCnapsRspVo>; every other operation one object.
  const wantArray = op === 'querybankcnaps';
  const isObject = typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value);
  if (wantArray ? !Array.isArray(parsed.value) : !isObject)
    throw fail(`响应 data 应为 JSON ${wantArray ? '数组' : '对象'}: ${snippet(data)}`);
  return parsed.value as LftResponseDataMap[Op];
}

function lenientJson(data: string): unknown {
  const parsed = parseDataJson(data);
  return parsed.ok ? parsed.value : data;
}
