/**
 * What the withhold contracts share: the contract merchant and its key, the contract time, the
 * person and card every state binds, the provider-state names, and the example values the
 * consumer pact carries where the provider makes up its own (a unique_code, an SMS code, a
 * protocol_no): the re-encrypting resigner puts the real ones into `args`. Plain values only.
 */
import { withhold } from '../../simulators/withhold/index.ts';

export const WITHHOLD_CHANNEL = withhold;
/** the withhold reference client (clients/withhold.ts), its callback handler, and the simulator */
export const WITHHOLD_HTTP_CONSUMER = 'withhold-merchant-client';
export const WITHHOLD_MESSAGE_CONSUMER = 'withhold-merchant-notify-handler';
export const WITHHOLD_PROVIDER = 'withhold-simulator';
export const WITHHOLD_MERCHANT = { ua: 'UA-CONTRACT', aesKey: 'k-contract-16chr', payTypes: ['PAY01'] };
/** 2026-01-15 10:00:00 in Beijing */
export const CONTRACT_NOW = Date.parse('2026-01-15T02:00:00Z');
export const CONTRACT_SECONDS = String(CONTRACT_NOW / 1000);

export const CONTRACT_PERSON = {
  id_card_number: '11010519491231002X',
  bank_card_number: '6222020200112233446',
  mobile: '13800138000',
  name: '张三',
  pay_type: 'PAY01',
};

/** example values the provider replaces with its own (simulators/pact/withhold-resigner.ts) */
export const EXAMPLE = {
  unique_code: 'UC2026011500000001',
  smsCode: '246810',
  protocol_no: 'PN2026011500000001',
  pay_order_no: 'WP2026011500000001',
};
/** a code that is never right (the state makes sure the real one differs) */
export const WRONG_CODE = '000000';
/** a sign the resigner leaves alone: the bad-sign interaction */
export const BAD_SIGN = 'ffffffffffffffffffffffffffffffff';

export const ORDERS = {
  pending: { biz_order_no: 'BIZ-PACT-1', amount: '100.00' },
  success: { biz_order_no: 'BIZ-PACT-2', amount: '0.01' },
  fail: { biz_order_no: 'BIZ-PACT-3', amount: '0.03' },
} as const;

export const WITHHOLD_STATES = {
  merchant: 'merchant UA-CONTRACT is registered with pay type PAY01',
  preBound: 'a pre-binding of the contract card waits for its SMS code',
  protocol: 'the contract card has a confirmed protocol',
  succeeded: 'withhold BIZ-PACT-2 of 0.01 succeeded',
  failed: 'withhold BIZ-PACT-3 of 0.03 failed with 卡状态异常',
} as const;
export type WithholdStateName = (typeof WITHHOLD_STATES)[keyof typeof WITHHOLD_STATES];
