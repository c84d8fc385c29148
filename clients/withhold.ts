/**
 * Reference client for the withhold (代扣) gateway (seed 003): one method per `method`, each
 * encrypting its args with the merchant's AES settings and signing md5(ua + key + method + args),
 * all POSTed to the one URL; plus a reader that verifies the result callback. It imports only the
 * shared wire (simulators/withhold/wire) and node builtins, and validates nothing it sends: bad
 * requests must reach the simulator so its refusals can be tested. An answer with status "-1"
 * is a result with ok: false; exceptions are for answers that are not the gateway's (http.ts).
 * The gateway signs no answer, so there is nothing to verify in one.
 */
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_AES,
  encodeRequest,
  parseAnswer,
  parseJsonObject,
  unixSeconds,
  verifyCallbackSign,
  type AesSettings,
  type WithholdArgsMap,
  type WithholdCallback,
  type WithholdMethod,
  type WithholdResponseMap,
} from '../simulators/withhold/wire/index.ts';
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
export type {
  AesSettings,
  WithholdArgsMap,
  WithholdCallback,
  WithholdOrderResponse,
} from '../simulators/withhold/wire/index.ts';

/** the answer the simulator's default merchants acknowledge a callback with (any case) */
export const WITHHOLD_CALLBACK_ACK = 'success';

export interface WithholdClientOptions {
  /** the gateway's URL (any path on its port) */
  baseUrl: string;
  ua: string;
  aesKey: string;
  /** default: AES-128/256-ECB, PKCS#5, Base64 (Java's "AES") */
  aes?: AesSettings;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** a fresh requestId per call (default: a UUID without dashes) */
  requestId?: () => string;
}

export interface WithholdCallOptions extends CallOptions {
  /** send this requestId (a retry of an earlier call) instead of a fresh one */
  requestId?: string;
  /** leave the optional timestamp out */
  noTimestamp?: boolean;
}

/** ok: the `response` object; not ok: status "-1" with the gateway's message (code is the status) */
export type WithholdResult<M extends WithholdMethod> = ChannelResult<
  WithholdResponseMap[M],
  Record<string, unknown>
> & {
  requestId: string;
};
type Method<M extends WithholdMethod> = (
  args: WithholdArgsMap[M],
  opts?: WithholdCallOptions,
) => Promise<WithholdResult<M>>;

export interface WithholdClient {
  preTiedCard: Method<'pre-tied-card'>;
  confirmTiedCard: Method<'confirm-tied-card'>;
  singleWithhold: Method<'single-withhold'>;
  singleOrderQuery: Method<'single-order-query'>;
  /** any method name with any args (an unknown method, a field the tables do not list) */
  call(method: string, args: object, opts?: WithholdCallOptions): Promise<WithholdResult<WithholdMethod>>;
}

export function createWithholdClient(o: WithholdClientOptions): WithholdClient {
  const now = o.now ?? Date.now;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const nextId = o.requestId ?? (() => randomUUID().replace(/-/g, ''));

  async function call(method: string, args: object, opts: WithholdCallOptions = {}) {
    const requestId = opts.requestId ?? nextId();
    const body = encodeRequest(
      { ua: o.ua, method, requestId, fields: args, ...(opts.noTimestamp ? {} : { timestamp: unixSeconds(now()) }) },
      o.aesKey,
      o.aes ?? DEFAULT_AES,
    );
    const response = await post({
      channel: 'withhold',
      operation: method,
      url: o.baseUrl,
      contentType: 'application/json;charset=UTF-8',
      body,
      timeoutMs,
      fetch: o.fetch,
      scenario: opts.scenario,
      headers: opts.headers,
    });
    const fail = (message: string) =>
      new ProtocolError(`withhold ${method}: ${message}`, { channel: 'withhold', operation: method, response });
    if (response.status !== 200) throw fail(`HTTP ${response.status}: ${snippet(response.text)}`);
    const parsed = parseAnswer(response.text);
    if (!parsed.ok) throw fail(`${parsed.message}: ${snippet(response.text)}`);
    const { status, message, response: data } = parsed.answer;
    return status === '1'
      ? { ok: true as const, code: status, msg: message, data: data as never, requestId }
      : { ok: false as const, code: status, msg: message, data, requestId, ...simDetailOf(response) };
  }

  const method =
    <M extends WithholdMethod>(m: M): Method<M> =>
    (args, opts) =>
      call(m, args, opts) as Promise<WithholdResult<M>>;
  return {
    preTiedCard: method('pre-tied-card'),
    confirmTiedCard: method('confirm-tied-card'),
    singleWithhold: method('single-withhold'),
    singleOrderQuery: method('single-order-query'),
    call,
  };
}

const CALLBACK = { channel: 'withhold', operation: 'callback' };
const FIELDS = ['biz_order_no', 'pay_order_no', 'order_type', 'pay_type', 'pay_status', 'pay_time', 'channel_response'];

/**
 * Verifies and reads a result callback (a JSON body, or one a framework already parsed); the
 * caller answers WITHHOLD_CALLBACK_ACK to stop the retries. The sign carries no secret (the seed's
 * rule), so a verified callback proves only that it was not garbled: query the order before
 * acting on money.
 */
export function readWithholdCallback(body: string | Buffer | object): WithholdCallback {
  let fields: Record<string, unknown>;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    const parsed = parseJsonObject(body.toString(), '回调报文');
    if (!parsed.ok) throw new ProtocolError(`withhold 回调: ${parsed.message}`, CALLBACK);
    fields = parsed.value;
  } else if (body === null || Array.isArray(body)) {
    throw new ProtocolError('withhold 回调: 回调报文必须是 JSON 对象', CALLBACK);
  } else fields = body as Record<string, unknown>;
  for (const f of [...FIELDS, 'sign'])
    if (typeof fields[f] !== 'string') throw new ProtocolError(`withhold 回调: ${f} 缺失或不是字符串`, CALLBACK);
  if (fields.order_type !== 'single_withhold')
    throw new ProtocolError(
      `withhold 回调: order_type ${JSON.stringify(fields.order_type)} 不是 single_withhold`,
      CALLBACK,
    );
  if (!verifyCallbackSign(fields))
    throw new SignatureError(`withhold 回调: 签名验证失败 (sign ${String(fields.sign)})`, CALLBACK);
  return fields as unknown as WithholdCallback;
}
