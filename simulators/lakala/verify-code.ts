/**
 * resp_data.verify_code (验签码, "企业-验签字"): a Base64 SHA256withRSA signature with a 1024-bit
 * key (the size of the seed's example 2: 172 Base64 characters) over the agreement fields
 * `agreement_no|merchant_no|cust_act|corp_act|protocol_code|sign_flag|result_state` (UTF-8), so a
 * merchant can check a successful answer with `verify-code.cer`. The seed does not say what the
 * real one signs; this is the simulator's choice (README). Deterministic (PKCS#1 v1.5), so an
 * agreement queried again reuses its code (a bounded cache in the runtime) instead of signing again.
 */
import { rsaSignSha256 } from '../core/crypto/rsa.ts';
import type { LakalaRuntime } from './runtime.ts';

export interface VerifyCodeFields {
  agreement_no: string;
  merchant_no: string;
  cust_act: string;
  corp_act: string;
  protocol_code: string;
  sign_flag: string;
  result_state: string;
}

export const verifyCodeMessage = (f: VerifyCodeFields): string =>
  [f.agreement_no, f.merchant_no, f.cust_act, f.corp_act, f.protocol_code, f.sign_flag, f.result_state].join('|');

/** how many codes the runtime keeps (a full cache starts again: a code is cheap to sign once more) */
const CACHED = 10_000;

export function verifyCodeOf(f: VerifyCodeFields, rt: Pick<LakalaRuntime, 'pki' | 'verifyCodes'>): string {
  const message = verifyCodeMessage(f);
  let code = rt.verifyCodes.get(message);
  if (code === undefined) {
    code = rsaSignSha256(message, rt.pki['verify-code'].privateKey);
    if (rt.verifyCodes.size >= CACHED) rt.verifyCodes.clear();
    rt.verifyCodes.set(message, code);
  }
  return code;
}
