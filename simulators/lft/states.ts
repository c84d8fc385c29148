/**
 * LFT's state machines and how LFT spells each state. A protocol (协议) just exists and holds
 * balances; a pay-in (入金) goes UNPAID → (PROCESSING) → SUCCESS | FAILURE, then on arrival of the
 * funds to ARRIVED (payStatus stays SUCCESS, arrivedStatus 02); a POS code can be closed while
 * unpaid. A payout/refund (出金) is accepted as PROCESSING, or queued as UNPAID (未出金) by a
 * scenario, and ends SUCCESS | FAILURE.
 */
import type { StateMachine } from '../core/outcome.ts';
import type { LftArrivedStatus, LftPayStatus } from './wire/index.ts';

export const lftMachines = {
  protocol: { initial: 'ACTIVE', transitions: { ACTIVE: [] }, outcomes: {} },
  payin: {
    initial: 'UNPAID',
    transitions: {
      UNPAID: ['PROCESSING', 'SUCCESS', 'FAILURE', 'CLOSED'],
      PROCESSING: ['SUCCESS', 'FAILURE'],
      SUCCESS: ['ARRIVED'],
      FAILURE: [],
      ARRIVED: [],
      CLOSED: [],
    },
    outcomes: { success: 'SUCCESS', failure: 'FAILURE', pending: 'PROCESSING' },
  },
  payout: {
    initial: 'PROCESSING',
    // UNPAID is 未出金: accepted and queued, not yet taken by the bank (a scenario's moveTo puts it there)
    transitions: {
      PROCESSING: ['UNPAID', 'SUCCESS', 'FAILURE'],
      UNPAID: ['PROCESSING', 'SUCCESS', 'FAILURE'],
      SUCCESS: [],
      FAILURE: [],
    },
    outcomes: { success: 'SUCCESS', failure: 'FAILURE', pending: 'PROCESSING' },
  },
} satisfies Record<string, StateMachine>;

/** payStatus as LFT reports it. A closed POS code reads as FAILURE (the spec has no CLOSED). */
export function payStatusOf(state: string): LftPayStatus {
  switch (state) {
    case 'ARRIVED':
      return 'SUCCESS';
    case 'CLOSED':
      return 'FAILURE';
    case 'UNPAID':
    case 'PROCESSING':
    case 'SUCCESS':
    case 'FAILURE':
      return state;
    default:
      return 'UNPAID';
  }
}

export function arrivedStatusOf(state: string): LftArrivedStatus {
  return state === 'ARRIVED' ? '02' : '01';
}
