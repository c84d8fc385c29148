/**
 * UnionPay's respCode for everything the core can say: one exhaustive table for the simulator's
 * error codes and one for the neutral failure reasons a scenario's `rejected` step gives. The
 * codes and their texts are ACP's published 应答码 table (wire/fields.ts UNIONPAY_RESP_CODES); the
 * respMsg sent is that text with its internal code (wire/resp-msg.ts), never what exactly was
 * wrong. Adding an error code or a reason without a UnionPay spelling fails to compile.
 */
import type { SimErrorCode } from '../core/errors.ts';
import type { FailureReason } from '../core/outcome.ts';
import type { UnionPayRespCode } from './wire/index.ts';

export const UNIONPAY_ERRORS = {
  SIM_ERR_WIRE_MALFORMED: '10',
  SIM_ERR_WIRE_TOO_LARGE: '10',
  SIM_ERR_WIRE_SIGNATURE: '11',
  SIM_ERR_WIRE_MERCHANT_UNKNOWN: '31',
  // an unknown path: the gateway offers no such transaction here
  SIM_ERR_WIRE_NOT_FOUND: '32',
  // the gateway path, but a txnType/txnSubType no operation here takes
  SIM_ERR_WIRE_NO_OPERATION: '32',
  SIM_ERR_FIELD_MISSING: '13',
  SIM_ERR_FIELD_INVALID: '10',
  SIM_ERR_ORDER_NOT_FOUND: '34',
  // same merId + orderId + txnTime as an earlier request
  SIM_ERR_ORDER_DUPLICATE: '12',
  SIM_ERR_ORDER_STATE: '35',
  SIM_ERR_FUNDS_INSUFFICIENT: '64',
  // normally rendered by reason (below); this is the fallback without one
  SIM_ERR_SCENARIO_REJECTED: '01',
  SIM_ERR_SCENARIO_UNKNOWN: '99',
  SIM_ERR_INTERNAL: '99',
  SIM_ERR_BOOT_SCENARIO: '99',
  SIM_ERR_BOOT_CONFIG: '99',
  SIM_ERR_ADMIN_UNAUTHORIZED: '99',
  SIM_ERR_ADMIN_FORBIDDEN: '99',
  SIM_ERR_ADMIN_BAD_REQUEST: '99',
  SIM_ERR_ADMIN_NOT_FOUND: '99',
} as const satisfies Record<SimErrorCode, UnionPayRespCode>;

/** A scenario's `rejected` step: the reason → respCode (no tokenStatus is answered with these). */
export const UNIONPAY_REASONS = {
  declined: '01',
  insufficient_funds: '64',
  card_expired: '73',
  card_lost: '63',
  invalid_card: '61',
  invalid_account: '66',
  limit_exceeded: '33',
  risk_rejected: '38',
  account_frozen: '63',
  bank_unavailable: '02',
  // 03 交易通讯超时, 04 交易状态未明, 05 交易已受理: the three "query again" answers
  timeout: '03',
  status_unknown: '04',
  in_progress: '05',
  closed: '35',
  system_error: '99',
  rate_limited: '37',
  not_found: '34',
} as const satisfies Record<FailureReason, UnionPayRespCode>;
