/**
 * The withhold gateway's field tables (seed 003) as data: the public request parameters (the
 * envelope), each method's `args`, the amount format, and the TypeScript shapes of the answers
 * and the callback, with the seed's field names verbatim. Pure declarations plus the one rule a
 * FieldSchema cannot state (`biz_data`: an object, or an array of one, holding `protocol_no`).
 * Checks that need the bank tables (GB 11643 check digit, Luhn and BIN) are the simulator's
 * (operations.ts): a wire imports only core/crypto and core/codec. maxLengths the seed leaves
 * blank are the simulator's choice.
 */
import type { FieldProblem, FieldRule, FieldSchema } from '../../core/codec/field-schema.ts';
import { compileSchema } from '../../core/codec/field-schema.ts';

export type WithholdMethod = 'pre-tied-card' | 'confirm-tied-card' | 'single-withhold' | 'single-order-query';
export const withholdMethods: readonly WithholdMethod[] = [
  'pre-tied-card',
  'confirm-tied-card',
  'single-withhold',
  'single-order-query',
];

/** pay_status as single-withhold answers it; single-order-query adds wait_pay (处理中) */
export type WithholdPayStatus = 'success' | 'fail' | 'initial' | 'pending' | 'wait_pay';

/** 状态 1 成功 -1 失败: strings, as the seed's tables type them */
export type WithholdStatus = '1' | '-1';

/** yuan, up to two decimals ("1", "1.5", "1.00"), no sign, no grouping, at most 10 integer digits */
export const WITHHOLD_AMOUNT_PATTERN = /^(0|[1-9]\d{0,9})(\.\d{1,2})?$/;

export function parseYuanToFen(s: unknown): number | undefined {
  if (typeof s !== 'string' || !WITHHOLD_AMOUNT_PATTERN.test(s)) return undefined;
  const [yuan = '', cents = ''] = s.split('.');
  return Number(yuan) * 100 + Number(cents.padEnd(2, '0'));
}

export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0)
    throw new RangeError(`withhold amount: ${fen} is not a whole number of fen`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

const idCard: FieldRule = {
  label: '身份证号',
  required: true,
  pattern: /^\d{17}[\dXx]$/,
  patternHint: '18 位身份证号 (17 位数字 + 数字或 X)',
};
const bankCard = (required: boolean): FieldRule => ({
  label: '银行卡号',
  required,
  pattern: /^\d{12,19}$/,
  patternHint: '12 到 19 位数字的银行卡号',
});
const mobile: FieldRule = {
  label: '手机号',
  required: true,
  pattern: /^1[3-9]\d{9}$/,
  patternHint: '11 位中国大陆手机号',
};
const name: FieldRule = {
  label: '姓名',
  required: true,
  maxLength: 50,
  pattern: /^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z·• .]*$/u,
  patternHint: '中文或英文姓名',
};
const payType: FieldRule = { label: '支付类型', required: true, maxLength: 32 };
const bizOrderNo: FieldRule = {
  label: '业务流水号',
  required: true,
  maxLength: 64,
  pattern: /^[0-9A-Za-z_-]+$/,
  patternHint: '字母、数字、下划线或中划线',
};

/** each method's args, in the seed's order (the first problem is the one reported) */
export const withholdRequestSchemas: Record<WithholdMethod, FieldSchema> = {
  'pre-tied-card': {
    id_card_number: idCard,
    bank_card_number: bankCard(true),
    mobile,
    name,
    pay_type: { ...payType, label: '签约支付类型' },
  },
  'confirm-tied-card': {
    verification_code: { label: '验证码', required: true, pattern: /^\d{6}$/, patternHint: '6 位数字验证码' },
    unique_code: { label: '签约唯一码', required: true, maxLength: 40 },
    bank_card_number: bankCard(true),
    pay_type: { ...payType, label: '签约支付类型' },
  },
  'single-withhold': {
    biz_order_no: bizOrderNo,
    amount: {
      label: '交易金额',
      required: true,
      pattern: WITHHOLD_AMOUNT_PATTERN,
      patternHint: '以元为单位、最多两位小数的金额 (如 100.00)',
    },
    bank_card_number: bankCard(false),
    name,
    id_card_number: idCard,
    mobile,
    // biz_data comes here in the seed's order: checked by bizDataProblem()
    notify_url: {
      label: '异步回调地址',
      maxLength: 512,
      pattern: /^https?:\/\/[^\s/?#]+[^\s]*$/i,
      patternHint: '合法的 http(s) URL',
    },
    pay_type: payType,
  },
  'single-order-query': { biz_order_no: bizOrderNo },
};

/** The public request parameters (公共请求参数). timestamp is optional, Unix seconds. */
export const withholdEnvelopeSchema: FieldSchema = {
  ua: { label: '分配给请求方的唯一标识', required: true, maxLength: 64 },
  args: { label: '请求参数密文', required: true },
  sign: {
    label: '请求签名',
    required: true,
    pattern: /^[0-9a-fA-F]{32}$/,
    patternHint: '32 位十六进制的 MD5 签名',
  },
  timestamp: { label: '时间戳', pattern: /^\d{10}$/, patternHint: '以秒为单位的 Unix 时间戳 (10 位数字)' },
  requestId: { label: '请求唯一流水号', required: true, maxLength: 64 },
  method: { label: '请求接口名', required: true, maxLength: 64 },
};

const show = (v: unknown) => JSON.stringify(v)?.slice(0, 64) ?? String(v);
const bizProblem = (message: string): FieldProblem => ({
  field: 'biz_data',
  problem: message.includes('不能为空') ? 'missing' : 'format',
  message,
});

/**
 * `biz_data` (业务参数), typed "array" but holding one `protocol_no`: an object or a one-element
 * array of one. The protocol is required: a withhold needs a confirmed protocol (the seed marks
 * it 否, but a 代扣 without a 签约协议号 has nothing to debit).
 */
export function bizDataProblem(value: unknown): FieldProblem | undefined {
  if (value === undefined || value === null || value === '') return bizProblem('biz_data (业务参数) 不能为空');
  const item = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
  if (Array.isArray(value) && value.length !== 1)
    return bizProblem(`biz_data (业务参数) 格式错误: 数组应只含一个对象, 实际有 ${value.length} 个`);
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    return bizProblem(`biz_data (业务参数) 格式错误: ${show(value)} 应为对象或只含一个对象的数组`);
  const no = (item as Record<string, unknown>).protocol_no;
  if (no === undefined || no === null || no === '') return bizProblem('biz_data.protocol_no (签约协议号) 不能为空');
  if (typeof no !== 'string' || no.length > 40)
    return bizProblem(`biz_data.protocol_no (签约协议号) 格式错误: ${show(no)} 应为不超过 40 位的字符串`);
  return undefined;
}

/** the protocol_no of a biz_data that passed bizDataProblem() */
export function protocolNoOf(bizData: unknown): string {
  const item = (Array.isArray(bizData) ? bizData[0] : bizData) as { protocol_no: string };
  return item.protocol_no;
}

const compiled = Object.fromEntries(
  withholdMethods.map((m) => [m, compileSchema(withholdRequestSchemas[m])]),
) as Record<WithholdMethod, ReturnType<typeof compileSchema>>;

/** every problem of a method's args, in the seed's field order (biz_data after mobile) */
export function argsProblems(method: WithholdMethod, fields: Record<string, unknown>): FieldProblem[] {
  const problems = compiled[method](fields);
  if (method !== 'single-withhold') return problems;
  const biz = bizDataProblem(fields.biz_data);
  if (!biz) return problems;
  const after = problems.findIndex((p) => p.field === 'notify_url' || p.field === 'pay_type');
  return after < 0 ? [...problems, biz] : [...problems.slice(0, after), biz, ...problems.slice(after)];
}

// ---- args (what the client encrypts) -----------------------------------------------------
export interface PreTiedCardArgs {
  id_card_number: string;
  bank_card_number: string;
  mobile: string;
  name: string;
  pay_type: string;
}
export interface ConfirmTiedCardArgs {
  verification_code: string;
  unique_code: string;
  bank_card_number: string;
  pay_type: string;
}
export interface SingleWithholdArgs {
  biz_order_no: string;
  amount: string;
  bank_card_number?: string;
  name: string;
  id_card_number: string;
  mobile: string;
  biz_data: { protocol_no: string } | [{ protocol_no: string }];
  notify_url?: string;
  pay_type: string;
}
export interface SingleOrderQueryArgs {
  biz_order_no: string;
}
export interface WithholdArgsMap {
  'pre-tied-card': PreTiedCardArgs;
  'confirm-tied-card': ConfirmTiedCardArgs;
  'single-withhold': SingleWithholdArgs;
  'single-order-query': SingleOrderQueryArgs;
}

// ---- answers (the `response` object) and the callback -----------------------------------------
export interface PreTiedCardResponse {
  unique_code: string;
}
export interface ConfirmTiedCardResponse {
  protocol_no: string;
}
/** single-withhold and single-order-query; pay_time is yyyy-MM-dd HH:mm:ss, "" until paid */
export interface WithholdOrderResponse {
  biz_order_no: string;
  pay_order_no: string;
  pay_type: string;
  pay_status: WithholdPayStatus;
  pay_time: string;
  channel_response: string;
}
export interface WithholdResponseMap {
  'pre-tied-card': PreTiedCardResponse;
  'confirm-tied-card': ConfirmTiedCardResponse;
  'single-withhold': WithholdOrderResponse;
  'single-order-query': WithholdOrderResponse;
}
/** 5.异步回调: the order's result and `order_type`, signed with callbackSign() */
export interface WithholdCallback extends WithholdOrderResponse {
  order_type: 'single_withhold';
  sign: string;
}
