/**
 * The DSP front's DeContract in two steps, through HTTP on a listening simulator (manual clock)
 * with the reference client and the admin API: the document's own example request accepted as it
 * stands, the out-of-the-box Step 01 → SMS code (admin order view data.smsCode, journal) → Step 02
 * → cancelled, then EC801 重复签约; wrong codes counted, expiry after 5 minutes, a new application
 * replacing the code; the contract found by its identity, not by message ids.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDspClient, type DeContractInput, type DspClient } from '../clients/dsp.ts';
import { dsp } from '../simulators/dsp/index.ts';
import { parseAtsyh } from '../simulators/dsp/wire/index.ts';
import { startSimulator, type StartedSimulator } from './support/simulator.ts';

let sim: StartedSimulator;
let client: DspClient;
beforeAll(async () => {
  sim = await startSimulator(dsp);
  client = createDspClient({ url: `${sim.baseUrl}/`, bankCode: 'CMBC02', now: () => sim.now() });
});
afterAll(() => sim.close());

let n = 0;
/** a contract of its own for each test: PolicyNo + accounts the table's way */
function contract(extra: DeContractInput = {}): DeContractInput {
  n += 1;
  return {
    PayAct: `79102100603450${String(n).padStart(6, '0')}`,
    PayName: '名侦探悟空',
    PayBankCode: '102',
    RecAct: '6217661145901883428',
    RecName: '姬俞',
    RecBankCode: '102',
    PayAmount: '667.00',
    CellPhone: '15158040490',
    PolicyNo: `30101194506012${String(n).padStart(3, '0')}`,
    ...extra,
  };
}
const keyOf = (c: DeContractInput) => `${c.AuthCode || c.PolicyNo}:${c.PayAct ?? ''}:${c.RecAct ?? ''}`;
const smsCodeOf = async (c: DeContractInput) => (await sim.admin.order(keyOf(c))).data.smsCode as string;

const post = async (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'text/xml' }) => {
  const res = await fetch(`${sim.baseUrl}/`, { method: 'POST', headers, body: new Uint8Array(Buffer.from(body)) });
  const bytes = Buffer.from(await res.arrayBuffer());
  const parsed = parseAtsyh(bytes, 'TransResp', res.headers.get('content-type') ?? '');
  if (!parsed.ok) throw new Error(`not ATSYH: ${bytes.toString('utf8')}`);
  return { status: res.status, type: res.headers.get('content-type'), fields: parsed.fields };
};

describe('the document example', () => {
  it('accepts example 2.3 as it stands (lenient): no application yet, EC802, and warns per discrepancy', async () => {
    const seed = readFileSync(join(import.meta.dirname, '..', 'simulators', 'dsp', 'fixtures', 'seed-request.xml'));
    const a = await post(seed);
    expect(a.status).toBe(200);
    expect(a.fields).toEqual({
      BankCode: 'GZELINK01',
      TransType: 'DeContract',
      TransSeqID: '30191205151125',
      RespCode: '0',
      RespInfo: '无解约申请, 请先发送解约申请 (Step 01)',
      ReqSeqID: 'G0120031611501284062',
      UnifiedCode: 'EC802',
      DeSignState: 'fail',
      OriginalCode: 'D1001',
    });
    const [entry] = await sim.admin.journal({ limit: 1 });
    const warnings = entry!.warnings.join('\n');
    for (const field of ['PayBankCode', 'RecName', 'RecBankCode', 'PayAmount', 'CellPhone', 'DeadLine', 'SingleLimit'])
      expect(warnings).toContain(field);
  });
});

describe('Step 01 → Step 02 out of the box', () => {
  it('accepts the application, shows the code, cancels with it, then answers EC801 重复签约', async () => {
    const c = contract();
    // 1 Step 01: accepted, not cancelled yet
    const applied = await client.apply(c);
    expect(applied).toMatchObject({ ok: true, code: 'EC100', msg: '验证码已发送', cancelled: false });
    expect(applied.data).toMatchObject({ RespCode: '0', DeSignState: 'fail', OriginalCode: '0001' });
    // 2 the code: admin order view and journal
    const order = await sim.admin.order(keyOf(c));
    expect(order).toMatchObject({ kind: 'contract', state: 'APPLIED', data: { smsTriesLeft: 3, smsStatus: 'sent' } });
    const code = order.data.smsCode as string;
    expect(code).toMatch(/^\d{6}$/);
    expect((await sim.admin.journal({ order: keyOf(c) }))[0]!.warnings.join(' ')).toContain(code);
    // 3 Step 02 with the code, new message ids: cancelled
    const done = await client.confirm({ ...c, SmsCode: code });
    expect(done).toMatchObject({ ok: true, cancelled: true, code: 'EC000', msg: '解约成功' });
    expect(done.data).toMatchObject({ DeSignState: 'success', BankCode: 'CMBC02', TransType: 'DeContract' });
    expect(done.data.ReqSeqID).toBe(done.request.ReqSeqID);
    expect(done.request.ReqSeqID).not.toBe(applied.request.ReqSeqID);
    expect((await sim.admin.order(keyOf(c))).state).toBe('CANCELLED');
    // 4 again: EC801 重复签约 (the document's text), RespCode 0, fail, the example's code
    const again = await client.confirm({ ...c, SmsCode: code });
    expect(again).toMatchObject({ ok: false, cancelled: false, code: 'EC801' });
    expect(again.data).toMatchObject({ RespCode: '0', DeSignState: 'fail', OriginalCode: 'S' });
    expect(again.msg).toBe('重复签约');
    expect((await client.apply(c)).code).toBe('EC801');
  });

  it('finds the application by AuthCode (over PolicyNo) with the accounts, not by message ids', async () => {
    const c = contract({ AuthCode: 'AUTH-0001' });
    await client.apply(c);
    const code = await smsCodeOf(c);
    // another PolicyNo does not matter when AuthCode names the contract; other accounts do
    expect((await client.confirm({ ...c, RecAct: '6217000000000000001', SmsCode: code })).code).toBe('EC802');
    expect((await client.confirm({ ...c, PolicyNo: 'OTHER', SmsCode: code })).code).toBe('EC000');
  });

  it('answers EC802 to a Step 02 with no application, and creates no contract', async () => {
    const c = contract();
    expect((await client.confirm({ ...c, SmsCode: '123456' })).code).toBe('EC802');
    await expect(sim.admin.order(keyOf(c))).rejects.toThrow();
  });
});

describe('the SMS code', () => {
  it('counts wrong codes: EC803 with the tries left, EC805 at the third, then the application is gone', async () => {
    const c = contract();
    await client.apply(c);
    const code = await smsCodeOf(c);
    const wrong = code === '000000' ? '111111' : '000000';
    const first = await client.confirm({ ...c, SmsCode: wrong });
    // RespInfo is the code's text; the tries left are the simulator's journal note
    expect(first).toMatchObject({ code: 'EC803', msg: '短信验证码错误' });
    expect((await sim.admin.journal({ operation: 'decontract-confirm', limit: 1 }))[0]!.warnings).toContain(
      '短信验证码错误, 还可尝试 2 次',
    );
    await client.confirm({ ...c, SmsCode: wrong });
    expect((await sim.admin.journal({ operation: 'decontract-confirm', limit: 1 }))[0]!.warnings).toContain(
      '短信验证码错误, 还可尝试 1 次',
    );
    expect((await client.confirm({ ...c, SmsCode: wrong })).code).toBe('EC805');
    expect(await sim.admin.order(keyOf(c))).toMatchObject({ state: 'ACTIVE', data: { smsStatus: 'exhausted' } });
    expect((await client.confirm({ ...c, SmsCode: code })).code).toBe('EC802');
  });

  it('does not count a Step 02 without a code', async () => {
    const c = contract();
    await client.apply(c);
    expect(await client.confirm({ ...c, SmsCode: '' })).toMatchObject({ code: 'EC803', msg: '短信验证码错误' });
    expect((await sim.admin.journal({ operation: 'decontract-confirm', limit: 1 }))[0]!.warnings).toContain(
      '未上送短信验证码 (SmsCode)',
    );
    expect((await sim.admin.order(keyOf(c))).data.smsTriesLeft).toBe(3);
  });

  it('expires 5 minutes after it was sent (simulator time): valid at 5:00, EC804 after', async () => {
    const c = contract();
    const d = contract();
    await client.apply(c);
    await client.apply(d);
    await sim.advance(300_000);
    expect((await client.confirm({ ...c, SmsCode: await smsCodeOf(c) })).code).toBe('EC000');
    await sim.advance(1);
    expect((await client.confirm({ ...d, SmsCode: await smsCodeOf(d) })).code).toBe('EC804');
    expect(await sim.admin.order(keyOf(d))).toMatchObject({ state: 'ACTIVE', data: { smsStatus: 'expired' } });
  });

  it('is replaced by a new Step 01 (a new code, tries and expiry)', async () => {
    const c = contract();
    await client.apply(c);
    const old = await smsCodeOf(c);
    await client.apply(c);
    const fresh = await smsCodeOf(c);
    expect(fresh).not.toBe(old);
    expect((await client.confirm({ ...c, SmsCode: old })).code).toBe('EC803');
    expect((await client.confirm({ ...c, SmsCode: fresh })).code).toBe('EC000');
  });
});

describe('routing and the wire', () => {
  it('serves any path on the port and records it in the journal', async () => {
    const c = contract();
    const other = createDspClient({ url: `${sim.baseUrl}/ats/front/DeContract.do`, now: () => sim.now() });
    expect((await other.apply(c)).code).toBe('EC100');
    expect((await sim.admin.journal({ limit: 1 }))[0]!.request?.url).toBe('/ats/front/DeContract.do');
  });

  it('answers a GBK request in GBK and a GB18030 one in GB18030, declaration and content type alike', async () => {
    for (const charset of ['GBK', 'GB18030', 'GB2312'] as const) {
      const c = contract({ PayName: '名侦探悟空' });
      const gb = createDspClient({ url: `${sim.baseUrl}/`, charset, now: () => sim.now() });
      const r = await gb.apply(c);
      expect(r).toMatchObject({ ok: true, msg: '验证码已发送' });
      expect(r.charset).toBe(charset);
      expect((await sim.admin.order(keyOf(c))).data.PayName).toBe('名侦探悟空');
    }
    const res = await fetch(`${sim.baseUrl}/`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: new Uint8Array(
        readFileSync(join(import.meta.dirname, '..', 'simulators', 'dsp', 'fixtures', 'seed-request.gbk.xml')),
      ),
    });
    expect(res.headers.get('content-type')).toBe('text/xml; charset=GBK');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 38).toString('latin1')).toBe('<?xml version="1.0" encoding="GBK"?>\n<');
    // 无解约申请 in GBK: python3 -c "print('无解约申请'.encode('gbk').hex())" → cedebde2d4bcc9eac7eb
    expect(bytes.toString('hex')).toContain('cedebde2d4bcc9eac7eb');
  });
});
