/**
 * The field tables of 银直通签约解约查询 (`sign_qry`, seed 000) as data: the envelope, the
 * req_data table in the document's order with its required flags and String(N) limits, the
 * resp_data table (every field, in the order of the seed's examples), the result_state values
 * and the typed request and response. `enterprise_num` is declared String(10) but the seed's
 * examples send 19 and 8 characters: the schema takes up to 32 and `enterpriseNumTooLong` says
 * when a value is over the declared 10 (a warning, refused only in strict mode). Pure
 * declarations and checks: no I/O, no signatures, no decisions about agreements.
 */
import { compileSchema, type FieldProblem, type FieldSchema } from '../../core/codec/field-schema.ts';
import { parseLakalaTime } from './codec.ts';

export const SIGN_QRY_PATHS = ['/sit/api/v3/ltbs/dsf/sign_qry', '/api/v3/ltbs/dsf/sign_qry'] as const;

/** 0 签约, 1 解约 */
export type LakalaSignFlag = '0' | '1';
/** 5 已签约成功,重复签约 / 4 发起请求成功,等待验证 / 3 失败 / 2 签约/解约成功 */
export type LakalaResultState = '2' | '3' | '4' | '5';
export const RESULT_STATE_TEXT: Record<LakalaResultState, string> = {
  '2': '签约/解约成功',
  '3': '失败,具体信息看result_info',
  '4': '发起请求成功,等待验证',
  '5': '已签约成功,重复签约',
};

export interface SignQryReqData {
  merchant_no: string;
  term_no?: string;
  enterprise_num: string;
  corp_bank_code: string;
  sign_flag: LakalaSignFlag;
  cust_act: string;
  corp_act: string;
  protocol_code: string;
}

/** every field of the response table; "" where there is nothing to say */
export interface SignQryRespData {
  result_info_code: string;
  sign_flag: LakalaSignFlag;
  limit_amount: string;
  result_info: string;
  mobile: string;
  cert_num: string;
  cust_name: string;
  verify_code: string;
  cust_act: string;
  result_state: LakalaResultState;
  agreement_no: string;
}

/** resp_data in the key order of the seed's examples (agreement_no, absent there, last) */
export const SIGN_QRY_RESP_ORDER: readonly (keyof SignQryRespData)[] = [
  'result_info_code',
  'sign_flag',
  'limit_amount',
  'result_info',
  'mobile',
  'cert_num',
  'cust_name',
  'verify_code',
  'cust_act',
  'result_state',
  'agreement_no',
];

export const ENVELOPE_SCHEMA: FieldSchema = {
  version: { label: '版本号', required: true, fixed: '3.0' },
  req_time: {
    label: '请求时间',
    required: true,
    pattern: /^\d{14}$/,
    patternHint: ' yyyyMMddHHmmss',
    check: (v) => (parseLakalaTime(v) === undefined ? '不是真实的日期时间' : undefined),
    checkHint: 'a real date and time (Beijing)',
  },
  req_id: { label: '请求流水号', maxLength: 64 },
};

export const ENTERPRISE_NUM_DECLARED_MAX = 10;

export const SIGN_QRY_SCHEMA: FieldSchema = {
  merchant_no: {
    label: '商户号',
    required: true,
    maxLength: 32,
    doc: '拉卡拉数科提供; one configured for the appid (credentials `merchants`)',
  },
  term_no: { label: '终端号', maxLength: 32 },
  // declared String(10); the examples send 19 and 8 characters (see enterpriseNumTooLong)
  enterprise_num: {
    label: '企业编号',
    required: true,
    maxLength: 32,
    doc: '拉卡拉数科提供, one configured for the merchant; declared String(10): longer is a journal warning (refused in strict mode)',
  },
  corp_bank_code: {
    label: '发起方银行渠道代码',
    required: true,
    maxLength: 8,
    doc: '参见【银行渠道代码】; one configured for the merchant',
  },
  sign_flag: { label: '签约解约标记', required: true, maxLength: 1, enum: ['0', '1'], doc: '0 签约, 1 解约' },
  cust_act: { label: '客户方账号', required: true, maxLength: 32 },
  corp_act: { label: '企业方账号', required: true, maxLength: 32 },
  protocol_code: { label: '企业签约协议号', required: true, maxLength: 30 },
};

export const checkEnvelopeFields = compileSchema(ENVELOPE_SCHEMA);
export const checkSignQry = compileSchema(SIGN_QRY_SCHEMA);

/** req_data itself: a JSON object, or what is wrong */
export function reqDataProblem(v: unknown): FieldProblem | undefined {
  if (v === undefined || v === null)
    return { field: 'req_data', problem: 'missing', message: 'req_data (业务参数) 不能为空' };
  if (typeof v !== 'object' || Array.isArray(v))
    return { field: 'req_data', problem: 'type', message: 'req_data (业务参数) 类型错误: 应为 JSON 对象' };
  return undefined;
}

/** over the declared String(10) of enterprise_num (the examples are): a warning, or the strict refusal */
export function enterpriseNumTooLong(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const n = [...value].length;
  return n > ENTERPRISE_NUM_DECLARED_MAX
    ? `enterprise_num (企业编号) 长度 ${n} 超过文档声明的 String(${ENTERPRISE_NUM_DECLARED_MAX})`
    : undefined;
}
