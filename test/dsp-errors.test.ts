/**
 * What the DSP front answers to requests it cannot serve, through HTTP on a listening simulator:
 * always ATSYH XML with RespCode -1, HTTP 200, the code's RespInfo (x-sim-detail names the problem) and what could be
 * echoed; the fields required in every mode, lengths, strict mode (flag and scenario), hostile
 * and broken XML, other charsets, a seeded fuzz after which the simulator's state is intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDspClient, type DeContractInput, type DspClient } from '../clients/dsp.ts';
import { createRandom } from '../simulators/core/banks/index.ts';
import { dsp } from '../simulators/dsp/index.ts';
import { encodeDspRequest, encodeText, parseAtsyh, type DspRequestFields } from '../simulators/dsp/wire/index.ts';
import { startSimulator, type StartedSimulator } from './support/simulator.ts';

let sim: StartedSimulator;
let client: DspClient;
beforeAll(async () => {
  sim = await startSimulator(dsp);
  client = createDspClient({ url: `${sim.baseUrl}/`, now: () => sim.now() });
});
afterAll(() => sim.close());

const base: DspRequestFields = {
  BankCode: 'ALIPAY01',
  TransType: 'DeContract',
  TransSeqID: '030441109',
  CommandCode: '9108Auth',
  TransTime: '2021-07-27 15:04:41',
  ReqSeqID: '29080702394102',
  PayAct: '79102100603450000018',
  PayName: '名侦探悟空',
  PayBankCode: '102',
  RecAct: '6217661145901883428',
  RecName: '姬俞',
  RecBankCode: '102',
  PayAmount: '667.00',
  CellPhone: '15158040490',
  AuthCode: '30101194506012712',
  Step: '01',
};

async function raw(body: string | Buffer, opts: { type?: string; path?: string; method?: string } = {}) {
  const res = await fetch(`${sim.baseUrl}${opts.path ?? '/'}`, {
    method: opts.method ?? 'POST',
    headers: { 'content-type': opts.type ?? 'text/xml' },
    ...(opts.method === 'GET' ? {} : { body: new Uint8Array(Buffer.from(body)) }),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const parsed = parseAtsyh(bytes, 'TransResp', res.headers.get('content-type') ?? '');
  expect(parsed.ok, bytes.toString('utf8')).toBe(true);
  // the simulator's explanation of a refusal travels in its own header, never in RespInfo
  const detail = decodeURIComponent(res.headers.get('x-sim-detail') ?? '');
  return { status: res.status, type: res.headers.get('content-type'), fields: parsed.ok ? parsed.fields : {}, detail };
}
const send = (f: DspRequestFields) => raw(encodeDspRequest(f, 'UTF-8'));
const without = (k: keyof DspRequestFields, f: DspRequestFields = base) => {
  const { [k]: _dropped, ...rest } = f;
  return rest;
};

describe('fields required in every mode', () => {
  it.each([
    ['TransType', 'EC991'],
    ['CommandCode', 'EC991'],
    ['Step', 'EC991'],
    ['ReqSeqID', 'EC991'],
  ] as const)('refuses a request without %s: RespCode -1 naming it, echoing the rest', async (field, code) => {
    const a = await send(without(field));
    expect(a.status).toBe(200);
    expect(a.fields).toMatchObject({ RespCode: '-1', UnifiedCode: code, DeSignState: 'fail', BankCode: 'ALIPAY01' });
    expect(a.fields.RespInfo).toBe('必填字段缺失');
    expect(a.detail).toContain(field);
    const [entry] = await sim.admin.journal({ limit: 1 });
    expect(entry!.error!.message).toBe(a.detail);
    expect(a.fields.TransSeqID).toBe('030441109');
    expect(a.fields.OriginalCode).toBeUndefined();
  });

  it('refuses a request with neither PayAct nor RecAct, but serves one with either', async () => {
    const a = await send(without('RecAct', without('PayAct')));
    expect(a.fields).toMatchObject({ RespCode: '-1', UnifiedCode: 'EC991' });
    expect(a.detail).toContain('PayAct');
    expect((await send({ ...without('RecAct'), ReqSeqID: 'R-only-pay' })).fields.UnifiedCode).toBe('EC100');
  });

  it('refuses an unknown TransType, another CommandCode, and a Step other than 01/02 (EC993 / EC992)', async () => {
    const other = await send({ ...base, TransType: 'QryContract' });
    expect(other.fields).toMatchObject({ RespCode: '-1', UnifiedCode: 'EC993', TransType: 'QryContract' });
    expect(other.detail).toContain('TransType=QryContract');
    const cmd = await send({ ...base, CommandCode: '9107Pay' });
    expect(cmd.fields).toMatchObject({ RespCode: '-1', UnifiedCode: 'EC993' });
    expect(cmd.detail).toContain('9108Auth');
    const step = await send({ ...base, Step: '03' });
    expect(step.fields).toMatchObject({ RespCode: '-1', UnifiedCode: 'EC992' });
    expect(step.detail).toContain('Step');
  });

  it('refuses an over-long value in lenient mode too (EC992, naming the field)', async () => {
    const a = await send({ ...base, ReqSeqID: 'R'.repeat(65) });
    expect(a.fields).toMatchObject({ RespCode: '-1', UnifiedCode: 'EC992' });
    expect(a.detail).toContain('ReqSeqID');
    expect(a.fields.ReqSeqID).toBe('R'.repeat(64));
  });
});

describe('strict mode', () => {
  const sloppy: DeContractInput = { PayAct: '6222000011112222', PolicyNo: 'STRICT-1', SingleLimit: '黄二九' };

  it('by the admin flag: refuses the first table problem in the table order; lenient again after', async () => {
    expect(await sim.admin.request('POST', '/dsp/mode', { strict: true })).toEqual({ mode: 'strict' });
    try {
      const a = await client.apply(sloppy);
      expect(a).toMatchObject({ ok: false, refusedByFront: true, code: 'EC991' });
      expect(a.msg).toBe('必填字段缺失');
      expect(a.simDetail).toContain('PayName');
      const full = await client.apply({ ...base, ReqSeqID: undefined, DeadLine: '20991340' });
      expect(full).toMatchObject({ code: 'EC992' });
      expect(full.simDetail).toContain('DeadLine');
    } finally {
      await sim.admin.request('POST', '/dsp/mode', { strict: false });
    }
    expect(await sim.admin.request('GET', '/dsp/mode')).toEqual({ mode: 'lenient' });
    expect((await client.apply({ ...sloppy, PolicyNo: 'STRICT-2' })).code).toBe('EC100');
  });

  it('by the dsp/strict scenario for one request, without changing the mode', async () => {
    const a = await client.apply({ ...sloppy, PolicyNo: 'STRICT-3' }, { scenario: 'dsp/strict' });
    expect(a).toMatchObject({ refusedByFront: true, code: 'EC991' });
    const ok = await client.apply({ ...base, AuthCode: 'STRICT-4', ReqSeqID: undefined }, { scenario: 'dsp/strict' });
    expect(ok.code, ok.msg).toBe('EC100');
    expect((await client.apply({ ...sloppy, PolicyNo: 'STRICT-5' })).code).toBe('EC100');
  });
});

describe('what is not a well-formed ATSYH request', () => {
  it('answers broken XML, a wrong root, a repeated element, an empty body and plain text with EC990', async () => {
    const xml = encodeDspRequest(base, 'UTF-8').toString('utf8');
    for (const body of [
      xml.slice(0, 120),
      xml.replace(/ATSYH/g, 'ROOT'),
      xml.replace('<TransReq>', '<TransReq><BankCode>X</BankCode>'),
      '',
      'hello',
      '{"TransType":"DeContract"}',
    ]) {
      const a = await raw(body);
      expect(a.status).toBe(200);
      expect(a.fields).toMatchObject({
        RespCode: '-1',
        UnifiedCode: 'EC990',
        DeSignState: 'fail',
        RespInfo: '报文格式错误',
      });
      expect(a.detail).not.toBe('');
    }
    // from XML that does not parse, the echo fields are salvaged
    expect((await raw(xml.slice(0, 300))).fields).toMatchObject({ BankCode: 'ALIPAY01', TransSeqID: '030441109' });
  });

  it('refuses a DOCTYPE (an entity bomb is never expanded) and a body over 64 KiB', async () => {
    const bomb = encodeDspRequest(base, 'UTF-8')
      .toString('utf8')
      .replace('<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE a [<!ENTITY x "xxxxxxxxxx">]>')
      .replace('名侦探悟空', '&x;&x;&x;');
    const a = await raw(bomb);
    expect(a.fields).toMatchObject({ RespCode: '-1', UnifiedCode: 'EC990' });
    expect(a.detail).toContain('DOCTYPE');
    const big = encodeDspRequest({ ...base, Memo: 'm'.repeat(70_000) }, 'UTF-8');
    const b = await raw(big);
    expect(b).toMatchObject({ status: 200, type: 'text/xml; charset=UTF-8' });
    expect(b.fields).toMatchObject({ RespCode: '-1', UnifiedCode: 'EC990' });
    expect(b.detail).toContain('65536');
  });

  it('refuses a charset it does not read, and bytes invalid in the declared one, in UTF-8', async () => {
    const big5 = encodeDspRequest(base, 'UTF-8').toString('utf8').replace('encoding="UTF-8"', 'encoding="Big5"');
    const a = await raw(big5);
    expect(a).toMatchObject({ type: 'text/xml; charset=UTF-8' });
    expect(a.detail).toContain('Big5');
    const bad = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="UTF-8"?><ATSYH><TransReq>'),
      Buffer.from([0xff]),
    ]);
    expect((await raw(bad)).detail).toContain('UTF-8');
    // a GBK error is answered in GBK
    const gbk = await raw(encodeText('<?xml version="1.0" encoding="GBK"?><ATSYH><TransReq>名</TransReq>', 'GBK'));
    expect(gbk).toMatchObject({ type: 'text/xml; charset=GBK' });
  });

  it('answers a GET and the admin prefix apart: ATSYH for the wire, JSON under /__admin', async () => {
    const a = await raw('', { method: 'GET', path: '/anything' });
    expect(a.fields).toMatchObject({ RespCode: '-1', UnifiedCode: 'EC993' });
    const admin = await fetch(`${sim.baseUrl}/__admin/nope`, { method: 'POST' });
    expect(admin.status).toBe(404);
    expect(((await admin.json()) as { error: { code: string } }).error.code).toBe('SIM_ERR_ADMIN_NOT_FOUND');
  });

  it('serves another content type with a journal warning', async () => {
    const a = await raw(encodeDspRequest({ ...base, ReqSeqID: 'R-ct', PolicyNo: 'CT-1' }, 'UTF-8'), {
      type: 'application/octet-stream',
    });
    expect(a.fields.UnifiedCode).toBe('EC100');
    expect((await sim.admin.journal({ limit: 1 }))[0]!.warnings.join(' ')).toContain('Content-Type');
  });
});

describe('fuzz', () => {
  it('answers 300 seeded mutations in ATSYH XML, never a 5xx, and a contract made before is intact', async () => {
    const c: DeContractInput = { PayAct: '6222123412341234', AuthCode: 'FUZZ-KEEP', CellPhone: '15158040490' };
    const applied = await client.apply(c);
    expect(applied.code, applied.msg).toBe('EC100');
    const key = 'FUZZ-KEEP:6222123412341234:';
    const code = (await sim.admin.order(key)).data.smsCode as string;
    const r = createRandom(8102);
    const names = Object.keys(base) as (keyof DspRequestFields)[];
    for (let i = 0; i < 300; i++) {
      const f: Record<string, string> = { ...base, ReqSeqID: `FZ${i}`, AuthCode: c.AuthCode!, PayAct: c.PayAct! };
      const k = r.pick(names);
      const v = r.pick(['', 'x'.repeat(r.int(60, 300)), '<&>"\'', '\u0000\uFFFE', '😀中文', r.digits(r.int(1, 30))]);
      if (r.int(0, 1)) f[k] = v;
      else delete f[k];
      const charset = r.pick(['UTF-8', 'GBK', 'GB18030'] as const);
      const res = await fetch(`${sim.baseUrl}/`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: new Uint8Array(encodeDspRequest(f, charset)),
      });
      expect(res.status).toBe(200);
      const p = parseAtsyh(Buffer.from(await res.arrayBuffer()), 'TransResp', res.headers.get('content-type') ?? '');
      expect(p.ok && ['0', '-1'].includes(p.fields.RespCode ?? '')).toBe(true);
    }
    // the fuzz may have sent Step 02s with wrong codes or re-applied: the contract is still whole
    const order = await sim.admin.order(key);
    expect(['ACTIVE', 'APPLIED', 'CANCELLED']).toContain(order.state);
    if (order.state !== 'CANCELLED') {
      await client.apply(c);
      const fresh = (await sim.admin.order(key)).data.smsCode as string;
      expect((await client.confirm({ ...c, SmsCode: fresh })).code).toBe('EC000');
    }
    expect(code).toMatch(/^\d{6}$/);
  });
});
