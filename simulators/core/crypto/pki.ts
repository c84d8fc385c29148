/**
 * Certificate helpers for certificate-signing upstreams (UnionPay ACP 5.1.0), as the wire needs
 * them: certId (the decimal serial), the CRLF PEM of signPubKeyCert, the subject CN and the SDKs'
 * `…@…@中国银联股份有限公司@…` rule, and the chain check (leaf → middle → root, within dates) the
 * SDKs run before trusting a certificate. Generating, writing and loading the simulator's own test
 * PKI lives in test-pki.ts (which uses this file, not the other way round). It must not sign
 * wire messages or know any field name.
 */
import { X509Certificate } from 'node:crypto';
import { isSm2Certificate, sm2PublicKeyFromPem, verifySm2CertificateSignature } from './pki-sm2.ts';

export const UNIONPAY_CN_COMPANY = '中国银联股份有限公司';

// ---- helpers the channel uses on the wire -----------------------------------------------------

/** certId = the certificate serial number in decimal (Java `getSerialNumber().toString()`). */
export function certIdOf(certPem: string): string {
  return BigInt('0x' + new X509Certificate(certPem).serialNumber).toString(10);
}

/** UnionPay responses carry signPubKeyCert as PEM with CRLF line breaks. */
export function pemWithCrlf(pem: string): string {
  return pem.replace(/\r?\n/g, '\r\n');
}

/** The subject CN, unescaped (OpenSSL's RFC 2253 escaping of `,+"\<>;`). */
export function subjectCnOf(certPem: string): string | undefined {
  const line = new X509Certificate(certPem).subject.split('\n').find((l) => l.startsWith('CN='));
  return line?.slice(3).replace(/\\(.)/g, '$1');
}

/** The SDKs' CN rule: split on '@', the third part must be 中国银联股份有限公司. */
export function checkUnionPayCn(certPem: string): boolean {
  try {
    return subjectCnOf(certPem)?.split('@')[2] === UNIONPAY_CN_COMPANY;
  } catch {
    return false;
  }
}

export type ChainResult = { ok: true } | { ok: false; reason: string };

function within(cert: X509Certificate, at: number): boolean {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  return Number.isFinite(from) && Number.isFinite(to) && from <= at && at <= to;
}

/** node:crypto cannot use SM2 public keys (X509Certificate.verify says false), hence the split. */
function signedBy(child: string, issuer: string, issuerX509: X509Certificate): boolean {
  if (isSm2Certificate(issuer)) return verifySm2CertificateSignature(child, sm2PublicKeyFromPem(issuer));
  return new X509Certificate(child).verify(issuerX509.publicKey);
}

/**
 * What the SDKs check before trusting signPubKeyCert (Java CertUtil.verifyCertificate /
 * PKIX without revocation, PHP openssl_x509_checkpurpose with root+middle): every certificate
 * valid at `now`, leaf issued and signed by middle, middle by root, middle and root CAs, root
 * self-signed. RSA and SM2 chains alike. The CN rule is separate (checkUnionPayCn).
 */
export function verifyChain(leafPem: string, middlePem: string, rootPem: string, now: number | Date): ChainResult {
  const at = typeof now === 'number' ? now : now.getTime();
  try {
    const [leaf, middle, root] = [leafPem, middlePem, rootPem].map((p) => new X509Certificate(p)) as [X509Certificate, X509Certificate, X509Certificate];
    const named: Array<[string, X509Certificate]> = [['leaf', leaf], ['middle', middle], ['root', root]];
    for (const [role, cert] of named) {
      if (!within(cert, at)) return { ok: false, reason: `${role} certificate is not valid at ${new Date(at).toISOString()}` };
    }
    if (!middle.ca || !root.ca) return { ok: false, reason: 'middle and root must be CA certificates' };
    if (!leaf.checkIssued(middle)) return { ok: false, reason: 'leaf was not issued by middle' };
    if (!middle.checkIssued(root)) return { ok: false, reason: 'middle was not issued by root' };
    if (!root.checkIssued(root)) return { ok: false, reason: 'root is not self-issued' };
    if (!signedBy(leafPem, middlePem, middle)) return { ok: false, reason: 'leaf signature does not verify with middle' };
    if (!signedBy(middlePem, rootPem, root)) return { ok: false, reason: 'middle signature does not verify with root' };
    if (!signedBy(rootPem, rootPem, root)) return { ok: false, reason: 'root self-signature does not verify' };
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: `unreadable certificate: ${(e as Error).message}` };
  }
}
