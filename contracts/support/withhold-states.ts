/**
 * Provider states → simulator setups, for the HTTP and the message pacts. Each handler starts
 * from an empty simulator (admin reset), then builds its state as the world would: the merchant's
 * calls through the reference client, the SMS code read from the admin order view (data.smsCode)
 * as a tester reads it off the phone, outcomes from the repository's scenarios by magic amount,
 * and the clock moved so callbacks go out. It records what the simulator made up (unique_code,
 * SMS code, protocol_no) for the resigner. It must not reach into the simulator's internals.
 */
import {
  CONTRACT_PERSON,
  EXAMPLE,
  ORDERS,
  WITHHOLD_STATES,
  WRONG_CODE,
  type WithholdStateName,
} from './withhold-fixtures.ts';
import type { WithholdProvider } from './withhold-provider.ts';

export function withholdStateHandlers(p: WithholdProvider): Record<WithholdStateName, () => Promise<undefined>> {
  const preBind = async () => {
    for (;;) {
      const pre = await p.client.preTiedCard(CONTRACT_PERSON);
      if (!pre.ok) throw new Error(`pre-tied-card: ${pre.msg}`);
      const order = (await p.admin('GET', `/orders/${pre.data.unique_code}`)) as { data: { smsCode: string } };
      // the wrong-code interaction needs a real code that is not the wrong one (one time in a million)
      if (order.data.smsCode === WRONG_CODE) continue;
      p.current.set(EXAMPLE.unique_code, pre.data.unique_code);
      p.current.set(EXAMPLE.smsCode, order.data.smsCode);
      return { unique_code: pre.data.unique_code, code: order.data.smsCode };
    }
  };
  const protocol = async () => {
    const { unique_code, code } = await preBind();
    const r = await p.client.confirmTiedCard({
      verification_code: code,
      unique_code,
      bank_card_number: CONTRACT_PERSON.bank_card_number,
      pay_type: CONTRACT_PERSON.pay_type,
    });
    if (!r.ok) throw new Error(`confirm-tied-card: ${r.msg}`);
    p.current.set(EXAMPLE.protocol_no, r.data.protocol_no);
    return r.data.protocol_no;
  };
  const withheld = async (order: { biz_order_no: string; amount: string }) => {
    const protocol_no = await protocol();
    const r = await p.client.singleWithhold({
      ...order,
      name: CONTRACT_PERSON.name,
      id_card_number: CONTRACT_PERSON.id_card_number,
      mobile: CONTRACT_PERSON.mobile,
      biz_data: [{ protocol_no }],
      notify_url: p.sinkUrl,
      pay_type: CONTRACT_PERSON.pay_type,
    });
    if (!r.ok) throw new Error(`single-withhold: ${r.msg}`);
    await p.advance(0); // the callback goes out
  };
  const fresh = (build: () => Promise<unknown>) => async (): Promise<undefined> => {
    await p.reset();
    await build();
    return undefined;
  };
  return {
    [WITHHOLD_STATES.merchant]: fresh(async () => undefined),
    [WITHHOLD_STATES.preBound]: fresh(preBind),
    [WITHHOLD_STATES.protocol]: fresh(protocol),
    [WITHHOLD_STATES.succeeded]: fresh(() => withheld(ORDERS.success)),
    [WITHHOLD_STATES.failed]: fresh(() => withheld(ORDERS.fail)),
  };
}
