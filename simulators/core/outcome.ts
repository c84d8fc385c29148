/**
 * The shared vocabulary between scenarios, the core and the channels: what a scripted step may
 * say about an order (Outcome), why an order failed (FailureReason), and how the core names
 * states. Channels translate these into their own codes (each channel's codes.ts); nothing here
 * may name an upstream field or code.
 */

/** What a step reports: the order moved to the channel's success / failure / pending state, or
 *  the upstream refused the request itself (an error code instead of a result). */
export const OUTCOMES = ['success', 'failure', 'pending', 'rejected'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Neutral reasons, rendered by every channel through an exhaustive table. */
export const FAILURE_REASONS = [
  'declined',
  'insufficient_funds',
  'card_expired',
  'card_lost',
  'invalid_card',
  'invalid_account',
  'limit_exceeded',
  'risk_rejected',
  'account_frozen',
  'bank_unavailable',
  'timeout',
  'closed',
  'system_error',
  'rate_limited',
  // the upstream cannot say yet: the result is unknown (query again later), or accepted and
  // still being processed; a record the request names does not exist
  'status_unknown',
  'in_progress',
  'not_found',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export function isFailureReason(v: unknown): v is FailureReason {
  return typeof v === 'string' && (FAILURE_REASONS as readonly string[]).includes(v);
}

/**
 * A channel's state machine for one kind of order. States are spelled the upstream's way (they
 * are data of the channel); `outcomes` says which state each outcome moves an order to.
 */
export interface StateMachine {
  initial: string;
  /** from → states it may move to */
  transitions: Record<string, readonly string[]>;
  outcomes: Partial<Record<Exclude<Outcome, 'rejected'>, string>>;
}

export function machineStates(m: StateMachine): string[] {
  const all = new Set<string>([m.initial, ...Object.keys(m.transitions)]);
  for (const tos of Object.values(m.transitions)) for (const s of tos) all.add(s);
  return [...all];
}

export function canMove(m: StateMachine, from: string, to: string): boolean {
  return from === to || (m.transitions[from] ?? []).includes(to);
}
