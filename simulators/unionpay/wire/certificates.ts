/**
 * What UnionPay's SDKs check of signPubKeyCert besides the chain: the subject CN split on `@`
 * must have 中国银联股份有限公司 as its third part. Shared by the simulator's test PKI (which makes
 * such certificates) and the reference client (which checks them). The generic certificate
 * helpers (certId = decimal serial, chain check) are re-exported for the client, which imports
 * only this wire.
 */
import { subjectCnOf } from '../../core/crypto/pki.ts';

export {
  certIdOf,
  openPkcs12,
  pemWithCrlf,
  subjectCnOf,
  verifyChain,
  type ChainResult,
} from '../../core/crypto/pki.ts';

export const UNIONPAY_CN_COMPANY = '中国银联股份有限公司';

/** The SDKs' CN rule: split on '@', the third part must be 中国银联股份有限公司. */
export function checkUnionPayCn(certPem: string): boolean {
  try {
    return subjectCnOf(certPem)?.split('@')[2] === UNIONPAY_CN_COMPANY;
  } catch {
    return false;
  }
}
