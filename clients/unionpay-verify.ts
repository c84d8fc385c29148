/**
 * How the UnionPay reference client checks an answer, as UnionPay's SDKs do (Java AcpService.validate
 * / the 国密 SDK): the signMethod is the one asked for; for 01/21 the signPubKeyCert chains to the
 * configured root through the middle CA within its dates and names 中国银联股份有限公司 as the third
 * `@` part of its CN, then the signature verifies with it (21: user ID = the certificate's serial);
 * for 11/12 the keyed hash matches. It only reads; it never repairs an answer.
 */
import { X509Certificate } from 'node:crypto';
import {
  certIdOf,
  checkUnionPayCn,
  isSm2Certificate,
  sm2PublicKeyFromPem,
  subjectCnOf,
  verifyChain,
  verifyUnionPay,
} from '../simulators/unionpay/wire/index.ts';
import { CertificateError, SignatureError, type RawResponse } from './http.ts';
import type { UnionPayClientOptions } from './unionpay.ts';

/** where a UnionPay error was met: the client has one operation */
export const unionPayContext = (response?: RawResponse) => ({
  channel: 'unionpay',
  operation: 'queryContractStatus',
  ...(response ? { response } : {}),
});

export interface Trust {
  root: string;
  middle: string;
}

export function trustFor(o: UnionPayClientOptions): Trust | undefined {
  if (o.signMethod === '01') {
    if (!o.rootCertPem || !o.middleCertPem)
      throw new Error('UnionPay client: signMethod 01 needs rootCertPem and middleCertPem to verify responses');
    return { root: o.rootCertPem, middle: o.middleCertPem };
  }
  if (o.signMethod === '21') {
    if (!o.sm2RootCertPem || !o.sm2MiddleCertPem)
      throw new Error('UnionPay client: signMethod 21 needs sm2RootCertPem and sm2MiddleCertPem to verify responses');
    return { root: o.sm2RootCertPem, middle: o.sm2MiddleCertPem };
  }
  return undefined;
}

/**
 * Java AcpService.validate / GmSDK: the certificate first (chain to root via middle within its
 * dates, CN's third `@` part), then the signature with that certificate's key. 21 uses the
 * certificate's serial as the SM2 user ID.
 */
export function verifyResponse(
  fields: Record<string, string>,
  o: UnionPayClientOptions,
  trust: Trust | undefined,
  at: number,
  response?: RawResponse,
): void {
  const signatureError = (message: string) => new SignatureError(message, unionPayContext(response));
  const certificateError = (message: string) => new CertificateError(message, unionPayContext(response));
  const signMethod = fields.signMethod;
  const claimed = `respCode=${fields.respCode ?? '?'} respMsg=${fields.respMsg ?? '?'}`;
  if (signMethod !== o.signMethod) {
    throw signatureError(
      `UnionPay 应答 signMethod=${signMethod ?? '(无)'}, 请求用的是 ${o.signMethod}; 未验证的应答 ${claimed}`,
    );
  }
  if (!fields.signature) throw signatureError(`UnionPay 应答没有 signature; 未验证的应答 ${claimed}`);
  if (signMethod === '11' || signMethod === '12') {
    if (!verifyUnionPay(fields, { secureKey: o.secureKey! }))
      throw signatureError(`UnionPay 应答签名 (signMethod ${signMethod}, secureKey) 验证失败; 未验证的应答 ${claimed}`);
    return;
  }
  const certPem = fields.signPubKeyCert;
  if (!certPem)
    throw certificateError(
      `UnionPay 应答没有 signPubKeyCert (5.1.0 的 signMethod ${signMethod} 应答必须携带验签证书); 未验证的应答 ${claimed}`,
    );
  try {
    new X509Certificate(certPem);
  } catch (e) {
    throw certificateError(`UnionPay 应答的 signPubKeyCert 不是可读的证书: ${(e as Error).message}`);
  }
  const chain = verifyChain(certPem, trust!.middle, trust!.root, at);
  if (!chain.ok)
    throw certificateError(`UnionPay 验签证书 signPubKeyCert 不可信: ${chain.reason} (按配置的 root/middle 证书验证)`);
  if (!checkUnionPayCn(certPem)) {
    throw certificateError(`UnionPay 验签证书 CN ${JSON.stringify(safeCn(certPem))} 的第三段不是 中国银联股份有限公司`);
  }
  let ok: boolean;
  if (signMethod === '01') {
    ok = verifyUnionPay(fields, { rsaPublicKey: certPem });
  } else {
    if (!isSm2Certificate(certPem))
      throw certificateError('UnionPay 应答 signMethod=21 但 signPubKeyCert 不是 SM2 证书');
    ok = verifyUnionPay(fields, { sm2PublicKey: sm2PublicKeyFromPem(certPem), sm2UserId: certIdOf(certPem) });
  }
  if (!ok)
    throw signatureError(
      `UnionPay 应答签名 (signMethod ${signMethod}) 用 signPubKeyCert 验证失败; 未验证的应答 ${claimed}`,
    );
}

function safeCn(certPem: string): string | undefined {
  try {
    return subjectCnOf(certPem);
  } catch {
    return undefined;
  }
}
