/**
 * SHA256withRSA known answers: a 1024-bit test key from `openssl genpkey` and signatures from
 * `printf '%s' … | openssl dgst -sha256 -sign key.pem | base64` (PKCS#1 v1.5 is deterministic).
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadRsaPrivateKey, loadRsaPublicKey, rsaSignSha256, rsaVerifySha256 } from './rsa.ts';

const PRIVATE_PEM = `-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAN7mp1bHkh1jzDQl
a9AIdhlrdgo12oysOdGV22iVNUZsIZd7lntG3D8RoORJ6GodO6YNDN5ZrJhGjNVy
pwoZZz0DRsvdLySPf00GsXJO2fPupImOzFz2KsRo7+CqAktijCqdIDZFtngoZ+KZ
lNl8IH4SJT2RxED1rfTX++EAktdJAgMBAAECgYAm6LxtOYkX+EO9FosrVU7IQSnp
vlzYEXhGTZJvPxx9noJ+nuQ1wLjRiZI8R2p6m3++DKkiZyTpr+cFm23tJWIPwQyQ
jiEGcNI2MmQ9Pzk189S8keoJdwzg8vLdquOzG/f2CA1o33tvTi9Ipr/mxBF0GACj
Yfj6yt4RTqaxAa31wQJBAPBTGz6sjKJE/GjMX7v5f3T4KoM+9c4Zs/HhsOfI1wN/
53RhxXiPo7m04aRBtgSvYyAHAFJXvJBJnt5GeqNR+P8CQQDtcJxUXC5DUoE1HO9o
e7q3u8IS7GMxl4JThh3oJXLyUD7cwxMQXf7S+4iFbJ14VP7OkOp7TF2kNYSYJGaI
9Se3AkEApZg+P7NZvD5YxkV8+eNzJcASWxk4+mjPiy3+XdgQAANUEueD0Az5ve6b
RDlbGGNZpCnu2M5HygxQgcyCmKLVNQJAXvKcIQPnoBY7AuE6Pz7TEKvtVKHgnLEo
dXv5M57eE1XRfXgohHAB+Z6KHkirw7XBWxsKGRoVjBe2mRxdQEFAiwJAQdFgTO6R
nYqkVAacUvXinWmAtzYkc53QMyDmni0akSm3ue0FyK1fGKGBh0tOj+WDWJq8QXAW
GHPc2Z8fJ88S8w==
-----END PRIVATE KEY-----
`;
const PUBLIC_PEM = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDe5qdWx5IdY8w0JWvQCHYZa3YK
NdqMrDnRldtolTVGbCGXe5Z7Rtw/EaDkSehqHTumDQzeWayYRozVcqcKGWc9A0bL
3S8kj39NBrFyTtnz7qSJjsxc9irEaO/gqgJLYowqnSA2RbZ4KGfimZTZfCB+EiU9
kcRA9a301/vhAJLXSQIDAQAB
-----END PUBLIC KEY-----
`;
const SIG_ABC =
  'jEv+GmTC4IpF4IiT3r2Oazi16P7ryQKzItMdbCuaFXqYJ9H6a5wXMO5UgciUJ0oQsv4hJPOxnGpJ+6ZDwr77U3M68lYVOm7TauUWqdwOB+VLCm1yJbaoGAnESFRMAO2kxdCGm0h3h+YjxBul6h1/mhPBgnX2+vp6TmEGvjXVRkE=';
const SIG_UTF8 =
  'aPrx1LMr9/+vNE3dbF0M/fXAYRBfre8aGtaT3bwBJn+jb9T2t7f7I0TOChsXMnIURFCmNpn8kzWzrGbrHc005WUSETDKyOq9gk1WZl/0dvczo4dbRRNePbL4X3L9uEcx9trhlhiiO/G7AtWDTKZTE392DoGpnMJeY0MWZCNKbyQ=';

const privateKey = loadRsaPrivateKey(PRIVATE_PEM);
const publicKey = loadRsaPublicKey(PUBLIC_PEM);

describe('rsaSignSha256', () => {
  it('matches OpenSSL byte for byte', () => {
    expect(rsaSignSha256('abc', privateKey)).toBe(SIG_ABC);
    expect(rsaSignSha256('中国银联 UnionPay', privateKey)).toBe(SIG_UTF8);
  });

  it('signs a string as its UTF-8 bytes', () => {
    expect(rsaSignSha256(Buffer.from('中国银联 UnionPay', 'utf8'), privateKey)).toBe(SIG_UTF8);
  });
});

describe('rsaVerifySha256', () => {
  it('accepts OpenSSL signatures', () => {
    expect(rsaVerifySha256('abc', SIG_ABC, publicKey)).toBe(true);
    expect(rsaVerifySha256('中国银联 UnionPay', SIG_UTF8, publicKey)).toBe(true);
  });

  it('rejects other data, another key and a swapped signature', () => {
    expect(rsaVerifySha256('abd', SIG_ABC, publicKey)).toBe(false);
    expect(rsaVerifySha256('abc', SIG_UTF8, publicKey)).toBe(false);
    const other = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(rsaVerifySha256('abc', SIG_ABC, other)).toBe(false);
  });

  it('rejects a signature whose "+" became a space in a carelessly decoded form', () => {
    expect(rsaVerifySha256('abc', SIG_ABC.replace(/\+/g, ' '), publicKey)).toBe(false);
  });

  it.each([[''], ['not base64!'], ['AAAA'], [SIG_ABC.slice(1)], [SIG_ABC + 'AAAA']])(
    'rejects malformed %j without throwing',
    (sig) => {
      expect(rsaVerifySha256('abc', sig, publicKey)).toBe(false);
    },
  );

  it('takes the public key out of the private key too', () => {
    expect(rsaVerifySha256('abc', SIG_ABC, loadRsaPublicKey(PRIVATE_PEM))).toBe(true);
  });
});
