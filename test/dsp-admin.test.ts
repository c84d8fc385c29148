/**
 * The DSP channel's admin API through HTTP: put a contract in place (active or already
 * cancelled, bound to a scenario), list contracts with their DeSignState, the events on a
 * contract (cancelled elsewhere, signed again) and what the wire says after each, and what the
 * admin API refuses. JSON in and out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminError } from '../clients/admin.ts';
import { createDspClient, type DspClient } from '../clients/dsp.ts';
import { dsp } from '../simulators/dsp/index.ts';
import { startSimulator, type StartedSimulator } from './support/simulator.ts';

let sim: StartedSimulator;
let client: DspClient;
beforeAll(async () => {
  sim = await startSimulator(dsp);
  client = createDspClient({ url: `${sim.baseUrl}/`, now: () => sim.now() });
});
afterAll(() => sim.close());

interface ContractView {
  key: string;
  state: string;
  DeSignState: string;
  scenario: string;
  data: Record<string, unknown>;
}
const put = (body: unknown) => sim.admin.request<ContractView>('POST', '/dsp/contracts', body);

describe('contracts put in place', () => {
  it('an active one: 201 with its key, Step 01 and Step 02 then cancel it', async () => {
    const c = await put({ AuthCode: 'ADM-1', PayAct: '6222000000000001', RecAct: '001', CellPhone: '15158040490' });
    expect(c).toMatchObject({ key: 'ADM-1:6222000000000001:001', state: 'ACTIVE', DeSignState: 'fail' });
    expect(c.scenario).toBe('dsp/default');
    const input = { AuthCode: 'ADM-1', PayAct: '6222000000000001', RecAct: '001' };
    expect((await client.apply(input)).code).toBe('EC100');
    const sms = (await sim.admin.order(c.key)).data.smsCode as string;
    expect((await client.confirm({ ...input, SmsCode: sms })).code).toBe('EC000');
    const listed = (await sim.admin.request<{ contracts: ContractView[] }>('GET', '/dsp/contracts')).contracts;
    expect(listed.find((x) => x.key === c.key)).toMatchObject({ state: 'CANCELLED', DeSignState: 'success' });
  });

  it('an already cancelled one: Step 01 and Step 02 answer EC801 重复签约', async () => {
    const c = await put({ PolicyNo: 'ADM-2', PayAct: '6222000000000002', state: 'CANCELLED' });
    expect(c.DeSignState).toBe('success');
    expect((await client.apply({ PolicyNo: 'ADM-2', PayAct: '6222000000000002' })).code).toBe('EC801');
    expect((await client.confirm({ PolicyNo: 'ADM-2', PayAct: '6222000000000002', SmsCode: '1' })).code).toBe('EC801');
  });

  it('bound to a scenario: the bank then refuses its Step 02', async () => {
    const c = await put({ PolicyNo: 'ADM-3', RecAct: '6217000000000003', scenario: 'dsp/confirm-account-frozen' });
    const input = { PolicyNo: 'ADM-3', RecAct: '6217000000000003' };
    await client.apply(input);
    const sms = (await sim.admin.order(c.key)).data.smsCode as string;
    expect((await client.confirm({ ...input, SmsCode: sms })).code).toBe('EC811');
  });

  it.each([
    [{ PayAct: '1' }, 'AuthCode'],
    [{ AuthCode: 'A' }, 'PayAct'],
    [{ AuthCode: 'A', PayAct: '1', state: 'APPLIED' }, 'state'],
    [{ AuthCode: 'A', PayAct: 1 }, 'PayAct'],
    [{ AuthCode: 'A', PayAct: '1', scenario: 'dsp/nope' }, 'nope'],
  ])('refuses %j naming %s', async (body, what) => {
    const err = await put(body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdminError);
    expect((err as AdminError).message).toContain(what);
  });

  it('refuses a second contract with the same identity', async () => {
    await put({ AuthCode: 'ADM-DUP', PayAct: '1' });
    await expect(put({ AuthCode: 'ADM-DUP', PayAct: '1' })).rejects.toThrow(/exists/);
  });
});

describe('events on a contract', () => {
  it('cancel: a pending application ends (smsStatus void) and Step 02 answers EC801; re-sign: active again', async () => {
    const input = { AuthCode: 'EVT-1', PayAct: '6222000000000009' };
    await client.apply(input);
    const key = 'EVT-1:6222000000000009:';
    const sms = (await sim.admin.order(key)).data.smsCode as string;
    expect(await sim.admin.event(key, 'cancel')).toMatchObject({ state: 'CANCELLED', data: { smsStatus: 'void' } });
    expect((await client.confirm({ ...input, SmsCode: sms })).code).toBe('EC801');
    await expect(sim.admin.event(key, 'cancel')).rejects.toThrow(/解约/);
    expect((await sim.admin.event(key, 're-sign')).state).toBe('ACTIVE');
    expect((await client.confirm({ ...input, SmsCode: sms })).code).toBe('EC802');
    expect((await client.apply(input)).code).toBe('EC100');
  });
});

describe('the mode', () => {
  it('reads and switches it, and refuses a body without a boolean', async () => {
    expect(await sim.admin.request('GET', '/dsp/mode')).toEqual({ mode: 'lenient' });
    await expect(sim.admin.request('POST', '/dsp/mode', { strict: 'yes' })).rejects.toThrow(/strict/);
    expect(await sim.admin.request('POST', '/dsp/mode', { strict: true })).toEqual({ mode: 'strict' });
    expect((await sim.admin.credentials()).mode).toBe('strict');
    expect(await sim.admin.request('POST', '/dsp/mode', { strict: false })).toEqual({ mode: 'lenient' });
  });
});
