/**
 * The DSP channel's one kind of record, the contract (签约协议, keyed by AuthCode or PolicyNo with
 * PayAct and RecAct), and its state machine: ACTIVE (签约中), APPLIED (解约申请已受理, an SMS code
 * is out), CANCELLED (已解约). Step 01 moves ACTIVE → APPLIED; Step 02 with the right code moves
 * APPLIED → CANCELLED, a bank refusal, an expired code or too many wrong tries move it back to
 * ACTIVE. Outside-world events: the contract is cancelled elsewhere (at the bank, by the payer),
 * or signed again. The operation decides the moves from the code and the scenario's reason, so the
 * machine maps no outcome (scenarios script bank answers with `reply.reason`, faults and delays);
 * how DSP spells a state is DeSignState: success only for CANCELLED. Nothing here reads the wire.
 */
import type { StateMachine } from '../core/outcome.ts';
import type { DspDeSignState } from './wire/index.ts';

export const CONTRACT_STATES = ['ACTIVE', 'APPLIED', 'CANCELLED'] as const;
export type ContractState = (typeof CONTRACT_STATES)[number];

export const dspMachines = {
  contract: {
    initial: 'ACTIVE',
    transitions: {
      ACTIVE: ['APPLIED', 'CANCELLED'],
      APPLIED: ['ACTIVE', 'CANCELLED'],
      // 重新签约: a cancelled contract signed again is active again
      CANCELLED: ['ACTIVE'],
    },
    outcomes: {},
  },
} satisfies Record<string, StateMachine>;

export function isContractState(s: unknown): s is ContractState {
  return typeof s === 'string' && (CONTRACT_STATES as readonly string[]).includes(s);
}

export function deSignStateOf(state: string): DspDeSignState {
  return state === 'CANCELLED' ? 'success' : 'fail';
}
