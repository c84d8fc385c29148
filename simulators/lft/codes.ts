/**
 * LFT's codes for everything the core can say. The spec (004) names only EP20001 协议不存在,
 * EP20002 入金订单不存在 and EP20003 出金订单不存在; the other EP1xxxx codes and the
 * channelReturnCode values are the simulator's own, in the same style (listed in the README).
 * Both tables are exhaustive: adding a reason or an error code without an LFT spelling fails to
 * compile.
 */
import type { SimErrorCode } from '../core/errors.ts';
import type { FailureReason } from '../core/outcome.ts';

export const LFT_NOT_FOUND: Readonly<Record<string, { code: string; msg: string }>> = {
  protocol: { code: 'EP20001', msg: '协议不存在' },
  payin: { code: 'EP20002', msg: '入金订单不存在' },
  payout: { code: 'EP20003', msg: '出金订单不存在' },
};

export const LFT_ERRORS = {
  SIM_ERR_WIRE_MALFORMED: { code: 'EP10001', msg: '请求报文格式错误' },
  SIM_ERR_WIRE_TOO_LARGE: { code: 'EP10001', msg: '请求报文过大' },
  SIM_ERR_WIRE_SIGNATURE: { code: 'EP10002', msg: '签名验证失败' },
  SIM_ERR_WIRE_MERCHANT_UNKNOWN: { code: 'EP10003', msg: '业务系统ID不存在' },
  SIM_ERR_WIRE_NOT_FOUND: { code: 'EP10404', msg: '接口不存在' },
  // LFT routes by path alone: a request on a known path always has its operation
  SIM_ERR_WIRE_NO_OPERATION: { code: 'EP10404', msg: '接口不存在' },
  SIM_ERR_FIELD_MISSING: { code: 'EP10004', msg: '必填参数为空' },
  SIM_ERR_FIELD_INVALID: { code: 'EP10005', msg: '参数格式错误' },
  SIM_ERR_ORDER_NOT_FOUND: { code: 'EP20002', msg: '订单不存在' },
  SIM_ERR_ORDER_DUPLICATE: { code: 'EP10006', msg: '业务系统请求流水号重复' },
  SIM_ERR_ORDER_STATE: { code: 'EP10007', msg: '订单状态不允许此操作' },
  SIM_ERR_FUNDS_INSUFFICIENT: { code: 'EP10008', msg: '可用金额不足' },
  SIM_ERR_SCENARIO_REJECTED: { code: 'EP99999', msg: '交易被拒绝' },
  SIM_ERR_SCENARIO_UNKNOWN: { code: 'EP10000', msg: '模拟器场景不存在' },
  SIM_ERR_INTERNAL: { code: 'EP99999', msg: '系统异常' },
  SIM_ERR_BOOT_SCENARIO: { code: 'EP99999', msg: '系统异常' },
  SIM_ERR_BOOT_CONFIG: { code: 'EP99999', msg: '系统异常' },
  SIM_ERR_ADMIN_UNAUTHORIZED: { code: 'EP99999', msg: '系统异常' },
  SIM_ERR_ADMIN_FORBIDDEN: { code: 'EP99999', msg: '系统异常' },
  SIM_ERR_ADMIN_BAD_REQUEST: { code: 'EP99999', msg: '系统异常' },
  SIM_ERR_ADMIN_NOT_FOUND: { code: 'EP99999', msg: '系统异常' },
} satisfies Record<SimErrorCode, { code: string; msg: string }>;

/**
 * A failed payment or payout shows channelReturnCode/Msg in the query VO; a request the upstream
 * refuses outright (outcome `rejected`) answers `code` with these instead of 0000.
 */
export const LFT_REASONS = {
  declined: { channelReturnCode: 'F1001', channelReturnMsg: '交易被发卡行拒绝', code: 'EP30001', msg: '交易被拒绝' },
  insufficient_funds: { channelReturnCode: 'F1002', channelReturnMsg: '卡余额不足', code: 'EP30002', msg: '余额不足' },
  card_expired: { channelReturnCode: 'F1003', channelReturnMsg: '卡已过期', code: 'EP30003', msg: '卡已过期' },
  card_lost: { channelReturnCode: 'F1004', channelReturnMsg: '卡已挂失', code: 'EP30004', msg: '卡已挂失' },
  invalid_card: { channelReturnCode: 'F1005', channelReturnMsg: '无效卡号', code: 'EP30005', msg: '无效卡号' },
  invalid_account: {
    channelReturnCode: 'F2001',
    channelReturnMsg: '收款账户户名与账号不符',
    code: 'EP30006',
    msg: '收款账户信息有误',
  },
  limit_exceeded: {
    channelReturnCode: 'F1006',
    channelReturnMsg: '超过单笔或单日限额',
    code: 'EP30007',
    msg: '超过限额',
  },
  risk_rejected: {
    channelReturnCode: 'F1007',
    channelReturnMsg: '风控拦截',
    code: 'EP30008',
    msg: '交易存在风险, 已拦截',
  },
  account_frozen: {
    channelReturnCode: 'F2002',
    channelReturnMsg: '收款账户已冻结',
    code: 'EP30009',
    msg: '账户已冻结',
  },
  bank_unavailable: {
    channelReturnCode: 'F3001',
    channelReturnMsg: '银行系统维护中',
    code: 'EP30010',
    msg: '银行通道暂不可用',
  },
  timeout: { channelReturnCode: 'F3002', channelReturnMsg: '银行处理超时', code: 'EP30011', msg: '处理超时' },
  closed: { channelReturnCode: 'F1008', channelReturnMsg: 'POS六位码已关闭', code: 'EP30012', msg: '订单已关闭' },
  system_error: {
    channelReturnCode: 'F9999',
    channelReturnMsg: '系统异常',
    code: 'EP99999',
    msg: '系统繁忙, 请稍后重试',
  },
  rate_limited: {
    channelReturnCode: 'F9998',
    channelReturnMsg: '请求过于频繁',
    code: 'EP10009',
    msg: '请求过于频繁, 请稍后重试',
  },
  status_unknown: {
    channelReturnCode: 'F3003',
    channelReturnMsg: '银行处理结果未知',
    code: 'EP30013',
    msg: '交易状态未知, 请稍后查询',
  },
  in_progress: {
    channelReturnCode: 'F3004',
    channelReturnMsg: '银行处理中',
    code: 'EP30014',
    msg: '交易处理中, 请稍后查询',
  },
  not_found: { channelReturnCode: 'F1009', channelReturnMsg: '原交易不存在', code: 'EP20002', msg: '订单不存在' },
} satisfies Record<FailureReason, { channelReturnCode: string; channelReturnMsg: string; code: string; msg: string }>;

export const LFT_RETURN_OK = { channelReturnCode: '0000', channelReturnMsg: '交易成功' };
export const LFT_RETURN_PENDING = { channelReturnCode: '', channelReturnMsg: '' };
