/**
 * The values both sides of the UnionPay contract must agree on: participant names, the merchant,
 * the fixed clock, the plan, the provider-state names and the contract and order numbers each
 * interaction uses. Pure data: the consumer test imports it without pulling in the simulator, so
 * it must not import any (nor read files: the consumer's key material is unionpay-consumer-pki.ts).
 */
import { join } from 'node:path';

/** the UnionPay reference client (clients/unionpay.ts) calling backTransReq.do */
export const UNIONPAY_HTTP_CONSUMER = 'unionpay-merchant-client';
export const UNIONPAY_PROVIDER = 'unionpay-simulator';

/** 2026-01-15 10:00:00 Beijing: the consumer's clock and the manual clock's start at verification */
export const UNIONPAY_CONTRACT_NOW = Date.parse('2026-01-15T02:00:00Z');
/** UNIONPAY_CONTRACT_NOW as txnTime (YYYYMMDDhhmmss, Beijing) */
export const CONTRACT_TXN_TIME = '20260115100000';

/** UnionPay's public test merchant: the simulator's default merId, so admin contracts are the client's */
export const MER_ID = '777290058110048';
export const PLAN_ID = 'PLAN0001';

/** committed consumer-side key material (generated once, see fixtures/unionpay/README.md) */
export const UNIONPAY_FIXTURE_DIR = join(import.meta.dirname, 'fixtures', 'unionpay');

/** contractIds; PEND04 is the simulator's magic prefix (scenario unionpay/pending-04) */
export const CONTRACTS = {
  active: 'CTR-ACTIVE-0001',
  initialised: 'CTR-INIT-0001',
  lost: 'CTR-LOST-0001',
  cancelled: 'CTR-CANCEL-0001',
  unknown: 'CTR-UNKNOWN-0404',
  pending: 'PEND04-0001',
} as const;

/** one orderId per interaction: 8–40 letters/digits, so the 12 (duplicate) check never meets two */
export const ORDER_IDS = {
  active01: 'PACT202601150001',
  initialised: 'PACT202601150002',
  lost: 'PACT202601150003',
  cancelled: 'PACT202601150004',
  unknown: 'PACT202601150005',
  pending: 'PACT202601150006',
  active21: 'PACT202601150007',
  active11: 'PACT202601150008',
  missingPlan: 'PACT202601150009',
} as const;

/**
 * Provider states, named after what is true, values in the name so the pact reads on its own.
 * contracts/support/unionpay-states.ts sets each one up on the simulator; keep them in step.
 */
export const UNIONPAY_STATES = {
  active: `contract ${CONTRACTS.active} of plan ${PLAN_ID} is active (tokenStatus 1)`,
  initialised: `contract ${CONTRACTS.initialised} of plan ${PLAN_ID} is initialised (tokenStatus 0)`,
  lost: `contract ${CONTRACTS.lost} of plan ${PLAN_ID} was reported lost (tokenStatus 2)`,
  cancelled: `contract ${CONTRACTS.cancelled} of plan ${PLAN_ID} was cancelled (tokenStatus 3)`,
  unknown: `no contract ${CONTRACTS.unknown} exists`,
  pending: `contract ${CONTRACTS.pending} answers 04 to its first two queries`,
} as const;

export type UnionPayStateName = (typeof UNIONPAY_STATES)[keyof typeof UNIONPAY_STATES];
