/**
 * What every reference client shares: one POST over fetch with a timeout and the simulator's
 * `x-sim-scenario` header, the one error hierarchy a client throws when an answer is unusable, and
 * the one result shape it returns when the upstream did answer. The rule between the two: an
 * exception means "this answer cannot be trusted or there was none" (TransportError, ProtocolError,
 * SignatureError and its CertificateError); a verified answer that says no (LFT code ≠ 0000,
 * UnionPay respCode ≠ 00) is a ChannelResult with ok: false, because the merchant must act on it.
 * It knows no channel's protocol and imports node builtins only.
 */

/** The bytes an upstream sent back, kept on errors so the engineer can see what arrived. */
export interface RawResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
  /** the body decoded as UTF-8 */
  text: string;
}

export interface ErrorContext {
  /** e.g. 'lft', 'unionpay' */
  channel: string;
  /** the operation asked for (e.g. 'inquery', 'queryContractStatus'), or 'notification' */
  operation: string;
  /** the answer, when there was one */
  response?: RawResponse;
  cause?: unknown;
}

/** Base of every exception a reference client throws about an answer. */
export class ChannelClientError extends Error {
  override name = 'ChannelClientError';
  readonly channel: string;
  readonly operation: string;
  readonly response?: RawResponse;
  constructor(message: string, ctx: ErrorContext) {
    super(message, ctx.cause === undefined ? undefined : { cause: ctx.cause });
    this.channel = ctx.channel;
    this.operation = ctx.operation;
    if (ctx.response !== undefined) this.response = ctx.response;
  }
}

/** No answer at all (timeout, connection reset or refused): the outcome is unknown, query again. */
export class TransportError extends ChannelClientError {
  override name = 'TransportError';
}

/** An answer that is not the upstream's protocol: bad HTTP status or content type, unparseable
 *  body, missing fields, an echo of someone else's request. */
export class ProtocolError extends ChannelClientError {
  override name = 'ProtocolError';
}

/** An answer (or notification) whose signature does not verify: it may be forged, never act on it. */
export class SignatureError extends ChannelClientError {
  override name = 'SignatureError';
}

/**
 * The certificate an answer is to be verified with is missing, unreadable, not chained to the
 * configured root, misnamed or out of date (UnionPay's signPubKeyCert). A SignatureError, not a
 * ProtocolError: what it means to the caller is the same as a bad signature — the answer cannot be
 * authenticated and may be forged — and UnionPay's SDKs report both as one failed validate().
 */
export class CertificateError extends SignatureError {
  override name = 'CertificateError';
}

/**
 * A verified business answer. `code`/`msg` are the upstream's own (LFT code/msg, UnionPay
 * respCode/respMsg); ok is true only for the upstream's success code. A failure keeps whatever
 * data came with it (`F`).
 */
export type ChannelResult<T, F = unknown> = (
  { ok: true; code: string; msg: string; data: T } | { ok: false; code: string; msg: string; data: F }
) & {
  /** the simulator's own account of a refusal (its `x-sim-detail` header, decoded): which field,
   *  which scenario. The upstream's msg never carries it; the real upstream sends no such header. */
  simDetail?: string;
};

/** `simDetail` of an answer, when the simulator explained it */
export function simDetailOf(res: RawResponse): { simDetail?: string } {
  const h = res.headers.get('x-sim-detail');
  if (h === null) return {};
  try {
    return { simDetail: decodeURIComponent(h) };
  } catch {
    return { simDetail: h };
  }
}

export interface CallOptions {
  /** Sent as the `x-sim-scenario` header: picks a simulator scenario for this call. */
  scenario?: string;
  headers?: Record<string, string>;
}

export interface PostRequest extends CallOptions {
  channel: string;
  operation: string;
  url: string;
  contentType: string;
  /** bytes for an upstream whose charset is not UTF-8 (DSP's GBK) */
  body: string | Uint8Array<ArrayBuffer>;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * POSTs once and reads the whole body; any failure before the body is complete (timeout, reset,
 * refused, DNS) is a TransportError whose cause is fetch's error. Every HTTP status is returned:
 * whether it is acceptable is the channel's call.
 */
export async function post(r: PostRequest): Promise<RawResponse> {
  const headers: Record<string, string> = { 'content-type': r.contentType, ...r.headers };
  if (r.scenario !== undefined) headers['x-sim-scenario'] = r.scenario;
  try {
    const res = await (r.fetch ?? fetch)(r.url, {
      method: 'POST',
      headers,
      body: r.body,
      signal: AbortSignal.timeout(r.timeoutMs),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
  } catch (e) {
    throw new TransportError(`${r.channel} ${r.operation}: 没有收到应答 (${describeCause(e)}); 结果未知, 请稍后再查`, {
      channel: r.channel,
      operation: r.operation,
      cause: e,
    });
  }
}

/** fetch's "fetch failed" hides the reason in its cause (ECONNREFUSED, ECONNRESET…) */
function describeCause(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const inner = err.cause?.code ?? err.cause?.message;
  return inner ? `${err.message ?? err.name}: ${inner}` : (err.message ?? String(e));
}

/** the first 200 characters of a body, for error messages */
export function snippet(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
