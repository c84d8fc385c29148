/**
 * The LFT provider under verification: the simulator from startProvider (start-provider.ts) with
 * the contract app and key at the contract time, plus a reference client and a merchant sink, a
 * plain HTTP server that records every notification and answers SUCCESS. Provider states
 * and message providers drive it only through its public surface: the wire (reference client)
 * and the admin API. It must not reach into the simulator's store or dispatcher.
 */
import { lft } from '../../simulators/lft/index.ts';
import { LFT_NOTIFICATION_ACK, createLftClient, type LftClient } from '../../clients/lft.ts';
import { CONTRACT_NOW, LFT_APP } from './lft-fixtures.ts';
import { startRecordingSink } from './recording-sink.ts';
import { startProvider, type StartedProvider } from './start-provider.ts';

export interface LftProvider extends StartedProvider {
  /** notify URLs for states: `${sinkUrl}/paid` etc. */
  sinkUrl: string;
  client: LftClient;
  /** an outside-world event on an order (key, payOrderNo or POS code): swipe, cashier-pay, arrive… */
  event(orderKey: string, event: string): Promise<void>;
  /** move the clock; due later-events and notifications run before this resolves */
  advance(ms: number): Promise<void>;
  /** the newest notification posted to `path` about `outReqNo` */
  notification(path: string, outReqNo: string): string;
}

export async function startLftProvider(): Promise<LftProvider> {
  const sim = await startProvider(lft, {
    now: CONTRACT_NOW,
    config: { credentials: { appId: LFT_APP.appId, key: LFT_APP.key } },
  });
  // the notify paths are /paid, /arrived and /payout
  const sink = await startRecordingSink(LFT_NOTIFICATION_ACK);
  const received = sink.received;

  return {
    ...sim,
    sinkUrl: sink.url,
    client: createLftClient({ baseUrl: sim.baseUrl, appId: LFT_APP.appId, key: LFT_APP.key, now: sim.now }),
    async reset() {
      await sim.reset();
      received.length = 0;
    },
    async event(orderKey, event) {
      await sim.admin('POST', `/orders/${encodeURIComponent(orderKey)}/events/${encodeURIComponent(event)}`);
    },
    async advance(ms) {
      await sim.admin('POST', '/clock/advance', { ms });
    },
    notification(path, outReqNo) {
      const hit = received.filter((n) => n.path === path && n.body.includes(outReqNo)).at(-1);
      if (!hit)
        throw new Error(
          `no notification to ${path} about ${outReqNo}; received: ${received.map((n) => n.path).join(', ') || 'none'}`,
        );
      return hit.body;
    },
    async close() {
      await sim.close();
      await sink.close();
    },
  };
}
