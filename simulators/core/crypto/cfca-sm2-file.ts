/**
 * CFCA's `.sm2` key file (SADK's "PKCS12_SM2", what CFCA's test CA and UnionPay's GM test kit
 * hand a merchant, and the only form UnionPay's GM Java SDK reads a signing key from): Base64 of
 *
 *   SEQUENCE {
 *     INTEGER 1,
 *     SEQUENCE { OID 1.2.156.10197.6.1.4.2.1 (SM2 data), OID 1.2.156.10197.1.104 (SM4),
 *                OCTET STRING SM4-CBC(private key d, PKCS#7 padding) },
 *     SEQUENCE { OID 1.2.156.10197.6.1.4.2.1, OCTET STRING the signing certificate (DER) } }
 *
 * with the SM4 key and IV from the password: k = SM3-KDF(password, 32 bytes) (GM/T 0003's KDF:
 * SM3(password ‖ 00000001)), IV = k[0..16), key = k[16..32). The layout and the derivation are
 * read from two independent public implementations that agree: UnionPay's GM SDK demo
 * (GmUtil.readSm2File) and emmansun/gmsm (cfca.ParseSM2 / MarshalSM2, after SADK's
 * CombineSM2Data). Writing only: the tests read it back with an independent decoder. It knows
 * no channel: which file, which password and which SDK property are the channel's.
 */
import forge from 'node-forge';
import { kdf, sm4 } from 'sm-crypto-v2';
import { fromPem } from './pki-sm2.ts';

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

const CFCA_SM2_OID = { sm2Data: '1.2.156.10197.6.1.4.2.1', sm4: '1.2.156.10197.1.104' } as const;

const bin = (b: Uint8Array) => Buffer.from(b).toString('binary');
const u = (type: number, constructed: boolean, value: string | Asn1[]): Asn1 =>
  asn1.create(asn1.Class.UNIVERSAL, type, constructed, value);
const oid = (dotted: string) => u(asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes());

/** the SM4 key and IV a password stands for (both implementations: IV first, then the key) */
function cfcaSm2KeyIv(password: string): { key: Uint8Array; iv: Uint8Array } {
  const k = kdf(Buffer.from(password, 'utf8'), 32);
  return { iv: k.slice(0, 16), key: k.slice(16, 32) };
}

/**
 * The `.sm2` file's text for a private key (hex d) and its certificate (PEM), under a password:
 * Base64 in 76-character lines, as CFCA's files are written.
 */
export function cfcaSm2File(privateKeyHex: string, certPem: string, password: string): string {
  if (password === '') throw new Error('a CFCA .sm2 file needs a password');
  const { key, iv } = cfcaSm2KeyIv(password);
  const d = Buffer.from(privateKeyHex.padStart(64, '0'), 'hex');
  const sealed = sm4.encrypt(d, key, { mode: 'cbc', iv, padding: 'pkcs#7', output: 'array' });
  const file = u(asn1.Type.SEQUENCE, true, [
    u(asn1.Type.INTEGER, false, '\x01'),
    u(asn1.Type.SEQUENCE, true, [
      oid(CFCA_SM2_OID.sm2Data),
      oid(CFCA_SM2_OID.sm4),
      u(asn1.Type.OCTETSTRING, false, bin(sealed)),
    ]),
    u(asn1.Type.SEQUENCE, true, [
      oid(CFCA_SM2_OID.sm2Data),
      u(asn1.Type.OCTETSTRING, false, bin(fromPem(certPem, ['CERTIFICATE']))),
    ]),
  ]);
  const b64 = Buffer.from(asn1.toDer(file).getBytes(), 'binary').toString('base64');
  return `${b64.replace(/(.{76})(?!$)/g, '$1\n')}\n`;
}
