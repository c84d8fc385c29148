/**
 * The LFT wire as the core sees it: read a request (envelope, appId, sign over the raw `data`
 * string, then `data` itself), write a signed PayCommonVo, and write errors as LFT does — the same
 * signed envelope with a non-0000 code and a msg that says what was wrong. Byte rules live in
 * wire/; this file only maps them onto the core's vocabulary.
 */
import type { ChannelWire, Decoded, WireReply, WireRequest } from '../core/channel.ts';
import { compileSchema } from '../core/field-schema.ts';
import { SimError } from '../core/errors.ts';
import { LFT_ERRORS, LFT_NOT_FOUND, LFT_REASONS } from './codes.ts';
import type { LftRuntime } from './runtime.ts';
import { LFT_SUCCESS_CODE, LFT_SUCCESS_MSG, encodeResponse, formatTimestamp, lftEnvelopeSchema, lftVerify, parseData, parseEnvelope, parseTimestamp } from './wire/index.ts';

const checkEnvelope = compileSchema(lftEnvelopeSchema);
const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };
/** a client clock this far off is worth a warning in the journal (LFT states no freshness rule) */
const SKEW_WARN_MS = 10 * 60_000;

export function problemError(p: { field: string; problem: string; message: string }): SimError {
  return new SimError(p.problem === 'missing' ? 'SIM_ERR_FIELD_MISSING' : 'SIM_ERR_FIELD_INVALID', p.message, { field: p.field });
}

function read(req: WireRequest, _op: unknown, rt: LftRuntime): Decoded {
  const parsed = parseEnvelope(req.body);
  if (!parsed.ok) throw new SimError('SIM_ERR_WIRE_MALFORMED', parsed.message);
  const env = parsed.envelope;
  const problem = checkEnvelope(env)[0];
  if (problem) throw problemError(problem);
  const appId = env.appId as string;
  const app = rt.apps.get(appId);
  if (!app) throw new SimError('SIM_ERR_WIRE_MERCHANT_UNKNOWN', `appId=${appId}`, { field: 'appId' });
  if (!lftVerify(env, app.key)) {
    throw new SimError('SIM_ERR_WIRE_SIGNATURE', 'sign 应为 md5(appId&data&timestamp&key) 的十六进制, data 须按发送的字符串原样参与签名', { field: 'sign' });
  }
  const data = parseData(env.data);
  if (!data.ok) throw new SimError('SIM_ERR_WIRE_MALFORMED', data.message, { field: 'data' });
  const warnings: string[] = [];
  const sent = parseTimestamp(env.timestamp as string);
  if (sent === undefined) throw new SimError('SIM_ERR_FIELD_INVALID', `timestamp (时间戳) 不是合法的 yyyyMMddHHmmssSSS 时间: ${String(env.timestamp)}`, { field: 'timestamp' });
  if (Math.abs(sent - rt.clock.now()) > SKEW_WARN_MS) warnings.push(`timestamp ${String(env.timestamp)} is more than 10 minutes from the simulator clock`);
  return { merchant: appId, fields: data.fields, warnings, context: { appId } };
}

function envelope(rt: LftRuntime, appId: string, code: string, msg: string, data: unknown): string {
  const key = rt.apps.get(appId)?.key ?? '';
  return encodeResponse({ code, msg, data: data as object | string, appId, timestamp: formatTimestamp(rt.clock.now()) }, key);
}

/** what appId a request claimed, even when it failed to read (for echoing and signing) */
function claimedAppId(request?: WireRequest): string {
  if (!request?.body) return '';
  const parsed = parseEnvelope(request.body);
  return parsed.ok && typeof parsed.envelope.appId === 'string' ? parsed.envelope.appId : '';
}

function errorCodeOf(err: SimError): { code: string; msg: string } {
  if (err.upstream) return err.upstream;
  if (err.code === 'SIM_ERR_ORDER_NOT_FOUND' && err.kind && LFT_NOT_FOUND[err.kind]) return LFT_NOT_FOUND[err.kind]!;
  if (err.code === 'SIM_ERR_SCENARIO_REJECTED' && err.reason) return LFT_REASONS[err.reason];
  return LFT_ERRORS[err.code];
}

function writeError(err: SimError, at: { decoded?: Decoded; request?: WireRequest }, rt: LftRuntime): WireReply {
  const { code, msg } = errorCodeOf(err);
  // internal errors keep their detail in the journal, not on the wire
  const detail = err.code === 'SIM_ERR_INTERNAL' || err.upstream ? '' : err.message;
  const appId = at.decoded?.merchant ?? claimedAppId(at.request);
  return {
    status: err.code === 'SIM_ERR_WIRE_NOT_FOUND' ? 404 : 200,
    headers: JSON_HEADERS,
    body: envelope(rt, appId, code, detail ? `${msg}: ${detail}` : msg, ''),
  };
}

export const lftWire: ChannelWire<LftRuntime> = {
  read,
  write: (result, decoded, rt) => ({ status: 200, headers: JSON_HEADERS, body: envelope(rt, decoded.merchant, LFT_SUCCESS_CODE, LFT_SUCCESS_MSG, result) }),
  writeError,
};
