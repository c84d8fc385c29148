/**
 * The LFT reference client against a tiny scripted node:http server (not the simulator): what it
 * sends, how it decodes, that a signed business refusal is a result, which error it throws for
 * each kind of unusable answer; and the notification reader.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  encodeRequest,
  encodeResponse,
  lftVerify,
  parseEnvelope,
  type LftPayinVo,
} from '../simulators/lft/wire/index.ts';
import { ChannelClientError, ProtocolError, SignatureError, TransportError } from './http.ts';
import { LFT_NOTIFICATION_ACK, createLftClient, readLftNotification } from './lft.ts';

const appId = 'LFT_APP_001';
const key = 'lft-md5-key-0001';
const fixedNow = 1710466200123; // 2024-03-15 09:30:00.123 Beijing

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Reply = { status?: number; body: string };
let seen: Seen[] = [];
let reply: (req: Seen) => Reply = () => ({ body: '' });
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = {
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(s);
      const r = reply(s);
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json;charset=UTF-8' }).end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

const client = () => createLftClient({ baseUrl, appId, key, now: () => fixedNow });
const signed = (code: string, msg: string, data: object | string, signKey = key) =>
  encodeResponse({ code, msg, data, appId, timestamp: '20240315093000500' }, signKey);

const payin: LftPayinVo = {
  transNo: 'P1',
  appId,
  channelType: 'LFT',
  amount: '100.00',
  outReqNo: `${appId}0001`,
  posCode: '123456',
  payOrderNo: 'PO1',
  payStatus: 'SUCCESS',
  arrivedStatus: '01',
  payFinishTime: '2024-03-15 09:31:00',
  payArriveTime: '',
  createTime: '2024-03-15 09:30:00',
  cardNum: '622202******0123',
  issuingBank: 'ICBC',
  issuingBankZH: '中国工商银行',
  channelReturnCode: '00',
  channelReturnMsg: '交易成功',
  cashierType: 'POS',
};

describe('createLftClient', () => {
  it('POSTs a signed envelope to /api/protocol/<op> and decodes the signed answer', async () => {
    reply = () => ({ body: signed('0000', 'SUCCESS', payin) });
    // 1. call
    const result = await client().inquery({ outReqNo: payin.outReqNo });
    // 2. the answer is decoded and typed
    expect(result).toEqual({ ok: true, code: '0000', msg: 'SUCCESS', data: payin });
    // 3. the request is what the spec describes
    const req = seen[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/api/protocol/inquery');
    expect(req.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(req.body).toBe(
      encodeRequest({ appId, data: { outReqNo: payin.outReqNo }, timestamp: '20240315093000123' }, key),
    );
    const envelope = parseEnvelope(req.body);
    expect(envelope.ok && lftVerify(envelope.envelope, key)).toBe(true);
  });

  it('sends the scenario as x-sim-scenario, with any extra headers', async () => {
    reply = () => ({ body: signed('0000', 'SUCCESS', { result: 'true' }) });
    const closed = await client().posclose(
      { outReqNo: 'X1' },
      { scenario: 'lft/prepay-pending', headers: { 'x-trace': 't1' } },
    );
    expect(closed).toMatchObject({ ok: true, data: { result: 'true' } });
    expect(seen[0]!.headers['x-sim-scenario']).toBe('lft/prepay-pending');
    expect(seen[0]!.headers['x-trace']).toBe('t1');
  });

  it('decodes querybankcnaps as an array', async () => {
    const banks = [{ bankName: '中国工商银行北京海淀支行', bankCnaps: '102100000458' }];
    reply = () => ({ body: signed('0000', 'SUCCESS', banks) });
    await expect(client().querybankcnaps({ bankNameKeyWord: '海淀' })).resolves.toMatchObject({
      ok: true,
      data: banks,
    });
  });

  it('returns a signed error answer as a result with the code, msg and data, not an exception', async () => {
    reply = () => ({ body: signed('EP20002', '入金订单不存在', {}) });
    await expect(client().inquery({ outReqNo: 'nope' })).resolves.toEqual({
      ok: false,
      code: 'EP20002',
      msg: '入金订单不存在',
      data: {},
    });
    reply = () => ({ body: signed('EP99999', '系统繁忙', 'not json') });
    await expect(client().inquery({ outReqNo: 'nope' })).resolves.toEqual({
      ok: false,
      code: 'EP99999',
      msg: '系统繁忙',
      data: 'not json',
    });
  });

  it('throws SignatureError for a bad sign, even on an error code, naming channel, operation and the answer', async () => {
    reply = () => ({ body: signed('0000', 'SUCCESS', payin, 'wrong-key') });
    const error = await client()
      .inquery({ outReqNo: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureError);
    expect(error).toBeInstanceOf(ChannelClientError);
    expect(error).toMatchObject({
      name: 'SignatureError',
      channel: 'lft',
      operation: 'inquery',
      response: { status: 200 },
    });
    expect((error as SignatureError).response?.text).toContain('"code":"0000"');
    reply = () => ({ body: signed('EP20002', '入金订单不存在', {}, 'wrong-key') });
    await expect(client().inquery({ outReqNo: 'x' })).rejects.toBeInstanceOf(SignatureError);
  });

  it('throws SignatureError when data was changed after signing', async () => {
    reply = () => {
      const body = JSON.parse(signed('0000', 'SUCCESS', payin)) as Record<string, string>;
      return { body: JSON.stringify({ ...body, data: body.data!.replace('100.00', '1.00') }) };
    };
    await expect(client().inquery({ outReqNo: 'x' })).rejects.toBeInstanceOf(SignatureError);
  });

  it.each([
    ['a non-JSON body', { body: '<html>502 Bad Gateway</html>' }, /响应报文不是合法 JSON/],
    ['an HTTP status other than 200', { status: 500, body: signed('0000', 'SUCCESS', payin) }, /HTTP 500/],
    [
      'missing envelope fields',
      { body: JSON.stringify({ code: '0000', msg: 'SUCCESS' }) },
      /data, appId, timestamp, sign/,
    ],
    ['data that is not JSON', { body: signed('0000', 'SUCCESS', 'not json') }, /data 不是合法 JSON/],
    ['an array where an object is due', { body: signed('0000', 'SUCCESS', [payin]) }, /应为 JSON 对象/],
  ])('throws ProtocolError for %s, with the raw answer', async (_name, answer, message) => {
    reply = () => answer;
    const error = await client()
      .inquery({ outReqNo: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({
      channel: 'lft',
      operation: 'inquery',
      response: { status: (answer as { status?: number }).status ?? 200, text: answer.body },
    });
    expect((error as Error).message).toMatch(message);
  });

  it('throws ProtocolError for an answer signed for another appId', async () => {
    reply = () => ({
      body: encodeResponse(
        { code: '0000', msg: 'SUCCESS', data: payin, appId: 'OTHER', timestamp: '20240315093000500' },
        key,
      ),
    });
    const error = await client()
      .inquery({ outReqNo: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/appId/);
  });

  it('gives up after timeoutMs with a TransportError whose cause is the timeout', async () => {
    const hanging = createLftClient({
      baseUrl,
      appId,
      key,
      timeoutMs: 50,
      fetch: (_u, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    });
    const error = await hanging.find({ transNo: 'P1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ channel: 'lft', operation: 'find', cause: { name: 'TimeoutError' } });
    expect((error as TransportError).response).toBeUndefined();
  });

  it('reports a refused connection as a TransportError', async () => {
    const closed = createLftClient({ baseUrl: 'http://127.0.0.1:9', appId, key });
    await expect(closed.find({ transNo: 'P1' })).rejects.toThrow(TransportError);
  });
});

describe('readLftNotification', () => {
  const notification = encodeRequest({ appId, data: payin, timestamp: '20240315093100000' }, key);

  it('accepts a signed notification, as text or already parsed, and the ack is SUCCESS', () => {
    expect(readLftNotification(notification, { appId, key })).toEqual({
      appId,
      timestamp: '20240315093100000',
      data: payin,
    });
    expect(readLftNotification(JSON.parse(notification) as object, { appId, key }).data).toEqual(payin);
    expect(LFT_NOTIFICATION_ACK).toBe('SUCCESS');
  });

  it('rejects a tampered notification', () => {
    const tampered = notification.replace('\\"payStatus\\":\\"SUCCESS\\"', '\\"payStatus\\":\\"FAILURE\\"');
    expect(tampered).not.toBe(notification);
    expect(() => readLftNotification(tampered, { appId, key })).toThrow(SignatureError);
    expect(() => readLftNotification(notification, { appId, key: 'other' })).toThrow(SignatureError);
  });

  it('rejects garbage, missing fields and another appId as protocol errors', () => {
    expect(() => readLftNotification('SUCCESS', { appId, key })).toThrow(ProtocolError);
    expect(() => readLftNotification({ appId, data: payin }, { appId, key })).toThrow(ProtocolError);
    const foreign = encodeRequest({ appId: 'OTHER', data: payin, timestamp: '20240315093100000' }, key);
    expect(() => readLftNotification(foreign, { appId, key })).toThrow(/appId/);
  });
});
