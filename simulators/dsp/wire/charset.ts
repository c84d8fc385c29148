/**
 * The DSP front's character sets: which one a body is in, and text ⇄ bytes in it. A request is
 * UTF-8 unless it says otherwise; it says so in its XML declaration (`encoding="GBK"`) or, without
 * one, in the `charset=` of its content type; a UTF-8 byte-order mark means UTF-8 whatever else is
 * said. GBK, GB18030 and GB2312 are read with Node's own TextDecoder (WHATWG: gb2312 is read as
 * GBK, its superset) and written with iconv-lite, because Node's TextEncoder writes UTF-8 only.
 * Pure: no I/O, and it never throws on odd bytes (a caller gets `undefined` and says why).
 */
import iconv from 'iconv-lite';

/** the labels this front reads and answers in, as they go into a declaration and a content type */
export const DSP_CHARSETS = ['UTF-8', 'GBK', 'GB18030', 'GB2312'] as const;
export type DspCharset = (typeof DSP_CHARSETS)[number];

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** the first bytes are enough to find a declaration: `<?xml version="1.0" encoding="…"?>` */
const SNIFF_BYTES = 200;
const DECLARATION = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/;
const CHARSET_PARAM = /;\s*charset\s*=\s*"?([A-Za-z0-9._-]{1,40})"?/i;

/** a label as written → the front's label, or undefined when it reads no such charset */
export function dspCharsetOf(label: string): DspCharset | undefined {
  const l = label.trim().toUpperCase();
  if (l === 'UTF-8' || l === 'UTF8') return 'UTF-8';
  if (l === 'GBK' || l === 'CP936' || l === 'X-GBK' || l === 'WINDOWS-936') return 'GBK';
  if (l === 'GB18030') return 'GB18030';
  if (l === 'GB2312' || l === 'GB_2312-80' || l === 'EUC-CN') return 'GB2312';
  return undefined;
}

export interface CharsetChoice {
  /** the charset the body is read in (undefined: a label this front does not read) */
  charset?: DspCharset;
  /** the label as the request wrote it, for messages */
  label: string;
  /** where it came from */
  from: 'bom' | 'declaration' | 'content-type' | 'default';
  /** what else was said that disagrees (BOM vs declaration, declaration vs content type) */
  conflict?: string;
  /** bytes to skip (the BOM) */
  skip: number;
}

/** the label of an XML declaration at the start of the bytes (after a BOM), if any */
export function declaredLabel(body: Buffer, skip = 0): string | undefined {
  return DECLARATION.exec(body.subarray(skip, skip + SNIFF_BYTES).toString('latin1'))?.[1];
}

/** which charset a body is in, from its BOM, its declaration and its content type, in that order */
export function chooseCharset(body: Buffer, contentType?: string): CharsetChoice {
  const bom = body.length >= 3 && body.subarray(0, 3).equals(BOM);
  const skip = bom ? 3 : 0;
  const declared = declaredLabel(body, skip);
  const param = contentType ? CHARSET_PARAM.exec(contentType)?.[1] : undefined;
  if (bom) {
    const conflict =
      declared && dspCharsetOf(declared) !== 'UTF-8' ? `BOM 表示 UTF-8, 但声明为 ${declared}` : undefined;
    return { charset: 'UTF-8', label: 'UTF-8', from: 'bom', skip, ...(conflict ? { conflict } : {}) };
  }
  if (declared) {
    const charset = dspCharsetOf(declared);
    const conflict =
      param && dspCharsetOf(param) !== charset
        ? `XML 声明 encoding="${declared}" 与 Content-Type charset=${param} 不一致, 按 XML 声明读取`
        : undefined;
    return { charset, label: declared, from: 'declaration', skip, ...(conflict ? { conflict } : {}) };
  }
  if (param) return { charset: dspCharsetOf(param), label: param, from: 'content-type', skip };
  return { charset: 'UTF-8', label: 'UTF-8', from: 'default', skip };
}

const decoders: Record<DspCharset, TextDecoder> = {
  'UTF-8': new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }),
  GBK: new TextDecoder('gbk', { fatal: true }),
  GB18030: new TextDecoder('gb18030', { fatal: true }),
  GB2312: new TextDecoder('gbk', { fatal: true }),
};

/** bytes → text in the charset; undefined when the bytes are not valid in it */
export function decodeText(bytes: Uint8Array, charset: DspCharset): string | undefined {
  try {
    return decoders[charset].decode(bytes);
  } catch {
    return undefined;
  }
}

/** text → bytes in the charset (a character GBK cannot hold becomes "?", as iconv does) */
export function encodeText(text: string, charset: DspCharset): Buffer {
  if (charset === 'UTF-8') return Buffer.from(text, 'utf8');
  // GB2312 answers are written as GBK bytes: every GB2312 byte sequence is the same in GBK
  return iconv.encode(text, charset === 'GB18030' ? 'gb18030' : 'gbk');
}

const lenientGb = new TextDecoder('gb18030');
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: false });

/** a body as text for people (the journal): its declared charset, else UTF-8, else GB18030 */
export function bodyAsText(body: Buffer): string {
  const { charset, skip } = chooseCharset(body);
  const rest = body.subarray(skip);
  if (charset && charset !== 'UTF-8') return lenientGb.decode(rest);
  return decodeText(rest, 'UTF-8') ?? (decodeText(rest, 'GB18030') || lenientUtf8.decode(rest));
}
