/**
 * The LFT wire as the core sees it: read a request (UTF-8 JSON envelope, appId, sign over the raw
 * `data` string, then `data` itself), write a signed PayCommonVo, and write errors as LFT does —
 * the same signed envelope with a non-0000 code and LFT's msg for it (the simulator's account of
 * what was wrong goes to the journal and the x-sim-detail header, never into msg). Byte rules
 * live in wire/; this file only maps them onto the core's vocabulary.
 */
import type { ChannelWire, Decoded, WireReply, WireRequest } from '../core/channel.ts';
import { compileSchema } from '../core/codec/field-schema.ts';
import { SimError, fieldProblemError } from '../core/errors.ts';
import { createCodeResolver } from '../core/upstream-codes.ts';
import { jsonField } from '../core/codec/json-field.ts';
import { LFT_ERRORS, LFT_NOT_FOUND, LFT_REASONS } from './codes.ts';
import type { LftRuntime } from './runtime.ts';
import {
  LFT_SUCCESS_CODE,
  LFT_SUCCESS_MSG,
  encodeResponse,
  formatTimestamp,
  lftEnvelopeSchema,
  lftSignString,
  lftVerify,
  parseData,
  parseEnvelope,
  parseTimestamp,
} from './wire/index.ts';

const checkEnvelope = compileSchema(lftEnvelopeSchema);
const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };
/** a client clock this far off is worth a warning in the journal (LFT states no freshness rule) */
const SKEW_WARN_MS = 10 * 60_000;
const lftCodeOf = createCodeResolver<{ code: string; msg: string }>({
  errors: LFT_ERRORS,
  reasons: LFT_REASONS,
  notFound: LFT_NOT_FOUND,
});

function read(req: WireRequest, rt: LftRuntime): Decoded {
  const parsed = parseEnvelope(req.body.toString('utf8'));
  if (!parsed.ok) throw new SimError('SIM_ERR_WIRE_MALFORMED', parsed.message);
  const env = parsed.envelope;
  const problem = checkEnvelope(env)[0];
  if (problem) throw fieldProblemError(problem);
  const appId = env.appId as string;
  const app = rt.apps.get(appId);
  if (!app) throw new SimError('SIM_ERR_WIRE_MERCHANT_UNKNOWN', `appId=${appId}`, { field: 'appId' });
  if (!lftVerify(env, app.key)) {
    throw new SimError(
      'SIM_ERR_WIRE_SIGNATURE',
      'sign 应为 md5(appId&data&timestamp&key) 的十六进制, data 须按发送的字符串原样参与签名',
      { field: 'sign' },
    );
  }
  const data = parseData(env.data);
  if (!data.ok) throw new SimError('SIM_ERR_WIRE_MALFORMED', data.message, { field: 'data' });
  const warnings: string[] = [];
  const sent = parseTimestamp(env.timestamp as string);
  if (sent === undefined)
    throw new SimError(
      'SIM_ERR_FIELD_INVALID',
      `timestamp (时间戳) 不是合法的 yyyyMMddHHmmssSSS 时间: ${String(env.timestamp)}`,
      { field: 'timestamp' },
    );
  if (Math.abs(sent - rt.clock.now()) > SKEW_WARN_MS)
    warnings.push(`timestamp ${String(env.timestamp)} is more than 10 minutes from the simulator clock`);
  return { merchant: appId, fields: data.fields, warnings, context: { appId } };
}

function envelope(rt: LftRuntime, appId: string, code: string, msg: string, data: unknown): Buffer {
  const key = rt.apps.get(appId)?.key ?? '';
  return Buffer.from(
    encodeResponse(
      { code, msg, data: data as object | string, appId, timestamp: formatTimestamp(rt.clock.now()) },
      key,
    ),
  );
}

/** what appId a request claimed, even when it failed to read (for echoing and signing) */
function claimedAppId(request?: WireRequest): string {
  if (!request?.body.length) return '';
  const parsed = parseEnvelope(request.body.toString('utf8'));
  return parsed.ok && typeof parsed.envelope.appId === 'string' ? parsed.envelope.appId : '';
}

function writeError(err: SimError, at: { decoded?: Decoded; request?: WireRequest }, rt: LftRuntime): WireReply {
  const {
    code: { code, msg },
    status,
  } = lftCodeOf(err);
  // msg is LFT's text for the code, nothing more: what was wrong is in the journal and x-sim-detail
  const appId = at.decoded?.merchant ?? claimedAppId(at.request);
  return { status, headers: JSON_HEADERS, body: envelope(rt, appId, code, msg, '') };
}

export const lftWire: ChannelWire<LftRuntime> = {
  read,
  write: (result, decoded, rt) => ({
    status: 200,
    headers: JSON_HEADERS,
    body: envelope(rt, decoded.merchant, LFT_SUCCESS_CODE, LFT_SUCCESS_MSG, result),
  }),
  writeError,
  signingString(req) {
    const parsed = parseEnvelope(req.body.toString('utf8'));
    if (!parsed.ok) return undefined;
    const { appId, data, timestamp } = parsed.envelope;
    if (typeof appId !== 'string' || typeof data !== 'string' || typeof timestamp !== 'string') return undefined;
    return lftSignString({ appId, data, timestamp }, '<key>');
  },
  resultCode: (reply) => jsonField(reply.body, 'code'),
};
