/**
 * The public withhold (代扣) wire API, shared by the simulator, the reference client and the
 * contract tests. Re-exports only; it must not add logic or import anything stateful.
 */
export {
  DEFAULT_AES,
  checkAesSettings,
  decryptArgs,
  encodeAnswer,
  encodeCallback,
  encodeRequest,
  encryptArgs,
  formatPayTime,
  parseAnswer,
  parseJsonObject,
  unixSeconds,
} from './codec.ts';
export type { AesSettings, Parsed, WithholdAnswer, WithholdRequestInput } from './codec.ts';
export {
  WITHHOLD_AMOUNT_PATTERN,
  argsProblems,
  bizDataProblem,
  formatFen,
  parseYuanToFen,
  protocolNoOf,
  withholdEnvelopeSchema,
  withholdMethods,
  withholdRequestSchemas,
} from './fields.ts';
export type {
  ConfirmTiedCardArgs,
  ConfirmTiedCardResponse,
  PreTiedCardArgs,
  PreTiedCardResponse,
  SingleOrderQueryArgs,
  SingleWithholdArgs,
  WithholdArgsMap,
  WithholdCallback,
  WithholdMethod,
  WithholdOrderResponse,
  WithholdPayStatus,
  WithholdResponseMap,
  WithholdStatus,
} from './fields.ts';
export {
  callbackSign,
  callbackSignString,
  checkWithholdSign,
  verifyCallbackSign,
  withholdSign,
  withholdSignString,
} from './signer.ts';
export type { SignCheck, WithholdSignable } from './signer.ts';
export { sortedJson } from './sorted-json.ts';
