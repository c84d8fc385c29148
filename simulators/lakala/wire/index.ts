/**
 * The public Lakala (拉卡拉) open platform v3 wire API, shared by the simulator, the reference
 * client and the contract tests. Re-exports only; it must not add logic or import anything stateful.
 */
export { lakalaSign, lakalaSignMessage, lakalaVerify, normaliseSerial, sameSerial } from './signer.ts';
export type { LakalaSignedParts } from './signer.ts';
export {
  DOC_KEY_ORDER,
  LAKALA_AUTH_SCHEME,
  LKLAPI_HEADERS,
  SDK_KEY_ORDER,
  authorizationParts,
  formatAuthorization,
  parseAuthorization,
  readResponseSignature,
  responseHeaders,
} from './authorization.ts';
export type { AuthorizationParse, LakalaAuthorization, LakalaResponseSignature } from './authorization.ts';
export {
  LAKALA_CONTENT_TYPE,
  LAKALA_SUCCESS_CODE,
  LAKALA_SUCCESS_MSG,
  LAKALA_VERSION,
  encodeRequest,
  encodeResponse,
  formatLakalaTime,
  parseEnvelope,
  parseLakalaTime,
  unixSeconds,
} from './codec.ts';
export type { EnvelopeParse, LakalaRequestEnvelope, LakalaResponseEnvelope } from './codec.ts';
export {
  ENTERPRISE_NUM_DECLARED_MAX,
  ENVELOPE_SCHEMA,
  RESULT_STATE_TEXT,
  SIGN_QRY_PATHS,
  SIGN_QRY_RESP_ORDER,
  SIGN_QRY_SCHEMA,
  checkEnvelopeFields,
  checkSignQry,
  enterpriseNumTooLong,
  reqDataProblem,
} from './fields.ts';
export type { LakalaResultState, LakalaSignFlag, SignQryReqData, SignQryRespData } from './fields.ts';
// certificate helpers the reference client needs; it reaches core/crypto only through this wire
export { serialHexOf } from '../../core/crypto/pki.ts';
