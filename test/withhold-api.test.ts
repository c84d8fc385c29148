/**
 * The withhold gateway's wire, through a listening simulator: the envelope (bad JSON, missing or
 * malformed public parameters, unknown ua or method, bad sign, args that do not decrypt or are not
 * a JSON object) always answered as `{status:"-1", message, response:{}}` with HTTP 200; the AES
 * settings per merchant; single-withhold's rules against the protocol and its limits; the query;
 * requestId idempotency over 24 h of simulator time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeRequest, encryptArgs, withholdSign } from '../simulators/withhold/wire/index.ts';
import {
  PERSON,
  WITHHOLD_TEST_CREDENTIALS,
  createWithholdHarness,
  type WithholdHarness,
} from './support/withhold-harness.ts';

/** the gateway's message and the simulator's own explanation (x-sim-detail), told apart */
const told = (r: { msg: string; simDetail?: string }) => (r.simDetail ? `${r.msg} ‖ ${r.simDetail}` : r.msg);

let h: WithholdHarness;
beforeEach(async () => {
  h = await createWithholdHarness();
});
afterEach(async () => h.close());

const { ua, aesKey } = WITHHOLD_TEST_CREDENTIALS;

async function raw(body: string, path = '/', contentType = 'application/json;charset=UTF-8') {
  const res = await fetch(`${h.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    json: (await res.json()) as Record<string, unknown>,
    detail: decodeURIComponent(res.headers.get('x-sim-detail') ?? ''),
  };
}
const signed = (method: string, fields: object, extra: Record<string, unknown> = {}) => {
  const env = JSON.parse(encodeRequest({ ua, method, requestId: `r-${Math.random()}`, fields }, aesKey)) as Record<
    string,
    unknown
  >;
  return JSON.stringify({ ...env, ...extra });
};
const withholdArgs = (protocol_no: string, more: Record<string, unknown> = {}) => ({
  biz_order_no: `BIZ${Math.floor(Math.random() * 1e9)}`,
  amount: '100.5',
  name: PERSON.name,
  id_card_number: PERSON.id_card_number,
  mobile: PERSON.mobile,
  biz_data: [{ protocol_no }] as [{ protocol_no: string }],
  pay_type: PERSON.pay_type,
  ...more,
});

describe('withhold envelope', () => {
  it.each([
    ['not JSON', '{ua:', '请求报文格式错误 ‖ 请求报文不是合法 JSON'],
    ['a JSON array', '[1]', '请求报文格式错误 ‖ 请求报文必须是 JSON 对象, 实际为 array'],
    ['an empty body', '', '请求报文格式错误 ‖ 请求报文为空'],
    [
      'no ua',
      JSON.stringify({ args: 'x', sign: '0'.repeat(32), requestId: 'r', method: 'm' }),
      '参数缺失 ‖ ua (分配给请求方的唯一标识) 不能为空',
    ],
    ['a short sign', signed('pre-tied-card', PERSON, { sign: 'abc' }), '参数错误 ‖ sign (请求签名) 格式错误'],
    [
      'no requestId',
      signed('pre-tied-card', PERSON, { requestId: '' }),
      '参数缺失 ‖ requestId (请求唯一流水号) 不能为空',
    ],
    [
      'a millisecond timestamp',
      signed('pre-tied-card', PERSON, { timestamp: '1764554400000' }),
      '参数错误 ‖ timestamp (时间戳) 格式错误',
    ],
    ['an unknown ua', signed('pre-tied-card', PERSON, { ua: 'NOBODY' }), '请求方标识 ua 不存在 ‖ ua=NOBODY'],
    [
      'a sign over other content',
      signed('pre-tied-card', PERSON, { sign: withholdSign({ ua, method: 'x', args: 'y' }, aesKey) }),
      '签名错误 ‖ sign 应为 md5(ua + 密钥 + method + args)',
    ],
    [
      'args of another key',
      signed('pre-tied-card', PERSON, { args: encryptArgs(PERSON, 'another-key-16ch').args }),
      '请求报文格式错误 ‖ args (请求参数密文) 无法解密',
    ],
  ])('refuses %s in the gateway envelope, HTTP 200', async (_what, body, message) => {
    // a sign that matches args changed after the fact: re-sign so only the args are wrong
    const parsed = body.startsWith('{"ua"') ? (JSON.parse(body) as Record<string, string>) : undefined;
    if (parsed && _what === 'args of another key')
      parsed.sign = withholdSign({ ua, method: parsed.method!, args: parsed.args! }, aesKey);
    const a = await raw(parsed ? JSON.stringify(parsed) : body);
    expect(a.status).toBe(200);
    expect(a.type).toBe('application/json;charset=UTF-8');
    expect(Object.keys(a.json)).toEqual(['status', 'message', 'response']);
    expect(a.json).toMatchObject({ status: '-1', response: {} });
    // the gateway's message alone; what was wrong is the simulator's header and journal entry
    expect(`${String(a.json.message)} ‖ ${a.detail}`).toContain(message);
    expect(message.startsWith(`${String(a.json.message)} ‖ `)).toBe(true);
    const [entry] = await h.sim.admin.journal({ limit: 1 });
    expect(entry!.error!.message).toBe(a.detail);
  });

  it('refuses args that decrypt to something other than a JSON object', async () => {
    const args = encryptArgs(['not', 'an', 'object'], aesKey).args;
    const body = encodeRequest({ ua, method: 'pre-tied-card', requestId: 'r-array', args }, aesKey);
    const a = await raw(body);
    expect(`${String(a.json.message)} ‖ ${a.detail}`).toBe(
      '请求报文格式错误 ‖ args 解密结果必须是 JSON 对象, 实际为 array',
    );
  });

  it('names an unknown method and lists the four', async () => {
    const r = await h.client.call('bind-card', PERSON);
    expect(r).toMatchObject({ ok: false, code: '-1' });
    expect(told(r)).toBe(
      '接口不存在 ‖ method (请求接口名) "bind-card" 不存在, 应为 pre-tied-card|confirm-tied-card|single-withhold|single-order-query',
    );
  });

  it('takes any path on the port and any content type; a GET gets the envelope too', async () => {
    expect((await raw(signed('pre-tied-card', PERSON), '/gateway/api', 'text/plain')).json.status).toBe('1');
    const get = await fetch(`${h.baseUrl}/`);
    expect(get.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await get.json()).toMatchObject({ status: '-1', response: {} });
  });

  it('accepts an upper-case sign and a stale timestamp, with journal warnings', async () => {
    const env = JSON.parse(signed('pre-tied-card', PERSON)) as Record<string, string>;
    const a = await raw(JSON.stringify({ ...env, sign: env.sign!.toUpperCase(), timestamp: '1000000000' }));
    expect(a.json.status).toBe('1');
    const [entry] = await h.sim.admin.journal({ operation: 'pre-tied-card' });
    expect(entry!.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('upper-case'),
        expect.stringContaining('more than 10 minutes from the simulator clock'),
      ]),
    );
  });

  it('takes a JSON-number timestamp (journal warning) and Base64 args wrapped at 76 characters, signed as sent', async () => {
    const env = JSON.parse(signed('pre-tied-card', PERSON)) as Record<string, string>;
    const wrapped = env.args!.replace(/(.{76})/g, '$1\r\n');
    const body = {
      ...env,
      args: wrapped,
      sign: withholdSign({ ua, method: 'pre-tied-card', args: wrapped }, aesKey),
      timestamp: Math.floor(h.sim.now() / 1000),
    };
    expect((await raw(JSON.stringify(body))).json.status).toBe('1');
    const [entry] = await h.sim.admin.journal({ operation: 'pre-tied-card' });
    expect(entry!.warnings).toContain('timestamp sent as a JSON number; the seed types it string');
  });

  it('answers an oversized body in the envelope', async () => {
    const a = await raw(signed('pre-tied-card', { ...PERSON, name: 'x'.repeat(70_000) }));
    expect(a.json).toMatchObject({ status: '-1', message: '请求报文过大' });
  });
});

describe('withhold AES settings per merchant', () => {
  it.each([
    [{ mode: 'cbc', iv: 'abcdef9876543210', output: 'hex' }, 'k-harness-16char'],
    [{ mode: 'ecb', output: 'base64' }, '0123456789abcdef0123456789abcdef'],
  ] as const)('binds and withholds with %j and a %s key', async (aes, key) => {
    await h.close();
    h = await createWithholdHarness({ credentials: { ua: 'UA-AES', aesKey: key, aes } });
    const protocol = await h.protocol();
    const r = await h.client.singleWithhold(withholdArgs(protocol));
    expect(r).toMatchObject({ ok: true, data: { pay_status: 'pending' } });
    // the default (ECB/Base64) client does not speak this merchant's cipher
    if (aes.mode === 'cbc') {
      const plain = h.clientWith({ aes: undefined, ua: 'UA-AES', aesKey: key });
      expect(told(await plain.preTiedCard(PERSON))).toContain('args (请求参数密文) 无法解密');
    }
  });
});

describe('withhold single-withhold and single-order-query', () => {
  it('accepts a withhold as pending and the query answers it, biz_data as an object too', async () => {
    const protocol = await h.protocol();
    const args = withholdArgs(protocol, { biz_data: { protocol_no: protocol } });
    const r = await h.client.singleWithhold(args);
    expect(r).toEqual({
      ok: true,
      code: '1',
      msg: '成功',
      requestId: r.requestId,
      data: {
        biz_order_no: args.biz_order_no,
        pay_order_no: expect.stringMatching(/^WP\d{16}$/),
        pay_type: 'PAY01',
        pay_status: 'pending',
        pay_time: '',
        channel_response: '',
      },
    });
    expect((await h.sim.admin.order(args.biz_order_no)).data).toMatchObject({ amount: '100.50', amountFen: 10050 });
    const q = await h.client.singleOrderQuery({ biz_order_no: args.biz_order_no });
    expect(q.data).toEqual(r.data);
  });

  it('refuses a protocol that does not exist, is not confirmed, or belongs to someone else', async () => {
    expect(told(await h.client.singleWithhold(withholdArgs('PN-NOPE')))).toBe(
      '签约协议不存在 ‖ biz_data.protocol_no (签约协议号) PN-NOPE 不存在',
    );
    const pre = await h.client.preTiedCard(PERSON);
    const unique = pre.ok ? pre.data.unique_code : '';
    expect(told(await h.client.singleWithhold(withholdArgs(unique)))).toContain('不存在');
    const protocol = await h.protocol();
    for (const [field, value] of [
      ['name', '李四'],
      ['id_card_number', '440305199003071236'],
      ['mobile', '13900139000'],
      ['bank_card_number', '6217001234567890122'],
      ['pay_type', 'PAY02'],
    ]) {
      const r = await h.client.singleWithhold(withholdArgs(protocol, { [field!]: value }));
      expect(told(r), field).toContain(`${field} (`);
      expect(told(r), field).toContain(`与签约协议 ${protocol} 不一致`);
    }
  });

  it('refuses a terminated protocol', async () => {
    const protocol = await h.protocol();
    const binding = (await h.sim.admin.orders({ kind: 'binding' }))[0]!;
    await h.sim.admin.event(binding.key, 'terminate');
    expect(told(await h.client.singleWithhold(withholdArgs(protocol)))).toBe(
      `当前状态不允许此操作 ‖ 签约协议 ${protocol} 状态为 terminated, 不能代扣`,
    );
  });

  it.each([
    [{ amount: '0' }, '参数错误 ‖ amount (交易金额) 必须大于 0'],
    [{ amount: '1.234' }, '参数错误 ‖ amount (交易金额) 格式错误'],
    [{ amount: 100 }, '参数错误 ‖ amount (交易金额) 类型错误'],
    [{ biz_data: [] }, '参数错误 ‖ biz_data (业务参数) 格式错误: 数组应只含一个对象'],
    [{ biz_data: undefined }, '参数缺失 ‖ biz_data (业务参数) 不能为空'],
    [{ notify_url: 'ftp://x' }, '参数错误 ‖ notify_url (异步回调地址) 格式错误'],
    [{ biz_order_no: '' }, '参数缺失 ‖ biz_order_no (业务流水号) 不能为空'],
  ])('refuses %j', async (change, message) => {
    const protocol = await h.protocol();
    expect(told(await h.client.singleWithhold(withholdArgs(protocol, change)))).toContain(message);
  });

  it("holds each protocol to its limits: single, then the day's total (a failed withhold gives its amount back)", async () => {
    await h.close();
    h = await createWithholdHarness({
      credentials: { ...WITHHOLD_TEST_CREDENTIALS, limits: { single: '100.00', daily: '150.00' } },
    });
    const protocol = await h.protocol();
    expect(told(await h.client.singleWithhold(withholdArgs(protocol, { amount: '100.01' })))).toBe(
      '超过协议限额 ‖ 超过单笔限额 100.00 元',
    );
    expect((await h.client.singleWithhold(withholdArgs(protocol, { amount: '100' }))).ok).toBe(true);
    expect(told(await h.client.singleWithhold(withholdArgs(protocol, { amount: '50.01' })))).toBe(
      '超过协议限额 ‖ 超过单日限额 150.00 元 (今日已代扣 100.00 元)',
    );
    // 0.02 fails (余额不足) 3 s later: its amount no longer counts
    const failing = await h.client.singleWithhold(withholdArgs(protocol, { amount: '0.02' }));
    expect(failing.ok).toBe(true);
    await h.advance('3s');
    expect((await h.client.singleWithhold(withholdArgs(protocol, { amount: '50' }))).ok).toBe(true);
    // the next Beijing day starts from zero
    await h.advance('24h');
    expect((await h.client.singleWithhold(withholdArgs(protocol, { amount: '100' }))).ok).toBe(true);
  });

  it('refuses a biz_order_no used before, and a query for one that does not exist', async () => {
    const protocol = await h.protocol();
    const args = withholdArgs(protocol);
    await h.client.singleWithhold(args);
    expect(told(await h.client.singleWithhold(args))).toBe(`重复请求 ‖ biz_order_no=${args.biz_order_no} 已被使用`);
    expect(told(await h.client.singleOrderQuery({ biz_order_no: 'NOPE' }))).toBe(
      '订单不存在 ‖ biz_order_no=NOPE 不存在',
    );
  });
});

describe('withhold requestId', () => {
  it('answers an identical retry with the first answer, and does nothing else', async () => {
    const protocol = await h.protocol();
    const args = withholdArgs(protocol);
    const first = await h.client.singleWithhold(args, { requestId: 'REQ-1' });
    await h.advance('3s'); // the order succeeds meanwhile
    const retry = await h.client.singleWithhold(args, { requestId: 'REQ-1' });
    expect(retry).toEqual(first);
    expect((await h.client.singleOrderQuery({ biz_order_no: args.biz_order_no })).data).toMatchObject({
      pay_status: 'success',
    });
    const [entry] = await h.sim.admin.journal({ operation: 'identical-retry' });
    expect(entry!.warnings[0]).toContain('identical retry of requestId REQ-1');
    expect(await h.sim.admin.orders({ kind: 'withhold' })).toHaveLength(1);
  });

  it('refuses the same requestId with another content, and forgets it after 24 h of simulator time', async () => {
    await h.client.preTiedCard(PERSON, { requestId: 'REQ-2' });
    const other = await h.client.preTiedCard({ ...PERSON, mobile: '13900139000' }, { requestId: 'REQ-2' });
    expect(told(other)).toMatch(/^重复请求 ‖ requestId \(请求唯一流水号\) REQ-2 已于 .* 用于另一请求$/);
    await h.advance('24h');
    expect((await h.client.preTiedCard({ ...PERSON, mobile: '13900139000' }, { requestId: 'REQ-2' })).ok).toBe(true);
  });

  it('does not use up the requestId of a refused request', async () => {
    await h.client.preTiedCard({ ...PERSON, mobile: 'bad' }, { requestId: 'REQ-3' });
    expect((await h.client.preTiedCard(PERSON, { requestId: 'REQ-3' })).ok).toBe(true);
  });

  it('forgets requestIds with an admin reset: another content, or the same one served anew', async () => {
    await h.client.preTiedCard(PERSON, { requestId: 'REQ-4' });
    const first = await h.client.preTiedCard(PERSON, { requestId: 'REQ-5' });
    await h.sim.admin.reset();
    expect((await h.client.preTiedCard({ ...PERSON, mobile: '13900139000' }, { requestId: 'REQ-4' })).ok).toBe(true);
    const again = await h.client.preTiedCard(PERSON, { requestId: 'REQ-5' });
    expect(again.ok).toBe(true);
    expect(again.data).not.toEqual(first.data);
    expect(await h.sim.admin.journal({ operation: 'identical-retry' })).toEqual([]);
  });

  it('keeps the requestIds of merchants apart', async () => {
    await h.close();
    h = await createWithholdHarness({
      credentials: { ua: 'UA-A', aesKey: 'k-harness-16char', merchants: [{ ua: 'UA-B', aesKey: 'another-key-16ch' }] },
    });
    await h.client.preTiedCard(PERSON, { requestId: 'SAME' });
    const b = h.clientWith({ ua: 'UA-B', aesKey: 'another-key-16ch' });
    expect((await b.preTiedCard({ ...PERSON, mobile: '13900139000' }, { requestId: 'SAME' })).ok).toBe(true);
  });
});
