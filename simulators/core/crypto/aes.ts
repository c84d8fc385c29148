/**
 * AES for the withhold gateway's `args` (and any upstream that encrypts a field): encrypt and
 * decrypt a UTF-8 string with a key given as a string, in the modes the integrations in the
 * wild use. The default is what Java's `Cipher.getInstance("AES")` does — AES/ECB/PKCS5Padding,
 * key = the key string's UTF-8 bytes (16 → AES-128, 24 → 192, 32 → 256), Base64 ciphertext — and
 * CBC with an IV and hex output are options. Pure: no channel's field names, and decryption
 * reports what is wrong instead of throwing.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

export interface AesOptions {
  mode?: 'ecb' | 'cbc';
  /** CBC only: the IV as a string of 16 UTF-8 bytes */
  iv?: string;
  /** how the ciphertext is written (default base64) */
  encoding?: 'base64' | 'hex';
}

export type AesDecrypted = { ok: true; text: string } | { ok: false; message: string };

function cipherName(key: Buffer, mode: 'ecb' | 'cbc'): string {
  if (![16, 24, 32].includes(key.length)) throw new RangeError(`AES key must be 16, 24 or 32 bytes, not ${key.length}`);
  return `aes-${key.length * 8}-${mode}`;
}

function ivOf(opts: AesOptions): Buffer | null {
  if ((opts.mode ?? 'ecb') === 'ecb') return null;
  const iv = Buffer.from(opts.iv ?? '', 'utf8');
  if (iv.length !== 16) throw new RangeError(`AES-CBC IV must be 16 bytes, not ${iv.length}`);
  return iv;
}

/** the key and IV a set of options needs, checked; what is wrong with them, or undefined */
export function checkAesKey(key: string, opts: AesOptions = {}): string | undefined {
  try {
    cipherName(Buffer.from(key, 'utf8'), opts.mode ?? 'ecb');
    ivOf(opts);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export function aesEncrypt(plain: string, key: string, opts: AesOptions = {}): string {
  const k = Buffer.from(key, 'utf8');
  const c = createCipheriv(cipherName(k, opts.mode ?? 'ecb'), k, ivOf(opts));
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString(opts.encoding ?? 'base64');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

export function aesDecrypt(cipherText: string, key: string, opts: AesOptions = {}): AesDecrypted {
  const encoding = opts.encoding ?? 'base64';
  if (typeof cipherText !== 'string' || cipherText === '') return { ok: false, message: '密文为空' };
  const clean = encoding === 'base64' ? cipherText.replace(/\s+/g, '') : cipherText;
  if (!(encoding === 'base64' ? BASE64 : HEX).test(clean))
    return { ok: false, message: `密文不是合法的 ${encoding === 'base64' ? 'Base64' : '十六进制'} 字符串` };
  const bytes = Buffer.from(clean, encoding);
  if (bytes.length === 0 || bytes.length % 16 !== 0)
    return { ok: false, message: `密文长度 ${bytes.length} 字节, 不是 16 的整数倍` };
  try {
    const k = Buffer.from(key, 'utf8');
    const d = createDecipheriv(cipherName(k, opts.mode ?? 'ecb'), k, ivOf(opts));
    const plain = Buffer.concat([d.update(bytes), d.final()]);
    const text = plain.toString('utf8');
    // a wrong key usually fails the padding check; when it does not, the bytes are rarely UTF-8
    if (!Buffer.from(text, 'utf8').equals(plain))
      return { ok: false, message: '解密结果不是 UTF-8 文本 (密钥或加密模式不对)' };
    return { ok: true, text };
  } catch (e) {
    return { ok: false, message: `解密失败 (密钥或加密模式不对: ${(e as Error).message})` };
  }
}
