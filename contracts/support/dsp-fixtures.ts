/**
 * The values both sides of the DSP contract must agree on: participant names, the fixed clock,
 * the provider-state names and the contracts each interaction acts on. Pure data: the consumer
 * test imports it without pulling in the simulator, so it must not import any.
 */

/** the DSP reference client (clients/dsp.ts) calling the front */
export const DSP_HTTP_CONSUMER = 'dsp-merchant-client';
export const DSP_PROVIDER = 'dsp-simulator';

/** 2026-01-15 10:00:00 Beijing: the consumer's clock and the manual clock's start at verification */
export const DSP_CONTRACT_NOW = Date.parse('2026-01-15T02:00:00Z');
/** DSP_CONTRACT_NOW as TransTime (yyyy-MM-dd HH:mm:ss, Beijing) */
export const DSP_TRANS_TIME = '2026-01-15 10:00:00';
/** the example SMS code the consumer sends; the provider's filter puts the simulator's real one in */
export const DSP_EXAMPLE_SMS_CODE = '123456';

/** the contracts (identity fields), one per state */
export const DSP_CONTRACTS = {
  fresh: { AuthCode: 'PACT-AUTH-0001', PayAct: '79102100603450000018', RecAct: '6217661145901883428' },
  applied: { AuthCode: 'PACT-AUTH-0002', PayAct: '79102100603450000026', RecAct: '6217661145901883428' },
  cancelled: { AuthCode: 'PACT-AUTH-0003', PayAct: '79102100603450000034', RecAct: '6217661145901883428' },
} as const;

/**
 * Provider states, named after what is true. contracts/support/dsp-provider.ts sets each one up
 * on the simulator; keep them in step.
 */
export const DSP_STATES = {
  fresh: 'contract PACT-AUTH-0001 has no de-contract application',
  applied: 'contract PACT-AUTH-0002 has a de-contract application whose SMS code the filter knows',
  cancelled: 'contract PACT-AUTH-0003 is cancelled',
  nothing: 'the front knows no contract',
} as const;
export type DspStateName = (typeof DSP_STATES)[keyof typeof DSP_STATES];
