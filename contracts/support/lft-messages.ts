/**
 * LFT's three notifications (pay result, arrival, payout result) as message pacts: for each, the
 * provider state that makes the simulator send it, the sink path it reaches, the order it is
 * about, the envelope's data the merchant may rely on and what its handler reads. The consumer
 * half is contracts/lft/callbacks.pact.test.ts; the provider half is `lftMessagePact`, which the
 * verifier's child process imports (so: no vitest here).
 */
import type { LftOutqueryVo, LftPayinVo } from '../../simulators/lft/wire/index.ts';
import { VALUE, jsonObjectText, type StringMatcher } from './json-data-matcher.ts';
import { EXAMPLE_TRANS_NO, LFT_APP, LFT_STATES, ORDERS, outqueryVo, type LftStateName } from './lft-fixtures.ts';
import { startLftProvider, type LftProvider } from './lft-provider.ts';
import { lftStateHandlers } from './lft-states.ts';
import { LFT_MESSAGE_CONSUMER, LFT_PROVIDER, pactFile } from './pact-options.ts';
import type { MessagePact } from './verify-messages.ts';

const TIME = '2026-01-15 10:00:00';

const payinVo = (
  o: { outReqNo: string; amount: string },
  cashierType: 'POS' | 'QP',
  result: Record<string, string>,
) => ({
  transNo: EXAMPLE_TRANS_NO,
  appId: LFT_APP.appId,
  channelType: 'LFT',
  amount: o.amount,
  outReqNo: o.outReqNo,
  payOrderNo: 'LFTI2026011500000001',
  createTime: TIME,
  cashierType,
  ...result,
});
const PAYIN_PATTERNS = {
  transNo: VALUE.id,
  payOrderNo: VALUE.id,
  createTime: VALUE.dateTime,
  payFinishTime: VALUE.dateTime,
};
const PAID_POS = {
  posCode: '246801',
  payStatus: 'SUCCESS',
  payFinishTime: TIME,
  cardNum: '6222020200112233445',
  channelReturnCode: '0000',
};
const PAID_POS_PATTERNS = {
  ...PAYIN_PATTERNS,
  posCode: VALUE.posCode,
  cardNum: VALUE.cardNum,
  channelReturnCode: VALUE.any,
};

/** each message: its provider state, the sink path it goes to, the order it is about, its data */
export interface MessageSpec {
  description: string;
  state: LftStateName;
  path: '/paid' | '/arrived' | '/payout';
  outReqNo: string;
  data: StringMatcher;
  /** what the merchant's handler must read from it */
  reads: Partial<LftPayinVo> | Partial<LftOutqueryVo>;
}

export const MESSAGES: MessageSpec[] = [
  {
    description: 'a pay notification for a POS pay-in that succeeded',
    state: LFT_STATES.paid,
    path: '/paid',
    outReqNo: ORDERS.paid.outReqNo,
    data: jsonObjectText(payinVo(ORDERS.paid, 'POS', { ...PAID_POS, arrivedStatus: '01', payArriveTime: '' }), {
      patterns: PAID_POS_PATTERNS,
    }),
    reads: { outReqNo: ORDERS.paid.outReqNo, payStatus: 'SUCCESS', arrivedStatus: '01', amount: '100.00' },
  },
  {
    description: 'a pay notification for a QP pay-in that was declined',
    state: LFT_STATES.declined,
    path: '/paid',
    outReqNo: ORDERS.declined.outReqNo,
    // a failure must say why: the return code and message are non-empty
    data: jsonObjectText(
      payinVo(ORDERS.declined, 'QP', {
        payStatus: 'FAILURE',
        arrivedStatus: '01',
        payFinishTime: TIME,
        channelReturnCode: 'F1001',
        channelReturnMsg: '交易被发卡行拒绝',
      }),
      { patterns: { ...PAYIN_PATTERNS, channelReturnCode: VALUE.id, channelReturnMsg: VALUE.id } },
    ),
    reads: { outReqNo: ORDERS.declined.outReqNo, payStatus: 'FAILURE', channelReturnCode: 'F1001' },
  },
  {
    description: 'an arrival notification for a POS pay-in',
    state: LFT_STATES.arrived,
    path: '/arrived',
    outReqNo: ORDERS.paid.outReqNo,
    data: jsonObjectText(payinVo(ORDERS.paid, 'POS', { ...PAID_POS, arrivedStatus: '02', payArriveTime: TIME }), {
      patterns: { ...PAID_POS_PATTERNS, payArriveTime: VALUE.dateTime },
    }),
    reads: { outReqNo: ORDERS.paid.outReqNo, payStatus: 'SUCCESS', arrivedStatus: '02' },
  },
  {
    description: 'a payout notification for a payout that succeeded',
    state: LFT_STATES.payoutOk,
    path: '/payout',
    outReqNo: ORDERS.payoutOk.outReqNo,
    data: jsonObjectText(outqueryVo(ORDERS.payoutOk, { payStatus: 'SUCCESS', code: '0000', msg: '交易成功' }, TIME), {
      patterns: { ...PAYIN_PATTERNS, channelReturnCode: VALUE.any, channelReturnMsg: VALUE.any },
    }),
    reads: { outReqNo: ORDERS.payoutOk.outReqNo, payStatus: 'SUCCESS', amount: '60.00', outType: 'OUT' },
  },
];

/** the simulator's side: each message is the body it POSTed to the sink while its state was set up */
export const lftMessagePact: MessagePact<LftProvider> = {
  module: import.meta.url,
  provider: LFT_PROVIDER,
  pact: pactFile(LFT_MESSAGE_CONSUMER),
  start: startLftProvider,
  stateHandlers: lftStateHandlers,
  messageProviders: (p) =>
    Object.fromEntries(
      MESSAGES.map((m) => [m.description, async () => JSON.parse(p.notification(m.path, m.outReqNo)) as unknown]),
    ),
};
