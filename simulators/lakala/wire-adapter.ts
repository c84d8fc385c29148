/**
 * The Lakala v3 wire as the core sees it. read: the `Authorization` header parsed (by key, any
 * order), the appid and the merchant certificate (by hex serial, compared as numbers) found, the
 * signature verified over `appid\nserial_no\ntimestamp\nnonce_str\nbody\n` with the body's exact
 * bytes, the timestamp's age noted (refused only in strict mode), then the JSON envelope read and
 * checked; the fields are req_data's. write: `{ret_code, ret_msg, resp_time, resp_data}` in the
 * seed's key order, HTTP 200, signed over the exact body bytes with the platform key in the
 * `Lklapi-*` headers. writeError: the same envelope and headers with the code that says what was
 * wrong (HTTP 200 except where the gateway itself refuses: an unknown path is 404). Never throws.
 */
import { randomBytes } from 'node:crypto';
import type { ChannelWire, Decoded, WireReply, WireRequest } from '../core/channel.ts';
import { SimError, fieldProblemError } from '../core/errors.ts';
import { createCodeResolver } from '../core/upstream-codes.ts';
import { jsonField } from '../core/codec/json-field.ts';
import { LAKALA_ERRORS, LAKALA_ERRORS_BY_FIELD, LAKALA_REASONS, type LakalaCode } from './codes.ts';
import type { LakalaRuntime, MerchantCert } from './runtime.ts';
import {
  LAKALA_CONTENT_TYPE,
  LAKALA_SUCCESS_CODE,
  LAKALA_SUCCESS_MSG,
  authorizationParts,
  checkEnvelopeFields,
  encodeResponse,
  enterpriseNumTooLong,
  formatLakalaTime,
  lakalaSign,
  lakalaSignMessage,
  lakalaVerify,
  normaliseSerial,
  parseAuthorization,
  parseEnvelope,
  reqDataProblem,
  responseHeaders,
  unixSeconds,
  type LakalaAuthorization,
} from './wire/index.ts';

/** a client clock this far from ours: a journal warning, refused in strict mode */
export const STALE_MS = 5 * 60_000;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const codeOf = createCodeResolver<LakalaCode>({ errors: LAKALA_ERRORS, reasons: LAKALA_REASONS });

export interface LakalaContext {
  appid: string;
  serialNo: string;
  /** the envelope's own fields (req_data is `fields`) */
  envelope: { version: unknown; req_time: unknown; req_id?: unknown };
}

const refuse = (code: 'SIM_ERR_WIRE_SIGNATURE' | 'SIM_ERR_WIRE_MERCHANT_UNKNOWN', field: string, message: string) =>
  new SimError(code, message, { field });

function findCert(auth: LakalaAuthorization, rt: LakalaRuntime): MerchantCert {
  const cert = rt.certs.get(normaliseSerial(auth.serial_no) ?? '');
  if (!cert) {
    const known = [...rt.certs.values()].map((c) => c.serialNo).join(', ');
    throw refuse(
      'SIM_ERR_WIRE_MERCHANT_UNKNOWN',
      'serial_no',
      `serial_no=${auth.serial_no} 不是已登记的商户证书序列号 (已登记: ${known}; 新证书用 POST /__admin/lakala/merchant-certs 登记)`,
    );
  }
  if (cert.appid !== undefined && cert.appid !== auth.appid)
    throw refuse(
      'SIM_ERR_WIRE_MERCHANT_UNKNOWN',
      'serial_no',
      `serial_no=${auth.serial_no} 登记给 appid=${cert.appid}, 不是 ${auth.appid}`,
    );
  return cert;
}

function verifyRequest(req: WireRequest, rt: LakalaRuntime, warnings: string[]): LakalaAuthorization {
  const parsed = parseAuthorization(req.headers.authorization);
  if (!parsed.ok) throw refuse('SIM_ERR_WIRE_SIGNATURE', 'Authorization', parsed.message);
  const auth = parsed.auth;
  if (!rt.apps.has(auth.appid))
    throw refuse(
      'SIM_ERR_WIRE_MERCHANT_UNKNOWN',
      'appid',
      `appid=${auth.appid} 不存在 (已配置: ${[...rt.apps.keys()].join(', ')})`,
    );
  const cert = findCert(auth, rt);
  if (!lakalaVerify(authorizationParts(auth), req.body, auth.signature, cert.publicKey)) {
    throw refuse(
      'SIM_ERR_WIRE_SIGNATURE',
      'signature',
      `signature 验证失败: 应为商户私钥 (证书 serial_no=${cert.serialNo}) 对 "appid\\nserial_no\\ntimestamp\\nnonce_str\\nbody\\n" 的 SHA256withRSA 签名 (Base64), body 为发送的原始字节 (${req.body.length} 字节)`,
    );
  }
  const skew = Number(auth.timestamp) * 1000 - rt.clock.now();
  if (Math.abs(skew) > STALE_MS) {
    const what = `timestamp=${auth.timestamp} 与服务器时间相差 ${Math.round(Math.abs(skew) / 1000)} 秒, 超过 300 秒`;
    if (rt.strict) throw new SimError('SIM_ERR_FIELD_INVALID', what, { field: 'timestamp' });
    warnings.push(what);
  }
  return auth;
}

function read(req: WireRequest, rt: LakalaRuntime): Decoded {
  const warnings: string[] = [];
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json/i.test(type))
    warnings.push(`Content-Type "${type}": Lakala expects application/json;charset=UTF-8`);
  const auth = verifyRequest(req, rt, warnings);
  const parsed = parseEnvelope(req.body.toString('utf8'));
  if (!parsed.ok) throw new SimError('SIM_ERR_WIRE_MALFORMED', parsed.message);
  const env = parsed.envelope;
  const problem = checkEnvelopeFields(env)[0] ?? reqDataProblem(env.req_data);
  if (problem) throw fieldProblemError(problem);
  const fields = env.req_data as Record<string, unknown>;
  const long = enterpriseNumTooLong(fields.enterprise_num);
  if (long && !rt.strict) warnings.push(`${long}; 按拉卡拉的示例接受`);
  const context: LakalaContext = {
    appid: auth.appid,
    serialNo: auth.serial_no,
    envelope: { version: env.version, req_time: env.req_time, req_id: env.req_id },
  };
  return { merchant: auth.appid, fields, warnings, context };
}

/** a 12-character alphanumeric nonce and a 16-hex-digit trace id, from one call for random bytes */
function nonceAndTrace(): { nonce: string; traceid: string } {
  const bytes = randomBytes(20);
  let nonce = '';
  for (let i = 0; i < 12; i++) nonce += ALNUM[bytes[i]! % ALNUM.length];
  return { nonce, traceid: bytes.subarray(12).toString('hex') };
}

/** the body and its Lklapi-* headers, signed with the platform key */
function reply(status: number, appid: string, body: string, rt: LakalaRuntime): WireReply {
  const bytes = Buffer.from(body, 'utf8');
  const { nonce, traceid } = nonceAndTrace();
  const parts = { appid, serial: rt.pki.platform.serialNo, timestamp: unixSeconds(rt.clock.now()), nonce };
  const signature = lakalaSign(parts, bytes, rt.pki.platform.privateKey);
  return {
    status,
    headers: {
      'content-type': LAKALA_CONTENT_TYPE,
      ...responseHeaders({ ...parts, signature, traceid }),
    },
    body: bytes,
  };
}

function write(result: unknown, decoded: Decoded, rt: LakalaRuntime): WireReply {
  const body = encodeResponse({
    ret_code: LAKALA_SUCCESS_CODE,
    ret_msg: LAKALA_SUCCESS_MSG,
    resp_time: formatLakalaTime(rt.clock.now()),
    resp_data: result as object,
  });
  return reply(200, decoded.merchant, body, rt);
}

/** the appid a request that failed to read claimed, when it is one we can echo */
function claimedAppid(req: WireRequest | undefined, rt: LakalaRuntime): string {
  const parsed = req ? parseAuthorization(req.headers.authorization) : undefined;
  if (parsed?.ok) return parsed.auth.appid;
  const m = /appid\s*=\s*"([0-9A-Za-z_-]{1,32})"/.exec(String(req?.headers.authorization ?? ''));
  return m?.[1] ?? rt.primaryAppid;
}

export function lakalaCodeOf(err: SimError): { code: LakalaCode; status: number } {
  const { code, status } = codeOf(err);
  const byField = err.field === undefined ? undefined : LAKALA_ERRORS_BY_FIELD[err.code]?.[err.field];
  return { code: byField ?? code, status };
}

function writeError(err: SimError, at: { decoded?: Decoded; request?: WireRequest }, rt: LakalaRuntime): WireReply {
  const { code, status } = lakalaCodeOf(err);
  // ret_msg is the code's text, nothing more: what was wrong is in the journal and x-sim-detail
  const appid = at.decoded?.merchant ?? claimedAppid(at.request, rt);
  const body = encodeResponse({
    ret_code: code.ret_code,
    ret_msg: code.ret_msg,
    resp_time: formatLakalaTime(rt.clock.now()),
  });
  return reply(status, appid, body, rt);
}

export const lakalaWire: ChannelWire<LakalaRuntime> = {
  read,
  write,
  writeError,
  // the v3 message verifyRequest checks, from the Authorization header and the body's bytes (no
  // secret in it: the merchant's private key signs it, the simulator holds only the certificate)
  signingString(req) {
    const parsed = parseAuthorization(req.headers.authorization);
    return parsed.ok ? lakalaSignMessage(authorizationParts(parsed.auth), req.body).toString('utf8') : undefined;
  },
  resultCode: (reply) => jsonField(reply.body, 'ret_code'),
};
