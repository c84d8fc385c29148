/**
 * The request rules of 查询签约协议号状态 (txnType 78 / txnSubType 20, spec 002 "HTTP报文体参数")
 * as data, the typed request/response shapes, and UnionPay's published respCode table. The spec
 * gives types and presence (M/C) but no lengths: lengths and patterns come from the ACP 5.1.0
 * common field definitions (merId AN15, orderId AN8..40 without '-'/'_', txnTime YYYYMMDDhhmmss,
 * acqInsCode AN8..11, merCatCode N4, merName ANS1..40, merAbbr ANS1..16, subMerId AN5..15,
 * subMerName ANS1..40, subMerAbbr ANS1..16) and, where ACP defines none (contractId, planId,
 * certId), are this simulator's choice, marked below. The rules are the core's field schema
 * (core/codec/field-schema.ts) worded as UnionPay's respMsg words them. Pure: no I/O, no
 * signature verification (signer.ts), no business decisions (which contract exists, which
 * scenario answers), no routing (which txnType is offered: operations.ts).
 */
import {
  DEFAULT_WORDING,
  checkValue,
  compileSchema,
  type FieldProblem,
  type FieldRule,
  type FieldSchema,
  type Wording,
} from '../../core/codec/field-schema.ts';
import { parseTxnTime } from './codec.ts';

export const UNIONPAY_VERSION = '5.1.0';
export const UNIONPAY_BACK_TRANS_PATH = '/gateway/api/backTransReq.do';
export const CONTRACT_QUERY_TXN_TYPE = '78';
export const CONTRACT_QUERY_TXN_SUB_TYPE = '20';

export type UnionPayAccessType = '0' | '1' | '2';
/** 0 初始化(未激活), 1 激活, 2 挂失, 3 注销(解绑) */
export type UnionPayTokenStatus = '0' | '1' | '2' | '3';

export interface UnionPayContractQueryRequest {
  version: '5.1.0';
  encoding: string;
  certId?: string;
  signature: string;
  signMethod: '01' | '11' | '12' | '21';
  txnType: '78';
  txnSubType: '20';
  bizType: '000000';
  channelType: '07';
  accessType: UnionPayAccessType;
  acqInsCode?: string;
  merCatCode?: string;
  merId: string;
  merName?: string;
  merAbbr?: string;
  subMerId?: string;
  subMerName?: string;
  subMerAbbr?: string;
  orderId: string;
  txnTime: string;
  contractId: string;
  planId: string;
}

export interface UnionPayContractQueryResponse {
  version: string;
  encoding: string;
  signature: string;
  signMethod: string;
  /** 01 and 21: the UnionPay signing certificate, PEM with CRLF */
  signPubKeyCert?: string;
  txnType: string;
  txnSubType: string;
  bizType: string;
  accessType: string;
  acqInsCode?: string;
  merId: string;
  orderId: string;
  txnTime: string;
  tokenStatus?: UnionPayTokenStatus;
  /** returned when respCode=00 */
  tokenEndExpr?: string;
  respCode: string;
  respMsg: string;
}

/**
 * ACP 5.1.0 应答码 (respCode) as published, with UnionPay's exact texts (full-width punctuation,
 * `Token 已过期` with its space); respMsg is one of these and its internal code (resp-msg.ts).
 */
export const UNIONPAY_RESP_CODES = {
  '00': '成功',
  '01': '交易失败。详情请咨询95516',
  '02': '系统未开放或暂时关闭，请稍后再试',
  '03': '交易通讯超时，请发起查询交易',
  '04': '交易状态未明，请查询对账结果',
  '05': '交易已受理，请稍后查询交易结果',
  '06': '系统繁忙，请稍后再试',
  '10': '报文格式错误',
  '11': '验证签名失败',
  '12': '重复交易',
  '13': '报文交易要素缺失',
  '14': '批量文件格式错误',
  '30': '交易未通过，请尝试使用其他银联卡支付或联系95516',
  '31': '商户状态不正确',
  '32': '无此交易权限',
  '33': '交易金额超限',
  '34': '查无此交易',
  '35': '原交易不存在或状态不正确',
  '36': '与原交易信息不符',
  '37': '已超过最大查询次数或操作过于频繁',
  '38': '银联风险受限',
  '39': '交易不在受理时间范围内',
  '40': '绑定关系检查失败',
  '41': '批量状态不正确，无法下载',
  '42': '扣款成功但交易超过规定支付时间',
  '43': '无此业务权限，详情请咨询95516',
  '44': '输入号码错误或暂未开通此项业务，详情请咨询95516',
  '60': '交易失败，详情请咨询您的发卡行',
  '61': '输入的卡号无效，请确认后输入',
  '62': '交易失败，发卡银行不支持该商户，请更换其他银行卡',
  '63': '卡状态不正确',
  '64': '卡上的余额不足',
  '65': '输入的密码、有效期或CVN2有误，交易失败',
  '66': '持卡人身份信息或手机号输入不正确，验证失败',
  '67': '密码输入次数超限',
  '68': '您的银行卡暂不支持该业务，请向您的银行或95516咨询',
  '69': '您的输入超时，交易失败',
  '70': '交易已跳转，等待持卡人输入',
  '71': '动态口令或短信验证码校验失败',
  '72': '您尚未在银行网点柜面或个人网银签约加办银联无卡支付业务，请去柜面或网银开通或拨打95516',
  '73': '支付卡已超过有效期',
  '74': '扣款成功，销账未知',
  '75': '扣款成功，销账失败',
  '76': '需要验密开通',
  '77': '银行卡未开通认证支付',
  '78': '发卡行交易权限受限，详情请咨询您的发卡行',
  '79': '此卡可用，但发卡行暂不支持短信验证',
  '80': '交易失败，Token 已过期',
  '82': '需要校验密码',
  '98': '文件不存在',
  '99': '通用错误',
  // the one code that is not two digits: a success with a defect (the issuer's answer was not seen)
  A6: '有缺陷的成功',
} as const satisfies Record<string, string>;
export type UnionPayRespCode = keyof typeof UNIONPAY_RESP_CODES;

/**
 * A request value quoted in a message, cut at 40 characters, with braces and brackets made
 * full-width: respMsg travels in the raw response, where an unbalanced `{`/`[` would make the
 * SDKs swallow the fields after it (codec.ts parseUnionPayResponse).
 */
function echo(value: string): string {
  const chars = [...value];
  const s = chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : value;
  return JSON.stringify(s).replace(/[{}[\]]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** how a field problem is worded for the journal and x-sim-detail (`contractId (签约协议号) 未上送`) */
export const UNIONPAY_WORDING: Wording = {
  ...DEFAULT_WORDING,
  missing: (name, note) => `${name} 未上送${note ? ` (${note})` : ''}`,
  tooLong: (name, length, max) => `${name} 超长: ${length} 个字符, 最多 ${max}`,
  show: echo,
};

// Envelope fields, checked first (they decide how the message is read, verified and routed).
export const UNIONPAY_ENVELOPE_RULES = {
  version: { label: '版本号', required: true, fixed: UNIONPAY_VERSION },
  // 'UTF-8' per the table; SDKs also send 'utf-8', which UnionPay reads the same.
  encoding: {
    label: '编码方式',
    required: true,
    pattern: /^utf-8$/i,
    patternHint: 'UTF-8',
    doc: '`utf-8` is read the same, and echoed as sent',
  },
  signMethod: {
    label: '签名方法',
    required: true,
    enum: ['01', '11', '12', '21'],
    doc: '01 RSA (SHA-256 with the merchant certificate), 21 SM2 (国密 certificate), 11 SHA-256 / 12 SM3 keyed with the secure key',
  },
  // certId: a certificate serial in decimal; 1..50 digits is our bound (ACP gives none).
  certId: {
    label: '证书ID',
    pattern: /^\d{1,50}$/,
    patternHint: '证书序列号的十进制数字',
    doc: 'the serial of the signing certificate, in decimal (GET /__admin/credentials names it)',
    requiredWhen: { field: 'signMethod', in: ['01', '21'], note: (v) => `signMethod=${v} 时必填` },
  },
  signature: {
    label: '签名',
    required: true,
    doc: 'Base64 (01, 21) or hex (11, 12), over every other field (wire/signer.ts)',
  },
  txnType: { label: '交易类型', required: true, pattern: /^\d{2}$/, patternHint: '两位数字' },
  txnSubType: { label: '交易子类', required: true, pattern: /^\d{2}$/, patternHint: '两位数字' },
} as const satisfies FieldSchema;

const acquirer = { field: 'accessType', in: ['1'], note: 'accessType=1 收单机构接入 时必填' } as const;
const platform = { field: 'accessType', in: ['2'], note: 'accessType=2 平台类商户接入 时必填' } as const;

/** The 78/20 table, in the spec's order, with accessType's 按条件必填 fields. */
export const CONTRACT_QUERY_RULES = {
  bizType: { label: '产品类型', required: true, fixed: '000000' },
  channelType: { label: '渠道类型', required: true, fixed: '07' },
  accessType: {
    label: '接入类型',
    required: true,
    enum: ['0', '1', '2'],
    doc: '0 普通商户直连接入, 1 收单机构接入, 2 平台类商户接入',
  },
  acqInsCode: {
    label: '收单机构代码',
    requiredWhen: acquirer,
    pattern: /^[0-9A-Za-z]{8,11}$/,
    patternHint: '8–11 位字母数字',
  },
  merCatCode: { label: '商户类别', requiredWhen: acquirer, pattern: /^\d{4}$/, patternHint: '4 位数字 MCC' },
  merId: { label: '商户代码', required: true, pattern: /^[0-9A-Za-z]{15}$/, patternHint: '15 位字母数字' },
  merName: { label: '商户名称', requiredWhen: acquirer, maxLength: 40 },
  merAbbr: { label: '商户简称', requiredWhen: acquirer, maxLength: 16 },
  subMerId: {
    label: '二级商户代码',
    requiredWhen: platform,
    pattern: /^[0-9A-Za-z]{5,15}$/,
    patternHint: '5–15 位字母数字',
  },
  subMerName: { label: '二级商户名称', requiredWhen: platform, maxLength: 40 },
  subMerAbbr: { label: '二级商户简称', requiredWhen: platform, maxLength: 16 },
  // ACP: AN8..40, "不应含'-'或'_'"
  orderId: {
    label: '商户订单号',
    required: true,
    pattern: /^[0-9A-Za-z]{8,40}$/,
    patternHint: '8–40 位字母或数字 (不能含 - 或 _)',
  },
  txnTime: {
    label: '订单发送时间',
    required: true,
    pattern: /^\d{14}$/,
    patternHint: 'YYYYMMDDhhmmss',
    check: (v) => (parseTxnTime(v) === undefined ? '不是真实的日期时间 YYYYMMDDhhmmss' : undefined),
    checkHint: 'a real date and time (Beijing)',
  },
  // contractId / planId: the spec gives no format; 1..64 characters is our bound.
  contractId: { label: '签约协议号', required: true, maxLength: 64 },
  planId: { label: '签约模板ID', required: true, maxLength: 64 },
} as const satisfies FieldSchema;

const envelopeSchema = compileSchema(UNIONPAY_ENVELOPE_RULES, UNIONPAY_WORDING);
const contractQuerySchema = compileSchema(CONTRACT_QUERY_RULES, UNIONPAY_WORDING);

type Fields = Readonly<Record<string, string | undefined>>;

/** The first problem of the envelope: version, encoding, signMethod, certId (01/21), signature, txnType/txnSubType. */
export function checkEnvelope(fields: Fields): FieldProblem | undefined {
  return envelopeSchema(fields)[0];
}

/**
 * The first problem of a 78/20 request: the envelope, then the table in the spec's order with
 * accessType's conditional fields (sent although not required: still format-checked). Whether
 * the gateway offers the txnType/txnSubType is routing's (answered 32), not this. undefined when
 * the request is well formed. It never verifies the signature.
 */
export function checkContractQuery(fields: Fields): FieldProblem | undefined {
  return checkEnvelope(fields) ?? contractQuerySchema(fields)[0];
}

/** One rule against one present value, worded as UnionPay words it; undefined when it holds. */
export function checkFieldValue(field: string, rule: FieldRule, value: string): FieldProblem | undefined {
  return checkValue(field, rule, value, UNIONPAY_WORDING);
}

/** what a 78/20 request says besides its envelope's signature: who, which order, which contract */
export interface ContractQueryFieldsInput {
  merId: string;
  orderId: string;
  txnTime: string;
  contractId: string;
  planId: string;
  /** default '0' (普通商户直连接入) */
  accessType?: UnionPayAccessType;
  acqInsCode?: string;
  merCatCode?: string;
  merName?: string;
  merAbbr?: string;
  subMerId?: string;
  subMerName?: string;
  subMerAbbr?: string;
}

/**
 * The fields of a 查询签约协议号状态 request as spec 002 fixes them (version, encoding, txnType 78,
 * txnSubType 20, bizType 000000, channelType 07) with the caller's values, before signing; absent
 * optional values are left out. The one place the reference client and the tests build it.
 */
export function contractQueryFields(input: ContractQueryFieldsInput): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    version: UNIONPAY_VERSION,
    encoding: 'UTF-8',
    txnType: CONTRACT_QUERY_TXN_TYPE,
    txnSubType: CONTRACT_QUERY_TXN_SUB_TYPE,
    bizType: '000000',
    channelType: '07',
    ...input,
    accessType: input.accessType ?? '0',
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<string, string>;
}
