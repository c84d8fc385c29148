/**
 * Lakala's one kind of record here, the agreement (银直通签约协议: merchant_no + cust_act +
 * corp_act + protocol_code), its state machine, and how a query reads each state for the
 * sign_flag it asks about — result_state 2 签约/解约成功, 3 失败 (result_info_code/result_info
 * say why), 4 发起请求成功,等待验证, 5 已签约成功,重复签约 — as one table. A sign request
 * awaits verification, then is signed or fails; a signed agreement can be signed again (5) or
 * unsigned; an unsign can await verification and fail too. A query never moves an agreement:
 * scenarios (moveTo) and events do. Nothing here reads the wire.
 */
import type { StateMachine } from '../core/outcome.ts';
import type { LakalaResultState, LakalaSignFlag } from './wire/index.ts';

export const AGREEMENT_STATES = [
  'AWAITING_VERIFICATION',
  'SIGNED',
  'SIGN_FAILED',
  'REPEAT_SIGNED',
  'UNSIGN_AWAITING',
  'UNSIGNED',
  'UNSIGN_FAILED',
  'NEVER_SIGNED',
] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

export const lakalaMachines = {
  agreement: {
    initial: 'SIGNED',
    transitions: {
      AWAITING_VERIFICATION: ['SIGNED', 'SIGN_FAILED'],
      SIGNED: ['REPEAT_SIGNED', 'UNSIGN_AWAITING', 'UNSIGNED'],
      REPEAT_SIGNED: ['SIGNED', 'UNSIGN_AWAITING', 'UNSIGNED'],
      UNSIGN_AWAITING: ['UNSIGNED', 'UNSIGN_FAILED'],
      UNSIGN_FAILED: ['UNSIGN_AWAITING', 'UNSIGNED'],
      // a new sign request
      SIGN_FAILED: ['AWAITING_VERIFICATION'],
      UNSIGNED: ['AWAITING_VERIFICATION'],
      NEVER_SIGNED: ['AWAITING_VERIFICATION'],
    },
    outcomes: {},
  },
} satisfies Record<string, StateMachine>;

export function isAgreementState(s: unknown): s is AgreementState {
  return typeof s === 'string' && (AGREEMENT_STATES as readonly string[]).includes(s);
}

/** the state a query brings an unknown agreement into by default, by its sign_flag (the seed's examples: 2) */
export const CREATED_AS: Record<LakalaSignFlag, AgreementState> = { '0': 'SIGNED', '1': 'UNSIGNED' };

/**
 * How a query reads a state. `result`: 2 with 签约成功/解约成功 by the flag, 4, 5; `failed`: 3 with
 * the reason the agreement failed for; `refused`: 3 with one of the simulator's own info codes
 * (codes.ts LAKALA_RESULT_INFO) — a question the agreement cannot answer that way.
 */
export type StateReading =
  | { result: Exclude<LakalaResultState, '3'> }
  | { failed: true }
  | { refused: 'not_signed' | 'no_unsign' | 'unsigned' | 'awaiting_sign' };

const ok2: StateReading = { result: '2' };
export const READING: Record<AgreementState, Record<LakalaSignFlag, StateReading>> = {
  AWAITING_VERIFICATION: { '0': { result: '4' }, '1': { refused: 'awaiting_sign' } },
  SIGNED: { '0': ok2, '1': { refused: 'no_unsign' } },
  SIGN_FAILED: { '0': { failed: true }, '1': { refused: 'not_signed' } },
  REPEAT_SIGNED: { '0': { result: '5' }, '1': { refused: 'no_unsign' } },
  UNSIGN_AWAITING: { '0': ok2, '1': { result: '4' } },
  UNSIGNED: { '0': { refused: 'unsigned' }, '1': ok2 },
  UNSIGN_FAILED: { '0': ok2, '1': { failed: true } },
  NEVER_SIGNED: { '0': { refused: 'not_signed' }, '1': { refused: 'not_signed' } },
};

/** where the `verify` and `fail` events take an agreement that awaits verification */
export const VERIFIED: Partial<Record<AgreementState, AgreementState>> = {
  AWAITING_VERIFICATION: 'SIGNED',
  UNSIGN_AWAITING: 'UNSIGNED',
};
export const FAILED: Partial<Record<AgreementState, AgreementState>> = {
  AWAITING_VERIFICATION: 'SIGN_FAILED',
  UNSIGN_AWAITING: 'UNSIGN_FAILED',
};
