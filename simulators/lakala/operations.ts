/**
 * Lakala's operation: 银直通签约解约查询 (`sign_qry`, seed 000) on both of the seed's paths (test
 * `/sit/api/v3/…` and production `/api/v3/…`), answering the state of one agreement (merchant_no +
 * cust_act + corp_act + protocol_code) for the sign_flag asked about, with every field of the
 * response table. A query never changes an agreement; one it does not know is brought into being
 * as the scenario says (default: as the seed's examples show it, result_state 2). Which answer a
 * state gives is states.ts's table; what a failure says is codes.ts's. Outcomes come from
 * scenarios, not from ifs here.
 */
import type { Fields, Operation, OperationContext, RuntimePorts } from '../core/channel.ts';
import { SimError, fieldProblemError } from '../core/errors.ts';
import { agreementKey, agreementKind, agreementNo, type AgreementData } from './agreements.ts';
import { DEFAULT_FAILURE, LAKALA_REASONS, LAKALA_RESULT_INFO } from './codes.ts';
import type { LakalaRuntime } from './runtime.ts';
import { CREATED_AS, READING, isAgreementState, type AgreementState, type StateReading } from './states.ts';
import { verifyCodeOf } from './verify-code.ts';
import {
  SIGN_QRY_PATHS,
  SIGN_QRY_RESP_ORDER,
  checkSignQry,
  enterpriseNumTooLong,
  type LakalaResultState,
  type LakalaSignFlag,
  type SignQryReqData,
  type SignQryRespData,
} from './wire/index.ts';

type Op = Operation<LakalaRuntime>;
type Ctx = OperationContext<LakalaRuntime>;

const notConfigured = (field: string, message: string) =>
  new SimError('SIM_ERR_WIRE_MERCHANT_UNKNOWN', message, { field });

function listed(field: 'enterprise_num' | 'corp_bank_code', label: string, value: string, allowed?: string[]): void {
  if (allowed && allowed.length > 0 && !allowed.includes(value))
    throw notConfigured(field, `${field} (${label}) ${value} 未配置给该商户 (可用: ${allowed.join(', ')})`);
}

function validate(fields: Fields, decoded: { merchant: string }, rt: LakalaRuntime, _ports: RuntimePorts): void {
  const problem = checkSignQry(fields)[0];
  if (problem) throw fieldProblemError(problem);
  const f = fields as unknown as SignQryReqData;
  const long = enterpriseNumTooLong(f.enterprise_num);
  if (long && rt.strict) throw new SimError('SIM_ERR_FIELD_INVALID', `${long} (严格模式)`, { field: 'enterprise_num' });
  const merchants = rt.apps.get(decoded.merchant);
  const merchant = merchants?.get(f.merchant_no);
  if (!merchant)
    throw notConfigured(
      'merchant_no',
      `merchant_no (商户号) ${f.merchant_no} 未配置给 appid=${decoded.merchant} (已配置: ${[...(merchants?.keys() ?? [])].join(', ') || '无'})`,
    );
  listed('enterprise_num', '企业编号', f.enterprise_num, merchant.enterprise_num);
  listed('corp_bank_code', '发起方银行渠道代码', f.corp_bank_code, merchant.corp_bank_code);
}

function execute(ctx: Ctx): void {
  if (ctx.order) return;
  const f = ctx.fields as unknown as SignQryReqData;
  const key = agreementKey(f);
  // the key is another app's agreement: to this one it does not exist
  if (ctx.store.get(key))
    throw new SimError('SIM_ERR_ORDER_NOT_FOUND', `签约协议 ${key} 不属于 appid=${ctx.decoded.merchant}`, {
      kind: 'agreement',
      field: 'protocol_code',
    });
  const state: AgreementState = isAgreementState(ctx.step.moveTo) ? ctx.step.moveTo : CREATED_AS[f.sign_flag];
  const data: AgreementData = {
    merchant_no: f.merchant_no,
    cust_act: f.cust_act,
    corp_act: f.corp_act,
    protocol_code: f.protocol_code,
    enterprise_num: f.enterprise_num,
    corp_bank_code: f.corp_bank_code,
    ...(f.term_no ? { term_no: f.term_no } : {}),
    agreement_no: agreementNo(key, ctx.now),
    origin: 'query',
  };
  ctx.createOrder({ key, kind: agreementKind, state, data });
}

const INFO_OF_REFUSAL = {
  not_signed: LAKALA_RESULT_INFO.not_signed,
  no_unsign: LAKALA_RESULT_INFO.no_unsign,
  unsigned: LAKALA_RESULT_INFO.unsigned_already,
  awaiting_sign: LAKALA_RESULT_INFO.awaiting_sign,
} as const;

/** result_state and its words for a reading of the agreement's state (states.ts) */
function resultOf(
  reading: StateReading,
  flag: LakalaSignFlag,
  reason: string | undefined,
): { result_state: LakalaResultState; result_info_code: string; result_info: string } {
  if ('refused' in reading) return { result_state: '3', ...INFO_OF_REFUSAL[reading.refused] };
  if ('failed' in reading) {
    const r = LAKALA_REASONS[(reason ?? DEFAULT_FAILURE) as keyof typeof LAKALA_REASONS] ?? LAKALA_REASONS.declined;
    return { result_state: '3', result_info_code: r.result_info_code, result_info: r.result_info };
  }
  const info = {
    '2': flag === '0' ? LAKALA_RESULT_INFO.signed : LAKALA_RESULT_INFO.unsigned,
    '4': LAKALA_RESULT_INFO.awaiting,
    '5': LAKALA_RESULT_INFO.repeat,
  }[reading.result];
  return { result_state: reading.result, ...info };
}

function render(ctx: Ctx): SignQryRespData {
  const order = ctx.order!;
  const d = agreementKind.data(order);
  const flag = ctx.fields.sign_flag as LakalaSignFlag;
  const state = isAgreementState(order.state) ? order.state : 'SIGNED';
  const result = resultOf(READING[state][flag], flag, order.reason);
  // an agreement that exists at the bank: signed (2, 5) or unsigned (2 for an unsign)
  const done = result.result_state === '2' || result.result_state === '5';
  const agreement_no = done ? d.agreement_no : '';
  const out: SignQryRespData = {
    ...result,
    sign_flag: flag,
    limit_amount: d.holder?.limit_amount ?? '',
    mobile: d.holder?.mobile ?? '',
    cert_num: d.holder?.cert_num ?? '',
    cust_name: d.holder?.cust_name ?? '',
    cust_act: d.cust_act,
    agreement_no,
    verify_code: done
      ? verifyCodeOf({ ...d, agreement_no, sign_flag: flag, result_state: result.result_state }, ctx.runtime)
      : '',
  };
  // the seed's key order
  return Object.fromEntries(SIGN_QRY_RESP_ORDER.map((k) => [k, out[k]])) as unknown as SignQryRespData;
}

export const signQry: Op = {
  name: 'sign-qry',
  description: '银直通签约解约查询 (sign_qry): the state of one agreement for sign_flag 0 签约 / 1 解约',
  path: SIGN_QRY_PATHS,
  kind: 'agreement',
  validate,
  identify: (fields) => ({
    key: agreementKey(fields as unknown as SignQryReqData),
    creates: 'if-missing',
    kind: 'agreement',
    keyField: 'protocol_code',
  }),
  execute,
  render,
};
