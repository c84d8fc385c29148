/**
 * The DSP front's UnifiedCode (统一签约码) table and how everything the core can say is spelled
 * in it. The document shows one code, EC801 with OriginalCode S (重复签约, example 3.2); every other
 * code is the simulator's own (marked `own`), in the same EC + three digits form, each with the
 * OriginalCode a bank behind the front might send before DSP maps it (the channel's own code:
 * absent for what the front refuses itself, RespCode -1). The tables for the core's error codes
 * and failure reasons are exhaustive: a new error code or reason without a spelling fails to
 * compile. Nothing here reads the wire.
 */
import type { SimErrorCode } from '../core/errors.ts';
import type { FailureReason } from '../core/outcome.ts';
import { DSP_APPLY_ACCEPTED_CODE, DSP_SUCCESS_CODE } from './wire/index.ts';

export interface UnifiedCodeEntry {
  /** RespInfo of an answer with this code */
  text: string;
  /** what the bank sent before mapping; absent: the front's own refusal (no bank involved) */
  original?: string;
  /** false only for the code the document itself shows */
  own: boolean;
}

const own = (text: string, original?: string): UnifiedCodeEntry => ({
  text,
  own: true,
  ...(original ? { original } : {}),
});

export const UNIFIED_CODES = {
  [DSP_SUCCESS_CODE]: own('解约成功', '0000'),
  [DSP_APPLY_ACCEPTED_CODE]: own('验证码已发送', '0001'),
  // the document's example 3.2 (a DeContract answer): RespCode 0, DeSignState fail, OriginalCode S and
  // RespInfo 重复签约, kept as the document spells it although the case is a repeated cancellation
  EC801: { text: '重复签约', original: 'S', own: false },
  EC802: own('无解约申请, 请先发送解约申请 (Step 01)', 'D1001'),
  EC803: own('短信验证码错误', 'D1002'),
  EC804: own('短信验证码已过期, 请重新申请', 'D1003'),
  EC805: own('短信验证码错误次数超限, 请重新申请', 'D1004'),
  EC806: own('账户信息不符', 'D2001'),
  EC807: own('签约协议不存在', 'D2002'),
  EC808: own('卡已过期', 'D2003'),
  EC809: own('卡已挂失', 'D2004'),
  EC810: own('卡号无效', 'D2005'),
  EC811: own('账户已冻结', 'D2006'),
  EC812: own('账户余额不足', 'D2007'),
  EC813: own('超出限额', 'D2008'),
  EC814: own('风控拒绝', 'D2009'),
  EC815: own('渠道拒绝解约', 'D2010'),
  EC816: own('签约协议已关闭', 'D2011'),
  EC817: own('请求过于频繁', 'D2012'),
  EC900: own('渠道处理中, 请稍后重试', 'D9001'),
  EC901: own('渠道结果未知, 请稍后重试', 'D9002'),
  EC902: own('渠道超时, 请稍后重试', 'D9003'),
  EC903: own('渠道暂不可用', 'D9004'),
  EC990: own('报文格式错误'),
  EC991: own('必填字段缺失'),
  EC992: own('字段格式错误'),
  EC993: own('不支持的交易'),
  EC994: own('当前状态不允许此操作'),
  EC999: own('系统异常', 'D9999'),
} as const satisfies Record<string, UnifiedCodeEntry>;

export type UnifiedCode = keyof typeof UNIFIED_CODES;

/** the front's answer to each of the core's errors (RespCode -1, unless a reason says otherwise) */
export const DSP_ERRORS = {
  SIM_ERR_WIRE_MALFORMED: 'EC990',
  SIM_ERR_WIRE_TOO_LARGE: 'EC990',
  SIM_ERR_WIRE_SIGNATURE: 'EC990',
  SIM_ERR_WIRE_MERCHANT_UNKNOWN: 'EC993',
  SIM_ERR_WIRE_NOT_FOUND: 'EC993',
  SIM_ERR_WIRE_NO_OPERATION: 'EC993',
  SIM_ERR_FIELD_MISSING: 'EC991',
  SIM_ERR_FIELD_INVALID: 'EC992',
  SIM_ERR_ORDER_NOT_FOUND: 'EC807',
  SIM_ERR_ORDER_DUPLICATE: 'EC801',
  SIM_ERR_ORDER_STATE: 'EC994',
  SIM_ERR_FUNDS_INSUFFICIENT: 'EC812',
  // normally rendered by reason (below); this is the fallback without one
  SIM_ERR_SCENARIO_REJECTED: 'EC815',
  SIM_ERR_SCENARIO_UNKNOWN: 'EC999',
  SIM_ERR_INTERNAL: 'EC999',
  SIM_ERR_BOOT_SCENARIO: 'EC999',
  SIM_ERR_BOOT_CONFIG: 'EC999',
  SIM_ERR_ADMIN_UNAUTHORIZED: 'EC999',
  SIM_ERR_ADMIN_FORBIDDEN: 'EC999',
  SIM_ERR_ADMIN_BAD_REQUEST: 'EC999',
  SIM_ERR_ADMIN_NOT_FOUND: 'EC999',
} as const satisfies Record<SimErrorCode, UnifiedCode>;

/** a scenario's reason → what the bank answered (DeSignState fail) */
export const DSP_REASONS = {
  declined: 'EC815',
  insufficient_funds: 'EC812',
  card_expired: 'EC808',
  card_lost: 'EC809',
  invalid_card: 'EC810',
  invalid_account: 'EC806',
  limit_exceeded: 'EC813',
  risk_rejected: 'EC814',
  account_frozen: 'EC811',
  bank_unavailable: 'EC903',
  timeout: 'EC902',
  closed: 'EC816',
  system_error: 'EC999',
  rate_limited: 'EC817',
  status_unknown: 'EC901',
  in_progress: 'EC900',
  not_found: 'EC807',
} as const satisfies Record<FailureReason, UnifiedCode>;

/** reasons that are not the bank's last word: a pending application stays, Step 02 may be sent again */
export const RETRYABLE_REASONS: ReadonlySet<FailureReason> = new Set<FailureReason>([
  'in_progress',
  'status_unknown',
  'timeout',
  'bank_unavailable',
  'rate_limited',
  'system_error',
]);
