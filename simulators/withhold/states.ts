/**
 * The withhold gateway's state machines, spelled as it spells them. A binding (签约) is
 * pre-bound when the SMS code is sent, confirmed by the code (it then holds the protocol_no), and
 * expires when never confirmed (or after three wrong codes); a confirmed protocol can be
 * terminated at the bank (解约, an outside-world event). A withhold order (单笔代扣) is `initial`
 * (accepted, not yet sent to the bank), `pending` (the bank is processing) or `wait_pay` (the
 * same stage as single-order-query spells it when a scenario asks), and ends `success` or `fail`.
 */
import type { StateMachine } from '../core/outcome.ts';
import type { WithholdPayStatus } from './wire/index.ts';

export const withholdMachines = {
  binding: {
    initial: 'pre_bound',
    transitions: { pre_bound: ['confirmed', 'expired'], confirmed: ['terminated'], expired: [], terminated: [] },
    outcomes: { success: 'confirmed', failure: 'expired' },
  },
  withhold: {
    initial: 'initial',
    transitions: {
      initial: ['pending', 'wait_pay', 'success', 'fail'],
      pending: ['wait_pay', 'success', 'fail'],
      wait_pay: ['pending', 'success', 'fail'],
      success: [],
      fail: [],
    },
    outcomes: { success: 'success', failure: 'fail', pending: 'pending' },
  },
} satisfies Record<string, StateMachine>;

/** pay_status as single-order-query answers it: the state itself */
export function queryPayStatus(state: string): WithholdPayStatus {
  return state === 'success' || state === 'fail' || state === 'pending' || state === 'wait_pay' ? state : 'initial';
}

/** pay_status as single-withhold and the callback spell it: their enum has no wait_pay (处理中 = pending) */
export function payStatus(state: string): WithholdPayStatus {
  const s = queryPayStatus(state);
  return s === 'wait_pay' ? 'pending' : s;
}
