/**
 * The public UnionPay ACP 5.1.0 wire API, shared by the simulator, the reference client and the
 * contract tests. Re-exports only; it must not add logic or import anything stateful.
 */
export {
  UNIONPAY_SIGN_METHODS,
  isUnionPaySignMethod,
  signUnionPay,
  unionPayDigestHex,
  unionPaySecureKeySignature,
  unionPaySecureKeyString,
  verifyUnionPay,
} from './signer.ts';
export type { UnionPayFields, UnionPaySignMethod, UnionPaySignOptions, UnionPayVerifyOptions } from './signer.ts';
export {
  UNIONPAY_REQUEST_CONTENT_TYPE,
  UNIONPAY_RESPONSE_CONTENT_TYPE,
  encodeFormBody,
  encodeUnionPayResponse,
  formatTxnTime,
  isSdkSafeValue,
  parseFormBody,
  parseTxnTime,
  parseUnionPayResponse,
} from './codec.ts';
export type { FormParse } from './codec.ts';
export {
  CONTRACT_QUERY_RULES,
  CONTRACT_QUERY_TXN_SUB_TYPE,
  CONTRACT_QUERY_TXN_TYPE,
  UNIONPAY_BACK_TRANS_PATH,
  UNIONPAY_ENVELOPE_RULES,
  UNIONPAY_RESP_CODES,
  UNIONPAY_VERSION,
  UNIONPAY_WORDING,
  checkContractQuery,
  checkEnvelope,
  checkFieldValue,
  contractQueryFields,
} from './fields.ts';
export { UNIONPAY_INTERNAL_CODES, unionPayInternalCode, unionPayRespMsg } from './resp-msg.ts';
export type {
  ContractQueryFieldsInput,
  UnionPayAccessType,
  UnionPayContractQueryRequest,
  UnionPayContractQueryResponse,
  UnionPayRespCode,
  UnionPayTokenStatus,
} from './fields.ts';
export {
  UNIONPAY_CN_COMPANY,
  certIdOf,
  checkUnionPayCn,
  openPkcs12,
  pemWithCrlf,
  subjectCnOf,
  verifyChain,
} from './certificates.ts';
export type { ChainResult } from './certificates.ts';
// The SM2 helpers a reference client needs to sign and to check an answer: the client reaches
// core/crypto only through this wire (design.md, who may import whom).
export { isSm2Certificate, sm2PrivateKeyFromPem, sm2PublicKeyFromPem } from '../../core/crypto/pki-sm2.ts';
export { createSm2Signer } from '../../core/crypto/sm2.ts';
