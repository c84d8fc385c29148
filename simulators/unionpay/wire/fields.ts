/**
 * The request rules of 查询签约协议号状态 (txnType 78 / txnSubType 20, spec 002 "HTTP报文体参数")
 * as data, the typed request/response shapes, and UnionPay's published respCode table. The spec
 * gives types and presence (M/C) but no lengths: lengths and patterns come from the ACP 5.1.0
 * common field definitions (merId AN15, orderId AN8..40 without '-'/'_', txnTime YYYYMMDDhhmmss,
 * acqInsCode AN8..11, merCatCode N4, merName ANS1..40, merAbbr ANS1..16, subMerId AN5..15,
 * subMerName ANS1..40, subMerAbbr ANS1..16) and, where ACP defines none (contractId, planId,
 * certId), are this simulator's choice, marked below. Pure: no I/O, no signature verification
 * (signer.ts), no business decisions (which contract exists, which scenario answers).
 */
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

/** ACP 应答码 (respCode) as published; respMsg starts with these and says what was wrong. */
export const UNIONPAY_RESP_CODES = {
  '00': '成功',
  '01': '交易失败',
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
  '43': '无此业务权限',
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
  '99': '通用错误',
} as const satisfies Record<string, string>;
export type UnionPayRespCode = keyof typeof UNIONPAY_RESP_CODES;

/** respMsg = the table's text, then what exactly was wrong (e.g. `报文交易要素缺失: contractId 未上送`). */
export function unionPayRespMsg(code: UnionPayRespCode, detail?: string): string {
  return detail === undefined || detail === '' ? UNIONPAY_RESP_CODES[code] : `${UNIONPAY_RESP_CODES[code]}: ${detail}`;
}

/** A request rule that failed; `kind` decides the respCode (PROBLEM_RESP_CODES). */
export interface Problem {
  field: string;
  kind: 'missing' | 'format' | 'permission';
  /** what was wrong, in the words of the spec, without the respCode text */
  message: string;
}

/** 13 报文交易要素缺失, 10 报文格式错误, 32 无此交易权限. */
export const PROBLEM_RESP_CODES = { missing: '13', format: '10', permission: '32' } as const satisfies Record<Problem['kind'], UnionPayRespCode>;

export interface UnionPayFieldRule {
  label: string;
  /** a fixed value (spec 默认值 column) */
  fixed?: string;
  oneOf?: readonly string[];
  pattern?: RegExp;
  /** what the pattern means, for the message */
  hint?: string;
  /** in characters (code points) */
  maxLength?: number;
}

// Envelope fields, checked first (they decide how the message is read and verified).
export const UNIONPAY_ENVELOPE_RULES = {
  version: { label: '版本号', fixed: UNIONPAY_VERSION },
  // 'UTF-8' per the table; SDKs also send 'utf-8', which UnionPay reads the same.
  encoding: { label: '编码方式', pattern: /^utf-8$/i, hint: 'UTF-8' },
  signMethod: { label: '签名方法', oneOf: ['01', '11', '12', '21'] },
  // certId: a certificate serial in decimal; 1..50 digits is our bound (ACP gives none).
  certId: { label: '证书ID', pattern: /^\d{1,50}$/, hint: '证书序列号的十进制数字' },
  signature: { label: '签名' },
  txnType: { label: '交易类型', pattern: /^\d{2}$/, hint: '两位数字' },
  txnSubType: { label: '交易子类', pattern: /^\d{2}$/, hint: '两位数字' },
} as const satisfies Record<string, UnionPayFieldRule>;

/** The 78/20 table, in the spec's order; required unless listed in CONTRACT_QUERY_CONDITIONAL. */
export const CONTRACT_QUERY_RULES = {
  bizType: { label: '产品类型', fixed: '000000' },
  channelType: { label: '渠道类型', fixed: '07' },
  accessType: { label: '接入类型', oneOf: ['0', '1', '2'] },
  acqInsCode: { label: '收单机构代码', pattern: /^[0-9A-Za-z]{8,11}$/, hint: '8–11 位字母数字' },
  merCatCode: { label: '商户类别', pattern: /^\d{4}$/, hint: '4 位数字 MCC' },
  merId: { label: '商户代码', pattern: /^[0-9A-Za-z]{15}$/, hint: '15 位字母数字' },
  merName: { label: '商户名称', maxLength: 40 },
  merAbbr: { label: '商户简称', maxLength: 16 },
  subMerId: { label: '二级商户代码', pattern: /^[0-9A-Za-z]{5,15}$/, hint: '5–15 位字母数字' },
  subMerName: { label: '二级商户名称', maxLength: 40 },
  subMerAbbr: { label: '二级商户简称', maxLength: 16 },
  // ACP: AN8..40, "不应含'-'或'_'"
  orderId: { label: '商户订单号', pattern: /^[0-9A-Za-z]{8,40}$/, hint: '8–40 位字母或数字 (不能含 - 或 _)' },
  txnTime: { label: '订单发送时间', pattern: /^\d{14}$/, hint: 'YYYYMMDDhhmmss' },
  // contractId / planId: the spec gives no format; 1..64 characters is our bound.
  contractId: { label: '签约协议号', maxLength: 64 },
  planId: { label: '签约模板ID', maxLength: 64 },
} as const satisfies Record<string, UnionPayFieldRule>;

/** 按条件必填: accessType → the fields it requires. */
export const CONTRACT_QUERY_CONDITIONAL: Readonly<Record<UnionPayAccessType, readonly (keyof typeof CONTRACT_QUERY_RULES)[]>> = {
  '0': [],
  '1': ['acqInsCode', 'merCatCode', 'merName', 'merAbbr'],
  '2': ['subMerId', 'subMerName', 'subMerAbbr'],
};
const CONDITIONAL = new Set<string>(['acqInsCode', 'merCatCode', 'merName', 'merAbbr', 'subMerId', 'subMerName', 'subMerAbbr']);
const ACCESS_TYPE_NAMES: Record<UnionPayAccessType, string> = { '0': '普通商户直连接入', '1': '收单机构接入', '2': '平台类商户接入' };

/** Transactions this gateway offers, as `${txnType}/${txnSubType}`. */
export const UNIONPAY_TRANSACTIONS: ReadonlySet<string> = new Set([`${CONTRACT_QUERY_TXN_TYPE}/${CONTRACT_QUERY_TXN_SUB_TYPE}`]);

type Fields = Readonly<Record<string, string | undefined>>;

const present = (fields: Fields, name: string): string | undefined => {
  const v = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
};

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

/** One rule against one present value; undefined when it holds. */
export function checkFieldValue(field: string, rule: UnionPayFieldRule, value: string): Problem | undefined {
  const name = `${field} (${rule.label})`;
  const bad = (why: string): Problem => ({ field, kind: 'format', message: `${name} ${why}` });
  if (rule.fixed !== undefined && value !== rule.fixed) return bad(`取值错误: ${echo(value)}, 应固定为 ${rule.fixed}`);
  if (rule.oneOf !== undefined && !rule.oneOf.includes(value)) return bad(`取值错误: ${echo(value)}, 应为 ${rule.oneOf.join('|')}`);
  if (rule.maxLength !== undefined && [...value].length > rule.maxLength) return bad(`超长: ${[...value].length} 个字符, 最多 ${rule.maxLength}`);
  if (rule.pattern !== undefined && !rule.pattern.test(value)) return bad(`格式错误: ${echo(value)} 不是${rule.hint ?? rule.pattern.toString()}`);
  return undefined;
}

function checkRequired(fields: Fields, field: string, rule: UnionPayFieldRule, why = ''): Problem | undefined {
  const value = present(fields, field);
  if (value === undefined) return { field, kind: 'missing', message: `${field} (${rule.label}) 未上送${why}` };
  return checkFieldValue(field, rule, value);
}

/**
 * The first problem of a 78/20 request, in this order: envelope (version, encoding, signMethod,
 * certId for 01/21, signature, txnType, txnSubType), then the transaction (txnType/txnSubType
 * not offered → permission, 32), then the table in the spec's order with accessType's
 * conditional fields. Conditional fields sent although not required are still format-checked.
 * undefined when the request is well formed. It never verifies the signature.
 */
export function checkContractQuery(fields: Fields): Problem | undefined {
  const env = UNIONPAY_ENVELOPE_RULES;
  for (const field of ['version', 'encoding', 'signMethod'] as const) {
    const p = checkRequired(fields, field, env[field]);
    if (p) return p;
  }
  const signMethod = present(fields, 'signMethod');
  if (signMethod === '01' || signMethod === '21') {
    const p = checkRequired(fields, 'certId', env.certId, ` (signMethod=${signMethod} 时必填)`);
    if (p) return p;
  }
  for (const field of ['signature', 'txnType', 'txnSubType'] as const) {
    const p = checkRequired(fields, field, env[field]);
    if (p) return p;
  }
  const txn = `${present(fields, 'txnType')}/${present(fields, 'txnSubType')}`;
  if (!UNIONPAY_TRANSACTIONS.has(txn)) {
    return {
      field: 'txnType',
      kind: 'permission',
      message: `txnType=${present(fields, 'txnType')} txnSubType=${present(fields, 'txnSubType')} 不是本网关提供的交易 (只支持 txnType=78 txnSubType=20 查询签约协议号状态)`,
    };
  }
  const accessType = present(fields, 'accessType') as UnionPayAccessType | undefined;
  const required = new Set<string>(accessType !== undefined && accessType in CONTRACT_QUERY_CONDITIONAL ? CONTRACT_QUERY_CONDITIONAL[accessType] : []);
  for (const [field, rule] of Object.entries(CONTRACT_QUERY_RULES) as Array<[string, UnionPayFieldRule]>) {
    if (CONDITIONAL.has(field) && !required.has(field)) {
      const value = present(fields, field);
      const p = value === undefined ? undefined : checkFieldValue(field, rule, value);
      if (p) return p;
      continue;
    }
    const why = CONDITIONAL.has(field) ? ` (accessType=${accessType} ${ACCESS_TYPE_NAMES[accessType!]} 时必填)` : '';
    const p = checkRequired(fields, field, rule, why);
    if (p) return p;
    if (field === 'txnTime' && parseTxnTime(present(fields, field)!) === undefined) {
      return { field, kind: 'format', message: `txnTime (订单发送时间) 格式错误: ${echo(present(fields, field)!)} 不是真实的日期时间 YYYYMMDDhhmmss` };
    }
  }
  return undefined;
}

