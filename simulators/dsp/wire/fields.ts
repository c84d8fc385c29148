/**
 * The DSP front's field tables for 单笔解约确认 (TransType DeContract, CommandCode 9108Auth; spec
 * 001), as data: the common request fields (2.1), the business fields (2.2, in the document's
 * order), the extra elements the document's example sends, and the answer's fields (3.1, in the
 * order of the example 3.2). Each field says how hard its rule is: `always` is checked in every
 * mode (a request cannot be served without it), `table` is what the table marks required or the
 * format it states, which the lenient default only warns about (the document's own example breaks
 * several) and strict mode refuses. Lengths are the simulator's own (the document gives none) and
 * are always checked: an over-long value is refused in both modes. Pure data and small helpers.
 */
import { formatBeijing } from '../../core/codec/beijing-time.ts';
import type { FieldRule, FieldSchema } from '../../core/codec/field-schema.ts';

export const DSP_TRANS_TYPE = 'DeContract';
export const DSP_COMMAND_CODE = '9108Auth';
export const DSP_VERSION = '5.1.0.0';
/** Step: 01 解约申请 (the channel sends an SMS code), 02 解约确认 (with SmsCode) */
export const DSP_STEPS = ['01', '02'] as const;
export type DspStep = (typeof DSP_STEPS)[number];
/** RespCode: 0 the front processed the request, -1 it could not (3.1) */
export type DspRespCode = '0' | '-1';
/** DeSignState: success 已解约, fail 解约失败 / not (yet) cancelled (3.1) */
export type DspDeSignState = 'success' | 'fail';

/** UnifiedCode of a cancelled contract (the simulator's own: the document shows only EC801) */
export const DSP_SUCCESS_CODE = 'EC000';
/** UnifiedCode of an accepted Step 01 (the simulator's own): 申请已受理, 待短信确认 */
export const DSP_APPLY_ACCEPTED_CODE = 'EC100';

const MONEY = /^(0|[1-9]\d{0,13})\.\d{2}$/;
const MONEY_HINT = '以元为单位、保留两位小数的金额 (如 667.00)';
const DIGITS = /^\d+$/;

function realDate(v: string): string | undefined {
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(4, 6));
  const d = Number(v.slice(6, 8));
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? undefined : '不是真实日期';
}

function realDateTime(v: string): string | undefined {
  const bad = realDate(v.slice(0, 4) + v.slice(5, 7) + v.slice(8, 10));
  if (bad) return bad;
  const [h, mi, s] = v.slice(11).split(':').map(Number);
  return h! < 24 && mi! < 60 && s! < 60 ? undefined : '不是真实时间';
}

/** a field of the tables: its rule, and whether a missing value / a bad format is fatal in lenient mode */
export interface DspField extends FieldRule {
  /** always: refused in every mode; table: a warning in lenient mode, refused in strict mode */
  need?: 'always' | 'table';
}

/** 2.1 公共请求参数 */
export const DSP_COMMON_FIELDS: Record<string, DspField> = {
  BankCode: { label: '线路代码', need: 'table', maxLength: 20 },
  TransType: { label: '交易类型', need: 'always', maxLength: 32 },
  CommandCode: { label: '线路指令', need: 'always', maxLength: 32 },
  TransSeqID: { label: '指令流水号', maxLength: 64 },
  TransTime: {
    label: '指令时间',
    maxLength: 19,
    pattern: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
    patternHint: ' yyyy-MM-dd HH:mm:ss 格式的时间',
    check: realDateTime,
    checkHint: 'a real date and time',
  },
};

/** 2.2 请求参数, in the document's order, then the elements the example adds (2.3) */
export const DSP_DECONTRACT_FIELDS: Record<string, DspField> = {
  PayAct: { label: '付方账号', need: 'table', maxLength: 40 },
  PayName: { label: '付方名称', need: 'table', maxLength: 100 },
  PayBankCode: { label: '付方银行代码', need: 'table', maxLength: 12 },
  RecAct: { label: '收方账号', need: 'table', maxLength: 40 },
  RecName: { label: '收方名称', need: 'table', maxLength: 100 },
  RecBankCode: { label: '收方银行代码', need: 'table', maxLength: 12 },
  PayAmount: { label: '交易金额', need: 'table', maxLength: 17, pattern: MONEY, patternHint: MONEY_HINT },
  PayCur: { label: '付方币种', maxLength: 3 },
  RecCur: { label: '收方币种', maxLength: 3 },
  ReqSeqID: { label: '支付流水号', need: 'always', maxLength: 64 },
  CertType: { label: '证件类型', maxLength: 4 },
  CertNum: { label: '证件号', maxLength: 32 },
  CellPhone: {
    label: '手机号',
    need: 'table',
    maxLength: 20,
    pattern: /^1\d{10}$/,
    patternHint: '11 位手机号 (1 开头)',
  },
  IsPrivate: { label: '公私标志', maxLength: 1, enum: ['1', '0'] },
  CardType: { label: '卡类型', maxLength: 32, enum: ['2', '3'] },
  PolicyNo: { label: '保单号', maxLength: 64 },
  DeadLine: {
    label: '到期日期',
    maxLength: 16,
    pattern: /^\d{8}$/,
    patternHint: ' yyyyMMdd 格式的日期',
    check: realDate,
    checkHint: 'a real date',
  },
  SingleLimit: { label: '单笔限额', maxLength: 17, pattern: MONEY, patternHint: MONEY_HINT },
  AuthCode: { label: '协议号', maxLength: 64 },
  Step: { label: '步骤', need: 'always', maxLength: 2, enum: DSP_STEPS, doc: '01 解约申请, 02 解约确认' },
  // not in the table, sent by the example (2.3): kept, length-checked, never required
  SourceNoteCode: { label: '来源单据号', maxLength: 64 },
  PeriodLimit: { label: '周期限额', maxLength: 32 },
  CountLimit: { label: '次数限制', maxLength: 32 },
  SmsCode: { label: '短信验证码', maxLength: 12, pattern: DIGITS, patternHint: '数字验证码' },
  Token: { label: '令牌', maxLength: 128 },
  NoteMoney: { label: '单据金额', maxLength: 32 },
  InsureID: { label: '投保人证件号', maxLength: 64 },
  InsureName: { label: '投保人名称', maxLength: 100 },
  Memo: { label: '备注', maxLength: 200 },
};

/** what every answer carries, in the example's order (3.2): common, then DetailRecord */
export const DSP_RESPONSE_COMMON = ['BankCode', 'TransType', 'TransSeqID'] as const;
export const DSP_RESPONSE_DETAIL = [
  'RespCode',
  'RespInfo',
  'ReqSeqID',
  'UnifiedCode',
  'DeSignState',
  'OriginalCode',
] as const;

export type DspResponseField = (typeof DSP_RESPONSE_COMMON)[number] | (typeof DSP_RESPONSE_DETAIL)[number];
export type DspResponseFields = Partial<Record<DspResponseField, string>>;

/** which part of the tables a check looks at */
export type DspRuleSet = 'always' | 'table';

/**
 * The schema of one set of rules over the common and business fields: `always` holds the
 * required-in-every-mode fields and every length; `table` holds the table's other requirements
 * and every format (pattern, enum, date), without lengths (already checked).
 */
export function dspSchema(set: DspRuleSet): FieldSchema {
  const out: FieldSchema = {};
  for (const [name, f] of Object.entries({ ...DSP_COMMON_FIELDS, ...DSP_DECONTRACT_FIELDS })) {
    const { need, maxLength, pattern, patternHint, enum: allowed, check, label } = f;
    if (set === 'always') out[name] = { label, required: need === 'always', maxLength };
    else out[name] = { label, required: need === 'table', pattern, patternHint, enum: allowed, check };
  }
  return out;
}

/** every request element this front knows (others are kept and warned about) */
export const DSP_KNOWN_FIELDS: ReadonlySet<string> = new Set([
  ...Object.keys(DSP_COMMON_FIELDS),
  ...Object.keys(DSP_DECONTRACT_FIELDS),
]);

/** a request's elements as a client writes them: the example's order (2.3), the table's others beside */
export const DSP_REQUEST_COMMON = ['BankCode', 'TransType', 'TransSeqID', 'CommandCode', 'TransTime'] as const;
export const DSP_REQUEST_DETAIL = [
  'ReqSeqID',
  'PayAct',
  'PayName',
  'PayBankCode',
  'RecAct',
  'RecName',
  'RecBankCode',
  'PayAmount',
  'PayCur',
  'RecCur',
  'SourceNoteCode',
  'PolicyNo',
  'DeadLine',
  'SingleLimit',
  'PeriodLimit',
  'CountLimit',
  'CardType',
  'IsPrivate',
  'CertType',
  'CertNum',
  'CellPhone',
  'SmsCode',
  'AuthCode',
  'Token',
  'NoteMoney',
  'InsureID',
  'InsureName',
  'Memo',
  'Step',
] as const;
export type DspRequestField = (typeof DSP_REQUEST_COMMON)[number] | (typeof DSP_REQUEST_DETAIL)[number];
export type DspRequestFields = Partial<Record<DspRequestField, string>>;

/** TransTime as 2.1 writes it: yyyy-MM-dd HH:mm:ss, Beijing time */
export function formatTransTime(ms: number): string {
  return formatBeijing(ms, 'yyyy-MM-dd HH:mm:ss');
}
