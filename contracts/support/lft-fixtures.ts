/**
 * The values both sides of the LFT contracts must agree on: the app and its MD5 key, the fixed
 * clock, the provider-state names, and the order numbers and payee each state creates. Pure data:
 * the consumer tests import it without pulling in the simulator, so it must not import any.
 */

/** the merchant app both the consumer tests and the simulator under verification use */
export const LFT_APP = { appId: 'APP01', key: 'contract-md5-key-0001' } as const;

/** 2026-01-15 10:00:00.000 Beijing: the manual clock's start, so examples and provider agree */
export const CONTRACT_NOW = Date.parse('2026-01-15T02:00:00Z');

/**
 * A sign that never verifies. The resign filter leaves requests carrying it untouched, which is how
 * the bad-signature interaction reaches the simulator with its bad sign.
 */
export const BAD_SIGN = '0'.repeat(32);

/** an example transNo the simulator will not hand out first: provider-state injection must replace it */
export const EXAMPLE_TRANS_NO = 'LFTP2026011599990042';
export const UNKNOWN_TRANS_NO = 'LFTP2026011599999999';

export const ORDERS = {
  /** POS pay-in left UNPAID (posclose) and the prepay examples */
  unpaid: { outReqNo: 'APP01-0001', amount: '100.00' },
  /** POS pay-in that was swiped (SUCCESS), later arrived */
  paid: { outReqNo: 'APP01-0002', amount: '100.00' },
  /** payout that settled SUCCESS */
  payoutOk: { outReqNo: 'APP01-0003', amount: '60.00' },
  /** payout that settled FAILURE (scenario lft/payout-failure) */
  payoutFailed: { outReqNo: 'APP01-0004', amount: '0.02' },
  /** QP pay-in declined at the cashier (scenario lft/payin-declined) */
  declined: { outReqNo: 'APP01-0005', amount: '0.02' },
  /** a QP prepay example */
  qp: { outReqNo: 'APP01-0006', amount: '100.00' },
  /** more than the 100.00 available: EP10008 */
  tooLarge: { outReqNo: 'APP01-0007', amount: '200.00' },
  /** never created: EP20002 */
  unknown: { outReqNo: 'APP01-404' },
} as const;

/** the payee of both payouts; outquery and the payout notification echo it */
export const PAYEE = {
  bankAccName: '李四',
  bankAccNum: '6222021234567890123',
  bankName: '中国工商银行股份有限公司北京海淀支行',
  bankCnaps: '102100000048',
  outType: 'OUT',
  remark: '退押金',
} as const;

/** what a funded protocol holds once its 100.00 pay-in has arrived */
export const FUNDED_AMOUNT = '100.00';

/**
 * Provider states, named after what is true, with the values in the name so a pact reads on its
 * own. contracts/support/lft-states.ts sets each one up on the simulator; keep them in step.
 */
export const LFT_STATES = {
  app: 'app APP01 is registered with the contract key',
  posProtocol: 'a POS protocol exists',
  qpProtocol: 'a QP protocol exists',
  funded: 'a POS protocol exists with 100.00 available',
  unpaid: 'a POS pay-in APP01-0001 of 100.00 is UNPAID',
  paid: 'a POS pay-in APP01-0002 of 100.00 was paid',
  arrived: 'the funds of POS pay-in APP01-0002 have arrived',
  declined: 'a QP pay-in APP01-0005 of 0.02 was declined',
  payoutOk: 'a payout APP01-0003 of 60.00 succeeded',
  payoutFailed: 'a payout APP01-0004 of 0.02 failed',
  noPayin: 'no pay-in APP01-404 exists',
  noProtocol: 'no protocol LFTP2026011599999999 exists',
} as const;

export type LftStateName = (typeof LFT_STATES)[keyof typeof LFT_STATES];

/** the Beijing time the contracts' fixed clock shows (2026-01-15 10:00) */
const FIXTURE_TIME = '2026-01-15 10:00:00';

/** an outquery answer's (and a payout notification's) data for a payout made from the fixtures */
export const outqueryVo = (
  order: { outReqNo: string; amount: string },
  result: { payStatus: string; code: string; msg: string },
  at: string = FIXTURE_TIME,
) => ({
  transNo: EXAMPLE_TRANS_NO,
  appId: LFT_APP.appId,
  channelType: 'LFT',
  amount: order.amount,
  outReqNo: order.outReqNo,
  payOrderNo: 'LFTO2026011500000001',
  bankAccName: PAYEE.bankAccName,
  bankAccNum: PAYEE.bankAccNum,
  bankName: PAYEE.bankName,
  bankCnaps: PAYEE.bankCnaps,
  outType: PAYEE.outType,
  remark: PAYEE.remark,
  payStatus: result.payStatus,
  payFinishTime: at,
  createTime: at,
  channelReturnCode: result.code,
  channelReturnMsg: result.msg,
});
