/**
 * The DSP provider under verification: the simulator from startProvider (start-provider.ts) at
 * the contract time, its provider states, and its part of the verifier's request filter. Each
 * state starts from an empty simulator (admin reset) and is built through the public surface:
 * a contract put in place with POST /__admin/dsp/contracts, or a Step 01 sent on the wire whose
 * SMS code is then read from the admin order view (data.smsCode), as a tester would read it. The
 * filter puts that code into the replayed Step 02 in place of the pact's example code (the
 * consumer cannot know it); every other request passes untouched. It must not reach into the
 * simulator's store or runtime.
 */
import { createDspClient } from '../../clients/dsp.ts';
import { dsp } from '../../simulators/dsp/index.ts';
import { DSP_CONTRACTS, DSP_CONTRACT_NOW, DSP_STATES, type DspStateName } from './dsp-fixtures.ts';
import type { Resigner } from '../../simulators/pact/resign-filter.ts';
import { startProvider, type StartedProvider } from './start-provider.ts';

export interface DspProvider extends StartedProvider {
  /** the SMS code the current state's application was sent, if it has one */
  smsCode?: string;
}

export async function startDspProvider(): Promise<DspProvider> {
  const sim = await startProvider(dsp, { now: DSP_CONTRACT_NOW });
  return { ...sim };
}

const keyOf = (c: { AuthCode: string; PayAct: string; RecAct: string }) => `${c.AuthCode}:${c.PayAct}:${c.RecAct}`;

export function dspStateHandlers(p: DspProvider): Record<DspStateName, () => Promise<undefined>> {
  const state = (setup: () => Promise<void>) => async (): Promise<undefined> => {
    await p.reset();
    p.smsCode = undefined;
    await setup();
    return undefined;
  };
  return {
    [DSP_STATES.fresh]: state(async () => {}),
    [DSP_STATES.nothing]: state(async () => {}),
    [DSP_STATES.cancelled]: state(async () => {
      await p.admin('POST', '/dsp/contracts', { ...DSP_CONTRACTS.cancelled, state: 'CANCELLED' });
    }),
    [DSP_STATES.applied]: state(async () => {
      const client = createDspClient({ url: `${p.baseUrl}/`, now: p.now });
      const r = await client.apply({ ...DSP_CONTRACTS.applied, CellPhone: '15158040490' });
      if (!r.ok) throw new Error(`the provider state's Step 01 was not accepted: ${r.code} ${r.msg}`);
      const order = (await p.admin('GET', `/orders/${encodeURIComponent(keyOf(DSP_CONTRACTS.applied))}`)) as {
        data: { smsCode: string };
      };
      p.smsCode = order.data.smsCode;
    }),
  };
}

const SMS_CODE = /<SmsCode>[^<]*<\/SmsCode>/;

/** the pact's example SMS code → the one the state's application was sent (UTF-8 bodies only) */
export function dspSmsFilter(p: DspProvider): Resigner {
  return {
    handles: (path) => !path.startsWith('/_pact') && !path.startsWith('/__admin'),
    resign(body) {
      const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : undefined;
      if (p.smsCode === undefined || text === undefined || !SMS_CODE.test(text)) return undefined;
      return text.replace(SMS_CODE, `<SmsCode>${p.smsCode}</SmsCode>`);
    },
  };
}
