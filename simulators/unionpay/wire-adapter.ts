/**
 * The UnionPay wire as the core sees it. read: the form body → fields, the signature method, and
 * the signature verified with the merchant certificate named by certId (01 RSA, 21 SM2 with the
 * certId as user ID) or the merchant's secure key (11/12). write: the rendered fields echoed,
 * signed with UnionPay's key of the request's family (01: RSA + signPubKeyCert; 21: SM2 + the SM2
 * signPubKeyCert, user ID = that certificate's certId; 11/12: the keyed hash) and sent as the raw
 * `k=v&…` string with `text/html;charset=UTF-8` (as UnionPay's gateway), UTF-8 bytes. writeError:
 * the same, with the respCode for what was wrong and its respMsg as UnionPay writes it
 * (`报文交易要素缺失[1300000]`); which field, which scenario: the journal and x-sim-detail. Never a
 * 500, never a form content type, never an empty value. Byte rules live in wire/; this file maps
 * them onto the core's vocabulary.
 */
import type { ChannelWire, Decoded, Fields, WireReply, WireRequest } from '../core/channel.ts';
import { SimError, fieldProblemError } from '../core/errors.ts';
import { createCodeResolver } from '../core/upstream-codes.ts';
import { rsaSignSha256 } from '../core/crypto/rsa.ts';
import { sha256Hex } from '../core/crypto/sha256.ts';
import { sm3Hex } from '../core/crypto/sm3.ts';
import { canonicalString } from '../core/crypto/canonical.ts';
import { UNIONPAY_ERRORS, UNIONPAY_REASONS } from './codes.ts';
import type { UnionPayRuntime } from './runtime.ts';
import {
  UNIONPAY_ENVELOPE_RULES,
  UNIONPAY_RESPONSE_CONTENT_TYPE,
  UNIONPAY_RESP_CODES,
  UNIONPAY_VERSION,
  checkEnvelope,
  checkFieldValue,
  encodeUnionPayResponse,
  isUnionPaySignMethod,
  parseFormBody,
  parseUnionPayResponse,
  signUnionPay,
  unionPayDigestHex,
  unionPayRespMsg,
  unionPaySecureKeyString,
  verifyUnionPay,
  type UnionPayRespCode,
  type UnionPaySignMethod,
} from './wire/index.ts';

const HEADERS = { 'content-type': UNIONPAY_RESPONSE_CONTENT_TYPE };
const respCodeOf = createCodeResolver<UnionPayRespCode>({ errors: UNIONPAY_ERRORS, reasons: UNIONPAY_REASONS });
/** what every answer echoes from the request (spec 002 同步应答: R-需要返回) */
const ECHOED = ['merId', 'orderId', 'txnTime', 'txnType', 'txnSubType', 'bizType', 'accessType', 'acqInsCode'] as const;
/** echoed values must survive the raw k=v string; valid ones are all letters and digits */
const ECHO_SAFE = /^[0-9A-Za-z]{1,64}$/;
/** the one encoding 5.1.0 takes, in any case (wire/fields.ts) */
const UTF8 = /^utf-8$/i;

export interface UnionPayContext {
  signMethod: UnionPaySignMethod;
  certId?: string;
}

const missing = (field: string, label: string, why = '') =>
  new SimError('SIM_ERR_FIELD_MISSING', `${field} (${label}) 未上送${why}`, { field });
const present = (f: Record<string, string>, k: string) => (f[k] !== undefined && f[k] !== '' ? f[k] : undefined);

function signatureFailure(detail: string): SimError {
  return new SimError('SIM_ERR_WIRE_SIGNATURE', detail, { field: 'signature' });
}

/** what to check when a signature does not verify, with the digest we computed to compare */
function verifyHint(fields: Record<string, string>, signMethod: UnionPaySignMethod, who: string): string {
  const spaced = fields.signature!.includes(' ') ? '; signature 中有空格: 发送方没有把 Base64 的 + 编码为 %2B' : '';
  if (signMethod === '11' || signMethod === '12') {
    const hash = signMethod === '11' ? 'SHA-256' : 'SM3';
    const s = canonicalString(fields);
    return `signMethod=${signMethod}: signature 应为 ${hash}(待签名串 + "&" + ${hash}(secureKey)) 的小写十六进制, 用的是 ${who} 的 secureKey; 模拟器的待签名串 ${hash} 为 ${(signMethod === '11' ? sha256Hex : sm3Hex)(s)}${spaced}`;
  }
  const algo = signMethod === '01' ? 'SHA256withRSA, 对象是 SHA-256' : 'SM2 (用户ID = certId), 对象是 SM3';
  return `signMethod=${signMethod}: 检查 certId=${fields.certId} 对应的私钥 (${who}), 待签名串为除 signature 外的非空字段按键名排序的 key=value&…, 签名算法 ${algo} 摘要的小写十六进制串; 模拟器算得摘要 ${unionPayDigestHex(fields, signMethod as '01' | '21')}${spaced}`;
}

/** 31 商户状态不正确 for a merId that is not configured here (UnionPay knows only its merchants) */
function knownMerchant(fields: Record<string, string>, signMethod: UnionPaySignMethod, rt: UnionPayRuntime): string {
  const merId = present(fields, 'merId');
  if (merId === undefined)
    throw missing('merId', '商户代码', ` (signMethod=${signMethod} 的证书或 secureKey 属于商户)`);
  const merchant = rt.merchants.get(merId);
  if (!merchant)
    throw new SimError(
      'SIM_ERR_WIRE_MERCHANT_UNKNOWN',
      `merId=${merId} 不是已配置的商户 (已配置: ${[...rt.merchants.keys()].join(', ')}; 新商户用 POST /__admin/unionpay/merchants 或 credentials.merchants 配置)`,
      { field: 'merId' },
    );
  return merchant.secureKey;
}

function verify(fields: Record<string, string>, signMethod: UnionPaySignMethod, rt: UnionPayRuntime): UnionPayContext {
  if (present(fields, 'signature') === undefined) throw missing('signature', '签名');
  const secureKey = knownMerchant(fields, signMethod, rt);
  if (signMethod === '11' || signMethod === '12') {
    const merId = fields.merId!;
    if (!verifyUnionPay(fields, { secureKey }))
      throw signatureFailure(verifyHint(fields, signMethod, `merId=${merId}`));
    return { signMethod };
  }
  const certId = present(fields, 'certId');
  if (certId === undefined) throw missing('certId', '证书ID', ` (signMethod=${signMethod} 时必填)`);
  const bad = checkFieldValue('certId', UNIONPAY_ENVELOPE_RULES.certId, certId);
  if (bad) throw fieldProblemError(bad);
  const kind = signMethod === '01' ? 'rsa' : 'sm2';
  const cert = rt.certs.get(certId);
  if (!cert) {
    const known = [...rt.certs.values()].filter((c) => c.kind === kind).map((c) => c.certId);
    throw signatureFailure(
      `certId=${certId} 不是已登记的 ${kind.toUpperCase()} 商户签名证书 (已登记: ${known.join(', ') || '无'}; 新证书用 POST /__admin/unionpay/merchant-certs 登记)`,
    );
  }
  if (cert.kind !== kind)
    throw signatureFailure(`certId=${certId} 是 ${cert.kind.toUpperCase()} 证书, 不能用于 signMethod=${signMethod}`);
  const merId = fields.merId!;
  // a certificate belongs to its merchant: used for another merId, the signature is not that merchant's
  if (merId !== cert.merId) throw signatureFailure(`certId=${certId} 登记给 merId=${cert.merId}, 不是 merId=${merId}`);
  const ok =
    kind === 'rsa'
      ? verifyUnionPay(fields, { rsaPublicKey: cert.rsaPublicKey })
      : verifyUnionPay(fields, { sm2PublicKey: cert.sm2Verifier, sm2UserId: certId });
  if (!ok) throw signatureFailure(verifyHint(fields, signMethod, cert.subject));
  return { signMethod, certId };
}

function read(req: WireRequest, rt: UnionPayRuntime): Decoded {
  const parsed = parseFormBody(req.body.toString('utf8'));
  if (!parsed.ok) throw new SimError('SIM_ERR_WIRE_MALFORMED', parsed.message);
  const fields = parsed.fields;
  const warnings: string[] = [];
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/x-www-form-urlencoded/i.test(type))
    warnings.push(`Content-Type "${type}": UnionPay expects application/x-www-form-urlencoded;charset=UTF-8`);
  const signMethod = present(fields, 'signMethod');
  if (signMethod === undefined) throw missing('signMethod', '签名方法');
  if (!isUnionPaySignMethod(signMethod)) {
    throw fieldProblemError(checkFieldValue('signMethod', UNIONPAY_ENVELOPE_RULES.signMethod, signMethod)!);
  }
  const context = verify(fields, signMethod, rt);
  // the envelope decides how the message is routed: version, encoding, txnType/txnSubType
  const problem = checkEnvelope(fields);
  if (problem) throw fieldProblemError(problem);
  return { merchant: present(fields, 'merId') ?? rt.merId, fields, warnings, context };
}

/** the echo part of any answer, from whatever of the request could be read */
export function echoFields(fields: Fields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ECHOED) {
    const v = fields[k];
    if (typeof v === 'string' && ECHO_SAFE.test(v)) out[k] = v;
  }
  // encoding as the merchant spelt it (utf-8 stays utf-8); sign() puts UTF-8 when it was unreadable
  if (typeof fields.encoding === 'string' && UTF8.test(fields.encoding)) out.encoding = fields.encoding;
  return out;
}

/** respMsg is free text inside a raw k=v string: no & or brackets the SDKs' scanner would split on */
export function safeText(s: string): string {
  return s
    .replace(/&/g, '＆')
    .replace(/\{/g, '｛')
    .replace(/\}/g, '｝')
    .replace(/\[/g, '［')
    .replace(/\]/g, '］')
    .replace(/[\r\n]+/g, ' ');
}

/** strings only, blanks out; tokenStatus/tokenEndExpr only with respCode 00 (spec 002: 应答码为00时返回) */
function normalise(fields: Fields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields))
    if (v !== undefined && v !== null && String(v) !== '') out[k] = String(v);
  if (out.respCode !== '00') {
    delete out.tokenStatus;
    delete out.tokenEndExpr;
  }
  return out;
}

/** signs with UnionPay's key of the family; 21 without an SM2 PKI falls back to 01 */
function sign(
  fields: Record<string, string>,
  signMethod: UnionPaySignMethod,
  merId: string,
  rt: UnionPayRuntime,
): Record<string, string> {
  const out: Record<string, string> = { ...fields, version: UNIONPAY_VERSION, encoding: fields.encoding ?? 'UTF-8' };
  delete out.signature;
  delete out.certId;
  // an unknown merchant has no key of its own: its error answer uses the default merchant's
  if (signMethod === '11' || signMethod === '12')
    return signUnionPay(out, { signMethod, secureKey: rt.secureKeyOf(merId) ?? rt.secureKey });
  const sm2 = signMethod === '21' ? rt.signing.sm2 : undefined;
  if (sm2) {
    Object.assign(out, { signMethod: '21', signPubKeyCert: sm2.signPubKeyCert });
    // the SDKs verify with the serial of signPubKeyCert as the SM2 user ID
    return { ...out, signature: sm2.signer.sign(unionPayDigestHex(out, '21'), sm2.certId) };
  }
  Object.assign(out, { signMethod: '01', signPubKeyCert: rt.signing.rsa.signPubKeyCert });
  return { ...out, signature: rsaSignSha256(unionPayDigestHex(out, '01'), rt.signing.rsa.key) };
}

function reply(status: number, fields: Record<string, string>): WireReply {
  return { status, headers: { ...HEADERS }, body: Buffer.from(encodeUnionPayResponse(fields)) };
}

/** respMsg of a result: a scenario's own text made safe, else the code's (`成功[0000000]`, a step's `respCode: "80"`) */
function respMsgOf(rendered: Fields): string | undefined {
  if (rendered.respMsg !== undefined && rendered.respMsg !== null) return safeText(String(rendered.respMsg));
  const code = rendered.respCode;
  return typeof code === 'string' && Object.hasOwn(UNIONPAY_RESP_CODES, code)
    ? unionPayRespMsg(code as UnionPayRespCode)
    : undefined;
}

function write(result: unknown, decoded: Decoded, rt: UnionPayRuntime): WireReply {
  const ctx = decoded.context as UnionPayContext;
  const rendered = result as Fields;
  const fields = normalise({ ...echoFields(decoded.fields), ...rendered, respMsg: respMsgOf(rendered) });
  return reply(200, sign(fields, ctx.signMethod, decoded.merchant, rt));
}

/** "no operation" said as the fields at fault: the txnType/txnSubType the gateway does not offer */
function explain(err: SimError, at: { decoded?: Decoded }): SimError {
  if (err.code !== 'SIM_ERR_WIRE_NO_OPERATION' || !at.decoded) return err;
  const f = at.decoded.fields;
  return new SimError(
    err.code,
    `txnType=${String(f.txnType)} txnSubType=${String(f.txnSubType)} 不是本网关提供的交易 (只支持 txnType=78 txnSubType=20 查询签约协议号状态)`,
    { field: 'txnType' },
  );
}

function writeError(err: SimError, at: { decoded?: Decoded; request?: WireRequest }, rt: UnionPayRuntime): WireReply {
  const status = err.wireStatus;
  let sent: Record<string, string> = {};
  if (at.decoded) sent = at.decoded.fields as Record<string, string>;
  else if (at.request?.body.length) {
    const parsed = parseFormBody(at.request.body.toString('utf8'));
    if (parsed.ok) sent = parsed.fields;
  }
  // respMsg is the code's text and internal code, nothing more: what was wrong (which field, which
  // scenario) is in the journal and x-sim-detail
  const { code } = respCodeOf(err);
  const msg = unionPayRespMsg(code);
  const claimed = (at.decoded?.context as UnionPayContext | undefined)?.signMethod ?? sent.signMethod;
  // answer in the family the request used when we can; an unreadable request gets RSA (01)
  const family: UnionPaySignMethod = isUnionPaySignMethod(claimed) ? claimed : '01';
  const merId = at.decoded?.merchant ?? (typeof sent.merId === 'string' && sent.merId !== '' ? sent.merId : rt.merId);
  const fields = normalise({ ...echoFields(sent), respCode: code, respMsg: msg });
  try {
    return reply(status, sign(fields, family, merId, rt));
  } catch {
    // last resort, still UnionPay's format: nothing in the request can make this fail
    return reply(status, sign(normalise({ respCode: code, respMsg: msg }), '01', rt.merId, rt));
  }
}

/** where the secure key's hash stands in an 11/12 signing string shown in the log */
const HASHED_KEY_PLACEHOLDER = { '11': '<sha256(secureKey)>', '12': '<sm3(secureKey)>' } as const;

/**
 * The string the request's signature covers, as verify() builds it: S (the sorted k=v&… of the
 * non-blank fields but signature) for 01/21, the string before it is hashed and signed; for
 * 11/12, S + "&" + the hash of the secure key, that hash shown as a placeholder.
 */
function signingString(req: WireRequest): string | undefined {
  const parsed = parseFormBody(req.body.toString('utf8'));
  if (!parsed.ok) return undefined;
  const { fields } = parsed;
  const m = fields.signMethod;
  return m === '11' || m === '12'
    ? unionPaySecureKeyString(fields, HASHED_KEY_PLACEHOLDER[m])
    : canonicalString(fields);
}

export const unionpayWire: ChannelWire<UnionPayRuntime> = {
  read,
  write,
  writeError,
  explain,
  signingString,
  resultCode: (reply) => parseUnionPayResponse(reply.body.toString('utf8')).respCode,
};
