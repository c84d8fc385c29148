/**
 * The values both sides of the Lakala contract must agree on: participant names, the fixed clock,
 * the appid and merchant, the agreements each interaction asks about (the seed's example accounts;
 * PENDQ…, FAILACT…, REPEAT… are the simulator's magic protocol_code prefixes) and the
 * provider-state names. Pure data: the consumer test imports it without pulling in the simulator,
 * so it must not import any (nor read files).
 */
import { join } from 'node:path';

/** the Lakala reference client (clients/lakala.ts) calling sign_qry */
export const LAKALA_HTTP_CONSUMER = 'lakala-merchant-client';
export const LAKALA_PROVIDER = 'lakala-simulator';

/** 2026-01-15 10:00:00 Beijing: the consumer's clock and the manual clock's start at verification */
export const LAKALA_CONTRACT_NOW = Date.parse('2026-01-15T02:00:00Z');
export const LAKALA_CONTRACT_REQ_TIME = '20260115100000';

/** Lakala's documented test appid and the seed's merchant: the simulator's defaults */
export const APPID = 'OP00000003';
export const MERCHANT_NO = '4002024052370293947';

/** the committed fixture PKI the consumer side signs and verifies with (fixtures/lakala/README.md) */
export const LAKALA_FIXTURE_PKI = join(import.meta.dirname, 'fixtures', 'lakala', 'pki');

/** example 1's accounts, one protocol_code per interaction */
export const SIGN_ACCOUNTS = {
  merchant_no: MERCHANT_NO,
  enterprise_num: 'HN43000009023690002',
  corp_bank_code: 'GJ101',
  cust_act: '6227002920120342761',
  corp_act: '43050179373600000471',
} as const;
/** example 2's accounts */
export const UNSIGN_ACCOUNTS = {
  merchant_no: MERCHANT_NO,
  enterprise_num: 'QT330001',
  corp_bank_code: 'BR105',
  cust_act: '6217001540000547001',
  corp_act: '105330102',
} as const;

export const PROTOCOL_CODES = {
  signed: '2024052600001',
  unsigned: '2024052800003',
  holder: '2024052600002',
  pending: 'PENDQ20260115001',
  failed: 'FAILACT20260115001',
  repeat: 'REPEAT20260115001',
} as const;

/** a merchant_no the simulator does not configure for the appid */
export const UNKNOWN_MERCHANT_NO = '4002000000000009999';

/**
 * Provider states, named after what is true. contracts/support/lakala-states.ts sets each one up
 * on the simulator; keep them in step.
 */
export const LAKALA_STATES = {
  signed: `agreement ${PROTOCOL_CODES.signed} of merchant ${MERCHANT_NO} is signed`,
  unsigned: `agreement ${PROTOCOL_CODES.unsigned} of merchant ${MERCHANT_NO} was unsigned`,
  holder: `agreement ${PROTOCOL_CODES.holder} is signed, with its holder's name, ID and mobile on record`,
  pending: `agreement ${PROTOCOL_CODES.pending} awaits the customer's verification for its first two queries`,
  failed: `the sign of agreement ${PROTOCOL_CODES.failed} failed: the name does not match the account`,
  repeat: `agreement ${PROTOCOL_CODES.repeat} was already signed when it was signed again`,
  empty: 'the simulator knows only its default appid and merchant',
} as const;

export type LakalaStateName = (typeof LAKALA_STATES)[keyof typeof LAKALA_STATES];
