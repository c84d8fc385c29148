/**
 * The UnionPay codec: form bodies in (strict: bad percent-encoding, duplicates, empty bodies are
 * named), form bodies out, and the raw `k=v&…` response read exactly like the Java SDK's
 * SDKUtil.parseQString (nested `{}`/`[]` values, PEM values with `=` and CRLF kept verbatim).
 */
import { describe, expect, it } from 'vitest';
import {
  encodeFormBody,
  encodeUnionPayResponse,
  formatTxnTime,
  isSdkSafeValue,
  parseFormBody,
  parseTxnTime,
  parseUnionPayResponse,
} from './codec.ts';

const SIGNATURE = 'ab+cd/ef+gh==';
const PEM = '-----BEGIN CERTIFICATE-----\r\nMIIB+jCCAaCgAwIBAgIJ=\r\nAB+/cd==\r\n-----END CERTIFICATE-----';

describe('parseFormBody', () => {
  it('decodes + as a space and %2B as a plus, %XX as UTF-8', () => {
    expect(parseFormBody('a=1+2&b=%2B%E4%B8%AD&c')).toEqual({ ok: true, fields: { a: '1 2', b: '+中', c: '' } });
  });

  it('round-trips a Base64 signature with + and / through encodeFormBody', () => {
    const body = encodeFormBody({ signature: SIGNATURE, subMerName: '测试&商户=A+B' });
    expect(body).toContain('signature=ab%2Bcd%2Fef%2Bgh%3D%3D');
    expect(parseFormBody(body)).toEqual({ ok: true, fields: { signature: SIGNATURE, subMerName: '测试&商户=A+B' } });
  });

  it('turns an unencoded + in a signature into a space (what a careless sender causes)', () => {
    const parsed = parseFormBody(`signature=${SIGNATURE}`);
    expect(parsed.ok && parsed.fields.signature).toBe('ab cd/ef gh==');
  });

  it('names what is wrong: empty body, bad percent, bad UTF-8, duplicate key, empty key', () => {
    const message = (body: string) => {
      const r = parseFormBody(body);
      return r.ok ? undefined : r.message;
    };
    expect(message('')).toMatch(/请求报文为空/);
    expect(message('  ')).toMatch(/请求报文为空/);
    expect(message('&&')).toMatch(/没有任何字段/);
    expect(message('orderId=ab%zz')).toMatch(/orderId.*百分号编码错误.*%zz/);
    expect(message('orderId=ab%4')).toMatch(/百分号编码错误/);
    expect(message('merName=%E4%B8')).toMatch(/merName.*UTF-8/);
    expect(message('orderId=1&orderId=2')).toMatch(/orderId 重复上送/);
    expect(message('=1')).toMatch(/没有字段名/);
  });

  it('skips empty segments', () => {
    expect(parseFormBody('a=1&&b=2&')).toEqual({ ok: true, fields: { a: '1', b: '2' } });
  });
});

describe('encodeFormBody', () => {
  it('sorts keys and skips empty or undefined values', () => {
    expect(encodeFormBody({ z: '1', a: '', m: undefined, b: 'x y' })).toBe('b=x+y&z=1');
  });
});

describe('encodeUnionPayResponse / parseUnionPayResponse', () => {
  it('writes sorted raw k=v without URL-encoding and without empty values', () => {
    const text = encodeUnionPayResponse({
      signature: SIGNATURE,
      respCode: '00',
      acqInsCode: '',
      signMethod: '01',
      accessType: '0',
    });
    expect(text).toBe(`accessType=0&respCode=00&signMethod=01&signature=${SIGNATURE}`);
  });

  it('keeps a PEM with CRLF and = padding, and + in the signature, through encode and parse', () => {
    const fields = { signPubKeyCert: PEM, signature: SIGNATURE, respMsg: '成功[0000000]', respCode: '00' };
    const text = encodeUnionPayResponse(fields);
    expect(text).toContain('\r\n');
    expect(parseUnionPayResponse(text)).toEqual(fields);
  });

  it('reads nested {…} and […] values containing & and = as one value, like SDKUtil.parseQString', () => {
    const text = 'reserved={a=1&b=2}&list=[x=1&y=2]&respCode=00';
    expect(parseUnionPayResponse(text)).toEqual({ reserved: '{a=1&b=2}', list: '[x=1&y=2]', respCode: '00' });
    expect(parseUnionPayResponse(encodeUnionPayResponse({ reserved: '{a=1&b=2}' }))).toEqual({ reserved: '{a=1&b=2}' });
  });

  it('strips one outer {…} around the whole answer (convertResultStringToMap)', () => {
    expect(parseUnionPayResponse('{respCode=00&respMsg=ok}')).toEqual({ respCode: '00', respMsg: 'ok' });
  });

  it('gives a key without = an empty value and lets the last duplicate win', () => {
    expect(parseUnionPayResponse('a=1&a=2&b')).toEqual({ a: '2', b: '' });
    expect(parseUnionPayResponse('')).toEqual({});
  });

  it('writes a value with an unbalanced { verbatim; isSdkSafeValue says the SDK would misread it', () => {
    const text = encodeUnionPayResponse({ a: '{unclosed', b: '1' });
    expect(text).toBe('a={unclosed&b=1');
    expect(parseUnionPayResponse(text)).toEqual({ a: '{unclosed&b=1' });
    expect(isSdkSafeValue('{unclosed')).toBe(false);
    expect(isSdkSafeValue('{a=1&b=2}')).toBe(true);
    expect(isSdkSafeValue(PEM)).toBe(true);
    expect(() => encodeUnionPayResponse({ 'a&b': '1' })).toThrow(/cannot be encoded/);
  });
});

describe('txnTime', () => {
  it('formats Beijing time and parses only real dates', () => {
    const ms = Date.UTC(2024, 0, 31, 16, 30, 5); // 2024-02-01 00:30:05 in Beijing
    expect(formatTxnTime(ms)).toBe('20240201003005');
    expect(parseTxnTime('20240201003005')).toBe(ms);
    expect(parseTxnTime('20240230120000')).toBeUndefined();
    expect(parseTxnTime('20240101240000')).toBeUndefined();
    expect(parseTxnTime('2024010112000')).toBeUndefined();
  });
});
