/**
 * Provider states → simulator setups. Each handler starts from an empty simulator (admin reset),
 * then builds its state the way the world would: the merchant's calls through the reference
 * client, the payer and the bank as admin events (swipe, cashier-pay, arrive, settle), and the
 * clock moved to deliver notifications. Behaviour other than the default comes from the
 * repository's scenarios, picked per order with the x-sim-scenario header. Handlers return the
 * values the simulator generated (transNo) for Pact's provider-state injection. They must not
 * reach into the simulator's internals.
 */
import type { LftCashierType, LftOutpayData } from '../../simulators/lft/wire/index.ts';
import { FUNDED_AMOUNT, LFT_STATES, ORDERS, PAYEE, type LftStateName } from './lft-fixtures.ts';
import type { LftProvider } from './lft-provider.ts';
import { ok } from '../../test/support/results.ts';

/** what a handler returns: values injected where the pact says fromProviderState */
export type StateValues = Record<string, string> | undefined;

/** scenario ids (scenarios/lft/*.yaml) for states the default scenario does not produce */
export const STATE_SCENARIOS = {
  declined: 'lft/payin-declined',
  payoutFailed: 'lft/payout-failure',
} as const;

/** the pay-in that funds a protocol; its number is outside the range the contracts use */
const FUNDING = { outReqNo: 'APP01-9001', amount: FUNDED_AMOUNT };

export function lftStateHandlers(p: LftProvider): Record<LftStateName, () => Promise<StateValues>> {
  const protocol = async (cashierType: LftCashierType) =>
    (await ok(p.client.create({ channelType: 'LFT', transDesc: '租房押金托管', businessId: 'BIZ0001', cashierType })))
      .transNo;

  const prepay = (transNo: string, order: { outReqNo: string; amount: string }, scenario?: string) =>
    p.client.prepay(
      {
        transNo,
        outReqNo: order.outReqNo,
        amount: order.amount,
        prodCatalog: '02',
        outSuccessNotifyUrl: `${p.sinkUrl}/paid`,
        outArrivedNotifyUrl: `${p.sinkUrl}/arrived`,
      },
      { scenario },
    );

  /** an outside-world event, then the clock stands still while its notifications go out */
  const happen = async (orderKey: string, event: string) => {
    await p.event(orderKey, event);
    await p.advance(0);
  };

  /** a POS protocol whose 100.00 pay-in was swiped and has arrived: 100.00 available */
  const funded = async () => {
    const transNo = await protocol('POS');
    await prepay(transNo, FUNDING);
    await happen(FUNDING.outReqNo, 'swipe');
    await happen(FUNDING.outReqNo, 'arrive');
    return transNo;
  };

  const payout = (transNo: string, order: { outReqNo: string; amount: string }, scenario?: string) => {
    const data: LftOutpayData = {
      transNo,
      outReqNo: order.outReqNo,
      amount: order.amount,
      channelType: 'LFT',
      outNotifyUrl: `${p.sinkUrl}/payout`,
      ...PAYEE,
    };
    return p.client.outpay(data, { scenario });
  };

  /** reset first, so every interaction starts from the same empty simulator */
  const state = (setup: () => Promise<string | void>) => async (): Promise<StateValues> => {
    await p.reset();
    const transNo = await setup();
    return transNo ? { transNo } : undefined;
  };

  return {
    [LFT_STATES.app]: state(async () => {}),
    [LFT_STATES.posProtocol]: state(() => protocol('POS')),
    [LFT_STATES.qpProtocol]: state(() => protocol('QP')),
    [LFT_STATES.funded]: state(funded),
    [LFT_STATES.unpaid]: state(async () => {
      const transNo = await protocol('POS');
      await prepay(transNo, ORDERS.unpaid);
      return transNo;
    }),
    [LFT_STATES.paid]: state(async () => {
      const transNo = await protocol('POS');
      await prepay(transNo, ORDERS.paid);
      await happen(ORDERS.paid.outReqNo, 'swipe');
      return transNo;
    }),
    [LFT_STATES.arrived]: state(async () => {
      const transNo = await protocol('POS');
      await prepay(transNo, ORDERS.paid);
      await happen(ORDERS.paid.outReqNo, 'swipe');
      await happen(ORDERS.paid.outReqNo, 'arrive');
      return transNo;
    }),
    [LFT_STATES.declined]: state(async () => {
      const transNo = await protocol('QP');
      await prepay(transNo, ORDERS.declined, STATE_SCENARIOS.declined);
      await happen(ORDERS.declined.outReqNo, 'cashier-pay');
      return transNo;
    }),
    [LFT_STATES.payoutOk]: state(async () => {
      const transNo = await funded();
      await payout(transNo, ORDERS.payoutOk);
      await happen(ORDERS.payoutOk.outReqNo, 'settle');
      return transNo;
    }),
    [LFT_STATES.payoutFailed]: state(async () => {
      const transNo = await funded();
      await payout(transNo, ORDERS.payoutFailed, STATE_SCENARIOS.payoutFailed);
      await happen(ORDERS.payoutFailed.outReqNo, 'settle');
      return transNo;
    }),
    // nothing to build: an empty simulator knows neither
    [LFT_STATES.noPayin]: state(async () => {}),
    [LFT_STATES.noProtocol]: state(async () => {}),
  };
}
