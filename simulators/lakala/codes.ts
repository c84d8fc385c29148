/**
 * Lakala's codes for everything the core can say. The seed (000) names only `000000` 成功 and
 * "其他 失败"; every other ret_code and every result_info_code here is the simulator's own, in
 * Lakala's style (six digits; result_info_code a letter and four digits, `S0000` as the seed's
 * example 2), listed in the channel README as "simulator's own". The tables are exhaustive:
 * adding a SimError code or a failure reason without a Lakala spelling fails to compile. Which
 * field an error is about refines a few codes (a bad Authorization is not a bad signature).
 */
import type { SimErrorCode } from '../core/errors.ts';
import type { FailureReason } from '../core/outcome.ts';

export interface LakalaCode {
  ret_code: string;
  ret_msg: string;
}
const c = (ret_code: string, ret_msg: string): LakalaCode => ({ ret_code, ret_msg });

export const LAKALA_ERRORS = {
  SIM_ERR_WIRE_MALFORMED: c('100001', '请求报文格式错误'),
  SIM_ERR_WIRE_TOO_LARGE: c('100002', '请求报文过大'),
  SIM_ERR_WIRE_SIGNATURE: c('100004', '验签失败'),
  SIM_ERR_WIRE_MERCHANT_UNKNOWN: c('100005', 'appid不存在'),
  SIM_ERR_WIRE_NOT_FOUND: c('100404', '接口不存在'),
  SIM_ERR_WIRE_NO_OPERATION: c('100404', '接口不存在'),
  SIM_ERR_FIELD_MISSING: c('200001', '必填参数为空'),
  SIM_ERR_FIELD_INVALID: c('200002', '参数格式错误'),
  SIM_ERR_ORDER_NOT_FOUND: c('200004', '签约协议不存在'),
  SIM_ERR_ORDER_DUPLICATE: c('200005', '请求流水号重复'),
  SIM_ERR_ORDER_STATE: c('200006', '协议状态不允许此操作'),
  SIM_ERR_FUNDS_INSUFFICIENT: c('300002', '余额不足'),
  SIM_ERR_SCENARIO_REJECTED: c('300001', '交易被拒绝'),
  SIM_ERR_SCENARIO_UNKNOWN: c('999998', '模拟器场景不存在'),
  SIM_ERR_INTERNAL: c('999999', '系统异常'),
  SIM_ERR_BOOT_SCENARIO: c('999999', '系统异常'),
  SIM_ERR_BOOT_CONFIG: c('999999', '系统异常'),
  SIM_ERR_ADMIN_UNAUTHORIZED: c('999999', '系统异常'),
  SIM_ERR_ADMIN_FORBIDDEN: c('999999', '系统异常'),
  SIM_ERR_ADMIN_BAD_REQUEST: c('999999', '系统异常'),
  SIM_ERR_ADMIN_NOT_FOUND: c('999999', '系统异常'),
} as const satisfies Record<SimErrorCode, LakalaCode>;

/** a SimError about one of these fields answers this code instead of its code's */
export const LAKALA_ERRORS_BY_FIELD: Partial<Record<SimErrorCode, Record<string, LakalaCode>>> = {
  SIM_ERR_WIRE_SIGNATURE: { Authorization: c('100003', 'Authorization缺失或格式错误') },
  SIM_ERR_WIRE_MERCHANT_UNKNOWN: {
    serial_no: c('100006', '证书序列号不存在'),
    merchant_no: c('200003', '商户号未配置'),
    enterprise_num: c('200003', '企业编号未配置'),
    corp_bank_code: c('200003', '银行渠道代码未配置'),
  },
  SIM_ERR_FIELD_INVALID: { timestamp: c('100007', '请求时间戳超出允许范围') },
};

export interface LakalaReasonCodes extends LakalaCode {
  /** an agreement that failed for this reason: result_state 3 with these */
  result_info_code: string;
  result_info: string;
}
const r = (ret_code: string, ret_msg: string, result_info_code: string, result_info: string): LakalaReasonCodes => ({
  ret_code,
  ret_msg,
  result_info_code,
  result_info,
});

/** A reason a scenario gives: refusing the request (ret_code), or why an agreement failed (result_info_code). */
export const LAKALA_REASONS = {
  declined: r('300001', '交易被拒绝', 'E1001', '银行拒绝签约'),
  insufficient_funds: r('300002', '余额不足', 'E1002', '账户余额不足'),
  card_expired: r('300003', '卡已过期', 'E1003', '卡片已过有效期'),
  card_lost: r('300004', '卡已挂失', 'E1004', '卡片已挂失'),
  invalid_card: r('300005', '无效卡号', 'E1005', '无效卡号'),
  invalid_account: r('300006', '账户信息有误', 'E1006', '户名与账号不符'),
  limit_exceeded: r('300007', '超过限额', 'E1007', '超过银行签约限额'),
  risk_rejected: r('300008', '风控拦截', 'E1008', '交易存在风险,已拦截'),
  account_frozen: r('300009', '账户已冻结', 'E1009', '账户已冻结或状态异常'),
  bank_unavailable: r('300010', '银行通道暂不可用', 'E2001', '银行系统维护中'),
  timeout: r('300011', '处理超时', 'E2002', '客户未在规定时间内完成验证'),
  closed: r('300012', '协议已关闭', 'E2003', '协议已关闭'),
  system_error: r('999999', '系统繁忙,请稍后重试', 'E9999', '系统异常'),
  rate_limited: r('300013', '请求过于频繁,请稍后重试', 'E9998', '请求过于频繁'),
  status_unknown: r('300014', '交易状态未知,请稍后查询', 'E2004', '银行处理结果未知'),
  in_progress: r('300015', '交易处理中,请稍后查询', 'E2005', '银行处理中'),
  not_found: r('200004', '签约协议不存在', 'E2006', '签约协议不存在'),
} as const satisfies Record<FailureReason, LakalaReasonCodes>;

/** result_info_code / result_info of the answers that are not failures, and of the refusals in states.ts */
export const LAKALA_RESULT_INFO = {
  signed: { result_info_code: 'S0000', result_info: '签约成功' },
  unsigned: { result_info_code: 'S0000', result_info: '解约成功' },
  awaiting: { result_info_code: 'W0000', result_info: '发起请求成功,等待验证' },
  repeat: { result_info_code: 'S0001', result_info: '已签约成功,重复签约' },
  not_signed: { result_info_code: 'E3001', result_info: '协议未签约' },
  no_unsign: { result_info_code: 'E3002', result_info: '未查询到解约记录' },
  unsigned_already: { result_info_code: 'E3003', result_info: '协议已解约' },
  awaiting_sign: { result_info_code: 'E3004', result_info: '协议签约待验证,无法解约' },
} as const;

/** the reason a failed agreement without one shows */
export const DEFAULT_FAILURE: FailureReason = 'declined';
