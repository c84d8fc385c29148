/**
 * SM2 certificates and key files, which node-forge cannot make or read (its X.509 code is
 * RSA-only): X.509 v3 certificates with an SM2 public key (id-ecPublicKey 1.2.840.10045.2.1 on
 * curve sm2p256v1 1.2.156.10197.1.301) signed SM3withSM2 (1.2.156.10197.1.501) with the
 * default signer ID, as GM/T 0015 and OpenSSL 3 expect; PKCS#8 / SPKI PEM for the keys. DER is
 * built with forge's asn1 encoder and read back with the small TLV reader below, so the exact
 * signed bytes (TBSCertificate) are sliced from the input, never re-encoded. It must not know
 * UnionPay's names or file layout (pki.ts does) and it does no chain policy (verifyChain does).
 */
import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { SM2_DEFAULT_USER_ID, type Sm2Signer, createSm2Verifier, sm2PublicKeyFromPrivate } from './sm2.ts';

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  sm2p256v1: '1.2.156.10197.1.301',
  sm3WithSm2: '1.2.156.10197.1.501',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  commonName: '2.5.4.3',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
} as const;

/** One RDN per attribute, in order; C is a PrintableString, the rest UTF8String (Chinese CNs). */
export interface NameAttribute {
  type: 'C' | 'O' | 'OU' | 'CN';
  value: string;
}

export type KeyUsageBit =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign';
const KEY_USAGE_BITS: Record<KeyUsageBit, number> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
};

export interface Sm2CertificateSpec {
  /** positive, decimal or bigint; UnionPay's certId is this number in decimal */
  serial: bigint;
  subject: readonly NameAttribute[];
  issuer: readonly NameAttribute[];
  notBefore: Date;
  notAfter: Date;
  /** the certified key, 04‖x‖y hex */
  publicKeyHex: string;
  ca: boolean;
  keyUsage: readonly KeyUsageBit[];
  /** the issuer's key (the subject's own for a self-signed root) */
  issuerSigner: Sm2Signer;
}

const u = (type: number, value: string | Asn1[], constructed = Array.isArray(value)): Asn1 =>
  asn1.create(asn1.Class.UNIVERSAL, type, constructed, value);
const oid = (dotted: string): Asn1 => u(asn1.Type.OID, asn1.oidToDer(dotted).getBytes());
const bin = (bytes: Uint8Array): string => Buffer.from(bytes).toString('binary');
const derBytes = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');

/** DER INTEGER of a non-negative big number: minimal, with a 00 byte if the top bit is set. */
function positiveInteger(value: bigint): Asn1 {
  if (value < 0n) throw new Error('certificate integers must be non-negative');
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = '00' + hex;
  return u(asn1.Type.INTEGER, Buffer.from(hex, 'hex').toString('binary'));
}

function name(attrs: readonly NameAttribute[]): Asn1 {
  const types = { C: OID.country, O: OID.organization, OU: OID.organizationalUnit, CN: OID.commonName };
  return u(
    asn1.Type.SEQUENCE,
    attrs.map((a) =>
      u(asn1.Type.SET, [
        u(asn1.Type.SEQUENCE, [
          oid(types[a.type]),
          a.type === 'C'
            ? u(asn1.Type.PRINTABLESTRING, a.value)
            : u(asn1.Type.UTF8, Buffer.from(a.value, 'utf8').toString('binary')),
        ]),
      ]),
    ),
  );
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
function time(date: Date): Asn1 {
  return date.getUTCFullYear() < 2050
    ? u(asn1.Type.UTCTIME, asn1.dateToUtcTime(date))
    : u(asn1.Type.GENERALIZEDTIME, asn1.dateToGeneralizedTime(date));
}

const sm3WithSm2Algorithm = (): Asn1 => u(asn1.Type.SEQUENCE, [oid(OID.sm3WithSm2)]);

function sm2Spki(publicKeyHex: string): Asn1 {
  return u(asn1.Type.SEQUENCE, [
    u(asn1.Type.SEQUENCE, [oid(OID.ecPublicKey), oid(OID.sm2p256v1)]),
    u(asn1.Type.BITSTRING, '\x00' + bin(Buffer.from(publicKeyHex, 'hex'))),
  ]);
}

function keyUsageBits(bits: readonly KeyUsageBit[]): string {
  let value = 0;
  for (const b of bits) value |= 0x80 >> KEY_USAGE_BITS[b];
  let unused = 0;
  while (unused < 8 && value !== 0 && !(value & (1 << unused))) unused++;
  return String.fromCharCode(value === 0 ? 0 : unused, value);
}

function extension(id: string, critical: boolean, value: Asn1): Asn1 {
  return u(asn1.Type.SEQUENCE, [
    oid(id),
    ...(critical ? [u(asn1.Type.BOOLEAN, '\xff')] : []),
    u(asn1.Type.OCTETSTRING, asn1.toDer(value).getBytes()),
  ]);
}

/** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits. */
const keyIdentifier = (publicKeyHex: string): string =>
  bin(createHash('sha1').update(Buffer.from(publicKeyHex, 'hex')).digest());

/** DER INTEGER content → bigint (the SEQUENCE{r,s} of a certificate signature). */
function rsToDer(rs: Uint8Array): string {
  const r = BigInt('0x' + Buffer.from(rs.subarray(0, 32)).toString('hex'));
  const s = BigInt('0x' + Buffer.from(rs.subarray(32)).toString('hex'));
  return asn1.toDer(u(asn1.Type.SEQUENCE, [positiveInteger(r), positiveInteger(s)])).getBytes();
}

export function createSm2Certificate(spec: Sm2CertificateSpec): string {
  const issuerKeyHex = spec.issuerSigner.publicKeyHex;
  const tbs = u(asn1.Type.SEQUENCE, [
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [u(asn1.Type.INTEGER, '\x02')]),
    positiveInteger(spec.serial),
    sm3WithSm2Algorithm(),
    name(spec.issuer),
    u(asn1.Type.SEQUENCE, [time(spec.notBefore), time(spec.notAfter)]),
    name(spec.subject),
    sm2Spki(spec.publicKeyHex),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 3, true, [
      u(asn1.Type.SEQUENCE, [
        extension(OID.basicConstraints, true, u(asn1.Type.SEQUENCE, spec.ca ? [u(asn1.Type.BOOLEAN, '\xff')] : [])),
        extension(OID.keyUsage, true, u(asn1.Type.BITSTRING, keyUsageBits(spec.keyUsage))),
        extension(OID.subjectKeyIdentifier, false, u(asn1.Type.OCTETSTRING, keyIdentifier(spec.publicKeyHex))),
        extension(
          OID.authorityKeyIdentifier,
          false,
          u(asn1.Type.SEQUENCE, [asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, keyIdentifier(issuerKeyHex))]),
        ),
      ]),
    ]),
  ]);
  // Certificates are signed with the default signer ID (GM/T 0015), not a certId.
  const rs = spec.issuerSigner.signBytes(derBytes(tbs), SM2_DEFAULT_USER_ID);
  const cert = u(asn1.Type.SEQUENCE, [
    tbs, // forge's encoder is deterministic: the same node encodes to the bytes just signed
    sm3WithSm2Algorithm(),
    u(asn1.Type.BITSTRING, '\x00' + rsToDer(rs)),
  ]);
  return toPem('CERTIFICATE', derBytes(cert));
}

// ---- PEM and keys -------------------------------------------------------------------------

export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/(.{64})(?!$)/g, '$1\n')}\n-----END ${label}-----\n`;
}

/** The DER inside the first PEM block with one of these labels (CRLF or LF line breaks). */
export function fromPem(pem: string, labels: readonly string[]): Buffer {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (m === null || !labels.includes(m[1] ?? ''))
    throw new Error(`expected a PEM block labelled ${labels.join(' or ')}`);
  return Buffer.from((m[2] ?? '').replace(/\s+/g, ''), 'base64');
}

/** PKCS#8 PrivateKeyInfo wrapping an RFC 5915 ECPrivateKey, as `openssl genpkey -algorithm SM2` writes. */
export function sm2PrivateKeyToPem(privateKeyHex: string): string {
  const publicKeyHex = sm2PublicKeyFromPrivate(privateKeyHex);
  const ecPrivateKey = u(asn1.Type.SEQUENCE, [
    u(asn1.Type.INTEGER, '\x01'),
    u(asn1.Type.OCTETSTRING, bin(Buffer.from(privateKeyHex.padStart(64, '0'), 'hex'))),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 1, true, [
      u(asn1.Type.BITSTRING, '\x00' + bin(Buffer.from(publicKeyHex, 'hex'))),
    ]),
  ]);
  const info = u(asn1.Type.SEQUENCE, [
    u(asn1.Type.INTEGER, '\x00'),
    u(asn1.Type.SEQUENCE, [oid(OID.ecPublicKey), oid(OID.sm2p256v1)]),
    u(asn1.Type.OCTETSTRING, asn1.toDer(ecPrivateKey).getBytes()),
  ]);
  return toPem('PRIVATE KEY', derBytes(info));
}

export function sm2PublicKeyToPem(publicKeyHex: string): string {
  return toPem('PUBLIC KEY', derBytes(sm2Spki(publicKeyHex)));
}

// ---- reading DER ----------------------------------------------------------------------------

/** One DER element: tag byte, where its contents start, where it ends (exclusive). */
interface Tlv {
  tag: number;
  start: number;
  contents: number;
  end: number;
}

function readTlv(buf: Buffer, offset: number): Tlv {
  const tag = buf[offset];
  let lenByte = buf[offset + 1];
  if (tag === undefined || lenByte === undefined || (tag & 0x1f) === 0x1f) throw new Error('bad DER');
  let contents = offset + 2;
  let length = lenByte;
  if (lenByte & 0x80) {
    const n = lenByte & 0x7f;
    if (n === 0 || n > 4) throw new Error('bad DER length');
    length = 0;
    for (let i = 0; i < n; i++) {
      lenByte = buf[contents + i];
      if (lenByte === undefined) throw new Error('bad DER length');
      length = length * 256 + lenByte;
    }
    contents += n;
  }
  const end = contents + length;
  if (end > buf.length) throw new Error('truncated DER');
  return { tag, start: offset, contents, end };
}

function childrenOf(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contents; at < parent.end;) {
    const child = readTlv(buf, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

function nth(list: Tlv[], i: number): Tlv {
  const t = list[i];
  if (t === undefined) throw new Error('unexpected DER structure');
  return t;
}

const oidAt = (buf: Buffer, t: Tlv): string => asn1.derToOid(buf.subarray(t.contents, t.end).toString('binary'));

/** SubjectPublicKeyInfo → { algorithm, curve, key bits } */
function readSpki(buf: Buffer, spki: Tlv): { algorithm: string; curve?: string; keyHex: string } {
  const [alg, bits] = [nth(childrenOf(buf, spki), 0), nth(childrenOf(buf, spki), 1)];
  const algParts = childrenOf(buf, alg);
  const params = algParts[1];
  return {
    algorithm: oidAt(buf, nth(algParts, 0)),
    ...(params !== undefined && params.tag === 0x06 ? { curve: oidAt(buf, params) } : {}),
    keyHex: buf.subarray(bits.contents + 1, bits.end).toString('hex'),
  };
}

export interface CertificateParts {
  /** the exact signed bytes */
  tbs: Buffer;
  signatureAlgorithm: string;
  /** the signature BIT STRING's contents (DER SEQUENCE{r,s} for SM2) */
  signatureValue: Buffer;
  publicKeyAlgorithm: string;
  publicKeyCurve?: string;
  /** subjectPublicKey bits as hex (04‖x‖y for SM2) */
  publicKeyHex: string;
}

/** Splits any X.509 certificate (DER or PEM) into what a signature check needs. */
export function certificateParts(cert: string | Buffer): CertificateParts {
  const der = typeof cert === 'string' ? fromPem(cert, ['CERTIFICATE']) : cert;
  const top = readTlv(der, 0);
  const [tbs, sigAlg, sigValue] = [0, 1, 2].map((i) => nth(childrenOf(der, top), i)) as [Tlv, Tlv, Tlv];
  const tbsFields = childrenOf(der, tbs);
  // [0] version is optional (v1); the SPKI is the 6th or 7th element.
  const spki = nth(tbsFields, tbsFields[0]?.tag === 0xa0 ? 6 : 5);
  const key = readSpki(der, spki);
  return {
    tbs: der.subarray(tbs.start, tbs.end),
    signatureAlgorithm: oidAt(der, nth(childrenOf(der, sigAlg), 0)),
    signatureValue: der.subarray(sigValue.contents + 1, sigValue.end),
    publicKeyAlgorithm: key.algorithm,
    ...(key.curve !== undefined ? { publicKeyCurve: key.curve } : {}),
    publicKeyHex: key.keyHex,
  };
}

/** DER SEQUENCE{INTEGER r, INTEGER s} → 64-byte r‖s, or undefined if it is not one. */
function derToRs(sig: Buffer): Buffer | undefined {
  try {
    const seq = readTlv(sig, 0);
    if (seq.tag !== 0x30 || seq.end !== sig.length) return undefined;
    const ints = childrenOf(sig, seq);
    if (ints.length !== 2) return undefined;
    const parts = ints.map((t) => {
      if (t.tag !== 0x02) throw new Error('not an INTEGER');
      const hex = sig
        .subarray(t.contents, t.end)
        .toString('hex')
        .replace(/^(00)+/, '');
      if (hex.length > 64) throw new Error('too long');
      return Buffer.from(hex.padStart(64, '0'), 'hex');
    });
    return Buffer.concat(parts);
  } catch {
    return undefined;
  }
}

export function isSm2Certificate(cert: string | Buffer): boolean {
  const parts = certificateParts(cert);
  return parts.publicKeyAlgorithm === OID.ecPublicKey && parts.publicKeyCurve === OID.sm2p256v1;
}

/** True if `cert` carries an SM3withSM2 signature that `issuerPublicKeyHex` verifies. Never throws. */
export function verifySm2CertificateSignature(cert: string | Buffer, issuerPublicKeyHex: string): boolean {
  try {
    const parts = certificateParts(cert);
    if (parts.signatureAlgorithm !== OID.sm3WithSm2) return false;
    const rs = derToRs(parts.signatureValue);
    return (
      rs !== undefined &&
      createSm2Verifier(issuerPublicKeyHex, { precompute: false }).verifyBytes(parts.tbs, rs, SM2_DEFAULT_USER_ID)
    );
  } catch {
    return false;
  }
}

/** PKCS#8 ('PRIVATE KEY') or SEC1 ('EC PRIVATE KEY'; `openssl ec` says 'SM2 PRIVATE KEY') → 64 hex chars. */
export function sm2PrivateKeyFromPem(pem: string): string {
  const der = fromPem(pem, ['PRIVATE KEY', 'EC PRIVATE KEY', 'SM2 PRIVATE KEY']);
  let ec = readTlv(der, 0);
  let buf = der;
  if (/-----BEGIN PRIVATE KEY-----/.test(pem)) {
    const [, alg, octets] = [0, 1, 2].map((i) => nth(childrenOf(der, ec), i)) as [Tlv, Tlv, Tlv];
    const algParts = childrenOf(der, alg);
    if (
      oidAt(der, nth(algParts, 0)) !== OID.ecPublicKey ||
      algParts[1] === undefined ||
      oidAt(der, algParts[1]) !== OID.sm2p256v1
    ) {
      throw new Error('not an SM2 private key');
    }
    buf = der.subarray(octets.contents, octets.end);
    ec = readTlv(buf, 0);
  }
  const fields = childrenOf(buf, ec);
  const params = fields.find((t) => t.tag === 0xa0); // SEC1 [0] curve, absent inside PKCS#8
  if (params !== undefined && oidAt(buf, nth(childrenOf(buf, params), 0)) !== OID.sm2p256v1)
    throw new Error('not an SM2 private key');
  const d = nth(fields, 1);
  return buf.subarray(d.contents, d.end).toString('hex').padStart(64, '0');
}

/** SPKI ('PUBLIC KEY') or a certificate → SM2 public key 04‖x‖y hex. */
export function sm2PublicKeyFromPem(pem: string): string {
  if (pem.includes('BEGIN CERTIFICATE')) {
    const parts = certificateParts(pem);
    if (parts.publicKeyCurve !== OID.sm2p256v1) throw new Error('not an SM2 certificate');
    return parts.publicKeyHex;
  }
  const der = fromPem(pem, ['PUBLIC KEY']);
  const key = readSpki(der, readTlv(der, 0));
  if (key.algorithm !== OID.ecPublicKey || key.curve !== OID.sm2p256v1) throw new Error('not an SM2 public key');
  return key.keyHex;
}
