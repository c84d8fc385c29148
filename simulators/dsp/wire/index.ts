/**
 * The public DSP (ATSYH XML) wire API, shared by the simulator, the reference client and the
 * contract tests. Re-exports only; it must not add logic or import anything stateful.
 */
export { DSP_CHARSETS, bodyAsText, chooseCharset, decodeText, dspCharsetOf, encodeText } from './charset.ts';
export type { CharsetChoice, DspCharset } from './charset.ts';
export {
  DSP_MAX_BODY_BYTES,
  DSP_MAX_DEPTH,
  dspContentType,
  encodeAtsyh,
  encodeDspRequest,
  encodeDspResponse,
  parseAtsyh,
  xmlText,
} from './codec.ts';
export type { AtsyhPart, Parsed } from './codec.ts';
export {
  DSP_APPLY_ACCEPTED_CODE,
  DSP_COMMAND_CODE,
  DSP_COMMON_FIELDS,
  DSP_DECONTRACT_FIELDS,
  DSP_KNOWN_FIELDS,
  DSP_REQUEST_COMMON,
  DSP_REQUEST_DETAIL,
  DSP_RESPONSE_COMMON,
  DSP_RESPONSE_DETAIL,
  DSP_STEPS,
  DSP_SUCCESS_CODE,
  DSP_TRANS_TYPE,
  DSP_VERSION,
  dspSchema,
  formatTransTime,
} from './fields.ts';
export type {
  DspDeSignState,
  DspField,
  DspRequestField,
  DspRequestFields,
  DspRespCode,
  DspResponseField,
  DspResponseFields,
  DspRuleSet,
  DspStep,
} from './fields.ts';
