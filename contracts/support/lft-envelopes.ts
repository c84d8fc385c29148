/**
 * LFT envelopes as Pact bodies: a signed request, a PayCommonVo response (success or error) and a
 * notification, each with a real example computed by the shared wire at the contract clock with
 * the contract key (the reference client verifies every sign, so the mock must answer signed),
 * and matchers where the provider's values differ: timestamp and sign by format, data by
 * json-data-matcher. Builds JSON only; it must not call Pact or the simulator.
 */
import { MatchersV3 } from '@pact-foundation/pact';
import { LFT_SUCCESS_CODE, LFT_SUCCESS_MSG, formatTimestamp, lftSign } from '../../simulators/lft/wire/index.ts';
import { CONTRACT_NOW, LFT_APP } from './lft-fixtures.ts';
import type { StringMatcher } from './json-data-matcher.ts';

export const CONTRACT_TIMESTAMP = formatTimestamp(CONTRACT_NOW);
/** what LFT sends and answers: JSON in UTF-8 */
export const LFT_JSON_HEADERS = { 'Content-Type': 'application/json;charset=UTF-8' };

const SIGN = '^[0-9a-f]{32}$';
const TIMESTAMP = '^\\d{17}$';

type Data = StringMatcher | string;
const exampleOf = (data: Data) => (typeof data === 'string' ? data : data.value);
const signOf = (data: Data) =>
  lftSign({ appId: LFT_APP.appId, data: exampleOf(data), timestamp: CONTRACT_TIMESTAMP }, LFT_APP.key);

/** `{appId, data, sign, timestamp}` as the client sends it; `sign` fixed only for the bad-sign case */
export function lftRequest(data: Data, opts: { sign?: string } = {}) {
  return {
    appId: LFT_APP.appId,
    data,
    sign: opts.sign ?? MatchersV3.regex(SIGN, signOf(data)),
    timestamp: MatchersV3.regex(TIMESTAMP, CONTRACT_TIMESTAMP),
  };
}

function lftResponse(code: string, msg: unknown, data: Data) {
  return {
    code,
    msg,
    data,
    appId: LFT_APP.appId,
    timestamp: MatchersV3.regex(TIMESTAMP, CONTRACT_TIMESTAMP),
    sign: MatchersV3.regex(SIGN, signOf(data)),
  };
}

/** code 0000: the call was understood; the business state is in data */
export const lftOk = (data: Data) => lftResponse(LFT_SUCCESS_CODE, MatchersV3.string(LFT_SUCCESS_MSG), data);

/** a non-0000 code with empty data; msg is the code's text exactly (the detail is the simulator's x-sim-detail) */
export const lftError = (code: string, msg: string) => lftResponse(code, msg, '');

/** a notification: the request envelope LFT POSTs to the merchant's notify URL */
export const lftNotification = (data: StringMatcher) => ({
  appId: LFT_APP.appId,
  data,
  sign: MatchersV3.regex(SIGN, signOf(data)),
  timestamp: MatchersV3.regex(TIMESTAMP, CONTRACT_TIMESTAMP),
});
