/**
 * The withhold gateway's words for everything the core can say. The seed has no error codes: an
 * answer is `status "-1"` and a `message` (错误原因); these are the simulator's messages, in the
 * gateway's style, each followed by the detail that names the field. A failed withhold carries
 * `channel_response`, the channel's own failure text. Both tables are exhaustive: a new error
 * code or reason without a spelling here fails to compile.
 */
import type { SimErrorCode } from '../core/errors.ts';
import type { FailureReason } from '../core/outcome.ts';

export const WITHHOLD_NOT_FOUND: Readonly<Record<string, string>> = {
  binding: '签约记录不存在',
  protocol: '签约协议不存在',
  withhold: '订单不存在',
};

export const WITHHOLD_ERRORS = {
  SIM_ERR_WIRE_MALFORMED: '请求报文格式错误',
  SIM_ERR_WIRE_TOO_LARGE: '请求报文过大',
  SIM_ERR_WIRE_SIGNATURE: '签名错误',
  SIM_ERR_WIRE_MERCHANT_UNKNOWN: '请求方标识 ua 不存在',
  SIM_ERR_WIRE_NOT_FOUND: '接口不存在, 请以 POST 方式发送 JSON 请求',
  SIM_ERR_WIRE_NO_OPERATION: '接口不存在',
  SIM_ERR_FIELD_MISSING: '参数缺失',
  SIM_ERR_FIELD_INVALID: '参数错误',
  SIM_ERR_ORDER_NOT_FOUND: '记录不存在',
  SIM_ERR_ORDER_DUPLICATE: '重复请求',
  SIM_ERR_ORDER_STATE: '当前状态不允许此操作',
  SIM_ERR_FUNDS_INSUFFICIENT: '超过协议限额',
  SIM_ERR_SCENARIO_REJECTED: '交易被拒绝',
  SIM_ERR_SCENARIO_UNKNOWN: '模拟器场景不存在',
  SIM_ERR_INTERNAL: '系统异常',
  SIM_ERR_BOOT_SCENARIO: '系统异常',
  SIM_ERR_BOOT_CONFIG: '系统异常',
  SIM_ERR_ADMIN_UNAUTHORIZED: '系统异常',
  SIM_ERR_ADMIN_FORBIDDEN: '系统异常',
  SIM_ERR_ADMIN_BAD_REQUEST: '系统异常',
  SIM_ERR_ADMIN_NOT_FOUND: '系统异常',
} satisfies Record<SimErrorCode, string>;

/**
 * `channel_response` of a failed withhold, and the `message` when a scenario refuses a request
 * outright (outcome `rejected`) for that reason.
 */
export const WITHHOLD_REASONS = {
  declined: { channelResponse: '交易被发卡行拒绝', message: '交易被拒绝' },
  insufficient_funds: { channelResponse: '余额不足', message: '余额不足' },
  card_expired: { channelResponse: '卡已过期', message: '卡已过期' },
  card_lost: { channelResponse: '卡状态异常', message: '卡状态异常, 请联系发卡行' },
  invalid_card: { channelResponse: '无效卡号', message: '无效卡号' },
  invalid_account: { channelResponse: '户名不符', message: '持卡人信息不符' },
  limit_exceeded: { channelResponse: '超过单笔限额', message: '超过单笔限额' },
  risk_rejected: { channelResponse: '交易存在风险, 已拦截', message: '交易存在风险, 已拦截' },
  account_frozen: { channelResponse: '账户已冻结', message: '账户已冻结' },
  bank_unavailable: { channelResponse: '银行系统维护中', message: '银行通道暂不可用, 请稍后重试' },
  timeout: { channelResponse: '银行处理超时', message: '处理超时, 请稍后查询' },
  closed: { channelResponse: '交易已关闭', message: '交易已关闭' },
  system_error: { channelResponse: '系统异常', message: '系统繁忙, 请稍后重试' },
  rate_limited: { channelResponse: '交易过于频繁', message: '请求过于频繁, 请稍后重试' },
  status_unknown: { channelResponse: '银行处理结果未知', message: '交易状态未知, 请稍后查询' },
  in_progress: { channelResponse: '银行处理中', message: '交易处理中, 请稍后查询' },
  not_found: { channelResponse: '原交易不存在', message: '记录不存在' },
} satisfies Record<FailureReason, { channelResponse: string; message: string }>;

export const WITHHOLD_OK_MESSAGE = '成功';
