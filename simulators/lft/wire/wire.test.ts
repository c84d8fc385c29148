/**
 * Pins the LFT wire: signs against vectors computed outside the project (fixtures/known-answers.json,
 * `printf '%s' … | md5sum`), the envelope codec and Beijing timestamps (answers from `TZ=Asia/Shanghai date`),
 * and every operation's data schema.
 */
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../core/codec/field-schema.ts';
import vectorsFile from '../fixtures/known-answers.json' with { type: 'json' };
import {
  checkOutReqNoPrefix,
  encodeRequest,
  encodeResponse,
  formatDateTime,
  formatFen,
  formatTimestamp,
  lftEnvelopeSchema,
  lftOperationNames,
  lftOperationPath,
  lftRequestSchemas,
  lftSign,
  lftSignString,
  lftVerify,
  parseData,
  parseEnvelope,
  parseTimestamp,
  parseYuanToFen,
  type LftOperationName,
} from './index.ts';

const vectors = vectorsFile.vectors;
const requests = vectors.filter((v) => v.kind === 'request');
const responses = vectors.filter((v) => v.kind === 'response');
const env = (v: (typeof vectors)[number]) =>
  v.envelope as { appId: string; data: string; timestamp: string; sign: string };

describe('lft signer', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('matches the known answer: %s', (_name, v) => {
    expect(lftSignString(env(v), v.key)).toBe(v.signString);
    expect(lftSign(env(v), v.key)).toBe(env(v).sign);
    expect(lftVerify(env(v), v.key)).toBe(true);
  });

  it('signs the data string as sent: same fields in another layout give another sign', () => {
    expect(env(vectors[0]!).sign).not.toBe(env(vectors[1]!).sign);
    expect(env(vectors[0]!).sign).not.toBe(env(vectors[2]!).sign);
  });

  it('accepts an upper-case sign', () => {
    const e = env(vectors[0]!);
    expect(lftVerify({ ...e, sign: e.sign.toUpperCase() }, vectors[0]!.key)).toBe(true);
  });

  it('rejects any change to appId, data, timestamp, sign or key', () => {
    const v = vectors[0]!;
    const e = env(v);
    expect(lftVerify({ ...e, appId: 'LFT_APP_002' }, v.key)).toBe(false);
    expect(lftVerify({ ...e, data: e.data.replace('租房', '买房') }, v.key)).toBe(false);
    expect(lftVerify({ ...e, data: JSON.stringify(JSON.parse(e.data)) + ' ' }, v.key)).toBe(false);
    expect(lftVerify({ ...e, timestamp: '20240315093000124' }, v.key)).toBe(false);
    expect(lftVerify({ ...e, sign: e.sign.replace(/.$/, (c) => (c === '0' ? '1' : '0')) }, v.key)).toBe(false);
    expect(lftVerify(e, `${v.key}x`)).toBe(false);
  });

  it('returns false, never throws, on odd input', () => {
    const e = env(vectors[0]!);
    const key = vectors[0]!.key;
    for (const odd of [
      null,
      undefined,
      {},
      { ...e, sign: undefined },
      { ...e, sign: 42 },
      { ...e, data: JSON.parse(e.data) as unknown },
      { ...e, appId: null },
      { ...e, timestamp: 20240315093000 },
      { ...e, sign: e.sign.slice(1) },
      { ...e, sign: `${e.sign}0` },
      { ...e, sign: 'é'.repeat(32) },
      { ...e, sign: 'g'.repeat(32) },
      { ...e, sign: '' },
    ]) {
      expect(lftVerify(odd as never, key)).toBe(false);
    }
    expect(lftVerify(e, undefined as unknown as string)).toBe(false);
  });
});

describe('lft codec', () => {
  it.each(requests.map((v) => [v.name, v] as const))('encodes a request byte for byte: %s', (_name, v) => {
    const e = env(v);
    const body = encodeRequest({ appId: e.appId, data: e.data, timestamp: e.timestamp }, v.key);
    expect(body).toBe(JSON.stringify({ appId: e.appId, data: e.data, sign: e.sign, timestamp: e.timestamp }));
    expect(Object.keys(JSON.parse(body) as object)).toEqual(['appId', 'data', 'sign', 'timestamp']);
  });

  it.each(responses.map((v) => [v.name, v] as const))('encodes a response byte for byte: %s', (_name, v) => {
    const e = v.envelope as { code: string; msg: string; data: string; appId: string; timestamp: string };
    const body = encodeResponse(
      { code: e.code, msg: e.msg, data: e.data, appId: e.appId, timestamp: e.timestamp },
      v.key,
    );
    expect(body).toBe(JSON.stringify(v.envelope));
    expect(Object.keys(JSON.parse(body) as object)).toEqual(['code', 'msg', 'data', 'appId', 'timestamp', 'sign']);
  });

  it('serialises object data to a JSON string and signs that string', () => {
    const body = encodeRequest(
      { appId: 'A1', data: { outReqNo: 'A1-001', 备注: '中文' }, timestamp: '20240315093000123' },
      'k',
    );
    const parsed = parseEnvelope(body);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.envelope.data).toBe('{"outReqNo":"A1-001","备注":"中文"}');
    expect(lftVerify(parsed.envelope, 'k')).toBe(true);
  });

  it('parses envelopes and says exactly what is wrong with bad ones', () => {
    expect(parseEnvelope(JSON.stringify(vectors[0]!.envelope))).toEqual({ ok: true, envelope: vectors[0]!.envelope });
    const bad = parseEnvelope('{appId:1}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/^请求报文不是合法 JSON: .+/);
    expect(parseEnvelope('')).toEqual({ ok: false, message: '请求报文为空' });
    expect(parseEnvelope('[1]')).toEqual({ ok: false, message: '请求报文必须是 JSON 对象, 实际为 array' });
    expect(parseEnvelope('null', '响应报文')).toEqual({ ok: false, message: '响应报文必须是 JSON 对象, 实际为 null' });
  });

  it('parses data: a string holding a JSON object, "{}" included', () => {
    expect(parseData('{"outReqNo":"A1"}')).toEqual({ ok: true, fields: { outReqNo: 'A1' } });
    expect(parseData('{}')).toEqual({ ok: true, fields: {} });
    expect(parseData(' { "a" : "b" } ')).toEqual({ ok: true, fields: { a: 'b' } });
  });

  it('rejects data sent as an object, a non-object JSON, or not JSON at all', () => {
    const asObject = parseData({ outReqNo: 'A1' });
    expect(!asObject.ok && asObject.message).toContain('data 必须是 JSON 字符串');
    expect(parseData(undefined)).toEqual({ ok: false, message: 'data 不能为空' });
    expect(parseData('')).toMatchObject({ ok: false, message: expect.stringContaining('"{}"') });
    expect(parseData(12)).toEqual({ ok: false, message: 'data 类型错误: 应为 JSON 字符串, 实际为 number' });
    expect(parseData('[1]')).toEqual({ ok: false, message: 'data 必须是内容为 JSON 对象的字符串, 实际为 array' });
    expect(parseData('{"a":')).toMatchObject({ ok: false, message: expect.stringMatching(/^data 不是合法 JSON: .+/) });
  });

  it('formats Beijing timestamps whatever the machine TZ is', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['UTC', 'America/New_York', 'Asia/Shanghai']) {
        process.env.TZ = tz;
        expect(formatTimestamp(1710466200123)).toBe('20240315093000123');
        expect(formatDateTime(1710466200123)).toBe('2024-03-15 09:30:00');
        expect(formatTimestamp(1704038399999)).toBe('20231231235959999');
        expect(formatTimestamp(0)).toBe('19700101080000000');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(() => formatTimestamp(Number.NaN)).toThrow(RangeError);
  });

  it('parses strict 17-digit timestamps of real dates only', () => {
    expect(parseTimestamp('20240315093000123')).toBe(1710466200123);
    expect(parseTimestamp('20240229000000000')).toBe(1709136000000);
    for (const bad of [
      '20230229000000000',
      '20240230000000000',
      '20241301000000000',
      '20240315240000000',
      '20240315096000000',
      '2024031509300012',
      '202403150930001234',
      '2024031509300012x',
      ' 20240315093000123',
      '',
    ]) {
      expect(parseTimestamp(bad)).toBeUndefined();
    }
  });
});

const url = 'https://merchant.example/lft/notify';
const validData: Record<LftOperationName, Record<string, string>> = {
  create: { channelType: 'LFT', transDesc: '租房押金托管', businessId: 'BIZ0001', cashierType: 'QP' },
  find: { transNo: 'P202403150001' },
  prepay: {
    transNo: 'P202403150001',
    outReqNo: 'LFT_APP_00120240315000001',
    amount: '100.00',
    outSuccessNotifyUrl: url,
    outArrivedNotifyUrl: 'http://127.0.0.1:9000/arrived',
    prodCatalog: '02',
    contractNum: 'HT-2024-001',
    qpUserName: '张三',
    qpCertNumber: '11010519491231002X',
    returnUrl: 'https://merchant.example/done?id=1',
  },
  posclose: { outReqNo: 'LFT_APP_00120240315000001' },
  inquery: { outReqNo: 'LFT_APP_00120240315000001' },
  outpay: {
    transNo: 'P202403150001',
    outReqNo: 'LFT_APP_00120240315000002',
    amount: '0.01',
    channelType: 'LFT',
    outNotifyUrl: url,
    bankAccName: '李四',
    bankAccNum: '6222021234567890123',
    bankName: '中国工商银行北京海淀支行',
    bankCnaps: '102100000458',
    outType: 'REFUND',
    remark: '退押金',
  },
  outquery: { outReqNo: 'LFT_APP_00120240315000002' },
  querybankcnaps: { bankNameKeyWord: '海淀' },
};
const validators = Object.fromEntries(
  lftOperationNames.map((op) => [op, compileSchema(lftRequestSchemas[op])]),
) as Record<LftOperationName, ReturnType<typeof compileSchema>>;
const problemsOf = (op: LftOperationName, patch: Record<string, unknown>) =>
  validators[op]({ ...validData[op], ...patch }).map((p) => [p.field, p.problem]);

describe('lft request schemas', () => {
  it('covers the eight operations at /api/protocol/<op>', () => {
    expect(Object.keys(lftRequestSchemas).sort()).toEqual([...lftOperationNames].sort());
    expect(lftOperationPath('querybankcnaps')).toBe('/api/protocol/querybankcnaps');
  });

  it.each(lftOperationNames)('%s: a valid example passes, extra fields are ignored', (op) => {
    expect(validators[op]({ ...validData[op], somethingNew: 'x' })).toEqual([]);
  });

  it.each(
    lftOperationNames.flatMap((op) =>
      Object.entries(lftRequestSchemas[op])
        .filter(([, rule]) => rule.required)
        .map(([field]) => [op, field] as const),
    ),
  )('%s: reports %s missing', (op, field) => {
    const { [field]: _omitted, ...rest } = validData[op];
    const problems = validators[op](rest);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field, problem: 'missing', message: expect.stringContaining(`${field} (`) });
    expect(validators[op]({ ...rest, [field]: '' })).toEqual(problems);
  });

  it('keeps optional fields optional', () => {
    expect(validators.create({ channelType: 'LFT', transDesc: 'x', businessId: 'b' })).toEqual([]);
    const { outArrivedNotifyUrl, contractNum, qpUserName, qpCertNumber, returnUrl, ...prepay } = validData.prepay;
    expect(validators.prepay(prepay)).toEqual([]);
    const { remark, ...outpay } = validData.outpay;
    expect(validators.outpay(outpay)).toEqual([]);
  });

  it('requires outReqNo for inquery, which the spec leaves empty (seeds README)', () => {
    expect(validators.inquery({}).map((p) => p.field)).toEqual(['outReqNo']);
  });

  it.each(['12.5', '-1.00', '1,000.00', '100', '100.000', '01.00', ' 1.00', '１.００', '1234567890123.00'])(
    'rejects the amount %j in prepay and outpay',
    (amount) => {
      expect(problemsOf('prepay', { amount })).toEqual([['amount', 'format']]);
      expect(problemsOf('outpay', { amount })).toEqual([['amount', 'format']]);
    },
  );

  it('explains a bad amount in words', () => {
    expect(validators.prepay({ ...validData.prepay, amount: '12.5' })[0]?.message).toBe(
      'amount (金额) 格式错误: "12.5" 不是两位小数的元金额 (如 100.00)',
    );
  });

  it('rejects bad enums', () => {
    expect(problemsOf('create', { channelType: 'UNIONPAY' })).toEqual([['channelType', 'enum']]);
    expect(problemsOf('create', { cashierType: 'qp' })).toEqual([['cashierType', 'enum']]);
    expect(problemsOf('prepay', { prodCatalog: '03' })).toEqual([['prodCatalog', 'enum']]);
    expect(problemsOf('outpay', { outType: 'PAY', channelType: 'lft' })).toEqual([
      ['channelType', 'enum'],
      ['outType', 'enum'],
    ]);
    expect(validators.outpay({ ...validData.outpay, outType: 'X' })[0]?.message).toBe(
      'outType (出金或退款) 取值错误: "X", 应为 OUT|REFUND',
    );
  });

  it('rejects non-http URLs, bad 联行号, bad ID numbers and over-long values', () => {
    // a URL without a scheme is LFT's to tolerate (the simulator warns); another scheme is not
    expect(problemsOf('prepay', { outSuccessNotifyUrl: 'www.example.com/notify', returnUrl: 'h:8080/r' })).toEqual([]);
    expect(problemsOf('prepay', { outSuccessNotifyUrl: 'ftp://x/y', returnUrl: 'mailto:merchant.example' })).toEqual([
      ['outSuccessNotifyUrl', 'format'],
      ['returnUrl', 'format'],
    ]);
    expect(problemsOf('outpay', { outNotifyUrl: 'https://exa mple.com' })).toEqual([['outNotifyUrl', 'format']]);
    // a 联行号 that is not 12 digits is tolerated (the simulator warns), an over-long one is not
    expect(problemsOf('outpay', { bankCnaps: '10210000045' })).toEqual([]);
    expect(problemsOf('outpay', { bankCnaps: '1'.repeat(33) })).toEqual([['bankCnaps', 'too_long']]);
    expect(problemsOf('prepay', { qpCertNumber: '1101051949123100' })).toEqual([['qpCertNumber', 'format']]);
    expect(problemsOf('create', { transDesc: '长'.repeat(257) })).toEqual([['transDesc', 'too_long']]);
    expect(problemsOf('querybankcnaps', { bankNameKeyWord: '海'.repeat(51) })).toEqual([
      ['bankNameKeyWord', 'too_long'],
    ]);
    expect(problemsOf('find', { transNo: 12 })).toEqual([['transNo', 'type']]);
  });

  it('checks the outReqNo prefix rule separately ("必须以appld开头")', () => {
    expect(checkOutReqNoPrefix('LFT_APP_00120240315000001', 'LFT_APP_001')).toBeUndefined();
    expect(checkOutReqNoPrefix('X20240315000001', 'LFT_APP_001')).toMatchObject({
      field: 'outReqNo',
      problem: 'format',
    });
  });

  it('validates the envelope of every request vector', () => {
    const check = compileSchema(lftEnvelopeSchema);
    for (const v of requests) expect(check(v.envelope)).toEqual([]);
    expect(
      check({ ...requests[0]!.envelope, timestamp: '2024-03-15', sign: 'abc', data: {} }).map((p) => p.field),
    ).toEqual(['data', 'sign', 'timestamp']);
  });
});

describe('lft amounts', () => {
  it('converts two-decimal yuan to fen and back', () => {
    expect(parseYuanToFen('100.00')).toBe(10000);
    expect(parseYuanToFen('0.01')).toBe(1);
    expect(parseYuanToFen('0.00')).toBe(0);
    expect(parseYuanToFen('999999999999.99')).toBe(99999999999999);
    expect(formatFen(10000)).toBe('100.00');
    expect(formatFen(1)).toBe('0.01');
    expect(formatFen(99999999999999)).toBe('999999999999.99');
    for (const s of ['12.5', '-1.00', '1,000.00', '1e2', '']) expect(parseYuanToFen(s)).toBeUndefined();
    for (const n of [-1, 1.5, Number.NaN]) expect(() => formatFen(n)).toThrow(RangeError);
  });
});
