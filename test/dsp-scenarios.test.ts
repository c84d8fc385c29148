/**
 * The DSP scenarios as a tester uses them, through HTTP with the reference client: each magic
 * PayAct suffix (the bank's refusals at Step 02 and Step 01, the not-final answers that keep the
 * application, the front's own system error, the faults and the slow bank), the same scenarios by
 * the x-sim-scenario header and by an admin override, and the catalogue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../clients/http.ts';
import { createDspClient, type DeContractInput, type DspClient } from '../clients/dsp.ts';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { dsp } from '../simulators/dsp/index.ts';
import { startSimulator, type StartedSimulator } from './support/simulator.ts';

let sim: StartedSimulator;
let client: DspClient;
beforeAll(async () => {
  sim = await startSimulator(dsp);
  client = createDspClient({ url: `${sim.baseUrl}/`, now: () => sim.now(), timeoutMs: 5_000 });
});
afterAll(() => sim.close());

let n = 0;
const contract = (suffix: string): DeContractInput => ({
  PayAct: `62220200${String(++n).padStart(4, '0')}${suffix}`,
  RecAct: '6217661145901883428',
  PolicyNo: `SCN${n}`,
  CellPhone: '15158040490',
});
const keyOf = (c: DeContractInput) => `${c.PolicyNo}:${c.PayAct}:${c.RecAct}`;
/** Step 01 and the code it sent */
async function applied(c: DeContractInput, scenario?: string): Promise<string> {
  const a = await client.apply(c, scenario ? { scenario } : {});
  expect(a.code, a.msg).toBe('EC100');
  return (await sim.admin.order(keyOf(c))).data.smsCode as string;
}

describe('the bank refuses Step 02 (the application ends)', () => {
  it.each([
    ['9806', 'EC806', 'confirm-account-mismatch'],
    ['9807', 'EC807', 'confirm-no-contract'],
    ['9808', 'EC808', 'confirm-card-expired'],
    ['9809', 'EC809', 'confirm-card-lost'],
    ['9810', 'EC810', 'confirm-invalid-card'],
    ['9811', 'EC811', 'confirm-account-frozen'],
    ['9812', 'EC812', 'confirm-insufficient-funds'],
    ['9813', 'EC813', 'confirm-limit-exceeded'],
    ['9814', 'EC814', 'confirm-risk-rejected'],
    ['9815', 'EC815', 'confirm-refused'],
    ['9816', 'EC816', 'confirm-closed'],
  ])('PayAct …%s: Step 02 with the right code answers %s (%s)', async (suffix, code, scenario) => {
    const c = contract(suffix);
    const sms = await applied(c);
    const r = await client.confirm({ ...c, SmsCode: sms });
    expect(r).toMatchObject({ ok: false, cancelled: false, code, refusedByFront: false });
    expect(r.data).toMatchObject({ RespCode: '0', DeSignState: 'fail' });
    expect(r.data.OriginalCode).toMatch(/^D20\d\d$/);
    const order = await sim.admin.order(keyOf(c));
    expect(order).toMatchObject({ scenario: `dsp/${scenario}`, state: 'ACTIVE', data: { smsStatus: 'refused' } });
    expect((await client.confirm({ ...c, SmsCode: sms })).code).toBe('EC802');
  });
});

describe('not the last word: the application stays, the same Step 02 then cancels', () => {
  it.each([
    ['9900', 'EC900'],
    ['9901', 'EC901'],
    ['9902', 'EC902'],
    ['9903', 'EC903'],
    ['9917', 'EC817'],
  ])('PayAct …%s: the first Step 02 answers %s, the second EC000', async (suffix, code) => {
    const c = contract(suffix);
    const sms = await applied(c);
    expect(await client.confirm({ ...c, SmsCode: sms })).toMatchObject({ ok: false, code });
    expect((await sim.admin.order(keyOf(c))).state).toBe('APPLIED');
    expect(await client.confirm({ ...c, SmsCode: sms })).toMatchObject({ ok: true, code: 'EC000' });
  });

  it('PayAct …9999: the first Step 02 is the front’s own failure (RespCode -1, EC999), the next cancels', async () => {
    const c = contract('9999');
    const sms = await applied(c);
    const r = await client.confirm({ ...c, SmsCode: sms });
    expect(r).toMatchObject({ refusedByFront: true, code: 'EC999' });
    expect(r.data).toMatchObject({ RespCode: '-1', OriginalCode: 'D9999' });
    // the front's own words; the scenario that scripted it is the simulator's header and journal
    expect(r.msg).toBe('系统异常');
    expect(r.simDetail).toBe('模拟场景 dsp/system-error');
    const [entry] = await sim.admin.journal({ operation: 'decontract-confirm', limit: 1 });
    expect(entry!.error).toEqual({ code: 'SIM_ERR_SCENARIO_REJECTED', message: r.simDetail });
    expect((await client.confirm({ ...c, SmsCode: sms })).code).toBe('EC000');
  });
});

describe('the bank refuses Step 01 (no code is sent)', () => {
  it.each([
    ['9706', 'EC806'],
    ['9715', 'EC815'],
  ])('PayAct …%s: Step 01 answers %s, then Step 02 EC802', async (suffix, code) => {
    const c = contract(suffix);
    expect(await client.apply(c)).toMatchObject({ ok: false, code, refusedByFront: false });
    const order = await sim.admin.order(keyOf(c));
    expect(order.state).toBe('ACTIVE');
    expect(order.data.smsCode).toBeUndefined();
    expect((await client.confirm({ ...c, SmsCode: '000000' })).code).toBe('EC802');
  });
});

describe('faults and a slow bank', () => {
  it.each([['9961'], ['9962'], ['9963']])(
    'PayAct …%s: the Step 02 answer is lost, the contract is cancelled, asking again answers EC801',
    async (suffix) => {
      const c = contract(suffix);
      const sms = await applied(c);
      await expect(client.confirm({ ...c, SmsCode: sms })).rejects.toThrow();
      expect((await sim.admin.order(keyOf(c))).state).toBe('CANCELLED');
      expect((await client.confirm({ ...c, SmsCode: sms })).code).toBe('EC801');
    },
  );

  it('PayAct …9964: no answer until the client gives up (a TransportError)', async () => {
    const c = contract('9964');
    const sms = await applied(c);
    const impatient = createDspClient({ url: `${sim.baseUrl}/`, now: () => sim.now(), timeoutMs: 300 });
    await expect(impatient.confirm({ ...c, SmsCode: sms })).rejects.toBeInstanceOf(TransportError);
  });

  it('PayAct …9970: both answers wait 3 s of simulator time', async () => {
    const c = contract('9970');
    const pending = client.apply(c);
    let done = false;
    void pending.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toBe(false);
    await sim.advance(3_000);
    expect((await pending).code).toBe('EC100');
  });
});

describe('choosing a scenario without a magic value', () => {
  it('by the x-sim-scenario header on Step 01, binding the contract', async () => {
    const c = contract('0001');
    const sms = await applied(c, 'dsp/confirm-card-lost');
    expect((await client.confirm({ ...c, SmsCode: sms })).code).toBe('EC809');
  });

  it('by an admin override, once', async () => {
    await sim.admin.useScenario({ scenario: 'dsp/apply-refused', operation: 'decontract-apply', once: true });
    expect((await client.apply(contract('0002'))).code).toBe('EC815');
    expect((await client.apply(contract('0003'))).code).toBe('EC100');
  });

  it('lists every scenario file it loaded', async () => {
    const listed = (await sim.admin.scenarios()).scenarios.map((s) => s.id).sort();
    expect(listed).toEqual([...loadScenarios(`${import.meta.dirname}/../scenarios`, dsp).byId.keys()].sort());
    expect(listed.length).toBeGreaterThanOrEqual(26);
  });
});
