/**
 * Requests HTTP itself cannot parse — a body longer than its content-length (as Pact's verifier
 * proxy sends after a filter grows a body), a broken request line — still get the upstream's own
 * error body (HTTP 400), never Fastify's JSON, on every channel; what Node's parser or Fastify
 * said is the simulator's x-sim-detail and journal entry, never an upstream field.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { lft } from '../simulators/lft/index.ts';
import { unionpay } from '../simulators/unionpay/index.ts';
import { parseUnionPayResponse } from '../simulators/unionpay/wire/index.ts';
import { fixtures } from './conformance/fixtures.ts';

let app: SimServer | undefined;
afterEach(() => app?.close());

async function rawExchange(server: SimServer, bytes: string): Promise<string> {
  await server.listen({ port: 0, host: '127.0.0.1' });
  const socket = connect((server.server.address() as AddressInfo).port, '127.0.0.1');
  let got = '';
  socket.on('data', (d) => (got += d.toString('utf8')));
  socket.write(bytes);
  await new Promise((r) => socket.on('close', r));
  return got;
}

const scenariosDir = join(import.meta.dirname, '..', 'scenarios');

describe('HTTP-level errors in the upstream format', () => {
  it('LFT: a broken request line gets a 400 with a PayCommonVo body', async () => {
    app = buildServer(lft, {
      scenarios: loadScenarios(scenariosDir, lft),
      config: { dataDir: mkdtempSync(join(tmpdir(), 'lft-')), credentials: { appId: 'APP01', key: 'k' } },
    });
    const res = await rawExchange(app, 'POST /api/protocol/find HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n{}');
    expect(res).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(res).toMatch(/content-type: application\/json;charset=UTF-8/i);
    const body = JSON.parse(res.slice(res.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ code: 'EP10001', msg: '请求报文格式错误' });
  });

  // Node's parser words (HPE_…) are the simulator's explanation: x-sim-detail and the journal,
  // never the upstream's message field, on every channel
  it.each([
    ['lft', (b: string) => (JSON.parse(b) as { msg: string }).msg, '请求报文格式错误'],
    ['unionpay', (b: string) => parseUnionPayResponse(b).respMsg, '报文格式错误[6100030]'],
    ['lakala', (b: string) => (JSON.parse(b) as { ret_msg: string }).ret_msg, '请求报文格式错误'],
    ['withhold', (b: string) => (JSON.parse(b) as { message: string }).message, '请求报文格式错误'],
    ['dsp', (b: string) => /<RespInfo>([^<]*)<\/RespInfo>/.exec(b)?.[1], '报文格式错误'],
  ] as const)('%s: a request HTTP cannot parse answers the upstream text alone', async (name, textOf, text) => {
    const f = fixtures[name]!;
    app = buildServer(f.channel, {
      scenarios: loadScenarios(f.scenariosDir ?? scenariosDir, f.channel),
      config: { dataDir: mkdtempSync(join(tmpdir(), `${name}-`)), credentials: f.credentials },
    });
    const res = await rawExchange(app, `POST ${f.path} HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n{}`);
    expect(res).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const [head, body] = [res.slice(0, res.indexOf('\r\n\r\n')), res.slice(res.indexOf('\r\n\r\n') + 4)];
    expect(textOf(body)).toBe(text);
    expect(body).not.toContain('HPE_');
    const detail = decodeURIComponent(/^x-sim-detail: (.*)$/im.exec(head)?.[1] ?? '');
    expect(detail).toMatch(/^HTTP request cannot be parsed \(HPE_INVALID_CONTENT_LENGTH: /);
    const id = /^x-sim-journal-id: (\d+)$/im.exec(head)?.[1];
    const [entry] = (await app.inject({ method: 'GET', url: '/__admin/journal?limit=1' })).json().entries;
    expect(entry).toMatchObject({
      id: Number(id),
      operation: '(HTTP request that does not parse)',
      error: { code: 'SIM_ERR_WIRE_MALFORMED', message: detail },
      response: { status: 400 },
    });
  });

  it('UnionPay: extra bytes after the declared body get a 400 with a signed k=v body', async () => {
    app = buildServer(unionpay, {
      scenarios: loadScenarios(scenariosDir, unionpay),
      config: { dataDir: mkdtempSync(join(tmpdir(), 'up-')) },
    });
    const res = await rawExchange(
      app,
      'POST /gateway/api/backTransReq.do HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=1garbage-that-is-no-request\r\n\r\n',
    );
    const answers = res.split(/(?=HTTP\/1\.1 )/);
    expect(answers.at(-1)).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const last = answers.at(-1)!;
    expect(last).toMatch(/content-type: text\/html;charset=UTF-8/i);
    expect(parseUnionPayResponse(last.slice(last.indexOf('\r\n\r\n') + 4))).toMatchObject({
      respCode: '10',
      signMethod: '01',
    });
  });
});

describe('URLs Fastify cannot decode (FST_ERR_BAD_URL)', () => {
  it('LFT: POST /api/protocol/%ff gets a 400 with a signed PayCommonVo, not Fastify JSON', async () => {
    app = buildServer(lft, {
      scenarios: loadScenarios(scenariosDir, lft),
      config: { dataDir: mkdtempSync(join(tmpdir(), 'lft-')), credentials: { appId: 'APP01', key: 'k' } },
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/protocol/%ff',
      payload: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(res.json()).toMatchObject({ code: 'EP10001', sign: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(res.body).not.toContain('FST_ERR');
    expect(res.json().msg).toBe('请求报文格式错误');
    expect(decodeURIComponent(String(res.headers['x-sim-detail']))).toMatch(/^the URL does not decode/);
    // what Fastify said is the journal's, not the upstream field's
    const [entry] = (await app.inject({ method: 'GET', url: '/__admin/journal' })).json().entries;
    expect(entry).toMatchObject({
      request: { url: '/api/protocol/%ff' },
      error: { code: 'SIM_ERR_WIRE_MALFORMED', message: expect.stringContaining('%ff') },
    });
  });

  it('UnionPay: the same URL gets a signed k=v answer', async () => {
    app = buildServer(unionpay, {
      scenarios: loadScenarios(scenariosDir, unionpay),
      config: { dataDir: mkdtempSync(join(tmpdir(), 'up-')) },
    });
    const res = await app.inject({ method: 'POST', url: '/gateway/%ff', payload: 'a=1' });
    expect(res.statusCode).toBe(400);
    expect(parseUnionPayResponse(res.body)).toMatchObject({
      respCode: '10',
      signMethod: '01',
      signature: expect.any(String),
    });
  });

  it('the admin API answers its own JSON error', async () => {
    app = buildServer(lft, {
      scenarios: loadScenarios(scenariosDir, lft),
      config: { dataDir: mkdtempSync(join(tmpdir(), 'lft-')), credentials: { appId: 'APP01', key: 'k' } },
    });
    const res = await app.inject({ method: 'GET', url: '/__admin/orders/%ff' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'SIM_ERR_ADMIN_BAD_REQUEST' } });
  });
});
