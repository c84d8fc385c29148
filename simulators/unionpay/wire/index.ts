/**
 * The public UnionPay ACP 5.1.0 wire API, shared by the simulator, the reference client and the
 * contract tests. Re-exports only; it must not add logic or import anything stateful.
 */
export {
  UNIONPAY_SIGN_METHODS, isUnionPaySignMethod, signUnionPay, unionPayDigestHex, unionPaySecureKeySignature, verifyUnionPay,
} from './signer.ts';
export type { UnionPayFields, UnionPaySignMethod, UnionPaySignOptions, UnionPayVerifyOptions } from './signer.ts';
export {
  UNIONPAY_REQUEST_CONTENT_TYPE, UNIONPAY_RESPONSE_CONTENT_TYPE, encodeFormBody, encodeUnionPayResponse, formatTxnTime, isSdkSafeValue,
  parseFormBody, parseTxnTime, parseUnionPayResponse,
} from './codec.ts';
export type { FormParse } from './codec.ts';
export {
  CONTRACT_QUERY_CONDITIONAL, CONTRACT_QUERY_RULES, CONTRACT_QUERY_TXN_SUB_TYPE, CONTRACT_QUERY_TXN_TYPE, PROBLEM_RESP_CODES,
  UNIONPAY_BACK_TRANS_PATH, UNIONPAY_ENVELOPE_RULES, UNIONPAY_RESP_CODES, UNIONPAY_TRANSACTIONS, UNIONPAY_VERSION,
  checkContractQuery, checkFieldValue, unionPayRespMsg,
} from './fields.ts';
export type {
  Problem, UnionPayAccessType, UnionPayContractQueryRequest, UnionPayContractQueryResponse, UnionPayFieldRule,
  UnionPayRespCode, UnionPayTokenStatus,
} from './fields.ts';
// The certificate and SM2 helpers a reference client needs to sign and to check an answer: the
// client reaches core/crypto only through this wire (design.md, who may import whom).
export { certIdOf, checkUnionPayCn, subjectCnOf, verifyChain } from '../../core/crypto/pki.ts';
export { isSm2Certificate, sm2PrivateKeyFromPem, sm2PublicKeyFromPem } from '../../core/crypto/pki-sm2.ts';
export { createSm2Signer } from '../../core/crypto/sm2.ts';
