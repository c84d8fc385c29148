/**
 * The withhold wire as the core sees it: read a request (UTF-8 JSON, the public parameters, the
 * merchant by `ua`, the MD5 sign over the strings as received, then `args` decrypted with the
 * merchant's AES settings), recognise a retry of a requestId, write `{status:"1", message,
 * response}`, and write every refusal as the same envelope with status "-1" and the gateway's
 * message for it (the field at fault goes to the journal and x-sim-detail, not into message).
 * Byte rules live in wire/; this file maps them onto the core's vocabulary.
 */
import type { ChannelWire, Decoded, Fields, WireReply, WireRequest } from '../core/channel.ts';
import { compileSchema } from '../core/codec/field-schema.ts';
import { md5Hex } from '../core/crypto/md5.ts';
import { SimError, fieldProblemError } from '../core/errors.ts';
import { createCodeResolver } from '../core/upstream-codes.ts';
import { jsonField } from '../core/codec/json-field.ts';
import { WITHHOLD_ERRORS, WITHHOLD_NOT_FOUND, WITHHOLD_OK_MESSAGE, WITHHOLD_REASONS } from './codes.ts';
import type { WithholdRuntime } from './runtime.ts';
import {
  checkWithholdSign,
  decryptArgs,
  encodeAnswer,
  formatPayTime,
  parseJsonObject,
  withholdEnvelopeSchema,
  withholdMethods,
  withholdSignString,
} from './wire/index.ts';

const checkEnvelope = compileSchema(withholdEnvelopeSchema);
const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };
/** a client clock this far off is worth a journal warning (the seed states no freshness rule) */
const SKEW_WARN_MS = 10 * 60_000;
/** the field the wire adds to an identical retry's fields, so the retry operation is routed */
export const RETRY_FIELD = 'sim:identical-retry';

const messageOf = createCodeResolver<string>({
  errors: WITHHOLD_ERRORS,
  reasons: Object.fromEntries(Object.entries(WITHHOLD_REASONS).map(([r, v]) => [r, v.message])) as Record<
    keyof typeof WITHHOLD_REASONS,
    string
  >,
  notFound: WITHHOLD_NOT_FOUND,
});

/** what read() hands write(): the requestId and what it was sent with, and a first answer to repeat */
export interface WithholdContext {
  requestId: string;
  digest: string;
  replay?: Buffer;
}

/** the public parameters, checked, and the merchant whose key verifies the sign */
function readEnvelope(req: WireRequest, rt: WithholdRuntime, warnings: string[]) {
  const parsed = parseJsonObject(req.body.toString('utf8'), '请求报文');
  if (!parsed.ok) throw new SimError('SIM_ERR_WIRE_MALFORMED', parsed.message);
  const env = parsed.value;
  if (typeof env.timestamp === 'number') {
    warnings.push('timestamp sent as a JSON number; the seed types it string');
    env.timestamp = String(env.timestamp);
  }
  const problem = checkEnvelope(env)[0];
  if (problem) throw fieldProblemError(problem);
  const merchant = rt.merchants.get(env.ua as string);
  if (!merchant) throw new SimError('SIM_ERR_WIRE_MERCHANT_UNKNOWN', `ua=${String(env.ua)}`, { field: 'ua' });
  const sign = checkWithholdSign(env, merchant.aesKey);
  if (sign === 'bad')
    throw new SimError(
      'SIM_ERR_WIRE_SIGNATURE',
      'sign 应为 md5(ua + 密钥 + method + args) 的小写十六进制, args 为发送的密文原文',
      {
        field: 'sign',
      },
    );
  if (sign === 'upper-case') warnings.push('sign is upper-case hex; the gateway documents lower case');
  if (typeof env.timestamp === 'string' && Math.abs(Number(env.timestamp) * 1000 - rt.clock.now()) > SKEW_WARN_MS)
    warnings.push(`timestamp ${env.timestamp} is more than 10 minutes from the simulator clock`);
  return { env: env as Record<string, string>, merchant };
}

function read(req: WireRequest, rt: WithholdRuntime): Decoded {
  const warnings: string[] = [];
  const { env, merchant } = readEnvelope(req, rt, warnings);
  const args = decryptArgs(env.args!, merchant.aesKey, merchant.aes);
  if (!args.ok) throw new SimError('SIM_ERR_WIRE_MALFORMED', args.message, { field: 'args' });
  const { ua, method, requestId } = env as { ua: string; method: string; requestId: string };
  // the content a requestId stands for: the method and the args as decrypted (a retry may re-stamp the timestamp)
  const digest = md5Hex(`${method}\n${args.text}`);
  const fields: Fields = { ...args.fields, method, requestId };
  const context: WithholdContext = { requestId, digest };
  const seen = rt.requests.recall(ua, requestId, digest, rt.clock.now());
  if (seen.kind === 'conflict')
    throw new SimError(
      'SIM_ERR_ORDER_DUPLICATE',
      `requestId (请求唯一流水号) ${requestId} 已于 ${formatPayTime(seen.first.at)} 用于另一请求`,
      { field: 'requestId' },
    );
  if (seen.kind === 'identical') {
    fields[RETRY_FIELD] = formatPayTime(seen.first.at);
    context.replay = seen.first.body;
  }
  return { merchant: ua, fields, warnings, context };
}

function write(result: unknown, decoded: Decoded, rt: WithholdRuntime): WireReply {
  const ctx = decoded.context as WithholdContext;
  if (ctx.replay) return { status: 200, headers: JSON_HEADERS, body: ctx.replay };
  const body = Buffer.from(
    encodeAnswer({ status: '1', message: WITHHOLD_OK_MESSAGE, response: (result ?? {}) as Record<string, unknown> }),
  );
  rt.requests.remember(decoded.merchant, ctx.requestId, { digest: ctx.digest, at: rt.clock.now(), body });
  return { status: 200, headers: JSON_HEADERS, body };
}

/** "no operation" said as the gateway's field at fault: the method that does not exist */
function explain(err: SimError, at: { decoded?: Decoded }): SimError {
  if (err.code !== 'SIM_ERR_WIRE_NO_OPERATION' || !at.decoded) return err;
  const method = at.decoded.fields.method;
  return new SimError(
    err.code,
    `method (请求接口名) ${JSON.stringify(method)} 不存在, 应为 ${withholdMethods.join('|')}`,
    { field: 'method' },
  );
}

function writeError(err: SimError): WireReply {
  // message is the gateway's text for the error, nothing more: the field at fault and why are in
  // the journal and x-sim-detail
  const { code: message, status } = messageOf(err);
  return { status, headers: JSON_HEADERS, body: Buffer.from(encodeAnswer({ status: '-1', message, response: {} })) };
}

export const withholdWire: ChannelWire<WithholdRuntime> = {
  read,
  write,
  writeError,
  explain,
  signingString(req) {
    const parsed = parseJsonObject(req.body.toString('utf8'), '请求报文');
    if (!parsed.ok) return undefined;
    const { ua, method, args } = parsed.value;
    if (typeof ua !== 'string' || typeof method !== 'string' || typeof args !== 'string') return undefined;
    return withholdSignString({ ua, method, args }, '<key>');
  },
  resultCode: (reply) => jsonField(reply.body, 'status'),
};
