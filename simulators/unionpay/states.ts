/**
 * UnionPay's one kind of record, the contract (签约协议, keyed by contractId), its state machine,
 * and how UnionPay spells each state (tokenStatus, spec 002: 0 初始化(未激活) / 1 激活 / 2 挂失 /
 * 3 注销(解绑)). The spec has no "expired" status, so EXPIRED is our own state that reads as
 * tokenStatus 1 with a tokenEndExpr already in the past: the merchant has to compare the date,
 * exactly as it must with the real gateway. A query never changes a contract, so the machine has
 * no outcome states: scenarios name states with moveTo, events (activate, report-lost, cancel,
 * expire) move them. Nothing here reads the wire.
 */
import type { StateMachine } from '../core/outcome.ts';
import type { UnionPayTokenStatus } from './wire/index.ts';

export const CONTRACT_STATES = ['INITIALISED', 'ACTIVE', 'LOST', 'EXPIRED', 'CANCELLED'] as const;
export type ContractState = (typeof CONTRACT_STATES)[number];

export const unionpayMachines = {
  contract: {
    initial: 'INITIALISED',
    transitions: {
      INITIALISED: ['ACTIVE', 'CANCELLED'],
      // 挂失, expiry, 注销
      ACTIVE: ['LOST', 'EXPIRED', 'CANCELLED'],
      // 解挂: a contract reported lost can be activated again
      LOST: ['ACTIVE', 'CANCELLED'],
      EXPIRED: ['CANCELLED'],
      CANCELLED: [],
    },
    outcomes: {},
  },
} satisfies Record<string, StateMachine>;

const TOKEN_STATUS = {
  INITIALISED: '0',
  ACTIVE: '1',
  LOST: '2',
  EXPIRED: '1',
  CANCELLED: '3',
} as const satisfies Record<ContractState, UnionPayTokenStatus>;

export function isContractState(s: unknown): s is ContractState {
  return typeof s === 'string' && (CONTRACT_STATES as readonly string[]).includes(s);
}

export function tokenStatusOf(state: string): UnionPayTokenStatus {
  return isContractState(state) ? TOKEN_STATUS[state] : '0';
}

/** tokenStatus → state, for contracts put in place through the admin API; 1 with a past
 *  tokenEndExpr is EXPIRED */
export function stateOfTokenStatus(tokenStatus: string, expired: boolean): ContractState | undefined {
  switch (tokenStatus) {
    case '0':
      return 'INITIALISED';
    case '1':
      return expired ? 'EXPIRED' : 'ACTIVE';
    case '2':
      return 'LOST';
    case '3':
      return 'CANCELLED';
    default:
      return undefined;
  }
}
