/**
 * Pins the withhold wire against vectors computed outside the project (fixtures/known-answers.json,
 * made by fixtures/known-answers.sh with `openssl enc` and `md5sum`): AES of `args` in the default
 * and the optional modes, the request sign over the ciphertext as sent, the secret-less callback
 * sign over ascending-key JSON, and the field rules of every method.
 */
import { describe, expect, it } from 'vitest';
import vectors from '../fixtures/known-answers.json' with { type: 'json' };
import {
  argsProblems,
  callbackSign,
  callbackSignString,
  checkWithholdSign,
  decryptArgs,
  encodeCallback,
  encodeRequest,
  encryptArgs,
  formatFen,
  parseAnswer,
  parseYuanToFen,
  sortedJson,
  verifyCallbackSign,
  withholdSign,
  withholdSignString,
  type AesSettings,
  type WithholdCallback,
} from './index.ts';

const requests = vectors.requests.map((v) => ({ ...v, aes: v.aes as AesSettings }));

describe('withhold args cipher and request sign', () => {
  it.each(requests.map((v) => [v.name, v] as const))('matches the known answer: %s', (_n, v) => {
    const fields = JSON.parse(v.argsJson) as object;
    expect(encryptArgs(fields, v.key, v.aes)).toEqual({ json: v.argsJson, args: v.args });
    expect(decryptArgs(v.args, v.key, v.aes)).toMatchObject({ ok: true, fields, text: v.argsJson });
    expect(withholdSignString(v, v.key)).toBe(v.signString);
    expect(withholdSign(v, v.key)).toBe(v.sign);
    expect(checkWithholdSign(v, v.key)).toBe('ok');
  });

  it('encodes a request in the table order and signs the ciphertext it sends', () => {
    const v = requests[0]!;
    const body = encodeRequest(
      {
        ua: v.ua,
        method: v.method,
        requestId: 'R1',
        timestamp: '1764554400',
        fields: JSON.parse(v.argsJson) as object,
      },
      v.key,
      v.aes,
    );
    expect(body).toBe(
      JSON.stringify({
        ua: v.ua,
        args: v.args,
        sign: v.sign,
        timestamp: '1764554400',
        requestId: 'R1',
        method: v.method,
      }),
    );
    expect(Object.keys(JSON.parse(encodeRequest({ ua: 'u', method: 'm', requestId: 'r' }, v.key)) as object)).toEqual([
      'ua',
      'args',
      'sign',
      'requestId',
      'method',
    ]);
  });

  it('accepts an upper-case sign as such, and refuses any change to ua, key, method, args or sign', () => {
    const v = requests[0]!;
    expect(checkWithholdSign({ ...v, sign: v.sign.toUpperCase() }, v.key)).toBe('upper-case');
    expect(checkWithholdSign({ ...v, ua: 'SIMUA000002' }, v.key)).toBe('bad');
    expect(checkWithholdSign({ ...v, method: 'confirm-tied-card' }, v.key)).toBe('bad');
    // the same ciphertext with its Base64 wrapped is another string: the sign is over what was sent
    expect(checkWithholdSign({ ...v, args: `${v.args.slice(0, 10)}\n${v.args.slice(10)}` }, v.key)).toBe('bad');
    expect(checkWithholdSign(v, `${v.key.slice(1)}x`)).toBe('bad');
    for (const sign of [undefined, 42, '', 'g'.repeat(32), v.sign.slice(1)])
      expect(checkWithholdSign({ ...v, sign }, v.key)).toBe('bad');
    expect(checkWithholdSign({ ...v, args: undefined }, v.key)).toBe('bad');
  });

  it('says why args do not decrypt to a JSON object', () => {
    const v = requests[0]!;
    expect(decryptArgs(v.args, 'fedcba0987654321', v.aes)).toMatchObject({ ok: false });
    expect(decryptArgs('not base64!', v.key)).toMatchObject({ ok: false, message: expect.stringContaining('Base64') });
    expect(decryptArgs(encryptArgs([1, 2] as unknown as object, v.key).args, v.key)).toMatchObject({
      ok: false,
      message: expect.stringContaining('array'),
    });
    expect(decryptArgs(requests[1]!.args, v.key, DEFAULT_CBC_AS_ECB)).toMatchObject({ ok: false });
  });
});

const DEFAULT_CBC_AS_ECB: AesSettings = { mode: 'ecb', output: 'hex' };

describe('withhold callback sign (no secret, as the seed writes it)', () => {
  it.each(vectors.callbacks.map((v) => [v.name, v] as const))('matches the known answer: %s', (_n, v) => {
    expect(callbackSignString(v.fields)).toBe(v.signString);
    expect(callbackSign(v.fields)).toBe(v.sign);
    expect(verifyCallbackSign({ ...v.fields, sign: v.sign })).toBe(true);
    expect(verifyCallbackSign({ ...v.fields, sign: v.sign.toUpperCase() })).toBe(true);
  });

  it('signs every other field, empty ones included, whatever order they come in', () => {
    const v = vectors.callbacks[1]!;
    const reversed = Object.fromEntries(Object.entries(v.fields).reverse());
    expect(callbackSign(reversed)).toBe(v.sign);
    expect(callbackSign({ ...v.fields, pay_time: undefined })).not.toBe(v.sign);
    expect(verifyCallbackSign({ ...v.fields, pay_status: 'success', sign: v.sign })).toBe(false);
    for (const odd of [null, [], 'x', { ...v.fields }, { ...v.fields, sign: 1 }])
      expect(verifyCallbackSign(odd)).toBe(false);
  });

  it('encodes the callback body in the table order', () => {
    const v = vectors.callbacks[0]!;
    const body = encodeCallback({ ...v.fields, sign: v.sign } as WithholdCallback);
    expect(Object.keys(JSON.parse(body) as object)).toEqual([
      'biz_order_no',
      'pay_order_no',
      'order_type',
      'pay_type',
      'pay_status',
      'pay_time',
      'channel_response',
      'sign',
    ]);
  });

  it('sorts nested keys, keeps arrays in order, escapes neither "/" nor non-ASCII', () => {
    expect(sortedJson({ b: [{ z: 1, a: 2 }], a: 'http://x/y', 中: '文', __proto__x: '' })).toBe(
      '{"__proto__x":"","a":"http://x/y","b":[{"a":2,"z":1}],"中":"文"}',
    );
    expect(sortedJson(JSON.parse('{"__proto__":"p","a":"1"}'))).toBe('{"__proto__":"p","a":"1"}');
  });
});

describe('withhold answers', () => {
  it('reads an object response or a one-element array, and refuses what is not the envelope', () => {
    expect(parseAnswer('{"status":"1","message":"成功","response":{"unique_code":"U1"}}')).toEqual({
      ok: true,
      answer: { status: '1', message: '成功', response: { unique_code: 'U1' } },
    });
    expect(parseAnswer('{"status":"1","message":"","response":[{"a":"1"}]}')).toMatchObject({
      ok: true,
      answer: { response: { a: '1' } },
    });
    for (const bad of [
      '',
      '[]',
      '{"status":1,"message":"x"}',
      '{"status":"1"}',
      '{"status":"1","message":"","response":"x"}',
    ])
      expect(parseAnswer(bad).ok, bad).toBe(false);
  });
});

describe('withhold fields', () => {
  const withhold = {
    biz_order_no: 'B1',
    amount: '1.5',
    name: '张三',
    id_card_number: '11010519491231002X',
    mobile: '13800138000',
    biz_data: [{ protocol_no: 'PN1' }],
    pay_type: 'PAY01',
  };
  const problems = (f: Record<string, unknown>) => argsProblems('single-withhold', f).map((p) => [p.field, p.problem]);

  it('accepts a valid withhold, biz_data as an object or a one-element array', () => {
    expect(problems(withhold)).toEqual([]);
    expect(problems({ ...withhold, biz_data: { protocol_no: 'PN1' } })).toEqual([]);
  });

  it('reports biz_data in the seed order, between mobile and notify_url', () => {
    expect(problems({ ...withhold, mobile: '123', biz_data: [], pay_type: '' })).toEqual([
      ['mobile', 'format'],
      ['biz_data', 'format'],
      ['pay_type', 'missing'],
    ]);
    for (const biz_data of [
      undefined,
      '',
      [{}],
      [{ protocol_no: 1 }],
      'PN1',
      [{ protocol_no: 'a' }, { protocol_no: 'b' }],
    ])
      expect(problems({ ...withhold, biz_data })[0]?.[0]).toBe('biz_data');
  });

  it.each(['1', '1.5', '1.00', '0.01', '9999999999.99'])('accepts the amount %s', (amount) => {
    expect(problems({ ...withhold, amount })).toEqual([]);
  });
  it.each(['1.234', '-1', '01.00', '1,000', '.5', '1.', '1e2', ' 1'])('refuses the amount %j', (amount) => {
    expect(problems({ ...withhold, amount })).toEqual([['amount', 'format']]);
  });

  it('converts yuan to fen and back, normalised to two decimals', () => {
    expect(parseYuanToFen('1')).toBe(100);
    expect(parseYuanToFen('1.5')).toBe(150);
    expect(parseYuanToFen('0.07')).toBe(7);
    expect(parseYuanToFen('1.234')).toBeUndefined();
    expect(formatFen(150)).toBe('1.50');
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });

  it('checks the pre-binding and confirmation fields', () => {
    expect(argsProblems('pre-tied-card', {}).map((p) => p.field)).toEqual([
      'id_card_number',
      'bank_card_number',
      'mobile',
      'name',
      'pay_type',
    ]);
    expect(
      argsProblems('confirm-tied-card', {
        verification_code: '12345',
        unique_code: 'U',
        bank_card_number: '1',
        pay_type: 'P',
      }).map((p) => p.message),
    ).toEqual([
      'verification_code (验证码) 格式错误: "12345" 不是6 位数字验证码',
      'bank_card_number (银行卡号) 格式错误: "1" 不是12 到 19 位数字的银行卡号',
    ]);
  });
});
