/**
 * The withhold provider under verification: the simulator from startProvider (start-provider.ts)
 * with the contract merchant at the contract time, a reference client, a callback sink (a plain
 * HTTP server that records every callback and answers `success`), and the values the current
 * provider state made (unique_code, SMS code, protocol_no) for the re-encrypting resigner. It
 * drives the simulator only through the wire and the admin API.
 */
import { WITHHOLD_CALLBACK_ACK, createWithholdClient, type WithholdClient } from '../../clients/withhold.ts';
import { CONTRACT_NOW, EXAMPLE, WITHHOLD_CHANNEL, WITHHOLD_MERCHANT } from './withhold-fixtures.ts';
import { startRecordingSink } from './recording-sink.ts';
import { startProvider, type StartedProvider } from './start-provider.ts';

export interface WithholdProvider extends StartedProvider {
  sinkUrl: string;
  client: WithholdClient;
  /** example value → the value the current state made (what the resigner substitutes in args) */
  current: Map<string, string>;
  advance(ms: number): Promise<void>;
  /** the newest callback the sink received about an order */
  callback(bizOrderNo: string): string;
}

export async function startWithholdProvider(): Promise<WithholdProvider> {
  const sim = await startProvider(WITHHOLD_CHANNEL, { now: CONTRACT_NOW, config: { credentials: WITHHOLD_MERCHANT } });
  const sink = await startRecordingSink(WITHHOLD_CALLBACK_ACK);
  const received = sink.received;
  const current = new Map<string, string>();
  return {
    ...sim,
    sinkUrl: `${sink.url}/notify`,
    client: createWithholdClient({ baseUrl: `${sim.baseUrl}/`, ...WITHHOLD_MERCHANT, now: sim.now }),
    current,
    async reset() {
      await sim.reset();
      received.length = 0;
      current.clear();
      for (const v of Object.values(EXAMPLE)) current.set(v, v);
    },
    async advance(ms) {
      await sim.admin('POST', '/clock/advance', { ms });
    },
    callback(bizOrderNo) {
      const hit = received.filter((r) => r.body.includes(bizOrderNo)).at(-1)?.body;
      if (!hit) throw new Error(`no callback about ${bizOrderNo}; received ${received.length}`);
      return hit;
    },
    async close() {
      await sim.close();
      await sink.close();
    },
  };
}
