/**
 * Certificates for certificate-signing upstreams (UnionPay ACP, Lakala v3), written once: the
 * serial as decimal (UnionPay's certId) or hex (Lakala's serial_no), a CRLF PEM, the subject CN,
 * the chain check (leaf → middle → root, within dates) SDKs run before trusting a certificate,
 * RSA and SM2 key pairs and certificates for a test CA and its leaves, and PKCS#12 written and
 * opened (node:crypto cannot). Which certificates an upstream has, what they are called and which
 * CN rule its SDKs apply are the channel's (simulators/unionpay/test-pki.ts). It must not sign
 * wire messages or know any field name.
 */
import {
  X509Certificate,
  createPrivateKey,
  generateKeyPair,
  generateKeyPairSync,
  randomInt,
  sign,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { type NameAttribute, isSm2Certificate, sm2PublicKeyFromPem, verifySm2CertificateSignature } from './pki-sm2.ts';
import { rsaSignSha256, rsaVerifySha256 } from './rsa.ts';
import { type Sm2Signer, type Sm2Verifier, createSm2Signer, createSm2Verifier } from './sm2.ts';

export type { NameAttribute } from './pki-sm2.ts';

// ---- reading certificates ---------------------------------------------------------------------

/** The serial number in decimal (Java `getSerialNumber().toString()`): UnionPay's certId. */
export function certIdOf(certPem: string): string {
  return BigInt('0x' + new X509Certificate(certPem).serialNumber).toString(10);
}

/** The serial number in lower-case hex without leading zeros (Lakala's serial_no). */
export function serialHexOf(certPem: string): string {
  return BigInt('0x' + new X509Certificate(certPem).serialNumber).toString(16);
}

/** PEM with CRLF line breaks (UnionPay sends signPubKeyCert so). */
export function pemWithCrlf(pem: string): string {
  return pem.replace(/\r?\n/g, '\r\n');
}

/** The subject CN, unescaped (OpenSSL's RFC 2253 escaping of `,+"\<>;`). */
export function subjectCnOf(certPem: string): string | undefined {
  const line = new X509Certificate(certPem).subject.split('\n').find((l) => l.startsWith('CN='));
  return line?.slice(3).replace(/\\(.)/g, '$1');
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
 * self-signed. RSA and SM2 chains alike. A channel's CN rule is its own.
 */
export function verifyChain(leafPem: string, middlePem: string, rootPem: string, now: number | Date): ChainResult {
  const at = typeof now === 'number' ? now : now.getTime();
  try {
    const [leaf, middle, root] = [leafPem, middlePem, rootPem].map((p) => new X509Certificate(p)) as [
      X509Certificate,
      X509Certificate,
      X509Certificate,
    ];
    const named: Array<[string, X509Certificate]> = [
      ['leaf', leaf],
      ['middle', middle],
      ['root', root],
    ];
    for (const [role, cert] of named) {
      if (!within(cert, at))
        return { ok: false, reason: `${role} certificate is not valid at ${new Date(at).toISOString()}` };
    }
    if (!middle.ca || !root.ca) return { ok: false, reason: 'middle and root must be CA certificates' };
    if (!leaf.checkIssued(middle)) return { ok: false, reason: 'leaf was not issued by middle' };
    if (!middle.checkIssued(root)) return { ok: false, reason: 'middle was not issued by root' };
    if (!root.checkIssued(root)) return { ok: false, reason: 'root is not self-issued' };
    if (!signedBy(leafPem, middlePem, middle))
      return { ok: false, reason: 'leaf signature does not verify with middle' };
    if (!signedBy(middlePem, rootPem, root)) return { ok: false, reason: 'middle signature does not verify with root' };
    if (!signedBy(rootPem, rootPem, root)) return { ok: false, reason: 'root self-signature does not verify' };
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: `unreadable certificate: ${(e as Error).message}` };
  }
}

// ---- making a test CA ---------------------------------------------------------------------------

export const DAY_MS = 86_400_000;

export function yearsAfter(at: number, years: number): Date {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/** 11 decimal digits like UnionPay's own certIds (e.g. 68759663125): far below 2^53, unique per factory. */
export function serialFactory(): () => bigint {
  const used = new Set<number>();
  return () => {
    let n: number;
    do n = randomInt(10_000_000_000, 99_999_999_999);
    while (used.has(n));
    used.add(n);
    return BigInt(n);
  };
}

/** the subject of a test CA (`channel-sim TEST RSA ROOT`, `… OCA1`) and of a leaf it issues */
export const testCaName = (alg: string, role: 'ROOT' | 'OCA1'): NameAttribute[] => [
  { type: 'C', value: 'CN' },
  { type: 'O', value: 'channel-sim' },
  { type: 'CN', value: `channel-sim TEST ${alg} ${role}` },
];
export const testLeafName = (alg: string, cn: string): NameAttribute[] => [
  { type: 'C', value: 'CN' },
  { type: 'O', value: `channel-sim TEST ${alg} OCA1` },
  { type: 'OU', value: 'Enterprises' },
  { type: 'CN', value: cn },
];

// ---- RSA (node:crypto keys, node-forge certificates and PKCS#12) ------------------------------

export interface RsaKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  forgePrivate: forge.pki.rsa.PrivateKey;
  forgePublic: forge.pki.rsa.PublicKey;
}

const generateRsaKeyPair = promisify(generateKeyPair);

// node:crypto (OpenSSL; the async flavour runs on the thread pool, so four run at once) rather
// than forge's pure-JS keygen, which takes seconds per key.
export async function newRsaKeys(bits = 2048): Promise<RsaKeys> {
  return rsaKeys(await generateRsaKeyPair('rsa', { modulusLength: bits }));
}

export function newRsaKeysSync(bits = 2048): RsaKeys {
  return rsaKeys(generateKeyPairSync('rsa', { modulusLength: bits }));
}

export function rsaKeys({ privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject }): RsaKeys {
  return {
    privateKey,
    publicKey,
    forgePrivate: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    forgePublic: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

function forgeName(attrs: NameAttribute[]): forge.pki.CertificateField[] {
  const { PRINTABLESTRING, UTF8 } = forge.asn1.Type;
  // The typings call valueTagClass an asn1.Class; forge reads it as the universal tag number.
  return attrs.map((a) => ({
    shortName: a.type,
    value: a.value,
    valueTagClass: (a.type === 'C' ? PRINTABLESTRING : UTF8) as unknown as forge.asn1.Class,
  }));
}

export interface RsaCertSpec {
  serial: bigint;
  subject: NameAttribute[];
  issuer: NameAttribute[];
  notBefore: Date;
  notAfter: Date;
  publicKey: forge.pki.rsa.PublicKey;
  ca: boolean;
  usage: Record<string, boolean>;
  signingKey: KeyObject;
  issuerCert?: forge.pki.Certificate;
}

/** Exported by forge, missing from @types/node-forge. */
interface ForgeTbs {
  getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
}

export function rsaCertificate(spec: RsaCertSpec): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  let hex = spec.serial.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  cert.serialNumber = parseInt(hex.slice(0, 2), 16) >= 0x80 ? '00' + hex : hex; // stays positive
  cert.publicKey = spec.publicKey;
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  cert.setSubject(forgeName(spec.subject));
  cert.setIssuer(forgeName(spec.issuer));
  const authorityKeyId = (spec.issuerCert ?? cert).generateSubjectKeyIdentifier().getBytes();
  cert.setExtensions([
    { name: 'basicConstraints', cA: spec.ca, critical: true },
    { name: 'keyUsage', critical: true, ...spec.usage },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: authorityKeyId },
  ]);
  // What forge's cert.sign() does, with the RSA operation in node:crypto (forge's is pure JS).
  cert.signatureOid = cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption!;
  cert.tbsCertificate = (forge.pki as unknown as ForgeTbs).getTBSCertificate(cert);
  const tbs = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, spec.signingKey).toString('binary');
  return cert;
}

/** a forge certificate as PEM with LF line breaks */
export function forgePem(cert: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

/**
 * PKCS#12 of an RSA key and its chain (leaf first), 3DES: readable by old JDKs, PHP and OpenSSL 3 without the legacy
 * provider
 */
export function rsaPkcs12(
  key: forge.pki.rsa.PrivateKey,
  chain: forge.pki.Certificate[],
  password: string,
  friendlyName: string,
): Buffer {
  const p12 = forge.pkcs12.toPkcs12Asn1(key, chain, password, {
    algorithm: '3des',
    friendlyName,
    generateLocalKeyId: true,
  });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

/** The RSA key and its certificate out of a PKCS#12; throws an Error saying what is wrong. */
export function openPkcs12(pfx: Buffer, password: string): { certPem: string; privateKey: KeyObject } {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(pfx.toString('binary')), password);
  } catch (e) {
    throw new Error(`cannot open the PKCS#12 with this password (${(e as Error).message})`);
  }
  const { oids } = forge.pki;
  const keyBags = [
    ...(p12.getBags({ bagType: oids.pkcs8ShroudedKeyBag! })[oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: oids.keyBag! })[oids.keyBag!] ?? []),
  ];
  const key = keyBags[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  if (key === undefined) throw new Error('no RSA private key in the PKCS#12');
  const cert = (p12.getBags({ bagType: oids.certBag! })[oids.certBag!] ?? [])
    .map((b) => b.cert)
    .find((c) => c !== undefined && (c.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n));
  if (cert === undefined) throw new Error('no certificate in the PKCS#12 matches its private key');
  return { certPem: forgePem(cert), privateKey: createPrivateKey(forge.pki.privateKeyToPem(key)) };
}

/** whether an RSA private key belongs to a public key (a probe signature) */
export function rsaKeysMatch(privateKey: KeyObject, publicKey: KeyObject): boolean {
  return rsaVerifySha256('probe', rsaSignSha256('probe', privateKey), publicKey);
}

// ---- SM2 ----------------------------------------------------------------------------------------

export interface Sm2Identity {
  certPem: string;
  certId: string;
  privateKeyHex: string;
  publicKeyHex: string;
  signer: Sm2Signer;
  verifier: Sm2Verifier;
}

/** `publicKeyHex`: the certificate's key, when the caller knows it is the private key's (createSm2Signer) */
export function sm2Identity(certPem: string, privateKeyHex: string, publicKeyHex?: string): Sm2Identity {
  const signer = createSm2Signer(privateKeyHex, publicKeyHex);
  let verifier: Sm2Verifier | undefined;
  return {
    certPem,
    certId: certIdOf(certPem),
    privateKeyHex,
    publicKeyHex: signer.publicKeyHex,
    signer,
    // Built on first use: its precomputation costs ~75 ms and each side needs only one of the two.
    get verifier() {
      return (verifier ??= createSm2Verifier(signer.publicKeyHex));
    },
  };
}
