/**
 * Lakala's scenarios through the reference client against a listening simulator (manual clock):
 * every magic protocol_code prefix, for both sign_flags where it differs; agreements moved by the
 * events (verify, fail, unsign, repeat-sign) and refused from other states; a query never changes
 * an agreement; scenarios chosen by header; and the catalogue the README lists.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../clients/http.ts';
import { createLakalaClient, type LakalaClient, type SignQryResult } from '../clients/lakala.ts';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { lakala } from '../simulators/lakala/index.ts';
import { agreementKey } from '../simulators/lakala/agreements.ts';
import { exampleReqData } from './conformance/lakala.ts';
import { startSimulator, type StartedSimulator } from './support/simulator.ts';

let sim: StartedSimulator;
let client: LakalaClient;
let n = 0;

beforeAll(async () => {
  sim = await startSimulator(lakala, { faultTimeoutMs: 200 });
  const sdk = (sim.credentials as unknown as { sdk: Record<string, string> }).sdk;
  client = createLakalaClient({
    serverUrl: sim.baseUrl,
    appid: sdk.appId!,
    serialNo: sdk.serialNo!,
    privateKeyPem: readFileSync(sdk.priKeyPath!),
    platformCertPems: [readFileSync(sdk.lklCerPath!)],
    now: () => sim.now(),
    timeoutMs: 3000,
  });
});
afterAll(() => sim.close());

const fresh = (prefix: string) => `${prefix}${String(++n).padStart(4, '0')}`;
const view = (r: SignQryResult) => {
  const d = r.data as Record<string, string> | undefined;
  return [d?.result_state, d?.result_info_code, d?.result_info];
};
const ask = async (protocol_code: string, sign_flag = '0') =>
  client.signQry({ ...exampleReqData(protocol_code), sign_flag });
const states = async (code: string, times: number, flag = '0') => {
  const out = [];
  for (let i = 0; i < times; i++) out.push((await ask(code, flag)).data?.result_state);
  return out;
};
const keyOf = (code: string) => agreementKey(exampleReqData(code));
const event = (code: string, e: string) => sim.admin.event(keyOf(code), e);

describe('the default scenario', () => {
  it("answers the seed's result_state 2 and keeps answering 2: a query never changes an agreement", async () => {
    const code = fresh('DEF');
    expect(await states(code, 3)).toEqual(['2', '2', '2']);
    const r = await ask(code);
    expect(view(r)).toEqual(['2', 'S0000', '签约成功']);
    expect((await sim.admin.order(keyOf(code))).state).toBe('SIGNED');
  });

  it('an unsign query brings the agreement into being unsigned: 解约成功; its sign query then says 协议已解约', async () => {
    const code = fresh('DEFU');
    expect(view(await ask(code, '1'))).toEqual(['2', 'S0000', '解约成功']);
    expect(view(await ask(code, '0'))).toEqual(['3', 'E3003', '协议已解约']);
  });
});

describe('magic protocol_codes', () => {
  it('PENDQ…: 4 for two queries, then 2 — for a sign and for an unsign', async () => {
    expect(await states(fresh('PENDQ'), 4)).toEqual(['4', '4', '2', '2']);
    const u = fresh('PENDQ');
    expect(await states(u, 3, '1')).toEqual(['4', '4', '2']);
    expect(view(await ask(u, '1'))).toEqual(['2', 'S0000', '解约成功']);
  });

  it('PENDT…: 4 until the customer verifies 60 s after the first query (simulator clock), then 2', async () => {
    const code = fresh('PENDT');
    expect(await states(code, 2)).toEqual(['4', '4']);
    await sim.advance('59s');
    expect(await states(code, 1)).toEqual(['4']);
    await sim.advance('1s');
    expect(await states(code, 1)).toEqual(['2']);
    const u = fresh('PENDT');
    expect(await states(u, 1, '1')).toEqual(['4']);
    await sim.advance('60s');
    expect(view(await ask(u, '1'))).toEqual(['2', 'S0000', '解约成功']);
  });

  it('PENDF…: 4 twice, then 3 E2002 (verification timed out)', async () => {
    const code = fresh('PENDF');
    expect(await states(code, 2)).toEqual(['4', '4']);
    expect(view(await ask(code))).toEqual(['3', 'E2002', '客户未在规定时间内完成验证']);
    expect(view(await ask(code))).toEqual(['3', 'E2002', '客户未在规定时间内完成验证']);
  });

  it.each([
    ['FAILACT', 'E1006', '户名与账号不符'],
    ['FAILFRZ', 'E1009', '账户已冻结或状态异常'],
    ['FAILLMT', 'E1007', '超过银行签约限额'],
  ])('%s…: 3 %s %s, with no agreement_no or verify_code', async (prefix, infoCode, info) => {
    const r = await ask(fresh(prefix));
    expect(r.ok).toBe(true);
    expect(view(r)).toEqual(['3', infoCode, info]);
    expect(r.data).toMatchObject({ agreement_no: '', verify_code: '' });
  });

  it('UFAIL…: an unsign that failed (3 E1001) on an agreement that stays signed (2)', async () => {
    const code = fresh('UFAIL');
    expect(view(await ask(code, '1'))).toEqual(['3', 'E1001', '银行拒绝签约']);
    expect(view(await ask(code, '0'))).toEqual(['2', 'S0000', '签约成功']);
  });

  it('REPEAT…: a sign query answers 5 (重复签约) with the agreement_no; an unsign query finds no unsign', async () => {
    const code = fresh('REPEAT');
    const r = await ask(code);
    expect(view(r)).toEqual(['5', 'S0001', '已签约成功,重复签约']);
    expect(r.data?.agreement_no).toMatch(/^YZT/);
    expect(view(await ask(code, '1'))).toEqual(['3', 'E3002', '未查询到解约记录']);
  });

  it('NEVER…: an unsign of an agreement never signed is 3 E3001 协议未签约', async () => {
    const code = fresh('NEVER');
    expect(view(await ask(code, '1'))).toEqual(['3', 'E3001', '协议未签约']);
    expect(view(await ask(code, '0'))).toEqual(['3', 'E3001', '协议未签约']);
  });

  it('HOLDER…: the holder fields masked the way Lakala masks them', async () => {
    const r = await ask(fresh('HOLDER'));
    expect(r.data).toMatchObject({
      cust_name: '王*',
      cert_num: '110101********0011',
      mobile: '138****5678',
      limit_amount: '5000000',
      result_state: '2',
    });
  });

  it('SYSERR…: ret_code 999999 every time, signed, no resp_data', async () => {
    const code = fresh('SYSERR');
    for (let i = 0; i < 2; i++) {
      const r = await ask(code);
      expect(r).toMatchObject({ ok: false, code: '999999', data: undefined });
      // Lakala's words alone; the scenario is named in the simulator's header and journal
      expect(r.msg).toBe('系统繁忙,请稍后重试');
      expect(r.simDetail).toBe('模拟场景 lakala/system-error');
    }
  });

  it('SLOW…: the answer is written 3 s later on the simulator clock', async () => {
    let done = false;
    const pending = ask(fresh('SLOW')).then((r) => ((done = true), r));
    for (let i = 0; i < 50 && (await sim.admin.clock()).pendingTimers === 0; i++);
    await sim.advance(2999);
    await sim.admin.health();
    expect(done).toBe(false);
    await sim.advance(1);
    expect((await pending).data?.result_state).toBe('2');
  });

  it('RESET…: the first query resets the connection (the agreement exists), the next one answers', async () => {
    const code = fresh('RESET');
    await expect(ask(code)).rejects.toBeInstanceOf(TransportError);
    expect((await sim.admin.order(keyOf(code))).state).toBe('SIGNED');
    expect((await ask(code)).data?.result_state).toBe('2');
  });

  it("TIMEOUT…: the first query is never answered; GARBAGE…: the first answer is not Lakala's", async () => {
    const t = fresh('TIMEOUT');
    const waiting = ask(t).catch((e: unknown) => e);
    for (let i = 0; i < 50 && (await sim.admin.clock()).pendingTimers === 0; i++);
    await sim.advance(200);
    expect(await waiting).toBeInstanceOf(Error);
    expect((await ask(t)).data?.result_state).toBe('2');
    const g = fresh('GARBAGE');
    await expect(ask(g)).rejects.toBeInstanceOf(Error);
    expect((await ask(g)).data?.result_state).toBe('2');
  });
});

describe('events', () => {
  it('verify moves a pending sign to signed and a pending unsign to unsigned', async () => {
    const code = fresh('PENDQ');
    expect(await states(code, 1)).toEqual(['4']);
    await event(code, 'verify');
    expect(await states(code, 1)).toEqual(['2']);
  });

  it('fail ends a pending sign in 3; unsign and repeat-sign move a signed agreement; other states are refused', async () => {
    const pending = fresh('PENDQ');
    await ask(pending);
    await event(pending, 'fail');
    expect(view(await ask(pending))).toEqual(['3', 'E1001', '银行拒绝签约']);
    await expect(event(pending, 'verify')).rejects.toMatchObject({ status: 409 });

    const signed = fresh('EV');
    await ask(signed);
    await event(signed, 'repeat-sign');
    expect((await ask(signed)).data?.result_state).toBe('5');
    await event(signed, 'unsign');
    expect(view(await ask(signed, '1'))).toEqual(['2', 'S0000', '解约成功']);
    await expect(event(signed, 'unsign')).rejects.toMatchObject({ status: 409 });
  });
});

describe('choosing a scenario without a magic value', () => {
  it('x-sim-scenario binds any protocol_code to that scenario', async () => {
    const code = fresh('HDR');
    const r = await client.signQry(exampleReqData(code), { scenario: 'lakala/repeat-sign' });
    expect(r.data?.result_state).toBe('5');
    expect((await ask(code)).data?.result_state).toBe('5');
  });

  it('an unknown x-sim-scenario is answered 999998 naming it', async () => {
    const r = await client.signQry(exampleReqData(fresh('HDR')), { scenario: 'lakala/nope' });
    expect(r).toMatchObject({ ok: false, code: '999998' });
    expect(r.msg).toBe('模拟器场景不存在');
    expect(r.simDetail).toMatch(/lakala\/nope/);
  });
});

describe('the catalogue', () => {
  it('loads every scenario file with the names the README lists', () => {
    const ids = [...loadScenarios('scenarios', lakala).byId.keys()].sort();
    expect(ids).toEqual(
      [
        'connection-reset',
        'default',
        'failed-account-frozen',
        'failed-account-mismatch',
        'failed-limit',
        'garbage-response',
        'never-signed',
        'pending-for-a-minute',
        'pending-then-failed',
        'pending-then-signed',
        'pending-then-unsigned',
        'repeat-sign',
        'response-timeout',
        'slow-response',
        'system-error',
        'unsign-failed',
        'unsign-pending-for-a-minute',
        'with-holder',
      ].map((s) => `lakala/${s}`),
    );
    const readme = readFileSync('simulators/lakala/README.md', 'utf8');
    for (const id of ids) expect(readme, id).toContain(`\`${id}\``);
  });
});
