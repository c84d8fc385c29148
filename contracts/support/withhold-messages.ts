/**
 * The withhold result callback as message pacts: for each, the provider state that makes the
 * simulator send it, the order it is about and the example body (signed as the seed says). The
 * consumer half is contracts/withhold/callbacks.pact.test.ts; the provider half is
 * `withholdMessagePact`, which the verifier's child process imports (so: no vitest here).
 */
import { callbackSign } from '../../simulators/withhold/wire/index.ts';
import { pactFile } from './pact-options.ts';
import type { MessagePact } from './verify-messages.ts';
import {
  EXAMPLE,
  ORDERS,
  WITHHOLD_MESSAGE_CONSUMER,
  WITHHOLD_PROVIDER,
  WITHHOLD_STATES,
  type WithholdStateName,
} from './withhold-fixtures.ts';
import { startWithholdProvider, type WithholdProvider } from './withhold-provider.ts';
import { withholdStateHandlers } from './withhold-states.ts';

const TIME = '2026-01-15 10:00:00';

/** the example callback, signed as the seed says (md5 of the other fields' ascending-key JSON) */
function example(order: { biz_order_no: string }, pay_status: string, pay_time: string, channel_response: string) {
  const fields = {
    biz_order_no: order.biz_order_no,
    pay_order_no: EXAMPLE.pay_order_no,
    order_type: 'single_withhold',
    pay_type: 'PAY01',
    pay_status,
    pay_time,
    channel_response,
  };
  return { ...fields, sign: callbackSign(fields) };
}

export interface MessageSpec {
  description: string;
  state: WithholdStateName;
  biz_order_no: string;
  content: Record<string, string>;
}

export const MESSAGES: MessageSpec[] = [
  {
    description: 'a result callback for a withhold that succeeded',
    state: WITHHOLD_STATES.succeeded,
    biz_order_no: ORDERS.success.biz_order_no,
    content: example(ORDERS.success, 'success', TIME, ''),
  },
  {
    description: 'a result callback for a withhold that failed',
    state: WITHHOLD_STATES.failed,
    biz_order_no: ORDERS.fail.biz_order_no,
    content: example(ORDERS.fail, 'fail', '', '卡状态异常'),
  },
];

/** the simulator's side: each message is the callback it POSTed to the sink while its state was set up */
export const withholdMessagePact: MessagePact<WithholdProvider> = {
  module: import.meta.url,
  provider: WITHHOLD_PROVIDER,
  pact: pactFile(WITHHOLD_MESSAGE_CONSUMER, WITHHOLD_PROVIDER),
  start: startWithholdProvider,
  stateHandlers: withholdStateHandlers,
  messageProviders: (p) =>
    Object.fromEntries(
      MESSAGES.map((m) => [m.description, async () => JSON.parse(p.callback(m.biz_order_no)) as unknown]),
    ),
};
