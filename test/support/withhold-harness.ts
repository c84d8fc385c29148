/**
 * A listening withhold simulator for integration tests: startSimulator(withhold) (manual clock,
 * temporary data dir, the callback sink answering like a correct withhold merchant) with fixed
 * credentials, the reference client on the simulator clock, and the two steps most tests begin
 * with (a confirmed protocol, read through the admin order view's data.smsCode). Tests drive it
 * only through the wire and the admin API; it must not grow test logic of its own.
 */
import { createWithholdClient, type WithholdClient, type WithholdClientOptions } from '../../clients/withhold.ts';
import type { WithholdCredentials, WithholdRuntime } from '../../simulators/withhold/runtime.ts';
import { withhold } from '../../simulators/withhold/index.ts';
import type { SentRequest, SinkOptions } from './callback-sink.ts';
import { startSimulator, type StartedSimulator } from './simulator.ts';

export const WITHHOLD_TEST_CREDENTIALS: WithholdCredentials = {
  ua: 'UA-TEST-01',
  aesKey: 'k-harness-16char',
  payTypes: ['PAY01', 'PAY02'],
};

/** a person and card that pass every rule (GB 11643 check digit, Luhn, ICBC BIN 622202) */
export const PERSON: Person = {
  id_card_number: '11010519491231002X',
  bank_card_number: '6222020200112233446',
  mobile: '13800138000',
  name: '张三',
  pay_type: 'PAY01',
};

export interface Person {
  id_card_number: string;
  bank_card_number: string;
  mobile: string;
  name: string;
  pay_type: string;
}

export interface WithholdHarness {
  sim: StartedSimulator<WithholdRuntime>;
  baseUrl: string;
  client: WithholdClient;
  clientWith(opts: Partial<WithholdClientOptions>): WithholdClient;
  sent: SentRequest[];
  advance(ms: number | string): Promise<unknown>;
  /** the SMS code of a pre-binding, from the admin order view (data.smsCode) */
  smsCode(uniqueCode: string): Promise<string>;
  /** pre-tied-card + confirm-tied-card with the code shown: a confirmed protocol_no */
  protocol(person?: Partial<Person>): Promise<string>;
  close(): Promise<void>;
}

export async function createWithholdHarness(
  opts: { sink?: SinkOptions; credentials?: WithholdCredentials; faultTimeoutMs?: number } = {},
): Promise<WithholdHarness> {
  const credentials = opts.credentials ?? WITHHOLD_TEST_CREDENTIALS;
  const sim = await startSimulator<WithholdRuntime>(withhold, {
    credentials,
    send: opts.sink ?? {},
    faultTimeoutMs: opts.faultTimeoutMs,
  });
  const clientWith = (o: Partial<WithholdClientOptions>) =>
    createWithholdClient({
      baseUrl: `${sim.baseUrl}/`,
      ua: credentials.ua,
      aesKey: credentials.aesKey,
      now: sim.now,
      ...o,
    });
  const client = clientWith({ aes: credentials.aes });
  const smsCode = async (uniqueCode: string) => String((await sim.admin.order(uniqueCode)).data.smsCode);
  return {
    sim,
    baseUrl: sim.baseUrl,
    client,
    clientWith,
    sent: sim.sink?.sent ?? [],
    advance: (ms) => sim.advance(ms),
    smsCode,
    async protocol(person = {}) {
      const p = { ...PERSON, ...person };
      const pre = await client.preTiedCard(p);
      if (!pre.ok) throw new Error(`pre-tied-card: ${pre.msg}`);
      const code = await smsCode(pre.data.unique_code);
      const confirmed = await client.confirmTiedCard({
        verification_code: code,
        unique_code: pre.data.unique_code,
        bank_card_number: p.bank_card_number,
        pay_type: p.pay_type,
      });
      if (!confirmed.ok) throw new Error(`confirm-tied-card: ${confirmed.msg}`);
      return confirmed.data.protocol_no;
    },
    close: () => sim.close(),
  };
}
