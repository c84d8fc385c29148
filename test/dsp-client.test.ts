/**
 * The DSP reference client end to end and at its edges: both steps in UTF-8 and GBK against a
 * listening simulator, with the SMS code read the three ways a tester can (admin order view,
 * journal, CLI `orders show`); and answers that are not the protocol (JSON, another charset,
 * another request's ReqSeqID, a missing element, nobody listening), which are exceptions, while a
 * RespCode -1 is a result.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError, TransportError } from '../clients/http.ts';
import { createDspClient } from '../clients/dsp.ts';
import { dsp } from '../simulators/dsp/index.ts';
import { encodeDspResponse, type DspCharset, type DspResponseFields } from '../simulators/dsp/wire/index.ts';
import { startSimulator, type StartedSimulator } from './support/simulator.ts';

const BIN = fileURLToPath(new URL('../bin/channel-sim.js', import.meta.url));

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startSimulator(dsp);
});
afterAll(() => sim.close());

function cli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

describe('against the simulator', () => {
  it.each(['UTF-8', 'GBK', 'GB18030'] as const)('de-contracts in two steps in %s', async (charset) => {
    const client = createDspClient({ url: `${sim.baseUrl}/`, charset, bankCode: 'GZELINK01', now: () => sim.now() });
    const c = { PolicyNo: `CLI-${charset}`, PayAct: '6123011880003601000', RecAct: '001053110000001123' };
    const applied = await client.apply({ ...c, PayName: '测试', CellPhone: '15158040490' });
    expect(applied).toMatchObject({ ok: true, step: '01', code: 'EC100', charset, msg: '验证码已发送' });
    expect(applied.request).toMatchObject({ TransType: 'DeContract', CommandCode: '9108Auth', Step: '01' });
    expect(applied.request.TransTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const key = `${c.PolicyNo}:${c.PayAct}:${c.RecAct}`;
    const sms = (await sim.admin.order(key)).data.smsCode as string;
    const done = await client.confirm({ ...c, SmsCode: sms });
    expect(done).toMatchObject({ ok: true, step: '02', cancelled: true, code: 'EC000', msg: '解约成功', charset });
  });

  it('the SMS code is in the journal and in `channel-sim orders show`', async () => {
    const client = createDspClient({ url: `${sim.baseUrl}/`, now: () => sim.now() });
    const c = { AuthCode: 'CLI-SHOW', PayAct: '6222000000007777' };
    await client.apply(c);
    const key = 'CLI-SHOW:6222000000007777:';
    const sms = (await sim.admin.order(key)).data.smsCode as string;
    const [entry] = await sim.admin.journal({ order: key });
    expect(entry!.warnings.some((w) => w.includes(sms))).toBe(true);
    const shown = await cli(['orders', 'show', key, '--url', sim.baseUrl]);
    expect(shown).toContain(`smsCode: ${sms}`);
    expect(shown).toContain('APPLIED');
  }, 30_000);

  it('returns a RespCode -1 as a result (refusedByFront), not an exception', async () => {
    const client = createDspClient({ url: `${sim.baseUrl}/`, now: () => sim.now() });
    const r = await client.apply({ PolicyNo: 'CLI-NOACT' });
    expect(r).toMatchObject({ ok: false, refusedByFront: true, code: 'EC991', cancelled: false });
    expect(r.msg).toBe('必填字段缺失');
    expect(r.simDetail).toContain('PayAct');
  });
});

describe('answers that are not the protocol', () => {
  const answer = (f: DspResponseFields, charset: DspCharset = 'UTF-8') => encodeDspResponse(f, charset);
  const good = (reqSeq: string): DspResponseFields => ({
    BankCode: 'ALIPAY01',
    TransType: 'DeContract',
    TransSeqID: 'T1',
    RespCode: '0',
    RespInfo: '验证码已发送',
    ReqSeqID: reqSeq,
    UnifiedCode: 'EC100',
    DeSignState: 'fail',
  });
  const fake = (body: Buffer | string, type = 'text/xml; charset=UTF-8') =>
    createDspClient({
      url: 'http://front.invalid/',
      fetch: async () =>
        new Response(typeof body === 'string' ? body : new Uint8Array(body), { headers: { 'content-type': type } }),
    });

  it('accepts a well-formed answer echoing its ReqSeqID', async () => {
    expect((await fake(answer(good('R1'))).apply({ PayAct: '1', ReqSeqID: 'R1' })).ok).toBe(true);
  });

  it.each([
    ['JSON', fake('{"code":0}', 'application/json'), 'Content-Type'],
    ['not ATSYH', fake('<html/>'), 'ATSYH'],
    ['another charset', fake(answer(good('R1'), 'GBK'), 'text/xml; charset=GBK'), 'GBK'],
    ['another ReqSeqID', fake(answer(good('R2'))), 'R2'],
    ['no UnifiedCode', fake(answer({ ...good('R1'), UnifiedCode: undefined })), 'UnifiedCode'],
    ['RespCode 9', fake(answer({ ...good('R1'), RespCode: '9' })), 'RespCode'],
  ])('throws a ProtocolError for %s', async (_what, client, text) => {
    const err = await client.apply({ PayAct: '1', ReqSeqID: 'R1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toContain(text);
  });

  it('throws a TransportError when nothing answers', async () => {
    const client = createDspClient({ url: 'http://127.0.0.1:9/', timeoutMs: 2_000 });
    await expect(client.apply({ PayAct: '1' })).rejects.toBeInstanceOf(TransportError);
  });
});
