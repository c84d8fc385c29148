/**
 * Message pacts for LFT's three notifications (pay result, arrival, payout result): the callback
 * leg, where LFT is the one calling. Consumer side: the merchant's handler, readLftNotification
 * from clients/lft.ts, must accept each signed envelope and read the VO it needs. Provider side:
 * the simulator produces each message the way it really does, by running the provider state's
 * scenario and capturing what it POSTs to a local merchant sink, and Pact's verifier matches
 * that body against the pact. The file writes, then verifies,
 * contracts/pacts/lft-merchant-notify-handler-lft-simulator.json.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PactV4, Verifier } from '@pact-foundation/pact';
import { readLftNotification } from '../../clients/lft.ts';
import type { LftOutqueryVo, LftPayinVo } from '../../simulators/lft/wire/index.ts';
import { VALUE, jsonObjectText, type StringMatcher } from '../support/json-data-matcher.ts';
import { lftNotification } from '../support/lft-envelopes.ts';
import { EXAMPLE_TRANS_NO, LFT_APP, LFT_STATES, ORDERS, PAYEE, type LftStateName } from '../support/lft-fixtures.ts';
import { startLftProvider, type LftProvider } from '../support/lft-provider.ts';
import { lftStateHandlers } from '../support/lft-states.ts';
import { LFT_MESSAGE_CONSUMER, LFT_PROVIDER, PACT_DIR, PACT_LOG_LEVEL, pactFile } from '../support/pact-options.ts';

const PACT = pactFile(LFT_MESSAGE_CONSUMER);
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
interface MessageSpec {
  description: string;
  state: LftStateName;
  path: '/paid' | '/arrived' | '/payout';
  outReqNo: string;
  data: StringMatcher;
  /** what the merchant's handler must read from it */
  reads: Partial<LftPayinVo> | Partial<LftOutqueryVo>;
}

const MESSAGES: MessageSpec[] = [
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
    data: jsonObjectText(
      {
        transNo: EXAMPLE_TRANS_NO,
        appId: LFT_APP.appId,
        channelType: 'LFT',
        amount: ORDERS.payoutOk.amount,
        outReqNo: ORDERS.payoutOk.outReqNo,
        payOrderNo: 'LFTO2026011500000001',
        bankAccName: PAYEE.bankAccName,
        bankAccNum: PAYEE.bankAccNum,
        bankName: PAYEE.bankName,
        bankCnaps: PAYEE.bankCnaps,
        outType: PAYEE.outType,
        remark: PAYEE.remark,
        payStatus: 'SUCCESS',
        payFinishTime: TIME,
        createTime: TIME,
        channelReturnCode: '0000',
        channelReturnMsg: '交易成功',
      },
      { patterns: { ...PAYIN_PATTERNS, channelReturnCode: VALUE.any, channelReturnMsg: VALUE.any } },
    ),
    reads: { outReqNo: ORDERS.payoutOk.outReqNo, payStatus: 'SUCCESS', amount: '60.00', outType: 'OUT' },
  },
];

describe('LFT notifications ↔ merchant notify handler (message consumer)', () => {
  const pact = new PactV4({
    consumer: LFT_MESSAGE_CONSUMER,
    provider: LFT_PROVIDER,
    dir: PACT_DIR,
    logLevel: PACT_LOG_LEVEL,
  });
  beforeAll(() => rmSync(PACT, { force: true }));

  it.each(MESSAGES.map((m) => [m.description, m] as const))('reads %s', async (_name, m) => {
    await pact
      .addAsynchronousInteraction()
      .given(m.state)
      .expectsToReceive(m.description, (b) => b.withJSONContent(lftNotification(m.data)))
      .executeTest(async (message) => {
        // the handler: verify the sign with the app key, then read the VO
        const read = readLftNotification(message.contents.content as object, LFT_APP);
        expect(read.appId).toBe(LFT_APP.appId);
        expect(read.data).toMatchObject(m.reads);
      });
  });
});

describe('LFT simulator sends the notifications the merchant reads (message provider)', () => {
  let provider: LftProvider;
  beforeAll(async () => {
    provider = await startLftProvider();
  });
  afterAll(async () => {
    await provider?.close();
  });

  it('verifies every message against what the simulator sends', async () => {
    // each message is the body the simulator POSTed to the sink while its state was set up
    const messageProviders = Object.fromEntries(
      MESSAGES.map((m) => [
        m.description,
        async () => JSON.parse(provider.notification(m.path, m.outReqNo)) as unknown,
      ]),
    );
    const verifier = new Verifier({
      provider: LFT_PROVIDER,
      pactUrls: [PACT],
      logLevel: PACT_LOG_LEVEL,
      stateHandlers: lftStateHandlers(provider),
      messageProviders,
    });
    await expect(verifier.verifyProvider()).resolves.toBeDefined();
  }, 60_000);
});
